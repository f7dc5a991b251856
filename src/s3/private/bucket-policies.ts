import * as iam from 'aws-cdk-lib/aws-iam';

/** The SSE algorithms an upload may ask for: SSE-KMS and dual-layer SSE-KMS. */
const KMS_SSE_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];
const SSE_HEADER = 's3:x-amz-server-side-encryption';
const SSE_KEY_HEADER = 's3:x-amz-server-side-encryption-aws-kms-key-id';

/** Sids of the bucket policy statements built here. */
export const BUCKET_POLICY_SID = {
  denyNonKmsHeader: 'DenyUploadsWithNonKmsEncryptionHeader',
  denyOtherKey: 'DenyUploadsWithOtherKmsKey',
  denyMissingHeader: 'DenyUploadsWithoutEncryptionHeader',
  allowLogDelivery: 'AllowS3ServerAccessLogDelivery',
} as const;

function denyPut(sid: string, objectsArn: string, conditions: Record<string, unknown>): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:PutObject'],
    resources: [objectsArn],
    conditions,
  });
}

/**
 * Deny statements for uploads that ask for an encryption other than SSE-KMS, or ask for
 * SSE-KMS without naming `keyArn` (another key, or no key: S3 would then use the AWS-managed
 * `aws/s3` key); with `requireHeader`, also for uploads that ask for no encryption.
 *
 * A negated operator matches an absent key, so both are paired with `Null: false` on the
 * encryption header: an upload without it gets the bucket's default encryption (SSE-KMS with
 * `keyArn`) and is not denied. A writer that names SSE-KMS (or DSSE-KMS) and the bucket's key
 * by its ARN, as CloudTrail and AWS Config do with a key configured, matches none of them.
 */
export function encryptionDenyStatements(objectsArn: string, keyArn: string, requireHeader: boolean): iam.PolicyStatement[] {
  const statements = [
    denyPut(BUCKET_POLICY_SID.denyNonKmsHeader, objectsArn, {
      StringNotEquals: { [SSE_HEADER]: KMS_SSE_ALGORITHMS },
      Null: { [SSE_HEADER]: 'false' },
    }),
    denyPut(BUCKET_POLICY_SID.denyOtherKey, objectsArn, {
      StringNotEquals: { [SSE_KEY_HEADER]: keyArn },
      Null: { [SSE_HEADER]: 'false' },
    }),
  ];
  if (requireHeader) {
    statements.push(denyPut(BUCKET_POLICY_SID.denyMissingHeader, objectsArn, { Null: { [SSE_HEADER]: 'true' } }));
  }
  return statements;
}

/** Where S3 server access logs come from and go to. */
export interface LogDeliveryOptions {
  readonly sid: string;
  /** ARN pattern of the log objects, e.g. `<log bucket ARN>/prefix*`. */
  readonly logObjectsArn: string;
  readonly sourceAccount: string;
  /** The source bucket's ARN; omitted when it would reference another stack. */
  readonly sourceBucketArn?: string;
}

/** Lets the S3 logging service put access logs, for one source account (and bucket). */
export function logDeliveryStatement(options: LogDeliveryOptions): iam.PolicyStatement {
  const conditions: Record<string, Record<string, string>> = {
    StringEquals: { 'aws:SourceAccount': options.sourceAccount },
  };
  if (options.sourceBucketArn) conditions.ArnLike = { 'aws:SourceArn': options.sourceBucketArn };
  return new iam.PolicyStatement({
    sid: options.sid,
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [options.logObjectsArn],
    conditions,
  });
}

/** What a replication role works on. */
export interface ReplicationPermissions {
  readonly sourceBucketArn: string;
  readonly sourceObjectsArn: string;
  readonly destinationObjectsArn: string;
  readonly sourceKeyArn: string;
  readonly destinationKeyArn: string;
  /** The source has Object Lock: the role also reads retention and legal holds. */
  readonly objectLock: boolean;
}

/**
 * A replication role's permissions: read versions (and their retention, with Object Lock) at the
 * source and decrypt them, replicate them and their tags to the destination and encrypt them.
 * No `s3:ReplicateDelete`: delete markers are not replicated.
 */
export function replicationStatements(p: ReplicationPermissions): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
      resources: [p.sourceBucketArn],
    }),
    new iam.PolicyStatement({
      actions: [
        's3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging',
        ...(p.objectLock ? ['s3:GetObjectRetention', 's3:GetObjectLegalHold'] : []),
      ],
      resources: [p.sourceObjectsArn],
    }),
    new iam.PolicyStatement({
      actions: ['s3:ReplicateObject', 's3:ReplicateTags'],
      resources: [p.destinationObjectsArn],
    }),
    new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [p.sourceKeyArn] }),
    new iam.PolicyStatement({ actions: ['kms:Encrypt'], resources: [p.destinationKeyArn] }),
  ];
}

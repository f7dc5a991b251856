/**
 * Bucket and key policy statements of the organization's log archive: AWS services deliver for
 * accounts of one organization only (`aws:SourceOrgID`), and one audit account may read.
 *
 * Sources, checked against the AWS documentation:
 * - CloudTrail User Guide, "Amazon S3 bucket policy for CloudTrail" and "Creating a trail for an
 *   organization with the AWS CLI": an organization trail checks the bucket ACL (`s3:GetBucketAcl`)
 *   and writes `s3:PutObject` under `AWSLogs/<organization id>/*` with the `s3:x-amz-acl`
 *   `bucket-owner-full-control` condition; the statement for `AWSLogs/<management account id>/*`
 *   is only needed when the trail is changed back to a single-account trail.
 * - AWS Control Tower User Guide, "Amazon S3 bucket policy in the audit account": write permissions
 *   of CloudTrail and AWS Config scoped to the organization with `aws:SourceOrgID`.
 * - IAM User Guide, global condition keys: `aws:SourceOrgID` is in the request context when an AWS
 *   service principal calls on behalf of a resource of an account that belongs to an organization
 *   (the same availability as `aws:SourceAccount`).
 * - CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail": `kms:GenerateDataKey*`
 *   with the `kms:EncryptionContext:aws:cloudtrail:arn` condition, `kms:DescribeKey`, and
 *   `kms:Decrypt` when the bucket uses S3 Bucket Keys.
 * - AWS Config Developer Guide, "Permissions for the Amazon S3 bucket" and "Permissions for the KMS
 *   key": `s3:GetBucketAcl`, `s3:ListBucket`, `s3:PutObject` under `[prefix/]AWSLogs/<account>/Config/*`
 *   with `bucket-owner-full-control`; `kms:Decrypt` and `kms:GenerateDataKey` on the key.
 * - CloudFormation, `AWS::Config::DeliveryChannel`: AWS Config does not deliver to a bucket with
 *   Object Lock enabled, so Config history has a bucket of its own.
 */
import * as iam from 'aws-cdk-lib/aws-iam';

/** Sids of the statements, so tests and readers can find them. */
export const ARCHIVE_SID = {
  cloudTrailAclCheck: 'AllowOrganizationCloudTrailAclCheck',
  cloudTrailWrite: 'AllowOrganizationCloudTrailWrite',
  configAclCheck: 'AllowOrganizationConfigAclCheck',
  configBucketExistence: 'AllowOrganizationConfigBucketExistenceCheck',
  configWrite: 'AllowOrganizationConfigWrite',
  auditListBucket: 'AllowAuditAccountToListBucket',
  auditReadObjects: 'AllowAuditAccountToReadObjects',
  denyVersionDeletion: 'DenyDeletingObjectVersions',
  keyCloudTrailEncrypt: 'AllowOrganizationCloudTrailToEncryptLogs',
  keyCloudTrailDescribe: 'AllowOrganizationCloudTrailToDescribeKey',
  keyCloudTrailDecrypt: 'AllowOrganizationCloudTrailToDecryptWithBucketKey',
  keyConfig: 'AllowOrganizationConfigToUseKey',
  keyAuditDecrypt: 'AllowAuditAccountToDecryptThroughS3',
} as const;

export const CLOUDTRAIL = 'cloudtrail.amazonaws.com';
export const CONFIG = 'config.amazonaws.com';
const OWNER_FULL_CONTROL = 'bucket-owner-full-control';
const SOURCE_ORG_ID = 'aws:SourceOrgID';

/** The key prefix an organization trail writes under: `AWSLogs/<organization id>/`. */
export function organizationTrailPrefix(organizationId: string): string {
  return `AWSLogs/${organizationId}/`;
}

/** The key pattern AWS Config delivery channels (without a prefix) of every account write under. */
export const CONFIG_OBJECTS_PATTERN = 'AWSLogs/*/Config/*';

/** Bucket statements: the organization's trails check the ACL and write under `AWSLogs/<org id>/`. */
export function organizationTrailBucketStatements(bucketArn: string, logObjectsArn: string, organizationId: string): iam.PolicyStatement[] {
  const principals = [new iam.ServicePrincipal(CLOUDTRAIL)];
  const fromOrg = { [SOURCE_ORG_ID]: organizationId };
  return [
    new iam.PolicyStatement({
      sid: ARCHIVE_SID.cloudTrailAclCheck,
      principals,
      actions: ['s3:GetBucketAcl'],
      resources: [bucketArn],
      conditions: { StringEquals: fromOrg },
    }),
    new iam.PolicyStatement({
      sid: ARCHIVE_SID.cloudTrailWrite,
      principals,
      actions: ['s3:PutObject'],
      resources: [logObjectsArn],
      conditions: { StringEquals: { 's3:x-amz-acl': OWNER_FULL_CONTROL, ...fromOrg } },
    }),
  ];
}

/** Bucket statements: AWS Config of the organization's accounts checks the bucket and delivers to it. */
export function organizationConfigBucketStatements(bucketArn: string, configObjectsArn: string, organizationId: string): iam.PolicyStatement[] {
  const principals = [new iam.ServicePrincipal(CONFIG)];
  const fromOrg = { [SOURCE_ORG_ID]: organizationId };
  return [
    new iam.PolicyStatement({
      sid: ARCHIVE_SID.configAclCheck,
      principals,
      actions: ['s3:GetBucketAcl'],
      resources: [bucketArn],
      conditions: { StringEquals: fromOrg },
    }),
    new iam.PolicyStatement({
      sid: ARCHIVE_SID.configBucketExistence,
      principals,
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: { StringEquals: fromOrg },
    }),
    new iam.PolicyStatement({
      sid: ARCHIVE_SID.configWrite,
      principals,
      actions: ['s3:PutObject'],
      resources: [configObjectsArn],
      conditions: { StringEquals: { 's3:x-amz-acl': OWNER_FULL_CONTROL, ...fromOrg } },
    }),
  ];
}

/** Bucket statements: the audit account may list the bucket and read every object version (never write or delete). */
export function auditReadBucketStatements(bucketArn: string, objectsArn: string, auditAccountId: string): iam.PolicyStatement[] {
  const principals = [new iam.AccountPrincipal(auditAccountId)];
  return [
    new iam.PolicyStatement({
      sid: ARCHIVE_SID.auditListBucket,
      principals,
      actions: ['s3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketLocation'],
      resources: [bucketArn],
    }),
    new iam.PolicyStatement({
      sid: ARCHIVE_SID.auditReadObjects,
      principals,
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [objectsArn],
    }),
  ];
}

/**
 * Denies permanently deleting any object version, to everyone. Lifecycle expiration is not subject
 * to bucket policies, so noncurrent versions still expire on schedule.
 */
export function denyVersionDeletion(objectsArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: ARCHIVE_SID.denyVersionDeletion,
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:DeleteObjectVersion'],
    resources: [objectsArn],
  });
}

/** What the key statements need to know. */
export interface ArchiveKeyOptions {
  readonly organizationId: string;
  readonly auditAccountId: string;
  /** `arn:<partition>:cloudtrail:*:*:trail/*`: the encryption context CloudTrail sends, any trail of any account (the organization condition narrows it). */
  readonly anyTrailArnPattern: string;
  /** `s3.<region>.amazonaws.com`: the audit account decrypts only through S3 reads. */
  readonly s3ViaService: string;
}

/** Key policy statements for the organization's trails and Config, and the audit account's reads. */
export function archiveKeyStatements(options: ArchiveKeyOptions): iam.PolicyStatement[] {
  const cloudTrail = [new iam.ServicePrincipal(CLOUDTRAIL)];
  const fromOrg = { [SOURCE_ORG_ID]: options.organizationId };
  return [
    new iam.PolicyStatement({
      sid: ARCHIVE_SID.keyCloudTrailEncrypt,
      principals: cloudTrail,
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': options.anyTrailArnPattern },
        StringEquals: fromOrg,
      },
    }),
    new iam.PolicyStatement({
      sid: ARCHIVE_SID.keyCloudTrailDescribe,
      principals: cloudTrail,
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: fromOrg },
    }),
    new iam.PolicyStatement({
      sid: ARCHIVE_SID.keyCloudTrailDecrypt,
      principals: cloudTrail,
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: fromOrg },
    }),
    new iam.PolicyStatement({
      sid: ARCHIVE_SID.keyConfig,
      principals: [new iam.ServicePrincipal(CONFIG)],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: fromOrg },
    }),
    new iam.PolicyStatement({
      sid: ARCHIVE_SID.keyAuditDecrypt,
      principals: [new iam.AccountPrincipal(options.auditAccountId)],
      actions: ['kms:Decrypt', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'kms:ViaService': options.s3ViaService } },
    }),
  ];
}

import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';

/** Sids of the policy statements AuditTrail adds, so tests and readers can find them. */
export const AUDIT_POLICY_SID = {
  cloudTrailEncrypt: 'AllowCloudTrailToEncryptLogs',
  cloudTrailDescribeKey: 'AllowCloudTrailToDescribeKey',
  cloudTrailDecrypt: 'AllowCloudTrailToDecryptWithBucketKey',
  cloudTrailAclCheck: 'AllowCloudTrailAclCheck',
  cloudTrailWrite: 'AllowCloudTrailWrite',
  configAclCheck: 'AllowConfigAclCheck',
  configBucketExistence: 'AllowConfigBucketExistenceCheck',
  configWrite: 'AllowConfigWrite',
  denyVersionDeletion: 'DenyDeletingObjectVersions',
} as const;

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';
const CONFIG = 'config.amazonaws.com';
const OWNER_FULL_CONTROL = 'bucket-owner-full-control';

/** Where a trail lives and which trails of the account may use a key. */
export interface TrailIdentity {
  /** The trail's ARN, built from its name (referencing the trail itself would be circular). */
  readonly trailArn: string;
  /** `arn:<partition>:cloudtrail:*:<account>:trail/*`: the encryption context CloudTrail sends. */
  readonly accountTrailsArnPattern: string;
}

/**
 * Key policy statements CloudTrail needs, as AWS documents them: generate data keys for this
 * account's trails (encryption context) on behalf of this trail (source ARN), describe the key,
 * and decrypt, which CloudTrail needs when the bucket uses S3 Bucket Keys.
 */
export function cloudTrailKeyStatements(trail: TrailIdentity): iam.PolicyStatement[] {
  const principals = [new iam.ServicePrincipal(CLOUDTRAIL)];
  const fromThisTrail = { 'aws:SourceArn': trail.trailArn };
  return [
    new iam.PolicyStatement({
      sid: AUDIT_POLICY_SID.cloudTrailEncrypt,
      principals,
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trail.accountTrailsArnPattern },
        StringEquals: fromThisTrail,
      },
    }),
    new iam.PolicyStatement({
      sid: AUDIT_POLICY_SID.cloudTrailDescribeKey,
      principals,
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: fromThisTrail },
    }),
    new iam.PolicyStatement({
      sid: AUDIT_POLICY_SID.cloudTrailDecrypt,
      principals,
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: fromThisTrail },
    }),
  ];
}

/** Bucket policy statements that let this trail, and only it, check the bucket ACL and write its logs. */
export function cloudTrailBucketStatements(bucketArn: string, logObjectsArn: string, trailArn: string): iam.PolicyStatement[] {
  const principals = [new iam.ServicePrincipal(CLOUDTRAIL)];
  return [
    new iam.PolicyStatement({
      sid: AUDIT_POLICY_SID.cloudTrailAclCheck,
      principals,
      actions: ['s3:GetBucketAcl'],
      resources: [bucketArn],
      conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
    }),
    new iam.PolicyStatement({
      sid: AUDIT_POLICY_SID.cloudTrailWrite,
      principals,
      actions: ['s3:PutObject'],
      resources: [logObjectsArn],
      conditions: { StringEquals: { 's3:x-amz-acl': OWNER_FULL_CONTROL, 'aws:SourceArn': trailArn } },
    }),
  ];
}

/** Bucket policy statements that let AWS Config of this account check the bucket and deliver to it. */
export function configBucketStatements(bucketArn: string, configObjectsArn: string, account: string): iam.PolicyStatement[] {
  const principals = [new iam.ServicePrincipal(CONFIG)];
  const fromThisAccount = { 'aws:SourceAccount': account };
  return [
    new iam.PolicyStatement({
      sid: AUDIT_POLICY_SID.configAclCheck,
      principals,
      actions: ['s3:GetBucketAcl'],
      resources: [bucketArn],
      conditions: { StringEquals: fromThisAccount },
    }),
    new iam.PolicyStatement({
      sid: AUDIT_POLICY_SID.configBucketExistence,
      principals,
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: { StringEquals: fromThisAccount },
    }),
    new iam.PolicyStatement({
      sid: AUDIT_POLICY_SID.configWrite,
      principals,
      actions: ['s3:PutObject'],
      resources: [configObjectsArn],
      conditions: { StringEquals: { 's3:x-amz-acl': OWNER_FULL_CONTROL, ...fromThisAccount } },
    }),
  ];
}

/**
 * Denies permanently deleting any object version, to everyone. Lifecycle expiration is not
 * subject to bucket policies, so noncurrent versions still expire on schedule; anyone who wants
 * to delete a version by hand must first change the policy, which the trail records and alarms on.
 */
export function denyVersionDeletionStatement(objectsArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: AUDIT_POLICY_SID.denyVersionDeletion,
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:DeleteObjectVersion'],
    resources: [objectsArn],
  });
}

/** The AWS Config recorder role's delivery permissions: check the bucket, write under the prefix, use the key. */
export function configDeliveryStatements(bucketArn: string, configObjectsArn: string, keyArn: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [bucketArn] }),
    new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      resources: [configObjectsArn],
      conditions: { StringEquals: { 's3:x-amz-acl': OWNER_FULL_CONTROL } },
    }),
    new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [keyArn] }),
  ];
}

/** What CloudTrail's delivery role may do in the log group: create its streams and put events. */
export function trailLogDeliveryStatement(logGroupArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [logGroupArn],
  });
}

/**
 * An EventBridge target that publishes to a topic. Unlike `targets.SnsTopic`, it grants nothing
 * itself: the topic and key policies let EventBridge publish for this account only.
 */
export class TopicTarget implements events.IRuleTarget {
  constructor(private readonly topic: sns.ITopic) {}

  public bind(_rule: events.IRuleRef, _id?: string): events.RuleTargetConfig {
    return { arn: this.topic.topicArn };
  }
}

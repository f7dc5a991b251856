import { Stack, Validations } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HIPAA_CONFIG_RULES } from './config-rules';
import { qualifiedControlId } from '../policy/acknowledgements';
import { EncryptedBucket } from '../s3/encrypted-bucket';
import { configBucketStatements, configDeliveryStatements, denyVersionDeletionStatement } from './private/audit-policies';
import { managedConfigRule } from '../internal/managed-config-rules';

/** How AuditTrail records with AWS Config. */
const CONFIG_RECORDING_DEFAULTS = {
  keyPrefix: 'config',
  snapshotFrequency: 'TwentyFour_Hours',
  managedPolicy: 'service-role/AWS_ConfigRole',
} as const;

/** The deliberate exception of the Config bucket, with its reason (listed in docs/audit-trail.md). */
const CONFIG_BUCKET_NO_OBJECT_LOCK = {
  controlId: 'S3.AuditLogObjectLock',
  reason: 'AWS Config does not deliver to buckets with Object Lock default retention; the Config history bucket is versioned, keeps every version six years, denies deleting versions to everyone, and is encrypted with the audit key.',
} as const;

/** What AWS Config recording needs from AuditTrail. */
export interface ConfigRecordingOptions {
  readonly encryptionKey: kms.IKey;
  /** Where the Config bucket delivers its server access logs. */
  readonly serverAccessLogsBucket: s3.IBucket;
  /** Record global resources (IAM) too. */
  readonly includeGlobalResources: boolean;
}

/** AWS Config recording as AuditTrail creates it. */
export interface ConfigRecording {
  readonly bucket: EncryptedBucket;
  readonly recorder: config.CfnConfigurationRecorder;
}

/**
 * Creates, in `scope`, the bucket AWS Config delivers to (child id `ConfigBucket`), the recorder's
 * role and delivery policy (`ConfigRole`, `ConfigDeliveryPolicy`), the configuration recorder of every
 * supported resource type (`ConfigRecorder`) and the delivery channel (`ConfigDeliveryChannel`).
 *
 * The bucket has no Object Lock, which AWS Config cannot deliver to; it keeps every version six
 * years and denies deleting versions to everyone.
 */
export function createConfigRecording(scope: Construct, options: ConfigRecordingOptions): ConfigRecording {
  const account = Stack.of(scope).account;
  const bucket = new EncryptedBucket(scope, 'ConfigBucket', {
    encryptionKey: options.encryptionKey,
    serverAccessLogsBucket: options.serverAccessLogsBucket,
  });
  const configObjects = bucket.bucket.arnForObjects(`${CONFIG_RECORDING_DEFAULTS.keyPrefix}/AWSLogs/${account}/Config/*`);
  for (const statement of configBucketStatements(bucket.bucketArn, configObjects, account)) {
    bucket.addToResourcePolicy(statement);
  }
  bucket.addToResourcePolicy(denyVersionDeletionStatement(bucket.bucket.arnForObjects('*')));
  Validations.of(bucket.bucket).acknowledge({
    id: qualifiedControlId(CONFIG_BUCKET_NO_OBJECT_LOCK.controlId),
    reason: CONFIG_BUCKET_NO_OBJECT_LOCK.reason,
  });

  // A role of the stack's own rather than the service-linked role AWSServiceRoleForConfig, which
  // CloudFormation cannot create where it already exists (in most accounts that ever used Config).
  const role = new iam.Role(scope, 'ConfigRole', {
    assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(CONFIG_RECORDING_DEFAULTS.managedPolicy)],
    description: 'Lets AWS Config record resource configurations and deliver them to the audit bucket',
  });
  const deliveryPolicy = new iam.ManagedPolicy(scope, 'ConfigDeliveryPolicy', {
    roles: [role],
    statements: configDeliveryStatements(bucket.bucketArn, configObjects, options.encryptionKey.keyArn),
  });
  const recorder = new config.CfnConfigurationRecorder(scope, 'ConfigRecorder', {
    roleArn: role.roleArn,
    recordingGroup: { allSupported: true, includeGlobalResourceTypes: options.includeGlobalResources },
  });
  const channel = new config.CfnDeliveryChannel(scope, 'ConfigDeliveryChannel', {
    s3BucketName: bucket.bucketName,
    s3KeyPrefix: CONFIG_RECORDING_DEFAULTS.keyPrefix,
    s3KmsKeyArn: options.encryptionKey.keyArn,
    configSnapshotDeliveryProperties: { deliveryFrequency: CONFIG_RECORDING_DEFAULTS.snapshotFrequency },
  });
  // AWS Config refuses a delivery channel without a recorder, and checks the bucket when it is created.
  channel.node.addDependency(recorder);
  channel.node.addDependency(deliveryPolicy);
  if (bucket.bucket.policy) channel.node.addDependency(bucket.bucket.policy);
  return { bucket, recorder };
}

/**
 * The AWS Config managed rules of AuditTrail under `scope`: created after `recorder` when there is one;
 * with none, the account and region record already (`configRecorder: false`). A rule another
 * construct of the app deploys for the same account and region (AccountPasswordPolicy,
 * KeyRotationMonitor) is shared, not deployed twice.
 */
export function createConfigRules(scope: Construct, recorder: config.CfnConfigurationRecorder | undefined): config.IRule[] {
  return HIPAA_CONFIG_RULES.map((r) => managedConfigRule(scope, r.id, {
    identifier: r.identifier,
    description: `${r.description} (45 CFR ${r.citations.join(', ')})`,
    inputParameters: r.inputParameters,
    decidesParameters: false,
    recorder,
    recorderExists: recorder === undefined,
    requester: 'AuditTrail',
  }));
}

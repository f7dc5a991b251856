import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HIPAA_THRESHOLDS } from '../../policy/thresholds';
import { EncryptedBucket, ObjectLockMode } from '../../s3/encrypted-bucket';
import { ARCHIVE_DELIVERY_LOGS_SUFFIX, createEvidenceLogGroup } from '../log-groups';

/** How the archive delivers. */
const LOG_ARCHIVE_DEFAULTS = {
  /** Where archived log events land, partitioned by delivery date. */
  prefix: 'cloudwatch-logs/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/',
  errorOutputPrefix: 'delivery-errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/',
  bufferingInterval: Duration.minutes(5),
  bufferingSizeMiB: 5,
  /** Object Lock needs a finite retention: a log group whose events never expire gets the six-year floor. */
  objectLockDaysForInfinite: HIPAA_THRESHOLDS.documentationRetentionDays,
  deliveryLogStreamName: 'S3Delivery',
} as const;

const DELIVERY_LOGS_NO_DATA_PROTECTION = 'Holds Firehose delivery error messages about the archive, not the archived log events, so there is no PHI to mask.';

/** What a {@link LogArchive} archives and how. */
export interface LogArchiveProps {
  /** The log group whose events are archived. */
  readonly logGroup: logs.LogGroup;
  /** Name the delivery error log group is derived from. */
  readonly logGroupName: string;
  readonly encryptionKey: kms.IKey;
  readonly retention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Object Lock mode of the archive bucket. */
  readonly objectLockMode: ObjectLockMode;
}

/**
 * A WORM copy of a log group: a subscription filter sends every event to a Firehose delivery
 * stream encrypted with the customer key, which writes to an EncryptedBucket with Object Lock in
 * COMPLIANCE mode for the log group's retention. Roles' permissions are managed policies.
 */
export class LogArchive extends Construct {
  public readonly bucket: EncryptedBucket;
  public readonly deliveryStream: firehose.CfnDeliveryStream;
  public readonly deliveryLogGroup: logs.LogGroup;
  public readonly deliveryLogGroupName: string;
  public readonly subscriptionFilter: logs.CfnSubscriptionFilter;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const lockDays = props.retention === logs.RetentionDays.INFINITE
      ? LOG_ARCHIVE_DEFAULTS.objectLockDaysForInfinite
      : props.retention;

    this.bucket = new EncryptedBucket(this, 'Bucket', {
      encryptionKey: props.encryptionKey,
      objectLockMode: props.objectLockMode,
      objectLockRetention: Duration.days(lockDays),
    });

    this.deliveryLogGroupName = `${props.logGroupName}${ARCHIVE_DELIVERY_LOGS_SUFFIX}`;
    this.deliveryLogGroup = createEvidenceLogGroup(this, 'DeliveryLogs', {
      logGroupName: this.deliveryLogGroupName,
      encryptionKey: props.encryptionKey,
      retention: props.retention,
      removalPolicy: props.removalPolicy,
      noDataProtectionReason: DELIVERY_LOGS_NO_DATA_PROTECTION,
    });
    const deliveryLogStream = new logs.LogStream(this, 'DeliveryLogStream', {
      logGroup: this.deliveryLogGroup,
      logStreamName: LOG_ARCHIVE_DEFAULTS.deliveryLogStreamName,
      removalPolicy: props.removalPolicy,
    });

    const deliveryRole = new iam.Role(this, 'DeliveryRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com').withConditions({
        StringEquals: { 'sts:ExternalId': stack.account },
      }),
      description: 'Firehose delivery of archived CloudWatch Logs events to the Object Lock bucket',
    });
    const deliveryPolicy = new iam.ManagedPolicy(this, 'DeliveryPolicy', {
      description: 'Lets Firehose write archived log events to the Object Lock bucket and report delivery errors',
      roles: [deliveryRole],
      statements: this.deliveryStatements(props.encryptionKey),
    });

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: {
        keyType: 'CUSTOMER_MANAGED_CMK',
        keyArn: props.encryptionKey.keyArn,
      },
      extendedS3DestinationConfiguration: {
        bucketArn: this.bucket.bucketArn,
        roleArn: deliveryRole.roleArn,
        prefix: LOG_ARCHIVE_DEFAULTS.prefix,
        errorOutputPrefix: LOG_ARCHIVE_DEFAULTS.errorOutputPrefix,
        // CloudWatch Logs sends gzip-compressed batches; compressing again would nest the archives.
        compressionFormat: 'UNCOMPRESSED',
        fileExtension: '.gz',
        bufferingHints: {
          intervalInSeconds: LOG_ARCHIVE_DEFAULTS.bufferingInterval.toSeconds(),
          sizeInMBs: LOG_ARCHIVE_DEFAULTS.bufferingSizeMiB,
        },
        encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: props.encryptionKey.keyArn } },
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: this.deliveryLogGroup.logGroupName,
          logStreamName: deliveryLogStream.logStreamName,
        },
      },
    });
    // Firehose checks its role when the stream is created.
    this.deliveryStream.node.addDependency(deliveryPolicy);

    const subscriptionRole = new iam.Role(this, 'SubscriptionRole', {
      assumedBy: new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`).withConditions({
        StringLike: { 'aws:SourceArn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:*` },
      }),
      description: 'CloudWatch Logs subscription that sends log events to the archive delivery stream',
    });
    const subscriptionPolicy = new iam.ManagedPolicy(this, 'SubscriptionPolicy', {
      description: 'Lets CloudWatch Logs put log events into the archive delivery stream',
      roles: [subscriptionRole],
      statements: [new iam.PolicyStatement({
        actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        resources: [this.deliveryStream.attrArn],
      })],
    });
    this.subscriptionFilter = new logs.CfnSubscriptionFilter(this, 'Subscription', {
      logGroupName: props.logGroup.logGroupName,
      filterPattern: '',
      destinationArn: this.deliveryStream.attrArn,
      roleArn: subscriptionRole.roleArn,
    });
    // CloudWatch Logs tests delivery with the role when the filter is created.
    this.subscriptionFilter.node.addDependency(subscriptionPolicy);
  }

  /** What Firehose needs: write to the bucket with the key, and report delivery errors. */
  private deliveryStatements(key: kms.IKey): iam.PolicyStatement[] {
    const region = Stack.of(this).region;
    const bucketArn = this.bucket.bucketArn;
    return [
      new iam.PolicyStatement({
        actions: [
          's3:AbortMultipartUpload',
          's3:GetBucketLocation',
          's3:GetObject',
          's3:ListBucket',
          's3:ListBucketMultipartUploads',
          's3:PutObject',
        ],
        resources: [bucketArn, this.bucket.bucket.arnForObjects('*')],
      }),
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/*`] },
        },
      }),
      new iam.PolicyStatement({
        actions: ['logs:PutLogEvents'],
        resources: [this.deliveryLogGroup.logGroupArn],
      }),
    ];
  }
}

import { Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagCase } from './types';

/** An L2 trail writing to its own bucket; returns the trail's path. */
function trail(stack: Stack, props: cloudtrail.TrailProps = {}): string {
  new cloudtrail.Trail(stack, 'Trail', props);
  return 'Trail/Resource';
}

/** An L1 trail with a bucket; `props` adds or overrides properties. */
function cfnTrail(stack: Stack, props: Partial<cloudtrail.CfnTrailProps> = {}): string {
  const bucket = new s3.Bucket(stack, 'TrailBucket');
  new cloudtrail.CfnTrail(stack, 'Trail', { isLogging: true, s3BucketName: bucket.bucketName, ...props });
  return 'Trail';
}

export const CASES: readonly NagCase[] = [
  // CloudTrailCloudWatchLogsEnabled: CloudWatchLogsLogGroupArn is set
  {
    rule: 'CloudTrailCloudWatchLogsEnabled',
    compliant: true,
    title: 'trail that sends events to CloudWatch Logs',
    build: (stack) => trail(stack, { sendToCloudWatchLogs: true }),
  },
  {
    rule: 'CloudTrailCloudWatchLogsEnabled',
    compliant: false,
    title: 'trail with the defaults: S3 only',
    build: (stack) => trail(stack),
  },
  {
    rule: 'CloudTrailCloudWatchLogsEnabled',
    compliant: false,
    title: 'L1 trail without a log group',
    build: (stack) => cfnTrail(stack),
  },
  // CloudTrailEncryptionEnabled: KMSKeyId is set
  {
    rule: 'CloudTrailEncryptionEnabled',
    compliant: true,
    title: 'trail encrypted with a customer managed key',
    build: (stack) => trail(stack, { encryptionKey: new kms.Key(stack, 'TrailKey', { enableKeyRotation: true }) }),
  },
  {
    rule: 'CloudTrailEncryptionEnabled',
    compliant: true,
    title: 'L1 trail with a key alias',
    build: (stack) => cfnTrail(stack, { kmsKeyId: 'alias/audit-trail' }),
  },
  {
    rule: 'CloudTrailEncryptionEnabled',
    compliant: false,
    title: 'trail with the defaults: SSE-S3 only',
    build: (stack) => trail(stack),
  },
  {
    rule: 'CloudTrailEncryptionEnabled',
    compliant: false,
    title: 'L1 trail without a KMS key',
    build: (stack) => cfnTrail(stack),
  },
  // CloudTrailLogFileValidationEnabled: EnableLogFileValidation true
  {
    rule: 'CloudTrailLogFileValidationEnabled',
    compliant: true,
    title: 'trail with the defaults: file validation on',
    build: (stack) => trail(stack),
  },
  {
    rule: 'CloudTrailLogFileValidationEnabled',
    compliant: true,
    title: 'L1 trail with file validation on',
    build: (stack) => cfnTrail(stack, { enableLogFileValidation: true }),
  },
  {
    rule: 'CloudTrailLogFileValidationEnabled',
    compliant: false,
    title: 'trail with file validation turned off',
    build: (stack) => trail(stack, { enableFileValidation: false }),
  },
  {
    rule: 'CloudTrailLogFileValidationEnabled',
    compliant: false,
    title: 'L1 trail that leaves file validation unset (off)',
    build: (stack) => cfnTrail(stack),
  },
];

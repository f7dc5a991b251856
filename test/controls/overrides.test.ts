import { CfnResource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ControlFixture } from './harness';

/**
 * Escape hatches do not escape: for each service, a resource that passes a control is broken
 * only through `addPropertyOverride`, and the control sees it.
 */
interface OverrideCase {
  readonly control: string;
  readonly build: (f: ControlFixture, key: kms.Key) => CfnResource;
  readonly override: [string, unknown];
}

const CASES: OverrideCase[] = [
  { control: 'KMS.KeyRotation', build: (_f, key) => key.node.defaultChild as CfnResource, override: ['EnableKeyRotation', false] },
  { control: 'SNS.CustomerManagedKey', build: (f, key) => new sns.CfnTopic(f.stack, 'R', { kmsMasterKeyId: key.keyArn }), override: ['KmsMasterKeyId', 'alias/aws/sns'] },
  { control: 'SQS.CustomerManagedKey', build: (f, key) => new sqs.CfnQueue(f.stack, 'R', { kmsMasterKeyId: key.keyArn }), override: ['KmsMasterKeyId', 'alias/aws/sqs'] },
  { control: 'Logs.RetentionSixYears', build: (f, key) => new logs.CfnLogGroup(f.stack, 'R', { kmsKeyId: key.keyArn, retentionInDays: 2192 }), override: ['RetentionInDays', 30] },
  {
    control: 'DynamoDB.PointInTimeRecovery',
    build: (f) => new dynamodb.CfnTable(f.stack, 'R', {
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    }),
    override: ['PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled', false],
  },
  { control: 'EFS.Encrypted', build: (f, key) => new efs.CfnFileSystem(f.stack, 'R', { encrypted: true, kmsKeyId: key.keyArn }), override: ['Encrypted', false] },
  { control: 'SecretsManager.CustomerManagedKey', build: (f, key) => new secretsmanager.CfnSecret(f.stack, 'R', { kmsKeyId: key.keyArn }), override: ['KmsKeyId', 'alias/aws/secretsmanager'] },
  {
    control: 'Kinesis.StreamEncrypted',
    build: (f, key) => new kinesis.CfnStream(f.stack, 'R', { shardCount: 1, streamEncryption: { encryptionType: 'KMS', keyId: key.keyArn } }),
    override: ['StreamEncryption.KeyId', 'alias/aws/kinesis'],
  },
  {
    control: 'CloudWatch.AlarmAction',
    build: (f) => new cloudwatch.CfnAlarm(f.stack, 'R', {
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      evaluationPeriods: 1,
      threshold: 1,
      metricName: 'Errors',
      namespace: 'AWS/Lambda',
      period: 300,
      statistic: 'Sum',
      alarmActions: ['arn:aws:sns:us-east-1:123456789012:alerts'],
    }),
    override: ['ActionsEnabled', false],
  },
  {
    control: 'EC2.VolumeEncrypted',
    build: (f, key) => new ec2.CfnVolume(f.stack, 'R', { availabilityZone: 'us-east-1a', size: 10, encrypted: true, kmsKeyId: key.keyArn }),
    override: ['Encrypted', false],
  },
  {
    control: 'Redshift.BackupRetention',
    build: (f, key) => new redshift.CfnCluster(f.stack, 'R', {
      clusterType: 'single-node',
      nodeType: 'ra3.xlplus',
      dbName: 'dw',
      masterUsername: 'admin',
      manageMasterPassword: true,
      encrypted: true,
      kmsKeyId: key.keyArn,
      automatedSnapshotRetentionPeriod: 7,
    }),
    override: ['AutomatedSnapshotRetentionPeriod', 1],
  },
  {
    control: 'ELBv2.ListenerEncrypted',
    build: (f) => new elbv2.CfnListener(f.stack, 'R', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef',
      port: 443,
      protocol: 'HTTPS',
      certificates: [{ certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }],
      defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }],
    }),
    override: ['Protocol', 'HTTP'],
  },
];

describe.each(CASES)('$control', ({ control, build, override }) => {
  test('PASS before the override, FAIL after it', () => {
    const before = new ControlFixture();
    build(before, new kms.Key(before.stack, 'Key', { enableKeyRotation: true }));
    const beforeId = control.startsWith('KMS.') ? 'Key' : 'R';
    expect(before.status(control, beforeId)).toBe('PASS');

    const after = new ControlFixture();
    build(after, new kms.Key(after.stack, 'Key', { enableKeyRotation: true })).addPropertyOverride(...override);
    expect(after.status(control, beforeId)).toBe('FAIL');
  });
});

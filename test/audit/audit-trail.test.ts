import * as fs from 'fs';
import * as path from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AuditTrail, AuditTrailProps, HipaaAspect, HipaaAspectMode, HipaaFindingStatus, HipaaKey, ObjectLockMode } from '../../src';
import { HIPAA_CONFIG_RULES } from '../../src/audit/config-rules';
import { acknowledgementsIn, expectNagClean, testApp, testStack } from '../util';

const SIX_YEARS = 2192;
const ACCOUNT = '123456789012';
const TRAIL_NAME = 'TestStack-Audit-71994A6E';
const TRAIL_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudtrail:us-east-1:${ACCOUNT}:trail/${TRAIL_NAME}`]] };
const KEY = Match.stringLikeRegexp('^AuditKey[0-9A-F]{8}$');
const KEY_ARN = { 'Fn::GetAtt': [KEY, 'Arn'] };

/** Every managed rule identifier AuditTrail deploys, in order. */
const EXPECTED_CONFIG_RULES = [
  'S3_DEFAULT_ENCRYPTION_KMS', 'S3_BUCKET_SSL_REQUESTS_ONLY', 'S3_BUCKET_PUBLIC_READ_PROHIBITED',
  'S3_BUCKET_PUBLIC_WRITE_PROHIBITED', 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', 'S3_BUCKET_VERSIONING_ENABLED',
  'S3_BUCKET_LOGGING_ENABLED', 'ENCRYPTED_VOLUMES', 'EC2_EBS_ENCRYPTION_BY_DEFAULT', 'EC2_IMDSV2_CHECK',
  'INCOMING_SSH_DISABLED', 'RESTRICTED_INCOMING_TRAFFIC', 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', 'VPC_FLOW_LOGS_ENABLED',
  'RDS_STORAGE_ENCRYPTED', 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', 'RDS_SNAPSHOTS_PUBLIC_PROHIBITED',
  'DB_INSTANCE_BACKUP_ENABLED', 'RDS_INSTANCE_DELETION_PROTECTION_ENABLED', 'DYNAMODB_PITR_ENABLED',
  'EFS_ENCRYPTED_CHECK', 'CLOUD_TRAIL_ENABLED', 'MULTI_REGION_CLOUD_TRAIL_ENABLED',
  'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', 'CLOUD_TRAIL_ENCRYPTION_ENABLED', 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED',
  'CLOUDWATCH_LOG_GROUP_ENCRYPTED', 'CW_LOGGROUP_RETENTION_PERIOD_CHECK', 'CLOUDWATCH_ALARM_ACTION_CHECK',
  'CMK_BACKING_KEY_ROTATION_ENABLED', 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION', 'SNS_ENCRYPTED_KMS',
  'SECRETSMANAGER_ROTATION_ENABLED_CHECK', 'IAM_PASSWORD_POLICY', 'ACCESS_KEYS_ROTATED', 'ROOT_ACCOUNT_MFA_ENABLED',
  'IAM_ROOT_ACCESS_KEY_CHECK', 'IAM_USER_MFA_ENABLED', 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS',
];

/** A stack with one AuditTrail `Audit`. */
function audit(props: AuditTrailProps = {}, stack: Stack = testStack()) {
  const trail = new AuditTrail(stack, 'Audit', props);
  let template: Template | undefined;
  return { stack, trail, get template() { return template ??= Template.fromStack(stack); } };
}

/** The logical id of the only resource of `type` whose id matches `pattern`. */
function logicalId(template: Template, type: string, pattern: RegExp): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => pattern.test(id));
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** The statements of the bucket policy of the bucket whose logical id matches `pattern`. */
function bucketPolicy(template: Template, pattern: RegExp): any[] {
  const bucketId = logicalId(template, 'AWS::S3::Bucket', pattern);
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketId } } }));
  expect(policies).toHaveLength(1);
  return (policies[0] as any).Properties.PolicyDocument.Statement;
}

function keyPolicy(template: Template): any[] {
  const keys = Object.values(template.findResources('AWS::KMS::Key')) as any[];
  expect(keys).toHaveLength(1);
  return keys[0].Properties.KeyPolicy.Statement;
}

const TRAIL_BUCKET = /^AuditBucket[0-9A-F]{8}$/;
const CONFIG_BUCKET = /^AuditConfigBucket[0-9A-F]{8}$/;

describe('AuditTrail', () => {
  describe('defaults', () => {
    // One synthesis shared by the tests that only read the default template.
    let shared: ReturnType<typeof audit>;
    beforeAll(() => {
      shared = audit();
    });
    test('a multi-region trail with global service events, log file validation, the customer key, CloudWatch Logs delivery, logging', () => {
      const { template } = audit({}, testStack(testApp({ cfnValidation: true })));
      template.resourceCountIs('AWS::CloudTrail::Trail', 1);
      template.hasResource('AWS::CloudTrail::Trail', {
        Properties: {
          TrailName: TRAIL_NAME,
          IsMultiRegionTrail: true,
          IncludeGlobalServiceEvents: true,
          EnableLogFileValidation: true,
          IsLogging: true,
          KMSKeyId: KEY_ARN,
          S3BucketName: { Ref: Match.stringLikeRegexp('^AuditBucket[0-9A-F]{8}$') },
          CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditLogGroup[0-9A-F]{8}$'), 'Arn'] },
          CloudWatchLogsRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTrailLogsRole'), 'Arn'] },
          EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }],
        },
        DependsOn: Match.arrayWith([Match.stringLikeRegexp('^AuditBucketPolicy'), Match.stringLikeRegexp('^AuditTrailLogsPolicy')]),
      });
    });

    test('one HipaaKey encrypts the trail, both buckets, the log group and the topic', () => {
      const { template } = shared;
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'RetainExceptOnCreate' });
      for (const pattern of [TRAIL_BUCKET, CONFIG_BUCKET]) {
        const bucket = template.findResources('AWS::S3::Bucket')[logicalId(template, 'AWS::S3::Bucket', pattern)] as any;
        expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(template, 'AWS::KMS::Key', /^AuditKey/), 'Arn'] } },
        });
      }
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^/hipaa/TestStack-Audit-LogGroup'), KmsKeyId: KEY_ARN });
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: KEY_ARN });
    });

    test('the key policy lets CloudTrail generate data keys for the account\'s trails on behalf of this trail, describe the key and decrypt', () => {
      const { template } = shared;
      const cloudTrail = keyPolicy(template).filter((s) => s.Principal?.Service === 'cloudtrail.amazonaws.com');
      expect(cloudTrail).toEqual([
        {
          Sid: 'AllowCloudTrailToEncryptLogs',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:GenerateDataKey*',
          Resource: '*',
          Condition: {
            StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudtrail:*:${ACCOUNT}:trail/*`]] } },
            StringEquals: { 'aws:SourceArn': TRAIL_ARN },
          },
        },
        {
          Sid: 'AllowCloudTrailToDescribeKey',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:DescribeKey',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
        },
        {
          Sid: 'AllowCloudTrailToDecryptWithBucketKey',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
        },
      ]);
    });

    test('the trail bucket has Object Lock in GOVERNANCE mode for six years, versioning, and is retained', () => {
      const { template } = shared;
      const id = logicalId(template, 'AWS::S3::Bucket', TRAIL_BUCKET);
      template.hasResource('AWS::S3::Bucket', {
        Properties: {
          ObjectLockEnabled: true,
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: SIX_YEARS } } },
          VersioningConfiguration: { Status: 'Enabled' },
        },
        DeletionPolicy: 'RetainExceptOnCreate',
        UpdateReplacePolicy: 'Retain',
      });
      expect(Object.keys(template.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true } }))).toEqual([id]);
    });

    test('the trail bucket keeps noncurrent versions six years and aborts incomplete uploads after 7 days', () => {
      const { template } = shared;
      const bucket = template.findResources('AWS::S3::Bucket')[logicalId(template, 'AWS::S3::Bucket', TRAIL_BUCKET)] as any;
      expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
        { Id: 'ExpireNoncurrentVersions', NoncurrentVersionExpiration: { NoncurrentDays: SIX_YEARS }, Status: 'Enabled' },
        { Id: 'AbortIncompleteMultipartUploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' },
      ]);
    });

    test('the trail bucket policy allows only this trail: ACL check and writes under AWSLogs/<account>/ with bucket-owner-full-control', () => {
      const { template } = shared;
      const statements = bucketPolicy(template, TRAIL_BUCKET);
      const bucketArn = { 'Fn::GetAtt': [logicalId(template, 'AWS::S3::Bucket', TRAIL_BUCKET), 'Arn'] };
      expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([
        {
          Sid: 'AllowCloudTrailAclCheck',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: bucketArn,
          Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
        },
        {
          Sid: 'AllowCloudTrailWrite',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [bucketArn, `/AWSLogs/${ACCOUNT}/*`]] },
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL_ARN } },
        },
      ]);
    });

    test('the trail bucket keeps the EncryptedBucket denies: TLS only, SSE-KMS with the trail\'s key only', () => {
      const { template } = shared;
      const denies = bucketPolicy(template, TRAIL_BUCKET).filter((s) => s.Effect === 'Deny');
      expect(denies.map((s) => s.Sid ?? s.Condition)).toEqual([
        { Bool: { 'aws:SecureTransport': 'false' } },
        'DenyUploadsWithNonKmsEncryptionHeader',
        'DenyUploadsWithOtherKmsKey',
      ]);
      // CloudTrail names the key the trail is configured with, which is the bucket's key.
      expect(denies[2].Condition.StringNotEquals['s3:x-amz-server-side-encryption-aws-kms-key-id']).toEqual(
        (Object.values(template.findResources('AWS::CloudTrail::Trail'))[0] as any).Properties.KMSKeyId);
    });

    test('the trail delivers to CloudWatch Logs with a role of its own, limited to this account, with a managed policy', () => {
      const { template } = shared;
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [{
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
          }],
        },
      });
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^AuditTrailLogsRole') }],
        PolicyDocument: {
          Statement: [{
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditLogGroup[0-9A-F]{8}$'), 'Arn'] },
          }],
        },
      });
      template.resourceCountIs('AWS::IAM::Policy', 0);
    });

    test('the log group keeps events six years, is retained, and masks PHI', () => {
      const { template } = shared;
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: {
          LogGroupName: Match.stringLikeRegexp('^/hipaa/TestStack-Audit-LogGroup-[0-9A-F]{8}$'),
          RetentionInDays: SIX_YEARS,
          DataProtectionPolicy: Match.objectLike({ Name: 'cdk-hipaa-phi' }),
        },
        DeletionPolicy: 'RetainExceptOnCreate',
      });
    });

    test('the topic is encrypted with the key, TLS-only, and only EventBridge and CloudWatch of this account may publish', () => {
      const { template } = shared;
      const topic = { Ref: Match.stringLikeRegexp('^AuditTopic') };
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [topic],
        PolicyDocument: {
          Statement: [
            { Sid: 'AllowPublishThroughSSLOnly', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: topic, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
            { Sid: 'AllowEventBridgeToPublish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: topic, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
            { Sid: 'AllowCloudWatchToPublish', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: topic, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } },
          ],
        },
      });
    });

    test('the key policy lets EventBridge use the key for this account\'s topics by encryption context (it sends no source keys to KMS)', () => {
      const { template } = shared;
      expect(keyPolicy(template)).toContainEqual({
        Sid: 'AllowEventBridgeToUseKey',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sns:us-east-1:${ACCOUNT}:*`]] } } },
      });
      const events = keyPolicy(template).filter((s: any) => s.Principal?.Service === 'events.amazonaws.com');
      expect(JSON.stringify(events)).not.toMatch(/aws:Source(Account|Arn)/);
    });

    test('the key policy lets CloudWatch of this account encrypt alarm notifications to the topic', () => {
      const { template } = shared;
      expect(keyPolicy(template)).toContainEqual({
        Sid: 'AllowCloudWatchToUseKey',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      });
    });

    test('failed, aborted or expired AWS Backup jobs notify the topic', () => {
      const { template } = shared;
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          'source': ['aws.backup'],
          'detail-type': ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
          'detail': { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
        },
        Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^AuditTopic') } })],
      });
    });

    test('AWS Config records every supported resource type, global resources included, with a role of its own', () => {
      const { template } = shared;
      template.resourceCountIs('AWS::Config::ConfigurationRecorder', 1);
      template.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
        RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
        RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditConfigRole'), 'Arn'] },
      });
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' } }] },
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWS_ConfigRole']] }],
      });
    });

    test('the Config role may check the Config bucket, write under config/ and use the key, through a managed policy', () => {
      const { template } = shared;
      const bucketArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditConfigBucket[0-9A-F]{8}$'), 'Arn'] };
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^AuditConfigRole') }],
        PolicyDocument: {
          Statement: [
            { Action: ['s3:GetBucketAcl', 's3:ListBucket'], Effect: 'Allow', Resource: bucketArn },
            {
              Action: 's3:PutObject',
              Effect: 'Allow',
              Resource: { 'Fn::Join': ['', [bucketArn, `/config/AWSLogs/${ACCOUNT}/Config/*`]] },
              Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
            },
            { Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: KEY_ARN },
          ],
        },
      });
    });

    test('the delivery channel writes to the Config bucket under config/ with the key, once the recorder and permissions exist', () => {
      const { template } = shared;
      template.hasResource('AWS::Config::DeliveryChannel', {
        Properties: {
          S3BucketName: { Ref: Match.stringLikeRegexp('^AuditConfigBucket[0-9A-F]{8}$') },
          S3KeyPrefix: 'config',
          S3KmsKeyArn: KEY_ARN,
          ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' },
        },
        DependsOn: [
          Match.stringLikeRegexp('^AuditConfigBucketPolicy'),
          Match.stringLikeRegexp('^AuditConfigDeliveryPolicy'),
          Match.stringLikeRegexp('^AuditConfigRecorder'),
        ],
      });
    });

    test('the Config bucket policy allows only AWS Config of this account, and denies deleting versions to everyone', () => {
      const { template } = shared;
      const statements = bucketPolicy(template, CONFIG_BUCKET);
      const fromAccount = { 'aws:SourceAccount': ACCOUNT };
      const allows = statements.filter((s) => s.Effect === 'Allow');
      expect(allows.map((s) => [s.Sid, s.Principal, s.Action, s.Condition])).toEqual([
        ['AllowConfigAclCheck', { Service: 'config.amazonaws.com' }, 's3:GetBucketAcl', { StringEquals: fromAccount }],
        ['AllowConfigBucketExistenceCheck', { Service: 'config.amazonaws.com' }, 's3:ListBucket', { StringEquals: fromAccount }],
        ['AllowConfigWrite', { Service: 'config.amazonaws.com' }, 's3:PutObject', { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromAccount } }],
      ]);
      expect(statements).toContainEqual({
        Sid: 'DenyDeletingObjectVersions',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:DeleteObjectVersion',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(template, 'AWS::S3::Bucket', CONFIG_BUCKET), 'Arn'] }, '/*']] },
      });
    });

    test('the Config bucket has no Object Lock default retention (AWS Config cannot deliver to it) and keeps versions six years', () => {
      const { template } = shared;
      const bucket = template.findResources('AWS::S3::Bucket')[logicalId(template, 'AWS::S3::Bucket', CONFIG_BUCKET)] as any;
      expect(bucket.Properties.ObjectLockConfiguration).toBeUndefined();
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.Properties.LifecycleConfiguration.Rules[0]).toEqual({ Id: 'ExpireNoncurrentVersions', NoncurrentVersionExpiration: { NoncurrentDays: SIX_YEARS }, Status: 'Enabled' });
      expect(bucket.DeletionPolicy).toBe('RetainExceptOnCreate');
    });

    test('both buckets deliver server access logs to one access log bucket', () => {
      const { template } = shared;
      template.resourceCountIs('AWS::S3::Bucket', 3);
      const logBucket = logicalId(template, 'AWS::S3::Bucket', /^AuditBucketAccessLogs/);
      for (const pattern of [TRAIL_BUCKET, CONFIG_BUCKET]) {
        const bucket = template.findResources('AWS::S3::Bucket')[logicalId(template, 'AWS::S3::Bucket', pattern)] as any;
        expect(bucket.Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logBucket });
      }
    });

    test('the Config rules: the full list, in order', () => {
      const { template } = shared;
      const rules = Object.values(template.findResources('AWS::Config::ConfigRule')) as any[];
      expect(rules).toHaveLength(EXPECTED_CONFIG_RULES.length);
      expect(rules.map((r) => r.Properties.Source)).toEqual(EXPECTED_CONFIG_RULES.map((id) => ({ Owner: 'AWS', SourceIdentifier: id })));
    });

    test('every Config rule is created after the recorder and cites 45 CFR', () => {
      const { template } = shared;
      const recorder = logicalId(template, 'AWS::Config::ConfigurationRecorder', /^AuditConfigRecorder/);
      for (const rule of Object.values(template.findResources('AWS::Config::ConfigRule')) as any[]) {
        expect(rule.DependsOn).toEqual([recorder]);
        expect(rule.Properties.Description).toMatch(/\(45 CFR 164\.\d{3}\([a-z]\)/);
      }
    });

    test('Config rules with parameters get them as strings', () => {
      const { template } = shared;
      template.hasResourceProperties('AWS::Config::ConfigRule', {
        Source: { SourceIdentifier: 'IAM_PASSWORD_POLICY' },
        InputParameters: {
          RequireUppercaseCharacters: 'true',
          RequireLowercaseCharacters: 'true',
          RequireSymbols: 'true',
          RequireNumbers: 'true',
          MinimumPasswordLength: '14',
          PasswordReusePrevention: '24',
          MaxPasswordAge: '90',
        },
      });
      template.hasResourceProperties('AWS::Config::ConfigRule', { Source: { SourceIdentifier: 'ACCESS_KEYS_ROTATED' }, InputParameters: { maxAccessKeyAge: '90' } });
      template.hasResourceProperties('AWS::Config::ConfigRule', { Source: { SourceIdentifier: 'CW_LOGGROUP_RETENTION_PERIOD_CHECK' }, InputParameters: { MinRetentionTime: '2192' } });
      template.hasResourceProperties('AWS::Config::ConfigRule', { Source: { SourceIdentifier: 'DB_INSTANCE_BACKUP_ENABLED' }, InputParameters: { backupRetentionMinimum: '7' } });
    });

    test('exposes the trail, buckets, log group, topic, key, Config rules, alarms and event rules', () => {
      const { trail } = shared;
      expect(trail.trail).toBeInstanceOf(cloudtrail.Trail);
      expect(trail.bucket.bucket.node.path).toBe('TestStack/Audit/Bucket/Bucket');
      expect(trail.configBucket?.bucket.node.path).toBe('TestStack/Audit/ConfigBucket/Bucket');
      expect(trail.logGroup.logGroup).toBeInstanceOf(logs.LogGroup);
      expect(trail.encryptionKey).toBeInstanceOf(HipaaKey);
      expect(trail.bucket.encryptionKey).toBe(trail.encryptionKey);
      expect(trail.logGroup.encryptionKey).toBe(trail.encryptionKey);
      expect(trail.topic.masterKey).toBe(trail.encryptionKey);
      expect(trail.configRules).toHaveLength(EXPECTED_CONFIG_RULES.length);
      expect(trail.alarms).toHaveLength(15);
      expect(trail.eventRules).toHaveLength(14);
      expect(trail.configurationRecorder?.node.path).toBe('TestStack/Audit/ConfigRecorder');
    });

    test('carries one acknowledgement of its own: no Object Lock on the Config bucket, with the reason', () => {
      const { stack } = shared;
      const own = acknowledgementsIn(stack).filter((a) => a.path === 'TestStack/Audit/ConfigBucket/Bucket' && a.id.startsWith('CdkHipaa::S3.AuditLogObjectLock'));
      expect(own).toEqual([{
        id: 'CdkHipaa::S3.AuditLogObjectLock',
        path: 'TestStack/Audit/ConfigBucket/Bucket',
        reason: expect.stringMatching(/^AWS Config does not deliver to buckets with Object Lock default retention/),
      }]);
    });

    test('passes cdk-nag HIPAA Security checks with defaults', () => {
      const { stack } = shared;
      expectNagClean(stack);
    });

    test('the library\'s own controls find no failure', () => {
      const app = testApp();
      const stack = testStack(app);
      new AuditTrail(stack, 'Audit');
      const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
      app.synth();
      expect(aspect.findings.length).toBeGreaterThan(0);
      expect(aspect.findings.filter((f) => f.status === HipaaFindingStatus.FAIL || f.status === HipaaFindingStatus.UNVERIFIABLE)
        .map((f) => `${f.controlId} ${f.constructPath}`)).toEqual([]);
    });
  });

  describe('options', () => {
    test('objectLockMode COMPLIANCE locks log files in COMPLIANCE mode for six years', () => {
      const { template } = audit({ objectLockMode: ObjectLockMode.COMPLIANCE });
      template.hasResourceProperties('AWS::S3::Bucket', {
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: SIX_YEARS } } },
      });
    });

    test('trailName names the trail, and the policies name its ARN', () => {
      const { template } = audit({ trailName: 'phi-audit' });
      template.hasResourceProperties('AWS::CloudTrail::Trail', { TrailName: 'phi-audit' });
      const arn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudtrail:us-east-1:${ACCOUNT}:trail/phi-audit`]] };
      expect(bucketPolicy(template, TRAIL_BUCKET).find((s) => s.Sid === 'AllowCloudTrailWrite').Condition.StringEquals['aws:SourceArn']).toEqual(arn);
      expect(keyPolicy(template).find((s) => s.Sid === 'AllowCloudTrailToDescribeKey').Condition.StringEquals['aws:SourceArn']).toEqual(arn);
    });

    test('dataEventBuckets records object-level reads and writes of those buckets', () => {
      const stack = testStack();
      const phi = new s3.Bucket(stack, 'Phi');
      const { template } = audit({ dataEventBuckets: [phi] }, stack);
      template.hasResourceProperties('AWS::CloudTrail::Trail', {
        EventSelectors: [
          { IncludeManagementEvents: true, ReadWriteType: 'All' },
          {
            DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Phi'), 'Arn'] }, '/']] }] }],
            IncludeManagementEvents: false,
            ReadWriteType: 'All',
          },
        ],
      });
    });

    test('retention INFINITE is accepted (events never expire)', () => {
      const app = testApp();
      const { template } = audit({ retention: logs.RetentionDays.INFINITE }, testStack(app));
      expect(() => app.synth()).not.toThrow();
      const groups = Object.values(template.findResources('AWS::Logs::LogGroup')) as any[];
      expect(groups.map((g) => g.Properties.RetentionInDays)).toEqual([undefined, undefined]);
    });

    test('encryptionKey brings your own key: no key is created, and its policy gets the service statements', () => {
      const stack = testStack();
      const key = new kms.Key(stack, 'Own', { enableKeyRotation: true });
      const { trail, template } = audit({ encryptionKey: key }, stack);
      expect(trail.encryptionKey).toBe(key);
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::CloudTrail::Trail', { KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Own'), 'Arn'] } });
      expect(keyPolicy(template).map((s) => s.Sid).filter(Boolean)).toEqual([
        'AllowCloudTrailToEncryptLogs', 'AllowCloudTrailToDescribeKey', 'AllowCloudTrailToDecryptWithBucketKey',
        'AllowEventBridgeToUseKey', 'AllowCloudWatchToUseKey',
      ]);
    });

    test('an imported key gets a warning naming the key policy statements it must hold', () => {
      const stack = testStack();
      const key = kms.Key.fromKeyArn(stack, 'Imported', `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
      audit({ encryptionKey: key }, stack);
      Annotations.fromStack(stack).hasWarning('/TestStack/Audit', Match.stringLikeRegexp(
        'encryptionKey is imported.*AllowCloudTrailToEncryptLogs, AllowCloudTrailToDescribeKey, AllowCloudTrailToDecryptWithBucketKey, AllowEventBridgeToUseKey \\(key policy: events.amazonaws.com.*AllowCloudWatchToUseKey \\(key policy: cloudwatch.amazonaws.com'));
    });

    test('includeGlobalResources false records global resources no more (for all regions but one)', () => {
      const { template } = audit({ includeGlobalResources: false });
      template.hasResourceProperties('AWS::Config::ConfigurationRecorder', { RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false } });
    });

    test('configRecorder false: no recorder, channel, Config bucket or role, but the same Config rules', () => {
      const { trail, template } = audit({ configRecorder: false });
      template.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
      template.resourceCountIs('AWS::Config::DeliveryChannel', 0);
      template.resourceCountIs('AWS::S3::Bucket', 2);
      template.resourceCountIs('AWS::IAM::Role', 1);
      expect(trail.configBucket).toBeUndefined();
      expect(trail.configurationRecorder).toBeUndefined();
      const rules = Object.values(template.findResources('AWS::Config::ConfigRule')) as any[];
      expect(rules.map((r) => r.Properties.Source.SourceIdentifier)).toEqual(EXPECTED_CONFIG_RULES);
      expect(rules.filter((r) => r.DependsOn !== undefined)).toEqual([]);
    });

    test('emailSubscribers subscribe each address to the topic', () => {
      const { template } = audit({ emailSubscribers: ['security@example.com', 'privacy@example.com'] });
      template.resourceCountIs('AWS::SNS::Subscription', 2);
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'privacy@example.com', TopicArn: { Ref: Match.stringLikeRegexp('^AuditTopic') } });
    });

    test('addSubscription subscribes any endpoint to the topic', () => {
      const stack = testStack();
      const { trail } = audit({}, stack);
      const queue = new sqs.Queue(stack, 'Queue', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: trail.encryptionKey, enforceSSL: true });
      trail.addSubscription(new subs.SqsSubscription(queue));
      Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', TopicArn: { Ref: Match.stringLikeRegexp('^AuditTopic') } });
    });
  });

  describe('refusals', () => {
    test('fails when logFileValidation is false', () => {
      const app = testApp();
      audit({ logFileValidation: false }, testStack(app));
      expect(() => app.synth()).toThrow(/logFileValidation: false is refused.*164\.312\(c\)\(2\).*CdkHipaa::CloudTrail\.LogFileValidation/);
    });

    test('fails when multiRegion is false', () => {
      const app = testApp();
      audit({ multiRegion: false }, testStack(app));
      expect(() => app.synth()).toThrow(/multiRegion: false is refused.*164\.312\(b\).*CdkHipaa::CloudTrail\.MultiRegion/);
    });

    test('fails when retention is shorter than six years', () => {
      const app = testApp();
      audit({ retention: logs.RetentionDays.FIVE_YEARS }, testStack(app));
      expect(() => app.synth()).toThrow(/\[TestStack\/Audit\/LogGroup\] retention: RetentionDays.FIVE_YEARS \(1827 days\) is refused.*164\.316\(b\)\(2\)\(i\).*CdkHipaa::Logs\.RetentionSixYears/);
    });

    test('fails when managementEvents is not ALL', () => {
      const app = testApp();
      audit({ managementEvents: cloudtrail.ReadWriteType.WRITE_ONLY }, testStack(app));
      expect(() => app.synth()).toThrow(/managementEvents: WriteOnly is refused.*CdkHipaa::CloudTrail\.ManagementEvents/);
    });

    test('weaker settings are accepted once acknowledged with a reason, and reach the template', () => {
      const app = testApp();
      const { stack } = audit({ logFileValidation: false, multiRegion: false, retention: logs.RetentionDays.ONE_YEAR }, testStack(app));
      for (const id of ['CloudTrail.LogFileValidation', 'CloudTrail.MultiRegion', 'Logs.RetentionSixYears']) {
        Validations.of(stack).acknowledge({ id: `CdkHipaa::${id}`, reason: 'Short-lived sandbox account without PHI' });
      }
      expect(() => app.synth()).not.toThrow();
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::CloudTrail::Trail', { EnableLogFileValidation: false, IsMultiRegionTrail: false });
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^/hipaa/TestStack-Audit-LogGroup-[0-9A-F]{8}$'), RetentionInDays: 365 });
    });
  });

  describe('docs', () => {
    let docs: string;
    beforeAll(() => {
      docs = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'audit-trail.md'), 'utf8');
    });

    test('list every Config rule with its identifier and citations', () => {
      for (const rule of HIPAA_CONFIG_RULES) {
        const line = docs.split('\n').find((l) => l.includes(`\`${rule.identifier}\``));
        expect({ rule: rule.identifier, listed: line !== undefined }).toEqual({ rule: rule.identifier, listed: true });
        for (const citation of rule.citations) expect(line).toContain(citation);
      }
    });

    test('list every refused prop with its acknowledgement id', () => {
      for (const id of ['CloudTrail.LogFileValidation', 'CloudTrail.MultiRegion', 'Logs.RetentionSixYears', 'CloudTrail.ManagementEvents']) {
        expect(docs).toContain(`CdkHipaa::${id}`);
      }
    });
  });
});

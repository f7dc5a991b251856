import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EncryptedBucket, EncryptedBucketProps, HipaaAspect, HipaaAspectMode, HipaaFindingStatus, HipaaKey, ObjectLockMode } from '../../src';
import { acknowledgementsIn, expectNagClean, testApp, testStack } from '../util';

const LOG_BUCKET = Match.stringLikeRegexp('^DocsAccessLogs[0-9A-F]{8}$');
const KEY = Match.stringLikeRegexp('^DocsKey[0-9A-F]{8}$');
const SIX_YEARS = 2192;

/** A stack with one EncryptedBucket `Docs`. */
function docs(props: EncryptedBucketProps = {}, stack: Stack = testStack()) {
  const bucket = new EncryptedBucket(stack, 'Docs', props);
  return { stack, bucket };
}

/** The logical id of the only resource of `type` whose id starts with `prefix`. */
function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}

/** The statements of the bucket policy of the bucket whose logical id starts with `prefix`. */
function policyStatements(template: Template, prefix: string): any[] {
  const bucketId = logicalId(template, 'AWS::S3::Bucket', prefix);
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketId } } }));
  expect(policies).toHaveLength(1);
  return (policies[0] as any).Properties.PolicyDocument.Statement;
}

/** An S3 PutObject request as a bucket policy sees it. */
interface PutRequest {
  readonly secureTransport: boolean;
  readonly sse?: string;
  readonly kmsKeyId?: unknown;
}

/**
 * Whether any Deny statement of the policy matches a PutObject request. Implements the
 * operators the policies use (Bool, StringNotEquals, Null) with IAM's semantics: a negated
 * operator matches an absent key; tokens compare by their CloudFormation form.
 */
function deniedBy(statements: any[], request: PutRequest): string[] {
  const context: Record<string, unknown> = {
    'aws:SecureTransport': String(request.secureTransport),
    's3:x-amz-server-side-encryption': request.sse,
    's3:x-amz-server-side-encryption-aws-kms-key-id': request.kmsKeyId,
  };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const matches = (operator: string, key: string, expected: unknown): boolean => {
    const actual = context[key];
    const values = Array.isArray(expected) ? expected : [expected];
    switch (operator) {
      case 'Bool': return actual !== undefined && values.some((v) => same(v, actual));
      case 'StringNotEquals': return actual === undefined || !values.some((v) => same(v, actual));
      case 'Null': return values.some((v) => v === String(actual === undefined));
      default: throw new Error(`operator ${operator} is not modelled`);
    }
  };
  return statements
    .filter((s) => s.Effect === 'Deny')
    .filter((s) => [s.Action].flat().some((a: string) => a === 's3:*' || a === 's3:PutObject'))
    .filter((s) => Object.entries(s.Condition ?? {}).every(([operator, keys]) =>
      Object.entries(keys as Record<string, unknown>).every(([key, expected]) => matches(operator, key, expected))))
    .map((s) => s.Sid ?? '(no sid)');
}

describe('EncryptedBucket', () => {
  describe('defaults', () => {
    test('encrypts with SSE-KMS, a created HipaaKey and S3 Bucket Keys', () => {
      const { stack } = docs({}, testStack(testApp({ cfnValidation: true })));
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      template.resourceCountIs('AWS::S3::Bucket', 2);
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [KEY, 'Arn'] } },
          }],
        },
      });
    });

    test('versioning is enabled', () => {
      const template = Template.fromStack(docs().stack);
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: Match.objectLike({}),
        LoggingConfiguration: Match.anyValue(),
        VersioningConfiguration: { Status: 'Enabled' },
      });
    });

    test('all four Block Public Access flags are on', () => {
      Template.fromStack(docs().stack).hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: Match.anyValue(),
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
        },
      });
    });

    test('object ownership is BucketOwnerEnforced (ACLs disabled), with no canned ACL', () => {
      const template = Template.fromStack(docs().stack);
      template.hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: Match.anyValue(),
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        AccessControl: Match.absent(),
      });
    });

    test('server access logs go to the dedicated log bucket, partitioned by event time', () => {
      Template.fromStack(docs().stack).hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: {
          DestinationBucketName: { Ref: LOG_BUCKET },
          LogFilePrefix: Match.absent(),
          TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' } },
        },
      });
    });

    test('noncurrent versions are expired after six years and incomplete uploads aborted after 7 days', () => {
      Template.fromStack(docs().stack).hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: Match.anyValue(),
        LifecycleConfiguration: {
          Rules: [
            { Id: 'ExpireNoncurrentVersions', NoncurrentVersionExpiration: { NoncurrentDays: SIX_YEARS }, Status: 'Enabled' },
            { Id: 'AbortIncompleteMultipartUploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' },
          ],
        },
      });
    });

    test('no Object Lock, no replication and no EventBridge', () => {
      const template = Template.fromStack(docs().stack);
      template.hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: Match.anyValue(),
        ObjectLockEnabled: Match.absent(),
        ObjectLockConfiguration: Match.absent(),
        ReplicationConfiguration: Match.absent(),
        NotificationConfiguration: Match.absent(),
      });
      template.resourceCountIs('AWS::IAM::Role', 0);
    });

    test('both buckets are retained: DeletionPolicy and UpdateReplacePolicy Retain, no auto-delete', () => {
      const template = Template.fromStack(docs().stack);
      for (const prefix of ['DocsBucket', 'DocsAccessLogs']) {
        const id = logicalId(template, 'AWS::S3::Bucket', prefix);
        expect(template.toJSON().Resources[id]).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
      }
      template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    });

    test('passes cdk-nag HIPAA Security checks with defaults', () => {
      expectNagClean(docs().stack);
    });

    test('acknowledges S3BucketReplicationEnabled and S3.Replication on the bucket, naming replicationDestination', () => {
      const { stack } = docs();
      const acks = acknowledgementsIn(stack).filter((a) => a.path === 'TestStack/Docs/Bucket');
      expect(acks.map((a) => a.id).sort()).toEqual([
        'CdkHipaa::S3.Replication',
        'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
      ]);
      for (const ack of acks) expect(ack.reason).toMatch(/replicationDestination.*164\.308\(a\)\(7\)\(ii\)\(B\)/);
    });

    test('meets every control of the library\'s own catalog, apart from the acknowledged exceptions', () => {
      const app = testApp();
      const stack = docs({}, testStack(app)).stack;
      const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
      app.synth();
      const notPassing = aspect.findings.filter((f) => f.status !== HipaaFindingStatus.PASS);
      expect(notPassing.filter((f) => f.status !== HipaaFindingStatus.ACKNOWLEDGED)).toEqual([]);
      expect(notPassing.map((f) => `${f.constructPath} ${f.controlId}`).sort()).toEqual([
        'TestStack/Docs/AccessLogs/Resource S3.AccessLogging',
        'TestStack/Docs/AccessLogs/Resource S3.DefaultEncryptionKms',
        'TestStack/Docs/AccessLogs/Resource S3.DenyWrongEncryptionHeader',
        'TestStack/Docs/AccessLogs/Resource S3.Replication',
        'TestStack/Docs/Bucket/Resource S3.Replication',
      ]);
    });
  });

  describe('bucket policy', () => {
    test('denies every request without TLS (aws:SecureTransport false)', () => {
      const statements = policyStatements(Template.fromStack(docs().stack), 'DocsBucket');
      expect(statements).toContainEqual({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: [{ 'Fn::GetAtt': [expect.stringMatching(/^DocsBucket/), 'Arn'] }, expect.anything()],
      });
    });

    test('DenyUploadsWithNonKmsEncryptionHeader denies a present SSE header other than aws:kms or aws:kms:dsse', () => {
      const statements = policyStatements(Template.fromStack(docs().stack), 'DocsBucket');
      expect(statements).toContainEqual(expect.objectContaining({
        Sid: 'DenyUploadsWithNonKmsEncryptionHeader',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:PutObject',
        Condition: {
          StringNotEquals: { 's3:x-amz-server-side-encryption': ['aws:kms', 'aws:kms:dsse'] },
          Null: { 's3:x-amz-server-side-encryption': 'false' },
        },
      }));
    });

    test('DenyUploadsWithOtherKmsKey denies SSE-KMS uploads that do not name the bucket key', () => {
      const template = Template.fromStack(docs().stack);
      const keyId = logicalId(template, 'AWS::KMS::Key', 'DocsKey');
      expect(policyStatements(template, 'DocsBucket')).toContainEqual(expect.objectContaining({
        Sid: 'DenyUploadsWithOtherKmsKey',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:PutObject',
        Condition: {
          StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': { 'Fn::GetAtt': [keyId, 'Arn'] } },
          Null: { 's3:x-amz-server-side-encryption': 'false' },
        },
      }));
    });

    test('uploads without an encryption header are not denied by default (default encryption applies)', () => {
      const statements = policyStatements(Template.fromStack(docs().stack), 'DocsBucket');
      expect(statements.map((s) => s.Sid)).not.toContain('DenyUploadsWithoutEncryptionHeader');
      expect(deniedBy(statements, { secureTransport: true })).toEqual([]);
    });

    test('requireEncryptionHeader adds DenyUploadsWithoutEncryptionHeader (Null true)', () => {
      const statements = policyStatements(Template.fromStack(docs({ requireEncryptionHeader: true }).stack), 'DocsBucket');
      expect(statements).toContainEqual(expect.objectContaining({
        Sid: 'DenyUploadsWithoutEncryptionHeader',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:PutObject',
        Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
      }));
      expect(deniedBy(statements, { secureTransport: true })).toEqual(['DenyUploadsWithoutEncryptionHeader']);
    });

    test.each([
      ['no TLS', { secureTransport: false }, ['(no sid)']],
      ['SSE-S3', { secureTransport: true, sse: 'AES256' }, ['DenyUploadsWithNonKmsEncryptionHeader', 'DenyUploadsWithOtherKmsKey']],
      ['SSE-KMS with another key', { secureTransport: true, sse: 'aws:kms', kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/other' }, ['DenyUploadsWithOtherKmsKey']],
      ['SSE-KMS without a key id (S3 would use the AWS-managed aws/s3 key)', { secureTransport: true, sse: 'aws:kms' }, ['DenyUploadsWithOtherKmsKey']],
      ['DSSE-KMS without a key id', { secureTransport: true, sse: 'aws:kms:dsse' }, ['DenyUploadsWithOtherKmsKey']],
    ])('a PutObject with %s is denied', (_name, request, expected) => {
      const statements = policyStatements(Template.fromStack(docs().stack), 'DocsBucket');
      expect(deniedBy(statements, request)).toEqual(expected);
    });

    test('a writer using TLS and SSE-KMS or DSSE-KMS with the bucket key is not denied, even in the strict form', () => {
      const template = Template.fromStack(docs({ requireEncryptionHeader: true }).stack);
      const keyArn = { 'Fn::GetAtt': [logicalId(template, 'AWS::KMS::Key', 'DocsKey'), 'Arn'] };
      const statements = policyStatements(template, 'DocsBucket');
      expect(deniedBy(statements, { secureTransport: true, sse: 'aws:kms', kmsKeyId: keyArn })).toEqual([]);
      expect(deniedBy(statements, { secureTransport: true, sse: 'aws:kms:dsse', kmsKeyId: keyArn })).toEqual([]);
    });

    test('addToResourcePolicy lets a service write with the bucket key (as an audit trail does)', () => {
      const stack = testStack();
      const key = new HipaaKey(stack, 'TrailKey');
      const { bucket } = docs({ encryptionKey: key, objectLockMode: ObjectLockMode.COMPLIANCE }, stack);
      const result = bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowCloudTrailWrite',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [bucket.bucket.arnForObjects('AWSLogs/123456789012/*')],
      }));
      expect(result.statementAdded).toBe(true);
      const template = Template.fromStack(stack);
      const statements = policyStatements(template, 'DocsBucket');
      expect(statements).toContainEqual(expect.objectContaining({
        Sid: 'AllowCloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' },
      }));
      const keyArn = { 'Fn::GetAtt': [logicalId(template, 'AWS::KMS::Key', 'TrailKey'), 'Arn'] };
      expect(deniedBy(statements, { secureTransport: true, sse: 'aws:kms', kmsKeyId: keyArn })).toEqual([]);
    });
  });

  describe('access log bucket', () => {
    test('is SSE-S3, versioned, private and BucketOwnerEnforced', () => {
      Template.fromStack(docs().stack).hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        AccessControl: Match.absent(),
        LoggingConfiguration: Match.absent(),
      });
    });

    test('keeps access logs six years, then expires them', () => {
      Template.fromStack(docs().stack).hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LifecycleConfiguration: {
          Rules: [{
            Id: 'ExpireAccessLogsAfterSixYears',
            ExpirationInDays: SIX_YEARS,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            Status: 'Enabled',
          }],
        },
      });
    });

    test('its policy lets logging.s3.amazonaws.com put objects, only for this bucket and account', () => {
      const template = Template.fromStack(docs().stack);
      const source = logicalId(template, 'AWS::S3::Bucket', 'DocsBucket');
      const logs = logicalId(template, 'AWS::S3::Bucket', 'DocsAccessLogs');
      expect(policyStatements(template, 'DocsAccessLogs')).toContainEqual({
        Sid: 'AllowS3ServerAccessLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logs, 'Arn'] }, '/*']] },
        Condition: {
          ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [source, 'Arn'] } },
          StringEquals: { 'aws:SourceAccount': '123456789012' },
        },
      });
    });

    test('its policy denies every request without TLS', () => {
      expect(policyStatements(Template.fromStack(docs().stack), 'DocsAccessLogs')).toContainEqual(expect.objectContaining({
        Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
    });

    test('acknowledges what a log bucket cannot meet, with reasons', () => {
      const acks = acknowledgementsIn(docs().stack).filter((a) => a.path === 'TestStack/Docs/AccessLogs');
      expect(acks.map((a) => a.id).sort()).toEqual([
        'CdkHipaa::S3.AccessLogging',
        'CdkHipaa::S3.DefaultEncryptionKms',
        'CdkHipaa::S3.DenyWrongEncryptionHeader',
        'CdkHipaa::S3.Replication',
        'HIPAA.Security::HIPAA.Security-S3BucketLoggingEnabled',
        'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
        'HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS',
      ]);
      const reasonOf = (id: string) => acks.find((a) => a.id === id)?.reason;
      expect(reasonOf('HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS')).toMatch(/only to buckets encrypted with SSE-S3.*not PHI/);
      expect(reasonOf('CdkHipaa::S3.DefaultEncryptionKms')).toBe(reasonOf('HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS'));
    });
  });

  describe('bring your own', () => {
    test('encryptionKey: the bucket and its policy use it and no key is created', () => {
      const stack = testStack();
      const key = new HipaaKey(stack, 'Shared');
      const { bucket } = docs({ encryptionKey: key }, stack);
      expect(bucket.encryptionKey).toBe(key);
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::KMS::Key', 1);
      const keyArn = { 'Fn::GetAtt': [logicalId(template, 'AWS::KMS::Key', 'Shared'), 'Arn'] };
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } })] },
      });
      expect(policyStatements(template, 'DocsBucket')).toContainEqual(expect.objectContaining({
        Sid: 'DenyUploadsWithOtherKmsKey',
        Condition: expect.objectContaining({ StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn } }),
      }));
    });

    test('an imported key is used by its ARN', () => {
      const stack = testStack();
      const arn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      docs({ encryptionKey: kms.Key.fromKeyArn(stack, 'Imported', arn) }, stack);
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::KMS::Key', 0);
      expect(policyStatements(template, 'DocsBucket')).toContainEqual(expect.objectContaining({
        Sid: 'DenyUploadsWithOtherKmsKey',
        Condition: expect.objectContaining({ StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': arn } }),
      }));
    });

    test('fails when encryptionKey is an alias', () => {
      const stack = testStack();
      const key = new HipaaKey(stack, 'Key');
      const alias = new kms.Alias(stack, 'Alias', { aliasName: 'alias/phi', targetKey: key });
      expect(() => docs({ encryptionKey: alias }, stack)).toThrow(/encryptionKey is an alias; pass the key itself/);
    });

    test('serverAccessLogsBucket: no log bucket is created; logs go there with the prefix, and it lets the logging service write', () => {
      const stack = testStack();
      const shared = new s3.Bucket(stack, 'SharedLogs', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true });
      const { bucket } = docs({ serverAccessLogsBucket: shared, serverAccessLogsPrefix: 'docs/' }, stack);
      expect(bucket.serverAccessLogsBucket).toBe(shared);
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::S3::Bucket', 2);
      const logs = logicalId(template, 'AWS::S3::Bucket', 'SharedLogs');
      template.hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: { DestinationBucketName: { Ref: logs }, LogFilePrefix: 'docs/', TargetObjectKeyFormat: Match.anyValue() },
      });
      expect(policyStatements(template, 'SharedLogs')).toContainEqual(expect.objectContaining({
        Sid: expect.stringMatching(/^AllowS3ServerAccessLogDelivery\w+$/),
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logs, 'Arn'] }, '/docs/*']] },
      }));
    });

    test('two buckets sharing a log bucket get distinct log delivery statements', () => {
      const stack = testStack();
      const shared = new s3.Bucket(stack, 'SharedLogs', { enforceSSL: true });
      new EncryptedBucket(stack, 'A', { serverAccessLogsBucket: shared, serverAccessLogsPrefix: 'a/' });
      new EncryptedBucket(stack, 'B', { serverAccessLogsBucket: shared, serverAccessLogsPrefix: 'b/' });
      const sids = policyStatements(Template.fromStack(stack), 'SharedLogs')
        .filter((s) => s.Principal?.Service === 'logging.s3.amazonaws.com').map((s) => s.Sid);
      expect(sids).toHaveLength(2);
      expect(new Set(sids).size).toBe(2);
    });

    test('an imported log bucket in the same region and account is used by name', () => {
      const stack = testStack();
      docs({ serverAccessLogsBucket: s3.Bucket.fromBucketName(stack, 'Imported', 'central-access-logs') }, stack);
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::S3::Bucket', 1);
      template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: Match.objectLike({ DestinationBucketName: 'central-access-logs' }) });
    });

    test('warns when the log bucket is encrypted with a KMS key', () => {
      const stack = testStack();
      const logs = new s3.Bucket(stack, 'KmsLogs', { encryption: s3.BucketEncryption.KMS });
      docs({ serverAccessLogsBucket: logs }, stack);
      Annotations.fromStack(stack).hasWarning('/TestStack/Docs', Match.stringLikeRegexp('only to buckets encrypted with SSE-S3'));
    });
  });

  describe('replication', () => {
    function replicated() {
      const stack = testStack();
      const replica = new EncryptedBucket(stack, 'Replica');
      const { bucket } = docs({ replicationDestination: replica.bucket }, stack);
      return { stack, bucket, replica };
    }

    test('replicates every SSE-KMS object to the destination, re-encrypted with the destination key', () => {
      const { stack } = replicated();
      const template = Template.fromStack(stack);
      const destination = logicalId(template, 'AWS::S3::Bucket', 'ReplicaBucket');
      const destinationKey = logicalId(template, 'AWS::KMS::Key', 'ReplicaKey');
      const role = logicalId(template, 'AWS::IAM::Role', 'DocsReplicationRole');
      template.hasResourceProperties('AWS::S3::Bucket', {
        ReplicationConfiguration: {
          Role: { 'Fn::GetAtt': [role, 'Arn'] },
          Rules: [{
            Id: 'ReplicateAll',
            Status: 'Enabled',
            Filter: { Prefix: '' },
            Destination: {
              Bucket: { 'Fn::GetAtt': [destination, 'Arn'] },
              EncryptionConfiguration: { ReplicaKmsKeyID: { 'Fn::GetAtt': [destinationKey, 'Arn'] } },
            },
            SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
            DeleteMarkerReplication: { Status: 'Disabled' },
          }],
        },
      });
    });

    test('the replication role is assumed by S3, unnamed, with a managed policy scoped to both buckets and keys', () => {
      const template = Template.fromStack(replicated().stack);
      const role = logicalId(template, 'AWS::IAM::Role', 'DocsReplicationRole');
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 's3.amazonaws.com' } })] },
        RoleName: Match.absent(),
      });
      template.resourceCountIs('AWS::IAM::Policy', 0);
      const source = logicalId(template, 'AWS::S3::Bucket', 'DocsBucket');
      const destination = logicalId(template, 'AWS::S3::Bucket', 'ReplicaBucket');
      const objects = (id: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/*']] });
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        Roles: [{ Ref: role }],
        PolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: { 'Fn::GetAtt': [source, 'Arn'] } },
            { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Resource: objects(source) },
            { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateTags'], Resource: objects(destination) },
            { Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [logicalId(template, 'AWS::KMS::Key', 'DocsKey'), 'Arn'] } },
            { Effect: 'Allow', Action: 'kms:Encrypt', Resource: { 'Fn::GetAtt': [logicalId(template, 'AWS::KMS::Key', 'ReplicaKey'), 'Arn'] } },
          ],
        },
      });
    });

    test('with Object Lock the replication role may also read retention and legal holds', () => {
      const stack = testStack();
      const replica = new EncryptedBucket(stack, 'Replica', { objectLockMode: ObjectLockMode.GOVERNANCE });
      docs({ replicationDestination: replica.bucket, objectLockMode: ObjectLockMode.GOVERNANCE }, stack);
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['s3:GetObjectRetention', 's3:GetObjectLegalHold']) })]),
        },
      });
    });

    test('S3BucketReplicationEnabled is not acknowledged on a replicating bucket, and cdk-nag passes', () => {
      const { stack } = replicated();
      const acks = acknowledgementsIn(stack).filter((a) => a.path === 'TestStack/Docs/Bucket');
      expect(acks).toEqual([]);
      expectNagClean(stack);
    });

    test('replicationDestinationKey overrides the destination bucket key', () => {
      const stack = testStack();
      const destinationKey = kms.Key.fromKeyArn(stack, 'DrKey', 'arn:aws:kms:us-west-2:123456789012:key/dr');
      const destination = s3.Bucket.fromBucketArn(stack, 'Dr', 'arn:aws:s3:::phi-dr');
      docs({ replicationDestination: destination, replicationDestinationKey: destinationKey }, stack);
      Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
        ReplicationConfiguration: {
          Rules: [Match.objectLike({
            Destination: { Bucket: 'arn:aws:s3:::phi-dr', EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:123456789012:key/dr' } },
          })],
        },
      });
    });

    test('fails when the replication destination has no key and none is given', () => {
      const stack = testStack();
      const destination = s3.Bucket.fromBucketArn(stack, 'Dr', 'arn:aws:s3:::phi-dr');
      expect(() => docs({ replicationDestination: destination }, stack)).toThrow(/replicationDestination has no encryptionKey; set replicationDestinationKey/);
    });

    test('fails when replicationDestinationKey is given without replicationDestination', () => {
      const stack = testStack();
      const key = kms.Key.fromKeyArn(stack, 'DrKey', 'arn:aws:kms:us-west-2:123456789012:key/dr');
      expect(() => docs({ replicationDestinationKey: key }, stack)).toThrow(/replicationDestinationKey is set without replicationDestination/);
    });
  });

  describe('Object Lock', () => {
    test.each([
      [ObjectLockMode.GOVERNANCE, 'GOVERNANCE'],
      [ObjectLockMode.COMPLIANCE, 'COMPLIANCE'],
    ])('%s mode keeps each version six years by default', (mode, rendered) => {
      Template.fromStack(docs({ objectLockMode: mode }).stack).hasResourceProperties('AWS::S3::Bucket', {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: rendered, Days: SIX_YEARS } } },
      });
    });

    test('objectLockRetention sets the default retention', () => {
      Template.fromStack(docs({ objectLockMode: ObjectLockMode.COMPLIANCE, objectLockRetention: Duration.days(3650) }).stack)
        .hasResourceProperties('AWS::S3::Bucket', {
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } },
        });
    });

    test('passes cdk-nag HIPAA Security checks with Object Lock', () => {
      expectNagClean(docs({ objectLockMode: ObjectLockMode.COMPLIANCE }).stack);
    });

    test('fails when objectLockRetention is set without objectLockMode', () => {
      expect(() => docs({ objectLockRetention: Duration.days(365) })).toThrow(/objectLockRetention is set without objectLockMode/);
    });
  });

  describe('other props', () => {
    test('bucketName, bucketArn and eventBridgeEnabled', () => {
      const { stack, bucket } = docs({ bucketName: 'phi-documents-123456789012', eventBridgeEnabled: true });
      expect(stack.resolve(bucket.bucketName)).toEqual({ Ref: expect.stringMatching(/^DocsBucket/) });
      expect(stack.resolve(bucket.bucketArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DocsBucket/), 'Arn'] });
      Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
        BucketName: 'phi-documents-123456789012',
        NotificationConfiguration: { EventBridgeConfiguration: {} },
      });
    });

    test('lifecycleRules are added after the built-in rules', () => {
      const { stack } = docs({ lifecycleRules: [{ id: 'Archive', transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }] }] });
      Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({ Id: 'ExpireNoncurrentVersions' }),
            Match.objectLike({ Id: 'AbortIncompleteMultipartUploads' }),
            Match.objectLike({ Id: 'Archive', Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] }),
          ],
        },
      });
    });

    test('noncurrentVersionExpiration sets how long noncurrent versions are kept', () => {
      Template.fromStack(docs({ noncurrentVersionExpiration: Duration.days(365) }).stack).hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'ExpireNoncurrentVersions', NoncurrentVersionExpiration: { NoncurrentDays: 365 } })]) },
      });
    });

    test.each([
      ['grantRead', ['s3:GetObject*'], ['kms:Decrypt']],
      ['grantWrite', ['s3:PutObject', 's3:DeleteObject*'], ['kms:Encrypt', 'kms:GenerateDataKey*']],
      ['grantReadWrite', ['s3:GetObject*', 's3:PutObject'], ['kms:Decrypt', 'kms:Encrypt']],
      ['grantPut', ['s3:PutObject'], ['kms:Encrypt', 'kms:GenerateDataKey*']],
      ['grantDelete', ['s3:DeleteObject*'], []],
    ] as const)('%s grants the bucket actions and the key actions', (method, s3Actions, kmsActions) => {
      const stack = testStack();
      const role = new iam.Role(stack, 'App', { assumedBy: new iam.AccountRootPrincipal() });
      const { bucket } = docs({}, stack);
      const grant = bucket[method](role, 'cases/*');
      expect(grant.success).toBe(true);
      const statements: any[] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
        .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
      const actions = statements.flatMap((s) => [s.Action].flat());
      expect(actions).toEqual(expect.arrayContaining([...s3Actions, ...kmsActions]));
      if (kmsActions.length === 0) expect(actions.filter((a: string) => a.startsWith('kms:'))).toEqual([]);
      expect(JSON.stringify(statements)).toContain('/cases/*');
    });
  });

  describe('refused values', () => {
    test('fails when removalPolicy is DESTROY', () => {
      const app = testApp();
      docs({ removalPolicy: RemovalPolicy.DESTROY }, testStack(app));
      expect(() => app.synth()).toThrow(/removalPolicy: destroy is refused.*164\.308\(a\)\(7\)\(ii\)\(A\).*CdkHipaa::S3\.DataRetained/);
    });

    test('DESTROY is accepted once CdkHipaa::S3.DataRetained is acknowledged; objects are never auto-deleted', () => {
      const app = testApp();
      const { stack, bucket } = docs({ removalPolicy: RemovalPolicy.DESTROY }, testStack(app));
      Validations.of(bucket).acknowledge({ id: 'CdkHipaa::S3.DataRetained', reason: 'Ephemeral test environment without PHI' });
      expect(() => app.synth()).not.toThrow();
      const template = Template.fromStack(stack);
      for (const prefix of ['DocsBucket', 'DocsAccessLogs']) {
        expect(template.toJSON().Resources[logicalId(template, 'AWS::S3::Bucket', prefix)].DeletionPolicy).toBe('Delete');
      }
      template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    });

    test('fails when noncurrentVersionExpiration is below 30 days', () => {
      const app = testApp();
      docs({ noncurrentVersionExpiration: Duration.days(7) }, testStack(app));
      expect(() => app.synth()).toThrow(/noncurrentVersionExpiration: 7 days is refused.*CdkHipaa::S3\.NoncurrentVersionRetention/);
    });

    test('a short noncurrentVersionExpiration is accepted once acknowledged', () => {
      const app = testApp();
      const { stack } = docs({ noncurrentVersionExpiration: Duration.days(7) }, testStack(app));
      Validations.of(stack).acknowledge({ id: 'CdkHipaa::S3.NoncurrentVersionRetention', reason: 'Scratch data re-created nightly from the source system' });
      expect(() => app.synth()).not.toThrow();
    });
  });
});

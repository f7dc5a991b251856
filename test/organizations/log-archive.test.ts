import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HipaaAspect, HipaaAspectMode, HipaaFindingStatus, LogArchive, LogArchiveProps, ObjectLockMode } from '../../src';
import { HIPAA_THRESHOLDS } from '../../src/policy/thresholds';
import { expectDeployReady, templateOf } from '../deploy-readiness';
import { acknowledgementsIn, expectNagClean, testApp, testStack } from '../util';

const ORG = 'o-a1b2c3d4e5';
const AUDIT = '222222222222';
const SIX_YEARS = HIPAA_THRESHOLDS.documentationRetentionDays;
const TRAIL_BUCKET = /^ArchiveTrailBucket[0-9A-F]{8}$/;
const CONFIG_BUCKET = /^ArchiveConfigBucket[0-9A-F]{8}$/;
const FROM_ORG = { 'aws:SourceOrgID': ORG };

function archive(props: Partial<LogArchiveProps> = {}, stack: Stack = testStack()) {
  const construct = new LogArchive(stack, 'Archive', { organizationId: ORG, auditAccountId: AUDIT, ...props });
  let template: Template | undefined;
  return { stack, archive: construct, get template() { return template ??= Template.fromStack(stack); } };
}

function logicalId(template: Template, type: string, pattern: RegExp): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => pattern.test(id));
  expect(ids).toHaveLength(1);
  return ids[0];
}

function bucketStatements(template: Template, pattern: RegExp): any[] {
  const bucketId = logicalId(template, 'AWS::S3::Bucket', pattern);
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketId } } }));
  expect(policies).toHaveLength(1);
  return (policies[0] as any).Properties.PolicyDocument.Statement;
}

function statement(statements: any[], sid: string): any {
  const found = statements.filter((s) => s.Sid === sid);
  expect(found).toHaveLength(1);
  return found[0];
}

function keyStatements(template: Template): any[] {
  const keys = Object.values(template.findResources('AWS::KMS::Key')) as any[];
  expect(keys).toHaveLength(1);
  return keys[0].Properties.KeyPolicy.Statement;
}

const bucketArn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const objectsArn = (id: string, pattern: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, `/${pattern}`]] });

describe('LogArchive', () => {
  describe('the trail bucket', () => {
    test('has Object Lock in GOVERNANCE mode for six years, SSE-KMS with the archive key, versioning, access logs, and is retained', () => {
      const { template } = archive();
      const id = logicalId(template, 'AWS::S3::Bucket', TRAIL_BUCKET);
      const bucket = template.toJSON().Resources[id];
      expect(bucket.DeletionPolicy).toBe('RetainExceptOnCreate');
      expect(bucket.UpdateReplacePolicy).toBe('Retain');
      expect(bucket.Properties.ObjectLockEnabled).toBe(true);
      expect(bucket.Properties.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: SIX_YEARS } } });
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [expect.stringMatching(/^ArchiveKey/), 'Arn'] } },
      });
      expect(bucket.Properties.ServerSideEncryptionConfiguration).toBeUndefined();
      expect(bucket.Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: expect.stringMatching(/^ArchiveTrailBucketAccessLogs/) });
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    });

    test('COMPLIANCE mode and a longer retention are taken', () => {
      const { template } = archive({ objectLockMode: ObjectLockMode.COMPLIANCE, retention: Duration.days(3650) });
      const bucket = template.toJSON().Resources[logicalId(template, 'AWS::S3::Bucket', TRAIL_BUCKET)];
      expect(bucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 3650 });
    });

    test('admits CloudTrail to check the ACL for the organization only', () => {
      const { template } = archive();
      const id = logicalId(template, 'AWS::S3::Bucket', TRAIL_BUCKET);
      expect(statement(bucketStatements(template, TRAIL_BUCKET), 'AllowOrganizationCloudTrailAclCheck')).toEqual({
        Sid: 'AllowOrganizationCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: bucketArn(id),
        Condition: { StringEquals: FROM_ORG },
      });
    });

    test('admits CloudTrail to write under AWSLogs/<org id>/ with bucket-owner-full-control, for the organization only', () => {
      const { template } = archive();
      const id = logicalId(template, 'AWS::S3::Bucket', TRAIL_BUCKET);
      expect(statement(bucketStatements(template, TRAIL_BUCKET), 'AllowOrganizationCloudTrailWrite')).toEqual({
        Sid: 'AllowOrganizationCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: objectsArn(id, `AWSLogs/${ORG}/*`),
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...FROM_ORG } },
      });
    });

    test('lets the audit account list and read, and nobody else outside the account', () => {
      const { template } = archive();
      const id = logicalId(template, 'AWS::S3::Bucket', TRAIL_BUCKET);
      const statements = bucketStatements(template, TRAIL_BUCKET);
      const auditRoot = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${AUDIT}:root`]] } };
      expect(statement(statements, 'AllowAuditAccountToListBucket')).toEqual({
        Sid: 'AllowAuditAccountToListBucket',
        Effect: 'Allow',
        Principal: auditRoot,
        Action: ['s3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketLocation'],
        Resource: bucketArn(id),
      });
      expect(statement(statements, 'AllowAuditAccountToReadObjects')).toEqual({
        Sid: 'AllowAuditAccountToReadObjects',
        Effect: 'Allow',
        Principal: auditRoot,
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: objectsArn(id, '*'),
      });
      const allows = statements.filter((s) => s.Effect === 'Allow');
      expect(allows.map((s) => s.Sid).sort()).toEqual([
        'AllowAuditAccountToListBucket', 'AllowAuditAccountToReadObjects', 'AllowOrganizationCloudTrailAclCheck', 'AllowOrganizationCloudTrailWrite',
      ]);
      const auditActions = allows.filter((s) => s.Sid.startsWith('AllowAudit')).flatMap((s) => [s.Action].flat());
      expect(auditActions.filter((a: string) => !/^s3:(Get|List)/.test(a))).toEqual([]);
    });

    test('denies non-TLS requests and uploads with another key', () => {
      const { template } = archive();
      const statements = bucketStatements(template, TRAIL_BUCKET);
      expect(statements).toEqual(expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Sid: 'DenyUploadsWithOtherKmsKey', Effect: 'Deny' }),
      ]));
    });
  });

  describe('the Config bucket', () => {
    test('has no Object Lock (AWS Config cannot deliver there), versioning, SSE-KMS with the archive key, access logs to the shared log bucket', () => {
      const { template } = archive();
      const bucket = template.toJSON().Resources[logicalId(template, 'AWS::S3::Bucket', CONFIG_BUCKET)];
      expect(bucket.Properties.ObjectLockEnabled).toBeUndefined();
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID)
        .toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ArchiveKey/), 'Arn'] });
      expect(bucket.Properties.LoggingConfiguration).toMatchObject({
        DestinationBucketName: { Ref: expect.stringMatching(/^ArchiveTrailBucketAccessLogs/) }, LogFilePrefix: 'config-bucket/',
      });
      expect(bucket.DeletionPolicy).toBe('RetainExceptOnCreate');
      template.resourceCountIs('AWS::S3::Bucket', 3);
    });

    test('admits AWS Config of the organization: ACL check, existence check, writes under AWSLogs/*/Config/', () => {
      const { template } = archive();
      const id = logicalId(template, 'AWS::S3::Bucket', CONFIG_BUCKET);
      const statements = bucketStatements(template, CONFIG_BUCKET);
      const config = { Service: 'config.amazonaws.com' };
      expect(statement(statements, 'AllowOrganizationConfigAclCheck')).toEqual({
        Sid: 'AllowOrganizationConfigAclCheck', Effect: 'Allow', Principal: config, Action: 's3:GetBucketAcl', Resource: bucketArn(id), Condition: { StringEquals: FROM_ORG },
      });
      expect(statement(statements, 'AllowOrganizationConfigBucketExistenceCheck')).toEqual({
        Sid: 'AllowOrganizationConfigBucketExistenceCheck', Effect: 'Allow', Principal: config, Action: 's3:ListBucket', Resource: bucketArn(id), Condition: { StringEquals: FROM_ORG },
      });
      expect(statement(statements, 'AllowOrganizationConfigWrite')).toEqual({
        Sid: 'AllowOrganizationConfigWrite',
        Effect: 'Allow',
        Principal: config,
        Action: 's3:PutObject',
        Resource: objectsArn(id, 'AWSLogs/*/Config/*'),
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...FROM_ORG } },
      });
    });

    test('denies deleting object versions to everyone and lets the audit account read', () => {
      const { template } = archive();
      const id = logicalId(template, 'AWS::S3::Bucket', CONFIG_BUCKET);
      const statements = bucketStatements(template, CONFIG_BUCKET);
      expect(statement(statements, 'DenyDeletingObjectVersions')).toEqual({
        Sid: 'DenyDeletingObjectVersions', Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:DeleteObjectVersion', Resource: objectsArn(id, '*'),
      });
      expect(statement(statements, 'AllowAuditAccountToReadObjects').Principal.AWS['Fn::Join'][1][2]).toBe(`:iam::${AUDIT}:root`);
    });
  });

  describe('the key', () => {
    test('is a rotating HipaaKey, retained', () => {
      const { template } = archive();
      template.hasResource('AWS::KMS::Key', {
        Properties: Match.objectLike({ EnableKeyRotation: true, PendingWindowInDays: 30 }),
        DeletionPolicy: 'RetainExceptOnCreate',
      });
    });

    test('lets CloudTrail generate data keys for trails of the organization only (encryption context and aws:SourceOrgID)', () => {
      const { template } = archive();
      expect(statement(keyStatements(template), 'AllowOrganizationCloudTrailToEncryptLogs')).toEqual({
        Sid: 'AllowOrganizationCloudTrailToEncryptLogs',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: {
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:*:*:trail/*']] } },
          StringEquals: FROM_ORG,
        },
      });
    });

    test.each([
      ['AllowOrganizationCloudTrailToDescribeKey', 'cloudtrail.amazonaws.com', 'kms:DescribeKey'],
      ['AllowOrganizationCloudTrailToDecryptWithBucketKey', 'cloudtrail.amazonaws.com', 'kms:Decrypt'],
      ['AllowOrganizationConfigToUseKey', 'config.amazonaws.com', ['kms:Decrypt', 'kms:GenerateDataKey']],
    ])('%s: %s may %s, for the organization only', (sid, service, action) => {
      const { template } = archive();
      expect(statement(keyStatements(template), sid)).toEqual({
        Sid: sid, Effect: 'Allow', Principal: { Service: service }, Action: action, Resource: '*', Condition: { StringEquals: FROM_ORG },
      });
    });

    test('lets the audit account decrypt only through S3 in this region', () => {
      const { template } = archive();
      expect(statement(keyStatements(template), 'AllowAuditAccountToDecryptThroughS3')).toEqual({
        Sid: 'AllowAuditAccountToDecryptThroughS3',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${AUDIT}:root`]] } },
        Action: ['kms:Decrypt', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.us-east-1.', { Ref: 'AWS::URLSuffix' }]] } } },
      });
    });

    test('no statement admits a service without a condition', () => {
      const { template } = archive();
      for (const s of keyStatements(template).filter((x) => x.Principal?.Service)) expect(s.Condition).toBeDefined();
    });
  });

  test('exposes the names and ARN the organization trail and delivery channels need', () => {
    const { archive: a, stack } = archive();
    expect(stack.resolve(a.bucketName)).toEqual({ Ref: expect.stringMatching(TRAIL_BUCKET) });
    expect(stack.resolve(a.configBucketName)).toEqual({ Ref: expect.stringMatching(CONFIG_BUCKET) });
    expect(stack.resolve(a.keyArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ArchiveKey/), 'Arn'] });
    expect(a.organizationId).toBe(ORG);
    expect(a.auditAccountId).toBe(AUDIT);
  });

  test('takes fixed bucket names to hand to the other accounts', () => {
    const { template } = archive({ bucketName: 'example-org-trail', configBucketName: 'example-org-config' });
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'example-org-trail', ObjectLockEnabled: true });
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'example-org-config', ObjectLockEnabled: Match.absent() });
  });

  describe('refusals', () => {
    test('fails when retention is below six years, naming the prop and the control', () => {
      const app = testApp();
      archive({ retention: Duration.days(365) }, testStack(app));
      expect(() => app.synth()).toThrow(/retention: 365 days is refused.*CdkHipaa::S3\.AuditLogObjectLock/s);
    });

    test('a shorter retention is accepted once acknowledged with a reason', () => {
      const app = testApp();
      const subject = archive({ retention: Duration.days(400) }, testStack(app));
      Validations.of(subject.archive).acknowledge({ id: 'CdkHipaa::S3.AuditLogObjectLock', reason: 'Sandbox organization holding no PHI; logs copied to the primary archive.' });
      expect(() => app.synth()).not.toThrow();
      const template = subject.template;
      expect(template.toJSON().Resources[logicalId(template, 'AWS::S3::Bucket', TRAIL_BUCKET)].Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days).toBe(400);
    });

    test('fails when organizationId is not an organization id', () => {
      expect(() => archive({ organizationId: 'r-abcd' })).toThrow(/organizationId 'r-abcd' is not an organization id/);
    });

    test('fails when auditAccountId is not a 12-digit account id', () => {
      expect(() => archive({ auditAccountId: '1234' })).toThrow(/auditAccountId '1234' is not a 12-digit account id/);
    });
  });

  describe('judged independently', () => {
    test('cdk-nag HIPAA Security finds nothing unacknowledged, and every acknowledgement has a reason', () => {
      const { stack } = archive();
      expectNagClean(stack);
      for (const ack of acknowledgementsIn(stack)) expect(ack.reason.length).toBeGreaterThan(20);
    });

    test('HipaaAspect in ERROR mode passes: no unacknowledged finding', () => {
      const app = testApp();
      const stack = testStack(app);
      archive({}, stack);
      const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.ERROR, report: false });
      expect(() => app.synth()).not.toThrow();
      expect(aspect.findings.length).toBeGreaterThan(0);
      const open = aspect.findings.filter((f) => f.status !== HipaaFindingStatus.PASS && f.status !== HipaaFindingStatus.ACKNOWLEDGED);
      expect(open.map((f) => `${f.constructPath} ${f.controlId} ${f.status}`)).toEqual([]);
    });

    test('deploy readiness: no problem', () => {
      const { stack } = archive();
      expectDeployReady([templateOf(stack)]);
    });

    test('CloudFormation validation accepts the template', () => {
      const app = testApp({ cfnValidation: true });
      archive({}, testStack(app));
      expect(() => app.synth()).not.toThrow();
    });
  });
});

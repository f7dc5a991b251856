import { Aws, CfnCondition, CfnParameter, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ControlFixture } from './harness';

/** A statement that denies every S3 request without TLS on `resources`. */
function denyPlainHttp(resources: unknown[]): any {
  return { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
}

/** A bucket that meets every S3 control. */
function compliantBucket(f: ControlFixture, id = 'Bucket'): s3.Bucket {
  const key = new kms.Key(f.stack, `${id}Key`, { enableKeyRotation: true });
  const logs = new s3.Bucket(f.stack, `${id}Logs`, { enforceSSL: true });
  const bucket = new s3.Bucket(f.stack, id, {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    serverAccessLogsBucket: logs,
    lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(2192) }],
  });
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects('*')],
    conditions: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' }, Null: { 's3:x-amz-server-side-encryption': 'false' } },
  }));
  return bucket;
}

describe('a compliant bucket', () => {
  test('passes every S3 control but replication and object lock (which do not apply or are opt-in)', () => {
    const f = new ControlFixture();
    compliantBucket(f);
    for (const id of ['S3.DefaultEncryptionKms', 'S3.CustomerManagedKey', 'S3.PublicAccessBlock', 'S3.NoAcls', 'S3.Versioning',
      'S3.AccessLogging', 'S3.TlsOnly', 'S3.DenyWrongEncryptionHeader', 'S3.NoPublicWrite', 'S3.NoncurrentVersionLifecycle', 'S3.DataRetained']) {
      expect([id, f.status(id, 'Bucket/Resource')]).toEqual([id, 'PASS']);
    }
    expect(f.status('S3.Replication', 'Bucket/Resource')).toBe('FAIL');
    expect(f.status('S3.AuditLogObjectLock', 'Bucket/Resource')).toBe('N/A');
  });
});

describe('S3.DefaultEncryptionKms', () => {
  test('FAIL given SSE-S3', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { encryption: s3.BucketEncryption.S3_MANAGED });
    expect(f.status('S3.DefaultEncryptionKms', 'B')).toBe('FAIL');
    expect(f.message('S3.DefaultEncryptionKms', 'B')).toMatch(/SSE-S3/);
  });
  test('FAIL given an L1 bucket without encryption', () => {
    const f = new ControlFixture();
    new s3.CfnBucket(f.stack, 'B');
    expect(f.status('S3.DefaultEncryptionKms', 'B')).toBe('FAIL');
    expect(f.message('S3.DefaultEncryptionKms', 'B')).toMatch(/no default encryption/);
  });
  test('FAIL given KMS encryption removed by an escape-hatch override', () => {
    const f = new ControlFixture();
    const b = compliantBucket(f, 'B');
    (b.node.defaultChild as s3.CfnBucket).addPropertyOverride('BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm', 'AES256');
    expect(f.status('S3.DefaultEncryptionKms', 'B/Resource')).toBe('FAIL');
  });
  test('PASS given DSSE-KMS', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { encryption: s3.BucketEncryption.DSSE_MANAGED });
    expect(f.status('S3.DefaultEncryptionKms', 'B')).toBe('PASS');
  });
  test('UNVERIFIABLE given the algorithm from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Algo');
    new s3.CfnBucket(f.stack, 'B', { bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: p.valueAsString } }] } });
    expect(f.status('S3.DefaultEncryptionKms', 'B')).toBe('UNVERIFIABLE');
  });
});

describe('S3.CustomerManagedKey', () => {
  test('FAIL given KMS_MANAGED (aws/s3)', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { encryption: s3.BucketEncryption.KMS_MANAGED });
    expect(f.status('S3.CustomerManagedKey', 'B')).toBe('FAIL');
    expect(f.message('S3.CustomerManagedKey', 'B')).toMatch(/aws\/s3/);
  });
  test('FAIL given alias/aws/s3 named explicitly', () => {
    const f = new ControlFixture();
    new s3.CfnBucket(f.stack, 'B', { bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/aws/s3' } }] } });
    expect(f.status('S3.CustomerManagedKey', 'B')).toBe('FAIL');
    expect(f.message('S3.CustomerManagedKey', 'B')).toMatch(/AWS-managed key/);
  });
  test('PASS given an imported customer key ARN', () => {
    const f = new ControlFixture();
    const key = kms.Key.fromKeyArn(f.stack, 'K', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    new s3.Bucket(f.stack, 'B', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
    expect(f.status('S3.CustomerManagedKey', 'B')).toBe('PASS');
  });
  test('N/A given SSE-S3', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { encryption: s3.BucketEncryption.S3_MANAGED });
    expect(f.status('S3.CustomerManagedKey', 'B')).toBe('N/A');
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'KeyArn', { type: 'String' });
    new s3.CfnBucket(f.stack, 'B', {
      bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: p.valueAsString } }] },
    });
    expect(f.status('S3.CustomerManagedKey', 'B')).toBe('UNVERIFIABLE');
    expect(f.message('S3.CustomerManagedKey', 'B')).toMatch(/cannot be resolved at synth/);
  });
});

describe('S3.PublicAccessBlock', () => {
  test('FAIL given BLOCK_ACLS only', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS });
    expect(f.status('S3.PublicAccessBlock', 'B')).toBe('FAIL');
    expect(f.message('S3.PublicAccessBlock', 'B')).toMatch(/BlockPublicPolicy, RestrictPublicBuckets are not true/);
  });
  test('PASS given an L1 bucket without the configuration (S3 blocks public access by default)', () => {
    const f = new ControlFixture();
    new s3.CfnBucket(f.stack, 'B');
    expect(f.status('S3.PublicAccessBlock', 'B')).toBe('PASS');
  });
  test('FAIL given a flag turned off by an override', () => {
    const f = new ControlFixture();
    const b = new s3.Bucket(f.stack, 'B', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    (b.node.defaultChild as s3.CfnBucket).addPropertyOverride('PublicAccessBlockConfiguration.RestrictPublicBuckets', false);
    expect(f.status('S3.PublicAccessBlock', 'B')).toBe('FAIL');
    expect(f.message('S3.PublicAccessBlock', 'B')).toMatch(/RestrictPublicBuckets is not true/);
  });
  test('UNVERIFIABLE given a flag from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Block', { type: 'String' });
    new s3.CfnBucket(f.stack, 'B', {
      publicAccessBlockConfiguration: {
        blockPublicAcls: p.valueAsString as any, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
      },
    });
    expect(f.status('S3.PublicAccessBlock', 'B')).toBe('UNVERIFIABLE');
    expect(f.message('S3.PublicAccessBlock', 'B')).toMatch(/cannot be resolved at synth/);
  });
});

describe('S3.NoAcls', () => {
  test('FAIL given a public-read canned ACL', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { accessControl: s3.BucketAccessControl.PUBLIC_READ, objectOwnership: s3.ObjectOwnership.OBJECT_WRITER });
    expect(f.status('S3.NoAcls', 'B')).toBe('FAIL');
    expect(f.message('S3.NoAcls', 'B')).toMatch(/AccessControl is PublicRead/);
  });
  test('FAIL given ObjectWriter ownership', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { objectOwnership: s3.ObjectOwnership.OBJECT_WRITER });
    expect(f.status('S3.NoAcls', 'B')).toBe('FAIL');
    expect(f.message('S3.NoAcls', 'B')).toMatch(/ObjectWriter/);
  });
  test('PASS given no ownership controls (S3 enforces bucket ownership by default)', () => {
    const f = new ControlFixture();
    new s3.CfnBucket(f.stack, 'B');
    expect(f.status('S3.NoAcls', 'B')).toBe('PASS');
  });
});

describe('S3.Versioning', () => {
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B');
    expect(f.status('S3.Versioning', 'B')).toBe('FAIL');
    expect(f.message('S3.Versioning', 'B')).toMatch(/not configured/);
  });
  test('FAIL given versioning suspended by an override', () => {
    const f = new ControlFixture();
    const b = new s3.Bucket(f.stack, 'B', { versioned: true });
    (b.node.defaultChild as s3.CfnBucket).addPropertyOverride('VersioningConfiguration.Status', 'Suspended');
    expect(f.status('S3.Versioning', 'B')).toBe('FAIL');
    expect(f.message('S3.Versioning', 'B')).toMatch(/Suspended/);
  });
});

describe('S3.AccessLogging', () => {
  test('FAIL given no server access logs', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B');
    expect(f.status('S3.AccessLogging', 'B')).toBe('FAIL');
  });
  test('PASS given access logs delivered to another bucket of the app, or to a bucket outside it', () => {
    const f = new ControlFixture();
    const logs = new s3.Bucket(f.stack, 'Logs');
    new s3.Bucket(f.stack, 'B', { serverAccessLogsBucket: logs, serverAccessLogsPrefix: 'b/' });
    new s3.CfnBucket(f.stack, 'C', { loggingConfiguration: { destinationBucketName: 'central-access-logs' } });
    expect(f.status('S3.AccessLogging', 'B')).toBe('PASS');
    expect(f.status('S3.AccessLogging', 'C')).toBe('PASS');
  });
  test('FAIL given the log bucket other buckets deliver to, with no logging of its own (acknowledge it)', () => {
    const f = new ControlFixture();
    const logs = new s3.Bucket(f.stack, 'Logs');
    new s3.Bucket(f.stack, 'B', { serverAccessLogsBucket: logs });
    expect(f.status('S3.AccessLogging', 'Logs')).toBe('FAIL');
    expect(f.message('S3.AccessLogging', 'Logs')).toMatch(/no LoggingConfiguration/);
  });
  test('FAIL given access logs to a prefix of the bucket itself (no DestinationBucketName)', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { serverAccessLogsPrefix: 'logs/' });
    expect(f.status('S3.AccessLogging', 'B')).toBe('FAIL');
    expect(f.message('S3.AccessLogging', 'B')).toMatch(/to the bucket itself/);
  });
  test('FAIL given a DestinationBucketName that repeats the bucket\'s own BucketName', () => {
    const f = new ControlFixture();
    new s3.CfnBucket(f.stack, 'Named', { bucketName: 'claims-data', loggingConfiguration: { destinationBucketName: 'claims-data' } });
    expect(f.status('S3.AccessLogging', 'Named')).toBe('FAIL');
    expect(f.message('S3.AccessLogging', 'Named')).toMatch(/names the bucket itself/);
  });
  test('UNVERIFIABLE given a LoggingConfiguration chosen by a condition', () => {
    const f = new ControlFixture();
    const on = new CfnCondition(f.stack, 'LogsOn', { expression: Fn.conditionEquals(new CfnParameter(f.stack, 'Logs').valueAsString, 'yes') });
    new s3.CfnBucket(f.stack, 'B', { loggingConfiguration: Fn.conditionIf(on.logicalId, { DestinationBucketName: 'central-access-logs' }, Aws.NO_VALUE) });
    expect(f.status('S3.AccessLogging', 'B')).toBe('UNVERIFIABLE');
  });
});

describe('S3.TlsOnly', () => {
  test('FAIL given no bucket policy', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B');
    expect(f.status('S3.TlsOnly', 'B')).toBe('FAIL');
    expect(f.message('S3.TlsOnly', 'B')).toMatch(/no bucket policy/);
  });
  test('FAIL given a bucket policy without the TLS statement', () => {
    const f = new ControlFixture();
    const b = new s3.Bucket(f.stack, 'B');
    b.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['s3:GetObject'], resources: [b.arnForObjects('*')] }));
    expect(f.status('S3.TlsOnly', 'B')).toBe('FAIL');
    expect(f.message('S3.TlsOnly', 'B')).toMatch(/aws:SecureTransport/);
  });
  test('PASS given a TLS-only policy defined in another stack', () => {
    const f = new ControlFixture();
    const b = new s3.Bucket(f.stack, 'B');
    const other = new Stack(f.app, 'Other', { env: { account: '123456789012', region: 'us-east-1' } });
    new s3.CfnBucketPolicy(other, 'Policy', {
      bucket: b.bucketName,
      policyDocument: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
    });
    expect(f.status('S3.TlsOnly', 'B')).toBe('PASS');
  });
  test('PASS given enforceSSL (Fn::GetAtt of the bucket ARN and Fn::Join of its objects); the policy itself is N/A', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { enforceSSL: true });
    expect(f.status('S3.TlsOnly', 'B/Resource')).toBe('PASS');
    expect(f.status('S3.TlsOnly', 'B/Policy')).toBe('N/A');
  });
  test('PASS given literal ARNs of a named bucket in another partition', () => {
    const f = new ControlFixture();
    const b = new s3.CfnBucket(f.stack, 'B', { bucketName: 'phi-records' });
    new s3.CfnBucketPolicy(f.stack, 'Policy', {
      bucket: b.ref,
      policyDocument: { Statement: [denyPlainHttp(['arn:aws-us-gov:s3:::phi-records', 'arn:aws-us-gov:s3:::phi-records/*'])] },
    });
    expect(f.status('S3.TlsOnly', 'B')).toBe('PASS');
  });
  test('FAIL given a TLS statement that covers the objects but not the bucket ARN', () => {
    const f = new ControlFixture();
    const b = new s3.Bucket(f.stack, 'B');
    b.addToResourcePolicy(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources: [b.arnForObjects('*')],
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
    }));
    expect(f.status('S3.TlsOnly', 'B/Resource')).toBe('FAIL');
    expect(f.message('S3.TlsOnly', 'B/Resource')).toMatch(/leaves out the bucket ARN itself \(it covers only the objects\), so bucket-level requests/);
  });
  test('FAIL given a TLS statement that covers the bucket ARN but not its objects', () => {
    const f = new ControlFixture();
    const b = new s3.Bucket(f.stack, 'B');
    b.addToResourcePolicy(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:*'],
      resources: [b.bucketArn],
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
    }));
    expect(f.status('S3.TlsOnly', 'B/Resource')).toBe('FAIL');
    expect(f.message('S3.TlsOnly', 'B/Resource')).toMatch(/object reads and writes may use plain HTTP/);
  });
  test('FAIL given a TLS statement on another bucket\'s ARNs only', () => {
    const f = new ControlFixture();
    const b = new s3.CfnBucket(f.stack, 'B');
    new s3.CfnBucketPolicy(f.stack, 'Policy', {
      bucket: b.ref,
      policyDocument: { Statement: [denyPlainHttp(['arn:aws:s3:::elsewhere', 'arn:aws:s3:::elsewhere/*'])] },
    });
    expect(f.status('S3.TlsOnly', 'B')).toBe('FAIL');
    expect(f.message('S3.TlsOnly', 'B')).toMatch(/neither the bucket ARN nor its objects/);
  });
  test('UNVERIFIABLE given a TLS statement whose Resource comes from a parameter', () => {
    const f = new ControlFixture();
    const b = new s3.CfnBucket(f.stack, 'B');
    const arn = new CfnParameter(f.stack, 'Arn', { type: 'String' }).valueAsString;
    new s3.CfnBucketPolicy(f.stack, 'Policy', { bucket: b.ref, policyDocument: { Statement: [denyPlainHttp([arn, `${arn}/*`])] } });
    expect(f.status('S3.TlsOnly', 'B')).toBe('UNVERIFIABLE');
    expect(f.message('S3.TlsOnly', 'B')).toMatch(/cannot be resolved at synth/);
  });
  test('FAIL given a Deny on GetObject only: other actions may use plain HTTP', () => {
    const f = new ControlFixture();
    const b = new s3.CfnBucket(f.stack, 'B');
    new s3.CfnBucketPolicy(f.stack, 'Policy', {
      bucket: b.ref,
      policyDocument: { Statement: [{ ...denyPlainHttp(['*']), Action: 's3:GetObject' }] },
    });
    expect(f.status('S3.TlsOnly', 'B')).toBe('FAIL');
    expect(f.message('S3.TlsOnly', 'B')).toMatch(/denies every S3 action \(s3:\*\)/);
  });
  test('FAIL given only the server access logs bucket\'s policy, which names the bucket in a condition', () => {
    const f = new ControlFixture();
    const logs = new s3.Bucket(f.stack, 'Logs', { enforceSSL: true });
    new s3.Bucket(f.stack, 'B', { serverAccessLogsBucket: logs });
    expect(f.status('S3.TlsOnly', 'B/Resource')).toBe('FAIL');
    expect(f.message('S3.TlsOnly', 'B/Resource')).toMatch(/no bucket policy/);
    expect(f.status('S3.TlsOnly', 'Logs/Resource')).toBe('PASS');
  });
  test('FAIL given two bucket policies on the bucket, one without the TLS statement: only one is in effect', () => {
    const f = new ControlFixture();
    const b = new s3.Bucket(f.stack, 'B', { enforceSSL: true });
    new s3.CfnBucketPolicy(f.stack, 'Second', {
      bucket: b.bucketName,
      policyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: '*' }] },
    });
    expect(f.status('S3.TlsOnly', 'B/Resource')).toBe('FAIL');
    expect(f.message('S3.TlsOnly', 'B/Resource')).toMatch(/2 bucket policies \(.*Second.*\) target the bucket, and S3 keeps only the one applied last/);
  });
  test('FAIL given two policies that cover the bucket ARN and the objects between them (their statements are not merged)', () => {
    const f = new ControlFixture();
    const b = new s3.Bucket(f.stack, 'B', { bucketName: 'phi-records' });
    new s3.CfnBucketPolicy(f.stack, 'ForBucket', { bucket: b.bucketName, policyDocument: { Statement: [denyPlainHttp([b.bucketArn])] } });
    new s3.CfnBucketPolicy(f.stack, 'ForObjects', { bucket: 'phi-records', policyDocument: { Statement: [denyPlainHttp([b.arnForObjects('*')])] } });
    expect(f.status('S3.TlsOnly', 'B/Resource')).toBe('FAIL');
    expect(f.message('S3.TlsOnly', 'B/Resource')).toMatch(/2 bucket policies/);
  });
  test('PASS given two bucket policies that each deny plain HTTP', () => {
    const f = new ControlFixture();
    const b = new s3.Bucket(f.stack, 'B', { enforceSSL: true });
    new s3.CfnBucketPolicy(f.stack, 'Second', { bucket: b.bucketName, policyDocument: { Statement: [denyPlainHttp(['*'])] } });
    expect(f.status('S3.TlsOnly', 'B/Resource')).toBe('PASS');
  });
  test('PASS given a policy on a bucket outside the app that denies plain HTTP; FAIL given one that does not', () => {
    const f = new ControlFixture();
    new s3.CfnBucketPolicy(f.stack, 'Legacy', {
      bucket: 'legacy-phi',
      policyDocument: { Statement: [denyPlainHttp([{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::legacy-phi' }, 'arn:aws:s3:::legacy-phi/*'])] },
    });
    new s3.CfnBucketPolicy(f.stack, 'Open', {
      bucket: 'other-phi',
      policyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::other-phi/*' }] },
    });
    expect(f.status('S3.TlsOnly', 'Legacy')).toBe('PASS');
    expect(f.status('S3.TlsOnly', 'Open')).toBe('FAIL');
    expect(f.message('S3.TlsOnly', 'Open')).toMatch(/no statement of bucket policy Open denies/);
  });
  test('PASS given a policy on a bucket named by a parameter, with ARNs built from the same parameter', () => {
    const f = new ControlFixture();
    const name = new CfnParameter(f.stack, 'BucketName', { type: 'String' }).valueAsString;
    new s3.CfnBucketPolicy(f.stack, 'Policy', {
      bucket: name,
      policyDocument: { Statement: [denyPlainHttp([`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`])] },
    });
    expect(f.status('S3.TlsOnly', 'Policy')).toBe('PASS');
  });
});

describe('S3.DenyWrongEncryptionHeader', () => {
  test('FAIL given only the TLS statement', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { enforceSSL: true });
    expect(f.status('S3.DenyWrongEncryptionHeader', 'B')).toBe('FAIL');
  });
  test('FAIL given a second bucket policy without the statement: only one policy is in effect', () => {
    const f = new ControlFixture();
    const b = compliantBucket(f, 'B');
    new s3.CfnBucketPolicy(f.stack, 'Second', { bucket: b.bucketName, policyDocument: { Statement: [denyPlainHttp(['*'])] } });
    expect(f.status('S3.DenyWrongEncryptionHeader', 'B/Resource')).toBe('FAIL');
    expect(f.message('S3.DenyWrongEncryptionHeader', 'B/Resource')).toMatch(/2 bucket policies .* S3 keeps only the one applied last/);
  });
  test('UNVERIFIABLE given the statement\'s Resource from a parameter', () => {
    const f = new ControlFixture();
    const b = new s3.CfnBucket(f.stack, 'B');
    const arn = new CfnParameter(f.stack, 'Arn', { type: 'String' }).valueAsString;
    new s3.CfnBucketPolicy(f.stack, 'Policy', {
      bucket: b.ref,
      policyDocument: {
        Statement: [{
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: `${arn}/*`,
          Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
        }],
      },
    });
    expect(f.status('S3.DenyWrongEncryptionHeader', 'B')).toBe('UNVERIFIABLE');
  });
});

describe('S3.NoPublicWrite', () => {
  test('PASS given the L2 default; PASS given a public write grant scoped by aws:SourceAccount', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Plain');
    const b = new s3.Bucket(f.stack, 'Scoped');
    b.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [b.arnForObjects('*')],
      conditions: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    }));
    expect(f.status('S3.NoPublicWrite', 'Plain')).toBe('PASS');
    expect(f.status('S3.NoPublicWrite', 'Scoped/Resource')).toBe('PASS');
  });
  test('FAIL given a PublicReadWrite canned ACL', () => {
    const f = new ControlFixture();
    new s3.CfnBucket(f.stack, 'B', { accessControl: 'PublicReadWrite' });
    expect(f.status('S3.NoPublicWrite', 'B')).toBe('FAIL');
    expect(f.message('S3.NoPublicWrite', 'B')).toMatch(/PublicReadWrite/);
  });
  test('FAIL given a bucket policy that lets everyone put objects', () => {
    const f = new ControlFixture();
    const b = new s3.Bucket(f.stack, 'B');
    b.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['s3:Put*'], resources: [b.arnForObjects('*')] }));
    expect(f.status('S3.NoPublicWrite', 'B/Resource')).toBe('FAIL');
    expect(f.message('S3.NoPublicWrite', 'B/Resource')).toMatch(/allows everyone \(Principal \*\) to s3:Put\*/);
  });
  test('UNVERIFIABLE given the ACL from a parameter', () => {
    const f = new ControlFixture();
    new s3.CfnBucket(f.stack, 'B', { accessControl: new CfnParameter(f.stack, 'Acl', { type: 'String' }).valueAsString });
    expect(f.status('S3.NoPublicWrite', 'B')).toBe('UNVERIFIABLE');
  });
});

describe('S3.NoPublicWrite (shared open-to-everyone reading)', () => {
  test('FAIL given NotPrincipal, or a write grant to * under an IfExists or negated condition', () => {
    const f = new ControlFixture();
    const cases: Array<[string, any]> = [
      ['NotPrincipal', { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:PutObject', Resource: '*' }],
      ['IfExists', { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '123456789012' } } }],
      ['Negated', { Effect: 'Allow', Principal: { AWS: ['*'] }, Action: 's3:DeleteObject', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }],
    ];
    for (const [id, statement] of cases) {
      const b = new s3.CfnBucket(f.stack, id);
      new s3.CfnBucketPolicy(f.stack, `${id}Policy`, { bucket: b.ref, policyDocument: { Statement: [statement] } });
    }
    for (const [id] of cases) expect(f.status('S3.NoPublicWrite', id)).toBe('FAIL');
    expect(f.status('S3.NoPublicWrite', 'NotPrincipal')).toBe('FAIL');
    expect(f.message('S3.NoPublicWrite', 'NotPrincipal')).toMatch(/everyone but the NotPrincipal it names to s3:PutObject/);
  });
  test('UNVERIFIABLE given a bucket policy document from a parameter', () => {
    const f = new ControlFixture();
    const b = new s3.CfnBucket(f.stack, 'B');
    new s3.CfnBucketPolicy(f.stack, 'Policy', { bucket: b.ref, policyDocument: new CfnParameter(f.stack, 'Doc').valueAsString });
    expect(f.status('S3.NoPublicWrite', 'B')).toBe('UNVERIFIABLE');
  });
});

describe('S3.NoPublicReadPolicy', () => {
  const ID = 'S3.NoPublicReadPolicy';
  test('PASS given the L2 default, grants to a role, a CloudFront origin access control statement and * narrowed to a VPC endpoint', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Plain');
    const b = new s3.Bucket(f.stack, 'Granted', { enforceSSL: true });
    b.grantRead(new iam.Role(f.stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    b.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
      actions: ['s3:GetObject'],
      resources: [b.arnForObjects('*')],
      conditions: { StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE' } },
    }));
    b.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:GetObject'],
      resources: [b.arnForObjects('*')],
      conditions: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
    }));
    expect(f.status(ID, 'Plain')).toBe('PASS');
    expect(f.status(ID, 'Granted/Resource')).toBe('PASS');
  });
  test('FAIL given publicReadAccess: true (grantPublicAccess)', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { publicReadAccess: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY });
    expect(f.status(ID, 'B/Resource')).toBe('FAIL');
    expect(f.message(ID, 'B/Resource')).toMatch(/allows everyone \(Principal \*\) to s3:GetObject without a source, account or organization condition, so anyone may read/);
  });
  test('FAIL given s3:* or s3:List* to AWS * on an L1 bucket policy', () => {
    const f = new ControlFixture();
    for (const action of ['s3:*', 's3:List*']) {
      const id = action === 's3:*' ? 'All' : 'List';
      const b = new s3.CfnBucket(f.stack, id);
      new s3.CfnBucketPolicy(f.stack, `${id}Policy`, {
        bucket: b.ref, policyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: action, Resource: [b.attrArn, `${b.attrArn}/*`] }] },
      });
    }
    expect(f.status(ID, 'All')).toBe('FAIL');
    expect(f.status(ID, 'List')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a principal or a narrowing condition value from a parameter', () => {
    const f = new ControlFixture();
    const who = new s3.Bucket(f.stack, 'Who');
    who.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ArnPrincipal(new CfnParameter(f.stack, 'Reader').valueAsString)], actions: ['s3:GetObject'], resources: [who.arnForObjects('*')],
    }));
    const org = new s3.Bucket(f.stack, 'Org');
    org.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:GetObject'],
      resources: [org.arnForObjects('*')],
      conditions: { StringEquals: { 'aws:PrincipalOrgID': new CfnParameter(f.stack, 'OrgId').valueAsString } },
    }));
    expect(f.status(ID, 'Who/Resource')).toBe('UNVERIFIABLE');
    expect(f.status(ID, 'Org/Resource')).toBe('UNVERIFIABLE');
  });
});

describe('S3.Replication', () => {
  test('PASS given a replication configuration with an enabled rule', () => {
    const f = new ControlFixture();
    new s3.CfnBucket(f.stack, 'B', {
      versioningConfiguration: { status: 'Enabled' },
      replicationConfiguration: {
        role: 'arn:aws:iam::123456789012:role/replication',
        rules: [{ status: 'Enabled', destination: { bucket: 'arn:aws:s3:::phi-replica' } }],
      },
    });
    expect(f.status('S3.Replication', 'B')).toBe('PASS');
  });
  test('FAIL given a replication configuration whose only rule is disabled', () => {
    const f = new ControlFixture();
    new s3.CfnBucket(f.stack, 'B', {
      versioningConfiguration: { status: 'Enabled' },
      replicationConfiguration: {
        role: 'arn:aws:iam::123456789012:role/replication',
        rules: [{ status: 'Disabled', destination: { bucket: 'arn:aws:s3:::phi-replica' } }],
      },
    });
    expect(f.status('S3.Replication', 'B')).toBe('FAIL');
    expect(f.message('S3.Replication', 'B')).toMatch(/no enabled replication rule/);
  });
});

describe('S3.AuditLogObjectLock', () => {
  test('FAIL given a CloudTrail bucket without Object Lock', () => {
    const f = new ControlFixture();
    const b = new s3.Bucket(f.stack, 'TrailBucket');
    new cloudtrail.Trail(f.stack, 'Trail', { bucket: b });
    expect(f.status('S3.AuditLogObjectLock', 'TrailBucket/Resource')).toBe('FAIL');
    expect(f.message('S3.AuditLogObjectLock', 'TrailBucket/Resource')).toMatch(/Object Lock is not enabled/);
  });
  test('PASS given a CloudTrail bucket with Object Lock', () => {
    const f = new ControlFixture();
    const b = new s3.Bucket(f.stack, 'TrailBucket', { objectLockEnabled: true });
    new cloudtrail.Trail(f.stack, 'Trail', { bucket: b });
    expect(f.status('S3.AuditLogObjectLock', 'TrailBucket/Resource')).toBe('PASS');
  });
});

describe('S3.NoncurrentVersionLifecycle', () => {
  test('FAIL given versioning without a noncurrent rule', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { versioned: true });
    expect(f.status('S3.NoncurrentVersionLifecycle', 'B')).toBe('FAIL');
  });
  test('N/A given no versioning', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B');
    expect(f.status('S3.NoncurrentVersionLifecycle', 'B')).toBe('N/A');
  });
});

describe('S3.DataRetained', () => {
  test('FAIL given RemovalPolicy.DESTROY', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { removalPolicy: RemovalPolicy.DESTROY });
    expect(f.status('S3.DataRetained', 'B')).toBe('FAIL');
  });
  test('FAIL given a DeletionPolicy override to Delete', () => {
    const f = new ControlFixture();
    const b = new s3.Bucket(f.stack, 'B');
    (b.node.defaultChild as s3.CfnBucket).addOverride('DeletionPolicy', 'Delete');
    expect(f.status('S3.DataRetained', 'B')).toBe('FAIL');
    expect(f.message('S3.DataRetained', 'B')).toMatch(/DeletionPolicy is Delete/);
  });
});

describe('S3.NoncurrentVersionRetention', () => {
  test('PASS given noncurrent versions kept six years', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Bucket', { versioned: true, lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(2192) }] });
    expect(f.status('S3.NoncurrentVersionRetention', 'Bucket')).toBe('PASS');
  });
  test('PASS given no lifecycle rule (noncurrent versions are kept)', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Bucket', { versioned: true });
    expect(f.status('S3.NoncurrentVersionRetention', 'Bucket')).toBe('PASS');
  });
  test('FAIL given noncurrent versions deleted after 7 days', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Bucket', { versioned: true, lifecycleRules: [{ id: 'short', noncurrentVersionExpiration: Duration.days(7) }] });
    expect(f.status('S3.NoncurrentVersionRetention', 'Bucket')).toBe('FAIL');
    expect(f.message('S3.NoncurrentVersionRetention', 'Bucket')).toMatch(/lifecycle rule short deletes noncurrent versions after 7 days/);
  });
  test('PASS given a short rule that is disabled', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Bucket', { versioned: true, lifecycleRules: [{ enabled: false, noncurrentVersionExpiration: Duration.days(7) }] });
    expect(f.status('S3.NoncurrentVersionRetention', 'Bucket')).toBe('PASS');
  });
  test('N/A given an unversioned bucket', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Bucket');
    expect(f.status('S3.NoncurrentVersionRetention', 'Bucket')).toBe('N/A');
  });
  test('UNVERIFIABLE given the expiration from a parameter', () => {
    const f = new ControlFixture();
    const days = new CfnParameter(f.stack, 'Days', { type: 'Number' });
    new s3.CfnBucket(f.stack, 'Bucket', {
      versioningConfiguration: { status: 'Enabled' },
      lifecycleConfiguration: { rules: [{ status: 'Enabled', noncurrentVersionExpiration: { noncurrentDays: days.valueAsNumber } }] },
    });
    expect(f.status('S3.NoncurrentVersionRetention', 'Bucket')).toBe('UNVERIFIABLE');
  });
});

import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagCase } from './types';

const BUCKET = 'Bucket/Resource';

/** An L2 bucket with id 'Bucket'; returns its resource path. */
function bucket(stack: Stack, props: s3.BucketProps = {}): string {
  new s3.Bucket(stack, 'Bucket', props);
  return BUCKET;
}

/** An L1 bucket with id 'Bucket'; returns its path. */
function cfnBucket(stack: Stack, props: s3.CfnBucketProps = {}): string {
  new s3.CfnBucket(stack, 'Bucket', props);
  return 'Bucket';
}

/** Every public access block setting on or off. */
function allPublicAccessBlock(on: boolean): s3.CfnBucket.PublicAccessBlockConfigurationProperty {
  return { blockPublicAcls: on, blockPublicPolicy: on, ignorePublicAcls: on, restrictPublicBuckets: on };
}

const BUCKET_LEVEL_PUBLIC_ACCESS: NagCase[] = [
  {
    rule: 'S3BucketLevelPublicAccessProhibited',
    compliant: true,
    title: 'bucket blocking all public access',
    build: (stack) => bucket(stack, { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL }),
  },
  {
    rule: 'S3BucketLevelPublicAccessProhibited',
    compliant: true,
    title: 'no bucket-level block in the template (account or service default applies)',
    build: (stack) => bucket(stack),
  },
  {
    rule: 'S3BucketLevelPublicAccessProhibited',
    compliant: false,
    title: 'ACLs blocked but public policies allowed',
    build: (stack) => bucket(stack, { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY }),
  },
  {
    rule: 'S3BucketLevelPublicAccessProhibited',
    compliant: false,
    title: 'every public access block setting off',
    build: (stack) => cfnBucket(stack, { publicAccessBlockConfiguration: allPublicAccessBlock(false) }),
  },
  {
    rule: 'S3BucketLevelPublicAccessProhibited',
    compliant: false,
    title: 'three of four settings on (RestrictPublicBuckets not set)',
    build: (stack) => cfnBucket(stack, {
      publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true },
    }),
  },
];

const LOGGING: NagCase[] = [
  {
    rule: 'S3BucketLoggingEnabled',
    compliant: true,
    title: 'server access logs to another bucket',
    build: (stack) => bucket(stack, { serverAccessLogsBucket: new s3.Bucket(stack, 'AccessLogs') }),
  },
  {
    rule: 'S3BucketLoggingEnabled',
    compliant: true,
    title: 'the log bucket other buckets deliver their access logs to',
    build: (stack) => {
      const logs = new s3.Bucket(stack, 'AccessLogs');
      new s3.Bucket(stack, 'Bucket', { serverAccessLogsBucket: logs, serverAccessLogsPrefix: 'data/' });
      return 'AccessLogs/Resource';
    },
  },
  {
    rule: 'S3BucketLoggingEnabled',
    compliant: true,
    title: 'access logs to a prefix in the bucket itself',
    build: (stack) => bucket(stack, { serverAccessLogsPrefix: 'access-logs/' }),
  },
  {
    rule: 'S3BucketLoggingEnabled',
    compliant: false,
    title: 'bucket without access logging',
    build: (stack) => bucket(stack),
  },
  {
    rule: 'S3BucketLoggingEnabled',
    compliant: false,
    title: 'L1 bucket without LoggingConfiguration',
    build: (stack) => cfnBucket(stack, { versioningConfiguration: { status: 'Enabled' } }),
  },
];

const PUBLIC_READ: NagCase[] = [
  {
    rule: 'S3BucketPublicReadProhibited',
    compliant: true,
    title: 'bucket blocking all public access',
    build: (stack) => bucket(stack, { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL }),
  },
  {
    rule: 'S3BucketPublicReadProhibited',
    compliant: true,
    title: 'public policies blocked, PublicRead ACL neutralised by BlockPublicAcls',
    build: (stack) => cfnBucket(stack, { accessControl: 'PublicRead', publicAccessBlockConfiguration: allPublicAccessBlock(true) }),
  },
  {
    rule: 'S3BucketPublicReadProhibited',
    compliant: true,
    title: 'public policies blocked, ACLs allowed, private canned ACL',
    build: (stack) => cfnBucket(stack, { accessControl: 'Private', publicAccessBlockConfiguration: { blockPublicPolicy: true } }),
  },
  {
    rule: 'S3BucketPublicReadProhibited',
    compliant: false,
    title: 'no public access block in the template',
    build: (stack) => bucket(stack),
  },
  {
    rule: 'S3BucketPublicReadProhibited',
    compliant: false,
    title: 'public policies allowed (ACLs blocked only)',
    build: (stack) => bucket(stack, { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY }),
  },
  {
    rule: 'S3BucketPublicReadProhibited',
    compliant: false,
    title: 'PublicRead ACL with public ACLs not blocked',
    build: (stack) => cfnBucket(stack, { accessControl: 'PublicRead', publicAccessBlockConfiguration: { blockPublicPolicy: true } }),
  },
];

const PUBLIC_WRITE: NagCase[] = [
  {
    rule: 'S3BucketPublicWriteProhibited',
    compliant: true,
    title: 'bucket blocking all public access',
    build: (stack) => bucket(stack, { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL }),
  },
  {
    rule: 'S3BucketPublicWriteProhibited',
    compliant: true,
    title: 'PublicRead (not write) ACL with public policies blocked',
    build: (stack) => cfnBucket(stack, { accessControl: 'PublicRead', publicAccessBlockConfiguration: { blockPublicPolicy: true } }),
  },
  {
    rule: 'S3BucketPublicWriteProhibited',
    compliant: false,
    title: 'no public access block in the template',
    build: (stack) => bucket(stack),
  },
  {
    rule: 'S3BucketPublicWriteProhibited',
    compliant: false,
    title: 'PublicReadWrite ACL with public ACLs not blocked',
    build: (stack) => cfnBucket(stack, { accessControl: 'PublicReadWrite', publicAccessBlockConfiguration: { blockPublicPolicy: true } }),
  },
  {
    rule: 'S3BucketPublicWriteProhibited',
    compliant: false,
    title: 'every public access block setting off',
    build: (stack) => cfnBucket(stack, { publicAccessBlockConfiguration: allPublicAccessBlock(false) }),
  },
];

const REPLICATION: NagCase[] = [
  {
    rule: 'S3BucketReplicationEnabled',
    compliant: true,
    title: 'versioned bucket replicating to another bucket',
    build: (stack) => {
      const replica = new s3.Bucket(stack, 'Replica', { versioned: true });
      return bucket(stack, { versioned: true, replicationRules: [{ destination: replica, priority: 1 }] });
    },
  },
  {
    rule: 'S3BucketReplicationEnabled',
    compliant: true,
    title: 'one disabled and one enabled replication rule',
    build: (stack) => cfnBucket(stack, {
      versioningConfiguration: { status: 'Enabled' },
      replicationConfiguration: {
        role: 'arn:aws:iam::123456789012:role/s3-replication',
        rules: [
          { status: 'Disabled', destination: { bucket: 'arn:aws:s3:::old-replica' }, priority: 1, filter: { prefix: 'old/' }, deleteMarkerReplication: { status: 'Disabled' } },
          { status: 'Enabled', destination: { bucket: 'arn:aws:s3:::dr-replica' }, priority: 2, filter: { prefix: '' }, deleteMarkerReplication: { status: 'Disabled' } },
        ],
      },
    }),
  },
  {
    rule: 'S3BucketReplicationEnabled',
    compliant: false,
    title: 'bucket without replication',
    build: (stack) => bucket(stack, { versioned: true }),
  },
  {
    rule: 'S3BucketReplicationEnabled',
    compliant: false,
    title: 'only replication rule disabled',
    build: (stack) => cfnBucket(stack, {
      versioningConfiguration: { status: 'Enabled' },
      replicationConfiguration: {
        role: 'arn:aws:iam::123456789012:role/s3-replication',
        rules: [{ status: 'Disabled', destination: { bucket: 'arn:aws:s3:::dr-replica' } }],
      },
    }),
  },
];

const SSL_ONLY: NagCase[] = [
  {
    rule: 'S3BucketSSLRequestsOnly',
    compliant: true,
    title: 'bucket with enforceSSL',
    build: (stack) => bucket(stack, { enforceSSL: true }),
  },
  {
    rule: 'S3BucketSSLRequestsOnly',
    compliant: true,
    title: 'the bucket policy enforceSSL writes',
    build: (stack) => {
      bucket(stack, { enforceSSL: true });
      return 'Bucket/Policy/Resource';
    },
  },
  {
    rule: 'S3BucketSSLRequestsOnly',
    compliant: true,
    title: 'L1 policy denying insecure transport for a named bucket',
    build: (stack) => {
      new s3.CfnBucket(stack, 'Bucket', { bucketName: 'patient-uploads' });
      new s3.CfnBucketPolicy(stack, 'Policy', {
        bucket: 'patient-uploads',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Resource: ['arn:aws:s3:::patient-uploads', 'arn:aws:s3:::patient-uploads/*'],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }],
        },
      });
      return 'Bucket';
    },
  },
  {
    rule: 'S3BucketSSLRequestsOnly',
    compliant: false,
    title: 'bucket without a bucket policy',
    build: (stack) => bucket(stack),
  },
  {
    rule: 'S3BucketSSLRequestsOnly',
    compliant: false,
    title: 'bucket policy that grants access but does not deny plain HTTP',
    build: (stack) => {
      const b = new s3.Bucket(stack, 'Bucket');
      b.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.AccountRootPrincipal()],
        actions: ['s3:GetObject'],
        resources: [b.arnForObjects('*')],
      }));
      return 'Bucket/Policy/Resource';
    },
  },
  {
    rule: 'S3BucketSSLRequestsOnly',
    compliant: false,
    title: 'insecure-transport deny that covers objects but not the bucket',
    build: (stack) => {
      const b = new s3.Bucket(stack, 'Bucket');
      b.addToResourcePolicy(new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:*'],
        resources: [b.arnForObjects('*')],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
      return BUCKET;
    },
  },
  {
    rule: 'S3BucketSSLRequestsOnly',
    compliant: false,
    title: 'insecure-transport deny limited to s3:GetObject',
    build: (stack) => {
      const b = new s3.Bucket(stack, 'Bucket');
      b.addToResourcePolicy(new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject'],
        resources: [b.bucketArn, b.arnForObjects('*')],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
      return BUCKET;
    },
  },
];

const VERSIONING: NagCase[] = [
  {
    rule: 'S3BucketVersioningEnabled',
    compliant: true,
    title: 'versioned bucket',
    build: (stack) => bucket(stack, { versioned: true }),
  },
  {
    rule: 'S3BucketVersioningEnabled',
    compliant: false,
    title: 'bucket without versioning',
    build: (stack) => bucket(stack),
  },
  {
    rule: 'S3BucketVersioningEnabled',
    compliant: false,
    title: 'versioning suspended',
    build: (stack) => cfnBucket(stack, { versioningConfiguration: { status: 'Suspended' } }),
  },
];

const DEFAULT_ENCRYPTION_KMS: NagCase[] = [
  {
    rule: 'S3DefaultEncryptionKMS',
    compliant: true,
    title: 'SSE-KMS with a customer-managed key',
    build: (stack) => bucket(stack, { encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) }),
  },
  {
    rule: 'S3DefaultEncryptionKMS',
    compliant: true,
    title: 'SSE-KMS with the AWS-managed aws/s3 key',
    build: (stack) => bucket(stack, { encryption: s3.BucketEncryption.KMS_MANAGED }),
  },
  {
    rule: 'S3DefaultEncryptionKMS',
    compliant: false,
    title: 'bucket without an encryption configuration in the template',
    build: (stack) => bucket(stack),
  },
  {
    rule: 'S3DefaultEncryptionKMS',
    compliant: false,
    title: 'SSE-S3 (AES256)',
    build: (stack) => bucket(stack, { encryption: s3.BucketEncryption.S3_MANAGED }),
  },
  {
    rule: 'S3DefaultEncryptionKMS',
    compliant: false,
    title: 'dual-layer SSE-KMS (aws:kms:dsse is not matched)',
    build: (stack) => bucket(stack, { encryption: s3.BucketEncryption.DSSE_MANAGED }),
  },
];

export const CASES: readonly NagCase[] = [
  ...BUCKET_LEVEL_PUBLIC_ACCESS,
  ...LOGGING,
  ...PUBLIC_READ,
  ...PUBLIC_WRITE,
  ...REPLICATION,
  ...SSL_ONLY,
  ...VERSIONING,
  ...DEFAULT_ENCRYPTION_KMS,
];

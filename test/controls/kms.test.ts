import { CfnParameter, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ControlFixture } from './harness';

describe('KMS.KeyRotation', () => {
  test('PASS given rotation enabled', () => {
    const f = new ControlFixture();
    new kms.Key(f.stack, 'Key', { enableKeyRotation: true });
    expect(f.status('KMS.KeyRotation', 'Key')).toBe('PASS');
  });
  test('FAIL given the L2 default (rotation off)', () => {
    const f = new ControlFixture();
    new kms.Key(f.stack, 'Key');
    expect(f.status('KMS.KeyRotation', 'Key')).toBe('FAIL');
  });
  test('FAIL given an L1 key with EnableKeyRotation false', () => {
    const f = new ControlFixture();
    new kms.CfnKey(f.stack, 'Key', { enableKeyRotation: false });
    expect(f.status('KMS.KeyRotation', 'Key')).toBe('FAIL');
    expect(f.message('KMS.KeyRotation', 'Key')).toMatch(/EnableKeyRotation is not true/);
  });
  test('N/A given an asymmetric key', () => {
    const f = new ControlFixture();
    new kms.Key(f.stack, 'Key', { keySpec: kms.KeySpec.RSA_2048, keyUsage: kms.KeyUsage.SIGN_VERIFY });
    expect(f.status('KMS.KeyRotation', 'Key')).toBe('N/A');
  });
  test('UNVERIFIABLE given rotation from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Rotate', { type: 'String' });
    new kms.CfnKey(f.stack, 'Key', { enableKeyRotation: p.valueAsString as any });
    expect(f.status('KMS.KeyRotation', 'Key')).toBe('UNVERIFIABLE');
  });
});

describe('KMS.PendingWindow', () => {
  test('PASS given the default window', () => {
    const f = new ControlFixture();
    new kms.Key(f.stack, 'Key');
    expect(f.status('KMS.PendingWindow', 'Key')).toBe('PASS');
  });
  test('FAIL given 7 days', () => {
    const f = new ControlFixture();
    new kms.Key(f.stack, 'Key', { pendingWindow: Duration.days(7) });
    expect(f.status('KMS.PendingWindow', 'Key')).toBe('FAIL');
    expect(f.message('KMS.PendingWindow', 'Key')).toMatch(/PendingWindowInDays is 7/);
  });
  test('UNVERIFIABLE given the window from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Days', { type: 'Number' });
    new kms.CfnKey(f.stack, 'Key', { enableKeyRotation: true, pendingWindowInDays: p.valueAsNumber });
    expect(f.status('KMS.PendingWindow', 'Key')).toBe('UNVERIFIABLE');
  });
});

describe('KMS.KeyEnabled', () => {
  test('PASS given an enabled key', () => {
    const f = new ControlFixture();
    new kms.Key(f.stack, 'Key');
    expect(f.status('KMS.KeyEnabled', 'Key')).toBe('PASS');
  });
  test('FAIL given enabled: false', () => {
    const f = new ControlFixture();
    new kms.Key(f.stack, 'Key', { enabled: false });
    expect(f.status('KMS.KeyEnabled', 'Key')).toBe('FAIL');
  });
  test('UNVERIFIABLE given Enabled from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Enabled', { type: 'String' });
    new kms.CfnKey(f.stack, 'Key', { enableKeyRotation: true, enabled: p.valueAsString as any });
    expect(f.status('KMS.KeyEnabled', 'Key')).toBe('UNVERIFIABLE');
  });
});

describe('KMS.KeyRetained', () => {
  test('PASS given the L2 default (Retain)', () => {
    const f = new ControlFixture();
    new kms.Key(f.stack, 'Key');
    expect(f.status('KMS.KeyRetained', 'Key')).toBe('PASS');
  });
  test('FAIL given RemovalPolicy.DESTROY', () => {
    const f = new ControlFixture();
    new kms.Key(f.stack, 'Key', { removalPolicy: RemovalPolicy.DESTROY });
    expect(f.status('KMS.KeyRetained', 'Key')).toBe('FAIL');
    expect(f.message('KMS.KeyRetained', 'Key')).toMatch(/DeletionPolicy is Delete/);
  });
  test('FAIL given an L1 key (CloudFormation deletes by default)', () => {
    const f = new ControlFixture();
    new kms.CfnKey(f.stack, 'Key', { enableKeyRotation: true });
    expect(f.status('KMS.KeyRetained', 'Key')).toBe('FAIL');
  });
});

describe('key references', () => {
  test('an AWS-managed alias rendered as an ARN join is recognised as AWS-managed', () => {
    const f = new ControlFixture();
    const alias = kms.Alias.fromAliasName(f.stack, 'Managed', 'alias/aws/s3');
    new s3.CfnBucket(f.stack, 'B', {
      bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: alias.keyArn } }] },
    });
    expect(f.status('S3.CustomerManagedKey', 'B')).toBe('FAIL');
  });
});

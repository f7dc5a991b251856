import { Aws, CfnParameter, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
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

describe('KMS.NoPublicAccess', () => {
  const ID = 'KMS.NoPublicAccess';
  const everyone = (conditions?: Record<string, any>) => new iam.PolicyStatement({
    principals: [new iam.AnyPrincipal()], actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], resources: ['*'], conditions,
  });
  test('PASS given the aws-cdk-lib default key policy (the account root) and grants to a role', () => {
    const f = new ControlFixture();
    const key = new kms.Key(f.stack, 'Key');
    key.grantDecrypt(new iam.Role(f.stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    key.grantEncrypt(new iam.ArnPrincipal('arn:aws:iam::111122223333:role/Partner'));
    expect(f.status(ID, 'Key')).toBe('PASS');
  });
  test('PASS given an L1 key without a KeyPolicy (KMS trusts the account)', () => {
    const f = new ControlFixture();
    new kms.CfnKey(f.stack, 'Key', { enableKeyRotation: true });
    expect(f.status(ID, 'Key')).toBe('PASS');
  });
  test('PASS given * narrowed by kms:CallerAccount (with kms:ViaService) or by aws:PrincipalOrgID', () => {
    const f = new ControlFixture();
    const key = new kms.Key(f.stack, 'Key');
    key.addToResourcePolicy(everyone({ StringEquals: { 'kms:CallerAccount': Aws.ACCOUNT_ID, 'kms:ViaService': `ec2.${Aws.REGION}.amazonaws.com` } }));
    key.addToResourcePolicy(everyone({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }));
    expect(f.status(ID, 'Key')).toBe('PASS');
  });
  test('FAIL given an Allow to AnyPrincipal without a condition', () => {
    const f = new ControlFixture();
    new kms.Key(f.stack, 'Key').addToResourcePolicy(everyone());
    expect(f.status(ID, 'Key')).toBe('FAIL');
    expect(f.message(ID, 'Key')).toMatch(/KeyPolicy allows everyone \(Principal \*\) to kms:Decrypt, kms:GenerateDataKey\* .*any AWS account/);
  });
  test('FAIL given * narrowed only by kms:ViaService, a negated or IfExists operator, or a * value', () => {
    for (const condition of [
      { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
      { StringNotEquals: { 'aws:PrincipalAccount': '123456789012' } },
      { StringEqualsIfExists: { 'aws:SourceAccount': '123456789012' } },
      { StringLike: { 'aws:PrincipalOrgID': '*' } },
    ]) {
      const f = new ControlFixture();
      new kms.Key(f.stack, 'Key').addToResourcePolicy(everyone(condition));
      expect(f.status(ID, 'Key')).toBe('FAIL');
    }
  });
  test('FAIL given an Allow with NotPrincipal (everyone but a few)', () => {
    const f = new ControlFixture();
    new kms.CfnKey(f.stack, 'Key', {
      keyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/Blocked' }, Action: 'kms:*', Resource: '*' }] },
    });
    expect(f.status(ID, 'Key')).toBe('FAIL');
    expect(f.message(ID, 'Key')).toMatch(/everyone but the NotPrincipal/);
  });
  test('FAIL given a JSON-string policy with * in an AWS list, and a replica key open to everyone', () => {
    const f = new ControlFixture();
    const open = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::123456789012:root', '*'] }, Action: 'kms:Decrypt', Resource: '*' }] };
    new kms.CfnKey(f.stack, 'Key').addPropertyOverride('KeyPolicy', JSON.stringify(open));
    new kms.CfnReplicaKey(f.stack, 'Replica', { primaryKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/mrk-1234', keyPolicy: open });
    expect(f.status(ID, 'Key')).toBe('FAIL');
    expect(f.status(ID, 'Replica')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the policy, a principal or a narrowing condition value from a parameter', () => {
    const f = new ControlFixture();
    new kms.CfnKey(f.stack, 'Document', { keyPolicy: new CfnParameter(f.stack, 'Policy').valueAsString });
    new kms.Key(f.stack, 'Principal').addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ArnPrincipal(new CfnParameter(f.stack, 'Who').valueAsString)], actions: ['kms:Decrypt'], resources: ['*'],
    }));
    new kms.Key(f.stack, 'Condition').addToResourcePolicy(everyone({ StringEquals: { 'kms:CallerAccount': new CfnParameter(f.stack, 'Account').valueAsString } }));
    expect(f.status(ID, 'Document')).toBe('UNVERIFIABLE');
    expect(f.status(ID, 'Principal')).toBe('UNVERIFIABLE');
    expect(f.status(ID, 'Condition')).toBe('UNVERIFIABLE');
  });
});

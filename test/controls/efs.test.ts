import { CfnParameter, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ControlFixture } from './harness';

function vpcOf(f: ControlFixture): ec2.Vpc {
  return new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
}

describe('a compliant file system', () => {
  test('passes every EFS control', () => {
    const f = new ControlFixture();
    new efs.FileSystem(f.stack, 'Fs', { vpc: vpcOf(f), kmsKey: new kms.Key(f.stack, 'Key') });
    for (const id of ['EFS.Encrypted', 'EFS.CustomerManagedKey', 'EFS.DataRetained']) {
      expect([id, f.status(id, 'Fs/Resource')]).toEqual([id, 'PASS']);
    }
  });
});

describe('EFS.Encrypted', () => {
  test('PASS given the efs.FileSystem default', () => {
    const f = new ControlFixture();
    new efs.FileSystem(f.stack, 'Fs', { vpc: vpcOf(f) });
    expect(f.status('EFS.Encrypted', 'Fs/Resource')).toBe('PASS');
  });
  test('FAIL given an L1 file system', () => {
    const f = new ControlFixture();
    new efs.CfnFileSystem(f.stack, 'Fs');
    expect(f.status('EFS.Encrypted', 'Fs')).toBe('FAIL');
    expect(f.message('EFS.Encrypted', 'Fs')).toMatch(/Encrypted is not set/);
  });
  test('FAIL given encrypted: false', () => {
    const f = new ControlFixture();
    new efs.FileSystem(f.stack, 'Fs', { vpc: vpcOf(f), encrypted: false });
    expect(f.status('EFS.Encrypted', 'Fs/Resource')).toBe('FAIL');
    expect(f.message('EFS.Encrypted', 'Fs/Resource')).toMatch(/Encrypted is false/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Enc', { type: 'String' });
    new efs.CfnFileSystem(f.stack, 'Fs', { encrypted: p.valueAsString as any });
    expect(f.status('EFS.Encrypted', 'Fs')).toBe('UNVERIFIABLE');
  });
});

describe('EFS.CustomerManagedKey', () => {
  test('FAIL given the efs.FileSystem default (aws/elasticfilesystem)', () => {
    const f = new ControlFixture();
    new efs.FileSystem(f.stack, 'Fs', { vpc: vpcOf(f) });
    expect(f.status('EFS.CustomerManagedKey', 'Fs/Resource')).toBe('FAIL');
    expect(f.message('EFS.CustomerManagedKey', 'Fs/Resource')).toMatch(/aws\/elasticfilesystem/);
  });
  test('N/A given an unencrypted L1 file system', () => {
    const f = new ControlFixture();
    new efs.CfnFileSystem(f.stack, 'Fs');
    expect(f.status('EFS.CustomerManagedKey', 'Fs')).toBe('N/A');
  });
  test('FAIL given an L1 file system naming alias/aws/elasticfilesystem', () => {
    const f = new ControlFixture();
    new efs.CfnFileSystem(f.stack, 'Fs', { encrypted: true, kmsKeyId: 'alias/aws/elasticfilesystem' });
    expect(f.status('EFS.CustomerManagedKey', 'Fs')).toBe('FAIL');
    expect(f.message('EFS.CustomerManagedKey', 'Fs')).toMatch(/AWS-managed key/);
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    const key = new CfnParameter(f.stack, 'KeyArn', { type: 'String' });
    new efs.CfnFileSystem(f.stack, 'Fs', { encrypted: true, kmsKeyId: key.valueAsString });
    expect(f.status('EFS.CustomerManagedKey', 'Fs')).toBe('UNVERIFIABLE');
  });
});

describe('EFS.DataRetained', () => {
  test('FAIL given RemovalPolicy.DESTROY', () => {
    const f = new ControlFixture();
    new efs.FileSystem(f.stack, 'Fs', { vpc: vpcOf(f), removalPolicy: RemovalPolicy.DESTROY });
    expect(f.status('EFS.DataRetained', 'Fs/Resource')).toBe('FAIL');
    expect(f.message('EFS.DataRetained', 'Fs/Resource')).toMatch(/DeletionPolicy is Delete/);
  });
});

describe('EFS.FileSystemPolicyTlsOnly', () => {
  test('PASS given a resource policy statement denying mounts without TLS', () => {
    const f = new ControlFixture();
    new efs.FileSystem(f.stack, 'Fs', { vpc: vpcOf(f) }).addToResourcePolicy(new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['*'],
      conditions: { Bool: { 'aws:SecureTransport': 'false' } },
    }));
    expect(f.status('EFS.FileSystemPolicyTlsOnly', 'Fs/Resource')).toBe('PASS');
  });
  test('FAIL given the efs.FileSystem default (no policy)', () => {
    const f = new ControlFixture();
    new efs.FileSystem(f.stack, 'Fs', { vpc: vpcOf(f) });
    expect(f.status('EFS.FileSystemPolicyTlsOnly', 'Fs/Resource')).toBe('FAIL');
    expect(f.message('EFS.FileSystemPolicyTlsOnly', 'Fs/Resource')).toMatch(/no FileSystemPolicy, so clients may mount it without TLS/);
  });
  test('FAIL given a TLS deny of ClientWrite only (mounts without TLS still succeed)', () => {
    const f = new ControlFixture();
    new efs.CfnFileSystem(f.stack, 'Fs', {
      encrypted: true,
      fileSystemPolicy: { Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'elasticfilesystem:ClientWrite', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
    });
    expect(f.status('EFS.FileSystemPolicyTlsOnly', 'Fs')).toBe('FAIL');
    expect(f.message('EFS.FileSystemPolicyTlsOnly', 'Fs')).toMatch(/no FileSystemPolicy statement denies elasticfilesystem:ClientMount/);
  });
  test('UNVERIFIABLE given the policy from a parameter', () => {
    const f = new ControlFixture();
    const fs = new efs.CfnFileSystem(f.stack, 'Fs', { encrypted: true });
    fs.addPropertyOverride('FileSystemPolicy', { 'Fn::ImportValue': 'shared-efs-policy' });
    expect(f.status('EFS.FileSystemPolicyTlsOnly', 'Fs')).toBe('UNVERIFIABLE');
  });
});

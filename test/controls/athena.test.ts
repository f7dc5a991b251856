import { CfnParameter } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ControlFixture } from './harness';

const OUTPUT = 's3://phi-athena-results/';

function workGroup(f: ControlFixture, workGroupConfiguration?: athena.CfnWorkGroup.WorkGroupConfigurationProperty): athena.CfnWorkGroup {
  return new athena.CfnWorkGroup(f.stack, 'WorkGroup', { name: 'phi-analysts', workGroupConfiguration });
}

describe('Athena.ResultsEncrypted', () => {
  test('PASS given SSE_KMS with a customer key', () => {
    const f = new ControlFixture();
    const key = new kms.Key(f.stack, 'Key');
    workGroup(f, { resultConfiguration: { outputLocation: OUTPUT, encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: key.keyArn } } });
    expect(f.status('Athena.ResultsEncrypted', 'WorkGroup')).toBe('PASS');
  });
  test('PASS given managed query results with a customer key', () => {
    const f = new ControlFixture();
    const key = new kms.Key(f.stack, 'Key');
    workGroup(f, { managedQueryResultsConfiguration: { enabled: true, encryptionConfiguration: { kmsKey: key.keyArn } } });
    expect(f.status('Athena.ResultsEncrypted', 'WorkGroup')).toBe('PASS');
  });
  test('fails when no result encryption is configured', () => {
    const f = new ControlFixture();
    workGroup(f, { resultConfiguration: { outputLocation: OUTPUT } });
    expect(f.status('Athena.ResultsEncrypted', 'WorkGroup')).toBe('FAIL');
    expect(f.message('Athena.ResultsEncrypted', 'WorkGroup')).toMatch(/EncryptionConfiguration is not set/);
  });
  test('fails when the workgroup has no configuration at all', () => {
    const f = new ControlFixture();
    workGroup(f);
    expect(f.status('Athena.ResultsEncrypted', 'WorkGroup')).toBe('FAIL');
  });
  test('fails when SSE_S3 is used', () => {
    const f = new ControlFixture();
    workGroup(f, { resultConfiguration: { outputLocation: OUTPUT, encryptionConfiguration: { encryptionOption: 'SSE_S3' } } });
    expect(f.status('Athena.ResultsEncrypted', 'WorkGroup')).toBe('FAIL');
    expect(f.message('Athena.ResultsEncrypted', 'WorkGroup')).toMatch(/SSE_S3/);
  });
  test('fails when CSE_KMS names an AWS-managed key', () => {
    const f = new ControlFixture();
    workGroup(f, { resultConfiguration: { outputLocation: OUTPUT, encryptionConfiguration: { encryptionOption: 'CSE_KMS', kmsKey: 'alias/aws/s3' } } });
    expect(f.status('Athena.ResultsEncrypted', 'WorkGroup')).toBe('FAIL');
  });
  test('fails when managed query results use the AWS-owned key', () => {
    const f = new ControlFixture();
    workGroup(f, { managedQueryResultsConfiguration: { enabled: true } });
    expect(f.status('Athena.ResultsEncrypted', 'WorkGroup')).toBe('FAIL');
    expect(f.message('Athena.ResultsEncrypted', 'WorkGroup')).toMatch(/AWS-owned key/);
  });
  test('UNVERIFIABLE given the key from a parameter', () => {
    const f = new ControlFixture();
    workGroup(f, {
      resultConfiguration: { outputLocation: OUTPUT, encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: new CfnParameter(f.stack, 'Key').valueAsString } },
    });
    expect(f.status('Athena.ResultsEncrypted', 'WorkGroup')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given the option from a parameter', () => {
    const f = new ControlFixture();
    workGroup(f, { resultConfiguration: { outputLocation: OUTPUT, encryptionConfiguration: { encryptionOption: new CfnParameter(f.stack, 'Option').valueAsString } } });
    expect(f.status('Athena.ResultsEncrypted', 'WorkGroup')).toBe('UNVERIFIABLE');
  });
});

describe('Athena.EnforceWorkGroupConfiguration', () => {
  test('PASS given enforceWorkGroupConfiguration: true', () => {
    const f = new ControlFixture();
    workGroup(f, { enforceWorkGroupConfiguration: true, resultConfiguration: { outputLocation: OUTPUT } });
    expect(f.status('Athena.EnforceWorkGroupConfiguration', 'WorkGroup')).toBe('PASS');
  });
  test('fails when left at its default', () => {
    const f = new ControlFixture();
    workGroup(f, { resultConfiguration: { outputLocation: OUTPUT } });
    expect(f.status('Athena.EnforceWorkGroupConfiguration', 'WorkGroup')).toBe('FAIL');
    expect(f.message('Athena.EnforceWorkGroupConfiguration', 'WorkGroup')).toMatch(/off by default/);
  });
  test('fails when false', () => {
    const f = new ControlFixture();
    workGroup(f, { enforceWorkGroupConfiguration: false });
    expect(f.status('Athena.EnforceWorkGroupConfiguration', 'WorkGroup')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    workGroup(f, { enforceWorkGroupConfiguration: new CfnParameter(f.stack, 'Enforce').valueAsString as any });
    expect(f.status('Athena.EnforceWorkGroupConfiguration', 'WorkGroup')).toBe('UNVERIFIABLE');
  });
});

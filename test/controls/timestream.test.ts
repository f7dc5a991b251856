import { CfnParameter, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as timestream from 'aws-cdk-lib/aws-timestream';
import { ControlFixture } from './harness';

const INFLUX_PROPS = {
  dbInstanceType: 'db.influx.medium',
  allocatedStorage: 20,
  vpcSubnetIds: ['subnet-0123456789abcdef0'],
  vpcSecurityGroupIds: ['sg-0123456789abcdef0'],
};

describe('Timestream.CustomerManagedKey', () => {
  test('PASS given a customer-managed key', () => {
    const f = new ControlFixture();
    new timestream.CfnDatabase(f.stack, 'Db', { databaseName: 'vitals', kmsKeyId: new kms.Key(f.stack, 'Key').keyArn });
    expect(f.status('Timestream.CustomerManagedKey', 'Db')).toBe('PASS');
  });
  test('fails when no key is set (aws/timestream)', () => {
    const f = new ControlFixture();
    new timestream.CfnDatabase(f.stack, 'Db', { databaseName: 'vitals' });
    expect(f.status('Timestream.CustomerManagedKey', 'Db')).toBe('FAIL');
    expect(f.message('Timestream.CustomerManagedKey', 'Db')).toMatch(/aws\/timestream/);
  });
  test('fails when the AWS-managed alias is named', () => {
    const f = new ControlFixture();
    new timestream.CfnDatabase(f.stack, 'Db', { kmsKeyId: 'alias/aws/timestream' });
    expect(f.status('Timestream.CustomerManagedKey', 'Db')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    new timestream.CfnDatabase(f.stack, 'Db', { kmsKeyId: new CfnParameter(f.stack, 'Key').valueAsString });
    expect(f.status('Timestream.CustomerManagedKey', 'Db')).toBe('UNVERIFIABLE');
  });
});

describe('Timestream.RejectedRecordsEncrypted', () => {
  function table(f: ControlFixture, s3Configuration?: any) {
    const db = new timestream.CfnDatabase(f.stack, 'Db', { databaseName: 'vitals' });
    return new timestream.CfnTable(f.stack, 'Table', {
      databaseName: db.ref,
      magneticStoreWriteProperties: s3Configuration === undefined ? undefined
        // MagneticStoreWriteProperties is untyped JSON in aws-cdk-lib: CloudFormation's own (Pascal-case) names pass through as written
        : { EnableMagneticStoreWrites: true, MagneticStoreRejectedDataLocation: { S3Configuration: s3Configuration } },
    });
  }
  test('PASS given SSE_KMS with a customer key', () => {
    const f = new ControlFixture();
    table(f, { BucketName: 'phi-rejects', EncryptionOption: 'SSE_KMS', KmsKeyId: new kms.Key(f.stack, 'Key').keyArn });
    expect(f.status('Timestream.RejectedRecordsEncrypted', 'Table')).toBe('PASS');
  });
  test('fails when SSE_S3 is used', () => {
    const f = new ControlFixture();
    table(f, { BucketName: 'phi-rejects', EncryptionOption: 'SSE_S3' });
    expect(f.status('Timestream.RejectedRecordsEncrypted', 'Table')).toBe('FAIL');
    expect(f.message('Timestream.RejectedRecordsEncrypted', 'Table')).toMatch(/uses SSE_S3/);
  });
  test('fails when SSE_KMS has no key', () => {
    const f = new ControlFixture();
    table(f, { BucketName: 'phi-rejects', EncryptionOption: 'SSE_KMS' });
    expect(f.status('Timestream.RejectedRecordsEncrypted', 'Table')).toBe('FAIL');
  });
  test('N/A given no rejected-data location (the default)', () => {
    const f = new ControlFixture();
    table(f);
    expect(f.status('Timestream.RejectedRecordsEncrypted', 'Table')).toBe('N/A');
  });
  test('UNVERIFIABLE given the option from a parameter', () => {
    const f = new ControlFixture();
    table(f, { BucketName: 'phi-rejects', EncryptionOption: new CfnParameter(f.stack, 'Option').valueAsString });
    expect(f.status('Timestream.RejectedRecordsEncrypted', 'Table')).toBe('UNVERIFIABLE');
  });
});

describe('Timestream.InfluxDbNotPublic', () => {
  test('PASS given the default (not publicly accessible)', () => {
    const f = new ControlFixture();
    new timestream.CfnInfluxDBInstance(f.stack, 'Influx', INFLUX_PROPS);
    expect(f.status('Timestream.InfluxDbNotPublic', 'Influx')).toBe('PASS');
  });
  test('fails when publicly accessible', () => {
    const f = new ControlFixture();
    new timestream.CfnInfluxDBInstance(f.stack, 'Influx', { ...INFLUX_PROPS, publiclyAccessible: true });
    expect(f.status('Timestream.InfluxDbNotPublic', 'Influx')).toBe('FAIL');
    expect(f.message('Timestream.InfluxDbNotPublic', 'Influx')).toMatch(/reachable from the internet/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    new timestream.CfnInfluxDBInstance(f.stack, 'Influx', { ...INFLUX_PROPS, publiclyAccessible: new CfnParameter(f.stack, 'Public').valueAsString as any });
    expect(f.status('Timestream.InfluxDbNotPublic', 'Influx')).toBe('UNVERIFIABLE');
  });
});

describe('Timestream.DataRetained', () => {
  test('PASS given RETAIN', () => {
    const f = new ControlFixture();
    const db = new timestream.CfnDatabase(f.stack, 'Db');
    db.applyRemovalPolicy(RemovalPolicy.RETAIN);
    expect(f.status('Timestream.DataRetained', 'Db')).toBe('PASS');
  });
  test('fails when the L1 default (Delete) applies to a table', () => {
    const f = new ControlFixture();
    new timestream.CfnTable(f.stack, 'Table', { databaseName: 'vitals' });
    expect(f.status('Timestream.DataRetained', 'Table')).toBe('FAIL');
    expect(f.message('Timestream.DataRetained', 'Table')).toMatch(/DeletionPolicy is Delete/);
  });
});

import { CfnParameter, RemovalPolicy } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as qldb from 'aws-cdk-lib/aws-qldb';
import { ControlFixture } from './harness';

const ROLE = 'arn:aws:iam::123456789012:role/qldb-stream';

function journalStream(f: ControlFixture, streamArn: string): qldb.CfnStream {
  return new qldb.CfnStream(f.stack, 'Stream', {
    ledgerName: 'patients',
    streamName: 'patients-journal',
    roleArn: ROLE,
    inclusiveStartTime: '2026-01-01T00:00:00Z',
    kinesisConfiguration: { streamArn, aggregationEnabled: true },
  });
}

describe('QLDB.CustomerManagedKey', () => {
  test('PASS given a customer-managed key', () => {
    const f = new ControlFixture();
    new qldb.CfnLedger(f.stack, 'Ledger', { permissionsMode: 'STANDARD', kmsKey: new kms.Key(f.stack, 'Key').keyArn });
    expect(f.status('QLDB.CustomerManagedKey', 'Ledger')).toBe('PASS');
  });
  test('fails when no key is set (AWS-owned)', () => {
    const f = new ControlFixture();
    new qldb.CfnLedger(f.stack, 'Ledger', { permissionsMode: 'STANDARD' });
    expect(f.status('QLDB.CustomerManagedKey', 'Ledger')).toBe('FAIL');
    expect(f.message('QLDB.CustomerManagedKey', 'Ledger')).toMatch(/a key AWS owns/);
  });
  test('fails when AWS_OWNED_KMS_KEY is explicit', () => {
    const f = new ControlFixture();
    new qldb.CfnLedger(f.stack, 'Ledger', { permissionsMode: 'STANDARD', kmsKey: 'AWS_OWNED_KMS_KEY' });
    expect(f.status('QLDB.CustomerManagedKey', 'Ledger')).toBe('FAIL');
    expect(f.message('QLDB.CustomerManagedKey', 'Ledger')).toMatch(/KmsKey is AWS_OWNED_KMS_KEY/);
  });
  test('fails when an AWS-managed alias is named', () => {
    const f = new ControlFixture();
    new qldb.CfnLedger(f.stack, 'Ledger', { permissionsMode: 'STANDARD', kmsKey: 'alias/aws/qldb' });
    expect(f.status('QLDB.CustomerManagedKey', 'Ledger')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    new qldb.CfnLedger(f.stack, 'Ledger', { permissionsMode: 'STANDARD', kmsKey: new CfnParameter(f.stack, 'Key').valueAsString });
    expect(f.status('QLDB.CustomerManagedKey', 'Ledger')).toBe('UNVERIFIABLE');
  });
});

describe('QLDB.DeletionProtection', () => {
  test('PASS given the default (true)', () => {
    const f = new ControlFixture();
    new qldb.CfnLedger(f.stack, 'Ledger', { permissionsMode: 'STANDARD' });
    expect(f.status('QLDB.DeletionProtection', 'Ledger')).toBe('PASS');
  });
  test('PASS given true', () => {
    const f = new ControlFixture();
    new qldb.CfnLedger(f.stack, 'Ledger', { permissionsMode: 'STANDARD', deletionProtection: true });
    expect(f.status('QLDB.DeletionProtection', 'Ledger')).toBe('PASS');
  });
  test('fails when false', () => {
    const f = new ControlFixture();
    new qldb.CfnLedger(f.stack, 'Ledger', { permissionsMode: 'STANDARD', deletionProtection: false });
    expect(f.status('QLDB.DeletionProtection', 'Ledger')).toBe('FAIL');
    expect(f.message('QLDB.DeletionProtection', 'Ledger')).toMatch(/DeletionProtection is false/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    new qldb.CfnLedger(f.stack, 'Ledger', { permissionsMode: 'STANDARD', deletionProtection: new CfnParameter(f.stack, 'Protect').valueAsString as any });
    expect(f.status('QLDB.DeletionProtection', 'Ledger')).toBe('UNVERIFIABLE');
  });
});

describe('QLDB.StreamTargetEncrypted', () => {
  test('PASS given a Kinesis stream encrypted with a customer key', () => {
    const f = new ControlFixture();
    const target = new kinesis.Stream(f.stack, 'Target', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: new kms.Key(f.stack, 'Key') });
    journalStream(f, target.streamArn);
    expect(f.status('QLDB.StreamTargetEncrypted', 'Stream')).toBe('PASS');
  });
  test('fails when the Kinesis stream is not encrypted', () => {
    const f = new ControlFixture();
    const target = new kinesis.Stream(f.stack, 'Target', { encryption: kinesis.StreamEncryption.UNENCRYPTED });
    journalStream(f, target.streamArn);
    expect(f.status('QLDB.StreamTargetEncrypted', 'Stream')).toBe('FAIL');
    expect(f.message('QLDB.StreamTargetEncrypted', 'Stream')).toMatch(/no StreamEncryption/);
  });
  test('fails when the Kinesis stream uses the AWS-managed key', () => {
    const f = new ControlFixture();
    const target = new kinesis.Stream(f.stack, 'Target', { encryption: kinesis.StreamEncryption.MANAGED });
    journalStream(f, target.streamArn);
    expect(f.status('QLDB.StreamTargetEncrypted', 'Stream')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a stream outside the app', () => {
    const f = new ControlFixture();
    journalStream(f, 'arn:aws:kinesis:us-east-1:123456789012:stream/elsewhere');
    expect(f.status('QLDB.StreamTargetEncrypted', 'Stream')).toBe('UNVERIFIABLE');
    expect(f.message('QLDB.StreamTargetEncrypted', 'Stream')).toMatch(/not point at a Kinesis stream of the app/);
  });
  test('UNVERIFIABLE given a stream ARN from a parameter', () => {
    const f = new ControlFixture();
    journalStream(f, new CfnParameter(f.stack, 'Target').valueAsString);
    expect(f.status('QLDB.StreamTargetEncrypted', 'Stream')).toBe('UNVERIFIABLE');
  });
});

describe('QLDB.DataRetained', () => {
  test('PASS given RETAIN', () => {
    const f = new ControlFixture();
    const ledger = new qldb.CfnLedger(f.stack, 'Ledger', { permissionsMode: 'STANDARD' });
    ledger.applyRemovalPolicy(RemovalPolicy.RETAIN);
    expect(f.status('QLDB.DataRetained', 'Ledger')).toBe('PASS');
  });
  test('fails when the L1 default (Delete) applies', () => {
    const f = new ControlFixture();
    new qldb.CfnLedger(f.stack, 'Ledger', { permissionsMode: 'STANDARD' });
    expect(f.status('QLDB.DataRetained', 'Ledger')).toBe('FAIL');
    expect(f.message('QLDB.DataRetained', 'Ledger')).toMatch(/DeletionPolicy is Delete/);
  });
});

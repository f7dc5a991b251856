import { CfnParameter } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ControlFixture } from './harness';

describe('SQS.CustomerManagedKey', () => {
  test('PASS given QueueEncryption.KMS with a key', () => {
    const f = new ControlFixture();
    new sqs.Queue(f.stack, 'Queue', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: new kms.Key(f.stack, 'Key') });
    expect(f.status('SQS.CustomerManagedKey', 'Queue')).toBe('PASS');
  });
  test('PASS given an L1 queue with a literal key ARN', () => {
    const f = new ControlFixture();
    new sqs.CfnQueue(f.stack, 'Queue', { kmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
    expect(f.status('SQS.CustomerManagedKey', 'Queue')).toBe('PASS');
  });
  test('FAIL given the L2 default (SSE-SQS)', () => {
    const f = new ControlFixture();
    new sqs.Queue(f.stack, 'Queue');
    expect(f.status('SQS.CustomerManagedKey', 'Queue')).toBe('FAIL');
    expect(f.message('SQS.CustomerManagedKey', 'Queue')).toMatch(/SSE-SQS \(SQS-owned keys\)/);
  });
  test('FAIL given SqsManagedSseEnabled alone', () => {
    const f = new ControlFixture();
    new sqs.Queue(f.stack, 'Queue', { encryption: sqs.QueueEncryption.SQS_MANAGED });
    expect(f.status('SQS.CustomerManagedKey', 'Queue')).toBe('FAIL');
    expect(f.message('SQS.CustomerManagedKey', 'Queue')).toMatch(/SSE-SQS.*customer-managed KMS key/);
  });
  test('FAIL given KMS_MANAGED (alias/aws/sqs)', () => {
    const f = new ControlFixture();
    new sqs.Queue(f.stack, 'Queue', { encryption: sqs.QueueEncryption.KMS_MANAGED });
    expect(f.status('SQS.CustomerManagedKey', 'Queue')).toBe('FAIL');
    expect(f.message('SQS.CustomerManagedKey', 'Queue')).toMatch(/AWS-managed key "alias\/aws\/sqs"/);
  });
  test('FAIL given encryption turned off', () => {
    const f = new ControlFixture();
    new sqs.Queue(f.stack, 'Queue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(f.status('SQS.CustomerManagedKey', 'Queue')).toBe('FAIL');
    expect(f.message('SQS.CustomerManagedKey', 'Queue')).toMatch(/not encrypted at rest/);
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    new sqs.CfnQueue(f.stack, 'Queue', { kmsMasterKeyId: new CfnParameter(f.stack, 'KeyArn').valueAsString });
    expect(f.status('SQS.CustomerManagedKey', 'Queue')).toBe('UNVERIFIABLE');
  });
});

describe('SQS.TlsOnly', () => {
  test('PASS given enforceSSL', () => {
    const f = new ControlFixture();
    new sqs.Queue(f.stack, 'Queue', { enforceSSL: true });
    expect(f.status('SQS.TlsOnly', 'Queue/Resource')).toBe('PASS');
  });
  test('FAIL given no queue policy (the L2 default)', () => {
    const f = new ControlFixture();
    new sqs.Queue(f.stack, 'Queue');
    expect(f.status('SQS.TlsOnly', 'Queue')).toBe('FAIL');
    expect(f.message('SQS.TlsOnly', 'Queue')).toMatch(/no queue policy/);
  });
  test('FAIL given an L1 policy that denies only SendMessage without TLS', () => {
    const f = new ControlFixture();
    const queue = new sqs.CfnQueue(f.stack, 'Queue');
    new sqs.CfnQueuePolicy(f.stack, 'Policy', {
      queues: [queue.ref],
      policyDocument: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sqs:SendMessage', Resource: queue.attrArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
    });
    expect(f.status('SQS.TlsOnly', 'Queue')).toBe('FAIL');
    expect(f.message('SQS.TlsOnly', 'Queue')).toMatch(/no queue policy statement denies/);
  });
  test('PASS given an L1 queue inline policy with Deny sqs:* on aws:SecureTransport false', () => {
    const f = new ControlFixture();
    const queue = new sqs.CfnQueue(f.stack, 'Queue');
    new sqs.CfnQueueInlinePolicy(f.stack, 'Policy', {
      queue: queue.ref,
      policyDocument: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: queue.attrArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
    });
    expect(f.status('SQS.TlsOnly', 'Queue')).toBe('PASS');
  });
});

import { Aws, CfnCondition, CfnParameter, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
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
  test('FAIL given a TLS-only queue policy and a queue inline policy without it: SQS keeps only the policy applied last', () => {
    const f = new ControlFixture();
    const queue = new sqs.Queue(f.stack, 'Queue', { enforceSSL: true });
    new sqs.CfnQueueInlinePolicy(f.stack, 'Inline', {
      queue: queue.queueUrl,
      policyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queue.queueArn }] },
    });
    expect(f.status('SQS.TlsOnly', 'Queue/Resource')).toBe('FAIL');
    expect(f.message('SQS.TlsOnly', 'Queue/Resource')).toMatch(/^2 queue policies \(QueuePolicy\w+, Inline\) name the queue, .* Inline does not deny requests with aws:SecureTransport false/);
  });
  test('FAIL given a second queue policy added through an override of the queue\'s own policy list', () => {
    const f = new ControlFixture();
    const queue = new sqs.Queue(f.stack, 'Queue', { enforceSSL: true });
    const other = new sqs.CfnQueuePolicy(f.stack, 'Other', {
      queues: ['https://sqs.us-east-1.amazonaws.com/123456789012/elsewhere'],
      policyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: '*' }] },
    });
    other.addPropertyOverride('Queues', [queue.queueUrl]);
    expect(f.status('SQS.TlsOnly', 'Queue/Resource')).toBe('FAIL');
    expect(f.message('SQS.TlsOnly', 'Queue/Resource')).toMatch(/^2 queue policies .* Other does not deny/);
  });
  test('UNVERIFIABLE given a queue policy whose TLS statement a parameter decides', () => {
    const f = new ControlFixture();
    const queue = new sqs.CfnQueue(f.stack, 'Queue');
    const env = new CfnParameter(f.stack, 'Env', { type: 'String' });
    const strict = new CfnCondition(f.stack, 'Strict', { expression: Fn.conditionEquals(env.valueAsString, 'prod') });
    const deny = { Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: queue.attrArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    new sqs.CfnQueuePolicy(f.stack, 'Policy', {
      queues: [queue.ref],
      policyDocument: { Statement: [Fn.conditionIf(strict.logicalId, deny, Aws.NO_VALUE)] },
    });
    expect(f.status('SQS.TlsOnly', 'Queue')).toBe('UNVERIFIABLE');
    expect(f.message('SQS.TlsOnly', 'Queue')).toMatch(/^Policy cannot be read at synth/);
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

describe('SQS.NoPublicAccess', () => {
  const ID = 'SQS.NoPublicAccess';
  const statement = (props: Partial<iam.PolicyStatementProps> = {}) => new iam.PolicyStatement({
    principals: [new iam.AnyPrincipal()], actions: ['sqs:SendMessage'], resources: ['*'], ...props,
  });
  test('PASS given the policy an SNS subscription writes (sns.amazonaws.com with aws:SourceArn) and the TLS deny', () => {
    const f = new ControlFixture();
    const queue = new sqs.Queue(f.stack, 'Queue', { enforceSSL: true });
    new sns.Topic(f.stack, 'Topic').addSubscription(new subscriptions.SqsSubscription(queue));
    expect(f.status(ID, 'Queue')).toBe('PASS');
  });
  test('PASS given * narrowed by aws:SourceArn of a topic, or granted read-only actions', () => {
    const f = new ControlFixture();
    const queue = new sqs.Queue(f.stack, 'Queue');
    const topic = new sns.Topic(f.stack, 'Topic');
    queue.addToResourcePolicy(statement({ conditions: { ArnEquals: { 'aws:SourceArn': topic.topicArn } } }));
    queue.addToResourcePolicy(statement({ actions: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'] }));
    expect(f.status(ID, 'Queue')).toBe('PASS');
  });
  test('FAIL given AnyPrincipal allowed to receive messages', () => {
    const f = new ControlFixture();
    new sqs.Queue(f.stack, 'Queue').addToResourcePolicy(statement({ actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'] }));
    expect(f.status(ID, 'Queue')).toBe('FAIL');
    expect(f.message(ID, 'Queue')).toMatch(/queue policy allows everyone \(Principal \*\) to sqs:ReceiveMessage, sqs:DeleteMessage without/);
  });
  test('FAIL given everyone allowed sqs:* with an IfExists condition, and an inline policy granting * to AWS *', () => {
    const f = new ControlFixture();
    new sqs.Queue(f.stack, 'Queue').addToResourcePolicy(statement({ actions: ['sqs:*'], conditions: { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:sns:*:123456789012:*' } } }));
    new sqs.CfnQueueInlinePolicy(f.stack, 'Inline', {
      queue: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs',
      policyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: ['*'] }, Action: '*', Resource: '*' }] },
    });
    expect(f.status(ID, 'Queue')).toBe('FAIL');
    expect(f.status(ID, 'Inline')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the document or a narrowing condition value from a parameter', () => {
    const f = new ControlFixture();
    new sqs.CfnQueuePolicy(f.stack, 'Document', { queues: ['https://sqs.us-east-1.amazonaws.com/123456789012/jobs'], policyDocument: new CfnParameter(f.stack, 'Policy').valueAsString });
    new sqs.Queue(f.stack, 'Queue').addToResourcePolicy(statement({ conditions: { StringEquals: { 'aws:SourceAccount': new CfnParameter(f.stack, 'Account').valueAsString } } }));
    expect(f.status(ID, 'Document')).toBe('UNVERIFIABLE');
    expect(f.status(ID, 'Queue')).toBe('UNVERIFIABLE');
  });
});

import { Aws, CfnParameter } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ControlFixture } from './harness';

describe('SNS.CustomerManagedKey', () => {
  test('PASS given masterKey', () => {
    const f = new ControlFixture();
    new sns.Topic(f.stack, 'Topic', { masterKey: new kms.Key(f.stack, 'Key') });
    expect(f.status('SNS.CustomerManagedKey', 'Topic')).toBe('PASS');
  });
  test('FAIL given the L2 default (no encryption)', () => {
    const f = new ControlFixture();
    new sns.Topic(f.stack, 'Topic');
    expect(f.status('SNS.CustomerManagedKey', 'Topic')).toBe('FAIL');
    expect(f.message('SNS.CustomerManagedKey', 'Topic')).toMatch(/KmsMasterKeyId is not set, so no server-side encryption/);
  });
  test('FAIL given an L1 topic with the AWS-managed alias/aws/sns key', () => {
    const f = new ControlFixture();
    new sns.CfnTopic(f.stack, 'Topic', { kmsMasterKeyId: 'alias/aws/sns' });
    expect(f.status('SNS.CustomerManagedKey', 'Topic')).toBe('FAIL');
    expect(f.message('SNS.CustomerManagedKey', 'Topic')).toMatch(/AWS-managed key \("alias\/aws\/sns"\)/);
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    new sns.CfnTopic(f.stack, 'Topic', { kmsMasterKeyId: new CfnParameter(f.stack, 'KeyArn').valueAsString });
    expect(f.status('SNS.CustomerManagedKey', 'Topic')).toBe('UNVERIFIABLE');
  });
});

describe('SNS.TlsOnly', () => {
  test('PASS given enforceSSL', () => {
    const f = new ControlFixture();
    new sns.Topic(f.stack, 'Topic', { enforceSSL: true });
    expect(f.status('SNS.TlsOnly', 'Topic/Resource')).toBe('PASS');
  });
  test('PASS given an L1 topic policy with Deny sns:* on aws:SecureTransport false', () => {
    const f = new ControlFixture();
    const topic = new sns.CfnTopic(f.stack, 'Topic');
    new sns.CfnTopicPolicy(f.stack, 'Policy', {
      topics: [topic.ref],
      policyDocument: { Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sns:*', Resource: topic.ref, Condition: { Bool: { 'aws:SecureTransport': false } } }] },
    });
    expect(f.status('SNS.TlsOnly', 'Topic')).toBe('PASS');
  });
  test('FAIL given a second topic policy without the TLS statement: SNS keeps only the policy applied last', () => {
    const f = new ControlFixture();
    const topic = new sns.Topic(f.stack, 'Topic', { enforceSSL: true });
    new sns.TopicPolicy(f.stack, 'Events', { topics: [topic] }).document.addStatements(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('events.amazonaws.com')], actions: ['sns:Publish'], resources: [topic.topicArn],
    }));
    expect(f.status('SNS.TlsOnly', 'Topic/Resource')).toBe('FAIL');
    expect(f.message('SNS.TlsOnly', 'Topic/Resource')).toMatch(/^2 topic policies \(TopicPolicy\w+, Events\w+\) name the topic, and the service keeps only the one applied last; Events\w+ does not deny/);
  });
  test('FAIL given the TLS statement turned into an Allow by an override of the topic policy', () => {
    const f = new ControlFixture();
    const topic = new sns.CfnTopic(f.stack, 'Topic');
    new sns.CfnTopicPolicy(f.stack, 'Policy', {
      topics: [topic.ref],
      policyDocument: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: topic.ref, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
    }).addPropertyOverride('PolicyDocument.Statement.0.Effect', 'Allow');
    expect(f.status('SNS.TlsOnly', 'Topic')).toBe('FAIL');
  });
  test('PASS given two topic policies that each deny publishing without TLS', () => {
    const f = new ControlFixture();
    const topic = new sns.CfnTopic(f.stack, 'Topic');
    for (const id of ['One', 'Two']) {
      new sns.CfnTopicPolicy(f.stack, id, {
        topics: [topic.ref],
        policyDocument: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: topic.ref, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
      });
    }
    expect(f.status('SNS.TlsOnly', 'Topic')).toBe('PASS');
  });
  test('FAIL given no topic policy (the L2 default)', () => {
    const f = new ControlFixture();
    new sns.Topic(f.stack, 'Topic');
    expect(f.status('SNS.TlsOnly', 'Topic')).toBe('FAIL');
    expect(f.message('SNS.TlsOnly', 'Topic')).toMatch(/no topic policy/);
  });
  test('FAIL given a topic policy without the TLS statement', () => {
    const f = new ControlFixture();
    const topic = new sns.Topic(f.stack, 'Topic');
    topic.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['sns:Publish'], resources: [topic.topicArn] }));
    expect(f.status('SNS.TlsOnly', 'Topic/Resource')).toBe('FAIL');
    expect(f.message('SNS.TlsOnly', 'Topic/Resource')).toMatch(/aws:SecureTransport false/);
  });
  test('FAIL given a TLS statement on another topic only', () => {
    const f = new ControlFixture();
    new sns.Topic(f.stack, 'Topic');
    new sns.Topic(f.stack, 'Other', { enforceSSL: true });
    expect(f.status('SNS.TlsOnly', 'Topic')).toBe('FAIL');
  });
  test('PASS given an L1 topic inline policy with the TLS statement', () => {
    const f = new ControlFixture();
    const topic = new sns.CfnTopic(f.stack, 'Topic');
    new sns.CfnTopicInlinePolicy(f.stack, 'Policy', {
      topicArn: topic.ref,
      policyDocument: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: topic.ref, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
    });
    expect(f.status('SNS.TlsOnly', 'Topic')).toBe('PASS');
  });
});

describe('SNS.NoPublicAccess', () => {
  const ID = 'SNS.NoPublicAccess';
  const statement = (props: Partial<iam.PolicyStatementProps> = {}) => new iam.PolicyStatement({
    principals: [new iam.AnyPrincipal()], actions: ['sns:Publish'], resources: ['*'], ...props,
  });
  test('PASS given statements for a service, an account and the TLS deny that enforceSSL writes', () => {
    const f = new ControlFixture();
    const topic = new sns.Topic(f.stack, 'Topic', { enforceSSL: true });
    topic.addToResourcePolicy(statement({ principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')] }));
    topic.addToResourcePolicy(statement({ principals: [new iam.AccountPrincipal('111122223333')], actions: ['sns:Subscribe'] }));
    expect(f.status(ID, 'Topic')).toBe('PASS');
  });
  test('PASS given * narrowed by aws:SourceAccount, or granted read-only actions', () => {
    const f = new ControlFixture();
    const topic = new sns.Topic(f.stack, 'Topic');
    topic.addToResourcePolicy(statement({ conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }));
    topic.addToResourcePolicy(statement({ actions: ['sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic'] }));
    expect(f.status(ID, 'Topic')).toBe('PASS');
  });
  test('FAIL given AnyPrincipal allowed to publish', () => {
    const f = new ControlFixture();
    new sns.Topic(f.stack, 'Topic').addToResourcePolicy(statement());
    expect(f.status(ID, 'Topic')).toBe('FAIL');
    expect(f.message(ID, 'Topic')).toMatch(/topic policy allows everyone \(Principal \*\) to sns:Publish without an account/);
  });
  test('FAIL given everyone allowed sns:* under a negated condition, and an inline policy letting NotPrincipal subscribe', () => {
    const f = new ControlFixture();
    new sns.Topic(f.stack, 'Topic').addToResourcePolicy(statement({ actions: ['sns:*'], conditions: { StringNotEquals: { 'aws:SourceAccount': '111122223333' } } }));
    new sns.CfnTopicInlinePolicy(f.stack, 'Inline', {
      topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
      policyDocument: { Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sns:Subscribe', Resource: '*' }] },
    });
    expect(f.status(ID, 'Topic')).toBe('FAIL');
    expect(f.status(ID, 'Inline')).toBe('FAIL');
    expect(f.message(ID, 'Inline')).toMatch(/everyone but the NotPrincipal/);
  });
  test('UNVERIFIABLE given the document or a principal from a parameter', () => {
    const f = new ControlFixture();
    new sns.CfnTopicPolicy(f.stack, 'Document', { topics: ['arn:aws:sns:us-east-1:123456789012:alerts'], policyDocument: new CfnParameter(f.stack, 'Policy').valueAsString });
    new sns.Topic(f.stack, 'Topic').addToResourcePolicy(statement({ principals: [new iam.ArnPrincipal(new CfnParameter(f.stack, 'Who').valueAsString)] }));
    expect(f.status(ID, 'Document')).toBe('UNVERIFIABLE');
    expect(f.status(ID, 'Topic')).toBe('UNVERIFIABLE');
  });
});

import { key, serviceAllow, tpl } from './fixtures';
import { topicAllowsPublisher } from './rules/sns';

const topicPolicy = (topicRefs: any[], ...statements: any[]) => ({
  Type: 'AWS::SNS::TopicPolicy',
  Properties: { Topics: topicRefs, PolicyDocument: { Version: '2012-10-17', Statement: statements } },
});
const publish = (service: string | string[]) => ({ ...serviceAllow(service, 'sns:Publish'), Resource: { Ref: 'Topic' } });
const alarm = { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ Ref: 'Topic' }], OKActions: [{ Ref: 'Topic' }] } };
const rule = { Type: 'AWS::Events::Rule', Properties: { Targets: [{ Id: 't', Arn: { Ref: 'Topic' } }] } };
const vault = { Type: 'AWS::Backup::BackupVault', Properties: { Notifications: { SNSTopicArn: { Ref: 'Topic' }, BackupVaultEvents: ['BACKUP_JOB_COMPLETED'] } } };
const kmsFor = (service: string) => serviceAllow(service, ['kms:GenerateDataKey*', 'kms:Decrypt']);

describe('TopicAllowsPublisher', () => {
  test('passes when topic policy and key allow every publishing service', () => {
    const t = tpl({
      Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
      Key: key(kmsFor('cloudwatch.amazonaws.com'), serviceAllow('events.amazonaws.com', 'kms:*'),
        serviceAllow('backup.amazonaws.com', 'kms:GenerateDataKey'), serviceAllow('backup.amazonaws.com', 'kms:Decrypt')),
      PolicyA: topicPolicy([{ Ref: 'Topic' }], publish(['cloudwatch.amazonaws.com', 'events.amazonaws.com'])),
      PolicyB: topicPolicy([{ Ref: 'Other' }, { Ref: 'Topic' }], { ...publish('backup.amazonaws.com'), Action: 'SNS:*' }),
      Alarm: alarm,
      Rule: rule,
      Vault: vault,
    });
    expect(topicAllowsPublisher(t, [t])).toEqual([]);
  });

  test('passes for a CloudWatch alarm to an unencrypted topic without any topic policy (the default policy admits the owner account)', () => {
    const t = tpl({ Topic: { Type: 'AWS::SNS::Topic' }, Alarm: alarm });
    expect(topicAllowsPublisher(t, [t])).toEqual([]);
  });

  test('skips publishers that target topics outside the template', () => {
    const t = tpl({ Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'] } } });
    expect(topicAllowsPublisher(t, [t])).toEqual([]);
  });

  test('fails when EventBridge and Backup publish to a topic without a topic policy', () => {
    const t = tpl({ Topic: { Type: 'AWS::SNS::Topic' }, Rule: rule, Vault: vault });
    const problems = topicAllowsPublisher(t, [t]);
    expect(problems.map((p) => [p.rule, p.logicalId])).toEqual([['TopicAllowsPublisher', 'Topic'], ['TopicAllowsPublisher', 'Topic']]);
    expect(problems[0].message).toMatch(/^backup vault Vault publish\(es\) to this topic, but it has no AWS::SNS::TopicPolicy that allows backup.amazonaws.com sns:Publish/);
    expect(problems[1].message).toMatch(/^rule Rule .*events.amazonaws.com sns:Publish/);
  });

  test('fails for CloudWatch once a topic policy replaces the default, even with * and account principals', () => {
    const t = tpl({
      Topic: { Type: 'AWS::SNS::Topic' },
      Policy: topicPolicy([{ Ref: 'Topic' }],
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sns:Publish', Resource: '*' },
        { Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: '*' },
        { Effect: 'Deny', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: '*' }),
      Alarm: alarm,
    });
    const problems = topicAllowsPublisher(t, [t]);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/alarm Alarm publish\(es\) to this topic, but no AWS::SNS::TopicPolicy of it allows cloudwatch.amazonaws.com sns:Publish/);
  });

  test('fails when the key of the template misses a service action', () => {
    const t = tpl({
      Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: 'Key' } } },
      Key: key(serviceAllow('cloudwatch.amazonaws.com', 'kms:Decrypt'), { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }),
      Alarm: alarm,
    });
    const problems = topicAllowsPublisher(t, [t]);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/its key Key does not allow cloudwatch.amazonaws.com kms:GenerateDataKey;/);
  });

  test('fails for alias/aws/sns and for a key outside the template', () => {
    const managed = tpl({ Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'alias/aws/sns' } }, Alarm: alarm });
    expect(topicAllowsPublisher(managed, [managed])[0].message).toMatch(/AWS managed key alias\/aws\/sns/);
    const external = tpl({ Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc' } }, Alarm: alarm });
    expect(topicAllowsPublisher(external, [external])[0].message).toMatch(/is not a key of this template/);
  });
});

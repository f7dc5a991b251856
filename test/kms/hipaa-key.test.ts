import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { HipaaKey } from '../../src';
import { expectNagClean, testApp, testStack } from '../util';

describe('HipaaKey', () => {
  test('defaults: rotation on, 30-day pending window, retained, aliased', () => {
    const stack = testStack(testApp({ cfnValidation: true }));
    new HipaaKey(stack, 'Key');
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, PendingWindowInDays: 30 },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: Match.stringLikeRegexp('^alias/hipaa/'),
    });
    expectNagClean(stack);
  });

  test('the account administers the key through its IAM policies', () => {
    const stack = testStack();
    new HipaaKey(stack, 'Key');
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:*',
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] } },
        })]),
      },
    });
  });

  test('an explicit alias is used as given', () => {
    const stack = testStack();
    new HipaaKey(stack, 'Key', { alias: 'phi/documents' });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/phi/documents' });
  });

  test('grantToService restricts a service to the account by default', () => {
    const stack = testStack();
    const key = new HipaaKey(stack, 'Key');
    key.grantToService('sns.amazonaws.com');
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Resource: '*',
        }]),
      },
    });
  });

  test('grantToService with an encryption context restricts to it', () => {
    const stack = testStack();
    const key = new HipaaKey(stack, 'Key');
    key.grantToService('logs.us-east-1.amazonaws.com', {
      encryptionContextKey: 'aws:logs:arn',
      encryptionContextValue: 'arn:aws:logs:us-east-1:123456789012:log-group:*',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:123456789012:log-group:*' } },
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
        })]),
      },
    });
  });

  test('admins may administer the key (through their identity policy)', () => {
    const stack = testStack();
    const admin = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    new HipaaKey(stack, 'Key', { admins: [admin] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Admin') }],
      PolicyDocument: {
        Statement: [Match.objectLike({
          Action: Match.arrayWith(['kms:Create*', 'kms:Describe*', 'kms:ScheduleKeyDeletion']),
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
        })],
      },
    });
  });

  test('fails when pendingWindow is below 30 days', () => {
    const app = testApp();
    const stack = testStack(app);
    new HipaaKey(stack, 'Key', { pendingWindow: Duration.days(7) });
    expect(() => app.synth()).toThrow(/pendingWindow: 7 days is refused.*164\.308\(a\)\(7\).*CdkHipaa::KMS\.PendingWindow/);
  });

  test('fails when removalPolicy is DESTROY', () => {
    const app = testApp();
    const stack = testStack(app);
    new HipaaKey(stack, 'Key', { removalPolicy: RemovalPolicy.DESTROY });
    expect(() => app.synth()).toThrow(/removalPolicy: destroy is refused/);
  });

  test('a weaker setting is accepted once acknowledged with a reason', () => {
    const app = testApp();
    const stack = testStack(app);
    const key = new HipaaKey(stack, 'Key', { removalPolicy: RemovalPolicy.DESTROY });
    Validations.of(key).acknowledge({ id: 'CdkHipaa::KMS.KeyRetained', reason: 'Ephemeral test environment without PHI' });
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
  });

  test('fails when the acknowledgement has no real reason', () => {
    const app = testApp();
    const stack = testStack(app);
    new HipaaKey(stack, 'Key', { removalPolicy: RemovalPolicy.DESTROY });
    Validations.of(stack).acknowledge({ id: 'CdkHipaa::KMS.KeyRetained', reason: 'ok' });
    expect(() => app.synth()).toThrow(/needs a reason of at least 10 characters/);
  });
});

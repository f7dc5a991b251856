import { CfnResource } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as cr from 'aws-cdk-lib/custom-resources';
import { EbsEncryptionByDefault, HipaaDataClassification, HipaaKey } from '../../src';
import { findClassification } from '../../src/policy/data-classification';
import { acknowledgementsIn, expectNagClean, testApp, testStack } from '../util';

const PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/** The SDK call a custom resource of `type` makes on `event`, parsed from the template. */
function sdkCall(template: Template, type: string, event: 'Create' | 'Update' | 'Delete'): any {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  const value = resources[0].Properties[event];
  if (value === undefined) return undefined;
  return JSON.parse(joinStrings(value));
}

/** Renders an Fn::Join of literals and Refs/GetAtts as text, tokens as `${LogicalId}`. */
function joinStrings(value: any): string {
  if (typeof value === 'string') return value;
  if (value['Fn::Join']) return value['Fn::Join'][1].map(joinStrings).join(value['Fn::Join'][0]);
  if (value.Ref) return `\${${value.Ref}}`;
  if (value['Fn::GetAtt']) return `\${${value['Fn::GetAtt'].join('.')}}`;
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

/** The actions of the policy attached for the custom resource whose logical id starts with `prefix`. */
function policyActions(template: Template, prefix: string): unknown {
  const policies = template.findResources('AWS::IAM::Policy');
  const [, policy] = Object.entries(policies).find(([id]) => id.startsWith(prefix))!;
  return policy.Properties.PolicyDocument.Statement.map((s: any) => ({ Action: s.Action, Effect: s.Effect, Resource: s.Resource }));
}

describe('EbsEncryptionByDefault', () => {
  test('defaults: sets the HipaaKey as the default key, then enables encryption by default; nothing on delete', () => {
    const stack = testStack(testApp({ cfnValidation: true }));
    const ebs = new EbsEncryptionByDefault(stack, 'Ebs');
    const template = Template.fromStack(stack);

    expect(ebs.encryptionKey).toBeInstanceOf(HipaaKey);
    const keyLogicalId = Object.keys(template.findResources('AWS::KMS::Key')).find((id) => id.startsWith('EbsKey'));
    expect(sdkCall(template, 'Custom::EbsDefaultKmsKeyId', 'Create')).toEqual({
      service: 'EC2',
      action: 'ModifyEbsDefaultKmsKeyId',
      parameters: { KmsKeyId: `\${${keyLogicalId}.Arn}` },
      physicalResourceId: { id: '123456789012-us-east-1-ebs-default-kms-key-id' },
    });
    expect(sdkCall(template, 'Custom::EbsDefaultKmsKeyId', 'Update')).toEqual(sdkCall(template, 'Custom::EbsDefaultKmsKeyId', 'Create'));
    expect(sdkCall(template, 'Custom::EbsDefaultKmsKeyId', 'Delete')).toBeUndefined();

    expect(sdkCall(template, 'Custom::EbsEncryptionByDefault', 'Create')).toEqual({
      service: 'EC2',
      action: 'EnableEbsEncryptionByDefault',
      physicalResourceId: { id: '123456789012-us-east-1-ebs-encryption-by-default' },
    });
    expect(sdkCall(template, 'Custom::EbsEncryptionByDefault', 'Update')).toEqual(sdkCall(template, 'Custom::EbsEncryptionByDefault', 'Create'));
    expect(sdkCall(template, 'Custom::EbsEncryptionByDefault', 'Delete')).toBeUndefined();

    // The SDK of the Lambda runtime, nothing downloaded.
    template.allResourcesProperties('Custom::EbsEncryptionByDefault', { InstallLatestAwsSdk: false });
    template.allResourcesProperties('Custom::EbsDefaultKmsKeyId', { InstallLatestAwsSdk: false });
    expectNagClean(stack);
  });

  test('encryption is enabled only after the default key is set', () => {
    const stack = testStack();
    new EbsEncryptionByDefault(stack, 'Ebs');
    const template = Template.fromStack(stack);
    const [enable] = Object.values(template.findResources('Custom::EbsEncryptionByDefault'));
    expect(enable.DependsOn).toEqual(expect.arrayContaining([
      expect.stringMatching(/^EbsDefaultKmsKeyId[0-9A-F]{8}$/),
      expect.stringMatching(/^EbsDefaultKmsKeyIdCustomResourcePolicy/),
    ]));
  });

  test('each custom resource may call exactly its own EC2 action, on * (no resource-level permissions)', () => {
    const stack = testStack();
    new EbsEncryptionByDefault(stack, 'Ebs');
    const template = Template.fromStack(stack);
    expect(policyActions(template, 'EbsDefaultKmsKeyIdCustomResourcePolicy')).toEqual([
      { Action: 'ec2:ModifyEbsDefaultKmsKeyId', Effect: 'Allow', Resource: '*' },
    ]);
    expect(policyActions(template, 'EbsEncryptionByDefaultCustomResourcePolicy')).toEqual([
      { Action: 'ec2:EnableEbsEncryptionByDefault', Effect: 'Allow', Resource: '*' },
    ]);
    template.resourceCountIs('AWS::IAM::Policy', 2);
    template.allResourcesProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp(`^${PROVIDER_ID}ServiceRole`) }],
    });
  });

  test('disableOnDelete resets the key and disables encryption on delete, with those actions added', () => {
    const stack = testStack();
    new EbsEncryptionByDefault(stack, 'Ebs', { disableOnDelete: true });
    const template = Template.fromStack(stack);
    expect(sdkCall(template, 'Custom::EbsDefaultKmsKeyId', 'Delete')).toEqual({
      service: 'EC2',
      action: 'ResetEbsDefaultKmsKeyId',
      physicalResourceId: { id: '123456789012-us-east-1-ebs-default-kms-key-id' },
    });
    expect(sdkCall(template, 'Custom::EbsEncryptionByDefault', 'Delete')).toEqual({
      service: 'EC2',
      action: 'DisableEbsEncryptionByDefault',
      physicalResourceId: { id: '123456789012-us-east-1-ebs-encryption-by-default' },
    });
    expect(policyActions(template, 'EbsDefaultKmsKeyIdCustomResourcePolicy')).toEqual([
      { Action: ['ec2:ModifyEbsDefaultKmsKeyId', 'ec2:ResetEbsDefaultKmsKeyId'], Effect: 'Allow', Resource: '*' },
    ]);
    expect(policyActions(template, 'EbsEncryptionByDefaultCustomResourcePolicy')).toEqual([
      { Action: ['ec2:EnableEbsEncryptionByDefault', 'ec2:DisableEbsEncryptionByDefault'], Effect: 'Allow', Resource: '*' },
    ]);
  });

  test('the key policy lets the account use the key through EC2, as aws/ebs does', () => {
    const stack = testStack();
    new EbsEncryptionByDefault(stack, 'Ebs');
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'AllowAccountUseThroughEc2',
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
          Condition: { StringEquals: { 'kms:CallerAccount': '123456789012', 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } },
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Resource: '*',
        }]),
      },
    });
  });

  test('allowAccountUseThroughEc2: false leaves the key policy alone', () => {
    const stack = testStack();
    new EbsEncryptionByDefault(stack, 'Ebs', { allowAccountUseThroughEc2: false });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.not(Match.arrayWith([Match.objectLike({ Sid: 'AllowAccountUseThroughEc2' })])) },
    });
  });

  test('a given encryptionKey is used and no key is created for it', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const ebs = new EbsEncryptionByDefault(stack, 'Ebs', { encryptionKey: key });
    const template = Template.fromStack(stack);
    expect(ebs.encryptionKey).toBe(key);
    expect(sdkCall(template, 'Custom::EbsDefaultKmsKeyId', 'Create').parameters).toEqual({
      KmsKeyId: `\${${Object.keys(template.findResources('AWS::KMS::Key')).find((id) => id.startsWith('MyKey'))}.Arn}`,
    });
    // MyKey and the key of the provider's log group.
    template.resourceCountIs('AWS::KMS::Key', 2);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowAccountUseThroughEc2' })]) },
    });
  });

  test('warns when the key policy of an imported key cannot be changed', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555');
    new EbsEncryptionByDefault(stack, 'Ebs', { encryptionKey: key });
    Annotations.fromStack(stack).hasWarning('/TestStack/Ebs', Match.stringLikeRegexp('key policy of encryptionKey cannot be changed from here'));
  });

  describe('the provider function', () => {
    test('logs to an encrypted log group kept six years and retained', () => {
      const stack = testStack();
      new EbsEncryptionByDefault(stack, 'Ebs');
      const template = Template.fromStack(stack);
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: {
          LogGroupName: '/cdk-hipaa/TestStack/aws-custom-resource',
          KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HipaaAwsCustomResourceLogsKey'), 'Arn'] },
          RetentionInDays: 2192,
        },
        DeletionPolicy: 'RetainExceptOnCreate',
      });
      template.hasResourceProperties('AWS::Lambda::Function', {
        LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^HipaaAwsCustomResourceLogsLogGroup') } },
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:log-group:/cdk-hipaa/TestStack/aws-custom-resource']],
                },
              },
            },
          })]),
        },
      });
    });

    test('is shared: one function, one log group, one log key per stack', () => {
      const stack = testStack();
      new EbsEncryptionByDefault(stack, 'Ebs');
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::Lambda::Function', 1);
      template.resourceCountIs('AWS::Logs::LogGroup', 1);
      // The EBS key and the log key.
      template.resourceCountIs('AWS::KMS::Key', 2);
    });

    test('takes the log group even when an earlier AwsCustomResource created it without one', () => {
      const stack = testStack();
      new cr.AwsCustomResource(stack, 'Earlier', {
        onCreate: { service: 'STS', action: 'GetCallerIdentity', physicalResourceId: cr.PhysicalResourceId.of('caller') },
        policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
        installLatestAwsSdk: false,
      });
      new EbsEncryptionByDefault(stack, 'Ebs');
      Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
        LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^HipaaAwsCustomResourceLogsLogGroup') } },
      });
    });

    test('carries the acknowledgements of the rules it cannot meet, with reasons', () => {
      const stack = testStack();
      new EbsEncryptionByDefault(stack, 'Ebs');
      const acks = acknowledgementsIn(stack);
      const on = (path: string) => acks.filter((a) => a.path === path).map((a) => a.id).sort();
      expect(on(`TestStack/${PROVIDER_ID}`)).toEqual([
        'CdkHipaa::Lambda.DeadLetterQueue',
        'CdkHipaa::Lambda.InsideVpc',
        'CdkHipaa::Lambda.ReservedConcurrency',
        'HIPAA.Security::HIPAA.Security-LambdaConcurrency',
        'HIPAA.Security::HIPAA.Security-LambdaDLQ',
        'HIPAA.Security::HIPAA.Security-LambdaInsideVPC',
      ]);
      expect(on('TestStack/Ebs/DefaultKmsKeyId')).toEqual(['CdkHipaa::IAM.NoInlinePolicy', 'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy']);
      expect(on('TestStack/Ebs/EncryptionByDefault')).toEqual(['CdkHipaa::IAM.NoInlinePolicy', 'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy']);
      // The provider's log group is classified as holding no PHI, which is what answers the log controls there.
      expect(on('TestStack/HipaaAwsCustomResourceLogs/LogGroup')).toEqual([]);
      const logGroup = stack.node.findChild('HipaaAwsCustomResourceLogs').node.findChild('LogGroup').node.defaultChild as CfnResource;
      expect(findClassification(logGroup)).toMatchObject({ classification: HipaaDataClassification.NO_PHI, reason: expect.stringMatching(/no PHI is written/) });
      for (const ack of acks) expect(ack.reason).toMatch(/handles no PHI|no PHI is written/);
    });
  });

  test('fails when declared twice in a stack', () => {
    const app = testApp();
    const stack = testStack(app);
    new EbsEncryptionByDefault(stack, 'One');
    new EbsEncryptionByDefault(stack, 'Two');
    expect(() => app.synth()).toThrow(/one setting per account and region; it is also declared at 'TestStack\/One'/);
  });

  test('passes cdk-nag HIPAA Security checks with defaults', () => {
    const stack = testStack();
    new EbsEncryptionByDefault(stack, 'Ebs');
    expectNagClean(stack);
  });
});

import { tpl } from './fixtures';
import { stackSetTemplateBody, stackSetTemplates, TEMPLATE_BODY_MAX_BYTES } from './rules/stack-sets';

const role = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } };
const body = (template: any) => JSON.stringify(template);
const stackSet = (props: any = {}) => ({
  Type: 'AWS::CloudFormation::StackSet',
  Properties: {
    PermissionModel: 'SERVICE_MANAGED',
    AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
    Capabilities: ['CAPABILITY_IAM'],
    TemplateBody: body({ Resources: { Role: role } }),
    ...props,
  },
});
const problems = (props: any = {}) => {
  const t = tpl({ Set: stackSet(props) });
  return stackSetTemplateBody(t, [t]).map((p) => p.message);
};

describe('StackSetTemplateBody', () => {
  test('passes a small self-contained body with the capability it needs, and a TemplateURL', () => {
    expect(problems()).toEqual([]);
    expect(problems({ TemplateBody: undefined, TemplateURL: 'https://bucket.s3.amazonaws.com/t.json' })).toEqual([]);
  });

  test('fails a body that is not a literal string', () => {
    expect(problems({ TemplateBody: { 'Fn::Join': ['', ['{', '}']] } })).toEqual([expect.stringMatching(/not a literal string/)]);
  });

  test('fails a body over 51,200 bytes', () => {
    const big = body({ Description: 'x'.repeat(TEMPLATE_BODY_MAX_BYTES), Resources: { Role: role } });
    expect(problems({ TemplateBody: big })).toEqual([expect.stringMatching(/^TemplateBody is \d+ bytes; CloudFormation accepts at most 51200/)]);
  });

  test('fails the bootstrap-version rule, bootstrap and asset references, and imports', () => {
    const withBootstrap = body({
      Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' } },
      Rules: { CheckBootstrapVersion: {} },
      Resources: {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' } } } },
        Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { 'Fn::ImportValue': 'Shared:KeyArn' } } },
      },
    });
    const found = problems({ TemplateBody: withBootstrap });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/refers to 'cdk-hnb659fds'/),
      expect.stringMatching(/refers to '\/cdk-bootstrap\/'/),
      expect.stringMatching(/checks the CDK bootstrap version/),
      expect.stringMatching(/uses Fn::ImportValue/),
    ]));
  });

  test('fails auto-deployment without RetainStacksOnAccountRemoval', () => {
    expect(problems({ AutoDeployment: { Enabled: true } })).toEqual([expect.stringMatching(/without RetainStacksOnAccountRemoval/)]);
  });

  test('fails IAM resources without CAPABILITY_IAM, and named ones without CAPABILITY_NAMED_IAM', () => {
    expect(problems({ Capabilities: undefined })).toEqual([expect.stringMatching(/needs Capabilities CAPABILITY_IAM/)]);
    const named = body({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'fixed' } } } });
    expect(problems({ TemplateBody: named })).toEqual([expect.stringMatching(/needs Capabilities CAPABILITY_NAMED_IAM/)]);
    expect(problems({ TemplateBody: named, Capabilities: ['CAPABILITY_NAMED_IAM'] })).toEqual([]);
  });

  test('stackSetTemplates hands the inline templates to the other rules', () => {
    const t = tpl({ Set: stackSet() }, { stackName: 'Management' });
    expect(stackSetTemplates(t)).toEqual([{ stackName: 'Management/Set', template: { Resources: { Role: role } } }]);
  });
});

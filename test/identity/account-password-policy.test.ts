import { Duration, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AccountPasswordPolicy, AccountPasswordPolicyProps } from '../../src';
import { acknowledgementsIn, expectNagClean, testApp, testStack } from '../util';

/** The SDK call a custom resource makes on one event, decoded from its template property. */
function sdkCall(template: Template, event: 'Create' | 'Update' | 'Delete'): any {
  const resources = template.findResources('Custom::AccountPasswordPolicy');
  const [resource] = Object.values(resources);
  const raw = resource.Properties[event];
  if (raw === undefined) return undefined;
  return JSON.parse(joinLiteral(raw));
}

/** Fn::Join of strings and { Ref: 'AWS::AccountId' } rendered as text, for decoding. */
function joinLiteral(value: any): string {
  if (typeof value === 'string') return value;
  const [sep, parts] = value['Fn::Join'];
  return parts.map((p: any) => (typeof p === 'string' ? p : `\${${p.Ref}}`)).join(sep);
}

function synth(props: AccountPasswordPolicyProps = {}) {
  const stack = testStack();
  const policy = new AccountPasswordPolicy(stack, 'PasswordPolicy', props);
  return { stack, policy, template: Template.fromStack(stack) };
}

const CIS_PARAMETERS = {
  MinimumPasswordLength: 14,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  RequireNumbers: true,
  RequireSymbols: true,
  AllowUsersToChangePassword: true,
  HardExpiry: false,
  PasswordReusePrevention: 24,
  MaxPasswordAge: 90,
};

describe('AccountPasswordPolicy', () => {
  test('defaults: CIS policy on create and update, kept on delete, Config rule, template valid', () => {
    const app = testApp({ cfnValidation: true });
    const stack = testStack(app);
    new AccountPasswordPolicy(stack, 'PasswordPolicy');
    app.synth();
    const template = Template.fromStack(stack);

    const create = sdkCall(template, 'Create');
    expect(create).toEqual({
      service: 'IAM',
      action: 'UpdateAccountPasswordPolicy',
      parameters: CIS_PARAMETERS,
      physicalResourceId: { id: '123456789012-account-password-policy' },
    });
    expect(sdkCall(template, 'Update')).toEqual(create);
    expect(sdkCall(template, 'Delete')).toBeUndefined();
    // the SDK of the Lambda runtime: nothing is downloaded at deployment
    template.hasResourceProperties('Custom::AccountPasswordPolicy', { InstallLatestAwsSdk: false });
  });

  test('the inline policy of the custom resource and the provider\'s Lambda rules are acknowledged with reasons', () => {
    const { stack, policy } = synth();
    expect(acknowledgementsIn(policy).map((a) => a.id)).toEqual(['HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy', 'CdkHipaa::IAM.NoInlinePolicy']);
    const providerAcks = acknowledgementsIn(stack).filter((a) => a.path.startsWith('TestStack/AWS679f53fac002430cb0da5b7982bd2287'));
    expect(providerAcks.map((a) => a.id)).toEqual(expect.arrayContaining([
      'HIPAA.Security::HIPAA.Security-LambdaDLQ',
      'HIPAA.Security::HIPAA.Security-LambdaInsideVPC',
      'HIPAA.Security::HIPAA.Security-LambdaConcurrency',
    ]));
    for (const ack of [...acknowledgementsIn(policy), ...providerAcks]) expect(ack.reason.length).toBeGreaterThan(40);
  });

  test('the custom resource may only update the password policy', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{ Action: 'iam:UpdateAccountPasswordPolicy', Effect: 'Allow', Resource: '*' }],
      },
    });
  });

  test('deleteOnDestroy deletes the policy on delete and may do so', () => {
    const { template } = synth({ deleteOnDestroy: true });
    expect(sdkCall(template, 'Delete')).toEqual({
      service: 'IAM',
      action: 'DeleteAccountPasswordPolicy',
      physicalResourceId: { id: '123456789012-account-password-policy' },
      ignoreErrorCodesMatching: 'NoSuchEntity',
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{ Action: ['iam:UpdateAccountPasswordPolicy', 'iam:DeleteAccountPasswordPolicy'], Effect: 'Allow', Resource: '*' }],
      },
    });
  });

  test('Config rule IAM_PASSWORD_POLICY checks the same parameters, as strings', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { Owner: 'AWS', SourceIdentifier: 'IAM_PASSWORD_POLICY' },
      InputParameters: {
        RequireUppercaseCharacters: 'true',
        RequireLowercaseCharacters: 'true',
        RequireSymbols: 'true',
        RequireNumbers: 'true',
        MinimumPasswordLength: '14',
        PasswordReusePrevention: '24',
        MaxPasswordAge: '90',
      },
    });
  });

  test('a stricter policy is passed through to IAM and Config', () => {
    const { template, policy } = synth({
      minimumPasswordLength: 20, passwordReusePrevention: 10, maxPasswordAge: Duration.days(60), hardExpiry: true,
    });
    expect(sdkCall(template, 'Create').parameters).toEqual({
      ...CIS_PARAMETERS, MinimumPasswordLength: 20, PasswordReusePrevention: 10, MaxPasswordAge: 60, HardExpiry: true,
    });
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      InputParameters: Match.objectLike({ MinimumPasswordLength: '20', PasswordReusePrevention: '10', MaxPasswordAge: '60' }),
    });
    expect([policy.minimumPasswordLength, policy.passwordReusePrevention, policy.maxPasswordAgeDays]).toEqual([20, 10, 60]);
  });

  test('configRule: false leaves the Config rule out', () => {
    const { template, policy } = synth({ configRule: false });
    template.resourceCountIs('AWS::Config::ConfigRule', 0);
    expect(policy.configRule).toBeUndefined();
  });

  test('no expiry and no reuse prevention, once acknowledged, leave the parameters out', () => {
    const app = testApp();
    const stack = testStack(app);
    new AccountPasswordPolicy(stack, 'PasswordPolicy', { maxPasswordAge: Duration.days(0), passwordReusePrevention: 0 });
    Validations.of(stack).acknowledge({ id: 'CdkHipaa::IAM.PasswordMaxAge', reason: 'NIST SP 800-63B: no forced periodic change; MFA enforced' });
    Validations.of(stack).acknowledge({ id: 'CdkHipaa::IAM.PasswordReuse', reason: 'Federated users only; IAM users are break-glass' });
    app.synth();
    const template = Template.fromStack(stack);
    const parameters = sdkCall(template, 'Create').parameters;
    expect(parameters).not.toHaveProperty('MaxPasswordAge');
    expect(parameters).not.toHaveProperty('PasswordReusePrevention');
    const rule = Object.values(template.findResources('AWS::Config::ConfigRule'))[0];
    expect(rule.Properties.InputParameters).not.toHaveProperty('MaxPasswordAge');
    expect(rule.Properties.InputParameters).not.toHaveProperty('PasswordReusePrevention');
  });

  test('fails when minimumPasswordLength is below 8', () => {
    const app = testApp();
    new AccountPasswordPolicy(testStack(app), 'PasswordPolicy', { minimumPasswordLength: 7 });
    expect(() => app.synth()).toThrow(/minimumPasswordLength: 7 is refused.*164\.308\(a\)\(5\)\(ii\)\(D\).*CdkHipaa::IAM\.PasswordPolicy/);
  });

  test('a length from 8 to 13 is accepted', () => {
    const app = testApp();
    new AccountPasswordPolicy(testStack(app), 'PasswordPolicy', { minimumPasswordLength: 8 });
    expect(() => app.synth()).not.toThrow();
  });

  test.each(['requireUppercaseCharacters', 'requireLowercaseCharacters', 'requireNumbers', 'requireSymbols'])(
    'fails when %s is false', (prop) => {
      const app = testApp();
      new AccountPasswordPolicy(testStack(app), 'PasswordPolicy', { [prop]: false });
      expect(() => app.synth()).toThrow(new RegExp(`${prop}: false is refused.*CdkHipaa::IAM\\.PasswordPolicy`));
    });

  test('fails when passwordReusePrevention is 0', () => {
    const app = testApp();
    new AccountPasswordPolicy(testStack(app), 'PasswordPolicy', { passwordReusePrevention: 0 });
    expect(() => app.synth()).toThrow(/passwordReusePrevention: 0 is refused.*CdkHipaa::IAM\.PasswordReuse/);
  });

  test('fails when maxPasswordAge is over 365 days', () => {
    const app = testApp();
    new AccountPasswordPolicy(testStack(app), 'PasswordPolicy', { maxPasswordAge: Duration.days(400) });
    expect(() => app.synth()).toThrow(/maxPasswordAge: 400 days is refused.*CdkHipaa::IAM\.PasswordMaxAge/);
  });

  test('fails when passwords never expire', () => {
    const app = testApp();
    new AccountPasswordPolicy(testStack(app), 'PasswordPolicy', { maxPasswordAge: Duration.days(0) });
    expect(() => app.synth()).toThrow(/maxPasswordAge: no expiry is refused/);
  });

  test('a weaker policy is accepted once acknowledged with a reason', () => {
    const app = testApp();
    const stack = testStack(app);
    const policy = new AccountPasswordPolicy(stack, 'PasswordPolicy', { minimumPasswordLength: 6, requireSymbols: false });
    Validations.of(policy).acknowledge({ id: 'CdkHipaa::IAM.PasswordPolicy', reason: 'Legacy kiosk accounts, compensating MFA' });
    expect(() => app.synth()).not.toThrow();
  });

  test('fails when values are outside what IAM accepts', () => {
    expect(() => synth({ minimumPasswordLength: 200 })).toThrow(/minimumPasswordLength must be a whole number from 6 to 128 \(got 200\)/);
    expect(() => synth({ passwordReusePrevention: 30 })).toThrow(/passwordReusePrevention must be a whole number from 0 to 24 \(got 30\)/);
    expect(() => synth({ maxPasswordAge: Duration.days(2000) })).toThrow(/maxPasswordAge must be at most 1095 days/);
    expect(() => synth({ maxPasswordAge: Duration.hours(36) })).toThrow(/maxPasswordAge must be a whole number of days \(got 1 day 12 hours\)/);
  });

  test('fails when a stack declares the account password policy twice', () => {
    const stack = testStack();
    new AccountPasswordPolicy(stack, 'One');
    expect(() => new AccountPasswordPolicy(stack, 'Two')).toThrow(/already sets the account password policy at TestStack\/One/);
  });

  test('passes cdk-nag HIPAA Security checks with defaults', () => {
    const { stack } = synth();
    expectNagClean(stack);
  });
});

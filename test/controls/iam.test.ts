import { CfnParameter, CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as cr from 'aws-cdk-lib/custom-resources';
import { ControlFixture } from './harness';
import { AccountPasswordPolicy, AccountPasswordPolicyProps, KeyRotationMonitor } from '../../src';

/** The password policy construct, its weakenings acknowledged so synth reaches the aspect. */
function passwordPolicy(f: ControlFixture, props: AccountPasswordPolicyProps = {}): AccountPasswordPolicy {
  const policy = new AccountPasswordPolicy(f.stack, 'Passwords', { configRecorderExists: true, ...props });
  for (const id of ['IAM.PasswordPolicy', 'IAM.PasswordReuse', 'IAM.PasswordMaxAge']) {
    Validations.of(policy).acknowledge({ id: `CdkHipaa::${id}`, reason: 'Weakened on purpose to test the control.' });
  }
  return policy;
}

/** A raw custom resource with a hand-written UpdateAccountPasswordPolicy call. */
function rawPolicy(stack: Stack, parameters: unknown, type = 'Custom::AWS'): CfnResource {
  return new CfnResource(stack, 'Raw', {
    type,
    properties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
      Create: JSON.stringify({ service: 'IAM', action: 'updateAccountPasswordPolicy', parameters }),
    },
  });
}

const STRONG = {
  MinimumPasswordLength: 14,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  RequireNumbers: true,
  RequireSymbols: true,
  PasswordReusePrevention: 24,
  MaxPasswordAge: 90,
};

describe('IAM.PasswordPolicy', () => {
  test('PASS given AccountPasswordPolicy with its defaults', () => {
    const f = new ControlFixture();
    passwordPolicy(f);
    expect(f.status('IAM.PasswordPolicy', 'Passwords')).toBe('PASS');
  });
  test('ACKNOWLEDGED given AccountPasswordPolicy below the floor with its refusal acknowledged: one decision, one acknowledgement', () => {
    const f = new ControlFixture();
    passwordPolicy(f, { minimumPasswordLength: 6 });
    expect(f.status('IAM.PasswordPolicy', 'Passwords')).toBe('ACKNOWLEDGED');
  });
  test('FAIL given a minimum length below 8', () => {
    const f = new ControlFixture();
    rawPolicy(f.stack, { ...STRONG, MinimumPasswordLength: 6 });
    expect(f.status('IAM.PasswordPolicy', 'Raw')).toBe('FAIL');
    expect(f.message('IAM.PasswordPolicy', 'Raw')).toMatch(/MinimumPasswordLength is 6; at least 8/);
  });
  test('FAIL given a character class not required', () => {
    const f = new ControlFixture();
    rawPolicy(f.stack, { ...STRONG, RequireSymbols: false }, 'Custom::AccountPasswordPolicy');
    expect(f.status('IAM.PasswordPolicy', 'Raw')).toBe('FAIL');
    expect(f.message('IAM.PasswordPolicy', 'Raw')).toMatch(/RequireSymbols is not true/);
  });
  test('FAIL given a raw AwsCustomResource call that leaves the length and classes at IAM\'s defaults', () => {
    const f = new ControlFixture();
    rawPolicy(f.stack, {});
    expect(f.status('IAM.PasswordPolicy', 'Raw')).toBe('FAIL');
  });
  test('PASS given a raw call with a strong policy', () => {
    const f = new ControlFixture();
    rawPolicy(f.stack, STRONG);
    expect(f.status('IAM.PasswordPolicy', 'Raw')).toBe('PASS');
  });
  test('UNVERIFIABLE given a call whose parameters are tokens', () => {
    const f = new ControlFixture();
    const length = new CfnParameter(f.stack, 'Length', { type: 'Number' });
    new CfnResource(f.stack, 'Raw', {
      type: 'Custom::AWS',
      properties: { Create: { 'Fn::Join': ['', ['{"service":"IAM","action":"updateAccountPasswordPolicy","parameters":{"MinimumPasswordLength":', length.valueAsString, '}}']] } },
    });
    expect(f.status('IAM.PasswordPolicy', 'Raw')).toBe('UNVERIFIABLE');
  });
  test('N/A given an AwsCustomResource that calls something else', () => {
    const f = new ControlFixture();
    new cr.AwsCustomResource(f.stack, 'Other', {
      onCreate: { service: 'SSM', action: 'getParameter', parameters: { Name: 'x' }, physicalResourceId: cr.PhysicalResourceId.of('x') },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    expect(f.status('IAM.PasswordPolicy', 'Other')).toBe('N/A');
  });
});

describe('IAM.PasswordReuse', () => {
  test('PASS given AccountPasswordPolicy with its defaults', () => {
    const f = new ControlFixture();
    passwordPolicy(f);
    expect(f.status('IAM.PasswordReuse', 'Passwords')).toBe('PASS');
  });
  test('ACKNOWLEDGED given passwordReusePrevention 0, acknowledged on the construct', () => {
    const f = new ControlFixture();
    passwordPolicy(f, { passwordReusePrevention: 0 });
    expect(f.status('IAM.PasswordReuse', 'Passwords')).toBe('ACKNOWLEDGED');
  });
  test('FAIL given no PasswordReusePrevention', () => {
    const f = new ControlFixture();
    const { PasswordReusePrevention: _omitted, ...rest } = STRONG;
    rawPolicy(f.stack, rest);
    expect(f.status('IAM.PasswordReuse', 'Raw')).toBe('FAIL');
    expect(f.message('IAM.PasswordReuse', 'Raw')).toMatch(/any previous password may be reused/);
  });
  test('UNVERIFIABLE given a raw call with a token', () => {
    const f = new ControlFixture();
    rawPolicy(f.stack, { ...STRONG, PasswordReusePrevention: { Ref: 'Reuse' } });
    expect(f.status('IAM.PasswordReuse', 'Raw')).toBe('UNVERIFIABLE');
  });
  test('N/A given a custom resource without the call', () => {
    const f = new ControlFixture();
    new CfnResource(f.stack, 'Raw', { type: 'Custom::AWS', properties: { Create: JSON.stringify({ service: 'S3', action: 'listBuckets' }) } });
    expect(f.status('IAM.PasswordReuse', 'Raw')).toBe('N/A');
  });
});

describe('IAM.PasswordMaxAge', () => {
  test('PASS given AccountPasswordPolicy with its defaults (90 days)', () => {
    const f = new ControlFixture();
    passwordPolicy(f);
    expect(f.status('IAM.PasswordMaxAge', 'Passwords')).toBe('PASS');
  });
  test('ACKNOWLEDGED given passwords that never expire, acknowledged on the construct', () => {
    const f = new ControlFixture();
    passwordPolicy(f, { maxPasswordAge: Duration.days(0) });
    expect(f.status('IAM.PasswordMaxAge', 'Passwords')).toBe('ACKNOWLEDGED');
  });
  test('FAIL given passwords that never expire', () => {
    const f = new ControlFixture();
    const { MaxPasswordAge: _omitted, ...rest } = STRONG;
    rawPolicy(f.stack, rest);
    expect(f.status('IAM.PasswordMaxAge', 'Raw')).toBe('FAIL');
    expect(f.message('IAM.PasswordMaxAge', 'Raw')).toMatch(/never expire/);
  });
  test('FAIL given more than 365 days', () => {
    const f = new ControlFixture();
    rawPolicy(f.stack, { ...STRONG, MaxPasswordAge: 400 });
    expect(f.status('IAM.PasswordMaxAge', 'Raw')).toBe('FAIL');
    expect(f.message('IAM.PasswordMaxAge', 'Raw')).toMatch(/400 days; at most 365/);
  });
  test('UNVERIFIABLE given a token', () => {
    const f = new ControlFixture();
    rawPolicy(f.stack, { ...STRONG, MaxPasswordAge: { Ref: 'Age' } });
    expect(f.status('IAM.PasswordMaxAge', 'Raw')).toBe('UNVERIFIABLE');
  });
  test('N/A given a custom resource without the call', () => {
    const f = new ControlFixture();
    new CfnResource(f.stack, 'Raw', { type: 'Custom::AccountPasswordPolicy', properties: { Create: JSON.stringify({ service: 'IAM', action: 'getAccountPasswordPolicy' }) } });
    expect(f.status('IAM.PasswordMaxAge', 'Raw')).toBe('N/A');
  });
});

describe('IAM.AccessKeyRotation', () => {
  test('PASS given KeyRotationMonitor\'s Config rule (90 days)', () => {
    const f = new ControlFixture();
    new KeyRotationMonitor(f.stack, 'Keys', { configRecorderExists: true });
    expect(f.status('IAM.AccessKeyRotation', 'Keys/AccessKeysRotated')).toBe('PASS');
  });
  test('PASS given the managed rule without parameters (AWS Config\'s default is 90 days)', () => {
    const f = new ControlFixture();
    new config.CfnConfigRule(f.stack, 'Rule', { source: { owner: 'AWS', sourceIdentifier: 'ACCESS_KEYS_ROTATED' } });
    expect(f.status('IAM.AccessKeyRotation', 'Rule')).toBe('PASS');
  });
  test('FAIL given maxAccessKeyAge above 365 days', () => {
    const f = new ControlFixture();
    new config.CfnConfigRule(f.stack, 'Rule', { source: { owner: 'AWS', sourceIdentifier: 'ACCESS_KEYS_ROTATED' }, inputParameters: { maxAccessKeyAge: '400' } });
    expect(f.status('IAM.AccessKeyRotation', 'Rule')).toBe('FAIL');
    expect(f.message('IAM.AccessKeyRotation', 'Rule')).toMatch(/maxAccessKeyAge is 400 days/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    const age = new CfnParameter(f.stack, 'Age', { type: 'String' });
    new config.CfnConfigRule(f.stack, 'Rule', { source: { owner: 'AWS', sourceIdentifier: 'ACCESS_KEYS_ROTATED' }, inputParameters: { maxAccessKeyAge: age.valueAsString } });
    expect(f.status('IAM.AccessKeyRotation', 'Rule')).toBe('UNVERIFIABLE');
  });
  test('N/A given another Config rule', () => {
    const f = new ControlFixture();
    new config.CfnConfigRule(f.stack, 'Rule', { source: { owner: 'AWS', sourceIdentifier: 'ROOT_ACCOUNT_MFA_ENABLED' } });
    expect(f.status('IAM.AccessKeyRotation', 'Rule')).toBe('N/A');
  });
});

describe('IAM.AccessKeyUnused', () => {
  test('PASS given IAM_USER_UNUSED_CREDENTIALS_CHECK at 90 days', () => {
    const f = new ControlFixture();
    new config.CfnConfigRule(f.stack, 'Rule', { source: { owner: 'AWS', sourceIdentifier: 'IAM_USER_UNUSED_CREDENTIALS_CHECK' }, inputParameters: { maxCredentialUsageAge: '90' } });
    expect(f.status('IAM.AccessKeyUnused', 'Rule')).toBe('PASS');
  });
  test('FAIL given maxCredentialUsageAge above 365 days', () => {
    const f = new ControlFixture();
    new config.CfnConfigRule(f.stack, 'Rule', { source: { owner: 'AWS', sourceIdentifier: 'IAM_USER_UNUSED_CREDENTIALS_CHECK' }, inputParameters: { maxCredentialUsageAge: 500 } });
    expect(f.status('IAM.AccessKeyUnused', 'Rule')).toBe('FAIL');
    expect(f.message('IAM.AccessKeyUnused', 'Rule')).toMatch(/maxCredentialUsageAge is 500 days/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    new config.CfnConfigRule(f.stack, 'Rule', { source: { owner: 'AWS', sourceIdentifier: 'IAM_USER_UNUSED_CREDENTIALS_CHECK' }, inputParameters: { maxCredentialUsageAge: { Ref: 'Age' } } });
    expect(f.status('IAM.AccessKeyUnused', 'Rule')).toBe('UNVERIFIABLE');
  });
  test('N/A given another Config rule', () => {
    const f = new ControlFixture();
    new config.CfnConfigRule(f.stack, 'Rule', { source: { owner: 'AWS', sourceIdentifier: 'ACCESS_KEYS_ROTATED' } });
    expect(f.status('IAM.AccessKeyUnused', 'Rule')).toBe('N/A');
  });
});

import { CfnParameter } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ControlFixture } from './harness';

function userPool(f: ControlFixture, props: cognito.UserPoolProps = {}): cognito.UserPool {
  return new cognito.UserPool(f.stack, 'Users', {
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { otp: true, sms: false },
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    ...props,
  });
}

function cfnUserPool(f: ControlFixture, props: cognito.CfnUserPoolProps = {}): cognito.CfnUserPool {
  return new cognito.CfnUserPool(f.stack, 'CfnUsers', props);
}

describe('Cognito.MfaEnabled', () => {
  test('PASS given MFA required', () => {
    const f = new ControlFixture();
    userPool(f);
    expect(f.status('Cognito.MfaEnabled', 'Users')).toBe('PASS');
  });
  test('PASS given MFA optional', () => {
    const f = new ControlFixture();
    userPool(f, { mfa: cognito.Mfa.OPTIONAL });
    expect(f.status('Cognito.MfaEnabled', 'Users')).toBe('PASS');
  });
  test('fails when MFA is off (the UserPool default)', () => {
    const f = new ControlFixture();
    new cognito.UserPool(f.stack, 'Users');
    expect(f.status('Cognito.MfaEnabled', 'Users')).toBe('FAIL');
    expect(f.message('Cognito.MfaEnabled', 'Users')).toMatch(/MfaConfiguration is OFF/);
  });
  test('fails when MfaConfiguration is absent', () => {
    const f = new ControlFixture();
    cfnUserPool(f);
    expect(f.status('Cognito.MfaEnabled', 'CfnUsers')).toBe('FAIL');
    expect(f.message('Cognito.MfaEnabled', 'CfnUsers')).toMatch(/password alone/);
  });
  test('UNVERIFIABLE given the value from a parameter', () => {
    const f = new ControlFixture();
    cfnUserPool(f, { mfaConfiguration: new CfnParameter(f.stack, 'Mfa').valueAsString });
    expect(f.status('Cognito.MfaEnabled', 'CfnUsers')).toBe('UNVERIFIABLE');
  });
});

describe('Cognito.MfaRequired', () => {
  test('PASS given MFA required', () => {
    const f = new ControlFixture();
    userPool(f);
    expect(f.status('Cognito.MfaRequired', 'Users')).toBe('PASS');
  });
  test('fails when MFA is optional', () => {
    const f = new ControlFixture();
    userPool(f, { mfa: cognito.Mfa.OPTIONAL });
    expect(f.status('Cognito.MfaRequired', 'Users')).toBe('FAIL');
    expect(f.message('Cognito.MfaRequired', 'Users')).toMatch(/OPTIONAL/);
  });
  test('N/A given MFA off', () => {
    const f = new ControlFixture();
    cfnUserPool(f);
    expect(f.status('Cognito.MfaRequired', 'CfnUsers')).toBe('N/A');
  });
  test('UNVERIFIABLE given the value from a parameter', () => {
    const f = new ControlFixture();
    cfnUserPool(f, { mfaConfiguration: new CfnParameter(f.stack, 'Mfa').valueAsString });
    expect(f.status('Cognito.MfaRequired', 'CfnUsers')).toBe('UNVERIFIABLE');
  });
});

describe('Cognito.ThreatProtection', () => {
  test('PASS given full-function threat protection on the Plus plan', () => {
    const f = new ControlFixture();
    userPool(f);
    expect(f.status('Cognito.ThreatProtection', 'Users')).toBe('PASS');
  });
  test('fails when threat protection only audits', () => {
    const f = new ControlFixture();
    userPool(f, { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.AUDIT_ONLY });
    expect(f.status('Cognito.ThreatProtection', 'Users')).toBe('FAIL');
    expect(f.message('Cognito.ThreatProtection', 'Users')).toMatch(/AUDIT/);
  });
  test('fails when there are no add-ons (OFF)', () => {
    const f = new ControlFixture();
    cfnUserPool(f);
    expect(f.status('Cognito.ThreatProtection', 'CfnUsers')).toBe('FAIL');
    expect(f.message('Cognito.ThreatProtection', 'CfnUsers')).toMatch(/not set \(OFF\)/);
  });
  test('UNVERIFIABLE given the mode from a parameter', () => {
    const f = new ControlFixture();
    cfnUserPool(f, { userPoolTier: 'PLUS', userPoolAddOns: { advancedSecurityMode: new CfnParameter(f.stack, 'Mode').valueAsString } });
    expect(f.status('Cognito.ThreatProtection', 'CfnUsers')).toBe('UNVERIFIABLE');
  });
});

describe('Cognito.PasswordPolicy', () => {
  test('PASS given the UserPool defaults', () => {
    const f = new ControlFixture();
    userPool(f);
    expect(f.status('Cognito.PasswordPolicy', 'Users')).toBe('PASS');
  });
  test('PASS given no password policy (Cognito default)', () => {
    const f = new ControlFixture();
    cfnUserPool(f);
    expect(f.status('Cognito.PasswordPolicy', 'CfnUsers')).toBe('PASS');
  });
  test('fails when the minimum length is below the threshold', () => {
    const f = new ControlFixture();
    userPool(f, { passwordPolicy: { minLength: 6 } });
    expect(f.status('Cognito.PasswordPolicy', 'Users')).toBe('FAIL');
    expect(f.message('Cognito.PasswordPolicy', 'Users')).toMatch(/MinimumLength is 6/);
  });
  test('fails when symbols are not required', () => {
    const f = new ControlFixture();
    userPool(f, { passwordPolicy: { minLength: 12, requireSymbols: false } });
    expect(f.status('Cognito.PasswordPolicy', 'Users')).toBe('FAIL');
    expect(f.message('Cognito.PasswordPolicy', 'Users')).toMatch(/^RequireSymbols is false/);
  });
  test('PASS given a stated policy that leaves the flags at their defaults', () => {
    const f = new ControlFixture();
    userPool(f, { passwordPolicy: { minLength: 12 } });
    expect(f.status('Cognito.PasswordPolicy', 'Users')).toBe('PASS');
  });
  test('fails when an L1 policy turns two classes off', () => {
    const f = new ControlFixture();
    cfnUserPool(f, { policies: { passwordPolicy: { minimumLength: 10, requireLowercase: false, requireNumbers: false } } });
    expect(f.status('Cognito.PasswordPolicy', 'CfnUsers')).toBe('FAIL');
    expect(f.message('Cognito.PasswordPolicy', 'CfnUsers')).toMatch(/^RequireLowercase, RequireNumbers are false/);
  });
  test('UNVERIFIABLE given the length from a parameter', () => {
    const f = new ControlFixture();
    cfnUserPool(f, { policies: { passwordPolicy: { minimumLength: new CfnParameter(f.stack, 'Length', { type: 'Number' }).valueAsNumber } } });
    expect(f.status('Cognito.PasswordPolicy', 'CfnUsers')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a flag from a parameter', () => {
    const f = new ControlFixture();
    const flag = new CfnParameter(f.stack, 'Symbols', { allowedValues: ['true', 'false'] }).valueAsString;
    cfnUserPool(f, { policies: { passwordPolicy: { minimumLength: 10, requireSymbols: flag as any } } });
    expect(f.status('Cognito.PasswordPolicy', 'CfnUsers')).toBe('UNVERIFIABLE');
  });
});

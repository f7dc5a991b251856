import { CfnParameter, CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ControlFixture } from './harness';

/** A function whose log group's retention aws-cdk-lib sets with a Custom::LogRetention (`Fn/LogRetention`). */
function lambdaWithRetention(f: ControlFixture, logRetention: logs.RetentionDays): lambda.Function {
  return new lambda.Function(f.stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};'), logRetention,
  });
}

describe('Logs.CustomerManagedKey', () => {
  test('PASS given encryptionKey', () => {
    const f = new ControlFixture();
    new logs.LogGroup(f.stack, 'Group', { encryptionKey: new kms.Key(f.stack, 'Key') });
    expect(f.status('Logs.CustomerManagedKey', 'Group')).toBe('PASS');
  });
  test('FAIL given the L2 default (no key)', () => {
    const f = new ControlFixture();
    new logs.LogGroup(f.stack, 'Group');
    expect(f.status('Logs.CustomerManagedKey', 'Group')).toBe('FAIL');
    expect(f.message('Logs.CustomerManagedKey', 'Group')).toMatch(/KmsKeyId is not set, so a key owned by CloudWatch Logs is used/);
  });
  test('UNVERIFIABLE given an L1 log group with a key from a parameter', () => {
    const f = new ControlFixture();
    new logs.CfnLogGroup(f.stack, 'Group', { kmsKeyId: new CfnParameter(f.stack, 'KeyArn').valueAsString });
    expect(f.status('Logs.CustomerManagedKey', 'Group')).toBe('UNVERIFIABLE');
  });
});

describe('Logs.RetentionSixYears', () => {
  test('PASS given RetentionDays.SIX_YEARS', () => {
    const f = new ControlFixture();
    new logs.LogGroup(f.stack, 'Group', { retention: logs.RetentionDays.SIX_YEARS });
    expect(f.status('Logs.RetentionSixYears', 'Group')).toBe('PASS');
  });
  test('PASS given RetentionDays.INFINITE (no RetentionInDays)', () => {
    const f = new ControlFixture();
    new logs.LogGroup(f.stack, 'Group', { retention: logs.RetentionDays.INFINITE });
    expect(f.status('Logs.RetentionSixYears', 'Group')).toBe('PASS');
  });
  test('FAIL given the L2 default (two years)', () => {
    const f = new ControlFixture();
    new logs.LogGroup(f.stack, 'Group');
    expect(f.status('Logs.RetentionSixYears', 'Group')).toBe('FAIL');
    expect(f.message('Logs.RetentionSixYears', 'Group')).toMatch(/RetentionInDays is 731, so events expire after 731 days; audit evidence must be kept six years \(2192 days\)/);
  });
  test('FAIL given retention shortened by an override', () => {
    const f = new ControlFixture();
    const group = new logs.LogGroup(f.stack, 'Group', { retention: logs.RetentionDays.TEN_YEARS });
    (group.node.defaultChild as logs.CfnLogGroup).addPropertyOverride('RetentionInDays', 1827);
    expect(f.status('Logs.RetentionSixYears', 'Group')).toBe('FAIL');
  });
  test('UNVERIFIABLE given retention from a parameter', () => {
    const f = new ControlFixture();
    new logs.CfnLogGroup(f.stack, 'Group', { retentionInDays: new CfnParameter(f.stack, 'Days', { type: 'Number' }).valueAsNumber });
    expect(f.status('Logs.RetentionSixYears', 'Group')).toBe('UNVERIFIABLE');
  });
  test('FAIL given a Lambda logRetention below six years (Custom::LogRetention)', () => {
    const f = new ControlFixture();
    lambdaWithRetention(f, logs.RetentionDays.ONE_YEAR);
    expect(f.status('Logs.RetentionSixYears', 'Fn/LogRetention')).toBe('FAIL');
    expect(f.message('Logs.RetentionSixYears', 'Fn/LogRetention')).toMatch(/Custom::LogRetention sets on \/aws\/lambda\/\{\.\.\.\} is 365, so events expire after 365 days/);
  });
  test('PASS given a Custom::LogRetention of RetentionDays.INFINITE or TEN_YEARS', () => {
    const f = new ControlFixture();
    lambdaWithRetention(f, logs.RetentionDays.INFINITE);
    new logs.LogRetention(f.stack, 'Ten', { logGroupName: '/aws/rds/instance/patients/postgresql', retention: logs.RetentionDays.TEN_YEARS });
    expect(f.status('Logs.RetentionSixYears', 'Fn/LogRetention')).toBe('PASS');
    expect(f.status('Logs.RetentionSixYears', 'Ten')).toBe('PASS');
  });
  test('UNVERIFIABLE given a Custom::LogRetention with RetentionInDays from a parameter', () => {
    const f = new ControlFixture();
    new CfnResource(f.stack, 'Retention', {
      type: 'Custom::LogRetention',
      properties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:retention', LogGroupName: '/app', RetentionInDays: new CfnParameter(f.stack, 'Days', { type: 'Number' }).valueAsNumber },
    });
    expect(f.status('Logs.RetentionSixYears', 'Retention')).toBe('UNVERIFIABLE');
  });
});

describe('Logs.DataRetained', () => {
  test('PASS given the L2 default (Retain)', () => {
    const f = new ControlFixture();
    new logs.LogGroup(f.stack, 'Group');
    expect(f.status('Logs.DataRetained', 'Group')).toBe('PASS');
  });
  test('FAIL given RemovalPolicy.DESTROY', () => {
    const f = new ControlFixture();
    new logs.LogGroup(f.stack, 'Group', { removalPolicy: RemovalPolicy.DESTROY });
    expect(f.status('Logs.DataRetained', 'Group')).toBe('FAIL');
    expect(f.message('Logs.DataRetained', 'Group')).toMatch(/DeletionPolicy is Delete/);
  });
  test('FAIL given an L1 log group (CloudFormation deletes by default)', () => {
    const f = new ControlFixture();
    new logs.CfnLogGroup(f.stack, 'Group');
    expect(f.status('Logs.DataRetained', 'Group')).toBe('FAIL');
  });
});

describe('Logs.DataProtectionPolicy', () => {
  test('PASS given a data protection policy', () => {
    const f = new ControlFixture();
    new logs.LogGroup(f.stack, 'Group', {
      dataProtectionPolicy: new logs.DataProtectionPolicy({ identifiers: [logs.DataIdentifier.EMAILADDRESS, logs.DataIdentifier.SSN_US] }),
    });
    expect(f.status('Logs.DataProtectionPolicy', 'Group')).toBe('PASS');
  });
  test('FAIL given the L2 default (none)', () => {
    const f = new ControlFixture();
    new logs.LogGroup(f.stack, 'Group');
    expect(f.status('Logs.DataProtectionPolicy', 'Group')).toBe('FAIL');
    expect(f.message('Logs.DataProtectionPolicy', 'Group')).toMatch(/no data protection policy/);
  });
  test('FAIL given an L1 policy without statements', () => {
    const f = new ControlFixture();
    new logs.CfnLogGroup(f.stack, 'Group', { dataProtectionPolicy: { Name: 'empty', Version: '2021-06-01', Statement: [] } });
    expect(f.status('Logs.DataProtectionPolicy', 'Group')).toBe('FAIL');
    expect(f.message('Logs.DataProtectionPolicy', 'Group')).toMatch(/no statements/);
  });
  test('UNVERIFIABLE given the policy from a parameter', () => {
    const f = new ControlFixture();
    new logs.CfnLogGroup(f.stack, 'Group', { dataProtectionPolicy: { 'Fn::ImportValue': 'shared-policy' } });
    expect(f.status('Logs.DataProtectionPolicy', 'Group')).toBe('UNVERIFIABLE');
  });
});

describe('Logs.PhiMasking', () => {
  function masked(f: ControlFixture): logs.LogGroup {
    return new logs.LogGroup(f.stack, 'Group', {
      dataProtectionPolicy: new logs.DataProtectionPolicy({ identifiers: [logs.DataIdentifier.EMAILADDRESS] }),
    });
  }
  test('PASS given a masking policy and no principal allowed to unmask', () => {
    const f = new ControlFixture();
    const group = masked(f);
    new iam.ManagedPolicy(f.stack, 'Readers', { statements: [new iam.PolicyStatement({ actions: ['logs:GetLogEvents'], resources: [group.logGroupArn] })] });
    expect(f.status('Logs.PhiMasking', 'Group')).toBe('PASS');
  });
  test('FAIL given a policy allowing logs:Unmask on the log group', () => {
    const f = new ControlFixture();
    const group = masked(f);
    new iam.ManagedPolicy(f.stack, 'Readers', { statements: [new iam.PolicyStatement({ actions: ['logs:GetLogEvents', 'logs:Unmask'], resources: [group.logGroupArn] })] });
    expect(f.status('Logs.PhiMasking', 'Group')).toBe('FAIL');
    expect(f.message('Logs.PhiMasking', 'Group')).toMatch(/allows logs:Unmask on this log group/);
  });
  test('FAIL given a role whose inline policy allows logs:* on every log group', () => {
    const f = new ControlFixture();
    masked(f);
    new iam.Role(f.stack, 'Admin', {
      assumedBy: new iam.AccountRootPrincipal(),
      inlinePolicies: { all: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['logs:*'], resources: ['*'] })] }) },
    });
    expect(f.status('Logs.PhiMasking', 'Group')).toBe('FAIL');
    expect(f.message('Logs.PhiMasking', 'Group')).toMatch(/on every log group/);
  });
  test('N/A given no data protection policy', () => {
    const f = new ControlFixture();
    new logs.LogGroup(f.stack, 'Group');
    expect(f.status('Logs.PhiMasking', 'Group')).toBe('N/A');
  });
});

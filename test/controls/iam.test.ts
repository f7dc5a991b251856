import { Aws, CfnCondition, CfnParameter, CfnResource, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { ControlFixture } from './harness';
import { AccountPasswordPolicy, AccountPasswordPolicyProps, HipaaSeverity, KeyRotationMonitor } from '../../src';

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

/** A role for Lambda, the principal most apps grant to. */
function lambdaRole(f: ControlFixture, id = 'Role'): iam.Role {
  return new iam.Role(f.stack, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
}

/** An L1 AWS::IAM::Policy with one statement, attached to a role. */
function rawIdentityPolicy(f: ControlFixture, statement: Record<string, unknown>): iam.CfnPolicy {
  return new iam.CfnPolicy(f.stack, 'Raw', {
    policyName: 'raw', roles: [lambdaRole(f).roleName], policyDocument: { Version: '2012-10-17', Statement: [statement] },
  });
}

describe('IAM.NoAdminAccess', () => {
  test('PASS given the DefaultPolicy of an L2 grant', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Bucket').grantRead(lambdaRole(f));
    expect(f.status('IAM.NoAdminAccess', 'Role/DefaultPolicy')).toBe('PASS');
  });
  test('PASS given every action on one specific resource (IAM.NoFullServiceAccess judges that)', () => {
    const f = new ControlFixture();
    rawIdentityPolicy(f, { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::records' });
    expect(f.status('IAM.NoAdminAccess', 'Raw')).toBe('PASS');
  });
  test('fails when a managed policy allows * on *', () => {
    const f = new ControlFixture();
    new iam.ManagedPolicy(f.stack, 'Admin', { statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] });
    expect(f.status('IAM.NoAdminAccess', 'Admin')).toBe('FAIL');
    expect(f.message('IAM.NoAdminAccess', 'Admin')).toMatch(/statement 1 of policy .* allows every action on every resource/);
  });
  test('fails when the second inline statement of a role allows * among other actions on a wildcard ARN', () => {
    const f = new ControlFixture();
    new iam.Role(f.stack, 'Inline', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: {
        ops: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::records/*'] }),
            new iam.PolicyStatement({ sid: 'Everything', actions: ['s3:GetObject', '*'], resources: ['arn:aws:s3:::records/*'] }),
          ],
        }),
      },
    });
    expect(f.status('IAM.NoAdminAccess', 'Inline')).toBe('FAIL');
    expect(f.message('IAM.NoAdminAccess', 'Inline')).toMatch(/statement Everything of policy ops allows every action on a wildcard resource/);
  });
  test('fails when an Allow with NotAction (everything but a list) applies to every resource', () => {
    const f = new ControlFixture();
    rawIdentityPolicy(f, { Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' });
    expect(f.status('IAM.NoAdminAccess', 'Raw')).toBe('FAIL');
  });
  test('fails when a user has an inline policy that allows * on *', () => {
    const f = new ControlFixture();
    new iam.CfnUser(f.stack, 'User', { policies: [{ policyName: 'all', policyDocument: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } }] });
    expect(f.status('IAM.NoAdminAccess', 'User')).toBe('FAIL');
  });
  test('fails when AdministratorAccess is attached to a role', () => {
    const f = new ControlFixture();
    lambdaRole(f).addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'));
    expect(f.status('IAM.NoAdminAccess', 'Role')).toBe('FAIL');
    expect(f.message('IAM.NoAdminAccess', 'Role')).toMatch(/the AWS managed policy AdministratorAccess allows every action/);
  });
  test('PASS given a Deny of * on *', () => {
    const f = new ControlFixture();
    rawIdentityPolicy(f, { Effect: 'Deny', Action: '*', Resource: '*' });
    expect(f.status('IAM.NoAdminAccess', 'Raw')).toBe('PASS');
  });
  test('N/A given a role with no inline policy and no managed policy', () => {
    const f = new ControlFixture();
    lambdaRole(f);
    expect(f.status('IAM.NoAdminAccess', 'Role')).toBe('N/A');
  });
  test('UNVERIFIABLE given the Action from a parameter on every resource', () => {
    const f = new ControlFixture();
    rawIdentityPolicy(f, { Effect: 'Allow', Action: new CfnParameter(f.stack, 'Action').valueAsString, Resource: '*' });
    expect(f.status('IAM.NoAdminAccess', 'Raw')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given the Resource of an Allow * from a parameter', () => {
    const f = new ControlFixture();
    rawIdentityPolicy(f, { Effect: 'Allow', Action: '*', Resource: new CfnParameter(f.stack, 'Target').valueAsString });
    expect(f.status('IAM.NoAdminAccess', 'Raw')).toBe('UNVERIFIABLE');
  });
});

describe('IAM.NoFullServiceAccess', () => {
  test('PASS given the DefaultPolicy of an L2 grant (s3:GetObject*, s3:List*)', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Bucket').grantReadWrite(lambdaRole(f));
    expect(f.status('IAM.NoFullServiceAccess', 'Role/DefaultPolicy')).toBe('PASS');
  });
  test('fails when a statement allows s3:* on one bucket', () => {
    const f = new ControlFixture();
    const bucket = new s3.Bucket(f.stack, 'Bucket');
    lambdaRole(f).addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:*', 'kms:Decrypt'], resources: [bucket.bucketArn, bucket.arnForObjects('*')] }));
    expect(f.status('IAM.NoFullServiceAccess', 'Role/DefaultPolicy')).toBe('FAIL');
    expect(f.message('IAM.NoFullServiceAccess', 'Role/DefaultPolicy')).toMatch(/statement 1 of policy .* allows s3:\*/);
  });
  test('fails when a statement allows * on a specific resource', () => {
    const f = new ControlFixture();
    rawIdentityPolicy(f, { Effect: 'Allow', Action: ['*'], Resource: 'arn:aws:s3:::records' });
    expect(f.status('IAM.NoFullServiceAccess', 'Raw')).toBe('FAIL');
  });
  test('fails when AmazonS3FullAccess is attached to a group', () => {
    const f = new ControlFixture();
    new iam.Group(f.stack, 'Group', { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess')] });
    expect(f.status('IAM.NoFullServiceAccess', 'Group')).toBe('FAIL');
    expect(f.message('IAM.NoFullServiceAccess', 'Group')).toMatch(/AmazonS3FullAccess allows every action of its services/);
  });
  test('N/A given a role with no inline policy and no managed policy', () => {
    const f = new ControlFixture();
    lambdaRole(f);
    expect(f.status('IAM.NoFullServiceAccess', 'Role')).toBe('N/A');
  });
  test('UNVERIFIABLE given an Action from a parameter', () => {
    const f = new ControlFixture();
    rawIdentityPolicy(f, { Effect: 'Allow', Action: ['s3:GetObject', new CfnParameter(f.stack, 'Action').valueAsString], Resource: 'arn:aws:s3:::records/*' });
    expect(f.status('IAM.NoFullServiceAccess', 'Raw')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a managed policy ARN from a parameter', () => {
    const f = new ControlFixture();
    new iam.CfnRole(f.stack, 'Imported', {
      assumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      managedPolicyArns: [new CfnParameter(f.stack, 'PolicyArn').valueAsString],
    });
    expect(f.status('IAM.NoFullServiceAccess', 'Imported')).toBe('UNVERIFIABLE');
  });
});

describe('IAM.NoInlinePolicy', () => {
  test('PASS given a role whose permissions are a managed policy', () => {
    const f = new ControlFixture();
    const role = lambdaRole(f);
    role.addManagedPolicy(new iam.ManagedPolicy(f.stack, 'Reader', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::records/*'] })] }));
    expect(f.status('IAM.NoInlinePolicy', 'Role')).toBe('PASS');
  });
  test('fails when a grant writes the DefaultPolicy (warning)', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Bucket').grantRead(lambdaRole(f));
    expect(f.status('IAM.NoInlinePolicy', 'Role/Resource')).toBe('PASS');
    expect(f.status('IAM.NoInlinePolicy', 'Role/DefaultPolicy')).toBe('FAIL');
    expect(f.message('IAM.NoInlinePolicy', 'Role/DefaultPolicy')).toMatch(/is an inline policy \(aws-cdk-lib writes this DefaultPolicy for the grants/);
    expect(f.finding('IAM.NoInlinePolicy', 'Role/DefaultPolicy')?.severity).toBe(HipaaSeverity.WARNING);
  });
  test('fails when a role has inlinePolicies', () => {
    const f = new ControlFixture();
    new iam.Role(f.stack, 'Inline', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: { read: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::records/*'] })] }) },
    });
    expect(f.status('IAM.NoInlinePolicy', 'Inline')).toBe('FAIL');
    expect(f.message('IAM.NoInlinePolicy', 'Inline')).toMatch(/the role has 1 inline policy in Policies/);
  });
  test('fails when an AWS::IAM::RolePolicy attaches an inline policy', () => {
    const f = new ControlFixture();
    new iam.CfnRolePolicy(f.stack, 'RolePolicy', {
      roleName: lambdaRole(f).roleName,
      policyName: 'read',
      policyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::records/*' }] },
    });
    expect(f.status('IAM.NoInlinePolicy', 'RolePolicy')).toBe('FAIL');
  });
  test('UNVERIFIABLE given Policies from a condition', () => {
    const f = new ControlFixture();
    const condition = new CfnCondition(f.stack, 'WithPolicies', { expression: Fn.conditionEquals(new CfnParameter(f.stack, 'Mode').valueAsString, 'on') });
    const role = lambdaRole(f);
    (role.node.defaultChild as iam.CfnRole).addPropertyOverride('Policies', Fn.conditionIf(condition.logicalId, [], Aws.NO_VALUE));
    expect(f.status('IAM.NoInlinePolicy', 'Role')).toBe('UNVERIFIABLE');
  });
});

describe('IAM.UserNoPolicies', () => {
  test('PASS given a user that gets its permissions from a group', () => {
    const f = new ControlFixture();
    const group = new iam.Group(f.stack, 'Group', { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] });
    group.addUser(new iam.User(f.stack, 'User'));
    expect(f.status('IAM.UserNoPolicies', 'User')).toBe('PASS');
  });
  test('fails when a managed policy is attached to the user', () => {
    const f = new ControlFixture();
    new iam.User(f.stack, 'User', { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] });
    expect(f.status('IAM.UserNoPolicies', 'User')).toBe('FAIL');
    expect(f.message('IAM.UserNoPolicies', 'User')).toMatch(/policies attached directly \(ManagedPolicyArns\)/);
  });
  test('fails when a statement added to the user writes a Policy naming it', () => {
    const f = new ControlFixture();
    new iam.User(f.stack, 'User').addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::records/*'] }));
    expect(f.status('IAM.UserNoPolicies', 'User/DefaultPolicy')).toBe('FAIL');
    expect(f.message('IAM.UserNoPolicies', 'User/DefaultPolicy')).toMatch(/attached directly to a user/);
  });
  test('fails when an AWS::IAM::UserPolicy attaches a policy to a user', () => {
    const f = new ControlFixture();
    new iam.CfnUserPolicy(f.stack, 'UserPolicy', {
      userName: new iam.User(f.stack, 'User').userName,
      policyName: 'read',
      policyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::records/*' }] },
    });
    expect(f.status('IAM.UserNoPolicies', 'UserPolicy')).toBe('FAIL');
  });
  test('N/A given a role\'s DefaultPolicy (attached to no user)', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Bucket').grantRead(lambdaRole(f));
    expect(f.status('IAM.UserNoPolicies', 'Role/DefaultPolicy')).toBe('N/A');
  });
  test('UNVERIFIABLE given ManagedPolicyArns from a parameter', () => {
    const f = new ControlFixture();
    new iam.CfnUser(f.stack, 'User', { managedPolicyArns: new CfnParameter(f.stack, 'Arns', { type: 'CommaDelimitedList' }).valueAsList });
    expect(f.status('IAM.UserNoPolicies', 'User')).toBe('UNVERIFIABLE');
  });
});

describe('IAM.UserGroupMembership', () => {
  test('PASS given group.addUser(user)', () => {
    const f = new ControlFixture();
    new iam.Group(f.stack, 'Group').addUser(new iam.User(f.stack, 'User'));
    expect(f.status('IAM.UserGroupMembership', 'User')).toBe('PASS');
  });
  test('PASS given a UserToGroupAddition naming the user by reference, or by its UserName', () => {
    const f = new ControlFixture();
    const byRef = new iam.User(f.stack, 'ByRef');
    new iam.User(f.stack, 'ByName', { userName: 'alice' });
    new iam.CfnUserToGroupAddition(f.stack, 'Addition', { groupName: 'clinicians', users: [byRef.userName, 'alice'] });
    expect(f.status('IAM.UserGroupMembership', 'ByRef')).toBe('PASS');
    expect(f.status('IAM.UserGroupMembership', 'ByName')).toBe('PASS');
  });
  test('fails when the user is in no group', () => {
    const f = new ControlFixture();
    new iam.User(f.stack, 'User', { userName: 'bob' });
    new iam.CfnUserToGroupAddition(f.stack, 'Addition', { groupName: 'clinicians', users: ['alice'] });
    expect(f.status('IAM.UserGroupMembership', 'User')).toBe('FAIL');
    expect(f.message('IAM.UserGroupMembership', 'User')).toMatch(/in no group/);
  });
  test('UNVERIFIABLE given a UserToGroupAddition whose Users come from a parameter', () => {
    const f = new ControlFixture();
    new iam.User(f.stack, 'User');
    new iam.CfnUserToGroupAddition(f.stack, 'Addition', { groupName: 'clinicians', users: new CfnParameter(f.stack, 'Users', { type: 'CommaDelimitedList' }).valueAsList });
    expect(f.status('IAM.UserGroupMembership', 'User')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given Groups from a parameter', () => {
    const f = new ControlFixture();
    new iam.CfnUser(f.stack, 'User', { groups: new CfnParameter(f.stack, 'Groups', { type: 'CommaDelimitedList' }).valueAsList });
    expect(f.status('IAM.UserGroupMembership', 'User')).toBe('UNVERIFIABLE');
  });
});

describe('IAM.GroupHasUsers', () => {
  test('PASS given a user added to the group', () => {
    const f = new ControlFixture();
    const group = new iam.Group(f.stack, 'Group');
    new iam.User(f.stack, 'User', { groups: [group] });
    expect(f.status('IAM.GroupHasUsers', 'Group')).toBe('PASS');
  });
  test('PASS given a UserToGroupAddition naming the group by reference, or by its GroupName', () => {
    const f = new ControlFixture();
    const byRef = new iam.Group(f.stack, 'ByRef');
    new iam.Group(f.stack, 'ByName', { groupName: 'clinicians' });
    new iam.CfnUserToGroupAddition(f.stack, 'One', { groupName: byRef.groupName, users: ['alice'] });
    new iam.CfnUserToGroupAddition(f.stack, 'Two', { groupName: 'clinicians', users: ['alice'] });
    expect(f.status('IAM.GroupHasUsers', 'ByRef')).toBe('PASS');
    expect(f.status('IAM.GroupHasUsers', 'ByName')).toBe('PASS');
  });
  test('fails when no user is in the group', () => {
    const f = new ControlFixture();
    new iam.Group(f.stack, 'Group', { groupName: 'clinicians' });
    new iam.Group(f.stack, 'Other').addUser(new iam.User(f.stack, 'User'));
    expect(f.status('IAM.GroupHasUsers', 'Group')).toBe('FAIL');
    expect(f.message('IAM.GroupHasUsers', 'Group')).toMatch(/has no users/);
  });
  test('UNVERIFIABLE given a user whose Groups come from a parameter', () => {
    const f = new ControlFixture();
    new iam.Group(f.stack, 'Group');
    new iam.CfnUser(f.stack, 'User', { groups: new CfnParameter(f.stack, 'Groups', { type: 'CommaDelimitedList' }).valueAsList });
    expect(f.status('IAM.GroupHasUsers', 'Group')).toBe('UNVERIFIABLE');
  });
});

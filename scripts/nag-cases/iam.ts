import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagCase } from './types';

const READ_RECORDS = new iam.PolicyStatement({
  actions: ['s3:GetObject'],
  resources: ['arn:aws:s3:::patient-records/*'],
});

/** A role Lambda can assume. */
function lambdaRole(stack: Stack, props: Partial<iam.RoleProps> = {}): iam.Role {
  return new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), ...props });
}

/** A customer-managed policy with the given statements. */
function managedPolicy(stack: Stack, ...statements: iam.PolicyStatement[]): string {
  new iam.ManagedPolicy(stack, 'Policy', { statements });
  return 'Policy/Resource';
}

const GROUP_HAS_USERS: NagCase[] = [
  {
    rule: 'IAMGroupHasUsers',
    compliant: true,
    title: 'group with a user that lists it',
    build: (stack) => {
      const group = new iam.Group(stack, 'Group');
      new iam.User(stack, 'User', { groups: [group] });
      return 'Group/Resource';
    },
  },
  {
    rule: 'IAMGroupHasUsers',
    compliant: true,
    title: 'named group joined through a user-to-group addition',
    build: (stack) => {
      new iam.CfnGroup(stack, 'Group', { groupName: 'clinicians' });
      new iam.CfnUserToGroupAddition(stack, 'Membership', { groupName: 'clinicians', users: ['existing-user'] });
      return 'Group';
    },
  },
  {
    rule: 'IAMGroupHasUsers',
    compliant: false,
    title: 'group nobody belongs to',
    build: (stack) => {
      new iam.Group(stack, 'Group');
      return 'Group/Resource';
    },
  },
  {
    rule: 'IAMGroupHasUsers',
    compliant: false,
    title: 'user belongs to another group whose name starts with this one',
    build: (stack) => {
      new iam.CfnGroup(stack, 'Group', { groupName: 'clinicians' });
      new iam.CfnGroup(stack, 'ReadOnlyGroup', { groupName: 'clinicians-readonly' });
      new iam.CfnUser(stack, 'User', { groups: ['clinicians-readonly'] });
      return 'Group';
    },
  },
];

const NO_INLINE_POLICY: NagCase[] = [
  {
    rule: 'IAMNoInlinePolicy',
    compliant: true,
    title: 'role with a customer-managed policy only',
    build: (stack) => {
      const policy = new iam.ManagedPolicy(stack, 'Policy', { statements: [READ_RECORDS] });
      lambdaRole(stack, { managedPolicies: [policy] });
      return 'Role/Resource';
    },
  },
  {
    rule: 'IAMNoInlinePolicy',
    compliant: true,
    title: 'user with no policies',
    build: (stack) => {
      new iam.User(stack, 'User');
      return 'User/Resource';
    },
  },
  {
    rule: 'IAMNoInlinePolicy',
    compliant: false,
    title: 'role with an inline policy in its own template',
    build: (stack) => {
      lambdaRole(stack, { inlinePolicies: { Read: new iam.PolicyDocument({ statements: [READ_RECORDS] }) } });
      return 'Role/Resource';
    },
  },
  {
    rule: 'IAMNoInlinePolicy',
    compliant: false,
    title: 'default policy created by addToPrincipalPolicy',
    build: (stack) => {
      lambdaRole(stack).addToPrincipalPolicy(READ_RECORDS);
      return 'Role/DefaultPolicy/Resource';
    },
  },
  {
    rule: 'IAMNoInlinePolicy',
    compliant: false,
    title: 'group with an inline policy',
    build: (stack) => {
      new iam.CfnGroup(stack, 'Group', {
        policies: [{ policyName: 'Read', policyDocument: new iam.PolicyDocument({ statements: [READ_RECORDS] }) }],
      });
      return 'Group';
    },
  },
  {
    rule: 'IAMNoInlinePolicy',
    compliant: false,
    title: 'user with an inline policy',
    build: (stack) => {
      new iam.CfnUser(stack, 'User', {
        policies: [{ policyName: 'Read', policyDocument: new iam.PolicyDocument({ statements: [READ_RECORDS] }) }],
      });
      return 'User';
    },
  },
];

const ADMIN_ACCESS: NagCase[] = [
  {
    rule: 'IAMPolicyNoStatementsWithAdminAccess',
    compliant: true,
    title: 'managed policy with one action on one bucket',
    build: (stack) => managedPolicy(stack, READ_RECORDS),
  },
  {
    rule: 'IAMPolicyNoStatementsWithAdminAccess',
    compliant: true,
    title: 'every action denied on every resource',
    build: (stack) => managedPolicy(stack, new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['*'] })),
  },
  {
    rule: 'IAMPolicyNoStatementsWithAdminAccess',
    compliant: true,
    title: 'every action on one bucket named without a wildcard',
    build: (stack) => managedPolicy(stack, new iam.PolicyStatement({ actions: ['*'], resources: ['arn:aws:s3:::patient-records'] })),
  },
  {
    rule: 'IAMPolicyNoStatementsWithAdminAccess',
    compliant: true,
    title: 'role with the AWS-managed AdministratorAccess policy attached (not read)',
    build: (stack) => {
      lambdaRole(stack, { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')] });
      return 'Role/Resource';
    },
  },
  {
    rule: 'IAMPolicyNoStatementsWithAdminAccess',
    compliant: false,
    title: 'managed policy allowing every action on every resource',
    build: (stack) => managedPolicy(stack, new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })),
  },
  {
    rule: 'IAMPolicyNoStatementsWithAdminAccess',
    compliant: false,
    title: 'every action on an ARN ending in a wildcard (one bucket\'s objects)',
    build: (stack) => managedPolicy(stack, new iam.PolicyStatement({ actions: ['*'], resources: ['arn:aws:s3:::patient-records/*'] })),
  },
  {
    rule: 'IAMPolicyNoStatementsWithAdminAccess',
    compliant: false,
    title: 'admin statement behind an MFA condition',
    build: (stack) => managedPolicy(stack, new iam.PolicyStatement({
      actions: ['*'],
      resources: ['*'],
      conditions: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    })),
  },
  {
    rule: 'IAMPolicyNoStatementsWithAdminAccess',
    compliant: false,
    title: 'role inline policy with admin as the second statement',
    build: (stack) => {
      lambdaRole(stack, {
        inlinePolicies: {
          Admin: new iam.PolicyDocument({
            statements: [READ_RECORDS, new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })],
          }),
        },
      });
      return 'Role/Resource';
    },
  },
  {
    rule: 'IAMPolicyNoStatementsWithAdminAccess',
    compliant: false,
    title: 'default policy of a role allowing every action on every resource',
    build: (stack) => {
      lambdaRole(stack).addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));
      return 'Role/DefaultPolicy/Resource';
    },
  },
  {
    rule: 'IAMPolicyNoStatementsWithAdminAccess',
    compliant: false,
    title: 'group inline policy allowing every action',
    build: (stack) => {
      new iam.CfnGroup(stack, 'Group', {
        policies: [{
          policyName: 'Admin',
          policyDocument: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] }),
        }],
      });
      return 'Group';
    },
  },
];

const FULL_ACCESS: NagCase[] = [
  {
    rule: 'IAMPolicyNoStatementsWithFullAccess',
    compliant: true,
    title: 'managed policy with named actions',
    build: (stack) => managedPolicy(stack, new iam.PolicyStatement({
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: ['arn:aws:s3:::patient-records/*'],
    })),
  },
  {
    rule: 'IAMPolicyNoStatementsWithFullAccess',
    compliant: true,
    title: 'action prefix wildcard (s3:Get*)',
    build: (stack) => managedPolicy(stack, new iam.PolicyStatement({ actions: ['s3:Get*'], resources: ['arn:aws:s3:::patient-records/*'] })),
  },
  {
    rule: 'IAMPolicyNoStatementsWithFullAccess',
    compliant: true,
    title: 'policy that only denies s3:*',
    build: (stack) => managedPolicy(stack, new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      actions: ['s3:*'],
      resources: ['arn:aws:s3:::patient-records/*'],
    })),
  },
  {
    rule: 'IAMPolicyNoStatementsWithFullAccess',
    compliant: false,
    title: 'managed policy allowing s3:* on one bucket',
    build: (stack) => managedPolicy(stack, new iam.PolicyStatement({
      actions: ['s3:*'],
      resources: ['arn:aws:s3:::patient-records', 'arn:aws:s3:::patient-records/*'],
    })),
  },
  {
    rule: 'IAMPolicyNoStatementsWithFullAccess',
    compliant: false,
    title: 'service wildcard among named actions in a role inline policy',
    build: (stack) => {
      lambdaRole(stack, {
        inlinePolicies: {
          Table: new iam.PolicyDocument({
            statements: [new iam.PolicyStatement({
              actions: ['s3:GetObject', 'dynamodb:*'],
              resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/patients'],
            })],
          }),
        },
      });
      return 'Role/Resource';
    },
  },
  {
    rule: 'IAMPolicyNoStatementsWithFullAccess',
    compliant: false,
    title: 'default policy of a role allowing kms:*',
    build: (stack) => {
      lambdaRole(stack).addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['kms:*'],
        resources: ['arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555'],
      }));
      return 'Role/DefaultPolicy/Resource';
    },
  },
  {
    rule: 'IAMPolicyNoStatementsWithFullAccess',
    compliant: false,
    title: 'deny of s3:* followed by an allow of a named action (matched across statements)',
    build: (stack) => managedPolicy(stack,
      new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['s3:*'], resources: ['arn:aws:s3:::archive/*'] }),
      READ_RECORDS),
  },
];

const USER_GROUP_MEMBERSHIP: NagCase[] = [
  {
    rule: 'IAMUserGroupMembership',
    compliant: true,
    title: 'user in a group',
    build: (stack) => {
      const group = new iam.Group(stack, 'Group');
      new iam.User(stack, 'User', { groups: [group] });
      return 'User/Resource';
    },
  },
  {
    rule: 'IAMUserGroupMembership',
    compliant: true,
    title: 'user added to a group after creation',
    build: (stack) => {
      const user = new iam.User(stack, 'User');
      user.addToGroup(iam.Group.fromGroupName(stack, 'Existing', 'clinicians'));
      return 'User/Resource';
    },
  },
  {
    rule: 'IAMUserGroupMembership',
    compliant: false,
    title: 'user in no group',
    build: (stack) => {
      new iam.User(stack, 'User');
      return 'User/Resource';
    },
  },
  {
    rule: 'IAMUserGroupMembership',
    compliant: false,
    title: 'L1 user without Groups',
    build: (stack) => {
      new iam.CfnUser(stack, 'User', { userName: 'auditor' });
      return 'User';
    },
  },
];

const USER_NO_POLICIES: NagCase[] = [
  {
    rule: 'IAMUserNoPolicies',
    compliant: true,
    title: 'user who gets permissions from a group only',
    build: (stack) => {
      const group = new iam.Group(stack, 'Group', { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] });
      new iam.User(stack, 'User', { groups: [group] });
      return 'User/Resource';
    },
  },
  {
    rule: 'IAMUserNoPolicies',
    compliant: true,
    title: 'managed policy attached to a group',
    build: (stack) => {
      const group = new iam.Group(stack, 'Group');
      new iam.ManagedPolicy(stack, 'Policy', { statements: [READ_RECORDS], groups: [group] });
      return 'Policy/Resource';
    },
  },
  {
    rule: 'IAMUserNoPolicies',
    compliant: false,
    title: 'user with an AWS-managed policy',
    build: (stack) => {
      new iam.User(stack, 'User', { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] });
      return 'User/Resource';
    },
  },
  {
    rule: 'IAMUserNoPolicies',
    compliant: false,
    title: 'default policy created by a user\'s addToPrincipalPolicy',
    build: (stack) => {
      new iam.User(stack, 'User').addToPrincipalPolicy(READ_RECORDS);
      return 'User/DefaultPolicy/Resource';
    },
  },
  {
    rule: 'IAMUserNoPolicies',
    compliant: false,
    title: 'managed policy attached directly to a user',
    build: (stack) => {
      const user = new iam.User(stack, 'User');
      new iam.ManagedPolicy(stack, 'Policy', { statements: [READ_RECORDS], users: [user] });
      return 'Policy/Resource';
    },
  },
  {
    rule: 'IAMUserNoPolicies',
    compliant: false,
    title: 'L1 user with an inline policy',
    build: (stack) => {
      new iam.CfnUser(stack, 'User', {
        groups: ['clinicians'],
        policies: [{ policyName: 'Read', policyDocument: new iam.PolicyDocument({ statements: [READ_RECORDS] }) }],
      });
      return 'User';
    },
  },
];

export const CASES: readonly NagCase[] = [
  ...GROUP_HAS_USERS,
  ...NO_INLINE_POLICY,
  ...ADMIN_ACCESS,
  ...FULL_ACCESS,
  ...USER_GROUP_MEMBERSHIP,
  ...USER_NO_POLICIES,
];

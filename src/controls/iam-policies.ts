import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { HipaaSeverity } from './severity';
import { asArray, dig, isIntrinsic, joinedLiteral, list, str, UNKNOWN, Unknown } from './values';

/**
 * Identity policies: where they live (policy resources, inline `Policies`, managed policy ARNs), what
 * they allow, and who they are attached to. The account-level IAM controls are in iam.ts.
 */

const POLICY = 'AWS::IAM::Policy';
const MANAGED_POLICY = 'AWS::IAM::ManagedPolicy';
const ROLE = 'AWS::IAM::Role';
const USER = 'AWS::IAM::User';
const GROUP = 'AWS::IAM::Group';
const ROLE_POLICY = 'AWS::IAM::RolePolicy';
const USER_POLICY = 'AWS::IAM::UserPolicy';
const GROUP_POLICY = 'AWS::IAM::GroupPolicy';
const USER_TO_GROUP = 'AWS::IAM::UserToGroupAddition';
/** Resources that are one identity policy document. */
const POLICY_RESOURCES = [POLICY, MANAGED_POLICY, ROLE_POLICY, USER_POLICY, GROUP_POLICY];
/** Principals that carry inline `Policies` and `ManagedPolicyArns`. */
const PRINCIPALS = [ROLE, USER, GROUP];
/** Inline policies: the AWS::IAM::Policy resource and the per-principal policy resources. */
const INLINE_POLICY_RESOURCES = [POLICY, ROLE_POLICY, USER_POLICY, GROUP_POLICY];
const LEAST_PRIVILEGE = ['164.308(a)(3)(ii)(A)', '164.308(a)(4)(ii)(B)', '164.312(a)(1)'];

/** One identity policy document and a name for it in messages. */
interface NamedDocument {
  readonly name: string;
  readonly document: unknown;
}

/** The identity policy documents a resource holds: its PolicyDocument, or its inline `Policies`; UNKNOWN when the list is a token. */
function policyDocuments(r: RenderedResource): NamedDocument[] | Unknown {
  if (POLICY_RESOURCES.includes(r.type)) {
    const name = str(r.properties.PolicyName) ?? str(r.properties.ManagedPolicyName);
    return [{ name: typeof name === 'string' ? name : r.logicalId, document: r.properties.PolicyDocument }];
  }
  const policies = list(r.properties.Policies);
  if (policies === UNKNOWN) return UNKNOWN;
  return policies.map((p, i) => ({
    name: typeof p?.PolicyName === 'string' ? p.PolicyName : `Policies[${i}]`,
    document: isIntrinsic(p) ? p : p?.PolicyDocument,
  }));
}

/** The statements of a policy document (an object or its JSON text); UNKNOWN when the document or its list is a token. */
function statementsOf(document: unknown): unknown[] | Unknown {
  let doc: any = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return UNKNOWN;
    }
  }
  if (doc === undefined || doc === null) return [];
  if (typeof doc !== 'object' || isIntrinsic(doc)) return UNKNOWN;
  if (isIntrinsic(doc.Statement)) return UNKNOWN;
  return asArray<unknown>(doc.Statement);
}

/** How much a resource entry of a statement covers: every resource, a wildcard pattern, one resource, or unknown. */
type ResourceScope = 'all' | 'wildcard' | 'specific' | Unknown;

/** The text of an `Fn::Join` or `Fn::Sub`, intrinsic parts as placeholders; undefined when it is neither or its parts are a token. */
function templateText(value: any): string | undefined {
  const join = value?.['Fn::Join'];
  if (Array.isArray(join) && join.length === 2 && Array.isArray(join[1])) {
    return join[1].map((part: unknown) => (typeof part === 'string' ? part : '${}')).join(typeof join[0] === 'string' ? join[0] : '');
  }
  const sub = value?.['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  return undefined;
}

function resourceScope(value: unknown, r: RenderedResource, index: ResourceIndex): ResourceScope {
  if (typeof value === 'string') return value === '*' ? 'all' : value.endsWith('*') ? 'wildcard' : 'specific';
  const text = templateText(value);
  if (text !== undefined) return text.endsWith('*') ? 'wildcard' : text.replace(/\$\{[^}]*\}/g, '') === '' ? UNKNOWN : 'specific';
  if (dig(value, 'Fn::GetAtt') !== undefined || index.target(value, r) !== undefined) return 'specific';
  const ref = dig(value, 'Ref');
  return typeof ref === 'string' && ref.startsWith('AWS::') ? 'specific' : UNKNOWN;
}

/** What one Allow statement grants, for the least-privilege controls. */
interface Grant {
  /** Action `*`, or NotAction (everything but a list). */
  readonly everyAction: boolean;
  /** `service:*` actions. */
  readonly fullServices: string[];
  /** Some Action entry is a token (only matters when nothing broader is granted). */
  readonly unknownAction: boolean;
  /** The widest Resource entry (NotResource counts as 'all'). */
  readonly widestResource: ResourceScope;
}

const RESOURCE_WIDTH: Record<string, number> = { all: 3, wildcard: 2, specific: 1 };

/** What a statement allows; undefined for Deny statements; UNKNOWN when the statement or its Effect is a token. */
function grantOf(statement: any, r: RenderedResource, index: ResourceIndex): Grant | Unknown | undefined {
  if (statement === null || typeof statement !== 'object' || isIntrinsic(statement)) return UNKNOWN;
  const effect = str(statement.Effect);
  if (effect === UNKNOWN) return UNKNOWN;
  if (effect !== 'Allow') return undefined;
  let everyAction = statement.NotAction !== undefined;
  const fullServices: string[] = [];
  let unknownAction = false;
  if (!everyAction) {
    if (isIntrinsic(statement.Action)) {
      unknownAction = true;
    } else {
      for (const action of asArray<unknown>(statement.Action)) {
        if (typeof action !== 'string') unknownAction = true;
        else if (/^\*(:\*)?$/.test(action)) everyAction = true;
        else if (/^[\w-]+:\*$/.test(action)) fullServices.push(action);
      }
    }
  }
  let widestResource: ResourceScope = 'specific';
  if (statement.NotResource !== undefined) {
    widestResource = 'all';
  } else if (isIntrinsic(statement.Resource)) {
    widestResource = UNKNOWN;
  } else {
    let unknown = false;
    for (const entry of asArray<unknown>(statement.Resource)) {
      const scope = resourceScope(entry, r, index);
      if (scope === UNKNOWN) unknown = true;
      else if (RESOURCE_WIDTH[scope] > RESOURCE_WIDTH[widestResource as string]) widestResource = scope;
    }
    if (unknown && widestResource === 'specific') widestResource = UNKNOWN;
  }
  return { everyAction, fullServices, unknownAction, widestResource };
}

/** The name of the AWS managed policy an ARN names (`arn:<partition>:iam::aws:policy/<path><name>`); undefined for others; UNKNOWN for tokens. */
function awsManagedPolicyName(value: unknown, r: RenderedResource, index: ResourceIndex): string | undefined | Unknown {
  const text = typeof value === 'string' ? value : joinedLiteral(value) ?? templateText(value);
  if (text !== undefined) {
    const match = /^arn:(?:\$\{[^}]*\}|[^:]*):iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(text);
    if (match) return match[1];
    return /^arn:/.test(text) ? undefined : UNKNOWN;
  }
  // A policy of the app (judged where it is defined) or a token that could name any policy.
  return index.target(value, r) !== undefined ? undefined : UNKNOWN;
}

/** AWS managed policies that allow every action: AdministratorAccess (`*`) and PowerUserAccess (NotAction). */
const AWS_ADMIN_POLICIES = new Set(['AdministratorAccess', 'PowerUserAccess']);

/**
 * Judges every identity policy a resource holds: `finding` names what a statement (or an AWS managed policy
 * attached by ARN) grants that the control refuses, or undefined. N/A when the resource holds no policy at all.
 */
function judgePolicies(
  r: RenderedResource, index: ResourceIndex,
  statementFinding: (grant: Grant) => string | undefined | Unknown,
  managedFinding: (name: string) => string | undefined,
): Verdict {
  const documents = policyDocuments(r);
  if (documents === UNKNOWN) return unverifiable('Policies cannot be resolved at synth.');
  const managed = PRINCIPALS.includes(r.type) ? list(r.properties.ManagedPolicyArns) : [];
  if (managed === UNKNOWN) return unverifiable('ManagedPolicyArns cannot be resolved at synth.');
  if (documents.length === 0 && managed.length === 0) return notApplicable();
  const findings: string[] = [];
  const unknown: string[] = [];
  for (const { name, document } of documents) {
    const statements = statementsOf(document);
    if (statements === UNKNOWN) {
      unknown.push(`policy ${name}`);
      continue;
    }
    statements.forEach((statement, i) => {
      const grant = grantOf(statement, r, index);
      const finding = grant === UNKNOWN ? UNKNOWN : grant === undefined ? undefined : statementFinding(grant);
      const where = `statement ${typeof (statement as any)?.Sid === 'string' ? (statement as any).Sid : i + 1} of policy ${name}`;
      if (finding === UNKNOWN) unknown.push(where);
      else if (finding !== undefined) findings.push(`${where} ${finding}`);
    });
  }
  for (const arn of managed) {
    const name = awsManagedPolicyName(arn, r, index);
    if (name === UNKNOWN) unknown.push('a ManagedPolicyArns entry');
    else if (name !== undefined && managedFinding(name) !== undefined) findings.push(`the AWS managed policy ${name} ${managedFinding(name)}`);
  }
  if (findings.length > 0) return fail(`${findings.join('; ')}.`);
  if (unknown.length > 0) return unverifiable(`${unknown.join(', ')} cannot be resolved at synth.`);
  return pass();
}

/**
 * IAM.NoAdminAccess: no identity policy allows every action on every resource.
 * Reads every place an identity policy lives: AWS::IAM::Policy, ManagedPolicy, RolePolicy, UserPolicy and
 * GroupPolicy documents, inline `Policies` of roles, users and groups, and AWS managed policies attached by ARN.
 * An Allow with NotAction (everything but a list) counts as every action; NotResource counts as every resource;
 * a Resource that ends in `*` counts, as cdk-nag's rule does.
 * - given Allow statements that name their actions, or `*` only on specific resources, then PASS
 * - given an Allow of Action `*` (string or in a list, in any statement) on Resource `*` or an ARN pattern ending in `*`, then FAIL
 * - given an Allow with NotAction on Resource `*` (every action but a list), then FAIL
 * - given AdministratorAccess or PowerUserAccess in ManagedPolicyArns, then FAIL
 * - given a role, user or group with no inline policy and no managed policy ARN, then N/A
 * - given a document, statement, Action, Effect or Resource (with Action `*`) from a parameter, then UNVERIFIABLE
 */
const noAdminAccess: Control = {
  id: 'IAM.NoAdminAccess',
  title: 'IAM policies do not allow every action on wildcard resources',
  resourceTypes: [...POLICY_RESOURCES, ...PRINCIPALS],
  citations: LEAST_PRIVILEGE,
  severity: HipaaSeverity.ERROR,
  nagRule: 'IAMPolicyNoStatementsWithAdminAccess',
  fix: 'Grant the named actions the workload needs on its own resources (bucket.grantRead(role), table.grantReadWriteData(role)) instead of actions: [\'*\'] or AdministratorAccess.',
  rationale: 'A principal that may do anything can read, change or delete every store of PHI in the account; '
    + 'access must be limited to what each workforce member or workload needs.',
  check: (r, index) => judgePolicies(r, index, (g) => {
    if (!g.everyAction) return g.unknownAction && g.widestResource !== 'specific' ? UNKNOWN : undefined;
    if (g.widestResource === UNKNOWN) return UNKNOWN;
    return g.widestResource === 'specific' ? undefined : `allows every action on ${g.widestResource === 'all' ? 'every resource' : 'a wildcard resource'}`;
  }, (name) => (AWS_ADMIN_POLICIES.has(name) ? 'allows every action on every resource' : undefined)),
};

/**
 * IAM.NoFullServiceAccess: no identity policy allows every action of a service (`service:*`) or every action (`*`).
 * Reads the same places as IAM.NoAdminAccess, on any resource.
 * - given Allow statements that name their actions (wildcards inside a name such as `s3:Get*` are allowed), then PASS
 * - given an Allow of `s3:*` or another `service:*`, or of `*`, or with NotAction, on any resource, then FAIL
 * - given an AWS managed policy whose name holds FullAccess (AmazonS3FullAccess), or AdministratorAccess / PowerUserAccess, then FAIL
 * - given a role, user or group with no inline policy and no managed policy ARN, then N/A
 * - given a document, statement, Action or Effect from a parameter, then UNVERIFIABLE
 */
const noFullServiceAccess: Control = {
  id: 'IAM.NoFullServiceAccess',
  title: 'IAM policies do not allow every action of a service',
  resourceTypes: [...POLICY_RESOURCES, ...PRINCIPALS],
  citations: LEAST_PRIVILEGE,
  severity: HipaaSeverity.ERROR,
  nagRule: 'IAMPolicyNoStatementsWithFullAccess',
  fix: 'Replace service:* with the actions the workload calls, e.g. the L2 grant methods (bucket.grantRead(role), key.grantDecrypt(role)).',
  rationale: 'Every action of a service includes the ones that delete data, change its policies or make it public; '
    + 'access to PHI must be limited to what each workload needs.',
  check: (r, index) => judgePolicies(r, index, (g) => {
    if (g.everyAction) return 'allows every action';
    if (g.fullServices.length > 0) return `allows ${g.fullServices.join(', ')}`;
    return g.unknownAction ? UNKNOWN : undefined;
  }, (name) => (AWS_ADMIN_POLICIES.has(name) || /FullAccess/.test(name) ? 'allows every action of its services' : undefined)),
};

/**
 * IAM.NoInlinePolicy: permissions are granted by managed policies, not inline ones.
 *
 * The decision: cdk-nag's rule (AWS Config's IAM_NO_INLINE_POLICY_CHECK) fails every AWS::IAM::Policy, and
 * aws-cdk-lib writes one, `<Role>/DefaultPolicy`, for every grant (`bucket.grantRead(fn)`, `addToRolePolicy`).
 * The verdict here is the same as cdk-nag's (inline policies fail; RolePolicy, UserPolicy and GroupPolicy
 * too), but the severity is WARNING: an inline policy is no broader than a managed one, and what HIPAA asks
 * for is least privilege, which IAM.NoAdminAccess and IAM.NoFullServiceAccess judge. Managed policies are
 * asked for because they can be reviewed, versioned and reused as one named object. Where the grants'
 * DefaultPolicy is the reviewed choice, acknowledge CdkHipaa::IAM.NoInlinePolicy on the role with a reason.
 * - given a role, user or group without `Policies` (or with an empty list), then PASS
 * - given a role, user or group with inline `Policies`, then FAIL (warning)
 * - given an AWS::IAM::Policy (the DefaultPolicy of aws-cdk-lib's grants included), RolePolicy, UserPolicy or GroupPolicy, then FAIL (warning)
 * - given `Policies` from a parameter, then UNVERIFIABLE
 */
const noInlinePolicy: Control = {
  id: 'IAM.NoInlinePolicy',
  title: 'IAM permissions are granted by managed policies, not inline policies',
  resourceTypes: [...INLINE_POLICY_RESOURCES, ...PRINCIPALS],
  citations: ['164.308(a)(4)(ii)(B)', '164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'IAMNoInlinePolicy',
  fix: 'Put the statements in an iam.ManagedPolicy attached with role.addManagedPolicy() instead of inlinePolicies or addToPolicy(), '
    + 'or acknowledge CdkHipaa::IAM.NoInlinePolicy on the role whose grants write a DefaultPolicy.',
  rationale: 'Access must be authorized and reviewable: a managed policy is one named, versioned object an auditor can review and reuse, '
    + 'where inline policies are scattered copies.',
  check: (r) => {
    if (INLINE_POLICY_RESOURCES.includes(r.type)) {
      const grants = r.type === POLICY && /\/DefaultPolicy(\/Resource)?$/.test(r.path) ? ' (aws-cdk-lib writes this DefaultPolicy for the grants made to the principal)' : '';
      return fail(`${r.type} ${r.logicalId} is an inline policy${grants}; its permissions are not a managed policy that can be reviewed and reused.`);
    }
    const policies = list(r.properties.Policies);
    if (policies === UNKNOWN) return unverifiable('Policies cannot be resolved at synth.');
    return policies.length === 0 ? pass()
      : fail(`the ${r.type.split('::')[2].toLowerCase()} has ${policies.length} inline ${policies.length === 1 ? 'policy' : 'policies'} in Policies.`);
  },
};

/** Lists of `property` that are set and non-empty: the names of the properties, or UNKNOWN when one is a token. */
function nonEmpty(r: RenderedResource, properties: string[]): string[] | Unknown {
  const set: string[] = [];
  for (const property of properties) {
    const value = list(r.properties[property]);
    if (value === UNKNOWN) return UNKNOWN;
    if (value.length > 0) set.push(property);
  }
  return set;
}

/**
 * IAM.UserNoPolicies: users get their permissions from groups, not from policies attached to them.
 * - given a user without Policies and ManagedPolicyArns, then PASS
 * - given a user with inline Policies or ManagedPolicyArns (user.addManagedPolicy(), user.addToPolicy()), then FAIL (warning)
 * - given an AWS::IAM::Policy or ManagedPolicy whose Users is not empty, or an AWS::IAM::UserPolicy, then FAIL (warning)
 * - given a Policy or ManagedPolicy attached to no user, then N/A
 * - given Policies, ManagedPolicyArns or Users from a parameter, then UNVERIFIABLE
 */
const userNoPolicies: Control = {
  id: 'IAM.UserNoPolicies',
  title: 'IAM users get their permissions from groups, not from policies attached to them',
  resourceTypes: [USER, POLICY, MANAGED_POLICY, USER_POLICY],
  citations: ['164.308(a)(3)(ii)(A)', '164.308(a)(4)(ii)(B)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'IAMUserNoPolicies',
  fix: 'Attach the policies to an iam.Group (group.addManagedPolicy()) and add the user to it (group.addUser(user)).',
  rationale: 'Access is granted by role: permissions held by groups are reviewed and revoked for every member at once.',
  check: (r) => {
    if (r.type === USER_POLICY) return fail(`AWS::IAM::UserPolicy ${r.logicalId} attaches a policy directly to a user.`);
    if (r.type === USER) {
      const set = nonEmpty(r, ['Policies', 'ManagedPolicyArns']);
      if (set === UNKNOWN) return unverifiable('Policies or ManagedPolicyArns cannot be resolved at synth.');
      return set.length === 0 ? pass() : fail(`the user has policies attached directly (${set.join(', ')}).`);
    }
    const users = list(r.properties.Users);
    if (users === UNKNOWN) return unverifiable('Users cannot be resolved at synth.');
    return users.length === 0 ? notApplicable() : fail(`the policy is attached directly to ${users.length === 1 ? 'a user' : `${users.length} users`} (Users).`);
  },
};

/** Whether a name-or-reference value names `target` (a user or group, whose Ref is its name): true, false, or UNKNOWN. */
function names(value: unknown, from: RenderedResource, target: RenderedResource, nameProperty: string, index: ResourceIndex): boolean | Unknown {
  if (typeof value === 'string') {
    const name = target.properties[nameProperty];
    return name === undefined || typeof name === 'string' ? value === name : UNKNOWN;
  }
  const found = index.target(value, from);
  if (found !== undefined) return found === target;
  return UNKNOWN;
}

/** Whether any of `values` names `target`: true, false, or UNKNOWN when none does and one cannot be resolved. */
function anyNames(
  values: unknown[], from: RenderedResource, target: RenderedResource, nameProperty: string, index: ResourceIndex,
): boolean | Unknown {
  let unknown = false;
  for (const value of values) {
    const result = names(value, from, target, nameProperty, index);
    if (result === true) return true;
    if (result === UNKNOWN) unknown = true;
  }
  return unknown ? UNKNOWN : false;
}

/**
 * IAM.UserGroupMembership: every IAM user is in at least one group.
 * - given a user with Groups (user.addToGroup(), group.addUser()), then PASS
 * - given a user named by an AWS::IAM::UserToGroupAddition, by reference or by its UserName, then PASS
 * - given a user without Groups that no UserToGroupAddition names, then FAIL (warning)
 * - given Groups, or a UserToGroupAddition's Users, from a parameter, then UNVERIFIABLE
 */
const userGroupMembership: Control = {
  id: 'IAM.UserGroupMembership',
  title: 'IAM users are members of at least one group',
  resourceTypes: [USER],
  citations: ['164.308(a)(3)(ii)(A)', '164.308(a)(4)(ii)(B)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'IAMUserGroupMembership',
  fix: 'Add the user to a group that holds its permissions: group.addUser(user) or groups: [group].',
  rationale: 'Access is granted by role: a user outside every group holds permissions nobody reviews with the rest of the workforce.',
  check: (r, index) => {
    const groups = list(r.properties.Groups);
    if (groups === UNKNOWN) return unverifiable('Groups cannot be resolved at synth.');
    if (groups.length > 0) return pass();
    let unknown = false;
    for (const addition of index.ofType(USER_TO_GROUP)) {
      const users = list(addition.properties.Users);
      const named = users === UNKNOWN ? UNKNOWN : anyNames(users, addition, r, 'UserName', index);
      if (named === true) return pass();
      if (named === UNKNOWN) unknown = true;
    }
    return unknown ? unverifiable('the Users of an AWS::IAM::UserToGroupAddition cannot be resolved at synth.')
      : fail('the user is in no group: it has no Groups and no AWS::IAM::UserToGroupAddition names it.');
  },
};

/**
 * IAM.GroupHasUsers: every IAM group has at least one user.
 * - given a group that a user's Groups names (group.addUser(), user.addToGroup()), by reference or by its GroupName, then PASS
 * - given a group that an AWS::IAM::UserToGroupAddition names, then PASS
 * - given a group no user and no UserToGroupAddition names, then FAIL (warning)
 * - given a user's Groups or an addition's GroupName from a parameter, and no user that names the group, then UNVERIFIABLE
 */
const groupHasUsers: Control = {
  id: 'IAM.GroupHasUsers',
  title: 'IAM groups have at least one user',
  resourceTypes: [GROUP],
  citations: ['164.308(a)(3)(ii)(A)', '164.308(a)(4)(ii)(B)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'IAMGroupHasUsers',
  fix: 'Add the users the group is for (group.addUser(user)), or remove the group.',
  rationale: 'Access is reviewed by group: a group without members is a grant of permissions nobody accounts for.',
  check: (r, index) => {
    let unknown = false;
    const consider = (named: boolean | Unknown) => {
      if (named === UNKNOWN) unknown = true;
      return named === true;
    };
    for (const user of index.ofType(USER)) {
      const groups = list(user.properties.Groups);
      if (consider(groups === UNKNOWN ? UNKNOWN : anyNames(groups, user, r, 'GroupName', index))) return pass();
    }
    for (const addition of index.ofType(USER_TO_GROUP)) {
      if (consider(names(addition.properties.GroupName, addition, r, 'GroupName', index))) return pass();
    }
    return unknown ? unverifiable('a user\'s Groups or a UserToGroupAddition\'s GroupName cannot be resolved at synth.')
      : fail('the group has no users: no user\'s Groups and no AWS::IAM::UserToGroupAddition names it.');
  },
};

/** Controls over identity policies, users and groups; part of IAM_CONTROLS. */
export const IAM_POLICY_CONTROLS: readonly Control[] = [
  noAdminAccess,
  noFullServiceAccess,
  noInlinePolicy,
  userNoPolicies,
  userGroupMembership,
  groupHasUsers,
];

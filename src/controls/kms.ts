import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { documentStatements, grantedActionsText, openGrant, openPrincipalText, PUBLIC_ACCESS_CITATIONS } from './policy-statements';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { bool, num, str, UNKNOWN } from './values';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

const KEY = 'AWS::KMS::Key';
const REPLICA_KEY = 'AWS::KMS::ReplicaKey';

/**
 * KMS.KeyRotation: customer-managed symmetric keys rotate yearly.
 * - given KeySpec SYMMETRIC_DEFAULT (or absent) and EnableKeyRotation true, then PASS
 * - given EnableKeyRotation false or absent, then FAIL
 * - given an asymmetric or HMAC KeySpec (no automatic rotation exists), then N/A
 * - given EnableKeyRotation from a parameter, then UNVERIFIABLE
 */
const keyRotation: Control = {
  id: 'KMS.KeyRotation',
  title: 'KMS key rotation is enabled',
  resourceTypes: [KEY],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set enableKeyRotation: true (HipaaKey does).',
  check: (r) => {
    const spec = str(r.properties.KeySpec) ?? 'SYMMETRIC_DEFAULT';
    if (spec !== UNKNOWN && spec !== 'SYMMETRIC_DEFAULT') return notApplicable();
    const rotation = bool(r.properties.EnableKeyRotation);
    if (rotation === true) return pass();
    if (rotation === UNKNOWN || spec === UNKNOWN) return unverifiable('EnableKeyRotation or KeySpec cannot be resolved at synth.');
    return fail('EnableKeyRotation is not true.');
  },
};

/**
 * KMS.PendingWindow: a key scheduled for deletion stays recoverable for 30 days.
 * - given PendingWindowInDays absent (30) or 30, then PASS
 * - given PendingWindowInDays below 30, then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const pendingWindow: Control = {
  id: 'KMS.PendingWindow',
  title: 'KMS key deletion waits the full 30-day window',
  resourceTypes: [KEY],
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Leave pendingWindow at 30 days.',
  rationale: 'A key scheduled for deletion by mistake must stay recoverable for the full window, or the PHI it protects is lost.',
  check: (r) => {
    const days = num(r.properties.PendingWindowInDays) ?? 30;
    if (days === UNKNOWN) return unverifiable('PendingWindowInDays cannot be resolved at synth.');
    const window = HIPAA_THRESHOLDS.keyPendingWindowDays;
    return days >= window ? pass() : fail(`PendingWindowInDays is ${days}; a key deleted by mistake must stay recoverable for ${window} days.`);
  },
};

/**
 * KMS.KeyEnabled: a key that protects PHI is not created disabled.
 * - given Enabled absent or true, then PASS
 * - given Enabled false, then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const keyEnabled: Control = {
  id: 'KMS.KeyEnabled',
  title: 'KMS key is enabled',
  resourceTypes: [KEY],
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Remove enabled: false; a disabled key makes the data it protects unreadable.',
  check: (r) => {
    const enabled = bool(r.properties.Enabled) ?? true;
    if (enabled === UNKNOWN) return unverifiable('Enabled cannot be resolved at synth.');
    return enabled ? pass() : fail('Enabled is false.');
  },
};

/**
 * KMS.NoPublicAccess: the key policy does not let principals of any account use or manage the key.
 * - given the aws-cdk-lib default key policy (the account root) and statements naming roles, accounts or services, then PASS
 * - given no KeyPolicy (KMS applies its default policy, which trusts the key's account only), then PASS
 * - given an Allow to Principal * (or AWS: *, or * in an AWS list) narrowed by a concrete kms:CallerAccount, aws:PrincipalOrgID,
 *   aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn or similar condition with a positive operator, then PASS
 * - given such an Allow without a narrowing condition, or narrowed by kms:ViaService alone, a negated or IfExists operator or a `*` value, then FAIL
 * - given an Allow with NotPrincipal (everyone but the principals it names), then FAIL
 * - given an AWS::KMS::ReplicaKey whose KeyPolicy allows everyone, then FAIL
 * - given the policy document, a principal or a narrowing condition's value from a parameter, then UNVERIFIABLE
 */
const noPublicAccess: Control = {
  id: 'KMS.NoPublicAccess',
  title: 'KMS key policy does not grant access to everyone',
  resourceTypes: [KEY, REPLICA_KEY],
  citations: PUBLIC_ACCESS_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: 'Grant the key to named roles or services (key.grantDecrypt(role), HipaaKey.grantToService), or narrow a * principal with kms:CallerAccount or aws:PrincipalOrgID.',
  rationale: 'Whoever may use a key may decrypt the PHI it protects; a key policy open to every AWS account hands that to anyone who holds the ciphertext.',
  check: (r, index) => {
    if (r.type === KEY && r.properties.KeyPolicy === undefined) return pass();
    const statements = documentStatements(r.properties.KeyPolicy);
    if (statements === UNKNOWN) return unverifiable('KeyPolicy cannot be resolved at synth.');
    const open = openGrant(statements, r, index);
    if (open === UNKNOWN) return unverifiable('a Principal or Condition of KeyPolicy cannot be resolved at synth, so whether it grants everyone is unknown.');
    if (open === undefined) return pass();
    const sid = typeof open.statement.Sid === 'string' ? ` (Sid ${open.statement.Sid})` : '';
    return fail(`KeyPolicy allows ${openPrincipalText(open.statement)} to ${grantedActionsText(open.statement)}${sid} without an account, organization or source condition, `
      + 'so principals of any AWS account may use the key.');
  },
};

export const KMS_CONTROLS: readonly Control[] = [
  keyRotation,
  pendingWindow,
  keyEnabled,
  retainedControl({ id: 'KMS.KeyRetained', resourceTypes: [KEY], what: 'KMS key' }),
  noPublicAccess,
];

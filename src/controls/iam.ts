import { Control, fail, notApplicable, pass, RenderedResource, unverifiable, Verdict } from './control';
import { IAM_POLICY_CONTROLS } from './iam-policies';
import { HipaaSeverity } from './severity';
import { bool, dig, num, UNKNOWN } from './values';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

/** The custom resource types that set the account password policy: AccountPasswordPolicy's and any AwsCustomResource. */
const PASSWORD_POLICY_SETTERS = ['Custom::AccountPasswordPolicy', 'Custom::AWS'];
const CONFIG_RULE = 'AWS::Config::ConfigRule';
const PASSWORDS = '164.308(a)(5)(ii)(D)';

/**
 * The parameters of the `UpdateAccountPasswordPolicy` call a custom resource makes on create and
 * on update (AwsCustomResource renders each call as a JSON string): undefined when it makes no such
 * call, UNKNOWN when a call cannot be read at synth.
 */
function passwordPolicyCalls(r: RenderedResource): Array<Record<string, unknown>> | typeof UNKNOWN | undefined {
  const calls: Array<Record<string, unknown>> = [];
  for (const phase of ['Create', 'Update']) {
    const raw = r.properties[phase];
    if (raw === undefined) continue;
    if (typeof raw !== 'string') return UNKNOWN;
    let call: any;
    try {
      call = JSON.parse(raw);
    } catch {
      return UNKNOWN;
    }
    if (!/^(iam|IAM)$/.test(String(call?.service)) || !/^updateAccountPasswordPolicy$/i.test(String(call?.action))) continue;
    calls.push(call.parameters ?? {});
  }
  return calls.length > 0 ? calls : undefined;
}

/** Applies `judge` to every password policy call of the resource; N/A when it makes none. */
function judgeCalls(r: RenderedResource, judge: (parameters: Record<string, unknown>) => Verdict): Verdict {
  const calls = passwordPolicyCalls(r);
  if (calls === undefined) return notApplicable();
  if (calls === UNKNOWN) return unverifiable('the UpdateAccountPasswordPolicy call cannot be read at synth.');
  for (const parameters of calls) {
    const verdict = judge(parameters);
    if (verdict.status !== 'pass') return verdict;
  }
  return pass();
}

/**
 * IAM.PasswordPolicy: the account password policy asks for long passwords of every character class.
 * - given UpdateAccountPasswordPolicy with MinimumPasswordLength of 8 or more and the four Require* flags true, then PASS
 * - given a shorter MinimumPasswordLength (IAM's default is 8 when absent), or a Require* flag false or absent, then FAIL
 * - given a parameter that is not a literal, then UNVERIFIABLE
 * - given a custom resource that makes no UpdateAccountPasswordPolicy call, then N/A
 */
const passwordPolicy: Control = {
  id: 'IAM.PasswordPolicy',
  title: 'IAM account password policy asks for long passwords with every character class',
  resourceTypes: PASSWORD_POLICY_SETTERS,
  citations: [PASSWORDS, '164.312(d)'],
  severity: HipaaSeverity.ERROR,
  fix: `Use AccountPasswordPolicy with minimumPasswordLength ${HIPAA_THRESHOLDS.minimumPasswordLength} or more and every require* flag true (the defaults).`,
  rationale: 'Passwords must resist guessing: HIPAA asks for procedures for creating and safeguarding passwords.',
  check: (r) => judgeCalls(r, (p) => {
    const length = num(p.MinimumPasswordLength) ?? 8;
    if (length === UNKNOWN) return unverifiable('MinimumPasswordLength cannot be resolved at synth.');
    if (length < HIPAA_THRESHOLDS.minimumPasswordLength) {
      return fail(`MinimumPasswordLength is ${length}; at least ${HIPAA_THRESHOLDS.minimumPasswordLength} characters are needed.`);
    }
    const flags = ['RequireUppercaseCharacters', 'RequireLowercaseCharacters', 'RequireNumbers', 'RequireSymbols'];
    if (flags.some((k) => bool(p[k]) === UNKNOWN)) return unverifiable('a Require* flag cannot be resolved at synth.');
    const missing = flags.filter((k) => bool(p[k]) !== true);
    return missing.length === 0 ? pass() : fail(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not true.`);
  }),
};

/**
 * IAM.PasswordReuse: users cannot go back to a previous password.
 * - given PasswordReusePrevention of 1 or more, then PASS
 * - given PasswordReusePrevention absent or 0 (any password may be reused), then FAIL
 * - given a parameter that is not a literal, then UNVERIFIABLE
 * - given a custom resource that makes no UpdateAccountPasswordPolicy call, then N/A
 */
const passwordReuse: Control = {
  id: 'IAM.PasswordReuse',
  title: 'IAM account password policy prevents password reuse',
  resourceTypes: PASSWORD_POLICY_SETTERS,
  citations: [PASSWORDS],
  severity: HipaaSeverity.ERROR,
  fix: 'Set passwordReusePrevention to 1 or more (AccountPasswordPolicy remembers 24).',
  rationale: 'Users could go back to a password that was exposed; reuse of previous passwords must be prevented.',
  check: (r) => judgeCalls(r, (p) => {
    const reuse = num(p.PasswordReusePrevention) ?? 0;
    if (reuse === UNKNOWN) return unverifiable('PasswordReusePrevention cannot be resolved at synth.');
    return reuse >= HIPAA_THRESHOLDS.minimumPasswordReusePrevention ? pass() : fail('PasswordReusePrevention is not set, so any previous password may be reused.');
  }),
};

/**
 * IAM.PasswordMaxAge: passwords expire.
 * - given MaxPasswordAge from 1 to 365 days, then PASS
 * - given MaxPasswordAge absent (passwords never expire) or above 365, then FAIL
 * - given a parameter that is not a literal, then UNVERIFIABLE
 * - given a custom resource that makes no UpdateAccountPasswordPolicy call, then N/A
 */
const passwordMaxAge: Control = {
  id: 'IAM.PasswordMaxAge',
  title: `IAM passwords expire within ${HIPAA_THRESHOLDS.maximumPasswordAgeDays} days`,
  resourceTypes: PASSWORD_POLICY_SETTERS,
  citations: [PASSWORDS],
  severity: HipaaSeverity.ERROR,
  fix: `Set maxPasswordAge to at most ${HIPAA_THRESHOLDS.maximumPasswordAgeDays} days (AccountPasswordPolicy uses 90).`,
  rationale: `Passwords must expire within ${HIPAA_THRESHOLDS.maximumPasswordAgeDays} days so that a password that leaked unnoticed stops working.`,
  check: (r) => judgeCalls(r, (p) => {
    const age = num(p.MaxPasswordAge);
    if (age === UNKNOWN) return unverifiable('MaxPasswordAge cannot be resolved at synth.');
    if (age === undefined) return fail('MaxPasswordAge is not set, so passwords never expire.');
    return age >= 1 && age <= HIPAA_THRESHOLDS.maximumPasswordAgeDays ? pass()
      : fail(`MaxPasswordAge is ${age} days; at most ${HIPAA_THRESHOLDS.maximumPasswordAgeDays} are accepted.`);
  }),
};

/**
 * A Config rule control: the managed rule `identifier`'s numeric parameter `parameter` (AWS Config's
 * default `defaultDays` when absent) is at most the access-key bound.
 */
function keyAgeVerdict(r: RenderedResource, identifier: string, parameter: string, defaultDays: number): Verdict {
  if (dig(r.properties, 'Source', 'Owner') !== 'AWS' || dig(r.properties, 'Source', 'SourceIdentifier') !== identifier) return notApplicable();
  const input = r.properties.InputParameters;
  const raw = typeof input === 'string' ? safeJson(input) : input;
  if (raw === UNKNOWN) return unverifiable('InputParameters cannot be resolved at synth.');
  const days = num(dig(raw, parameter)) ?? defaultDays;
  if (days === UNKNOWN) return unverifiable(`${parameter} cannot be resolved at synth.`);
  const bound = HIPAA_THRESHOLDS.maximumAccessKeyAgeDays;
  return days <= bound ? pass() : fail(`${parameter} is ${days} days; access keys must be checked within ${bound}.`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return UNKNOWN;
  }
}

/**
 * IAM.AccessKeyRotation: the Config rule that checks access-key age allows at most 365 days.
 * - given ACCESS_KEYS_ROTATED with maxAccessKeyAge of 365 or less (AWS Config's default is 90), then PASS
 * - given maxAccessKeyAge above 365, then FAIL
 * - given a parameter that is not a literal, then UNVERIFIABLE
 * - given any other Config rule, then N/A
 */
const accessKeyRotation: Control = {
  id: 'IAM.AccessKeyRotation',
  title: `IAM access keys are rotated within ${HIPAA_THRESHOLDS.maximumAccessKeyAgeDays} days`,
  resourceTypes: [CONFIG_RULE],
  citations: [PASSWORDS, '164.312(d)'],
  severity: HipaaSeverity.ERROR,
  fix: `Set maxKeyAge (KeyRotationMonitor) or maxAccessKeyAge to ${HIPAA_THRESHOLDS.maximumAccessKeyAgeDays} days or less.`,
  rationale: 'A long-lived access key that leaks keeps working until it is rotated.',
  check: (r) => keyAgeVerdict(r, 'ACCESS_KEYS_ROTATED', 'maxAccessKeyAge', 90),
};

/**
 * IAM.AccessKeyUnused: the Config rule that reports unused credentials allows at most 365 days.
 * - given IAM_USER_UNUSED_CREDENTIALS_CHECK with maxCredentialUsageAge of 365 or less (AWS Config's default is 90), then PASS
 * - given maxCredentialUsageAge above 365, then FAIL
 * - given a parameter that is not a literal, then UNVERIFIABLE
 * - given any other Config rule, then N/A
 */
const accessKeyUnused: Control = {
  id: 'IAM.AccessKeyUnused',
  title: `Unused IAM credentials are reported within ${HIPAA_THRESHOLDS.maximumAccessKeyAgeDays} days`,
  resourceTypes: [CONFIG_RULE],
  citations: [PASSWORDS, '164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  fix: `Set maxUnusedAge (KeyRotationMonitor) or maxCredentialUsageAge to ${HIPAA_THRESHOLDS.maximumAccessKeyAgeDays} days or less.`,
  rationale: 'Credentials nobody uses are credentials nobody needs; they must be found and removed.',
  check: (r) => keyAgeVerdict(r, 'IAM_USER_UNUSED_CREDENTIALS_CHECK', 'maxCredentialUsageAge', 90),
};

export const IAM_CONTROLS: readonly Control[] = [
  passwordPolicy,
  passwordReuse,
  passwordMaxAge,
  accessKeyRotation,
  accessKeyUnused,
  ...IAM_POLICY_CONTROLS,
];


import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { HipaaSeverity } from './severity';
import { bool, dig, isIntrinsic, num, str, UNKNOWN } from './values';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

const USER_POOL = 'AWS::Cognito::UserPool';
const PASSWORDS = '164.308(a)(5)(ii)(D)';

/** The user pool's MfaConfiguration: 'OFF' when absent (CloudFormation's default). */
function mfaConfiguration(properties: { readonly [name: string]: any }): string | typeof UNKNOWN {
  return str(properties.MfaConfiguration) ?? 'OFF';
}

/**
 * Cognito.MfaEnabled: users of the user pool can sign in with a second factor.
 * - given MfaConfiguration ON (Mfa.REQUIRED) or OPTIONAL, then PASS
 * - given MfaConfiguration OFF or absent (CloudFormation's default is OFF), then FAIL
 * - given the value from a parameter, then UNVERIFIABLE
 */
const mfaEnabled: Control = {
  id: 'Cognito.MfaEnabled',
  title: 'Cognito user pool offers multi-factor authentication',
  resourceTypes: [USER_POOL],
  citations: ['164.312(d)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'A password alone does not prove who signs in: a leaked or guessed password opens the PHI the account can reach.',
  fix: 'Set mfa: Mfa.REQUIRED with mfaSecondFactor (otp, or email/sms) on the UserPool.',
  check: (r) => {
    const mfa = mfaConfiguration(r.properties);
    if (mfa === UNKNOWN) return unverifiable('MfaConfiguration cannot be resolved at synth.');
    return mfa === 'ON' || mfa === 'OPTIONAL' ? pass() : fail(`MfaConfiguration is ${mfa}, so users sign in with a password alone.`);
  },
};

/**
 * Cognito.MfaRequired: every user of the user pool signs in with a second factor, not only those who opt in.
 * - given MfaConfiguration ON (Mfa.REQUIRED), then PASS
 * - given MfaConfiguration OPTIONAL, then FAIL (warning)
 * - given MFA off or absent (Cognito.MfaEnabled reports it), then N/A
 * - given the value from a parameter, then UNVERIFIABLE
 */
const mfaRequired: Control = {
  id: 'Cognito.MfaRequired',
  title: 'Cognito user pool requires multi-factor authentication of every user',
  resourceTypes: [USER_POOL],
  citations: ['164.312(d)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'Optional MFA protects only the users who turn it on; the others still sign in to PHI with a password alone.',
  fix: 'Set mfa: Mfa.REQUIRED on the UserPool.',
  check: (r) => {
    const mfa = mfaConfiguration(r.properties);
    if (mfa === UNKNOWN) return unverifiable('MfaConfiguration cannot be resolved at synth.');
    if (mfa === 'ON') return pass();
    return mfa === 'OPTIONAL' ? fail('MfaConfiguration is OPTIONAL, so users who do not set up a second factor sign in with a password alone.') : notApplicable();
  },
};

/**
 * Cognito.ThreatProtection: threat protection (formerly advanced security) blocks risky and compromised-credential sign-ins.
 * CloudFormation still names it UserPoolAddOns.AdvancedSecurityMode (the L2's standardThreatProtectionMode);
 * it needs the Plus feature plan (UserPoolTier PLUS). Custom authentication flows have their own
 * mode (AdvancedSecurityAdditionalFlows.CustomAuthMode), which this control does not judge.
 * - given AdvancedSecurityMode ENFORCED (StandardThreatProtectionMode.FULL_FUNCTION), then PASS
 * - given AUDIT (risks are logged, not acted on), OFF, or no UserPoolAddOns (CloudFormation's default is OFF), then FAIL (warning)
 * - given the mode from a parameter, then UNVERIFIABLE
 */
const threatProtection: Control = {
  id: 'Cognito.ThreatProtection',
  title: 'Cognito user pool threat protection is enforced',
  resourceTypes: [USER_POOL],
  citations: ['164.308(a)(5)(ii)(C)', '164.312(d)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'Enforced threat protection detects and blocks sign-ins with leaked credentials or from unusual places before they reach PHI, and logs them for review.',
  fix: 'Set featurePlan: FeaturePlan.PLUS and standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION on the UserPool.',
  check: (r) => {
    const mode = str(dig(r.properties, 'UserPoolAddOns', 'AdvancedSecurityMode'));
    if (mode === UNKNOWN) return unverifiable('UserPoolAddOns.AdvancedSecurityMode cannot be resolved at synth.');
    if (mode === 'ENFORCED') return pass();
    if (mode === 'AUDIT') return fail('AdvancedSecurityMode is AUDIT, so risky sign-ins are logged but not blocked.');
    return fail(`AdvancedSecurityMode is ${mode ?? 'not set (OFF)'}, so sign-ins with compromised credentials are neither detected nor blocked.`);
  },
};

const CHARACTER_CLASSES = ['RequireUppercase', 'RequireLowercase', 'RequireNumbers', 'RequireSymbols'];

/**
 * Cognito.PasswordPolicy: the user pool asks for long passwords of every character class, by the
 * thresholds IAM.PasswordPolicy applies to the account (HIPAA_THRESHOLDS.minimumPasswordLength).
 * Cognito's defaults apply to what the template leaves out, also inside a stated policy: MinimumLength 8 and every
 * Require* flag true (the UserPool L2 documents the same defaults and renders only the values it is given).
 * - given Policies.PasswordPolicy with MinimumLength of 8 or more and no Require* flag false, then PASS
 * - given no Policies.PasswordPolicy (Cognito's default policy: 8 characters of every class; the UserPool default), then PASS
 * - given a MinimumLength below 8, or RequireUppercase, RequireLowercase, RequireNumbers or RequireSymbols false, then FAIL
 * - given the policy or a value from a parameter, then UNVERIFIABLE
 */
const passwordPolicy: Control = {
  id: 'Cognito.PasswordPolicy',
  title: 'Cognito user pool asks for long passwords with every character class',
  resourceTypes: [USER_POOL],
  citations: [PASSWORDS, '164.312(d)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'Passwords must resist guessing: HIPAA asks for procedures for creating and safeguarding passwords.',
  fix: `Set passwordPolicy with minLength ${HIPAA_THRESHOLDS.minimumPasswordLength} or more and leave every require* flag at its default (true).`,
  check: (r) => {
    const policies = r.properties.Policies;
    if (isIntrinsic(policies)) return unverifiable('Policies cannot be resolved at synth.');
    const policy = dig(policies, 'PasswordPolicy');
    if (policy === undefined) return pass();
    if (isIntrinsic(policy)) return unverifiable('Policies.PasswordPolicy cannot be resolved at synth.');
    const length = num(policy.MinimumLength) ?? 8;
    if (length === UNKNOWN) return unverifiable('MinimumLength cannot be resolved at synth.');
    if (length < HIPAA_THRESHOLDS.minimumPasswordLength) {
      return fail(`MinimumLength is ${length}; at least ${HIPAA_THRESHOLDS.minimumPasswordLength} characters are needed.`);
    }
    if (CHARACTER_CLASSES.some((k) => bool(policy[k]) === UNKNOWN)) return unverifiable('a Require* flag cannot be resolved at synth.');
    const off = CHARACTER_CLASSES.filter((k) => bool(policy[k]) === false);
    return off.length === 0 ? pass() : fail(`${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} false, so passwords may leave out that character class.`);
  },
};

export const COGNITO_CONTROLS: readonly Control[] = [
  mfaEnabled,
  mfaRequired,
  threatProtection,
  passwordPolicy,
];

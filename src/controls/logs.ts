import { customerKeyVerdict, retainedControl } from './common';
import { Control, fail, pass, unverifiable } from './control';
import { HipaaSeverity } from './severity';
import { isIntrinsic, num, UNKNOWN } from './values';

const LOG_GROUP = 'AWS::Logs::LogGroup';

/** Six years (45 CFR 164.316(b)(2)(i)), as the nearest retention CloudWatch Logs offers. */
const SIX_YEARS_IN_DAYS = 2192;

/**
 * Logs.CustomerManagedKey: the log group is encrypted with a customer-managed KMS key.
 * - given KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no KmsKeyId (CloudWatch Logs encrypts with keys it owns), then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 */
const customerManagedKey: Control = {
  id: 'Logs.CustomerManagedKey',
  title: 'CloudWatch log group is encrypted with a customer-managed KMS key',
  resourceTypes: [LOG_GROUP],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'CloudWatchLogGroupEncrypted',
  fix: 'Use CentralLogGroup, or set encryptionKey (a HipaaKey) on the log group.',
  check: (r, index) => customerKeyVerdict(r, index, ['KmsKeyId'], 'a key owned by CloudWatch Logs'),
};

/**
 * Logs.RetentionSixYears: log events are kept at least six years (2,192 days), or never expire.
 * cdk-nag's CloudWatchLogGroupRetentionPeriod only asks for an explicit value; the six-year floor is this library's.
 * - given RetentionInDays 2192 or more, then PASS
 * - given no RetentionInDays (never expire; RetentionDays.INFINITE), then PASS
 * - given RetentionInDays below 2192 (the L2 default is 731), then FAIL
 * - given RetentionInDays from a parameter, then UNVERIFIABLE
 */
const retentionSixYears: Control = {
  id: 'Logs.RetentionSixYears',
  title: 'CloudWatch log group keeps log events at least six years',
  resourceTypes: [LOG_GROUP],
  citations: ['164.316(b)(2)(i)', '164.312(b)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'CloudWatchLogGroupRetentionPeriod',
  fix: 'Use CentralLogGroup, or set retention to RetentionDays.SIX_YEARS or longer.',
  check: (r) => {
    const days = num(r.properties.RetentionInDays);
    if (days === undefined) return pass();
    if (days === UNKNOWN) return unverifiable(`RetentionInDays is ${JSON.stringify(r.properties.RetentionInDays)}, which cannot be resolved at synth.`);
    return days >= SIX_YEARS_IN_DAYS
      ? pass()
      : fail(`RetentionInDays is ${days}; audit evidence must be kept six years (${SIX_YEARS_IN_DAYS} days).`);
  },
};

/**
 * Logs.DataProtectionPolicy: a data protection policy masks sensitive data in log events.
 * - given a DataProtectionPolicy with at least one statement, then PASS
 * - given none, then FAIL (warning: defence in depth against PHI written to logs)
 * - given a policy from a parameter or import, then UNVERIFIABLE
 */
const dataProtectionPolicy: Control = {
  id: 'Logs.DataProtectionPolicy',
  title: 'CloudWatch log group masks sensitive data with a data protection policy',
  resourceTypes: [LOG_GROUP],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Set dataProtectionPolicy with the data identifiers of the PHI the application may log.',
  check: (r) => {
    const policy = r.properties.DataProtectionPolicy;
    if (policy === undefined) return fail('no data protection policy, so PHI written to the logs is stored and shown unmasked.');
    if (isIntrinsic(policy)) return unverifiable('DataProtectionPolicy cannot be resolved at synth.');
    const statements = policy?.Statement;
    return Array.isArray(statements) && statements.length > 0 ? pass() : fail('the data protection policy has no statements.');
  },
};

export const LOGS_CONTROLS: readonly Control[] = [
  customerManagedKey,
  retentionSixYears,
  retainedControl({ id: 'Logs.DataRetained', resourceTypes: [LOG_GROUP], what: 'CloudWatch log group' }),
  dataProtectionPolicy,
];

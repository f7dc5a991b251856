import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { asArray, isIntrinsic, num, UNKNOWN } from './values';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

const LOG_GROUP = 'AWS::Logs::LogGroup';
/** aws-cdk-lib's custom resource that sets the retention of a log group it does not create. */
const LOG_RETENTION = 'Custom::LogRetention';

/** Six years (45 CFR 164.316(b)(2)(i)), as the nearest retention CloudWatch Logs offers. */
const SIX_YEARS_IN_DAYS = HIPAA_THRESHOLDS.documentationRetentionDays;

/**
 * Logs.CustomerManagedKey: the log group is encrypted with a customer-managed KMS key.
 * - given KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no KmsKeyId (CloudWatch Logs encrypts with keys it owns), then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 */
const customerManagedKey: Control = {
  id: 'Logs.CustomerManagedKey',
  protectsStoredPhi: true,
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
 * aws-cdk-lib sets the retention of log groups it does not create (Lambda `logRetention`, RDS
 * `cloudwatchLogsRetention`) with a Custom::LogRetention resource whose RetentionInDays is the same number;
 * without it (RetentionDays.INFINITE) its handler deletes the retention policy, so events never expire.
 * - given RetentionInDays 2192 or more, then PASS
 * - given no RetentionInDays (never expire; RetentionDays.INFINITE), then PASS
 * - given RetentionInDays below 2192 (the L2 default is 731), then FAIL
 * - given a Custom::LogRetention (logRetention, cloudwatchLogsRetention) with RetentionInDays below 2192, then FAIL
 * - given a Custom::LogRetention without RetentionInDays (RetentionDays.INFINITE), then PASS
 * - given RetentionInDays from a parameter, on either, then UNVERIFIABLE
 */
const retentionSixYears: Control = {
  id: 'Logs.RetentionSixYears',
  protectsStoredPhi: true,
  title: 'CloudWatch log group keeps log events at least six years',
  resourceTypes: [LOG_GROUP, LOG_RETENTION],
  citations: ['164.316(b)(2)(i)', '164.312(b)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'CloudWatchLogGroupRetentionPeriod',
  fix: 'Use CentralLogGroup, or set retention (logRetention, cloudwatchLogsRetention) to RetentionDays.SIX_YEARS or longer; for logs that carry no PHI '
    + 'and are no audit evidence, say so once on their scope: HipaaData.of(scope).classify(HipaaDataClassification.NO_PHI, reason).',
  rationale: 'Audit logs are documentation HIPAA requires to be kept six years (2,192 days); CloudWatch Logs deletes events older than the retention.',
  check: (r) => {
    const days = num(r.properties.RetentionInDays);
    if (days === undefined) return pass();
    if (days === UNKNOWN) return unverifiable(`RetentionInDays is ${JSON.stringify(r.properties.RetentionInDays)}, which cannot be resolved at synth.`);
    const what = r.type === LOG_RETENTION ? `RetentionInDays that Custom::LogRetention sets on ${describeName(r.properties.LogGroupName)}` : 'RetentionInDays';
    return days >= SIX_YEARS_IN_DAYS
      ? pass()
      : fail(`${what} is ${days}, so events expire after ${days} days; audit evidence must be kept six years (${SIX_YEARS_IN_DAYS} days).`);
  },
};

/** A log group name for a message: the literal, or the template of a `Fn::Join` with `{...}` for its references. */
function describeName(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as any)?.['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    return join[1].map((part: unknown) => (typeof part === 'string' ? part : '{...}')).join(join[0]);
  }
  return 'its log group';
}

/**
 * Logs.DataProtectionPolicy: a data protection policy masks sensitive data in log events.
 * - given a DataProtectionPolicy with at least one statement, then PASS
 * - given none, then FAIL (warning: defence in depth against PHI written to logs)
 * - given a policy from a parameter or import, then UNVERIFIABLE
 */
const dataProtectionPolicy: Control = {
  id: 'Logs.DataProtectionPolicy',
  protectsStoredPhi: true,
  title: 'CloudWatch log group masks sensitive data with a data protection policy',
  resourceTypes: [LOG_GROUP],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Set dataProtectionPolicy with the data identifiers of the PHI the application may log.',
  rationale: 'Applications log PHI by mistake; without a data protection policy it is shown unmasked to every reader and nobody is told it happened.',
  check: (r) => {
    const policy = r.properties.DataProtectionPolicy;
    if (policy === undefined) return fail('no data protection policy, so PHI written to the logs is stored and shown unmasked.');
    if (isIntrinsic(policy)) return unverifiable('DataProtectionPolicy cannot be resolved at synth.');
    const statements = policy?.Statement;
    return Array.isArray(statements) && statements.length > 0 ? pass() : fail('the data protection policy has no statements.');
  },
};

/** IAM resources whose policies can grant actions on a log group. */
const POLICY_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];

/** The identity-policy statements of an IAM resource (its policy document, or its inline policies). */
function identityStatements(resource: RenderedResource): any[] {
  const documents = resource.properties.PolicyDocument !== undefined
    ? [resource.properties.PolicyDocument]
    : asArray(resource.properties.Policies).map((p: any) => p?.PolicyDocument);
  return documents.flatMap((d: any) => asArray(d?.Statement));
}

/** Whether an Allow statement grants logs:Unmask (directly or through a wildcard). */
function grantsUnmask(statement: any): boolean {
  if (statement?.Effect !== 'Allow') return false;
  return asArray(statement.Action).some((a: unknown) => typeof a === 'string' && /^(\*|logs:\*|logs:Unmask)$/i.test(a));
}

/** An identity-policy statement that grants logs:Unmask, with the IAM resource it is in. */
interface UnmaskGrant {
  readonly type: string;
  readonly policy: RenderedResource;
  readonly onEverything: boolean;
}

/** The app's grants of logs:Unmask, in the order of POLICY_TYPES, found once per index. */
const UNMASK_GRANTS = new WeakMap<ResourceIndex, readonly UnmaskGrant[]>();

function unmaskGrants(index: ResourceIndex): readonly UnmaskGrant[] {
  let grants = UNMASK_GRANTS.get(index);
  if (!grants) {
    const found: UnmaskGrant[] = [];
    for (const type of POLICY_TYPES) {
      for (const policy of index.ofType(type)) {
        for (const statement of identityStatements(policy)) {
          if (grantsUnmask(statement)) found.push({ type, policy, onEverything: asArray(statement.Resource).includes('*') });
        }
      }
    }
    grants = found;
    UNMASK_GRANTS.set(index, grants);
  }
  return grants;
}

/**
 * Logs.PhiMasking: PHI masked by the log group's data protection policy is not unmasked for readers.
 * - given a data protection policy and no IAM policy of the app allowing logs:Unmask on the log group or on `*`, then PASS
 * - given an identity policy allowing logs:Unmask (or logs:*, or *) on `*` or on a resource that references the log group, then FAIL (warning)
 * - given no data protection policy (Logs.DataProtectionPolicy reports it), then N/A
 */
const phiMasking: Control = {
  id: 'Logs.PhiMasking',
  protectsStoredPhi: true,
  title: 'Masked PHI in CloudWatch Logs is not unmasked for readers',
  resourceTypes: [LOG_GROUP],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Grant logs:Unmask to no reader role; keep it for the few principals who must see PHI, named one by one.',
  rationale: 'Masking limits who sees PHI written to logs to the few principals granted logs:Unmask; without it every reader of the logs sees it.',
  check: (r, index) => {
    if (r.properties.DataProtectionPolicy === undefined) return notApplicable();
    for (const { type, policy, onEverything } of unmaskGrants(index)) {
      if (onEverything || index.referencing(r, type).includes(policy)) {
        return fail(`${policy.logicalId} allows logs:Unmask${onEverything ? ' on every log group' : ' on this log group'}, so its principals see the PHI the policy masks.`);
      }
    }
    return pass();
  },
};

export const LOGS_CONTROLS: readonly Control[] = [
  customerManagedKey,
  retentionSixYears,
  retainedControl({
    id: 'Logs.DataRetained', resourceTypes: [LOG_GROUP], what: 'CloudWatch log group', citations: ['164.316(b)(2)(i)', '164.312(b)'], protectsStoredPhi: true,
  }),
  dataProtectionPolicy,
  phiMasking,
];

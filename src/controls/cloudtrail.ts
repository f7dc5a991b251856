import { Control, fail, pass, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { HipaaSeverity } from './severity';
import { bool, isIntrinsic, list, UNKNOWN } from './values';

const TRAIL = 'AWS::CloudTrail::Trail';

/**
 * CloudTrail.Encrypted: log files are encrypted with a customer-managed KMS key.
 * - given KMSKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no KMSKeyId (the L2 default: SSE-S3), then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 */
const encrypted: Control = {
  id: 'CloudTrail.Encrypted',
  title: 'CloudTrail log files are encrypted with a customer-managed KMS key',
  resourceTypes: [TRAIL],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'CloudTrailEncryptionEnabled',
  fix: 'Use AuditTrail, or set encryptionKey (a HipaaKey) on the trail.',
  check: (r, index) => customerKeyVerdict(r, index, ['KMSKeyId'], 'SSE-S3'),
};

/**
 * CloudTrail.LogFileValidation: digest files let an auditor prove logs were not altered.
 * - given EnableLogFileValidation true (the L2 default), then PASS
 * - given false or absent, then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const logFileValidation: Control = {
  id: 'CloudTrail.LogFileValidation',
  title: 'CloudTrail log file validation is enabled',
  resourceTypes: [TRAIL],
  citations: ['164.312(c)(1)', '164.312(c)(2)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'CloudTrailLogFileValidationEnabled',
  fix: 'Leave enableFileValidation at its default (true).',
  rationale: 'Without digest files nobody can prove that delivered log files were not altered or deleted.',
  check: (r) => {
    const enabled = bool(r.properties.EnableLogFileValidation);
    if (enabled === UNKNOWN) return unverifiable('EnableLogFileValidation cannot be resolved at synth.');
    return enabled === true ? pass() : fail('EnableLogFileValidation is not true, so tampering with delivered log files cannot be detected.');
  },
};

/**
 * CloudTrail.CloudWatchLogs: events are delivered to CloudWatch Logs, where metric filters and alarms review them.
 * - given CloudWatchLogsLogGroupArn and CloudWatchLogsRoleArn, then PASS
 * - given no CloudWatchLogsLogGroupArn (the L2 default), then FAIL
 * - given a log group without a role, then FAIL
 */
const cloudWatchLogs: Control = {
  id: 'CloudTrail.CloudWatchLogs',
  title: 'CloudTrail delivers events to CloudWatch Logs',
  resourceTypes: [TRAIL],
  citations: ['164.308(a)(1)(ii)(D)', '164.312(b)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'CloudTrailCloudWatchLogsEnabled',
  fix: 'Use AuditTrail, or set sendToCloudWatchLogs: true on the trail.',
  rationale: 'Only events delivered to CloudWatch Logs can raise alarms within minutes; files in S3 are read after the fact, so an intrusion into PHI would be noticed late.',
  check: (r) => {
    if (r.properties.CloudWatchLogsLogGroupArn === undefined) return fail('CloudWatchLogsLogGroupArn is not set, so no metric filter or alarm can review the events.');
    if (r.properties.CloudWatchLogsRoleArn === undefined) return fail('CloudWatchLogsRoleArn is not set, so CloudTrail cannot deliver to the log group.');
    return pass();
  },
};

/**
 * CloudTrail.MultiRegion: the trail records every region and global services (IAM, STS, CloudFront).
 * - given IsMultiRegionTrail true and IncludeGlobalServiceEvents not false (the L2 defaults), then PASS
 * - given IsMultiRegionTrail false or absent, then FAIL
 * - given IncludeGlobalServiceEvents false, then FAIL
 * - given either from a parameter, then UNVERIFIABLE
 */
const multiRegion: Control = {
  id: 'CloudTrail.MultiRegion',
  title: 'CloudTrail records all regions and global service events',
  resourceTypes: [TRAIL],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Leave isMultiRegionTrail and includeGlobalServiceEvents at their defaults (true).',
  rationale: 'A single-region trail misses activity in every other region, where PHI can be copied or exposed unnoticed.',
  check: (r) => {
    const multi = bool(r.properties.IsMultiRegionTrail);
    const global = bool(r.properties.IncludeGlobalServiceEvents);
    if (multi === UNKNOWN || global === UNKNOWN) return unverifiable('IsMultiRegionTrail or IncludeGlobalServiceEvents cannot be resolved at synth.');
    if (multi !== true) return fail('IsMultiRegionTrail is not true, so activity in other regions is not recorded.');
    if (global === false) return fail('IncludeGlobalServiceEvents is false, so IAM and STS activity is not recorded.');
    return pass();
  },
};

/**
 * CloudTrail.Logging: the trail is logging.
 * - given IsLogging true, then PASS
 * - given IsLogging false, then FAIL
 * - given a parameter or condition, then UNVERIFIABLE
 */
const logging: Control = {
  id: 'CloudTrail.Logging',
  title: 'CloudTrail trail is logging',
  resourceTypes: [TRAIL],
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Do not override IsLogging to false.',
  check: (r) => {
    const on = bool(r.properties.IsLogging);
    if (on === UNKNOWN) return unverifiable('IsLogging cannot be resolved at synth.');
    return on === true ? pass() : fail(`IsLogging is ${on === undefined ? 'not set' : 'false'}, so the trail records nothing.`);
  },
};

/** Whether an advanced event selector selects every management event (reads and writes). */
function selectsAllManagementEvents(selector: any): boolean | typeof UNKNOWN {
  const fields = list(selector?.FieldSelectors);
  if (fields === UNKNOWN) return UNKNOWN;
  const category = fields.find((f) => f?.Field === 'eventCategory');
  if (!category || !Array.isArray(category.Equals) || !category.Equals.includes('Management')) return false;
  // Any further filter (readOnly, eventSource exclusions) leaves some management events out.
  return fields.every((f) => f?.Field === 'eventCategory');
}

/**
 * CloudTrail.ManagementEvents: the trail records every read and write management event.
 * - given neither EventSelectors nor AdvancedEventSelectors (CloudTrail records all management events), then PASS
 * - given an event selector with IncludeManagementEvents true or absent and ReadWriteType All or absent, then PASS
 * - given an advanced event selector on eventCategory Management with no other filter, then PASS
 * - given selectors that leave out management events or only record reads or writes, then FAIL
 * - given selectors that cannot be resolved at synth, then UNVERIFIABLE
 */
const managementEvents: Control = {
  id: 'CloudTrail.ManagementEvents',
  title: 'CloudTrail records every read and write management event',
  resourceTypes: [TRAIL],
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Leave managementEvents at ReadWriteType.ALL (AuditTrail does).',
  rationale: 'Read and write management events are what activity review and the CIS alarms read; without them sign-ins, refused calls or changes go unrecorded.',
  check: (r) => {
    const basic = r.properties.EventSelectors;
    const advanced = r.properties.AdvancedEventSelectors;
    if (basic === undefined && advanced === undefined) return pass();
    const selectors = list(basic ?? []);
    const advancedSelectors = list(advanced ?? []);
    if (selectors === UNKNOWN || advancedSelectors === UNKNOWN) return unverifiable('the event selectors cannot be resolved at synth.');
    for (const s of selectors) {
      const include = bool(s?.IncludeManagementEvents) ?? true;
      const rw = s?.ReadWriteType ?? 'All';
      if (include === UNKNOWN || isIntrinsic(rw)) return unverifiable('an event selector cannot be resolved at synth.');
      if (include && rw === 'All') return pass();
    }
    for (const s of advancedSelectors) {
      const all = selectsAllManagementEvents(s);
      if (all === UNKNOWN) return unverifiable('an advanced event selector cannot be resolved at synth.');
      if (all) return pass();
    }
    return fail('no event selector records every read and write management event.');
  },
};

export const CLOUDTRAIL_CONTROLS: readonly Control[] = [
  encrypted,
  logFileValidation,
  cloudWatchLogs,
  multiRegion,
  managementEvents,
  logging,
];

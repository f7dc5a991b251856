import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { TRANSPORT_CITATIONS } from './policy-statements';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { bool, isIntrinsic, list, num, str, Unknown, UNKNOWN } from './values';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

/**
 * Amazon DocumentDB. Its DB instances (AWS::DocDB::DBInstance) carry no setting of their own that
 * protects the data: storage, keys, backups, logs and TLS are the cluster's, and DocumentDB has no
 * public endpoint. The cluster helpers below are shared with Amazon Neptune, whose cluster API is
 * the same RDS-derived one.
 */
const CLUSTER = 'AWS::DocDB::DBCluster';
const PARAMETER_GROUP = 'AWS::DocDB::DBClusterParameterGroup';

/** Properties that create a cluster from another one's data, whose encryption it inherits. */
const RESTORED_FROM = ['SnapshotIdentifier', 'SourceDBClusterIdentifier'];

/**
 * Whether a DocumentDB or Neptune cluster's storage is encrypted: true, false, or 'unknown' (a
 * parameter, or a restore without StorageEncrypted, whose source decides). CloudFormation's default is false.
 */
function clusterEncrypted(r: RenderedResource): boolean | Unknown {
  const encrypted = bool(r.properties.StorageEncrypted);
  if (encrypted !== undefined) return encrypted;
  return RESTORED_FROM.some((p) => r.properties[p] !== undefined) ? UNKNOWN : false;
}

/** StorageEncrypted of a DocumentDB or Neptune cluster, as a verdict. */
export function clusterStorageEncryptedVerdict(r: RenderedResource): Verdict {
  const encrypted = clusterEncrypted(r);
  if (encrypted === true) return pass();
  if (encrypted === UNKNOWN) {
    return r.properties.StorageEncrypted === undefined
      ? unverifiable('StorageEncrypted is not set and the cluster is restored from a snapshot or another cluster, whose encryption synth cannot see.')
      : unverifiable('StorageEncrypted cannot be resolved at synth.');
  }
  return fail(`StorageEncrypted is ${r.properties.StorageEncrypted === undefined ? 'not set (CloudFormation\'s default is false)' : 'false'}, `
    + 'so the cluster volume, its backups and snapshots are stored unencrypted.');
}

/** KmsKeyId of an encrypted DocumentDB or Neptune cluster, as a verdict (N/A when unencrypted). */
export function clusterKeyVerdict(r: RenderedResource, index: ResourceIndex): Verdict {
  const encrypted = clusterEncrypted(r);
  if (encrypted === false && r.properties.KmsKeyId === undefined) return notApplicable();
  if (encrypted === UNKNOWN && r.properties.KmsKeyId === undefined) return unverifiable('whether and how the cluster is encrypted cannot be resolved at synth.');
  return customerKeyVerdict(r, index, ['KmsKeyId'], 'the AWS-managed aws/rds key');
}

/** BackupRetentionPeriod of a DocumentDB or Neptune cluster (service default 1 day), as a verdict. */
export function clusterBackupRetentionVerdict(r: RenderedResource): Verdict {
  const minimum = HIPAA_THRESHOLDS.minimumBackupRetentionDays;
  const days = num(r.properties.BackupRetentionPeriod);
  if (days === UNKNOWN) return unverifiable('BackupRetentionPeriod cannot be resolved at synth.');
  if (days !== undefined && days >= minimum) return pass();
  return fail(days === undefined
    ? `BackupRetentionPeriod is not set, so automated backups are kept 1 day; at least ${minimum} are needed.`
    : `BackupRetentionPeriod is ${days} days; at least ${minimum} are needed.`);
}

/** DeletionProtection of a DocumentDB or Neptune cluster (default false), as a verdict. */
export function clusterDeletionProtectionVerdict(r: RenderedResource): Verdict {
  const value = bool(r.properties.DeletionProtection);
  if (value === UNKNOWN) return unverifiable('DeletionProtection cannot be resolved at synth.');
  return value === true ? pass()
    : fail(`DeletionProtection is ${value === false ? 'false' : 'not set (default false)'}, so one API call or stack change deletes the cluster.`);
}

/** Whether EnableCloudwatchLogsExports of a cluster includes `logType`: true, false or 'unknown'. */
export function exportsLog(r: RenderedResource, logType: string): boolean | Unknown {
  const exports = list(r.properties.EnableCloudwatchLogsExports);
  if (exports === UNKNOWN) return UNKNOWN;
  if (exports.includes(logType)) return true;
  return exports.some((e) => typeof e !== 'string') ? UNKNOWN : false;
}

/** A cluster parameter as the cluster's parameter group sets it. */
export interface ClusterParameter {
  /** The value; undefined when the group leaves it at the engine default; 'unknown' when synth cannot tell. */
  readonly value: string | Unknown | undefined;
  /** Which group, for messages. */
  readonly where: string;
}

/**
 * The value of a parameter in the DB cluster parameter group a DocumentDB or Neptune cluster
 * names in DBClusterParameterGroupName: no name or a `default.*` group leave it at the engine
 * default (undefined); a group of the app (by reference, or by its literal Name) gives its value;
 * a group outside the app, or Parameters from an intrinsic, give 'unknown'.
 */
export function clusterParameter(r: RenderedResource, index: ResourceIndex, groupType: string, name: string): ClusterParameter {
  const groupName = r.properties.DBClusterParameterGroupName;
  if (groupName === undefined) return { value: undefined, where: 'the default cluster parameter group' };
  if (typeof groupName === 'string' && groupName.startsWith('default.')) return { value: undefined, where: `the default group ${groupName}` };
  const group = index.target(groupName, r)
    ?? (typeof groupName === 'string' ? index.ofType(groupType).find((g) => g.properties.Name === groupName) : undefined);
  if (group?.type !== groupType) return { value: UNKNOWN, where: `the cluster parameter group ${JSON.stringify(groupName)}, outside the app,` };
  const parameters = group.properties.Parameters;
  const where = `the cluster parameter group ${group.logicalId}`;
  if (parameters === undefined) return { value: undefined, where };
  if (typeof parameters !== 'object' || isIntrinsic(parameters) || Array.isArray(parameters)) return { value: UNKNOWN, where };
  return { value: str(parameters[name]), where };
}

/**
 * DocDB.StorageEncrypted: the cluster's storage is encrypted.
 * - given StorageEncrypted true (the docdb.DatabaseCluster default), then PASS
 * - given StorageEncrypted false, or absent on an L1 CfnDBCluster (CloudFormation's default is false), then FAIL
 * - given it absent on a cluster restored from a snapshot or another cluster (inherited), or from a parameter, then UNVERIFIABLE
 */
const storageEncrypted: Control = {
  id: 'DocDB.StorageEncrypted',
  title: 'DocumentDB cluster storage is encrypted',
  resourceTypes: [CLUSTER],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Keep storageEncrypted: true (the DatabaseCluster default) and pass kmsKey (a HipaaKey).',
  rationale: 'Documents holding PHI, and the backups and snapshots of the cluster, must be unreadable to anyone who obtains the storage.',
  check: clusterStorageEncryptedVerdict,
};

/**
 * DocDB.CustomerManagedKey: encrypted storage uses a customer-managed KMS key.
 * - given KmsKeyId referencing an AWS::KMS::Key or a literal key ARN (DatabaseCluster kmsKey), then PASS
 * - given encrypted storage without KmsKeyId (the AWS-managed aws/rds key: the DatabaseCluster default) or with alias/aws/rds, then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 * - given unencrypted storage (DocDB.StorageEncrypted reports it), then N/A
 */
const customerManagedKey: Control = {
  id: 'DocDB.CustomerManagedKey',
  title: 'DocumentDB cluster is encrypted with a customer-managed KMS key',
  resourceTypes: [CLUSTER],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Pass kmsKey (a HipaaKey) to the DatabaseCluster.',
  rationale: 'A customer-managed key lets you restrict and audit who can decrypt the PHI, and revoke access by disabling the key.',
  check: clusterKeyVerdict,
};

/** The `tls` values that reject connections without TLS (`enabled` is the engine default). */
const TLS_ON = new Set(['enabled', 'tls1.2+', 'tls1.3+', 'fips-140-3']);

/**
 * DocDB.TlsEnforced: the cluster accepts only TLS connections (cluster parameter `tls`).
 * - given no DBClusterParameterGroupName or a `default.docdb*` group (tls is `enabled` by default), then PASS
 * - given a parameter group of the app with tls absent, enabled, tls1.2+, tls1.3+ or fips-140-3, then PASS
 * - given tls disabled, then FAIL
 * - given a parameter group outside the app, or tls or the Parameters from a parameter, then UNVERIFIABLE
 */
const tlsEnforced: Control = {
  id: 'DocDB.TlsEnforced',
  title: 'DocumentDB cluster requires TLS for connections',
  resourceTypes: [CLUSTER],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: 'Leave the cluster parameter tls at enabled (or tls1.2+); never set it to disabled in the ClusterParameterGroup.',
  rationale: 'Without TLS, queries and the documents they return cross the network in clear text.',
  check: (r, index) => {
    const { value, where } = clusterParameter(r, index, PARAMETER_GROUP, 'tls');
    if (value === UNKNOWN) return unverifiable(`tls in ${where} cannot be resolved at synth.`);
    if (value === undefined || TLS_ON.has(value)) return pass();
    return fail(`tls is ${value} in ${where}, so clients connect without encryption.`);
  },
};

/** The `audit_logs` values that record nothing (`disabled` is the engine default). */
const AUDIT_OFF = new Set(['disabled', 'none']);

/**
 * DocDB.AuditLogs: audit events are recorded and exported to CloudWatch Logs. DocumentDB needs both
 * the `audit` log export and the cluster parameter `audit_logs` on; profiler logs (slow operations)
 * are not audit evidence and are not required.
 * - given EnableCloudwatchLogsExports with audit (exportAuditLogsToCloudWatch: true) and a parameter group
 *   of the app with audit_logs enabled, ddl, dml_read, dml_write or all, then PASS
 * - given no audit export (the DatabaseCluster default), then FAIL (warning)
 * - given the export with audit_logs disabled or none, or left at its default (disabled; also in the
 *   default group), then FAIL (warning)
 * - given the exports, audit_logs or the group from a parameter or outside the app, then UNVERIFIABLE
 */
const auditLogs: Control = {
  id: 'DocDB.AuditLogs',
  title: 'DocumentDB cluster records audit events in CloudWatch Logs',
  resourceTypes: [CLUSTER],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Set exportAuditLogsToCloudWatch: true and a ClusterParameterGroup with audit_logs: \'enabled\' (or \'all\').',
  rationale: 'Audit logs record who authenticated and what they did to the data, the evidence needed to review access to PHI.',
  check: (r, index) => {
    const exported = exportsLog(r, 'audit');
    if (exported === UNKNOWN) return unverifiable('EnableCloudwatchLogsExports cannot be resolved at synth.');
    if (!exported) return fail('EnableCloudwatchLogsExports does not include audit, so audit events do not reach CloudWatch Logs.');
    const { value, where } = clusterParameter(r, index, PARAMETER_GROUP, 'audit_logs');
    if (value === UNKNOWN) return unverifiable(`audit_logs in ${where} cannot be resolved at synth.`);
    if (value === undefined || AUDIT_OFF.has(value)) {
      return fail(`audit_logs is ${value ?? 'left at its default (disabled)'} in ${where}, so the audit export stays empty.`);
    }
    return pass();
  },
};

/**
 * DocDB.BackupRetention: automated backups are kept at least 7 days.
 * - given BackupRetentionPeriod >= 7 (backup: { retention: Duration.days(7) }), then PASS
 * - given BackupRetentionPeriod < 7, or absent (DocumentDB keeps 1 day: the DatabaseCluster default), then FAIL (warning)
 * - given a parameter, then UNVERIFIABLE
 */
const backupRetention: Control = {
  id: 'DocDB.BackupRetention',
  title: 'DocumentDB automated backups are kept at least 7 days',
  resourceTypes: [CLUSTER],
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.WARNING,
  fix: `Set backup: { retention: Duration.days(${HIPAA_THRESHOLDS.minimumBackupRetentionDays}) } or more on the DatabaseCluster.`,
  rationale: 'Automated backups and point-in-time recovery must reach back far enough that a mistake noticed late can still be undone.',
  check: clusterBackupRetentionVerdict,
};

/**
 * DocDB.DeletionProtection: deletion protection is on.
 * - given DeletionProtection true, then PASS
 * - given false or absent (the service and DatabaseCluster default is false), then FAIL (warning)
 * - given a parameter, then UNVERIFIABLE
 */
const deletionProtection: Control = {
  id: 'DocDB.DeletionProtection',
  title: 'DocumentDB cluster deletion protection is enabled',
  resourceTypes: [CLUSTER],
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Set deletionProtection: true on the DatabaseCluster.',
  rationale: 'Without deletion protection a single API call or stack change deletes the database that holds PHI.',
  check: clusterDeletionProtectionVerdict,
};

/** Controls for Amazon DocumentDB clusters. */
export const DOCDB_CONTROLS: readonly Control[] = [
  storageEncrypted,
  customerManagedKey,
  tlsEnforced,
  auditLogs,
  backupRetention,
  deletionProtection,
  retainedControl({ id: 'DocDB.DataRetained', resourceTypes: [CLUSTER], what: 'DocumentDB cluster', snapshotKeepsData: true }),
];

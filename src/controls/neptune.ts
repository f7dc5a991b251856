import { Control, fail, pass, unverifiable } from './control';
import {
  clusterBackupRetentionVerdict, clusterDeletionProtectionVerdict, clusterKeyVerdict, clusterParameter, clusterStorageEncryptedVerdict, exportsLog,
} from './docdb';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { bool, UNKNOWN } from './values';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

/**
 * Amazon Neptune. Transport needs no control: from engine 1.0.4.0 on (every engine version Neptune
 * still supports) endpoints accept only HTTPS/WSS with TLS 1.2 or later, and the old
 * `neptune_enforce_ssl` cluster parameter no longer exists to turn it off.
 */
const CLUSTER = 'AWS::Neptune::DBCluster';
const INSTANCE = 'AWS::Neptune::DBInstance';
const PARAMETER_GROUP = 'AWS::Neptune::DBClusterParameterGroup';

/**
 * Neptune.StorageEncrypted: the cluster's storage is encrypted.
 * - given StorageEncrypted true, then PASS
 * - given StorageEncrypted false, or absent (CloudFormation's default is false), then FAIL
 * - given it absent on a cluster restored from a snapshot or another cluster (inherited), or from a parameter, then UNVERIFIABLE
 */
const storageEncrypted: Control = {
  id: 'Neptune.StorageEncrypted',
  title: 'Neptune cluster storage is encrypted',
  resourceTypes: [CLUSTER],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set storageEncrypted: true and kmsKeyId (a HipaaKey\'s ARN) on the CfnDBCluster.',
  rationale: 'The graph holding PHI, and the backups and snapshots of the cluster, must be unreadable to anyone who obtains the storage.',
  check: clusterStorageEncryptedVerdict,
};

/**
 * Neptune.CustomerManagedKey: encrypted storage uses a customer-managed KMS key.
 * - given KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given encrypted storage without KmsKeyId (the AWS-managed aws/rds key) or with alias/aws/rds, then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 * - given unencrypted storage (Neptune.StorageEncrypted reports it), then N/A
 */
const customerManagedKey: Control = {
  id: 'Neptune.CustomerManagedKey',
  title: 'Neptune cluster is encrypted with a customer-managed KMS key',
  resourceTypes: [CLUSTER],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set kmsKeyId to a HipaaKey\'s keyArn on the CfnDBCluster.',
  rationale: 'A customer-managed key lets you restrict and audit who can decrypt the PHI, and revoke access by disabling the key.',
  check: clusterKeyVerdict,
};

/**
 * Neptune.IamAuthentication: requests are signed with IAM credentials (Signature Version 4).
 * - given IamAuthEnabled true, then PASS
 * - given false or absent (the default is false), then FAIL (warning)
 * - given a parameter, then UNVERIFIABLE
 */
const iamAuthentication: Control = {
  id: 'Neptune.IamAuthentication',
  title: 'Neptune cluster authenticates requests with IAM',
  resourceTypes: [CLUSTER],
  citations: ['164.312(d)', '164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Set iamAuthEnabled: true on the CfnDBCluster and grant neptune-db:* actions to the roles that query it.',
  rationale: 'Without IAM authentication any client that reaches the endpoint can read and write the graph; IAM ties each request to an identity.',
  check: (r) => {
    const value = bool(r.properties.IamAuthEnabled);
    if (value === UNKNOWN) return unverifiable('IamAuthEnabled cannot be resolved at synth.');
    return value === true ? pass()
      : fail(`IamAuthEnabled is ${value === false ? 'false' : 'not set (default false)'}, so any client that reaches the endpoint can query the graph.`);
  },
};

/**
 * Neptune.AuditLogs: audit events are recorded and exported to CloudWatch Logs. Neptune needs both
 * the `audit` log export and the cluster parameter `neptune_enable_audit_log` = 1.
 * - given EnableCloudwatchLogsExports with audit and a parameter group of the app with neptune_enable_audit_log 1, then PASS
 * - given no audit export (the default), then FAIL (warning)
 * - given the export with neptune_enable_audit_log 0, or left at its default (0; also in the default group), then FAIL (warning)
 * - given the exports, the parameter or the group from a parameter or outside the app, then UNVERIFIABLE
 */
const auditLogs: Control = {
  id: 'Neptune.AuditLogs',
  title: 'Neptune cluster records audit events in CloudWatch Logs',
  resourceTypes: [CLUSTER],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Set enableCloudwatchLogsExports: [\'audit\'] and a CfnDBClusterParameterGroup with neptune_enable_audit_log: 1 on the cluster.',
  rationale: 'Audit logs record every query and who sent it, the evidence needed to review access to PHI.',
  check: (r, index) => {
    const exported = exportsLog(r, 'audit');
    if (exported === UNKNOWN) return unverifiable('EnableCloudwatchLogsExports cannot be resolved at synth.');
    if (!exported) return fail('EnableCloudwatchLogsExports does not include audit, so audit events do not reach CloudWatch Logs.');
    const { value, where } = clusterParameter(r, index, PARAMETER_GROUP, 'neptune_enable_audit_log');
    if (value === UNKNOWN) return unverifiable(`neptune_enable_audit_log in ${where} cannot be resolved at synth.`);
    return value === '1' ? pass()
      : fail(`neptune_enable_audit_log is ${value ?? 'left at its default (0)'} in ${where}, so the audit export stays empty.`);
  },
};

/**
 * Neptune.BackupRetention: automated backups are kept at least 7 days.
 * - given BackupRetentionPeriod >= 7, then PASS
 * - given BackupRetentionPeriod < 7, or absent (Neptune keeps 1 day), then FAIL (warning)
 * - given a parameter, then UNVERIFIABLE
 */
const backupRetention: Control = {
  id: 'Neptune.BackupRetention',
  title: 'Neptune automated backups are kept at least 7 days',
  resourceTypes: [CLUSTER],
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.WARNING,
  fix: `Set backupRetentionPeriod: ${HIPAA_THRESHOLDS.minimumBackupRetentionDays} or more on the CfnDBCluster.`,
  rationale: 'Automated backups and point-in-time recovery must reach back far enough that a mistake noticed late can still be undone.',
  check: clusterBackupRetentionVerdict,
};

/**
 * Neptune.DeletionProtection: deletion protection is on.
 * - given DeletionProtection true, then PASS
 * - given false or absent (the API default is false), then FAIL (warning)
 * - given a parameter, then UNVERIFIABLE
 */
const deletionProtection: Control = {
  id: 'Neptune.DeletionProtection',
  title: 'Neptune cluster deletion protection is enabled',
  resourceTypes: [CLUSTER],
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Set deletionProtection: true on the CfnDBCluster.',
  rationale: 'Without deletion protection a single API call or stack change deletes the database that holds PHI.',
  check: clusterDeletionProtectionVerdict,
};

/**
 * Neptune.InstanceNotPublic: the DB instance has no public endpoint.
 * - given PubliclyAccessible false or absent (new Neptune instances are private by default), then PASS
 * - given PubliclyAccessible true (a Neptune public endpoint), then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const instanceNotPublic: Control = {
  id: 'Neptune.InstanceNotPublic',
  title: 'Neptune DB instance is not publicly accessible',
  resourceTypes: [INSTANCE],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Leave publiclyAccessible unset or false on the CfnDBInstance, and reach the cluster from inside its VPC.',
  rationale: 'A public endpoint puts the database that holds PHI within reach of the whole internet, guarded only by its security group and IAM.',
  check: (r) => {
    const value = bool(r.properties.PubliclyAccessible);
    if (value === UNKNOWN) return unverifiable('PubliclyAccessible cannot be resolved at synth.');
    return value === true ? fail('PubliclyAccessible is true, so the instance endpoint resolves to a public address.') : pass();
  },
};

/** Controls for Amazon Neptune clusters and instances. */
export const NEPTUNE_CONTROLS: readonly Control[] = [
  storageEncrypted,
  customerManagedKey,
  iamAuthentication,
  auditLogs,
  backupRetention,
  deletionProtection,
  retainedControl({ id: 'Neptune.DataRetained', resourceTypes: [CLUSTER], what: 'Neptune cluster', snapshotKeepsData: true }),
  instanceNotPublic,
];

import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { bool, isIntrinsic, list, num, str, UNKNOWN } from './values';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

// aws-cdk-lib has no Redshift L2 (it lives in an alpha module): these controls read the L1 resources.
const CLUSTER = 'AWS::Redshift::Cluster';
const PARAMETER_GROUP = 'AWS::Redshift::ClusterParameterGroup';

/**
 * Redshift.Encrypted: the cluster is encrypted at rest.
 * - given Encrypted true, then PASS
 * - given false or absent, then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const encrypted: Control = {
  id: 'Redshift.Encrypted',
  title: 'Redshift cluster is encrypted at rest',
  resourceTypes: [CLUSTER],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'RedshiftClusterConfiguration',
  fix: 'Set encrypted: true with kmsKeyId (a HipaaKey).',
  check: (r) => {
    const value = bool(r.properties.Encrypted);
    if (value === UNKNOWN) return unverifiable('Encrypted cannot be resolved at synth.');
    return value === true ? pass() : fail(`Encrypted is ${value ?? 'not set'}.`);
  },
};

/**
 * Redshift.CustomerManagedKey: an encrypted cluster uses a customer-managed key.
 * - given KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no KmsKeyId (the AWS-managed aws/redshift key) or alias/aws/redshift, then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 * - given an unencrypted cluster (Redshift.Encrypted reports it), then N/A
 */
const customerManagedKey: Control = {
  id: 'Redshift.CustomerManagedKey',
  title: 'Redshift cluster is encrypted with a customer-managed KMS key',
  resourceTypes: [CLUSTER],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set kmsKeyId to a customer-managed key (a HipaaKey).',
  check: (r, index) => (bool(r.properties.Encrypted) === true
    ? customerKeyVerdict(r, index, ['KmsKeyId'], 'the AWS-managed aws/redshift key')
    : notApplicable()),
};

/**
 * Redshift.NotPubliclyAccessible: the cluster has no public endpoint.
 * - given PubliclyAccessible false or absent (Redshift's default), then PASS
 * - given true, then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const notPubliclyAccessible: Control = {
  id: 'Redshift.NotPubliclyAccessible',
  title: 'Redshift cluster is not publicly accessible',
  resourceTypes: [CLUSTER],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'RedshiftClusterPublicAccess',
  fix: 'Set publiclyAccessible: false.',
  check: (r) => {
    const value = bool(r.properties.PubliclyAccessible);
    if (value === UNKNOWN) return unverifiable('PubliclyAccessible cannot be resolved at synth.');
    return value === true ? fail('PubliclyAccessible is true, so the cluster endpoint resolves to a public address.') : pass();
  },
};

/**
 * Redshift.AuditLogging: connection and user logs are delivered to S3 or CloudWatch Logs.
 * - given LoggingProperties with a BucketName, or LogDestinationType cloudwatch, then PASS
 * - given no LoggingProperties, then FAIL
 */
const auditLogging: Control = {
  id: 'Redshift.AuditLogging',
  title: 'Redshift audit logging is enabled',
  resourceTypes: [CLUSTER],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set loggingProperties with logDestinationType cloudwatch (and logExports) or a bucketName.',
  check: (r) => {
    const logging = r.properties.LoggingProperties;
    if (isIntrinsic(logging)) return unverifiable('LoggingProperties cannot be resolved at synth.');
    if (logging?.BucketName !== undefined || logging?.LogDestinationType === 'cloudwatch') return pass();
    return fail('no LoggingProperties deliver connection and user logs, so database access is not recorded.');
  },
};

/**
 * Redshift.BackupRetention: automated snapshots are kept at least 7 days, the catalog's minimum
 * backup retention (as for RDS, DocumentDB and Neptune).
 * - given AutomatedSnapshotRetentionPeriod >= 7, then PASS
 * - given AutomatedSnapshotRetentionPeriod between 1 and 6, or absent (Redshift keeps 1 day), then FAIL
 * - given 0 (automated snapshots off), then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const backupRetention: Control = {
  id: 'Redshift.BackupRetention',
  title: `Redshift automated snapshots are kept at least ${HIPAA_THRESHOLDS.minimumBackupRetentionDays} days`,
  resourceTypes: [CLUSTER],
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'RedshiftBackupEnabled',
  fix: `Set automatedSnapshotRetentionPeriod to ${HIPAA_THRESHOLDS.minimumBackupRetentionDays} days or more.`,
  rationale: 'Automated snapshots must reach back far enough that a mistake noticed late, after a weekend or a holiday, can still be undone.',
  check: (r) => {
    const minimum = HIPAA_THRESHOLDS.minimumBackupRetentionDays;
    const days = num(r.properties.AutomatedSnapshotRetentionPeriod);
    if (days === UNKNOWN) return unverifiable('AutomatedSnapshotRetentionPeriod cannot be resolved at synth.');
    if (days !== undefined && days >= minimum) return pass();
    if (days === 0) return fail('AutomatedSnapshotRetentionPeriod is 0, so no automated snapshots are taken.');
    return fail(days === undefined
      ? `AutomatedSnapshotRetentionPeriod is not set, so Redshift keeps automated snapshots 1 day; at least ${minimum} are needed.`
      : `AutomatedSnapshotRetentionPeriod is ${days} days; at least ${minimum} are needed.`);
  },
};

/**
 * Redshift.TlsRequired: the cluster rejects connections without TLS.
 * - given a ClusterParameterGroupName referencing an AWS::Redshift::ClusterParameterGroup of the
 *   app with require_ssl true, then PASS
 * - given no ClusterParameterGroupName or a `default.*` group (the template does not pin
 *   require_ssl), then FAIL
 * - given a group of the app without require_ssl true, then FAIL
 * - given the literal name of a group outside the app, or a parameter, then UNVERIFIABLE
 */
const tlsRequired: Control = {
  id: 'Redshift.TlsRequired',
  title: 'Redshift cluster requires TLS connections',
  resourceTypes: [CLUSTER],
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'RedshiftRequireTlsSSL',
  fix: 'Give the cluster a parameter group (CfnClusterParameterGroup) with require_ssl set to true.',
  check: (r, index) => {
    const name = r.properties.ClusterParameterGroupName;
    if (name === undefined || (typeof name === 'string' && name.startsWith('default.'))) {
      return fail(`ClusterParameterGroupName is ${name ?? 'not set'}: the template does not set require_ssl, so connections without TLS may be accepted.`);
    }
    const group = index.target(name, r);
    if (group?.type !== PARAMETER_GROUP) {
      return unverifiable(typeof name === 'string'
        ? `ClusterParameterGroupName names ${name}, a parameter group outside the app whose require_ssl synth cannot see.`
        : 'ClusterParameterGroupName cannot be resolved at synth.');
    }
    const parameters = list(group.properties.Parameters);
    if (parameters === UNKNOWN) return unverifiable(`the Parameters of ${group.logicalId} cannot be resolved at synth.`);
    const ssl = parameters.find((p) => String(p?.ParameterName).toLowerCase() === 'require_ssl');
    const value = str(ssl?.ParameterValue);
    if (value === UNKNOWN) return unverifiable(`require_ssl of ${group.logicalId} cannot be resolved at synth.`);
    return value?.toLowerCase() === 'true' ? pass() : fail(`the parameter group ${group.logicalId} sets require_ssl to ${value ?? 'its default (false)'}.`);
  },
};

/**
 * Redshift.MaintenanceSettings: the cluster takes engine upgrades in a maintenance window the template names.
 * - given AllowVersionUpgrade true or absent (Redshift's default) and a PreferredMaintenanceWindow, then PASS
 * - given AllowVersionUpgrade false, then FAIL (warning)
 * - given no PreferredMaintenanceWindow (Redshift picks a 30-minute window at random), then FAIL (warning)
 * - given either from a parameter, then UNVERIFIABLE
 *
 * cdk-nag's rule also fails automated snapshots turned off; Redshift.BackupRetention reports that.
 */
const maintenanceSettings: Control = {
  id: 'Redshift.MaintenanceSettings',
  title: 'Redshift cluster allows version upgrades in a chosen maintenance window',
  resourceTypes: [CLUSTER],
  citations: ['164.308(a)(5)(ii)(B)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'RedshiftClusterMaintenanceSettings',
  fix: 'Leave allowVersionUpgrade at true and set preferredMaintenanceWindow, e.g. sun:03:00-sun:03:30.',
  rationale: 'Engine upgrades carry security fixes; a window the team chose is one it watches.',
  check: (r) => {
    const upgrade = bool(r.properties.AllowVersionUpgrade);
    const window = str(r.properties.PreferredMaintenanceWindow);
    if (upgrade === UNKNOWN || window === UNKNOWN) return unverifiable('AllowVersionUpgrade or PreferredMaintenanceWindow cannot be resolved at synth.');
    if (upgrade === false) return fail('AllowVersionUpgrade is false, so engine upgrades and their security fixes are not applied.');
    if (window === undefined || window === '') return fail('PreferredMaintenanceWindow is not set, so Redshift applies upgrades in a window it picks at random.');
    return pass();
  },
};

/**
 * Redshift.EnhancedVpcRouting: COPY and UNLOAD traffic goes through the VPC, where its security groups,
 * endpoint policies and flow logs apply.
 * - given EnhancedVpcRouting true, then PASS
 * - given false or absent (Redshift's default), then FAIL (warning)
 * - given a parameter, then UNVERIFIABLE
 */
const enhancedVpcRouting: Control = {
  id: 'Redshift.EnhancedVpcRouting',
  title: 'Redshift cluster uses enhanced VPC routing',
  resourceTypes: [CLUSTER],
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'RedshiftEnhancedVPCRoutingEnabled',
  fix: 'Set enhancedVpcRouting: true (and give the VPC an S3 gateway endpoint).',
  rationale: 'Without it, data loaded and unloaded between the cluster and S3 bypasses the VPC, so its controls and flow logs never see the PHI moving.',
  check: (r) => {
    const value = bool(r.properties.EnhancedVpcRouting);
    if (value === UNKNOWN) return unverifiable('EnhancedVpcRouting cannot be resolved at synth.');
    return value === true ? pass() : fail(`EnhancedVpcRouting is ${value ?? 'not set'}, so COPY and UNLOAD traffic leaves the VPC's controls.`);
  },
};

/** Controls for Redshift provisioned clusters. */
export const REDSHIFT_CONTROLS: readonly Control[] = [
  encrypted,
  customerManagedKey,
  notPubliclyAccessible,
  auditLogging,
  backupRetention,
  tlsRequired,
  maintenanceSettings,
  enhancedVpcRouting,
  retainedControl({ id: 'Redshift.DataRetained', resourceTypes: [CLUSTER], what: 'Redshift cluster', snapshotKeepsData: true }),
];

import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { subnetAssignsPublicIp, subnetIsPublic } from './ec2-network';
import { customerKeyVerdict } from './key-verdicts';
import { clusterLevel, DB_CLUSTER, DB_INSTANCE, isClusterMember } from './rds-kinds';
import { RDS_TLS_CONTROLS } from './rds-tls';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { bool, list, num, str, Unknown, UNKNOWN } from './values';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

const BOTH = [DB_INSTANCE, DB_CLUSTER];

/** aws-cdk-lib's custom resource that sets the retention of a log group it does not create. */
const LOG_RETENTION = 'Custom::LogRetention';

/** Properties that create a DB instance or cluster from another one's data, whose storage settings it inherits. */
const INHERITING = ['SourceDBInstanceIdentifier', 'DBSnapshotIdentifier', 'SnapshotIdentifier', 'SourceDBClusterIdentifier', 'SourceDBInstanceAutomatedBackupsArn'];

/** A Multi-AZ DB cluster (not Aurora): instance settings such as monitoring live on the cluster. */
function isMultiAzDbCluster(r: RenderedResource): boolean {
  return r.type === DB_CLUSTER && r.properties.DBClusterInstanceClass !== undefined;
}

/** An Aurora Serverless v1 cluster: always encrypted, no DB instances. */
function isServerlessV1(r: RenderedResource): boolean {
  return r.type === DB_CLUSTER && r.properties.EngineMode === 'serverless';
}

/** The DB instances of a cluster, by reference or by literal identifier, across the app. */
function membersOf(cluster: RenderedResource, index: ResourceIndex): RenderedResource[] {
  const literal = cluster.properties.DBClusterIdentifier;
  return index.ofType(DB_INSTANCE).filter((i) => {
    const id = i.properties.DBClusterIdentifier;
    return id !== undefined && (index.target(id, i)?.key === cluster.key || (typeof literal === 'string' && id === literal));
  });
}

/** The cluster a DB instance belongs to, when it is in the app. */
function clusterOf(instance: RenderedResource, index: ResourceIndex): RenderedResource | undefined {
  const id = instance.properties.DBClusterIdentifier;
  const byRef = index.target(id, instance);
  if (byRef?.type === DB_CLUSTER) return byRef;
  return index.ofType(DB_CLUSTER).find((c) => typeof id === 'string' && c.properties.DBClusterIdentifier === id);
}

/**
 * RDS.StorageEncrypted: the storage of a DB instance or cluster is encrypted.
 * - given StorageEncrypted true (or an Aurora Serverless v1 cluster, always encrypted), then PASS
 * - given StorageEncrypted false or absent (the rds.DatabaseInstance / DatabaseCluster default), then FAIL
 * - given a read replica or a restore from a snapshot without StorageEncrypted (inherited), or a parameter, then UNVERIFIABLE
 * - given a DB instance of a cluster (the cluster's storage), then N/A
 */
const storageEncrypted: Control = clusterLevel({
  id: 'RDS.StorageEncrypted',
  title: 'RDS storage is encrypted',
  resourceTypes: BOTH,
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'RDSStorageEncrypted',
  fix: 'Use EncryptedDatabase, or set storageEncrypted: true with storageEncryptionKey (a HipaaKey).',
  check: (r) => {
    const encrypted = bool(r.properties.StorageEncrypted);
    if (encrypted === true || isServerlessV1(r)) return pass();
    if (encrypted === UNKNOWN) return unverifiable('StorageEncrypted cannot be resolved at synth.');
    const source = INHERITING.find((p) => r.properties[p] !== undefined);
    if (encrypted === undefined && source) return unverifiable(`StorageEncrypted is not set and ${source} is, so encryption is inherited from a source synth cannot see.`);
    return fail(`StorageEncrypted is ${encrypted ?? 'not set'}, so the database and its backups are stored unencrypted.`);
  },
});

/**
 * RDS.CustomerManagedKey: encrypted storage uses a customer-managed key.
 * - given KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given encrypted storage without KmsKeyId (aws/rds) or with alias/aws/rds, then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 * - given unencrypted storage (RDS.StorageEncrypted reports it) or a DB instance of a cluster, then N/A
 */
const customerManagedKey: Control = clusterLevel({
  id: 'RDS.CustomerManagedKey',
  title: 'RDS storage is encrypted with a customer-managed KMS key',
  resourceTypes: BOTH,
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set storageEncryptionKey (a HipaaKey); EncryptedDatabase does.',
  check: (r, index) => {
    const encrypted = bool(r.properties.StorageEncrypted) === true || isServerlessV1(r) || r.properties.KmsKeyId !== undefined;
    return encrypted ? customerKeyVerdict(r, index, ['KmsKeyId'], 'the AWS-managed aws/rds key') : notApplicable();
  },
});

/**
 * Where a database without PubliclyAccessible lands: 'private' when its DB subnet group (a cluster
 * member's is its cluster's) is in the app and every subnet is private (no MapPublicIpOnLaunch, no
 * route to an internet gateway); 'default-vpc' without a subnet group or with the `default` one.
 */
function placement(r: RenderedResource, index: ResourceIndex): 'private' | 'default-vpc' | 'public' | Unknown {
  const owner = isClusterMember(r) ? clusterOf(r, index) : r;
  if (owner === undefined) return UNKNOWN;
  const name = owner.properties.DBSubnetGroupName;
  if (name === undefined || (typeof name === 'string' && name.toLowerCase() === 'default')) return 'default-vpc';
  const group = index.target(name, owner);
  if (group?.type !== 'AWS::RDS::DBSubnetGroup') return UNKNOWN;
  const subnets = list(group.properties.SubnetIds);
  if (subnets === UNKNOWN) return UNKNOWN;
  const verdicts = subnets.map((s) => subnetIsPublic(s, group, index));
  if (verdicts.includes(true)) return 'public';
  return verdicts.includes(UNKNOWN) || subnets.length === 0 ? UNKNOWN : 'private';
}

/**
 * RDS.NotPubliclyAccessible: the database has no public endpoint.
 * When PubliclyAccessible is absent, RDS chooses: the RDS API reference documents a public
 * instance in the default VPC (no DB subnet group, or the `default` one) and, in older revisions,
 * in any VPC with an internet gateway; either way, a database whose subnets have no route to an
 * internet gateway cannot be reached from the internet.
 * - given PubliclyAccessible false, then PASS
 * - given PubliclyAccessible true (e.g. rds.DatabaseInstance in public subnets), then FAIL
 * - given PubliclyAccessible absent and a DB subnet group of the app (for a cluster member, its
 *   cluster's) whose subnets do not map public IPs and route to no internet gateway, then PASS
 *   (rds.DatabaseInstance in private subnets)
 * - given PubliclyAccessible absent and no DB subnet group (or `default`), then FAIL: RDS places
 *   the database in the default VPC and makes it public (for an Aurora cluster member, which RDS documents
 *   as private there, UNVERIFIABLE)
 * - given PubliclyAccessible absent and a subnet group with a public subnet, or a subnet group, subnets or
 *   route tables outside the app, then UNVERIFIABLE (RDS.PrivateSubnets reports public subnets)
 * - given a parameter, then UNVERIFIABLE
 * - given an Aurora cluster (its DB instances are judged) , then N/A
 */
const notPubliclyAccessible: Control = {
  id: 'RDS.NotPubliclyAccessible',
  title: 'RDS database is not publicly accessible',
  resourceTypes: BOTH,
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'RDSInstancePublicAccess',
  fix: 'Set publiclyAccessible: false (EncryptedDatabase does).',
  check: (r, index) => {
    if (r.type === DB_CLUSTER && !isMultiAzDbCluster(r)) return notApplicable();
    const value = bool(r.properties.PubliclyAccessible);
    if (value === false) return pass();
    if (value === UNKNOWN) return unverifiable('PubliclyAccessible cannot be resolved at synth.');
    if (value === true) return fail('PubliclyAccessible is true, so the endpoint resolves to a public address.');
    switch (placement(r, index)) {
      case 'private': return pass();
      case 'default-vpc': return isClusterMember(r)
        ? unverifiable('PubliclyAccessible is not set and the cluster has no DB subnet group, so the instance is in the default VPC, where RDS documents Aurora instances as private and older revisions as public; set it false.')
        : fail('PubliclyAccessible is not set and there is no DB subnet group, so RDS places the database in the default VPC and makes it public.');
      case 'public': return unverifiable('PubliclyAccessible is not set and the DB subnet group includes public subnets, where RDS decides whether the endpoint is public (its documentation differs across revisions); set it false.');
      default: return unverifiable('PubliclyAccessible is not set, and the DB subnet group, its subnets or their route tables are outside the app, so synth cannot see whether RDS makes the database public.');
    }
  },
};

/**
 * RDS.PrivateSubnets: the DB subnet group holds no subnet that maps public IP addresses.
 * - given a DBSubnetGroupName referencing an AWS::RDS::DBSubnetGroup of the app whose subnets
 *   have MapPublicIpOnLaunch false, then PASS
 * - given a subnet with MapPublicIpOnLaunch true (a public subnet of ec2.Vpc), then FAIL (warning)
 * - given no DBSubnetGroupName (the default VPC), then FAIL (warning)
 * - given a subnet group or subnets outside the app, then UNVERIFIABLE
 * - given a DB instance of a cluster, then N/A
 */
const privateSubnets: Control = clusterLevel({
  id: 'RDS.PrivateSubnets',
  title: 'RDS database is placed in private subnets',
  resourceTypes: BOTH,
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Set vpcSubnets to PRIVATE_ISOLATED or PRIVATE_WITH_EGRESS subnets (EncryptedDatabase does).',
  rationale: 'A database that holds PHI belongs in private subnets, out of reach of the internet.',
  check: (r, index) => {
    const name = r.properties.DBSubnetGroupName;
    if (name === undefined) return fail('no DBSubnetGroupName, so the database is placed in the default VPC, whose subnets are public.');
    const group = index.target(name, r);
    if (group?.type !== 'AWS::RDS::DBSubnetGroup') return unverifiable(`the DB subnet group ${JSON.stringify(name)} is outside the app.`);
    const subnets = list(group.properties.SubnetIds);
    if (subnets === UNKNOWN) return unverifiable('SubnetIds of the DB subnet group cannot be resolved at synth.');
    const verdicts = subnets.map((s) => subnetAssignsPublicIp(s, group, index));
    if (verdicts.includes(true)) return fail(`the DB subnet group ${group.logicalId} includes public subnets (MapPublicIpOnLaunch true).`);
    return verdicts.includes(UNKNOWN) ? unverifiable(`the DB subnet group ${group.logicalId} includes subnets outside the app.`) : pass();
  },
});

/**
 * RDS.BackupRetention: automated backups are kept at least 7 days.
 * - given BackupRetentionPeriod >= 7, then PASS
 * - given BackupRetentionPeriod < 7, or absent (RDS keeps 1 day; the rds.DatabaseCluster default), then FAIL
 * - given a parameter, then UNVERIFIABLE
 * - given a read replica (the source is backed up) or a DB instance of a cluster, then N/A
 */
const backupRetention: Control = clusterLevel({
  id: 'RDS.BackupRetention',
  title: 'RDS automated backups are kept at least 7 days',
  resourceTypes: BOTH,
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'RDSInstanceBackupEnabled',
  fix: `Set backupRetention to Duration.days(${HIPAA_THRESHOLDS.minimumBackupRetentionDays}) or more (EncryptedDatabase keeps 35).`,
  rationale: 'Automated backups and point-in-time recovery must reach back far enough that a mistake noticed late can still be undone.',
  check: (r) => {
    if (r.properties.SourceDBInstanceIdentifier !== undefined) return notApplicable();
    const days = num(r.properties.BackupRetentionPeriod);
    if (days === UNKNOWN) return unverifiable('BackupRetentionPeriod cannot be resolved at synth.');
    if (days !== undefined && days >= HIPAA_THRESHOLDS.minimumBackupRetentionDays) return pass();
    return fail(days === undefined ? 'BackupRetentionPeriod is not set, so RDS keeps automated backups 1 day.' : `BackupRetentionPeriod is ${days} days; at least ${HIPAA_THRESHOLDS.minimumBackupRetentionDays} are needed.`);
  },
});

/**
 * RDS.DeletionProtection: deletion protection is on.
 * - given DeletionProtection true, then PASS
 * - given false or absent, then FAIL
 * - given a DB instance of a cluster (the cluster's protection applies), then N/A
 */
const deletionProtection: Control = clusterLevel({
  id: 'RDS.DeletionProtection',
  title: 'RDS deletion protection is enabled',
  resourceTypes: BOTH,
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'RDSInstanceDeletionProtectionEnabled',
  fix: 'Set deletionProtection: true (EncryptedDatabase does).',
  rationale: 'Without deletion protection a single API call or stack change deletes the database that holds PHI.',
  check: (r) => {
    const value = bool(r.properties.DeletionProtection);
    if (value === UNKNOWN) return unverifiable('DeletionProtection cannot be resolved at synth.');
    return value === true ? pass() : fail(`DeletionProtection is ${value ?? 'not set'}.`);
  },
});

/**
 * RDS.MultiAz: the database survives the loss of an Availability Zone.
 * - given a DB instance with MultiAZ true, then PASS
 * - given a DB instance with MultiAZ false or absent, then FAIL
 * - given a cluster with at least two DB instances referencing it (writer and reader), or a Multi-AZ DB cluster, then PASS
 * - given a cluster with fewer than two DB instances, then FAIL
 * - given an Aurora Serverless v1 cluster or a DB instance of a cluster, then N/A
 */
const multiAz: Control = clusterLevel({
  id: 'RDS.MultiAz',
  title: 'RDS database is deployed across Availability Zones',
  resourceTypes: BOTH,
  citations: ['164.308(a)(7)(ii)(B)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'RDSMultiAZSupport',
  fix: 'Set multiAz: true on the instance, or give the cluster at least one reader (EncryptedDatabase does).',
  rationale: 'A database in one Availability Zone is unavailable, and may lose recent writes, when that zone fails.',
  check: (r, index) => {
    if (r.type === DB_INSTANCE) {
      const value = bool(r.properties.MultiAZ);
      if (value === UNKNOWN) return unverifiable('MultiAZ cannot be resolved at synth.');
      return value === true ? pass() : fail(`MultiAZ is ${value ?? 'not set'}, so the database is down, and may lose recent writes, when its zone fails.`);
    }
    if (isServerlessV1(r)) return notApplicable();
    if (isMultiAzDbCluster(r)) return pass();
    const n = membersOf(r, index).length;
    return n >= 2 ? pass() : fail(`the cluster has ${n} DB instance${n === 1 ? '' : 's'}; a reader in another zone is needed to fail over.`);
  },
});

/** Stands for a reference to the database in a log group name. */
const DB_REFERENCE = '\u0000database\u0000';

/**
 * A log group name with each reference to `db` written as DB_REFERENCE (literals and `Fn::Join`s of
 * them); undefined when a part is anything else.
 */
function logGroupName(value: unknown, from: RenderedResource, db: RenderedResource, index: ResourceIndex): string | undefined {
  if (typeof value === 'string') return value;
  const target = index.target(value, from);
  if (target) return target.key === db.key ? DB_REFERENCE : undefined;
  const join = (value as any)?.['Fn::Join'];
  if (!Array.isArray(join) || typeof join[0] !== 'string' || !Array.isArray(join[1])) return undefined;
  const parts = join[1].map((part: unknown) => logGroupName(part, from, db, index));
  return parts.includes(undefined) ? undefined : parts.join(join[0]);
}

/**
 * The verdict of the Custom::LogRetention resources (aws-cdk-lib's `cloudwatchLogsRetention`) that set the
 * retention of the database's exported log groups, `/aws/rds/instance|cluster/<identifier>/<type>`;
 * undefined when none keeps them less than six years.
 */
function exportedLogRetention(r: RenderedResource, types: readonly unknown[], index: ResourceIndex): Verdict | undefined {
  const kind = r.type === DB_CLUSTER ? 'cluster' : 'instance';
  const literal = r.properties[r.type === DB_CLUSTER ? 'DBClusterIdentifier' : 'DBInstanceIdentifier'];
  const ids = [DB_REFERENCE, ...(typeof literal === 'string' ? [literal.toLowerCase()] : [])];
  const exported = new Map<string, string>();
  for (const type of types) {
    if (typeof type === 'string') ids.forEach((id) => exported.set(`/aws/rds/${kind}/${id}/${type}`, type));
  }
  for (const retention of index.ofType(LOG_RETENTION)) {
    const name = logGroupName(retention.properties.LogGroupName, retention, r, index);
    const type = name === undefined ? undefined : exported.get(name.toLowerCase());
    if (type === undefined) continue;
    const days = num(retention.properties.RetentionInDays);
    if (days === UNKNOWN) return unverifiable(`the retention ${retention.logicalId} sets on the ${type} log group cannot be resolved at synth.`);
    if (days !== undefined && days < HIPAA_THRESHOLDS.documentationRetentionDays) {
      return fail(`${retention.logicalId} (Custom::LogRetention) keeps the exported ${type} log group ${days} days, so the logs expire after ${days} days; audit evidence must be kept six years (${HIPAA_THRESHOLDS.documentationRetentionDays} days).`);
    }
  }
  return undefined;
}

/**
 * RDS.LogExports: database logs are exported to CloudWatch Logs and kept six years.
 * - given EnableCloudwatchLogsExports with at least one log type, and no retention below six years on
 *   the exported log groups (RDS creates them to never expire; cloudwatchLogsRetention INFINITE or SIX_YEARS), then PASS
 * - given none, then FAIL
 * - given a Custom::LogRetention of the app (cloudwatchLogsRetention) that keeps an exported log group,
 *   `/aws/rds/instance/<DBInstanceIdentifier>/<type>` or `/aws/rds/cluster/<DBClusterIdentifier>/<type>`
 *   (the identifier literal or a Ref to the database), fewer than 2,192 days, then FAIL
 * - given the log types or such a retention from a parameter, then UNVERIFIABLE
 * - given a DB instance of a cluster (the cluster exports the logs), then N/A
 */
const logExports: Control = clusterLevel({
  id: 'RDS.LogExports',
  title: 'RDS database logs are exported to CloudWatch Logs and kept six years',
  resourceTypes: BOTH,
  citations: ['164.312(b)', '164.316(b)(2)(i)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'RDSLoggingEnabled',
  fix: "Set cloudwatchLogsExports to the engine's log types with cloudwatchLogsRetention SIX_YEARS or longer, or leave retention unset (EncryptedDatabase does).",
  check: (r, index) => {
    const types = list(r.properties.EnableCloudwatchLogsExports);
    if (types === UNKNOWN) return unverifiable('EnableCloudwatchLogsExports cannot be resolved at synth.');
    if (types.length === 0) return fail('EnableCloudwatchLogsExports is empty, so connections and errors are not kept for audit.');
    return exportedLogRetention(r, types, index) ?? pass();
  },
});

/**
 * RDS.EnhancedMonitoring: enhanced monitoring records the database host's activity.
 * - given MonitoringInterval > 0 on a DB instance (cluster members included) or on its cluster, then PASS
 * - given MonitoringInterval 0 or absent, then FAIL (warning)
 * - given an Aurora cluster (its DB instances are judged), then N/A
 */
const enhancedMonitoring: Control = {
  id: 'RDS.EnhancedMonitoring',
  title: 'RDS enhanced monitoring is enabled',
  resourceTypes: BOTH,
  citations: ['164.308(a)(1)(ii)(D)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'RDSEnhancedMonitoringEnabled',
  fix: 'Set monitoringInterval, e.g. Duration.seconds(60) (EncryptedDatabase does).',
  rationale: 'Enhanced monitoring records the operating system activity of the database host, part of reviewing information system activity.',
  check: (r, index) => {
    if (r.type === DB_CLUSTER && !isMultiAzDbCluster(r)) return notApplicable();
    const intervals = [num(r.properties.MonitoringInterval)];
    if (isClusterMember(r)) intervals.push(num(clusterOf(r, index)?.properties.MonitoringInterval));
    if (intervals.some((i) => typeof i === 'number' && i > 0)) return pass();
    if (intervals.includes(UNKNOWN)) return unverifiable('MonitoringInterval cannot be resolved at synth.');
    return fail('MonitoringInterval is 0 or not set.');
  },
};

/**
 * RDS.AutoMinorVersionUpgrade: minor engine versions (security patches) are applied automatically.
 * - given AutoMinorVersionUpgrade true or absent (RDS defaults to true), then PASS
 * - given false, then FAIL (warning)
 * - given an Aurora cluster (its DB instances are judged), then N/A
 */
const autoMinorVersionUpgrade: Control = {
  id: 'RDS.AutoMinorVersionUpgrade',
  title: 'RDS applies minor version upgrades automatically',
  resourceTypes: BOTH,
  citations: ['164.308(a)(1)(ii)(D)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'RDSAutomaticMinorVersionUpgradeEnabled',
  fix: 'Leave autoMinorVersionUpgrade at true.',
  check: (r) => {
    if (r.type === DB_CLUSTER && !isMultiAzDbCluster(r)) return notApplicable();
    const value = bool(r.properties.AutoMinorVersionUpgrade);
    if (value === UNKNOWN) return unverifiable('AutoMinorVersionUpgrade cannot be resolved at synth.');
    return value === false ? fail('AutoMinorVersionUpgrade is false, so security patches wait for a manual upgrade.') : pass();
  },
};

/**
 * RDS.IamAuthentication: database logins are tied to IAM (or directory) identities.
 * - given EnableIAMDatabaseAuthentication true, then PASS
 * - given a Domain (Kerberos authentication through AWS Directory Service), then PASS
 * - given neither, then FAIL (warning; engines without IAM authentication, such as SQL Server and
 *   Oracle, need Kerberos or an acknowledgement)
 * - given a DB instance of a cluster, then N/A
 */
const iamAuthentication: Control = clusterLevel({
  id: 'RDS.IamAuthentication',
  title: 'RDS authenticates database users with IAM or Kerberos',
  resourceTypes: BOTH,
  citations: ['164.312(d)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Set iamAuthentication: true (EncryptedDatabase does where the engine supports it).',
  rationale: 'IAM database authentication ties each database login to an IAM identity with short-lived tokens.',
  check: (r) => {
    const value = bool(r.properties.EnableIAMDatabaseAuthentication);
    if (value === true || r.properties.Domain !== undefined) return pass();
    if (value === UNKNOWN) return unverifiable('EnableIAMDatabaseAuthentication cannot be resolved at synth.');
    return fail('neither IAM database authentication nor Kerberos is enabled, so logins rest on shared database passwords.');
  },
});

/**
 * RDS.PerformanceInsightsKey: Performance Insights, when on, is encrypted with a customer-managed key
 * (it stores query text, which can hold PHI).
 * - given EnablePerformanceInsights (instance) or PerformanceInsightsEnabled (cluster) true with a customer key, then PASS
 * - given it on without a key (aws/rds) or with alias/aws/rds, then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 * - given Performance Insights off, then N/A
 */
const performanceInsightsKey: Control = {
  id: 'RDS.PerformanceInsightsKey',
  title: 'RDS Performance Insights is encrypted with a customer-managed KMS key',
  resourceTypes: BOTH,
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set performanceInsightEncryptionKey (a HipaaKey) wherever enablePerformanceInsights is true.',
  check: (r, index) => {
    const isInstance = r.type === DB_INSTANCE;
    const enabled = bool(r.properties[isInstance ? 'EnablePerformanceInsights' : 'PerformanceInsightsEnabled']);
    if (enabled === UNKNOWN) return unverifiable('whether Performance Insights is on cannot be resolved at synth.');
    if (enabled !== true && str(r.properties.DatabaseInsightsMode) !== 'advanced') return notApplicable();
    return customerKeyVerdict(r, index, [isInstance ? 'PerformanceInsightsKMSKeyId' : 'PerformanceInsightsKmsKeyId'], 'the AWS-managed aws/rds key');
  },
};

/** Controls for RDS DB instances and clusters. */
export const RDS_CONTROLS: readonly Control[] = [
  storageEncrypted,
  customerManagedKey,
  notPubliclyAccessible,
  privateSubnets,
  backupRetention,
  deletionProtection,
  clusterLevel(retainedControl({ id: 'RDS.DataRetained', resourceTypes: BOTH, what: 'RDS database', snapshotKeepsData: true })),
  multiAz,
  logExports,
  enhancedMonitoring,
  autoMinorVersionUpgrade,
  iamAuthentication,
  performanceInsightsKey,
  ...RDS_TLS_CONTROLS,
];

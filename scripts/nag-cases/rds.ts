import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { NagCase } from './types';

const POSTGRES = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });
const MYSQL = rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 });
const AURORA_MYSQL = rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 });
const AURORA_POSTGRES = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });

function vpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
}

/** A PostgreSQL instance in a new VPC's private subnets; `props` adds or overrides properties. */
function instance(stack: Stack, props: Partial<rds.DatabaseInstanceProps> = {}): rds.DatabaseInstance {
  return new rds.DatabaseInstance(stack, 'Database', { engine: POSTGRES, vpc: vpc(stack), ...props });
}

/** An Aurora cluster with one writer; `props` adds or overrides properties. */
function cluster(stack: Stack, props: Partial<rds.DatabaseClusterProps> = {}): rds.DatabaseCluster {
  return new rds.DatabaseCluster(stack, 'Cluster', {
    engine: AURORA_MYSQL,
    vpc: vpc(stack),
    writer: rds.ClusterInstance.provisioned('Writer'),
    ...props,
  });
}

/** A raw PostgreSQL DB instance with id 'Database'; `props` adds or overrides properties. */
function cfnInstanceResource(stack: Stack, props: Partial<rds.CfnDBInstanceProps> = {}): rds.CfnDBInstance {
  return new rds.CfnDBInstance(stack, 'Database', {
    engine: 'postgres',
    dbInstanceClass: 'db.t3.micro',
    allocatedStorage: '20',
    masterUsername: 'admin_user',
    manageMasterUserPassword: true,
    ...props,
  });
}

/** Like cfnInstanceResource, returning the path. */
function cfnInstance(stack: Stack, props: Partial<rds.CfnDBInstanceProps> = {}): string {
  cfnInstanceResource(stack, props);
  return 'Database';
}

const DB = 'Database/Resource';
const WRITER = 'Cluster/Writer/Resource';

const MINOR_UPGRADE: NagCase[] = [
  {
    rule: 'RDSAutomaticMinorVersionUpgradeEnabled',
    compliant: true,
    title: 'instance with the default (minor upgrades on)',
    build: (stack) => {
      instance(stack);
      return DB;
    },
  },
  {
    rule: 'RDSAutomaticMinorVersionUpgradeEnabled',
    compliant: false,
    title: 'instance with minor version upgrades turned off',
    build: (stack) => {
      instance(stack, { autoMinorVersionUpgrade: false });
      return DB;
    },
  },
  {
    rule: 'RDSAutomaticMinorVersionUpgradeEnabled',
    compliant: false,
    title: 'Aurora writer with minor version upgrades turned off',
    build: (stack) => {
      cluster(stack, { writer: rds.ClusterInstance.provisioned('Writer', { autoMinorVersionUpgrade: false }) });
      return WRITER;
    },
  },
];

const ENHANCED_MONITORING: NagCase[] = [
  {
    rule: 'RDSEnhancedMonitoringEnabled',
    compliant: true,
    title: 'instance with 60-second enhanced monitoring',
    build: (stack) => {
      instance(stack, { monitoringInterval: Duration.seconds(60) });
      return DB;
    },
  },
  {
    rule: 'RDSEnhancedMonitoringEnabled',
    compliant: true,
    title: 'Aurora cluster with enhanced monitoring on its instances',
    build: (stack) => {
      cluster(stack, { monitoringInterval: Duration.seconds(30) });
      return WRITER;
    },
  },
  {
    rule: 'RDSEnhancedMonitoringEnabled',
    compliant: false,
    title: 'instance without enhanced monitoring',
    build: (stack) => {
      instance(stack);
      return DB;
    },
  },
  {
    rule: 'RDSEnhancedMonitoringEnabled',
    compliant: false,
    title: 'L1 instance with a monitoring interval of zero',
    build: (stack) => cfnInstance(stack, { monitoringInterval: 0 }),
  },
];

const IN_BACKUP_PLAN: NagCase[] = [
  {
    rule: 'RDSInBackupPlan',
    compliant: true,
    title: 'instance selected in a backup plan',
    build: (stack) => {
      const db = instance(stack);
      backup.BackupPlan.daily35DayRetention(stack, 'Plan').addSelection('Databases', {
        resources: [backup.BackupResource.fromRdsDatabaseInstance(db)],
      });
      return DB;
    },
  },
  {
    rule: 'RDSInBackupPlan',
    compliant: true,
    title: 'L1 backup selection listing the instance ARN',
    build: (stack) => {
      const db = cfnInstanceResource(stack);
      const plan = new backup.BackupPlan(stack, 'Plan', { backupPlanRules: [backup.BackupPlanRule.daily()] });
      const dbArn = stack.formatArn({ service: 'rds', resource: 'db', resourceName: db.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
      new backup.CfnBackupSelection(stack, 'Selection', {
        backupPlanId: plan.backupPlanId,
        backupSelection: {
          selectionName: 'Databases',
          iamRoleArn: 'arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole',
          resources: [dbArn],
        },
      });
      return 'Database';
    },
  },
  {
    rule: 'RDSInBackupPlan',
    compliant: false,
    title: 'instance with no backup plan',
    build: (stack) => {
      instance(stack);
      return DB;
    },
  },
  {
    rule: 'RDSInBackupPlan',
    compliant: false,
    title: 'backup plan selecting by tag only',
    build: (stack) => {
      instance(stack);
      backup.BackupPlan.daily35DayRetention(stack, 'Plan').addSelection('Tagged', {
        resources: [backup.BackupResource.fromTag('backup', 'daily')],
      });
      return DB;
    },
  },
  {
    rule: 'RDSInBackupPlan',
    compliant: false,
    title: 'backup plan selecting another instance',
    build: (stack) => {
      const db = instance(stack);
      const other = new rds.DatabaseInstance(stack, 'Reporting', { engine: POSTGRES, vpc: db.vpc });
      backup.BackupPlan.daily35DayRetention(stack, 'Plan').addSelection('Reporting', {
        resources: [backup.BackupResource.fromRdsDatabaseInstance(other)],
      });
      return DB;
    },
  },
  {
    rule: 'RDSInBackupPlan',
    compliant: false,
    title: 'Aurora writer whose cluster is in a backup plan (only instances are matched)',
    build: (stack) => {
      const db = cluster(stack);
      backup.BackupPlan.daily35DayRetention(stack, 'Plan').addSelection('Clusters', {
        resources: [backup.BackupResource.fromRdsDatabaseCluster(db)],
      });
      return WRITER;
    },
  },
];

const BACKUP_ENABLED: NagCase[] = [
  {
    rule: 'RDSInstanceBackupEnabled',
    compliant: true,
    title: 'instance with the default retention (not set in the template)',
    build: (stack) => {
      instance(stack);
      return DB;
    },
  },
  {
    rule: 'RDSInstanceBackupEnabled',
    compliant: true,
    title: 'instance keeping backups 14 days',
    build: (stack) => {
      instance(stack, { backupRetention: Duration.days(14) });
      return DB;
    },
  },
  {
    rule: 'RDSInstanceBackupEnabled',
    compliant: false,
    title: 'instance with automated backups off (retention 0)',
    build: (stack) => {
      instance(stack, { backupRetention: Duration.days(0) });
      return DB;
    },
  },
  {
    rule: 'RDSInstanceBackupEnabled',
    compliant: false,
    title: 'L1 instance with BackupRetentionPeriod 0',
    build: (stack) => cfnInstance(stack, { backupRetentionPeriod: 0 }),
  },
];

const DELETION_PROTECTION: NagCase[] = [
  {
    rule: 'RDSInstanceDeletionProtectionEnabled',
    compliant: true,
    title: 'instance with deletion protection',
    build: (stack) => {
      instance(stack, { deletionProtection: true });
      return DB;
    },
  },
  {
    rule: 'RDSInstanceDeletionProtectionEnabled',
    compliant: true,
    title: 'instance with a RETAIN removal policy (deletion protection follows)',
    build: (stack) => {
      instance(stack, { removalPolicy: RemovalPolicy.RETAIN });
      return DB;
    },
  },
  {
    rule: 'RDSInstanceDeletionProtectionEnabled',
    compliant: true,
    title: 'Aurora cluster with deletion protection',
    build: (stack) => {
      cluster(stack, { deletionProtection: true });
      return 'Cluster/Resource';
    },
  },
  {
    rule: 'RDSInstanceDeletionProtectionEnabled',
    compliant: true,
    title: 'Aurora writer instance (the cluster carries the setting)',
    build: (stack) => {
      cluster(stack);
      return WRITER;
    },
  },
  {
    rule: 'RDSInstanceDeletionProtectionEnabled',
    compliant: false,
    title: 'instance with the default (no deletion protection)',
    build: (stack) => {
      instance(stack);
      return DB;
    },
  },
  {
    rule: 'RDSInstanceDeletionProtectionEnabled',
    compliant: false,
    title: 'Aurora cluster with the default (no deletion protection)',
    build: (stack) => {
      cluster(stack);
      return 'Cluster/Resource';
    },
  },
  {
    rule: 'RDSInstanceDeletionProtectionEnabled',
    compliant: false,
    title: 'L1 cluster with deletion protection false',
    build: (stack) => {
      new rds.CfnDBCluster(stack, 'Cluster', {
        engine: 'aurora-postgresql',
        masterUsername: 'admin_user',
        manageMasterUserPassword: true,
        storageEncrypted: true,
        deletionProtection: false,
      });
      return 'Cluster';
    },
  },
];

const PUBLIC_ACCESS: NagCase[] = [
  {
    rule: 'RDSInstancePublicAccess',
    compliant: true,
    title: 'instance with PubliclyAccessible false',
    build: (stack) => {
      instance(stack, { publiclyAccessible: false });
      return DB;
    },
  },
  {
    rule: 'RDSInstancePublicAccess',
    compliant: true,
    title: 'L1 instance with PubliclyAccessible false',
    build: (stack) => cfnInstance(stack, { publiclyAccessible: false }),
  },
  {
    rule: 'RDSInstancePublicAccess',
    compliant: false,
    title: 'instance in private subnets, PubliclyAccessible not set in the template',
    build: (stack) => {
      instance(stack);
      return DB;
    },
  },
  {
    rule: 'RDSInstancePublicAccess',
    compliant: false,
    title: 'instance in public subnets',
    build: (stack) => {
      instance(stack, { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
      return DB;
    },
  },
  {
    rule: 'RDSInstancePublicAccess',
    compliant: false,
    title: 'L1 instance without PubliclyAccessible',
    build: (stack) => cfnInstance(stack),
  },
];

const LOGGING: NagCase[] = [
  {
    rule: 'RDSLoggingEnabled',
    compliant: true,
    title: 'PostgreSQL exporting postgresql and upgrade logs',
    build: (stack) => {
      instance(stack, { cloudwatchLogsExports: ['postgresql', 'upgrade'] });
      return DB;
    },
  },
  {
    rule: 'RDSLoggingEnabled',
    compliant: true,
    title: 'MySQL exporting audit, error, general and slow-query logs',
    build: (stack) => {
      instance(stack, { engine: MYSQL, cloudwatchLogsExports: ['audit', 'error', 'general', 'slowquery'] });
      return DB;
    },
  },
  {
    rule: 'RDSLoggingEnabled',
    compliant: true,
    title: 'SQL Server exporting agent and error logs',
    build: (stack) => {
      instance(stack, {
        engine: rds.DatabaseInstanceEngine.sqlServerSe({ version: rds.SqlServerEngineVersion.VER_16 }),
        licenseModel: rds.LicenseModel.LICENSE_INCLUDED,
        cloudwatchLogsExports: ['agent', 'error'],
      });
      return DB;
    },
  },
  {
    rule: 'RDSLoggingEnabled',
    compliant: true,
    title: 'Aurora PostgreSQL cluster exporting postgresql logs',
    build: (stack) => {
      cluster(stack, { engine: AURORA_POSTGRES, cloudwatchLogsExports: ['postgresql'] });
      return 'Cluster/Resource';
    },
  },
  {
    rule: 'RDSLoggingEnabled',
    compliant: false,
    title: 'PostgreSQL instance without log exports',
    build: (stack) => {
      instance(stack);
      return DB;
    },
  },
  {
    rule: 'RDSLoggingEnabled',
    compliant: false,
    title: 'PostgreSQL exporting postgresql logs but not upgrade logs',
    build: (stack) => {
      instance(stack, { cloudwatchLogsExports: ['postgresql'] });
      return DB;
    },
  },
  {
    rule: 'RDSLoggingEnabled',
    compliant: false,
    title: 'MySQL exporting error logs only',
    build: (stack) => {
      instance(stack, { engine: MYSQL, cloudwatchLogsExports: ['error'] });
      return DB;
    },
  },
  {
    rule: 'RDSLoggingEnabled',
    compliant: false,
    title: 'Aurora MySQL cluster without log exports',
    build: (stack) => {
      cluster(stack);
      return 'Cluster/Resource';
    },
  },
];

const MULTI_AZ: NagCase[] = [
  {
    rule: 'RDSMultiAZSupport',
    compliant: true,
    title: 'Multi-AZ instance',
    build: (stack) => {
      instance(stack, { multiAz: true });
      return DB;
    },
  },
  {
    rule: 'RDSMultiAZSupport',
    compliant: true,
    title: 'Aurora writer instance (the cluster spans AZs)',
    build: (stack) => {
      cluster(stack);
      return WRITER;
    },
  },
  {
    rule: 'RDSMultiAZSupport',
    compliant: false,
    title: 'single-AZ instance (default)',
    build: (stack) => {
      instance(stack);
      return DB;
    },
  },
  {
    rule: 'RDSMultiAZSupport',
    compliant: false,
    title: 'L1 instance with MultiAZ false',
    build: (stack) => cfnInstance(stack, { multiAz: false }),
  },
];

const STORAGE_ENCRYPTED: NagCase[] = [
  {
    rule: 'RDSStorageEncrypted',
    compliant: true,
    title: 'instance with storage encryption',
    build: (stack) => {
      instance(stack, { storageEncrypted: true });
      return DB;
    },
  },
  {
    rule: 'RDSStorageEncrypted',
    compliant: true,
    title: 'Aurora cluster with storage encryption',
    build: (stack) => {
      cluster(stack, { storageEncrypted: true });
      return 'Cluster/Resource';
    },
  },
  {
    rule: 'RDSStorageEncrypted',
    compliant: true,
    title: 'Aurora writer instance (the cluster carries the setting)',
    build: (stack) => {
      cluster(stack, { storageEncrypted: false });
      return WRITER;
    },
  },
  {
    rule: 'RDSStorageEncrypted',
    compliant: false,
    title: 'instance with the L2 default (not encrypted)',
    build: (stack) => {
      instance(stack);
      return DB;
    },
  },
  {
    rule: 'RDSStorageEncrypted',
    compliant: false,
    title: 'Aurora cluster with the L2 default (StorageEncrypted not set)',
    build: (stack) => {
      cluster(stack);
      return 'Cluster/Resource';
    },
  },
  {
    rule: 'RDSStorageEncrypted',
    compliant: false,
    title: 'Aurora cluster with storage encryption off',
    build: (stack) => {
      cluster(stack, { storageEncrypted: false });
      return 'Cluster/Resource';
    },
  },
  {
    rule: 'RDSStorageEncrypted',
    compliant: false,
    title: 'L1 cluster without StorageEncrypted',
    build: (stack) => {
      new rds.CfnDBCluster(stack, 'Cluster', { engine: 'aurora-postgresql', masterUsername: 'admin_user', manageMasterUserPassword: true });
      return 'Cluster';
    },
  },
];

export const CASES: readonly NagCase[] = [
  ...MINOR_UPGRADE,
  ...ENHANCED_MONITORING,
  ...IN_BACKUP_PLAN,
  ...BACKUP_ENABLED,
  ...DELETION_PROTECTION,
  ...PUBLIC_ACCESS,
  ...LOGGING,
  ...MULTI_AZ,
  ...STORAGE_ENCRYPTED,
];

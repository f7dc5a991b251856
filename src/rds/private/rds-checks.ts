import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { clusterEngineProfile, EngineProfile, instanceEngineProfile } from './rds-engines';
import { TLS_DETAIL } from './rds-parameter-group';
import { catalogControl } from '../../controls/catalog';
import { MARIADB_FIRST_TLS_VERSION, mariaDbLacksTlsParameter } from '../../controls/rds-tls';
import { refuseUnlessAcknowledged } from '../../policy/refusals';
import { HIPAA_THRESHOLDS } from '../../policy/thresholds';
import type { EncryptedDatabaseProps } from '../encrypted-database';

/** Automated backups kept for less than this are refused (`CdkHipaa::RDS.BackupRetention`). */
export const MIN_BACKUP_RETENTION_DAYS = HIPAA_THRESHOLDS.minimumBackupRetentionDays;
/** The longest automated backup retention RDS offers. */
const MAX_BACKUP_RETENTION_DAYS = 35;

/**
 * SQL Server editions RDS offers no Multi-AZ deployment for. Per "Multi-AZ deployments for Amazon
 * RDS for Microsoft SQL Server", Multi-AZ uses Always On availability groups or database mirroring
 * on Standard and Enterprise editions, and block-level replication on Web edition; Express has none.
 */
const SQLSERVER_WITHOUT_MULTI_AZ: Readonly<Record<string, string>> = { 'sqlserver-ex': 'SQL Server Express' };

/** The weaker values an EncryptedDatabase refuses: control id and HIPAA reason. */
/** The catalog controls the database refusals are made in the name of, with what each adds. */
const REFUSALS = {
  deletionProtection: { control: catalogControl('RDS.DeletionProtection') },
  dataRetained: { control: catalogControl('RDS.DataRetained'), detail: 'Without a final snapshot the PHI in it is lost.' },
  backupRetention: { control: catalogControl('RDS.BackupRetention'), detail: `Backups must reach back at least ${MIN_BACKUP_RETENTION_DAYS} days.` },
  multiAz: { control: catalogControl('RDS.MultiAz') },
  tls: { control: catalogControl('RDS.TlsEnforced'), detail: TLS_DETAIL },
  iamAuthentication: { control: catalogControl('RDS.IamAuthentication') },
  monitoring: { control: catalogControl('RDS.EnhancedMonitoring') },
  privateSubnets: { control: catalogControl('RDS.PrivateSubnets') },
  backupPlan: { control: catalogControl('Backup.ResourceInPlan'), detail: 'AWS Backup keeps copies beyond the RDS automated backups.' },
};

/** The values, defaults applied, that the refusals judge. */
export interface DatabaseWeakenings {
  readonly removalPolicy: RemovalPolicy;
  readonly backupRetention: Duration;
  readonly deletionProtection: boolean;
  readonly monitoringInterval: Duration;
  readonly multiAz: boolean;
  readonly readers: number;
  readonly backup: boolean;
}

/**
 * Checks the engine props and their combinations (a usage error throws at construction) and
 * returns what to set for the engine.
 */
export function checkEngineProps(scope: Construct, props: EncryptedDatabaseProps): EngineProfile {
  const where = `EncryptedDatabase ${scope.node.path}`;
  if (!props.engine === !props.clusterEngine) {
    throw new Error(`${where}: give exactly one of engine (a DB instance) and clusterEngine (an Aurora cluster); ${props.engine ? 'both were' : 'neither was'} given.`);
  }
  const engine: rds.IEngine = (props.engine ?? props.clusterEngine)!;
  if (!engine.parameterGroupFamily) {
    throw new Error(`${where}: the ${engine.engineType} engine has no version; give one (e.g. rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 })) so that the parameter group forcing TLS can be created.`);
  }
  const version = engine.engineVersion?.fullVersion ?? engine.engineVersion?.majorVersion;
  if (engine.engineType === 'mariadb' && version !== undefined && mariaDbLacksTlsParameter(version)) {
    const first = MARIADB_FIRST_TLS_VERSION.join('.');
    throw new Error(`${where}: engine is MariaDB ${version}, which cannot force TLS: RDS for MariaDB has the require_secure_transport parameter only from ${first}. Use MariaDB ${first} or later (e.g. rds.MariaDbEngineVersion.VER_10_11).`);
  }
  const edition = props.engine ? SQLSERVER_WITHOUT_MULTI_AZ[props.engine.engineType] : undefined;
  if (edition && props.multiAz !== false) {
    throw new Error(`${where}: engine is ${props.engine!.engineType} (${edition}), but multiAz is ${props.multiAz === undefined ? 'true by default' : 'true'}: RDS offers Multi-AZ for SQL Server only on the Standard and Enterprise editions (and on Web with block-level replication), not on Express. Choose sqlServerSe or sqlServerEe, or set multiAz: false (refused unless CdkHipaa::RDS.MultiAz is acknowledged).`);
  }
  if (props.engine && props.readers !== undefined) {
    throw new Error(`${where}: readers applies to an Aurora cluster (clusterEngine) only.`);
  }
  if (props.clusterEngine && (props.allocatedStorage !== undefined || props.optionGroup !== undefined)) {
    throw new Error(`${where}: allocatedStorage and optionGroup apply to a DB instance (engine) only.`);
  }
  if (props.clusterEngine && props.multiAz === false && props.readers !== undefined && props.readers > 0) {
    throw new Error(`${where}: multiAz: false means no reader instance, but readers is ${props.readers}.`);
  }
  if (props.backup === false && props.backupPlan) {
    throw new Error(`${where}: backupPlan is given but backup is false.`);
  }
  const retentionDays = props.backupRetention?.toDays();
  if (retentionDays !== undefined && retentionDays > MAX_BACKUP_RETENTION_DAYS) {
    throw new Error(`${where}: backupRetention is ${retentionDays} days; RDS keeps automated backups at most ${MAX_BACKUP_RETENTION_DAYS} days (the AWS Backup plan keeps copies longer).`);
  }
  return props.engine ? instanceEngineProfile(props.engine) : clusterEngineProfile(props.clusterEngine!);
}

/**
 * The subnets of the DB subnet group: the given ones (public subnets refused unless
 * acknowledged), else the VPC's isolated subnets, else its private subnets with egress.
 */
export function databaseSubnets(scope: Construct, props: EncryptedDatabaseProps): ec2.SubnetSelection {
  if (props.vpcSubnets) {
    const selected = props.vpc.selectSubnets(props.vpcSubnets).subnetIds;
    const publicIds = new Set(props.vpc.publicSubnets.map((s) => s.subnetId));
    if (props.vpcSubnets.subnetType === ec2.SubnetType.PUBLIC || selected.some((s) => publicIds.has(s))) {
      refuseUnlessAcknowledged(scope, { ...REFUSALS.privateSubnets, prop: 'vpcSubnets', value: 'public subnets' });
    }
    return props.vpcSubnets;
  }
  if (props.vpc.isolatedSubnets.length > 0) return { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  if (props.vpc.privateSubnets.length > 0) return { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  throw new Error(`EncryptedDatabase ${scope.node.path}: the VPC has no isolated or private subnets; add some, or choose subnets with vpcSubnets.`);
}

/** Registers a refusal (reported at synth unless acknowledged) for each weaker value. */
export function refuseDatabaseWeakenings(scope: Construct, profile: EngineProfile, values: DatabaseWeakenings, isCluster: boolean): void {
  const retentionDays = values.backupRetention.toDays();
  if (retentionDays < MIN_BACKUP_RETENTION_DAYS) {
    refuseUnlessAcknowledged(scope, { ...REFUSALS.backupRetention, prop: 'backupRetention', value: `${retentionDays} days` });
  }
  if (!values.deletionProtection) {
    refuseUnlessAcknowledged(scope, { ...REFUSALS.deletionProtection, prop: 'deletionProtection', value: 'false' });
  }
  if (values.removalPolicy === RemovalPolicy.DESTROY) {
    refuseUnlessAcknowledged(scope, { ...REFUSALS.dataRetained, prop: 'removalPolicy', value: String(values.removalPolicy) });
  }
  if (!values.multiAz) {
    refuseUnlessAcknowledged(scope, { ...REFUSALS.multiAz, prop: 'multiAz', value: 'false' });
  } else if (isCluster && values.readers < 1) {
    refuseUnlessAcknowledged(scope, { ...REFUSALS.multiAz, prop: 'readers', value: String(values.readers) });
  }
  if (values.monitoringInterval.toSeconds() === 0) {
    refuseUnlessAcknowledged(scope, { ...REFUSALS.monitoring, prop: 'monitoringInterval', value: '0 seconds' });
  }
  if (!profile.tlsParameters) {
    refuseUnlessAcknowledged(scope, { ...REFUSALS.tls, prop: 'engine', value: `${profile.engineType} (no parameter forces TLS)` });
  }
  if (!profile.iamAuthentication) {
    refuseUnlessAcknowledged(scope, { ...REFUSALS.iamAuthentication, prop: 'engine', value: `${profile.engineType} (no IAM database authentication)` });
  }
  if (!values.backup) {
    refuseUnlessAcknowledged(scope, { ...REFUSALS.backupPlan, prop: 'backup', value: 'false' });
  }
}

import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { EngineProfile } from './rds-engines';
import type { HipaaBackupPlan } from '../../backup/hipaa-backup-plan';

/** Everything an EncryptedDatabase has decided, defaults applied, for the instance or cluster. */
export interface DatabaseSettings {
  readonly profile: EngineProfile;
  readonly identifier: string;
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly parameterGroup: rds.IParameterGroup;
  readonly credentials: rds.Credentials;
  readonly encryptionKey: kms.IKey;
  readonly instanceType: ec2.InstanceType;
  readonly port?: number;
  readonly databaseName?: string;
  readonly removalPolicy: RemovalPolicy;
  readonly backupRetention: Duration;
  readonly deletionProtection: boolean;
  readonly monitoringInterval: Duration;
  /** `hh24:mi-hh24:mi` UTC; undefined leaves RDS's choice. */
  readonly preferredBackupWindow?: string;
  /** `ddd:hh24:mi-ddd:hh24:mi` UTC; undefined leaves RDS's choice. */
  readonly preferredMaintenanceWindow?: string;
}

/** Instance-only settings. */
export interface InstanceSettings {
  readonly multiAz: boolean;
  readonly storageType: rds.StorageType;
  readonly allocatedStorage: number;
  readonly optionGroup?: rds.IOptionGroup;
}

/** The DB instance (child id `Instance`). */
export function createDatabaseInstance(
  scope: Construct, engine: rds.IInstanceEngine, s: DatabaseSettings, i: InstanceSettings,
): rds.DatabaseInstance {
  return new rds.DatabaseInstance(scope, 'Instance', {
    engine,
    instanceIdentifier: s.identifier,
    instanceType: s.instanceType,
    vpc: s.vpc,
    vpcSubnets: s.vpcSubnets,
    securityGroups: [s.securityGroup],
    publiclyAccessible: false,
    port: s.port,
    databaseName: s.databaseName,
    credentials: s.credentials,
    storageEncrypted: true,
    storageEncryptionKey: s.encryptionKey,
    storageType: i.storageType,
    allocatedStorage: i.allocatedStorage,
    parameterGroup: s.parameterGroup,
    optionGroup: i.optionGroup,
    iamAuthentication: s.profile.iamAuthentication,
    multiAz: i.multiAz,
    deletionProtection: s.deletionProtection,
    removalPolicy: s.removalPolicy,
    backupRetention: s.backupRetention,
    preferredBackupWindow: s.preferredBackupWindow,
    preferredMaintenanceWindow: s.preferredMaintenanceWindow,
    deleteAutomatedBackups: false,
    copyTagsToSnapshot: true,
    autoMinorVersionUpgrade: true,
    monitoringInterval: s.monitoringInterval,
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: s.encryptionKey,
    cloudwatchLogsExports: [...s.profile.logExports],
  });
}

/** The Aurora cluster (child id `Cluster`) with a writer (`Writer`) and `readers` readers (`Reader1`, ...). */
export function createDatabaseCluster(scope: Construct, engine: rds.IClusterEngine, s: DatabaseSettings, readers: number): rds.DatabaseCluster {
  const instanceProps: rds.ProvisionedClusterInstanceProps = {
    instanceType: s.instanceType,
    publiclyAccessible: false,
    autoMinorVersionUpgrade: true,
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: s.encryptionKey,
  };
  return new rds.DatabaseCluster(scope, 'Cluster', {
    engine,
    clusterIdentifier: s.identifier,
    writer: rds.ClusterInstance.provisioned('Writer', instanceProps),
    readers: Array.from({ length: readers }, (_, n) => rds.ClusterInstance.provisioned(`Reader${n + 1}`, instanceProps)),
    vpc: s.vpc,
    vpcSubnets: s.vpcSubnets,
    securityGroups: [s.securityGroup],
    port: s.port,
    defaultDatabaseName: s.databaseName,
    credentials: s.credentials,
    storageEncrypted: true,
    storageEncryptionKey: s.encryptionKey,
    parameterGroup: s.parameterGroup,
    iamAuthentication: s.profile.iamAuthentication,
    deletionProtection: s.deletionProtection,
    removalPolicy: s.removalPolicy,
    backup: { retention: s.backupRetention, preferredWindow: s.preferredBackupWindow },
    preferredMaintenanceWindow: s.preferredMaintenanceWindow,
    deleteAutomatedBackups: false,
    copyTagsToSnapshot: true,
    monitoringInterval: s.monitoringInterval,
    cloudwatchLogsExports: [...s.profile.logExports],
  });
}

/**
 * Replaces the deploy-time port token of the ingress rules already on the security group (the
 * rotation function's, added by the L2) with the port itself.
 */
export function pinIngressPorts(securityGroup: ec2.ISecurityGroup, port: number): void {
  for (const child of securityGroup.node.findAll()) {
    if (child instanceof ec2.CfnSecurityGroupIngress && Token.isUnresolved(child.fromPort)) {
      child.fromPort = port;
      child.toPort = port;
    }
  }
}

const MINUTES_PER_DAY = 24 * 60;
/** The shortest backup and maintenance windows RDS accepts (CreateDBInstance, CreateDBCluster). */
const WINDOW_MINUTES = 30;
/**
 * Room left after the automated backup window and after the maintenance window: work that needs
 * more time than its window continues until it finishes ("Managing automated backups", Backup window).
 */
const OVERRUN_MINUTES = 60;
/** The day of the default maintenance window. */
const MAINTENANCE_DAY = 'sun';

/** A daily time range in minutes after 00:00 UTC; `end` may pass midnight (end > 1440). */
export interface DailyWindow {
  readonly start: number;
  readonly end: number;
}

/** The default automated backup and maintenance windows, and the AWS Backup start windows they avoid. */
export interface DatabaseWindows {
  readonly preferredBackupWindow: string;
  readonly preferredMaintenanceWindow: string;
  /** The plan's start windows, `hh24:mi-hh24:mi` UTC. */
  readonly planWindows: string[];
}

/**
 * The daily start windows of the rules of an AWS Backup plan (schedule start to start + start
 * window), read from the rules the plan has when this is called. Undefined when a schedule is not a
 * daily-or-less cron at a fixed UTC minute and hour (e.g. a time zone or an hour range), or a rule
 * has no start window, so no window can be derived.
 */
export function backupPlanStartWindows(plan: HipaaBackupPlan): DailyWindow[] | undefined {
  const cfn = plan.plan.node.defaultChild as backup.CfnBackupPlan;
  const resolved = Stack.of(plan).resolve(cfn.backupPlan);
  const rules: any[] = resolved?.backupPlanRule ?? [];
  const windows: DailyWindow[] = [];
  for (const rule of rules) {
    const match = /^cron\((\d+) (\d+) /.exec(String(rule.scheduleExpression ?? ''));
    const utc = rule.scheduleExpressionTimezone === undefined || rule.scheduleExpressionTimezone === 'Etc/UTC';
    if (!match || !utc || typeof rule.startWindowMinutes !== 'number') return undefined;
    const start = parseInt(match[2], 10) * 60 + parseInt(match[1], 10);
    windows.push({ start, end: start + rule.startWindowMinutes });
  }
  return windows.length > 0 ? windows : undefined;
}

/**
 * Windows clear of the plan's start windows: the automated backup window ends at least an hour
 * before a plan window begins (room for a backup that overruns), and the weekly maintenance window
 * follows that hour, also outside the plan windows. RDS requires the two not to overlap, and picks
 * both at random when none is given ("preferredBackupWindow" and "preferredMaintenanceWindow" of
 * CreateDBInstance), which could put them in the plan's window.
 */
export function windowsClearOf(planWindows: DailyWindow[]): DatabaseWindows | undefined {
  const earliest = Math.min(...planWindows.map((w) => w.start));
  // Backup window, an hour, maintenance window, an hour, then the plan's earliest start; moved
  // earlier by half hours until the whole span is clear of every plan window.
  const span = WINDOW_MINUTES + OVERRUN_MINUTES + WINDOW_MINUTES + OVERRUN_MINUTES;
  for (let earlier = 0; earlier < MINUTES_PER_DAY; earlier += WINDOW_MINUTES) {
    const backupWindow = { start: earliest - span - earlier, end: earliest - span - earlier + WINDOW_MINUTES };
    const maintenanceWindow = { start: backupWindow.end + OVERRUN_MINUTES, end: backupWindow.end + OVERRUN_MINUTES + WINDOW_MINUTES };
    const busy = { start: backupWindow.start, end: maintenanceWindow.end + OVERRUN_MINUTES };
    if (planWindows.some((w) => overlaps(busy, w))) continue;
    return {
      preferredBackupWindow: formatDaily(backupWindow),
      preferredMaintenanceWindow: `${MAINTENANCE_DAY}:${clock(maintenanceWindow.start)}-${MAINTENANCE_DAY}:${clock(maintenanceWindow.end)}`,
      planWindows: planWindows.map(formatDaily),
    };
  }
  return undefined;
}

/** Parses `hh24:mi-hh24:mi`; undefined when it is not in that form. */
export function parseDailyWindow(value: string): DailyWindow | undefined {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const start = parseInt(match[1], 10) * 60 + parseInt(match[2], 10);
  let end = parseInt(match[3], 10) * 60 + parseInt(match[4], 10);
  if (end <= start) end += MINUTES_PER_DAY;
  return { start, end };
}

/** Whether two daily windows share a minute, on any day (both may pass midnight). */
export function overlaps(a: DailyWindow, b: DailyWindow): boolean {
  const norm = (w: DailyWindow) => {
    const start = ((w.start % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    return { start, end: start + (w.end - w.start) };
  };
  const x = norm(a);
  const y = norm(b);
  return [-MINUTES_PER_DAY, 0, MINUTES_PER_DAY].some((shift) => x.start < y.end + shift && y.start + shift < x.end);
}

/** `hh24:mi-hh24:mi` of a daily window. */
export function formatDaily(w: DailyWindow): string {
  return `${clock(w.start)}-${clock(w.end)}`;
}

function clock(minutes: number): string {
  const m = ((minutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

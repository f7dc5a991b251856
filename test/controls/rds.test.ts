import { CfnParameter, CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { ControlFixture } from './harness';

const PG14 = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_14 });
const PG16 = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 });
const AURORA_PG = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });
const AURORA_MYSQL = rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 });

function vpcOf(f: ControlFixture): ec2.Vpc {
  return new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
}

/** A DB instance that meets every RDS control (PostgreSQL 14: TLS must come from its parameter group). */
function compliantInstance(f: ControlFixture, overrides: Partial<rds.DatabaseInstanceProps> = {}): rds.DatabaseInstance {
  const key = new kms.Key(f.stack, 'Key', { enableKeyRotation: true });
  return new rds.DatabaseInstance(f.stack, 'Db', {
    engine: PG14,
    vpc: vpcOf(f),
    storageEncrypted: true,
    storageEncryptionKey: key,
    publiclyAccessible: false,
    backupRetention: Duration.days(7),
    deletionProtection: true,
    multiAz: true,
    cloudwatchLogsExports: ['postgresql', 'upgrade'],
    monitoringInterval: Duration.seconds(60),
    iamAuthentication: true,
    enablePerformanceInsights: true,
    performanceInsightEncryptionKey: key,
    parameterGroup: new rds.ParameterGroup(f.stack, 'Params', { engine: PG14, parameters: { 'rds.force_ssl': '1' } }),
    ...overrides,
  });
}

/** An Aurora cluster (writer and reader) that meets every RDS control. */
function compliantCluster(f: ControlFixture, overrides: Partial<rds.DatabaseClusterProps> = {}): rds.DatabaseCluster {
  const key = new kms.Key(f.stack, 'Key', { enableKeyRotation: true });
  const instance = { publiclyAccessible: false, enablePerformanceInsights: true, performanceInsightEncryptionKey: key };
  return new rds.DatabaseCluster(f.stack, 'Cl', {
    engine: AURORA_PG,
    vpc: vpcOf(f),
    writer: rds.ClusterInstance.provisioned('Writer', instance),
    readers: [rds.ClusterInstance.provisioned('Reader', instance)],
    storageEncrypted: true,
    storageEncryptionKey: key,
    backup: { retention: Duration.days(7) },
    deletionProtection: true,
    cloudwatchLogsExports: ['postgresql'],
    monitoringInterval: Duration.seconds(60),
    iamAuthentication: true,
    parameterGroup: new rds.ParameterGroup(f.stack, 'Params', { engine: AURORA_PG, parameters: { 'rds.force_ssl': '1' } }),
    ...overrides,
  });
}

const ALL = ['RDS.StorageEncrypted', 'RDS.CustomerManagedKey', 'RDS.NotPubliclyAccessible', 'RDS.PrivateSubnets', 'RDS.BackupRetention',
  'RDS.DeletionProtection', 'RDS.DataRetained', 'RDS.MultiAz', 'RDS.LogExports', 'RDS.EnhancedMonitoring', 'RDS.AutoMinorVersionUpgrade',
  'RDS.IamAuthentication', 'RDS.PerformanceInsightsKey', 'RDS.TlsEnforced'];
/** Controls judged on a cluster's DB instances rather than on the cluster. */
const INSTANCE_LEVEL = ['RDS.NotPubliclyAccessible', 'RDS.EnhancedMonitoring', 'RDS.AutoMinorVersionUpgrade', 'RDS.PerformanceInsightsKey'];

describe('compliant databases', () => {
  test('a DB instance passes every RDS control', () => {
    const f = new ControlFixture();
    compliantInstance(f);
    for (const id of ALL) expect([id, f.status(id, 'Db/Resource')]).toEqual([id, 'PASS']);
  });
  test('an Aurora cluster passes the cluster-level controls; its DB instances pass the instance-level ones and are N/A for the rest', () => {
    const f = new ControlFixture();
    compliantCluster(f);
    for (const id of ALL) {
      expect([id, f.status(id, 'Cl/Resource')]).toEqual([id, INSTANCE_LEVEL.includes(id) ? 'N/A' : 'PASS']);
      expect([id, f.status(id, 'Cl/Writer/Resource')]).toEqual([id, INSTANCE_LEVEL.includes(id) ? 'PASS' : 'N/A']);
    }
  });
});

describe('RDS.StorageEncrypted and RDS.CustomerManagedKey', () => {
  test('FAIL given the rds.DatabaseInstance default; the key control is N/A', () => {
    const f = new ControlFixture();
    new rds.DatabaseInstance(f.stack, 'Db', { engine: PG16, vpc: vpcOf(f) });
    expect(f.status('RDS.StorageEncrypted', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.StorageEncrypted', 'Db/Resource')).toMatch(/StorageEncrypted is not set/);
    expect(f.status('RDS.CustomerManagedKey', 'Db/Resource')).toBe('N/A');
  });
  test('FAIL given an L1 cluster with StorageEncrypted false', () => {
    const f = new ControlFixture();
    new rds.CfnDBCluster(f.stack, 'Cl', { engine: 'aurora-postgresql', storageEncrypted: false });
    expect(f.status('RDS.StorageEncrypted', 'Cl')).toBe('FAIL');
    expect(f.message('RDS.StorageEncrypted', 'Cl')).toMatch(/StorageEncrypted is false/);
  });
  test('PASS given an Aurora Serverless v1 cluster (always encrypted)', () => {
    const f = new ControlFixture();
    new rds.CfnDBCluster(f.stack, 'Cl', { engine: 'aurora-mysql', engineMode: 'serverless' });
    expect(f.status('RDS.StorageEncrypted', 'Cl')).toBe('PASS');
  });
  test('UNVERIFIABLE given a read replica without StorageEncrypted', () => {
    const f = new ControlFixture();
    new rds.CfnDBInstance(f.stack, 'Replica', { dbInstanceClass: 'db.t4g.medium', sourceDbInstanceIdentifier: 'arn:aws:rds:us-east-1:123456789012:db:source' });
    expect(f.status('RDS.StorageEncrypted', 'Replica')).toBe('UNVERIFIABLE');
    expect(f.message('RDS.StorageEncrypted', 'Replica')).toMatch(/SourceDBInstanceIdentifier/);
  });
  test('FAIL given storageEncrypted without a key (aws/rds)', () => {
    const f = new ControlFixture();
    new rds.DatabaseInstance(f.stack, 'Db', { engine: PG16, vpc: vpcOf(f), storageEncrypted: true });
    expect(f.status('RDS.CustomerManagedKey', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.CustomerManagedKey', 'Db/Resource')).toMatch(/aws\/rds/);
  });
  test('FAIL given alias/aws/rds; UNVERIFIABLE given StorageEncrypted from a parameter', () => {
    const f = new ControlFixture();
    const flag = new CfnParameter(f.stack, 'Encrypt', { type: 'String' });
    new rds.CfnDBInstance(f.stack, 'Aws', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium', storageEncrypted: true, kmsKeyId: 'alias/aws/rds' });
    new rds.CfnDBInstance(f.stack, 'Param', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium', storageEncrypted: flag.valueAsString as any });
    expect(f.status('RDS.CustomerManagedKey', 'Aws')).toBe('FAIL');
    expect(f.message('RDS.CustomerManagedKey', 'Aws')).toMatch(/AWS-managed key/);
    expect(f.status('RDS.StorageEncrypted', 'Param')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    const key = new CfnParameter(f.stack, 'KeyArn', { type: 'String' });
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium', storageEncrypted: true, kmsKeyId: key.valueAsString });
    expect(f.status('RDS.CustomerManagedKey', 'Db')).toBe('UNVERIFIABLE');
    expect(f.message('RDS.CustomerManagedKey', 'Db')).toMatch(/cannot be resolved at synth/);
  });
});

describe('RDS.NotPubliclyAccessible', () => {
  test('FAIL given a DB instance in public subnets', () => {
    const f = new ControlFixture();
    new rds.DatabaseInstance(f.stack, 'Db', { engine: PG16, vpc: vpcOf(f), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    expect(f.status('RDS.NotPubliclyAccessible', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.NotPubliclyAccessible', 'Db/Resource')).toMatch(/PubliclyAccessible is true/);
  });
  test('PASS given the rds.DatabaseInstance default in private subnets (PubliclyAccessible not rendered)', () => {
    const f = new ControlFixture();
    new rds.DatabaseInstance(f.stack, 'Db', { engine: PG16, vpc: vpcOf(f) });
    expect(f.status('RDS.NotPubliclyAccessible', 'Db/Resource')).toBe('PASS');
  });
  test('PASS given cluster instances without publiclyAccessible in the cluster\'s private subnets; N/A on the Aurora cluster', () => {
    const f = new ControlFixture();
    new rds.DatabaseCluster(f.stack, 'Cl', { engine: AURORA_PG, vpc: vpcOf(f), writer: rds.ClusterInstance.provisioned('Writer') });
    expect(f.status('RDS.NotPubliclyAccessible', 'Cl/Writer/Resource')).toBe('PASS');
    expect(f.status('RDS.NotPubliclyAccessible', 'Cl/Resource')).toBe('N/A');
  });
  test('FAIL given an L1 DB instance without a DB subnet group (the default VPC)', () => {
    const f = new ControlFixture();
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium' });
    expect(f.status('RDS.NotPubliclyAccessible', 'Db')).toBe('FAIL');
    expect(f.message('RDS.NotPubliclyAccessible', 'Db')).toMatch(/no DB subnet group, so RDS places the database in the default VPC and makes it public/);
  });
  test('UNVERIFIABLE given an L1 DB instance in a subnet group of public subnets, without PubliclyAccessible', () => {
    const f = new ControlFixture();
    const vpc = vpcOf(f);
    const group = new rds.CfnDBSubnetGroup(f.stack, 'Group', { dbSubnetGroupDescription: 'public', subnetIds: vpc.publicSubnets.map((s) => s.subnetId) });
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium', dbSubnetGroupName: group.ref });
    expect(f.status('RDS.NotPubliclyAccessible', 'Db')).toBe('UNVERIFIABLE');
    expect(f.message('RDS.NotPubliclyAccessible', 'Db')).toMatch(/includes public subnets/);
  });
  test('UNVERIFIABLE given a subnet group outside the app, without PubliclyAccessible', () => {
    const f = new ControlFixture();
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium', dbSubnetGroupName: 'shared-private' });
    expect(f.status('RDS.NotPubliclyAccessible', 'Db')).toBe('UNVERIFIABLE');
    expect(f.message('RDS.NotPubliclyAccessible', 'Db')).toMatch(/outside the app/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    const flag = new CfnParameter(f.stack, 'Public', { type: 'String' });
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium', publiclyAccessible: flag.valueAsString as any });
    expect(f.status('RDS.NotPubliclyAccessible', 'Db')).toBe('UNVERIFIABLE');
  });
});

describe('RDS.PrivateSubnets', () => {
  test('FAIL given public subnets', () => {
    const f = new ControlFixture();
    compliantInstance(f, { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    expect(f.status('RDS.PrivateSubnets', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.PrivateSubnets', 'Db/Resource')).toMatch(/public subnets/);
  });
  test('FAIL given no DB subnet group (the default VPC)', () => {
    const f = new ControlFixture();
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium' });
    expect(f.status('RDS.PrivateSubnets', 'Db')).toBe('FAIL');
    expect(f.message('RDS.PrivateSubnets', 'Db')).toMatch(/default VPC/);
  });
  test('UNVERIFIABLE given a subnet group outside the app', () => {
    const f = new ControlFixture();
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium', dbSubnetGroupName: 'shared-db-subnets' });
    expect(f.status('RDS.PrivateSubnets', 'Db')).toBe('UNVERIFIABLE');
  });
});

describe('RDS.BackupRetention', () => {
  test('FAIL given the L2 default (1 day)', () => {
    const f = new ControlFixture();
    compliantCluster(f, { backup: undefined });
    expect(f.status('RDS.BackupRetention', 'Cl/Resource')).toBe('FAIL');
    expect(f.message('RDS.BackupRetention', 'Cl/Resource')).toMatch(/not set, so RDS keeps automated backups 1 day/);
  });
  test('FAIL given 3 days', () => {
    const f = new ControlFixture();
    compliantInstance(f, { backupRetention: Duration.days(3) });
    expect(f.status('RDS.BackupRetention', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.BackupRetention', 'Db/Resource')).toMatch(/3 days/);
  });
  test('N/A given a read replica', () => {
    const f = new ControlFixture();
    new rds.CfnDBInstance(f.stack, 'Replica', { dbInstanceClass: 'db.t4g.medium', sourceDbInstanceIdentifier: 'arn:aws:rds:us-east-1:123456789012:db:source' });
    expect(f.status('RDS.BackupRetention', 'Replica')).toBe('N/A');
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    const days = new CfnParameter(f.stack, 'Days', { type: 'Number' });
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium', backupRetentionPeriod: days.valueAsNumber });
    expect(f.status('RDS.BackupRetention', 'Db')).toBe('UNVERIFIABLE');
  });
});

describe('RDS.DeletionProtection and RDS.DataRetained', () => {
  test('FAIL given deletionProtection: false and RemovalPolicy.DESTROY', () => {
    const f = new ControlFixture();
    compliantInstance(f, { deletionProtection: false, removalPolicy: RemovalPolicy.DESTROY });
    expect(f.status('RDS.DeletionProtection', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.DeletionProtection', 'Db/Resource')).toMatch(/DeletionProtection is false/);
    expect(f.status('RDS.DataRetained', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.DataRetained', 'Db/Resource')).toMatch(/DeletionPolicy is Delete/);
  });
  test('FAIL given an L1 DB instance (no protection, CloudFormation deletes by default)', () => {
    const f = new ControlFixture();
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium' });
    expect(f.status('RDS.DeletionProtection', 'Db')).toBe('FAIL');
    expect(f.status('RDS.DataRetained', 'Db')).toBe('FAIL');
  });
  test('PASS given the L2 default removal policy (Snapshot)', () => {
    const f = new ControlFixture();
    new rds.DatabaseInstance(f.stack, 'Db', { engine: PG16, vpc: vpcOf(f) });
    expect(f.status('RDS.DataRetained', 'Db/Resource')).toBe('PASS');
  });
});

describe('RDS.MultiAz', () => {
  test('FAIL given the rds.DatabaseInstance default', () => {
    const f = new ControlFixture();
    new rds.DatabaseInstance(f.stack, 'Db', { engine: PG16, vpc: vpcOf(f) });
    expect(f.status('RDS.MultiAz', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.MultiAz', 'Db/Resource')).toMatch(/MultiAZ is not set/);
  });
  test('FAIL given a cluster with a writer only', () => {
    const f = new ControlFixture();
    compliantCluster(f, { readers: [] });
    expect(f.status('RDS.MultiAz', 'Cl/Resource')).toBe('FAIL');
    expect(f.message('RDS.MultiAz', 'Cl/Resource')).toMatch(/1 DB instance;/);
  });
  test('PASS given a Multi-AZ DB cluster', () => {
    const f = new ControlFixture();
    new rds.CfnDBCluster(f.stack, 'Cl', { engine: 'postgres', dbClusterInstanceClass: 'db.m6gd.large', storageType: 'io1', iops: 1000, allocatedStorage: 100 });
    expect(f.status('RDS.MultiAz', 'Cl')).toBe('PASS');
  });
  test('N/A given an Aurora Serverless v1 cluster', () => {
    const f = new ControlFixture();
    new rds.CfnDBCluster(f.stack, 'Cl', { engine: 'aurora-mysql', engineMode: 'serverless' });
    expect(f.status('RDS.MultiAz', 'Cl')).toBe('N/A');
  });
});

describe('RDS.LogExports', () => {
  test('FAIL given no log exports', () => {
    const f = new ControlFixture();
    compliantInstance(f, { cloudwatchLogsExports: [] });
    expect(f.status('RDS.LogExports', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.LogExports', 'Db/Resource')).toMatch(/EnableCloudwatchLogsExports is empty/);
  });
  test('FAIL given cloudwatchLogsRetention below six years on a DB instance (Custom::LogRetention)', () => {
    const f = new ControlFixture();
    compliantInstance(f, { cloudwatchLogsRetention: logs.RetentionDays.ONE_YEAR });
    expect(f.status('RDS.LogExports', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.LogExports', 'Db/Resource')).toMatch(/keeps the exported postgresql log group 365 days, so the logs expire after 365 days/);
  });
  test('FAIL given cloudwatchLogsRetention below six years on a cluster', () => {
    const f = new ControlFixture();
    compliantCluster(f, { cloudwatchLogsRetention: logs.RetentionDays.ONE_MONTH });
    expect(f.status('RDS.LogExports', 'Cl/Resource')).toBe('FAIL');
    expect(f.message('RDS.LogExports', 'Cl/Resource')).toMatch(/expire after 30 days/);
  });
  test('FAIL given a LogRetention on the log group of a literal DB instance identifier', () => {
    const f = new ControlFixture();
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium', dbInstanceIdentifier: 'Patients', enableCloudwatchLogsExports: ['postgresql'] });
    new logs.LogRetention(f.stack, 'Retention', { logGroupName: '/aws/rds/instance/patients/postgresql', retention: logs.RetentionDays.THREE_MONTHS });
    expect(f.status('RDS.LogExports', 'Db')).toBe('FAIL');
  });
  test('PASS given cloudwatchLogsRetention SIX_YEARS or INFINITE, and a short retention on another database\'s logs', () => {
    const f = new ControlFixture();
    compliantInstance(f, { cloudwatchLogsRetention: logs.RetentionDays.SIX_YEARS });
    new logs.LogRetention(f.stack, 'Elsewhere', { logGroupName: '/aws/rds/instance/other/postgresql', retention: logs.RetentionDays.ONE_DAY });
    expect(f.status('RDS.LogExports', 'Db/Resource')).toBe('PASS');
    const g = new ControlFixture();
    compliantCluster(g, { cloudwatchLogsRetention: logs.RetentionDays.INFINITE });
    expect(g.status('RDS.LogExports', 'Cl/Resource')).toBe('PASS');
  });
  test('UNVERIFIABLE given the retention from a parameter', () => {
    const f = new ControlFixture();
    const db = new rds.CfnDBInstance(f.stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.t4g.medium', enableCloudwatchLogsExports: ['postgresql'] });
    new logs.LogRetention(f.stack, 'Retention', { logGroupName: `/aws/rds/instance/${db.ref}/postgresql`, retention: logs.RetentionDays.ONE_YEAR });
    (f.stack.node.findChild('Retention').node.defaultChild as CfnResource).addPropertyOverride('RetentionInDays', new CfnParameter(f.stack, 'Days', { type: 'Number' }).valueAsNumber);
    expect(f.status('RDS.LogExports', 'Db')).toBe('UNVERIFIABLE');
  });
});

describe('RDS.EnhancedMonitoring', () => {
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    new rds.DatabaseInstance(f.stack, 'Db', { engine: PG16, vpc: vpcOf(f) });
    expect(f.status('RDS.EnhancedMonitoring', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.EnhancedMonitoring', 'Db/Resource')).toMatch(/MonitoringInterval is 0 or not set/);
  });
  test('FAIL given a cluster instance without monitoring', () => {
    const f = new ControlFixture();
    compliantCluster(f, { monitoringInterval: undefined });
    expect(f.status('RDS.EnhancedMonitoring', 'Cl/Writer/Resource')).toBe('FAIL');
  });
  test('PASS given a cluster member of an L1 cluster with cluster-level monitoring', () => {
    const f = new ControlFixture();
    const cluster = new rds.CfnDBCluster(f.stack, 'Cl', { engine: 'aurora-postgresql', monitoringInterval: 60 });
    new rds.CfnDBInstance(f.stack, 'Member', { engine: 'aurora-postgresql', dbInstanceClass: 'db.r6g.large', dbClusterIdentifier: cluster.ref });
    expect(f.status('RDS.EnhancedMonitoring', 'Member')).toBe('PASS');
  });
});

describe('RDS.AutoMinorVersionUpgrade', () => {
  test('FAIL given autoMinorVersionUpgrade: false', () => {
    const f = new ControlFixture();
    compliantInstance(f, { autoMinorVersionUpgrade: false });
    expect(f.status('RDS.AutoMinorVersionUpgrade', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.AutoMinorVersionUpgrade', 'Db/Resource')).toMatch(/AutoMinorVersionUpgrade is false/);
  });
});

describe('RDS.IamAuthentication', () => {
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    new rds.DatabaseInstance(f.stack, 'Db', { engine: PG16, vpc: vpcOf(f) });
    expect(f.status('RDS.IamAuthentication', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.IamAuthentication', 'Db/Resource')).toMatch(/neither IAM database authentication nor Kerberos/);
  });
  test('PASS given SQL Server joined to a directory (Kerberos)', () => {
    const f = new ControlFixture();
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'sqlserver-se', dbInstanceClass: 'db.m6i.large', domain: 'd-1234567890', domainIamRoleName: 'rds-directory' });
    expect(f.status('RDS.IamAuthentication', 'Db')).toBe('PASS');
  });
});

describe('RDS.PerformanceInsightsKey', () => {
  test('FAIL given Performance Insights without a key', () => {
    const f = new ControlFixture();
    new rds.DatabaseInstance(f.stack, 'Db', { engine: PG16, vpc: vpcOf(f), enablePerformanceInsights: true });
    expect(f.status('RDS.PerformanceInsightsKey', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.PerformanceInsightsKey', 'Db/Resource')).toMatch(/aws\/rds/);
  });
  test('N/A given Performance Insights off', () => {
    const f = new ControlFixture();
    new rds.DatabaseInstance(f.stack, 'Db', { engine: PG16, vpc: vpcOf(f) });
    expect(f.status('RDS.PerformanceInsightsKey', 'Db/Resource')).toBe('N/A');
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    const key = new CfnParameter(f.stack, 'KeyArn', { type: 'String' });
    new rds.CfnDBInstance(f.stack, 'Db', {
      engine: 'postgres', dbInstanceClass: 'db.t4g.medium', enablePerformanceInsights: true, performanceInsightsKmsKeyId: key.valueAsString,
    });
    expect(f.status('RDS.PerformanceInsightsKey', 'Db')).toBe('UNVERIFIABLE');
  });
});

describe('RDS.TlsEnforced', () => {
  test('FAIL given PostgreSQL 14 on the default parameter group', () => {
    const f = new ControlFixture();
    compliantInstance(f, { parameterGroup: undefined });
    expect(f.status('RDS.TlsEnforced', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.TlsEnforced', 'Db/Resource')).toMatch(/DBParameterGroupName is not set, so the default parameter group leaves rds.force_ssl/);
  });
  test('PASS given PostgreSQL 16 on the default parameter group (rds.force_ssl defaults to 1 from 15)', () => {
    const f = new ControlFixture();
    new rds.DatabaseInstance(f.stack, 'Db', { engine: PG16, vpc: vpcOf(f) });
    expect(f.status('RDS.TlsEnforced', 'Db/Resource')).toBe('PASS');
  });
  test('FAIL given a parameter group that turns rds.force_ssl off', () => {
    const f = new ControlFixture();
    compliantInstance(f, { engine: PG16, parameterGroup: new rds.ParameterGroup(f.stack, 'Off', { engine: PG16, parameters: { 'rds.force_ssl': '0' } }) });
    expect(f.status('RDS.TlsEnforced', 'Db/Resource')).toBe('FAIL');
    expect(f.message('RDS.TlsEnforced', 'Db/Resource')).toMatch(/sets rds.force_ssl to 0/);
  });
  test('FAIL given the Aurora cluster default parameter group; N/A on its DB instances', () => {
    const f = new ControlFixture();
    new rds.DatabaseCluster(f.stack, 'Cl', { engine: AURORA_PG, vpc: vpcOf(f), writer: rds.ClusterInstance.provisioned('Writer') });
    expect(f.status('RDS.TlsEnforced', 'Cl/Resource')).toBe('FAIL');
    expect(f.message('RDS.TlsEnforced', 'Cl/Resource')).toMatch(/default\.aurora-postgresql16/);
    expect(f.status('RDS.TlsEnforced', 'Cl/Writer/Resource')).toBe('N/A');
  });
  test('PASS given Aurora MySQL with require_secure_transport ON', () => {
    const f = new ControlFixture();
    compliantCluster(f, {
      engine: AURORA_MYSQL,
      cloudwatchLogsExports: ['audit', 'error'],
      parameterGroup: new rds.ParameterGroup(f.stack, 'Tls', { engine: AURORA_MYSQL, parameters: { require_secure_transport: 'ON' } }),
    });
    expect(f.status('RDS.TlsEnforced', 'Cl/Resource')).toBe('PASS');
  });
  test('PASS given RDS for MySQL with require_secure_transport = 1', () => {
    const f = new ControlFixture();
    const group = new rds.CfnDBParameterGroup(f.stack, 'Params', { family: 'mysql8.0', description: 'app', parameters: { require_secure_transport: '1' } });
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'mysql', dbInstanceClass: 'db.t4g.medium', dbParameterGroupName: group.ref });
    expect(f.status('RDS.TlsEnforced', 'Db')).toBe('PASS');
  });
  test('FAIL given RDS for MySQL with require_secure_transport = ON, which its parameter groups do not take', () => {
    const f = new ControlFixture();
    const group = new rds.CfnDBParameterGroup(f.stack, 'Params', { family: 'mysql8.0', description: 'app', parameters: { require_secure_transport: 'ON' } });
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'mysql', dbInstanceClass: 'db.t4g.medium', dbParameterGroupName: group.ref });
    expect(f.status('RDS.TlsEnforced', 'Db')).toBe('FAIL');
    expect(f.message('RDS.TlsEnforced', 'Db')).toMatch(/sets require_secure_transport to ON, but RDS for MySQL takes require_secure_transport = 1/);
  });
  test('PASS given RDS for MariaDB 10.11 with require_secure_transport = 1', () => {
    const f = new ControlFixture();
    const group = new rds.CfnDBParameterGroup(f.stack, 'Params', { family: 'mariadb10.11', description: 'app', parameters: { require_secure_transport: '1' } });
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'mariadb', engineVersion: '10.11.8', dbInstanceClass: 'db.t4g.medium', dbParameterGroupName: group.ref });
    expect(f.status('RDS.TlsEnforced', 'Db')).toBe('PASS');
  });
  test('FAIL given RDS for MariaDB 10.4 (require_secure_transport exists from 10.5)', () => {
    const f = new ControlFixture();
    const group = new rds.CfnDBParameterGroup(f.stack, 'Params', { family: 'mariadb10.4', description: 'app', parameters: { require_secure_transport: '1' } });
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'mariadb', engineVersion: '10.4.34', dbInstanceClass: 'db.t4g.medium', dbParameterGroupName: group.ref });
    expect(f.status('RDS.TlsEnforced', 'Db')).toBe('FAIL');
    expect(f.message('RDS.TlsEnforced', 'Db')).toMatch(/no parameter forces TLS on mariadb/);
  });
  test('FAIL given Aurora MySQL with require_secure_transport = 1 (Aurora MySQL documents ON)', () => {
    const f = new ControlFixture();
    compliantCluster(f, {
      engine: AURORA_MYSQL,
      cloudwatchLogsExports: ['audit', 'error'],
      parameterGroup: new rds.ParameterGroup(f.stack, 'Tls', { engine: AURORA_MYSQL, parameters: { require_secure_transport: '1' } }),
    });
    expect(f.status('RDS.TlsEnforced', 'Cl/Resource')).toBe('FAIL');
    expect(f.message('RDS.TlsEnforced', 'Cl/Resource')).toMatch(/but Aurora MySQL takes require_secure_transport = ON/);
  });
  test('FAIL given a MySQL parameter group without require_secure_transport', () => {
    const f = new ControlFixture();
    const group = new rds.CfnDBParameterGroup(f.stack, 'Params', { family: 'mysql8.0', description: 'app', parameters: { max_connections: '100' } });
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'mysql', dbInstanceClass: 'db.t4g.medium', dbParameterGroupName: group.ref });
    expect(f.status('RDS.TlsEnforced', 'Db')).toBe('FAIL');
    expect(f.message('RDS.TlsEnforced', 'Db')).toMatch(/Params leaves require_secure_transport at its default/);
  });
  test('FAIL given Oracle (no TLS parameter)', () => {
    const f = new ControlFixture();
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'oracle-ee', dbInstanceClass: 'db.m6i.large' });
    expect(f.status('RDS.TlsEnforced', 'Db')).toBe('FAIL');
    expect(f.message('RDS.TlsEnforced', 'Db')).toMatch(/no parameter forces TLS on oracle-ee/);
  });
  test('UNVERIFIABLE given a parameter group outside the app', () => {
    const f = new ControlFixture();
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'postgres', engineVersion: '14.12', dbInstanceClass: 'db.t4g.medium', dbParameterGroupName: 'shared-pg14' });
    expect(f.status('RDS.TlsEnforced', 'Db')).toBe('UNVERIFIABLE');
    expect(f.message('RDS.TlsEnforced', 'Db')).toMatch(/outside the app/);
  });
  test('UNVERIFIABLE given a parameter group whose TLS parameter comes from a parameter', () => {
    const f = new ControlFixture();
    const value = new CfnParameter(f.stack, 'ForceSsl', { type: 'String' });
    const group = new rds.CfnDBParameterGroup(f.stack, 'Params', { family: 'postgres14', description: 'app', parameters: { 'rds.force_ssl': value.valueAsString } });
    new rds.CfnDBInstance(f.stack, 'Db', { engine: 'postgres', engineVersion: '14.12', dbInstanceClass: 'db.t4g.medium', dbParameterGroupName: group.ref });
    expect(f.status('RDS.TlsEnforced', 'Db')).toBe('UNVERIFIABLE');
  });
});

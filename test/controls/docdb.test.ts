import { CfnParameter, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as docdb from 'aws-cdk-lib/aws-docdb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ControlFixture } from './harness';

function cluster(f: ControlFixture, props: Partial<docdb.DatabaseClusterProps> = {}): docdb.DatabaseCluster {
  const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  return new docdb.DatabaseCluster(f.stack, 'Db', {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    masterUser: { username: 'admin' },
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
    ...props,
  });
}

function parameterGroup(f: ControlFixture, parameters: Record<string, string>): docdb.ClusterParameterGroup {
  return new docdb.ClusterParameterGroup(f.stack, 'Params', { family: 'docdb5.0', parameters });
}

describe('DocDB.StorageEncrypted', () => {
  test('PASS given the DatabaseCluster default', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('DocDB.StorageEncrypted', 'Db')).toBe('PASS');
  });
  test('FAIL given storageEncrypted: false', () => {
    const f = new ControlFixture();
    cluster(f, { storageEncrypted: false });
    expect(f.status('DocDB.StorageEncrypted', 'Db')).toBe('FAIL');
    expect(f.message('DocDB.StorageEncrypted', 'Db')).toMatch(/StorageEncrypted is false/);
  });
  test('FAIL given an L1 cluster without StorageEncrypted', () => {
    const f = new ControlFixture();
    new docdb.CfnDBCluster(f.stack, 'Db', { masterUsername: 'admin' });
    expect(f.status('DocDB.StorageEncrypted', 'Db')).toBe('FAIL');
    expect(f.message('DocDB.StorageEncrypted', 'Db')).toMatch(/not set \(CloudFormation's default is false\)/);
  });
  test('UNVERIFIABLE given a restore from a snapshot without StorageEncrypted', () => {
    const f = new ControlFixture();
    new docdb.CfnDBCluster(f.stack, 'Db', { snapshotIdentifier: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:snap' });
    expect(f.status('DocDB.StorageEncrypted', 'Db')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given StorageEncrypted from a parameter', () => {
    const f = new ControlFixture();
    new docdb.CfnDBCluster(f.stack, 'Db', { storageEncrypted: new CfnParameter(f.stack, 'Enc', { type: 'String' }).valueAsString as any });
    expect(f.status('DocDB.StorageEncrypted', 'Db')).toBe('UNVERIFIABLE');
  });
});

describe('DocDB.CustomerManagedKey', () => {
  test('PASS given kmsKey', () => {
    const f = new ControlFixture();
    cluster(f, { kmsKey: new kms.Key(f.stack, 'Key') });
    expect(f.status('DocDB.CustomerManagedKey', 'Db')).toBe('PASS');
  });
  test('FAIL given the DatabaseCluster default (aws/rds)', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('DocDB.CustomerManagedKey', 'Db')).toBe('FAIL');
    expect(f.message('DocDB.CustomerManagedKey', 'Db')).toMatch(/AWS-managed aws\/rds key/);
  });
  test('FAIL given alias/aws/rds', () => {
    const f = new ControlFixture();
    new docdb.CfnDBCluster(f.stack, 'Db', { storageEncrypted: true, kmsKeyId: 'alias/aws/rds' });
    expect(f.status('DocDB.CustomerManagedKey', 'Db')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    new docdb.CfnDBCluster(f.stack, 'Db', { storageEncrypted: true, kmsKeyId: new CfnParameter(f.stack, 'Key').valueAsString });
    expect(f.status('DocDB.CustomerManagedKey', 'Db')).toBe('UNVERIFIABLE');
  });
  test('N/A given unencrypted storage', () => {
    const f = new ControlFixture();
    cluster(f, { storageEncrypted: false });
    expect(f.status('DocDB.CustomerManagedKey', 'Db')).toBe('N/A');
  });
});

describe('DocDB.TlsEnforced', () => {
  test('PASS given no parameter group (tls enabled by default)', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('DocDB.TlsEnforced', 'Db')).toBe('PASS');
  });
  test('PASS given a default.docdb group by name', () => {
    const f = new ControlFixture();
    new docdb.CfnDBCluster(f.stack, 'Db', { dbClusterParameterGroupName: 'default.docdb5.0' });
    expect(f.status('DocDB.TlsEnforced', 'Db')).toBe('PASS');
  });
  test('PASS given tls1.2+ in a parameter group of the app', () => {
    const f = new ControlFixture();
    cluster(f, { parameterGroup: parameterGroup(f, { tls: 'tls1.2+' }) });
    expect(f.status('DocDB.TlsEnforced', 'Db')).toBe('PASS');
  });
  test('PASS given a parameter group that leaves tls alone', () => {
    const f = new ControlFixture();
    cluster(f, { parameterGroup: parameterGroup(f, { audit_logs: 'enabled' }) });
    expect(f.status('DocDB.TlsEnforced', 'Db')).toBe('PASS');
  });
  test('FAIL given tls disabled', () => {
    const f = new ControlFixture();
    cluster(f, { parameterGroup: parameterGroup(f, { tls: 'disabled' }) });
    expect(f.status('DocDB.TlsEnforced', 'Db')).toBe('FAIL');
    expect(f.message('DocDB.TlsEnforced', 'Db')).toMatch(/tls is disabled in the cluster parameter group Params/);
  });
  test('FAIL given tls disabled in a group named by its literal Name', () => {
    const f = new ControlFixture();
    new docdb.CfnDBClusterParameterGroup(f.stack, 'Params', { name: 'phi-params', family: 'docdb5.0', description: 'x', parameters: { tls: 'disabled' } });
    new docdb.CfnDBCluster(f.stack, 'Db', { dbClusterParameterGroupName: 'phi-params' });
    expect(f.status('DocDB.TlsEnforced', 'Db')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a group outside the app', () => {
    const f = new ControlFixture();
    new docdb.CfnDBCluster(f.stack, 'Db', { dbClusterParameterGroupName: 'shared-params' });
    expect(f.status('DocDB.TlsEnforced', 'Db')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given tls from a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { parameterGroup: parameterGroup(f, { tls: new CfnParameter(f.stack, 'Tls').valueAsString }) });
    expect(f.status('DocDB.TlsEnforced', 'Db')).toBe('UNVERIFIABLE');
  });
});

describe('DocDB.AuditLogs', () => {
  test('PASS given the audit export and audit_logs enabled', () => {
    const f = new ControlFixture();
    cluster(f, { exportAuditLogsToCloudWatch: true, parameterGroup: parameterGroup(f, { audit_logs: 'enabled' }) });
    expect(f.status('DocDB.AuditLogs', 'Db')).toBe('PASS');
  });
  test('PASS given audit_logs all', () => {
    const f = new ControlFixture();
    cluster(f, { exportAuditLogsToCloudWatch: true, parameterGroup: parameterGroup(f, { audit_logs: 'all' }) });
    expect(f.status('DocDB.AuditLogs', 'Db')).toBe('PASS');
  });
  test('FAIL given the DatabaseCluster default (no export)', () => {
    const f = new ControlFixture();
    cluster(f, { exportProfilerLogsToCloudWatch: true });
    expect(f.status('DocDB.AuditLogs', 'Db')).toBe('FAIL');
    expect(f.message('DocDB.AuditLogs', 'Db')).toMatch(/does not include audit/);
  });
  test('FAIL given the export with the default parameter group (audit_logs disabled)', () => {
    const f = new ControlFixture();
    cluster(f, { exportAuditLogsToCloudWatch: true });
    expect(f.status('DocDB.AuditLogs', 'Db')).toBe('FAIL');
    expect(f.message('DocDB.AuditLogs', 'Db')).toMatch(/audit_logs is left at its default \(disabled\) in the default cluster parameter group/);
  });
  test('FAIL given the export with audit_logs none', () => {
    const f = new ControlFixture();
    cluster(f, { exportAuditLogsToCloudWatch: true, parameterGroup: parameterGroup(f, { audit_logs: 'none' }) });
    expect(f.status('DocDB.AuditLogs', 'Db')).toBe('FAIL');
  });
  test('UNVERIFIABLE given audit_logs from a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { exportAuditLogsToCloudWatch: true, parameterGroup: parameterGroup(f, { audit_logs: new CfnParameter(f.stack, 'Audit').valueAsString }) });
    expect(f.status('DocDB.AuditLogs', 'Db')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given the exports from a parameter', () => {
    const f = new ControlFixture();
    new docdb.CfnDBCluster(f.stack, 'Db', { enableCloudwatchLogsExports: new CfnParameter(f.stack, 'Logs', { type: 'CommaDelimitedList' }).valueAsList });
    expect(f.status('DocDB.AuditLogs', 'Db')).toBe('UNVERIFIABLE');
  });
});

describe('DocDB.BackupRetention', () => {
  test('PASS given 7 days', () => {
    const f = new ControlFixture();
    cluster(f, { backup: { retention: Duration.days(7) } });
    expect(f.status('DocDB.BackupRetention', 'Db')).toBe('PASS');
  });
  test('FAIL given the DatabaseCluster default (1 day)', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('DocDB.BackupRetention', 'Db')).toBe('FAIL');
    expect(f.message('DocDB.BackupRetention', 'Db')).toMatch(/not set, so automated backups are kept 1 day/);
  });
  test('FAIL given 3 days', () => {
    const f = new ControlFixture();
    cluster(f, { backup: { retention: Duration.days(3) } });
    expect(f.status('DocDB.BackupRetention', 'Db')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    new docdb.CfnDBCluster(f.stack, 'Db', { backupRetentionPeriod: new CfnParameter(f.stack, 'Days', { type: 'Number' }).valueAsNumber });
    expect(f.status('DocDB.BackupRetention', 'Db')).toBe('UNVERIFIABLE');
  });
});

describe('DocDB.DeletionProtection', () => {
  test('PASS given deletionProtection: true', () => {
    const f = new ControlFixture();
    cluster(f, { deletionProtection: true });
    expect(f.status('DocDB.DeletionProtection', 'Db')).toBe('PASS');
  });
  test('FAIL given the default', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('DocDB.DeletionProtection', 'Db')).toBe('FAIL');
    expect(f.message('DocDB.DeletionProtection', 'Db')).toMatch(/not set \(default false\)/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    new docdb.CfnDBCluster(f.stack, 'Db', { deletionProtection: new CfnParameter(f.stack, 'Protect').valueAsString as any });
    expect(f.status('DocDB.DeletionProtection', 'Db')).toBe('UNVERIFIABLE');
  });
});

describe('DocDB.DataRetained', () => {
  test('PASS given the DatabaseCluster default (Retain)', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('DocDB.DataRetained', 'Db')).toBe('PASS');
  });
  test('PASS given removalPolicy SNAPSHOT', () => {
    const f = new ControlFixture();
    cluster(f, { removalPolicy: RemovalPolicy.SNAPSHOT });
    expect(f.status('DocDB.DataRetained', 'Db')).toBe('PASS');
  });
  test('FAIL given removalPolicy DESTROY', () => {
    const f = new ControlFixture();
    cluster(f, { removalPolicy: RemovalPolicy.DESTROY });
    expect(f.status('DocDB.DataRetained', 'Db')).toBe('FAIL');
  });
});

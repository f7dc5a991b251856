import { CfnParameter, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as neptune from 'aws-cdk-lib/aws-neptune';
import { ControlFixture } from './harness';

function cluster(f: ControlFixture, props: neptune.CfnDBClusterProps = {}): neptune.CfnDBCluster {
  return new neptune.CfnDBCluster(f.stack, 'Graph', props);
}

function auditGroup(f: ControlFixture, value: unknown): neptune.CfnDBClusterParameterGroup {
  return new neptune.CfnDBClusterParameterGroup(f.stack, 'Params', {
    family: 'neptune1.3', description: 'PHI graph', parameters: { neptune_enable_audit_log: value },
  });
}

describe('Neptune.StorageEncrypted', () => {
  test('PASS given StorageEncrypted true', () => {
    const f = new ControlFixture();
    cluster(f, { storageEncrypted: true });
    expect(f.status('Neptune.StorageEncrypted', 'Graph')).toBe('PASS');
  });
  test('FAIL given StorageEncrypted absent', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('Neptune.StorageEncrypted', 'Graph')).toBe('FAIL');
    expect(f.message('Neptune.StorageEncrypted', 'Graph')).toMatch(/not set \(CloudFormation's default is false\)/);
  });
  test('FAIL given StorageEncrypted false', () => {
    const f = new ControlFixture();
    cluster(f, { storageEncrypted: false });
    expect(f.status('Neptune.StorageEncrypted', 'Graph')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a restore from another cluster', () => {
    const f = new ControlFixture();
    cluster(f, { sourceDbClusterIdentifier: 'prod-graph', restoreType: 'copy-on-write', useLatestRestorableTime: true });
    expect(f.status('Neptune.StorageEncrypted', 'Graph')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { storageEncrypted: new CfnParameter(f.stack, 'Enc').valueAsString as any });
    expect(f.status('Neptune.StorageEncrypted', 'Graph')).toBe('UNVERIFIABLE');
  });
});

describe('Neptune.CustomerManagedKey', () => {
  test('PASS given a key of the app', () => {
    const f = new ControlFixture();
    cluster(f, { storageEncrypted: true, kmsKeyId: new kms.Key(f.stack, 'Key').keyArn });
    expect(f.status('Neptune.CustomerManagedKey', 'Graph')).toBe('PASS');
  });
  test('FAIL given encryption without a key (aws/rds)', () => {
    const f = new ControlFixture();
    cluster(f, { storageEncrypted: true });
    expect(f.status('Neptune.CustomerManagedKey', 'Graph')).toBe('FAIL');
    expect(f.message('Neptune.CustomerManagedKey', 'Graph')).toMatch(/AWS-managed aws\/rds key/);
  });
  test('FAIL given alias/aws/rds', () => {
    const f = new ControlFixture();
    cluster(f, { storageEncrypted: true, kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:alias/aws/rds' });
    expect(f.status('Neptune.CustomerManagedKey', 'Graph')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { storageEncrypted: true, kmsKeyId: new CfnParameter(f.stack, 'Key').valueAsString });
    expect(f.status('Neptune.CustomerManagedKey', 'Graph')).toBe('UNVERIFIABLE');
  });
  test('N/A given unencrypted storage', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('Neptune.CustomerManagedKey', 'Graph')).toBe('N/A');
  });
});

describe('Neptune.IamAuthentication', () => {
  test('PASS given IamAuthEnabled true', () => {
    const f = new ControlFixture();
    cluster(f, { iamAuthEnabled: true });
    expect(f.status('Neptune.IamAuthentication', 'Graph')).toBe('PASS');
  });
  test('FAIL given the default', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('Neptune.IamAuthentication', 'Graph')).toBe('FAIL');
    expect(f.message('Neptune.IamAuthentication', 'Graph')).toMatch(/not set \(default false\)/);
  });
  test('FAIL given false', () => {
    const f = new ControlFixture();
    cluster(f, { iamAuthEnabled: false });
    expect(f.status('Neptune.IamAuthentication', 'Graph')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { iamAuthEnabled: new CfnParameter(f.stack, 'Iam').valueAsString as any });
    expect(f.status('Neptune.IamAuthentication', 'Graph')).toBe('UNVERIFIABLE');
  });
});

describe('Neptune.AuditLogs', () => {
  test('PASS given the audit export and neptune_enable_audit_log 1', () => {
    const f = new ControlFixture();
    cluster(f, { enableCloudwatchLogsExports: ['audit'], dbClusterParameterGroupName: auditGroup(f, 1).ref });
    expect(f.status('Neptune.AuditLogs', 'Graph')).toBe('PASS');
  });
  test('FAIL given no export', () => {
    const f = new ControlFixture();
    cluster(f, { dbClusterParameterGroupName: auditGroup(f, '1').ref });
    expect(f.status('Neptune.AuditLogs', 'Graph')).toBe('FAIL');
    expect(f.message('Neptune.AuditLogs', 'Graph')).toMatch(/does not include audit/);
  });
  test('FAIL given the export with the default parameter group', () => {
    const f = new ControlFixture();
    cluster(f, { enableCloudwatchLogsExports: ['audit'] });
    expect(f.status('Neptune.AuditLogs', 'Graph')).toBe('FAIL');
    expect(f.message('Neptune.AuditLogs', 'Graph')).toMatch(/left at its default \(0\) in the default cluster parameter group/);
  });
  test('FAIL given the export with neptune_enable_audit_log 0', () => {
    const f = new ControlFixture();
    cluster(f, { enableCloudwatchLogsExports: ['audit', 'slowquery'], dbClusterParameterGroupName: auditGroup(f, '0').ref });
    expect(f.status('Neptune.AuditLogs', 'Graph')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the parameter value from a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { enableCloudwatchLogsExports: ['audit'], dbClusterParameterGroupName: auditGroup(f, new CfnParameter(f.stack, 'Audit').valueAsString).ref });
    expect(f.status('Neptune.AuditLogs', 'Graph')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a group outside the app', () => {
    const f = new ControlFixture();
    cluster(f, { enableCloudwatchLogsExports: ['audit'], dbClusterParameterGroupName: 'shared-graph-params' });
    expect(f.status('Neptune.AuditLogs', 'Graph')).toBe('UNVERIFIABLE');
  });
});

describe('Neptune.BackupRetention', () => {
  test('PASS given 7 days', () => {
    const f = new ControlFixture();
    cluster(f, { backupRetentionPeriod: 7 });
    expect(f.status('Neptune.BackupRetention', 'Graph')).toBe('PASS');
  });
  test('FAIL given the default (1 day)', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('Neptune.BackupRetention', 'Graph')).toBe('FAIL');
    expect(f.message('Neptune.BackupRetention', 'Graph')).toMatch(/kept 1 day/);
  });
  test('FAIL given 6 days', () => {
    const f = new ControlFixture();
    cluster(f, { backupRetentionPeriod: 6 });
    expect(f.status('Neptune.BackupRetention', 'Graph')).toBe('FAIL');
    expect(f.message('Neptune.BackupRetention', 'Graph')).toMatch(/is 6 days; at least 7/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { backupRetentionPeriod: new CfnParameter(f.stack, 'Days', { type: 'Number' }).valueAsNumber });
    expect(f.status('Neptune.BackupRetention', 'Graph')).toBe('UNVERIFIABLE');
  });
});

describe('Neptune.DeletionProtection', () => {
  test('PASS given true', () => {
    const f = new ControlFixture();
    cluster(f, { deletionProtection: true });
    expect(f.status('Neptune.DeletionProtection', 'Graph')).toBe('PASS');
  });
  test('FAIL given false', () => {
    const f = new ControlFixture();
    cluster(f, { deletionProtection: false });
    expect(f.status('Neptune.DeletionProtection', 'Graph')).toBe('FAIL');
    expect(f.message('Neptune.DeletionProtection', 'Graph')).toMatch(/DeletionProtection is false/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { deletionProtection: new CfnParameter(f.stack, 'Protect').valueAsString as any });
    expect(f.status('Neptune.DeletionProtection', 'Graph')).toBe('UNVERIFIABLE');
  });
});

describe('Neptune.DataRetained', () => {
  test('PASS given removal policy SNAPSHOT', () => {
    const f = new ControlFixture();
    cluster(f).applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
    expect(f.status('Neptune.DataRetained', 'Graph')).toBe('PASS');
  });
  test('FAIL given the L1 default (Delete)', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('Neptune.DataRetained', 'Graph')).toBe('FAIL');
  });
});

describe('Neptune.InstanceNotPublic', () => {
  test('PASS given PubliclyAccessible absent', () => {
    const f = new ControlFixture();
    new neptune.CfnDBInstance(f.stack, 'Instance', { dbInstanceClass: 'db.r6g.large', dbClusterIdentifier: cluster(f).ref });
    expect(f.status('Neptune.InstanceNotPublic', 'Instance')).toBe('PASS');
  });
  test('FAIL given PubliclyAccessible true', () => {
    const f = new ControlFixture();
    new neptune.CfnDBInstance(f.stack, 'Instance', { dbInstanceClass: 'db.r6g.large', publiclyAccessible: true });
    expect(f.status('Neptune.InstanceNotPublic', 'Instance')).toBe('FAIL');
    expect(f.message('Neptune.InstanceNotPublic', 'Instance')).toMatch(/public address/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    new neptune.CfnDBInstance(f.stack, 'Instance', { dbInstanceClass: 'db.r6g.large', publiclyAccessible: new CfnParameter(f.stack, 'Public').valueAsString as any });
    expect(f.status('Neptune.InstanceNotPublic', 'Instance')).toBe('UNVERIFIABLE');
  });
});

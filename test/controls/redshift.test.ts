import { CfnDeletionPolicy, CfnParameter } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import { ControlFixture } from './harness';

// aws-cdk-lib has no Redshift L2 (only an alpha module): compliant and non-compliant fixtures are both L1.
function tlsParameterGroup(f: ControlFixture, value = 'true'): redshift.CfnClusterParameterGroup {
  return new redshift.CfnClusterParameterGroup(f.stack, 'Params', {
    description: 'TLS only',
    parameterGroupFamily: 'redshift-1.0',
    parameters: [{ parameterName: 'require_ssl', parameterValue: value }],
  });
}

function cluster(f: ControlFixture, props: Partial<redshift.CfnClusterProps> = {}): redshift.CfnCluster {
  const c = new redshift.CfnCluster(f.stack, 'Dw', {
    clusterType: 'multi-node',
    numberOfNodes: 2,
    nodeType: 'ra3.xlplus',
    dbName: 'analytics',
    masterUsername: 'admin',
    manageMasterPassword: true,
    encrypted: true,
    kmsKeyId: new kms.Key(f.stack, 'Key').keyId,
    publiclyAccessible: false,
    loggingProperties: { logDestinationType: 'cloudwatch', logExports: ['connectionlog', 'userlog'] },
    automatedSnapshotRetentionPeriod: 7,
    clusterParameterGroupName: tlsParameterGroup(f).ref,
    preferredMaintenanceWindow: 'sun:03:00-sun:03:30',
    enhancedVpcRouting: true,
    ...props,
  });
  c.cfnOptions.deletionPolicy = CfnDeletionPolicy.SNAPSHOT;
  c.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.SNAPSHOT;
  return c;
}

describe('a compliant cluster', () => {
  test('passes every Redshift control', () => {
    const f = new ControlFixture();
    cluster(f);
    for (const id of ['Redshift.Encrypted', 'Redshift.CustomerManagedKey', 'Redshift.NotPubliclyAccessible', 'Redshift.AuditLogging',
      'Redshift.BackupRetention', 'Redshift.TlsRequired', 'Redshift.MaintenanceSettings', 'Redshift.EnhancedVpcRouting', 'Redshift.DataRetained']) {
      expect([id, f.status(id, 'Dw')]).toEqual([id, 'PASS']);
    }
  });
});

describe('Redshift.Encrypted and Redshift.CustomerManagedKey', () => {
  test('FAIL given an unencrypted cluster; the key control is N/A', () => {
    const f = new ControlFixture();
    cluster(f, { encrypted: undefined, kmsKeyId: undefined });
    expect(f.status('Redshift.Encrypted', 'Dw')).toBe('FAIL');
    expect(f.message('Redshift.Encrypted', 'Dw')).toMatch(/Encrypted is not set/);
    expect(f.status('Redshift.CustomerManagedKey', 'Dw')).toBe('N/A');
  });
  test('FAIL given encryption without a key (aws/redshift)', () => {
    const f = new ControlFixture();
    cluster(f, { kmsKeyId: undefined });
    expect(f.status('Redshift.CustomerManagedKey', 'Dw')).toBe('FAIL');
    expect(f.message('Redshift.CustomerManagedKey', 'Dw')).toMatch(/aws\/redshift/);
  });
});

describe('Redshift.NotPubliclyAccessible', () => {
  test('FAIL given publiclyAccessible: true', () => {
    const f = new ControlFixture();
    cluster(f, { publiclyAccessible: true });
    expect(f.status('Redshift.NotPubliclyAccessible', 'Dw')).toBe('FAIL');
    expect(f.message('Redshift.NotPubliclyAccessible', 'Dw')).toMatch(/PubliclyAccessible is true/);
  });
  test('PASS given publiclyAccessible left unset (Redshift\'s default is private)', () => {
    const f = new ControlFixture();
    cluster(f, { publiclyAccessible: undefined });
    expect(f.status('Redshift.NotPubliclyAccessible', 'Dw')).toBe('PASS');
  });
});

describe('Redshift.AuditLogging', () => {
  test('FAIL given no logging properties', () => {
    const f = new ControlFixture();
    cluster(f, { loggingProperties: undefined });
    expect(f.status('Redshift.AuditLogging', 'Dw')).toBe('FAIL');
    expect(f.message('Redshift.AuditLogging', 'Dw')).toMatch(/no LoggingProperties/);
  });
  test('PASS given logs delivered to a bucket', () => {
    const f = new ControlFixture();
    cluster(f, { loggingProperties: { bucketName: 'audit-logs', s3KeyPrefix: 'redshift/' } });
    expect(f.status('Redshift.AuditLogging', 'Dw')).toBe('PASS');
  });
});

describe('Redshift.BackupRetention', () => {
  test('FAIL given automated snapshots turned off', () => {
    const f = new ControlFixture();
    cluster(f, { automatedSnapshotRetentionPeriod: 0 });
    expect(f.status('Redshift.BackupRetention', 'Dw')).toBe('FAIL');
    expect(f.message('Redshift.BackupRetention', 'Dw')).toMatch(/AutomatedSnapshotRetentionPeriod is 0/);
  });
  test('FAIL given fewer than 7 days, or no retention (Redshift keeps 1 day)', () => {
    const short = new ControlFixture();
    cluster(short, { automatedSnapshotRetentionPeriod: 6 });
    expect(short.status('Redshift.BackupRetention', 'Dw')).toBe('FAIL');
    expect(short.message('Redshift.BackupRetention', 'Dw')).toBe('AutomatedSnapshotRetentionPeriod is 6 days; at least 7 are needed.');
    const unset = new ControlFixture();
    cluster(unset, { automatedSnapshotRetentionPeriod: undefined });
    expect(unset.status('Redshift.BackupRetention', 'Dw')).toBe('FAIL');
    expect(unset.message('Redshift.BackupRetention', 'Dw')).toMatch(/not set, so Redshift keeps automated snapshots 1 day; at least 7 are needed/);
  });
  test('PASS given exactly 7 days, and more', () => {
    for (const days of [7, 35]) {
      const f = new ControlFixture();
      cluster(f, { automatedSnapshotRetentionPeriod: days });
      expect([days, f.status('Redshift.BackupRetention', 'Dw')]).toEqual([days, 'PASS']);
    }
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    const days = new CfnParameter(f.stack, 'Days', { type: 'Number' });
    cluster(f, { automatedSnapshotRetentionPeriod: days.valueAsNumber });
    expect(f.status('Redshift.BackupRetention', 'Dw')).toBe('UNVERIFIABLE');
  });
});

describe('Redshift.TlsRequired', () => {
  test('FAIL given the default parameter group', () => {
    const f = new ControlFixture();
    cluster(f, { clusterParameterGroupName: undefined });
    expect(f.status('Redshift.TlsRequired', 'Dw')).toBe('FAIL');
    expect(f.message('Redshift.TlsRequired', 'Dw')).toMatch(/ClusterParameterGroupName is not set/);
  });
  test('FAIL given a parameter group with require_ssl false', () => {
    const f = new ControlFixture();
    const group = new redshift.CfnClusterParameterGroup(f.stack, 'Loose', {
      description: 'loose', parameterGroupFamily: 'redshift-1.0', parameters: [{ parameterName: 'require_ssl', parameterValue: 'false' }],
    });
    cluster(f, { clusterParameterGroupName: group.ref });
    expect(f.status('Redshift.TlsRequired', 'Dw')).toBe('FAIL');
    expect(f.message('Redshift.TlsRequired', 'Dw')).toMatch(/sets require_ssl to false/);
  });
  test('UNVERIFIABLE given a parameter group outside the app', () => {
    const f = new ControlFixture();
    cluster(f, { clusterParameterGroupName: 'shared-tls' });
    expect(f.status('Redshift.TlsRequired', 'Dw')).toBe('UNVERIFIABLE');
    expect(f.message('Redshift.TlsRequired', 'Dw')).toMatch(/outside the app/);
  });
});

describe('Redshift.MaintenanceSettings', () => {
  test('FAIL given version upgrades turned off', () => {
    const f = new ControlFixture();
    cluster(f, { allowVersionUpgrade: false });
    expect(f.status('Redshift.MaintenanceSettings', 'Dw')).toBe('FAIL');
    expect(f.message('Redshift.MaintenanceSettings', 'Dw')).toMatch(/AllowVersionUpgrade is false/);
  });
  test('FAIL given no maintenance window (Redshift picks one at random)', () => {
    const f = new ControlFixture();
    cluster(f, { preferredMaintenanceWindow: undefined });
    expect(f.status('Redshift.MaintenanceSettings', 'Dw')).toBe('FAIL');
    expect(f.message('Redshift.MaintenanceSettings', 'Dw')).toMatch(/PreferredMaintenanceWindow is not set/);
  });
  test('UNVERIFIABLE given the window from a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { preferredMaintenanceWindow: new CfnParameter(f.stack, 'Window').valueAsString });
    expect(f.status('Redshift.MaintenanceSettings', 'Dw')).toBe('UNVERIFIABLE');
  });
});

describe('Redshift.EnhancedVpcRouting', () => {
  test('FAIL given it left at Redshift\'s default (off)', () => {
    const f = new ControlFixture();
    cluster(f, { enhancedVpcRouting: undefined });
    expect(f.status('Redshift.EnhancedVpcRouting', 'Dw')).toBe('FAIL');
    expect(f.message('Redshift.EnhancedVpcRouting', 'Dw')).toMatch(/EnhancedVpcRouting is not set/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { enhancedVpcRouting: new CfnParameter(f.stack, 'Routing', { type: 'String' }).valueAsString as any });
    expect(f.status('Redshift.EnhancedVpcRouting', 'Dw')).toBe('UNVERIFIABLE');
  });
});

describe('Redshift.DataRetained', () => {
  test('FAIL given an L1 cluster left at CloudFormation\'s Delete', () => {
    const f = new ControlFixture();
    const c = cluster(f);
    c.cfnOptions.deletionPolicy = undefined;
    c.cfnOptions.updateReplacePolicy = undefined;
    expect(f.status('Redshift.DataRetained', 'Dw')).toBe('FAIL');
    expect(f.message('Redshift.DataRetained', 'Dw')).toMatch(/DeletionPolicy is Delete/);
  });
});

describe('unresolvable values', () => {
  test('UNVERIFIABLE given encryption, key, public access and parameter group from parameters', () => {
    const f = new ControlFixture();
    const text = (id: string) => new CfnParameter(f.stack, id, { type: 'String' }).valueAsString;
    cluster(f, { encrypted: text('Encrypted') as any, publiclyAccessible: text('Public') as any, clusterParameterGroupName: text('Group') });
    const keyed = new ControlFixture();
    cluster(keyed, { kmsKeyId: new CfnParameter(keyed.stack, 'KeyArn', { type: 'String' }).valueAsString });
    for (const id of ['Redshift.Encrypted', 'Redshift.NotPubliclyAccessible', 'Redshift.TlsRequired']) {
      expect([id, f.status(id, 'Dw')]).toEqual([id, 'UNVERIFIABLE']);
    }
    expect(keyed.status('Redshift.CustomerManagedKey', 'Dw')).toBe('UNVERIFIABLE');
  });
});

import { CfnParameter } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import { ControlFixture } from './harness';

function replicationInstance(f: ControlFixture, props: Partial<dms.CfnReplicationInstanceProps> = {}): dms.CfnReplicationInstance {
  return new dms.CfnReplicationInstance(f.stack, 'Replication', {
    replicationInstanceClass: 'dms.t3.medium', replicationSubnetGroupIdentifier: 'private-subnets', ...props,
  });
}

describe('DMS.ReplicationInstanceNotPublic', () => {
  test('PASS given publiclyAccessible false', () => {
    const f = new ControlFixture();
    replicationInstance(f, { publiclyAccessible: false });
    expect(f.status('DMS.ReplicationInstanceNotPublic', 'Replication')).toBe('PASS');
  });
  test('fails when publiclyAccessible is true', () => {
    const f = new ControlFixture();
    replicationInstance(f, { publiclyAccessible: true });
    expect(f.status('DMS.ReplicationInstanceNotPublic', 'Replication')).toBe('FAIL');
    expect(f.message('DMS.ReplicationInstanceNotPublic', 'Replication')).toMatch(/PubliclyAccessible is true/);
  });
  test('fails when publiclyAccessible is omitted (DMS makes the instance public)', () => {
    const f = new ControlFixture();
    replicationInstance(f);
    expect(f.status('DMS.ReplicationInstanceNotPublic', 'Replication')).toBe('FAIL');
    expect(f.message('DMS.ReplicationInstanceNotPublic', 'Replication')).toMatch(/not set, and DMS then makes the replication instance publicly accessible/);
  });
  test('UNVERIFIABLE given publiclyAccessible from a parameter', () => {
    const f = new ControlFixture();
    const replication = replicationInstance(f);
    replication.addPropertyOverride('PubliclyAccessible', new CfnParameter(f.stack, 'Public', { type: 'String', allowedValues: ['true', 'false'] }).valueAsString);
    expect(f.status('DMS.ReplicationInstanceNotPublic', 'Replication')).toBe('UNVERIFIABLE');
  });
});

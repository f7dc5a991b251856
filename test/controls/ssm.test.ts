import { CfnParameter, CfnTag } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ControlFixture } from './harness';

function instance(f: ControlFixture, tags: CfnTag[] = []): ec2.CfnInstance {
  return new ec2.CfnInstance(f.stack, 'Host', { imageId: 'ami-12345678', instanceType: 't3.micro', tags });
}

function inventory(f: ControlFixture, targets: ssm.CfnAssociation.TargetProperty[], name = 'AWS-GatherSoftwareInventory'): void {
  new ssm.CfnAssociation(f.stack, 'Inventory', { name, targets, scheduleExpression: 'rate(30 minutes)' });
}

describe('SSM.SoftwareInventory', () => {
  test('PASS given an inventory association targeting the instance by id', () => {
    const f = new ControlFixture();
    const host = instance(f);
    inventory(f, [{ key: 'InstanceIds', values: [host.ref] }]);
    expect(f.status('SSM.SoftwareInventory', 'Host')).toBe('PASS');
  });
  test('PASS given an association targeting every instance', () => {
    const f = new ControlFixture();
    instance(f);
    inventory(f, [{ key: 'InstanceIds', values: ['*'] }]);
    expect(f.status('SSM.SoftwareInventory', 'Host')).toBe('PASS');
  });
  test('PASS given an association targeting one of the instance\'s tags', () => {
    const f = new ControlFixture();
    instance(f, [{ key: 'group', value: 'phi' }]);
    inventory(f, [{ key: 'tag:group', values: ['phi'] }]);
    expect(f.status('SSM.SoftwareInventory', 'Host')).toBe('PASS');
  });
  test('FAIL given no inventory association', () => {
    const f = new ControlFixture();
    instance(f);
    expect(f.status('SSM.SoftwareInventory', 'Host')).toBe('FAIL');
    expect(f.message('SSM.SoftwareInventory', 'Host')).toMatch(/no SSM association of AWS-GatherSoftwareInventory targets the instance/);
  });
  test('FAIL given an association of another document, or one targeting other tags', () => {
    const f = new ControlFixture();
    instance(f, [{ key: 'group', value: 'phi' }]);
    inventory(f, [{ key: 'tag:group', values: ['web'] }]);
    new ssm.CfnAssociation(f.stack, 'Patching', { name: 'AWS-RunPatchBaseline', targets: [{ key: 'InstanceIds', values: ['*'] }] });
    expect(f.status('SSM.SoftwareInventory', 'Host')).toBe('FAIL');
  });
  test('UNVERIFIABLE given targets from a parameter', () => {
    const f = new ControlFixture();
    instance(f);
    const ids = new CfnParameter(f.stack, 'Ids', { type: 'CommaDelimitedList' });
    inventory(f, [{ key: 'InstanceIds', values: ids.valueAsList }]);
    expect(f.status('SSM.SoftwareInventory', 'Host')).toBe('UNVERIFIABLE');
  });
});

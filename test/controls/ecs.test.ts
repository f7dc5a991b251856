import { CfnParameter } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ControlFixture } from './harness';

function taskWith(f: ControlFixture, volumes: ecs.Volume[]): ecs.FargateTaskDefinition {
  const task = new ecs.FargateTaskDefinition(f.stack, 'Task', { volumes });
  task.addContainer('App', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/nginx:latest') });
  return task;
}

describe('ECS.EfsTransitEncryption', () => {
  test('PASS given an EFS volume with transitEncryption ENABLED', () => {
    const f = new ControlFixture();
    taskWith(f, [{ name: 'records', efsVolumeConfiguration: { fileSystemId: 'fs-12345678', transitEncryption: 'ENABLED' } }]);
    expect(f.status('ECS.EfsTransitEncryption', 'Task')).toBe('PASS');
  });
  test('FAIL given an EFS volume without transitEncryption (the ECS default)', () => {
    const f = new ControlFixture();
    taskWith(f, [
      { name: 'records', efsVolumeConfiguration: { fileSystemId: 'fs-12345678' } },
      { name: 'scans', efsVolumeConfiguration: { fileSystemId: 'fs-87654321', transitEncryption: 'DISABLED' } },
    ]);
    expect(f.status('ECS.EfsTransitEncryption', 'Task')).toBe('FAIL');
    expect(f.message('ECS.EfsTransitEncryption', 'Task')).toMatch(/not ENABLED on EFS volume records \(not set\), scans \(DISABLED\)/);
  });
  test('N/A given no EFS volume', () => {
    const f = new ControlFixture();
    taskWith(f, [{ name: 'scratch' }]);
    expect(f.status('ECS.EfsTransitEncryption', 'Task')).toBe('N/A');
  });
  test('UNVERIFIABLE given TransitEncryption from a parameter', () => {
    const f = new ControlFixture();
    const transit = new CfnParameter(f.stack, 'Transit').valueAsString;
    taskWith(f, [{ name: 'records', efsVolumeConfiguration: { fileSystemId: 'fs-12345678', transitEncryption: transit } }]);
    expect(f.status('ECS.EfsTransitEncryption', 'Task')).toBe('UNVERIFIABLE');
  });
});

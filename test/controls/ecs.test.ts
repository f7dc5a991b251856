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

/** An EC2 task definition in host network mode with one container per given user (undefined: no user). */
function hostTask(f: ControlFixture, users: Array<string | undefined>, networkMode = ecs.NetworkMode.HOST): ecs.Ec2TaskDefinition {
  const task = new ecs.Ec2TaskDefinition(f.stack, 'HostTask', { networkMode });
  users.forEach((user, i) => task.addContainer(`App${i}`, {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/nginx:latest'), memoryLimitMiB: 256, user,
  }));
  return task;
}

describe('ECS.HostModeNonRootUser', () => {
  test('PASS given host mode and non-root users in every container', () => {
    const f = new ControlFixture();
    hostTask(f, ['1000', 'app:app', '1000:1000']);
    expect(f.status('ECS.HostModeNonRootUser', 'HostTask')).toBe('PASS');
  });
  test('fails when a container has no user (the image\'s, root for most images)', () => {
    const f = new ControlFixture();
    hostTask(f, ['1000', undefined]);
    expect(f.status('ECS.HostModeNonRootUser', 'HostTask')).toBe('FAIL');
    expect(f.message('ECS.HostModeNonRootUser', 'HostTask')).toMatch(/container App1 \(no User\) runs as root/);
  });
  test('fails when a container runs as root, uid 0 or gid 0', () => {
    for (const user of ['root', '0', '0:0', 'app:root', '1000:0']) {
      const f = new ControlFixture();
      hostTask(f, [user]);
      expect([user, f.status('ECS.HostModeNonRootUser', 'HostTask')]).toEqual([user, 'FAIL']);
    }
  });
  test('N/A given bridge mode, and a Fargate task (awsvpc)', () => {
    const f = new ControlFixture();
    hostTask(f, [undefined], ecs.NetworkMode.BRIDGE);
    taskWith(f, []);
    expect(f.status('ECS.HostModeNonRootUser', 'HostTask')).toBe('N/A');
    expect(f.status('ECS.HostModeNonRootUser', 'Task')).toBe('N/A');
  });
  test('UNVERIFIABLE given the user from a parameter', () => {
    const f = new ControlFixture();
    hostTask(f, [new CfnParameter(f.stack, 'User').valueAsString]);
    expect(f.status('ECS.HostModeNonRootUser', 'HostTask')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given the network mode from a parameter', () => {
    const f = new ControlFixture();
    const task = hostTask(f, [undefined]);
    (task.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('NetworkMode', new CfnParameter(f.stack, 'Mode').valueAsString);
    expect(f.status('ECS.HostModeNonRootUser', 'HostTask')).toBe('UNVERIFIABLE');
  });
});

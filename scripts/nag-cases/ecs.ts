import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { NagCase } from './types';

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/nginx:1.27');

/** An EC2 task definition in host network mode with the given containers; returns its path. */
function hostTask(stack: Stack, containers: readonly Partial<ecs.ContainerDefinitionOptions>[]): string {
  const task = new ecs.Ec2TaskDefinition(stack, 'Task', { networkMode: ecs.NetworkMode.HOST });
  containers.forEach((c, i) => task.addContainer(`Container${i}`, { image: IMAGE, memoryLimitMiB: 512, ...c }));
  return 'Task/Resource';
}

export const CASES: readonly NagCase[] = [
  // ECSTaskDefinitionUserForHostMode: in host mode, every container is privileged and names a non-root user
  {
    rule: 'ECSTaskDefinitionUserForHostMode',
    compliant: true,
    title: 'host-mode container running as user 1000, privileged',
    build: (stack) => hostTask(stack, [{ user: '1000:1000', privileged: true }]),
  },
  {
    rule: 'ECSTaskDefinitionUserForHostMode',
    compliant: true,
    title: 'Fargate task (awsvpc mode) without a user',
    build: (stack) => {
      new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 256, memoryLimitMiB: 512 }).addContainer('App', { image: IMAGE });
      return 'Task/Resource';
    },
  },
  {
    rule: 'ECSTaskDefinitionUserForHostMode',
    compliant: false,
    title: 'host-mode container without a user',
    build: (stack) => hostTask(stack, [{}]),
  },
  {
    rule: 'ECSTaskDefinitionUserForHostMode',
    compliant: false,
    title: 'host-mode container running as root',
    build: (stack) => hostTask(stack, [{ user: 'root', privileged: true }]),
  },
  {
    rule: 'ECSTaskDefinitionUserForHostMode',
    compliant: false,
    title: 'host-mode container as uid 1000 with gid 0',
    build: (stack) => hostTask(stack, [{ user: '1000:0', privileged: true }]),
  },
  {
    rule: 'ECSTaskDefinitionUserForHostMode',
    compliant: false,
    title: 'second of two host-mode containers without a user',
    build: (stack) => hostTask(stack, [{ user: '1000', privileged: true }, {}]),
  },
  {
    rule: 'ECSTaskDefinitionUserForHostMode',
    compliant: false,
    title: 'host-mode container as user 1000, not privileged (cdk-nag asks for both)',
    build: (stack) => hostTask(stack, [{ user: '1000' }]),
  },
];

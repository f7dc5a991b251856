import { Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { NagCase } from './types';

const AMI = ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-0abcdef1234567890' });

function vpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
}

/** An Auto Scaling group in private subnets, optionally behind an internal ALB; returns its path. */
function group(stack: Stack, behindAlb: boolean, healthChecks?: autoscaling.HealthChecks): string {
  const network = vpc(stack);
  const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', {
    vpc: network,
    instanceType: new ec2.InstanceType('t3.micro'),
    machineImage: AMI,
    healthChecks,
  });
  if (behindAlb) {
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc: network });
    alb.addListener('Http', { port: 80, open: false }).addTargets('App', { port: 8080, targets: [asg] });
  }
  return 'Asg/ASG';
}

/** An L1 launch configuration; `props` adds or overrides properties. */
function launchConfig(stack: Stack, props: Partial<autoscaling.CfnLaunchConfigurationProps> = {}): string {
  new autoscaling.CfnLaunchConfiguration(stack, 'LaunchConfig', { imageId: 'ami-0abcdef1234567890', instanceType: 't3.micro', ...props });
  return 'LaunchConfig';
}

export const CASES: readonly NagCase[] = [
  // AutoScalingGroupELBHealthCheckRequired: a group attached to a load balancer or target group uses ELB health checks
  {
    rule: 'AutoScalingGroupELBHealthCheckRequired',
    compliant: true,
    title: 'group behind an ALB with ELB health checks',
    build: (stack) => group(stack, true, autoscaling.HealthChecks.withAdditionalChecks({
      additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB], gracePeriod: Duration.minutes(5),
    })),
  },
  {
    rule: 'AutoScalingGroupELBHealthCheckRequired',
    compliant: true,
    title: 'group behind no load balancer, EC2 health checks',
    build: (stack) => group(stack, false),
  },
  {
    rule: 'AutoScalingGroupELBHealthCheckRequired',
    compliant: false,
    title: 'group behind an ALB with the default EC2 health checks',
    build: (stack) => group(stack, true),
  },
  {
    rule: 'AutoScalingGroupELBHealthCheckRequired',
    compliant: false,
    title: 'group behind an ALB with ELB and EBS health checks (cdk-nag wants exactly ELB)',
    build: (stack) => group(stack, true, autoscaling.HealthChecks.withAdditionalChecks({
      additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB, autoscaling.AdditionalHealthCheckType.EBS],
    })),
  },
  {
    rule: 'AutoScalingGroupELBHealthCheckRequired',
    compliant: false,
    title: 'L1 group registered with a Classic Load Balancer, health check type EC2',
    build: (stack) => {
      new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
        minSize: '1',
        maxSize: '2',
        availabilityZones: ['us-east-1a', 'us-east-1b'],
        launchTemplate: { launchTemplateId: 'lt-0abcdef1234567890', version: '1' },
        loadBalancerNames: ['patients-clb'],
        healthCheckType: 'EC2',
      });
      return 'Group';
    },
  },
  // AutoScalingLaunchConfigPublicIpDisabled: AssociatePublicIpAddress explicitly false
  {
    rule: 'AutoScalingLaunchConfigPublicIpDisabled',
    compliant: true,
    title: 'launch configuration with public IPs turned off',
    build: (stack) => launchConfig(stack, { associatePublicIpAddress: false }),
  },
  {
    rule: 'AutoScalingLaunchConfigPublicIpDisabled',
    compliant: false,
    title: 'launch configuration that leaves public IPs to the subnet',
    build: (stack) => launchConfig(stack),
  },
  {
    rule: 'AutoScalingLaunchConfigPublicIpDisabled',
    compliant: false,
    title: 'launch configuration that asks for public IPs',
    build: (stack) => launchConfig(stack, { associatePublicIpAddress: true }),
  },
];

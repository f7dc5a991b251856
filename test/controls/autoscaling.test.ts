import { CfnParameter } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { ControlFixture } from './harness';

const INSTANCE_TYPE = new ec2.InstanceType('t3.micro');
const IMAGE = ec2.MachineImage.latestAmazonLinux2023();

function vpcOf(f: ControlFixture): ec2.Vpc {
  return new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
}

function group(f: ControlFixture, vpc: ec2.IVpc, props: Partial<autoscaling.AutoScalingGroupProps> = {}): autoscaling.AutoScalingGroup {
  return new autoscaling.AutoScalingGroup(f.stack, 'Group', { vpc, instanceType: INSTANCE_TYPE, machineImage: IMAGE, ...props });
}

/** An internet-facing load balancer forwarding to the group. */
function behindLoadBalancer(f: ControlFixture, vpc: ec2.IVpc, target: autoscaling.AutoScalingGroup): void {
  const alb = new elbv2.ApplicationLoadBalancer(f.stack, 'Alb', { vpc, internetFacing: true });
  alb.addListener('Http', { port: 80 }).addTargets('App', { port: 80, targets: [target] });
}

describe('AutoScaling.LoadBalancerHealthCheck', () => {
  test('PASS given a group behind a load balancer with the ELB health check added', () => {
    const f = new ControlFixture();
    const vpc = vpcOf(f);
    const additionalTypes = [autoscaling.AdditionalHealthCheckType.ELB, autoscaling.AdditionalHealthCheckType.EBS];
    const g = group(f, vpc, { healthChecks: autoscaling.HealthChecks.withAdditionalChecks({ additionalTypes }) });
    behindLoadBalancer(f, vpc, g);
    expect(f.status('AutoScaling.LoadBalancerHealthCheck', 'Group/ASG')).toBe('PASS');
  });
  test('FAIL given a group behind a load balancer with EC2 health checks only (the default)', () => {
    const f = new ControlFixture();
    const vpc = vpcOf(f);
    behindLoadBalancer(f, vpc, group(f, vpc));
    expect(f.status('AutoScaling.LoadBalancerHealthCheck', 'Group/ASG')).toBe('FAIL');
    expect(f.message('AutoScaling.LoadBalancerHealthCheck', 'Group/ASG')).toMatch(/HealthCheckType is not set \(EC2\), without ELB/);
  });
  test('FAIL given a classic load balancer and HealthCheckType EC2', () => {
    const f = new ControlFixture();
    new autoscaling.CfnAutoScalingGroup(f.stack, 'L1', {
      maxSize: '2', minSize: '1', loadBalancerNames: ['legacy'], healthCheckType: 'EC2', availabilityZones: ['us-east-1a'],
    });
    expect(f.status('AutoScaling.LoadBalancerHealthCheck', 'L1')).toBe('FAIL');
  });
  test('VPC Lattice traffic sources call for the VPC_LATTICE health check', () => {
    const f = new ControlFixture();
    const lattice = [{ identifier: 'arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0123456789abcdef0', type: 'vpc-lattice' }];
    new autoscaling.CfnAutoScalingGroup(f.stack, 'Watched', { maxSize: '2', minSize: '1', trafficSources: lattice, healthCheckType: 'VPC_LATTICE' });
    new autoscaling.CfnAutoScalingGroup(f.stack, 'Unwatched', { maxSize: '2', minSize: '1', trafficSources: lattice, healthCheckType: 'ELB' });
    expect(f.status('AutoScaling.LoadBalancerHealthCheck', 'Watched')).toBe('PASS');
    expect(f.status('AutoScaling.LoadBalancerHealthCheck', 'Unwatched')).toBe('FAIL');
  });
  test('N/A given a group attached to no load balancer', () => {
    const f = new ControlFixture();
    group(f, vpcOf(f));
    expect(f.status('AutoScaling.LoadBalancerHealthCheck', 'Group/ASG')).toBe('N/A');
  });
  test('UNVERIFIABLE given target groups or the health check type from a parameter', () => {
    const f = new ControlFixture();
    const groups = new CfnParameter(f.stack, 'TargetGroups', { type: 'CommaDelimitedList' });
    const type = new CfnParameter(f.stack, 'HealthCheckType');
    new autoscaling.CfnAutoScalingGroup(f.stack, 'Listed', { maxSize: '2', minSize: '1', targetGroupArns: groups.valueAsList, healthCheckType: 'ELB' });
    new autoscaling.CfnAutoScalingGroup(f.stack, 'Typed', { maxSize: '2', minSize: '1', loadBalancerNames: ['legacy'], healthCheckType: type.valueAsString });
    expect(f.status('AutoScaling.LoadBalancerHealthCheck', 'Listed')).toBe('UNVERIFIABLE');
    expect(f.status('AutoScaling.LoadBalancerHealthCheck', 'Typed')).toBe('UNVERIFIABLE');
  });
});

describe('AutoScaling.LaunchConfigNoPublicIp', () => {
  test('PASS given the autoscaling.AutoScalingGroup default (private subnets, AssociatePublicIpAddress unset)', () => {
    const f = new ControlFixture();
    group(f, vpcOf(f));
    expect(f.status('AutoScaling.LaunchConfigNoPublicIp', 'Group/LaunchConfig')).toBe('PASS');
  });
  test('FAIL given associatePublicIpAddress: true', () => {
    const f = new ControlFixture();
    group(f, vpcOf(f), { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, associatePublicIpAddress: true });
    expect(f.status('AutoScaling.LaunchConfigNoPublicIp', 'Group/LaunchConfig')).toBe('FAIL');
    expect(f.message('AutoScaling.LaunchConfigNoPublicIp', 'Group/LaunchConfig')).toMatch(/AssociatePublicIpAddress is true/);
  });
  test('FAIL given the group in public subnets, which map public IPs, and AssociatePublicIpAddress unset', () => {
    const f = new ControlFixture();
    group(f, vpcOf(f), { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    expect(f.status('AutoScaling.LaunchConfigNoPublicIp', 'Group/LaunchConfig')).toBe('FAIL');
    expect(f.message('AutoScaling.LaunchConfigNoPublicIp', 'Group/LaunchConfig')).toMatch(/MapPublicIpOnLaunch true/);
  });
  test('PASS given public subnets and associatePublicIpAddress: false', () => {
    const f = new ControlFixture();
    group(f, vpcOf(f), { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, associatePublicIpAddress: false });
    expect(f.status('AutoScaling.LaunchConfigNoPublicIp', 'Group/LaunchConfig')).toBe('PASS');
  });
  test('FAIL given an L1 group without VPCZoneIdentifier (the default VPC)', () => {
    const f = new ControlFixture();
    const lc = new autoscaling.CfnLaunchConfiguration(f.stack, 'Config', { imageId: 'ami-12345678', instanceType: 't3.micro' });
    new autoscaling.CfnAutoScalingGroup(f.stack, 'L1', { maxSize: '1', minSize: '1', launchConfigurationName: lc.ref, availabilityZones: ['us-east-1a'] });
    expect(f.status('AutoScaling.LaunchConfigNoPublicIp', 'Config')).toBe('FAIL');
    expect(f.message('AutoScaling.LaunchConfigNoPublicIp', 'Config')).toMatch(/default VPC/);
  });
  test('UNVERIFIABLE given subnets outside the app, a launch configuration no group of the app uses, or a parameter', () => {
    const f = new ControlFixture();
    const shared = new autoscaling.CfnLaunchConfiguration(f.stack, 'Shared', { imageId: 'ami-12345678', instanceType: 't3.micro' });
    new autoscaling.CfnAutoScalingGroup(f.stack, 'Imported', {
      maxSize: '1', minSize: '1', launchConfigurationName: shared.ref, vpcZoneIdentifier: ['subnet-0123456789abcdef0'],
    });
    new autoscaling.CfnLaunchConfiguration(f.stack, 'Unused', { imageId: 'ami-12345678', instanceType: 't3.micro' });
    const flag = new CfnParameter(f.stack, 'PublicIp', { type: 'String' });
    new autoscaling.CfnLaunchConfiguration(f.stack, 'Param', { imageId: 'ami-12345678', instanceType: 't3.micro', associatePublicIpAddress: flag.valueAsString as any });
    expect(f.status('AutoScaling.LaunchConfigNoPublicIp', 'Shared')).toBe('UNVERIFIABLE');
    expect(f.status('AutoScaling.LaunchConfigNoPublicIp', 'Unused')).toBe('UNVERIFIABLE');
    expect(f.status('AutoScaling.LaunchConfigNoPublicIp', 'Param')).toBe('UNVERIFIABLE');
  });
});

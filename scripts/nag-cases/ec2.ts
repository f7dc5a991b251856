import { Stack, Size, Tags } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagCase } from './types';

const AMI_ID = 'ami-0abcdef1234567890';
const AMI = ec2.MachineImage.genericLinux({ 'us-east-1': AMI_ID });
const INSTANCE = 'Instance/Resource';

/** A VPC with public subnets and isolated app subnets, no NAT. */
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

/** An L2 instance in the app subnets unless `props` says otherwise; returns its path. */
function instance(stack: Stack, props: Partial<ec2.InstanceProps> = {}): string {
  new ec2.Instance(stack, 'Instance', {
    vpc: vpc(stack),
    instanceType: new ec2.InstanceType('t3.micro'),
    machineImage: AMI,
    ...props,
  });
  return INSTANCE;
}

/** An L1 instance; `props` adds or overrides properties. */
function cfnInstance(stack: Stack, props: Partial<ec2.CfnInstanceProps> = {}): string {
  new ec2.CfnInstance(stack, 'Instance', { imageId: AMI_ID, instanceType: 't3.micro', ...props });
  return 'Instance';
}

/** An L1 launch configuration; `props` adds or overrides properties. */
function launchConfig(stack: Stack, props: Partial<autoscaling.CfnLaunchConfigurationProps> = {}): string {
  new autoscaling.CfnLaunchConfiguration(stack, 'LaunchConfig', { imageId: AMI_ID, instanceType: 't3.micro', ...props });
  return 'LaunchConfig';
}

/** An Auto Scaling group launching from an L2 launch template; returns the group's path. */
function groupWithTemplate(stack: Stack, requireImdsv2: boolean): string {
  const launchTemplate = new ec2.LaunchTemplate(stack, 'Template', {
    machineImage: AMI, instanceType: new ec2.InstanceType('t3.micro'), requireImdsv2,
  });
  new autoscaling.AutoScalingGroup(stack, 'Asg', { vpc: vpc(stack), launchTemplate });
  return 'Asg/ASG';
}

/** A security group in an imported VPC with one ingress rule; returns its path. */
function securityGroup(stack: Stack, peer: ec2.IPeer, port: ec2.Port): string {
  const imported = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
  });
  const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc: imported, description: 'app servers' });
  sg.addIngressRule(peer, port);
  return 'Sg/Resource';
}

/** A stand-alone L1 ingress rule on an existing group; returns its path. */
function cfnIngress(stack: Stack, props: Partial<ec2.CfnSecurityGroupIngressProps>): string {
  new ec2.CfnSecurityGroupIngress(stack, 'Ingress', { groupId: 'sg-0123456789abcdef0', ipProtocol: 'tcp', ...props });
  return 'Ingress';
}

/** An encrypted 10 GiB volume. */
function volume(stack: Stack): ec2.Volume {
  return new ec2.Volume(stack, 'Volume', { availabilityZone: 'us-east-1a', size: Size.gibibytes(10), encrypted: true });
}

export const CASES: readonly NagCase[] = [
  // EC2EBSInBackupPlan: a backup selection in the volume's stack names the volume
  {
    rule: 'EC2EBSInBackupPlan',
    compliant: true,
    title: 'volume selected by a backup plan in its stack',
    build: (stack) => {
      const v = volume(stack);
      const arn = stack.formatArn({ service: 'ec2', resource: 'volume', resourceName: v.volumeId });
      backup.BackupPlan.daily35DayRetention(stack, 'Plan').addSelection('Selection', { resources: [backup.BackupResource.fromArn(arn)] });
      return 'Volume/Resource';
    },
  },
  {
    rule: 'EC2EBSInBackupPlan',
    compliant: false,
    title: 'volume in no backup plan',
    build: (stack) => {
      volume(stack);
      return 'Volume/Resource';
    },
  },
  {
    rule: 'EC2EBSInBackupPlan',
    compliant: false,
    title: 'volume selected by tag (cdk-nag reads only resource ARNs)',
    build: (stack) => {
      Tags.of(volume(stack)).add('backup', 'nag-case-ebs');
      backup.BackupPlan.daily35DayRetention(stack, 'Plan').addSelection('Selection', { resources: [backup.BackupResource.fromTag('backup', 'nag-case-ebs')] });
      return 'Volume/Resource';
    },
  },
  // EC2EBSOptimizedInstance: instance types in cdk-nag's list of optional EBS optimization set EbsOptimized
  {
    rule: 'EC2EBSOptimizedInstance',
    compliant: true,
    title: 'm3.xlarge with EBS optimization',
    build: (stack) => instance(stack, { instanceType: new ec2.InstanceType('m3.xlarge'), ebsOptimized: true }),
  },
  {
    rule: 'EC2EBSOptimizedInstance',
    compliant: true,
    title: 't3.micro (EBS-optimized by default)',
    build: (stack) => instance(stack),
  },
  {
    rule: 'EC2EBSOptimizedInstance',
    compliant: false,
    title: 'm3.xlarge without EBS optimization',
    build: (stack) => instance(stack, { instanceType: new ec2.InstanceType('m3.xlarge') }),
  },
  {
    rule: 'EC2EBSOptimizedInstance',
    compliant: false,
    title: 'L1 c3.xlarge with EBS optimization turned off',
    build: (stack) => cfnInstance(stack, { instanceType: 'c3.xlarge', ebsOptimized: false }),
  },
  // EC2IMDSv2Enabled: the instance, or the launch template / configuration behind it, requires IMDSv2 tokens
  {
    rule: 'EC2IMDSv2Enabled',
    compliant: true,
    title: 'instance with HTTP tokens required',
    build: (stack) => instance(stack, { httpTokens: ec2.HttpTokens.REQUIRED }),
  },
  {
    rule: 'EC2IMDSv2Enabled',
    compliant: true,
    title: 'instance with requireImdsv2 (a launch template)',
    build: (stack) => instance(stack, { requireImdsv2: true }),
  },
  {
    rule: 'EC2IMDSv2Enabled',
    compliant: true,
    title: 'Auto Scaling group whose launch template requires IMDSv2',
    build: (stack) => groupWithTemplate(stack, true),
  },
  {
    rule: 'EC2IMDSv2Enabled',
    compliant: false,
    title: 'instance with the defaults: IMDSv1 allowed',
    build: (stack) => instance(stack),
  },
  {
    rule: 'EC2IMDSv2Enabled',
    compliant: false,
    title: 'L1 instance with HTTP tokens optional',
    build: (stack) => cfnInstance(stack, { subnetId: 'subnet-0aaaaaaaaaaaaaaaa', metadataOptions: { httpTokens: 'optional' } }),
  },
  {
    rule: 'EC2IMDSv2Enabled',
    compliant: false,
    title: 'Auto Scaling group whose launch template allows IMDSv1',
    build: (stack) => groupWithTemplate(stack, false),
  },
  // EC2InstanceDetailedMonitoringEnabled: instances set Monitoring; launch configurations do not turn InstanceMonitoring off
  {
    rule: 'EC2InstanceDetailedMonitoringEnabled',
    compliant: true,
    title: 'instance with detailed monitoring',
    build: (stack) => instance(stack, { detailedMonitoring: true }),
  },
  {
    rule: 'EC2InstanceDetailedMonitoringEnabled',
    compliant: true,
    title: 'launch configuration with the default (detailed) monitoring',
    build: (stack) => launchConfig(stack, { associatePublicIpAddress: false }),
  },
  {
    rule: 'EC2InstanceDetailedMonitoringEnabled',
    compliant: false,
    title: 'instance with the defaults: basic monitoring',
    build: (stack) => instance(stack),
  },
  {
    rule: 'EC2InstanceDetailedMonitoringEnabled',
    compliant: false,
    title: 'launch configuration with detailed monitoring turned off',
    build: (stack) => launchConfig(stack, { associatePublicIpAddress: false, instanceMonitoring: false }),
  },
  // EC2InstanceNoPublicIp: no network interface of the instance asks for a public IP
  {
    rule: 'EC2InstanceNoPublicIp',
    compliant: true,
    title: 'instance in isolated subnets',
    build: (stack) => instance(stack),
  },
  {
    rule: 'EC2InstanceNoPublicIp',
    compliant: true,
    title: 'instance in a public subnet with public IP turned off',
    build: (stack) => instance(stack, { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, associatePublicIpAddress: false }),
  },
  {
    rule: 'EC2InstanceNoPublicIp',
    compliant: true,
    title: 'instance in a public subnet that maps public IPs on launch (cdk-nag reads only the interfaces)',
    build: (stack) => instance(stack, { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }),
  },
  {
    rule: 'EC2InstanceNoPublicIp',
    compliant: false,
    title: 'instance in a public subnet asking for a public IP',
    build: (stack) => instance(stack, { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, associatePublicIpAddress: true }),
  },
  {
    rule: 'EC2InstanceNoPublicIp',
    compliant: false,
    title: 'L1 instance whose second interface asks for a public IP',
    build: (stack) => cfnInstance(stack, {
      networkInterfaces: [
        { deviceIndex: '0', subnetId: 'subnet-0aaaaaaaaaaaaaaaa', associatePublicIpAddress: false },
        { deviceIndex: '1', subnetId: 'subnet-0bbbbbbbbbbbbbbbb', associatePublicIpAddress: true },
      ],
    }),
  },
  // EC2InstanceProfileAttached: IamInstanceProfile is set
  {
    rule: 'EC2InstanceProfileAttached',
    compliant: true,
    title: 'L2 instance (role and instance profile)',
    build: (stack) => instance(stack),
  },
  {
    rule: 'EC2InstanceProfileAttached',
    compliant: true,
    title: 'L1 instance with a profile name',
    build: (stack) => cfnInstance(stack, { subnetId: 'subnet-0aaaaaaaaaaaaaaaa', iamInstanceProfile: 'app-server' }),
  },
  {
    rule: 'EC2InstanceProfileAttached',
    compliant: false,
    title: 'L1 instance without an instance profile',
    build: (stack) => cfnInstance(stack, { subnetId: 'subnet-0aaaaaaaaaaaaaaaa' }),
  },
  // EC2InstancesInVPC: SubnetId is set
  {
    rule: 'EC2InstancesInVPC',
    compliant: true,
    title: 'L2 instance in a VPC subnet',
    build: (stack) => instance(stack),
  },
  {
    rule: 'EC2InstancesInVPC',
    compliant: false,
    title: 'L1 instance without a subnet',
    build: (stack) => cfnInstance(stack),
  },
  {
    rule: 'EC2InstancesInVPC',
    compliant: false,
    title: 'instance whose subnet is on its network interface (cdk-nag reads only SubnetId)',
    build: (stack) => instance(stack, { vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, associatePublicIpAddress: false }),
  },
  // EC2RestrictedCommonPorts: no TCP ingress from x.x.x.x/0 to 20, 21, 3306, 3309, 3389, 4333, and no all-protocol rule
  {
    rule: 'EC2RestrictedCommonPorts',
    compliant: true,
    title: 'HTTPS open to the world',
    build: (stack) => securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.tcp(443)),
  },
  {
    rule: 'EC2RestrictedCommonPorts',
    compliant: true,
    title: 'MySQL from the VPC CIDR only',
    build: (stack) => securityGroup(stack, ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(3306)),
  },
  {
    rule: 'EC2RestrictedCommonPorts',
    compliant: true,
    title: 'RDP open to every IPv6 address (cdk-nag reads only IPv4 CIDRs)',
    build: (stack) => securityGroup(stack, ec2.Peer.anyIpv6(), ec2.Port.tcp(3389)),
  },
  {
    rule: 'EC2RestrictedCommonPorts',
    compliant: false,
    title: 'RDP open to the world',
    build: (stack) => securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.tcp(3389)),
  },
  {
    rule: 'EC2RestrictedCommonPorts',
    compliant: false,
    title: 'MySQL open to the world',
    build: (stack) => securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.tcp(3306)),
  },
  {
    rule: 'EC2RestrictedCommonPorts',
    compliant: false,
    title: 'all traffic from the world',
    build: (stack) => securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.allTraffic()),
  },
  {
    rule: 'EC2RestrictedCommonPorts',
    compliant: false,
    title: 'all traffic from the VPC CIDR (cdk-nag fails every all-protocol rule)',
    build: (stack) => securityGroup(stack, ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.allTraffic()),
  },
  {
    rule: 'EC2RestrictedCommonPorts',
    compliant: false,
    title: 'stand-alone L1 ingress: FTP ports 20-21 from 0.0.0.0/0',
    build: (stack) => cfnIngress(stack, { cidrIp: '0.0.0.0/0', fromPort: 20, toPort: 21 }),
  },
  // EC2RestrictedSSH: no ingress from x.x.x.x/0 or ::/0 that reaches port 22
  {
    rule: 'EC2RestrictedSSH',
    compliant: true,
    title: 'SSH from the VPC CIDR only',
    build: (stack) => securityGroup(stack, ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(22)),
  },
  {
    rule: 'EC2RestrictedSSH',
    compliant: true,
    title: 'HTTPS open to the world',
    build: (stack) => securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.tcp(443)),
  },
  {
    rule: 'EC2RestrictedSSH',
    compliant: false,
    title: 'SSH open to the world',
    build: (stack) => securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.tcp(22)),
  },
  {
    rule: 'EC2RestrictedSSH',
    compliant: false,
    title: 'SSH open to every IPv6 address',
    build: (stack) => securityGroup(stack, ec2.Peer.anyIpv6(), ec2.Port.tcp(22)),
  },
  {
    rule: 'EC2RestrictedSSH',
    compliant: false,
    title: 'every TCP port open to the world',
    build: (stack) => securityGroup(stack, ec2.Peer.anyIpv4(), ec2.Port.allTcp()),
  },
  {
    rule: 'EC2RestrictedSSH',
    compliant: false,
    title: 'stand-alone L1 ingress: SSH from 0.0.0.0/0',
    build: (stack) => cfnIngress(stack, { cidrIp: '0.0.0.0/0', fromPort: 22, toPort: 22 }),
  },
];

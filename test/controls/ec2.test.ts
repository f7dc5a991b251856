import { CfnDeletionPolicy, CfnParameter, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ControlFixture } from './harness';

const INSTANCE_TYPE = new ec2.InstanceType('t3.micro');
const IMAGE = ec2.MachineImage.latestAmazonLinux2023();
const AZ = 'us-east-1a';

function vpcOf(f: ControlFixture): ec2.Vpc {
  return new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
}

function encryptedRoot(key?: kms.IKey): ec2.BlockDevice[] {
  return [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true, kmsKey: key }) }];
}

/** An instance that meets every EC2 instance control. */
function compliantInstance(f: ControlFixture, vpc = vpcOf(f)): ec2.Instance {
  const key = new kms.Key(f.stack, 'Key', { enableKeyRotation: true });
  return new ec2.Instance(f.stack, 'I', { vpc, instanceType: INSTANCE_TYPE, machineImage: IMAGE, requireImdsv2: true, blockDevices: encryptedRoot(key) });
}

describe('a compliant instance', () => {
  test('passes every instance control; its IMDSv2 launch template is judged with it', () => {
    const f = new ControlFixture();
    compliantInstance(f);
    for (const id of ['EC2.BlockDevicesEncrypted', 'EC2.Imdsv2Required', 'EC2.InstanceNoPublicIp', 'EC2.InstanceInVpc', 'EC2.InstanceProfileAttached']) {
      expect([id, f.status(id, 'I/Resource')]).toEqual([id, 'PASS']);
    }
    expect(f.status('EC2.Imdsv2Required', 'I/LaunchTemplate')).toBe('PASS');
    expect(f.status('EC2.BlockDevicesEncrypted', 'I/LaunchTemplate')).toBe('N/A');
  });
});

describe('EC2.VolumeEncrypted', () => {
  test('PASS given encrypted: true', () => {
    const f = new ControlFixture();
    new ec2.Volume(f.stack, 'V', { availabilityZone: AZ, size: Size.gibibytes(10), encrypted: true });
    expect(f.status('EC2.VolumeEncrypted', 'V')).toBe('PASS');
  });
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    new ec2.Volume(f.stack, 'V', { availabilityZone: AZ, size: Size.gibibytes(10) });
    expect(f.status('EC2.VolumeEncrypted', 'V')).toBe('FAIL');
    expect(f.message('EC2.VolumeEncrypted', 'V')).toMatch(/EBS encryption by default/);
  });
  test('FAIL given an L1 volume with Encrypted false', () => {
    const f = new ControlFixture();
    new ec2.CfnVolume(f.stack, 'V', { availabilityZone: AZ, size: 10, encrypted: false });
    expect(f.status('EC2.VolumeEncrypted', 'V')).toBe('FAIL');
    expect(f.message('EC2.VolumeEncrypted', 'V')).toMatch(/Encrypted is false/);
  });
  test('UNVERIFIABLE given a volume from a snapshot without Encrypted', () => {
    const f = new ControlFixture();
    new ec2.CfnVolume(f.stack, 'V', { availabilityZone: AZ, snapshotId: 'snap-0123456789abcdef0' });
    expect(f.status('EC2.VolumeEncrypted', 'V')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given Encrypted from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Enc', { type: 'String' });
    new ec2.CfnVolume(f.stack, 'V', { availabilityZone: AZ, size: 10, encrypted: p.valueAsString as any });
    expect(f.status('EC2.VolumeEncrypted', 'V')).toBe('UNVERIFIABLE');
  });
});

describe('EC2.VolumeCustomerManagedKey', () => {
  test('PASS given encryptionKey', () => {
    const f = new ControlFixture();
    new ec2.Volume(f.stack, 'V', { availabilityZone: AZ, size: Size.gibibytes(10), encrypted: true, encryptionKey: new kms.Key(f.stack, 'K') });
    expect(f.status('EC2.VolumeCustomerManagedKey', 'V')).toBe('PASS');
  });
  test('FAIL given encrypted: true without a key (the account default EBS key)', () => {
    const f = new ControlFixture();
    new ec2.Volume(f.stack, 'V', { availabilityZone: AZ, size: Size.gibibytes(10), encrypted: true });
    expect(f.status('EC2.VolumeCustomerManagedKey', 'V')).toBe('FAIL');
    expect(f.message('EC2.VolumeCustomerManagedKey', 'V')).toMatch(/aws\/ebs/);
  });
  test('FAIL given alias/aws/ebs', () => {
    const f = new ControlFixture();
    new ec2.CfnVolume(f.stack, 'V', { availabilityZone: AZ, size: 10, encrypted: true, kmsKeyId: 'alias/aws/ebs' });
    expect(f.status('EC2.VolumeCustomerManagedKey', 'V')).toBe('FAIL');
    expect(f.message('EC2.VolumeCustomerManagedKey', 'V')).toMatch(/AWS-managed key/);
  });
  test('N/A given an unencrypted volume', () => {
    const f = new ControlFixture();
    new ec2.Volume(f.stack, 'V', { availabilityZone: AZ, size: Size.gibibytes(10) });
    expect(f.status('EC2.VolumeCustomerManagedKey', 'V')).toBe('N/A');
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    const key = new CfnParameter(f.stack, 'KeyArn', { type: 'String' });
    new ec2.CfnVolume(f.stack, 'V', { availabilityZone: AZ, size: 10, encrypted: true, kmsKeyId: key.valueAsString });
    expect(f.status('EC2.VolumeCustomerManagedKey', 'V')).toBe('UNVERIFIABLE');
  });
});

describe('EC2.DataRetained', () => {
  test('PASS given the L2 default (Retain)', () => {
    const f = new ControlFixture();
    new ec2.Volume(f.stack, 'V', { availabilityZone: AZ, size: Size.gibibytes(10), encrypted: true });
    expect(f.status('EC2.DataRetained', 'V')).toBe('PASS');
  });
  test('PASS given an L1 volume with DeletionPolicy Snapshot', () => {
    const f = new ControlFixture();
    const v = new ec2.CfnVolume(f.stack, 'V', { availabilityZone: AZ, size: 10, encrypted: true });
    v.cfnOptions.deletionPolicy = CfnDeletionPolicy.SNAPSHOT;
    v.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.SNAPSHOT;
    expect(f.status('EC2.DataRetained', 'V')).toBe('PASS');
  });
  test('FAIL given RemovalPolicy.DESTROY', () => {
    const f = new ControlFixture();
    new ec2.Volume(f.stack, 'V', { availabilityZone: AZ, size: Size.gibibytes(10), removalPolicy: RemovalPolicy.DESTROY });
    expect(f.status('EC2.DataRetained', 'V')).toBe('FAIL');
    expect(f.message('EC2.DataRetained', 'V')).toMatch(/DeletionPolicy is Delete/);
  });
});

describe('EC2.BlockDevicesEncrypted', () => {
  test('UNVERIFIABLE given an instance without block devices (the root volume depends on the AMI and the account)', () => {
    const f = new ControlFixture();
    new ec2.Instance(f.stack, 'I', { vpc: vpcOf(f), instanceType: INSTANCE_TYPE, machineImage: IMAGE });
    expect(f.status('EC2.BlockDevicesEncrypted', 'I/Resource')).toBe('UNVERIFIABLE');
    expect(f.message('EC2.BlockDevicesEncrypted', 'I/Resource')).toMatch(/root volume .* EBS encryption by default/);
  });
  test('FAIL given an unencrypted data volume', () => {
    const f = new ControlFixture();
    new ec2.Instance(f.stack, 'I', {
      vpc: vpcOf(f),
      instanceType: INSTANCE_TYPE,
      machineImage: IMAGE,
      blockDevices: [...encryptedRoot(), { deviceName: '/dev/sdf', volume: ec2.BlockDeviceVolume.ebs(10) }],
    });
    expect(f.status('EC2.BlockDevicesEncrypted', 'I/Resource')).toBe('FAIL');
    expect(f.message('EC2.BlockDevicesEncrypted', 'I/Resource')).toMatch(/\/dev\/sdf is not encrypted/);
  });
  test('FAIL given encryption removed by an override', () => {
    const f = new ControlFixture();
    const i = compliantInstance(f);
    (i.node.defaultChild as ec2.CfnInstance).addPropertyOverride('BlockDeviceMappings.0.Ebs.Encrypted', false);
    expect(f.status('EC2.BlockDevicesEncrypted', 'I/Resource')).toBe('FAIL');
  });
  test('PASS given instance-store volumes next to an encrypted root', () => {
    const f = new ControlFixture();
    new ec2.Instance(f.stack, 'I', {
      vpc: vpcOf(f),
      instanceType: INSTANCE_TYPE,
      machineImage: IMAGE,
      blockDevices: [...encryptedRoot(), { deviceName: '/dev/sdb', volume: ec2.BlockDeviceVolume.ephemeral(0) }],
    });
    expect(f.status('EC2.BlockDevicesEncrypted', 'I/Resource')).toBe('PASS');
  });
  test('PASS given an L1 instance launched from an L2 launch template with an encrypted root; the template is N/A', () => {
    const f = new ControlFixture();
    const lt = new ec2.LaunchTemplate(f.stack, 'Lt', { blockDevices: encryptedRoot() });
    new ec2.CfnInstance(f.stack, 'I', { launchTemplate: { launchTemplateId: lt.launchTemplateId, version: lt.latestVersionNumber } });
    expect(f.status('EC2.BlockDevicesEncrypted', 'I')).toBe('PASS');
    expect(f.status('EC2.BlockDevicesEncrypted', 'Lt')).toBe('N/A');
  });
  test('PASS given a launch template with an encrypted root', () => {
    const f = new ControlFixture();
    new ec2.LaunchTemplate(f.stack, 'Lt', { blockDevices: encryptedRoot() });
    expect(f.status('EC2.BlockDevicesEncrypted', 'Lt')).toBe('PASS');
  });
  test('UNVERIFIABLE given a launch template without block devices that no instance of the app uses', () => {
    const f = new ControlFixture();
    new ec2.LaunchTemplate(f.stack, 'Lt', { requireImdsv2: true });
    expect(f.status('EC2.BlockDevicesEncrypted', 'Lt')).toBe('UNVERIFIABLE');
    expect(f.message('EC2.BlockDevicesEncrypted', 'Lt')).toMatch(/root volume/);
  });
  test('UNVERIFIABLE given a launch template outside the app', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'I', { launchTemplate: { launchTemplateName: 'shared', version: '1' } });
    expect(f.status('EC2.BlockDevicesEncrypted', 'I')).toBe('UNVERIFIABLE');
    expect(f.message('EC2.BlockDevicesEncrypted', 'I')).toMatch(/outside the app/);
  });
  test('UNVERIFIABLE given a volume from a snapshot without Encrypted', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'I', {
      imageId: 'ami-12345678',
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: true } }, { deviceName: '/dev/sdf', ebs: { snapshotId: 'snap-0123456789abcdef0' } }],
    });
    expect(f.status('EC2.BlockDevicesEncrypted', 'I')).toBe('UNVERIFIABLE');
    expect(f.message('EC2.BlockDevicesEncrypted', 'I')).toMatch(/\/dev\/sdf is created from a snapshot/);
  });
});

describe('EC2.Imdsv2Required', () => {
  test('FAIL given the ec2.Instance default', () => {
    const f = new ControlFixture();
    new ec2.Instance(f.stack, 'I', { vpc: vpcOf(f), instanceType: INSTANCE_TYPE, machineImage: IMAGE });
    expect(f.status('EC2.Imdsv2Required', 'I/Resource')).toBe('FAIL');
    expect(f.message('EC2.Imdsv2Required', 'I/Resource')).toMatch(/HttpTokens is not required/);
  });
  test('PASS given httpTokens REQUIRED on the instance', () => {
    const f = new ControlFixture();
    new ec2.Instance(f.stack, 'I', { vpc: vpcOf(f), instanceType: INSTANCE_TYPE, machineImage: IMAGE, httpTokens: ec2.HttpTokens.REQUIRED });
    expect(f.status('EC2.Imdsv2Required', 'I/Resource')).toBe('PASS');
  });
  test('FAIL given the launch template of requireImdsv2 overridden to optional', () => {
    const f = new ControlFixture();
    const lt = new ec2.LaunchTemplate(f.stack, 'Lt', { requireImdsv2: true });
    (lt.node.defaultChild as ec2.CfnLaunchTemplate).addPropertyOverride('LaunchTemplateData.MetadataOptions.HttpTokens', 'optional');
    new ec2.CfnInstance(f.stack, 'I', { launchTemplate: { launchTemplateId: lt.launchTemplateId, version: lt.latestVersionNumber } });
    expect(f.status('EC2.Imdsv2Required', 'I')).toBe('FAIL');
    expect(f.message('EC2.Imdsv2Required', 'I')).toMatch(/HttpTokens is optional on its launch template/);
    expect(f.status('EC2.Imdsv2Required', 'Lt')).toBe('FAIL');
    expect(f.message('EC2.Imdsv2Required', 'Lt')).toMatch(/HttpTokens is optional/);
  });
  test('FAIL given an L2 launch template without requireImdsv2', () => {
    const f = new ControlFixture();
    new ec2.LaunchTemplate(f.stack, 'Lt');
    expect(f.status('EC2.Imdsv2Required', 'Lt')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a launch template outside the app', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'I', { launchTemplate: { launchTemplateName: 'shared', version: '1' } });
    expect(f.status('EC2.Imdsv2Required', 'I')).toBe('UNVERIFIABLE');
  });
  test('PASS given the metadata endpoint disabled', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'I', { imageId: 'ami-12345678', metadataOptions: { httpEndpoint: 'disabled' } });
    expect(f.status('EC2.Imdsv2Required', 'I')).toBe('PASS');
  });
});

describe('EC2.InstanceNoPublicIp', () => {
  test('FAIL given associatePublicIpAddress: true', () => {
    const f = new ControlFixture();
    new ec2.Instance(f.stack, 'I', {
      vpc: vpcOf(f),
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      instanceType: INSTANCE_TYPE,
      machineImage: IMAGE,
      associatePublicIpAddress: true,
    });
    expect(f.status('EC2.InstanceNoPublicIp', 'I/Resource')).toBe('FAIL');
    expect(f.message('EC2.InstanceNoPublicIp', 'I/Resource')).toMatch(/AssociatePublicIpAddress true/);
  });
  test('FAIL given a public subnet', () => {
    const f = new ControlFixture();
    new ec2.Instance(f.stack, 'I', { vpc: vpcOf(f), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, instanceType: INSTANCE_TYPE, machineImage: IMAGE });
    expect(f.status('EC2.InstanceNoPublicIp', 'I/Resource')).toBe('FAIL');
    expect(f.message('EC2.InstanceNoPublicIp', 'I/Resource')).toMatch(/MapPublicIpOnLaunch true/);
  });
  test('PASS given a public subnet with the primary interface refusing a public IP', () => {
    const f = new ControlFixture();
    const vpc = vpcOf(f);
    new ec2.CfnInstance(f.stack, 'I', { networkInterfaces: [{ deviceIndex: '0', subnetId: vpc.publicSubnets[0].subnetId, associatePublicIpAddress: false }] });
    expect(f.status('EC2.InstanceNoPublicIp', 'I')).toBe('PASS');
  });
  test('FAIL given an Elastic IP on the instance', () => {
    const f = new ControlFixture();
    const i = compliantInstance(f);
    new ec2.CfnEIP(f.stack, 'Eip', { instanceId: i.instanceId });
    expect(f.status('EC2.InstanceNoPublicIp', 'I/Resource')).toBe('FAIL');
    expect(f.message('EC2.InstanceNoPublicIp', 'I/Resource')).toMatch(/Elastic IP/);
  });
  test('FAIL given an L1 instance without a subnet (default VPC)', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'I', { imageId: 'ami-12345678' });
    expect(f.status('EC2.InstanceNoPublicIp', 'I')).toBe('FAIL');
    expect(f.message('EC2.InstanceNoPublicIp', 'I')).toMatch(/default VPC/);
  });
  test('UNVERIFIABLE given a subnet outside the app', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'I', { imageId: 'ami-12345678', subnetId: 'subnet-0123456789abcdef0' });
    expect(f.status('EC2.InstanceNoPublicIp', 'I')).toBe('UNVERIFIABLE');
    expect(f.message('EC2.InstanceNoPublicIp', 'I')).toMatch(/outside the app/);
  });
  test('FAIL given a launch template that associates a public IP', () => {
    const f = new ControlFixture();
    new ec2.LaunchTemplate(f.stack, 'Lt', { associatePublicIpAddress: true });
    expect(f.status('EC2.InstanceNoPublicIp', 'Lt')).toBe('FAIL');
  });
  test('PASS given a launch template without public IP association', () => {
    const f = new ControlFixture();
    new ec2.LaunchTemplate(f.stack, 'Lt', { requireImdsv2: true });
    expect(f.status('EC2.InstanceNoPublicIp', 'Lt')).toBe('PASS');
  });
});

describe('EC2.InstanceInVpc', () => {
  test('FAIL given an L1 instance without a subnet', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'I', { imageId: 'ami-12345678' });
    expect(f.status('EC2.InstanceInVpc', 'I')).toBe('FAIL');
    expect(f.message('EC2.InstanceInVpc', 'I')).toMatch(/default VPC/);
  });
  test('PASS given a network interface in a subnet', () => {
    const f = new ControlFixture();
    const vpc = vpcOf(f);
    new ec2.CfnInstance(f.stack, 'I', { networkInterfaces: [{ deviceIndex: '0', subnetId: vpc.privateSubnets[0].subnetId }] });
    expect(f.status('EC2.InstanceInVpc', 'I')).toBe('PASS');
  });
  test('UNVERIFIABLE given a launch template outside the app and no subnet', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'I', { launchTemplate: { launchTemplateName: 'shared', version: '1' } });
    expect(f.status('EC2.InstanceInVpc', 'I')).toBe('UNVERIFIABLE');
  });
});

describe('EC2.InstanceProfileAttached', () => {
  test('FAIL given an L1 instance without a profile', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'I', { imageId: 'ami-12345678' });
    expect(f.status('EC2.InstanceProfileAttached', 'I')).toBe('FAIL');
    expect(f.message('EC2.InstanceProfileAttached', 'I')).toMatch(/long-lived credentials/);
  });
  test('PASS given a profile on the launch template', () => {
    const f = new ControlFixture();
    const lt = new ec2.CfnLaunchTemplate(f.stack, 'Lt', { launchTemplateData: { iamInstanceProfile: { name: 'app-profile' } } });
    new ec2.CfnInstance(f.stack, 'I', { launchTemplate: { launchTemplateId: lt.ref, version: lt.attrLatestVersionNumber } });
    expect(f.status('EC2.InstanceProfileAttached', 'I')).toBe('PASS');
  });
  test('UNVERIFIABLE given a launch template outside the app', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'I', { launchTemplate: { launchTemplateName: 'shared', version: '1' } });
    expect(f.status('EC2.InstanceProfileAttached', 'I')).toBe('UNVERIFIABLE');
  });
});

describe('EC2.NoKeyPair', () => {
  test('PASS given an instance without a key pair', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'Host', { imageId: 'ami-12345678', instanceType: 't3.micro' });
    expect(f.status('EC2.NoKeyPair', 'Host')).toBe('PASS');
  });
  test('FAIL given an instance with a KeyName', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'Host', { imageId: 'ami-12345678', instanceType: 't3.micro', keyName: 'ops' });
    expect(f.status('EC2.NoKeyPair', 'Host')).toBe('FAIL');
    expect(f.message('EC2.NoKeyPair', 'Host')).toMatch(/SSH key pair/);
  });
  test('FAIL given a launch template with a key pair the app creates', () => {
    const f = new ControlFixture();
    const key = new ec2.CfnKeyPair(f.stack, 'Key', { keyName: 'ops' });
    new ec2.CfnLaunchTemplate(f.stack, 'Template', { launchTemplateData: { keyName: key.ref } });
    expect(f.status('EC2.NoKeyPair', 'Template')).toBe('FAIL');
  });
  test('FAIL given an instance that inherits the key pair of its launch template', () => {
    const f = new ControlFixture();
    const template = new ec2.CfnLaunchTemplate(f.stack, 'Template', { launchTemplateData: { keyName: 'ops' } });
    new ec2.CfnInstance(f.stack, 'Host', { launchTemplate: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber } });
    expect(f.status('EC2.NoKeyPair', 'Host')).toBe('FAIL');
  });
  test('UNVERIFIABLE given an instance launched from a launch template outside the app', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'Host', { launchTemplate: { launchTemplateId: 'lt-0123456789abcdef0', version: '1' } });
    expect(f.status('EC2.NoKeyPair', 'Host')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a KeyName behind a condition', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'Host', { imageId: 'ami-12345678', keyName: { 'Fn::If': ['WithKey', 'ops', { Ref: 'AWS::NoValue' }] } as any });
    expect(f.status('EC2.NoKeyPair', 'Host')).toBe('UNVERIFIABLE');
  });
});

describe('EC2.Imdsv2Required on Auto Scaling launch configurations', () => {
  test('PASS given an Auto Scaling group with requireImdsv2 (its launch configuration requires tokens)', () => {
    const f = new ControlFixture();
    new autoscaling.AutoScalingGroup(f.stack, 'Group', { vpc: vpcOf(f), instanceType: INSTANCE_TYPE, machineImage: IMAGE, requireImdsv2: true });
    expect(f.status('EC2.Imdsv2Required', 'Group/LaunchConfig')).toBe('PASS');
  });
  test('FAIL given the autoscaling.AutoScalingGroup default', () => {
    const f = new ControlFixture();
    new autoscaling.AutoScalingGroup(f.stack, 'Group', { vpc: vpcOf(f), instanceType: INSTANCE_TYPE, machineImage: IMAGE });
    expect(f.status('EC2.Imdsv2Required', 'Group/LaunchConfig')).toBe('FAIL');
    expect(f.message('EC2.Imdsv2Required', 'Group/LaunchConfig')).toMatch(/not required on the launch configuration/);
  });
  test('FAIL given an L1 launch configuration with HttpTokens optional', () => {
    const f = new ControlFixture();
    new autoscaling.CfnLaunchConfiguration(f.stack, 'Config', {
      imageId: 'ami-12345678', instanceType: 't3.micro', metadataOptions: { httpTokens: 'optional' },
    });
    expect(f.status('EC2.Imdsv2Required', 'Config')).toBe('FAIL');
    expect(f.message('EC2.Imdsv2Required', 'Config')).toMatch(/HttpTokens is optional on the launch configuration/);
  });
  test('UNVERIFIABLE given HttpTokens from a parameter', () => {
    const f = new ControlFixture();
    const tokens = new CfnParameter(f.stack, 'Tokens');
    new autoscaling.CfnLaunchConfiguration(f.stack, 'Config', {
      imageId: 'ami-12345678', instanceType: 't3.micro', metadataOptions: { httpTokens: tokens.valueAsString },
    });
    expect(f.status('EC2.Imdsv2Required', 'Config')).toBe('UNVERIFIABLE');
  });
});

describe('EC2.EbsOptimized', () => {
  test('PASS given a current-generation type (EBS-optimized by default)', () => {
    const f = new ControlFixture();
    new ec2.Instance(f.stack, 'I', { vpc: vpcOf(f), instanceType: INSTANCE_TYPE, machineImage: IMAGE });
    expect(f.status('EC2.EbsOptimized', 'I/Resource')).toBe('PASS');
  });
  test('FAIL given m3.xlarge without ebsOptimized', () => {
    const f = new ControlFixture();
    new ec2.Instance(f.stack, 'I', { vpc: vpcOf(f), instanceType: new ec2.InstanceType('m3.xlarge'), machineImage: IMAGE });
    expect(f.status('EC2.EbsOptimized', 'I/Resource')).toBe('FAIL');
    expect(f.message('EC2.EbsOptimized', 'I/Resource')).toMatch(/m3\.xlarge is not EBS-optimized by default/);
  });
  test('PASS given m3.xlarge with ebsOptimized: true', () => {
    const f = new ControlFixture();
    new ec2.Instance(f.stack, 'I', { vpc: vpcOf(f), instanceType: new ec2.InstanceType('m3.xlarge'), machineImage: IMAGE, ebsOptimized: true });
    expect(f.status('EC2.EbsOptimized', 'I/Resource')).toBe('PASS');
  });
  test('PASS given no InstanceType (m1.small cannot be EBS-optimized)', () => {
    const f = new ControlFixture();
    new ec2.CfnInstance(f.stack, 'Host', { imageId: 'ami-12345678' });
    expect(f.status('EC2.EbsOptimized', 'Host')).toBe('PASS');
  });
  test('an instance takes type and EbsOptimized from its launch template, which is then N/A', () => {
    const f = new ControlFixture();
    const template = new ec2.CfnLaunchTemplate(f.stack, 'Template', { launchTemplateData: { instanceType: 'c3.2xlarge' } });
    new ec2.CfnInstance(f.stack, 'Host', { launchTemplate: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber } });
    expect(f.status('EC2.EbsOptimized', 'Host')).toBe('FAIL');
    expect(f.status('EC2.EbsOptimized', 'Template')).toBe('N/A');
  });
  test('FAIL given an Auto Scaling launch configuration of r3.xlarge; PASS with EbsOptimized', () => {
    const f = new ControlFixture();
    new autoscaling.CfnLaunchConfiguration(f.stack, 'Plain', { imageId: 'ami-12345678', instanceType: 'r3.xlarge' });
    new autoscaling.CfnLaunchConfiguration(f.stack, 'Optimized', { imageId: 'ami-12345678', instanceType: 'r3.xlarge', ebsOptimized: true });
    expect(f.status('EC2.EbsOptimized', 'Plain')).toBe('FAIL');
    expect(f.status('EC2.EbsOptimized', 'Optimized')).toBe('PASS');
  });
  test('N/A given a launch template without InstanceType', () => {
    const f = new ControlFixture();
    new ec2.LaunchTemplate(f.stack, 'Lt', { machineImage: IMAGE });
    expect(f.status('EC2.EbsOptimized', 'Lt')).toBe('N/A');
  });
  test('UNVERIFIABLE given the instance type from a parameter, or a launch template outside the app', () => {
    const f = new ControlFixture();
    const type = new CfnParameter(f.stack, 'Type');
    new ec2.CfnInstance(f.stack, 'Host', { imageId: 'ami-12345678', instanceType: type.valueAsString });
    new ec2.CfnInstance(f.stack, 'Shared', { launchTemplate: { launchTemplateName: 'shared', version: '1' } });
    expect(f.status('EC2.EbsOptimized', 'Host')).toBe('UNVERIFIABLE');
    expect(f.status('EC2.EbsOptimized', 'Shared')).toBe('UNVERIFIABLE');
  });
});

describe('EC2.DetailedMonitoring', () => {
  test('PASS given detailedMonitoring: true', () => {
    const f = new ControlFixture();
    new ec2.Instance(f.stack, 'I', { vpc: vpcOf(f), instanceType: INSTANCE_TYPE, machineImage: IMAGE, detailedMonitoring: true });
    expect(f.status('EC2.DetailedMonitoring', 'I/Resource')).toBe('PASS');
  });
  test('FAIL given the ec2.Instance default (basic monitoring)', () => {
    const f = new ControlFixture();
    new ec2.Instance(f.stack, 'I', { vpc: vpcOf(f), instanceType: INSTANCE_TYPE, machineImage: IMAGE });
    expect(f.status('EC2.DetailedMonitoring', 'I/Resource')).toBe('FAIL');
    expect(f.message('EC2.DetailedMonitoring', 'I/Resource')).toMatch(/not enabled/);
  });
  test('PASS given an instance inheriting Monitoring.Enabled from its launch template; the template is N/A', () => {
    const f = new ControlFixture();
    const lt = new ec2.LaunchTemplate(f.stack, 'Lt', { detailedMonitoring: true });
    new ec2.CfnInstance(f.stack, 'Host', { launchTemplate: { launchTemplateId: lt.launchTemplateId, version: lt.latestVersionNumber } });
    expect(f.status('EC2.DetailedMonitoring', 'Host')).toBe('PASS');
    expect(f.status('EC2.DetailedMonitoring', 'Lt')).toBe('N/A');
  });
  test('FAIL given an instance that turns off the monitoring its launch template enables', () => {
    const f = new ControlFixture();
    const lt = new ec2.LaunchTemplate(f.stack, 'Lt', { detailedMonitoring: true });
    new ec2.CfnInstance(f.stack, 'Host', { monitoring: false, launchTemplate: { launchTemplateId: lt.launchTemplateId, version: lt.latestVersionNumber } });
    expect(f.status('EC2.DetailedMonitoring', 'Host')).toBe('FAIL');
    expect(f.message('EC2.DetailedMonitoring', 'Host')).toMatch(/turned off/);
  });
  test('FAIL given a launch template without detailed monitoring; PASS with it', () => {
    const f = new ControlFixture();
    new ec2.LaunchTemplate(f.stack, 'Basic');
    new ec2.LaunchTemplate(f.stack, 'Detailed', { detailedMonitoring: true });
    expect(f.status('EC2.DetailedMonitoring', 'Basic')).toBe('FAIL');
    expect(f.status('EC2.DetailedMonitoring', 'Detailed')).toBe('PASS');
  });
  test('PASS given the autoscaling.AutoScalingGroup default (launch configurations default to detailed); FAIL given Monitoring.BASIC', () => {
    const f = new ControlFixture();
    const vpc = vpcOf(f);
    new autoscaling.AutoScalingGroup(f.stack, 'Detailed', { vpc, instanceType: INSTANCE_TYPE, machineImage: IMAGE });
    new autoscaling.AutoScalingGroup(f.stack, 'Basic', { vpc, instanceType: INSTANCE_TYPE, machineImage: IMAGE, instanceMonitoring: autoscaling.Monitoring.BASIC });
    expect(f.status('EC2.DetailedMonitoring', 'Detailed/LaunchConfig')).toBe('PASS');
    expect(f.status('EC2.DetailedMonitoring', 'Basic/LaunchConfig')).toBe('FAIL');
    expect(f.message('EC2.DetailedMonitoring', 'Basic/LaunchConfig')).toMatch(/turned off/);
  });
  test('UNVERIFIABLE given Monitoring from a parameter, or a launch template outside the app', () => {
    const f = new ControlFixture();
    const monitoring = new CfnParameter(f.stack, 'Monitoring', { type: 'String' });
    new ec2.CfnInstance(f.stack, 'Host', { imageId: 'ami-12345678', monitoring: monitoring.valueAsString as any });
    new ec2.CfnInstance(f.stack, 'Shared', { launchTemplate: { launchTemplateName: 'shared', version: '1' } });
    expect(f.status('EC2.DetailedMonitoring', 'Host')).toBe('UNVERIFIABLE');
    expect(f.status('EC2.DetailedMonitoring', 'Shared')).toBe('UNVERIFIABLE');
  });
});

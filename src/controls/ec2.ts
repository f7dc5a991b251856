import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { EC2_NETWORK_CONTROLS, subnetAssignsPublicIp } from './ec2-network';
import { customerKeyVerdict } from './key-verdicts';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { bool, dig, isIntrinsic, list, str, Unknown, UNKNOWN } from './values';

const VOLUME = 'AWS::EC2::Volume';
const INSTANCE = 'AWS::EC2::Instance';
const LAUNCH_TEMPLATE = 'AWS::EC2::LaunchTemplate';
const LAUNCH_CONFIGURATION = 'AWS::AutoScaling::LaunchConfiguration';

/** Device names AMIs use for the root volume (Linux, Windows and older Linux AMIs). */
const ROOT_DEVICES = new Set(['/dev/xvda', '/dev/sda1', '/dev/sda', 'xvda', 'sda1']);

/**
 * The launch template an instance is launched from: followed by LaunchTemplateId, by a
 * reference in LaunchTemplateName or Version (aws-cdk-lib's `requireImdsv2` names the template
 * literally and points Version at it), or by its literal name in the app.
 *
 * @returns undefined when the instance names no template, 'unknown' when the template is outside the app
 */
function launchTemplateOf(r: RenderedResource, index: ResourceIndex): RenderedResource | Unknown | undefined {
  const spec = r.properties.LaunchTemplate;
  if (spec === undefined) return undefined;
  if (isIntrinsic(spec)) return UNKNOWN;
  for (const value of [spec.LaunchTemplateId, spec.LaunchTemplateName, spec.Version]) {
    const t = index.target(value, r);
    if (t?.type === LAUNCH_TEMPLATE) return t;
  }
  const name = spec.LaunchTemplateName;
  if (typeof name !== 'string') return UNKNOWN;
  const named = index.ofType(LAUNCH_TEMPLATE).filter((lt) => lt.properties.LaunchTemplateName === name);
  return named.find((lt) => lt.stackKey === r.stackKey) ?? (named.length === 1 ? named[0] : UNKNOWN);
}

/** Whether some instance of the app is launched from this launch template. */
function launchesInstances(lt: RenderedResource, index: ResourceIndex): boolean {
  return index.ofType(INSTANCE).some((i) => {
    const t = launchTemplateOf(i, index);
    return t !== UNKNOWN && t?.key === lt.key;
  });
}

/** The launch template data of an instance's template ({} when none; 'unknown' outside the app). */
function templateData(r: RenderedResource, index: ResourceIndex): any | Unknown {
  if (r.type === LAUNCH_TEMPLATE) return r.properties.LaunchTemplateData ?? {};
  const lt = launchTemplateOf(r, index);
  if (lt === UNKNOWN) return UNKNOWN;
  return lt?.properties.LaunchTemplateData ?? {};
}

/**
 * EC2.VolumeEncrypted: the EBS volume is encrypted.
 * - given Encrypted true (ec2.Volume with `encrypted: true`), then PASS
 * - given Encrypted false or absent (the ec2.Volume default), then FAIL
 * - given Encrypted absent and a SnapshotId (encryption is inherited from the snapshot), then UNVERIFIABLE
 * - given Encrypted from a parameter, then UNVERIFIABLE
 */
const volumeEncrypted: Control = {
  id: 'EC2.VolumeEncrypted',
  title: 'EBS volume is encrypted',
  resourceTypes: [VOLUME],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set encrypted: true and encryptionKey (a HipaaKey) on the volume.',
  check: (r) => {
    const encrypted = bool(r.properties.Encrypted);
    if (encrypted === true) return pass();
    if (encrypted === UNKNOWN) return unverifiable('Encrypted cannot be resolved at synth.');
    if (encrypted === undefined && r.properties.SnapshotId !== undefined) {
      return unverifiable('Encrypted is not set and the volume is created from a snapshot, whose encryption synth cannot see.');
    }
    return fail(`Encrypted is ${encrypted ?? 'not set'}; the volume is encrypted only if EBS encryption by default is on in the account, which synth cannot see.`);
  },
};

/**
 * EC2.VolumeCustomerManagedKey: an encrypted EBS volume uses a customer-managed key.
 * - given Encrypted true and KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given Encrypted true without KmsKeyId (the account's default EBS key) or with alias/aws/ebs, then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 * - given an unencrypted volume (EC2.VolumeEncrypted reports it), then N/A
 */
const volumeCustomerManagedKey: Control = {
  id: 'EC2.VolumeCustomerManagedKey',
  title: 'EBS volume is encrypted with a customer-managed KMS key',
  resourceTypes: [VOLUME],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Pass encryptionKey (a HipaaKey) to the volume.',
  check: (r, index) => {
    if (bool(r.properties.Encrypted) !== true && r.properties.KmsKeyId === undefined) return notApplicable();
    return customerKeyVerdict(r, index, ['KmsKeyId'], "the account's default EBS key (aws/ebs unless it was changed)");
  },
};

/** Block device mappings by device name, the instance's over its launch template's. */
function mergedMappings(r: RenderedResource, data: any): any[] | Unknown {
  const own = r.type === INSTANCE ? list(r.properties.BlockDeviceMappings) : [];
  const inherited = list(data?.BlockDeviceMappings);
  if (own === UNKNOWN || inherited === UNKNOWN) return UNKNOWN;
  const byDevice = new Map<string, any>();
  for (const m of [...inherited, ...own]) byDevice.set(String(m?.DeviceName), m);
  return [...byDevice.values()];
}

/**
 * EC2.BlockDevicesEncrypted: every EBS volume an instance or launch template maps is encrypted,
 * the root volume included.
 * - given mappings whose every Ebs has Encrypted true, one of them for the root device
 *   (/dev/xvda or /dev/sda1), then PASS
 * - given an Ebs mapping without Encrypted true, then FAIL
 * - given no mapping for the root device (ec2.Instance without blockDevices), then UNVERIFIABLE: the root
 *   volume is then encrypted only if the AMI's snapshot is or EBS encryption by default is on,
 *   neither of which synth can see (acknowledge, citing encryption by default, if it is on)
 * - given an instance mapping instance-store volumes only (VirtualName / NoDevice), these are skipped
 * - given a launch template that an instance of the app is launched from, then N/A (the instance
 *   is judged with the template's mappings merged in)
 * - given Encrypted from a parameter, an Ebs from a snapshot without Encrypted, or a launch template
 *   outside the app, then UNVERIFIABLE
 */
const blockDevicesEncrypted: Control = {
  id: 'EC2.BlockDevicesEncrypted',
  title: 'EC2 instance and launch template volumes are encrypted',
  resourceTypes: [INSTANCE, LAUNCH_TEMPLATE],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set blockDevices with BlockDeviceVolume.ebs(size, { encrypted: true, kmsKey }) for the root device and every data volume.',
  check: (r, index) => {
    if (r.type === LAUNCH_TEMPLATE && launchesInstances(r, index)) return notApplicable();
    const data = templateData(r, index);
    if (data === UNKNOWN) return unverifiable('the instance is launched from a launch template outside the app, whose block devices synth cannot see.');
    const mappings = mergedMappings(r, data);
    if (mappings === UNKNOWN) return unverifiable('BlockDeviceMappings cannot be resolved at synth.');
    const unencrypted: string[] = [];
    let rootEncrypted = false;
    for (const m of mappings) {
      if (m?.Ebs === undefined || m?.NoDevice !== undefined) continue;
      const encrypted = bool(dig(m, 'Ebs', 'Encrypted'));
      if (encrypted === UNKNOWN) return unverifiable(`Encrypted of ${m.DeviceName} cannot be resolved at synth.`);
      if (encrypted === undefined && dig(m, 'Ebs', 'SnapshotId') !== undefined) {
        return unverifiable(`${m.DeviceName} is created from a snapshot without Encrypted, so its encryption comes from the snapshot, which synth cannot see.`);
      }
      if (encrypted !== true) unencrypted.push(String(m.DeviceName));
      else if (ROOT_DEVICES.has(String(m.DeviceName))) rootEncrypted = true;
    }
    if (unencrypted.length > 0) return fail(`block device ${unencrypted.join(', ')} ${unencrypted.length === 1 ? 'is' : 'are'} not encrypted.`);
    if (!rootEncrypted) {
      return unverifiable('no block device mapping encrypts the root volume (/dev/xvda or /dev/sda1): it is encrypted only if the AMI snapshot is or EBS encryption by default is on in the account, which synth cannot see; map the root device with Encrypted true.');
    }
    return pass();
  },
};

/** The verdict of MetadataOptions: required or disabled → pass; optional → fail; absent → undefined. */
function metadataVerdict(options: unknown, where: string): Verdict | undefined {
  if (options === undefined) return undefined;
  if (isIntrinsic(options)) return unverifiable(`MetadataOptions of ${where} cannot be resolved at synth.`);
  const tokens = str(dig(options, 'HttpTokens'));
  const endpoint = str(dig(options, 'HttpEndpoint'));
  if (tokens === UNKNOWN || endpoint === UNKNOWN) return unverifiable(`MetadataOptions of ${where} cannot be resolved at synth.`);
  if (tokens === 'required' || endpoint === 'disabled') return pass();
  if (tokens === 'optional') return fail(`HttpTokens is optional on ${where}, so IMDSv1 answers unauthenticated requests for the role's credentials.`);
  return undefined;
}

/**
 * EC2.Imdsv2Required: the instance metadata service requires session tokens (IMDSv2).
 * - given MetadataOptions.HttpTokens required (or HttpEndpoint disabled) on the instance, then PASS
 * - given an instance launched from a launch template of the app with HttpTokens required
 *   (ec2.Instance with `requireImdsv2: true` renders one), then PASS
 * - given a launch template with HttpTokens required, then PASS
 * - given HttpTokens optional or absent everywhere, then FAIL
 * - given a launch template outside the app and no HttpTokens on the instance, then UNVERIFIABLE
 * - given an Auto Scaling launch configuration (autoscaling.AutoScalingGroup renders one unless
 *   launch templates are switched on) with MetadataOptions.HttpTokens required, then PASS; with it
 *   optional or absent (IMDSv1 stays on), then FAIL; with MetadataOptions from a parameter, then UNVERIFIABLE
 */
const imdsv2Required: Control = {
  id: 'EC2.Imdsv2Required',
  title: 'EC2 instance metadata requires IMDSv2',
  resourceTypes: [INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'EC2IMDSv2Enabled',
  fix: 'Set requireImdsv2: true on the instance, launch template or Auto Scaling group.',
  check: (r, index) => {
    if (r.type === LAUNCH_CONFIGURATION) {
      return metadataVerdict(r.properties.MetadataOptions, 'the launch configuration')
        ?? fail('HttpTokens is not required on the launch configuration, so IMDSv1 answers unauthenticated requests for the role\'s credentials.');
    }
    if (r.type === INSTANCE) {
      const own = metadataVerdict(r.properties.MetadataOptions, 'the instance');
      if (own) return own;
    }
    const data = templateData(r, index);
    if (data === UNKNOWN) return unverifiable('the instance is launched from a launch template outside the app, whose MetadataOptions synth cannot see.');
    const inherited = metadataVerdict(data.MetadataOptions, r.type === INSTANCE ? 'its launch template' : 'the launch template');
    return inherited ?? fail('HttpTokens is not required, so IMDSv1 answers unauthenticated requests for the role\'s credentials.');
  },
};

/** The network interfaces of an instance and of its launch template. */
function networkInterfaces(r: RenderedResource, data: any): any[] | Unknown {
  const own = r.type === INSTANCE ? list(r.properties.NetworkInterfaces) : [];
  const inherited = list(data?.NetworkInterfaces);
  if (own === UNKNOWN || inherited === UNKNOWN) return UNKNOWN;
  return own.length > 0 ? own : inherited;
}

/**
 * EC2.InstanceNoPublicIp: the instance gets no public IP address.
 * - given a SubnetId (or primary interface subnet) of the app that does not map public IPs on launch, then PASS
 * - given a network interface (instance or launch template) with AssociatePublicIpAddress false, then PASS
 * - given AssociatePublicIpAddress true, then FAIL
 * - given a subnet with MapPublicIpOnLaunch true and no interface that turns it off, then FAIL
 * - given an Elastic IP (AWS::EC2::EIP or EIPAssociation) attached to the instance, then FAIL
 * - given no subnet at all (the default VPC, whose subnets map public IPs), then FAIL
 * - given a subnet outside the app, then UNVERIFIABLE
 * - given a launch template: AssociatePublicIpAddress true on an interface → FAIL, else PASS
 */
const instanceNoPublicIp: Control = {
  id: 'EC2.InstanceNoPublicIp',
  title: 'EC2 instance has no public IP address',
  resourceTypes: [INSTANCE, LAUNCH_TEMPLATE],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'EC2InstanceNoPublicIp',
  fix: 'Place the instance in private subnets (vpcSubnets) and leave associatePublicIpAddress unset.',
  rationale: 'A host with a public IP address can be reached from the internet, outside the network boundary that protects the PHI it processes.',
  check: (r, index) => {
    const data = templateData(r, index);
    if (data === UNKNOWN) return unverifiable('the instance is launched from a launch template outside the app, whose network settings synth cannot see.');
    const interfaces = networkInterfaces(r, data);
    if (interfaces === UNKNOWN) return unverifiable('NetworkInterfaces cannot be resolved at synth.');
    const associate = interfaces.map((i) => bool(i?.AssociatePublicIpAddress));
    if (associate.includes(UNKNOWN)) return unverifiable('AssociatePublicIpAddress cannot be resolved at synth.');
    if (associate.includes(true)) return fail('a network interface has AssociatePublicIpAddress true.');
    if (r.type === LAUNCH_TEMPLATE) return pass();
    const eips = [...index.referencing(r, 'AWS::EC2::EIP'), ...index.referencing(r, 'AWS::EC2::EIPAssociation')];
    if (eips.length > 0) return fail(`an Elastic IP (${eips[0].logicalId}) is associated with the instance.`);
    const primary = interfaces.find((i) => String(i?.DeviceIndex ?? '0') === '0');
    if (primary && bool(primary.AssociatePublicIpAddress) === false) return pass();
    if (primary?.NetworkInterfaceId !== undefined) return pass();
    const subnetId = r.properties.SubnetId ?? primary?.SubnetId;
    if (subnetId === undefined) return fail('no subnet is given, so the instance lands in the default VPC, whose subnets assign public IP addresses.');
    const publicIp = subnetAssignsPublicIp(subnetId, r, index);
    if (publicIp === UNKNOWN) return unverifiable(`the subnet ${JSON.stringify(subnetId)} is outside the app; synth cannot see whether it assigns public IP addresses.`);
    return publicIp ? fail(`the subnet ${index.target(subnetId, r)?.logicalId} has MapPublicIpOnLaunch true, so the instance gets a public IP address.`) : pass();
  },
};

/**
 * EC2.InstanceInVpc: the instance is placed in a subnet of a chosen VPC.
 * - given SubnetId, or a network interface (instance or launch template) with SubnetId or NetworkInterfaceId, then PASS
 * - given none (the instance lands in the default VPC), then FAIL (warning)
 * - given a launch template outside the app and no subnet on the instance, then UNVERIFIABLE
 */
const instanceInVpc: Control = {
  id: 'EC2.InstanceInVpc',
  title: 'EC2 instance is placed in a subnet of a chosen VPC',
  resourceTypes: [INSTANCE],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'EC2InstancesInVPC',
  fix: 'Give the instance a vpc and vpcSubnets.',
  check: (r, index) => {
    if (r.properties.SubnetId !== undefined) return pass();
    const data = templateData(r, index);
    const interfaces = networkInterfaces(r, data === UNKNOWN ? {} : data);
    if (interfaces === UNKNOWN) return unverifiable('NetworkInterfaces cannot be resolved at synth.');
    if (interfaces.some((i) => i?.SubnetId !== undefined || i?.NetworkInterfaceId !== undefined)) return pass();
    if (data === UNKNOWN) return unverifiable('the instance is launched from a launch template outside the app, whose subnet synth cannot see.');
    return fail('no SubnetId or network interface is given, so the instance lands in the default VPC.');
  },
};

/**
 * EC2.InstanceProfileAttached: the instance has an IAM instance profile, so that it needs no stored credentials.
 * - given IamInstanceProfile on the instance or its launch template, then PASS
 * - given none, then FAIL (warning)
 * - given a launch template outside the app, then UNVERIFIABLE
 */
const instanceProfileAttached: Control = {
  id: 'EC2.InstanceProfileAttached',
  title: 'EC2 instance has an IAM instance profile',
  resourceTypes: [INSTANCE],
  citations: ['164.308(a)(4)', '164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'EC2InstanceProfileAttached',
  fix: 'Give the instance a role (ec2.Instance creates one by default).',
  check: (r, index) => {
    if (r.properties.IamInstanceProfile !== undefined) return pass();
    const data = templateData(r, index);
    if (data === UNKNOWN) return unverifiable('the instance is launched from a launch template outside the app, whose instance profile synth cannot see.');
    return data.IamInstanceProfile !== undefined ? pass() : fail('no IamInstanceProfile, so software on the instance needs long-lived credentials to call AWS.');
  },
};

/** Controls for EC2: volumes, instances and launch templates, then the network (ec2-network.ts). */
/**
 * EC2.NoKeyPair: the instance has no SSH key pair; access goes through Session Manager, where
 * every session is authenticated by IAM and logged.
 * - given no KeyName on the instance or its launch template, then PASS
 * - given a KeyName (a literal or a reference to a key pair), then FAIL
 * - given a launch template outside the app, or a KeyName behind a condition, then UNVERIFIABLE
 */
const noKeyPair: Control = {
  id: 'EC2.NoKeyPair',
  title: 'EC2 instance has no SSH key pair',
  resourceTypes: [INSTANCE, LAUNCH_TEMPLATE],
  citations: ['164.312(a)(1)', '164.312(d)', '164.312(b)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Leave keyPair unset and connect with Session Manager (HipaaInstance and HipaaLaunchTemplate set it up).',
  rationale: 'A shared SSH key authenticates no one in particular and its sessions are not logged; Session Manager ties each session to an IAM identity and records it.',
  check: (r, index) => {
    const own = r.type === INSTANCE ? r.properties.KeyName : undefined;
    const data = templateData(r, index);
    if (own === undefined && data === UNKNOWN) return unverifiable('the instance is launched from a launch template outside the app, whose KeyName synth cannot see.');
    const key = own ?? (data === UNKNOWN ? undefined : data.KeyName);
    if (key === undefined || key === '') return pass();
    if (typeof key === 'object' && key !== null && 'Fn::If' in key) return unverifiable('KeyName depends on a condition.');
    return fail('the instance has an SSH key pair (KeyName).');
  },
};

/**
 * Previous-generation instance types that can be EBS-optimized but are not by default (the EC2 user
 * guide's table of previous-generation types). Current-generation types are EBS-optimized by default;
 * the remaining previous-generation types (t1, m1.small, c3.8xlarge, ...) cannot be.
 */
const EBS_OPTIMIZABLE_NOT_BY_DEFAULT = new Set([
  'c1.xlarge', 'c3.xlarge', 'c3.2xlarge', 'c3.4xlarge', 'g2.2xlarge', 'i2.xlarge', 'i2.2xlarge', 'i2.4xlarge',
  'm1.large', 'm1.xlarge', 'm2.2xlarge', 'm2.4xlarge', 'm3.xlarge', 'm3.2xlarge', 'r3.xlarge', 'r3.2xlarge', 'r3.4xlarge',
]);

/** CloudFormation's InstanceType when an AWS::EC2::Instance and its launch template name none. */
const DEFAULT_INSTANCE_TYPE = 'm1.small';

/**
 * A launch setting of an instance, launch template or launch configuration: the instance's own value
 * over its launch template's (what EC2 does with RunInstances parameters).
 *
 * @returns undefined when neither sets it; 'unknown' when the instance leaves it to a launch template outside the app
 */
function launchSetting(r: RenderedResource, index: ResourceIndex, own: string, inTemplate: string[]): unknown {
  if (r.type === LAUNCH_CONFIGURATION) return r.properties[own];
  if (r.type === INSTANCE && r.properties[own] !== undefined) return r.properties[own];
  const data = templateData(r, index);
  return data === UNKNOWN ? UNKNOWN : dig(data, ...inTemplate);
}

/**
 * EC2.EbsOptimized: instances whose type supports EBS optimization without defaulting to it have it
 * enabled, so that volume I/O does not compete with network traffic.
 * - given a current-generation type (EBS-optimized by default, e.g. t3.micro) or a type that cannot be
 *   EBS-optimized, then PASS
 * - given no InstanceType on the instance or its launch template (CloudFormation launches m1.small,
 *   which cannot be EBS-optimized), then PASS
 * - given a previous-generation type that supports but does not default to it (m3.xlarge, c3.2xlarge,
 *   r3.xlarge, ...) with EbsOptimized true on the instance, its launch template or the launch configuration, then PASS
 * - given such a type without EbsOptimized true, then FAIL (warning)
 * - given a launch template that an instance of the app is launched from (the instance is judged),
 *   or one without InstanceType (the group or fleet picks the type), then N/A
 * - given InstanceType or EbsOptimized from a parameter, or a launch template outside the app, then UNVERIFIABLE
 */
const ebsOptimized: Control = {
  id: 'EC2.EbsOptimized',
  title: 'EC2 instance types that support EBS optimization have it enabled',
  resourceTypes: [INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION],
  citations: ['164.308(a)(7)(i)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'EC2EBSOptimizedInstance',
  fix: 'Use a current-generation instance type (EBS-optimized by default), or set ebsOptimized: true.',
  rationale: 'Without dedicated EBS bandwidth, storage I/O competes with network traffic, and the volumes holding PHI can stall under load.',
  check: (r, index) => {
    if (r.type === LAUNCH_TEMPLATE && launchesInstances(r, index)) return notApplicable();
    const type = str(launchSetting(r, index, 'InstanceType', ['InstanceType']));
    if (type === undefined && r.type === LAUNCH_TEMPLATE) return notApplicable();
    const optimized = bool(launchSetting(r, index, 'EbsOptimized', ['EbsOptimized']));
    if (optimized === true) return pass();
    if (type === UNKNOWN) return unverifiable('InstanceType cannot be resolved at synth (or comes from a launch template outside the app).');
    const instanceType = type ?? DEFAULT_INSTANCE_TYPE;
    if (!EBS_OPTIMIZABLE_NOT_BY_DEFAULT.has(instanceType)) return pass();
    if (optimized === UNKNOWN) return unverifiable('EbsOptimized cannot be resolved at synth.');
    return fail(`${instanceType} is not EBS-optimized by default and EbsOptimized is ${optimized ?? 'not set'}, so EBS I/O shares the network with other traffic.`);
  },
};

/**
 * EC2.DetailedMonitoring: CloudWatch receives the instance's metrics every minute (detailed monitoring).
 * - given Monitoring true on the instance (ec2.Instance with `detailedMonitoring: true`), or Monitoring.Enabled
 *   true on the launch template it uses and no Monitoring of its own, then PASS
 * - given Monitoring false or absent everywhere (basic monitoring, every five minutes), then FAIL (warning)
 * - given a launch template with Monitoring.Enabled true, then PASS; without it, then FAIL
 * - given a launch configuration with InstanceMonitoring true or absent (its default is detailed), then PASS;
 *   with InstanceMonitoring false, then FAIL
 * - given a launch template that an instance of the app is launched from (the instance is judged), then N/A
 * - given the setting from a parameter, or a launch template outside the app, then UNVERIFIABLE
 */
const detailedMonitoring: Control = {
  id: 'EC2.DetailedMonitoring',
  title: 'EC2 instances have detailed monitoring enabled',
  resourceTypes: [INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION],
  citations: ['164.308(a)(1)(ii)(D)', '164.312(b)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'EC2InstanceDetailedMonitoringEnabled',
  fix: 'Set detailedMonitoring: true on the instance or launch template (instanceMonitoring: Monitoring.DETAILED on an Auto Scaling group).',
  rationale: 'One-minute metrics let alarms notice a failing or misbehaving host that processes PHI while it can still be acted on.',
  check: (r, index) => {
    if (r.type === LAUNCH_TEMPLATE && launchesInstances(r, index)) return notApplicable();
    const enabled = bool(launchSetting(r, index, r.type === LAUNCH_CONFIGURATION ? 'InstanceMonitoring' : 'Monitoring', ['Monitoring', 'Enabled']));
    if (enabled === true) return pass();
    if (enabled === UNKNOWN) return unverifiable('the monitoring setting cannot be resolved at synth (or comes from a launch template outside the app).');
    if (r.type === LAUNCH_CONFIGURATION && enabled === undefined) return pass();
    return fail(`detailed monitoring is ${enabled === false ? 'turned off' : 'not enabled'}, so CloudWatch receives the host's metrics only every five minutes.`);
  },
};

export const EC2_CONTROLS: readonly Control[] = [
  volumeEncrypted,
  volumeCustomerManagedKey,
  retainedControl({ id: 'EC2.DataRetained', resourceTypes: [VOLUME], what: 'EBS volume', snapshotKeepsData: true }),
  blockDevicesEncrypted,
  imdsv2Required,
  instanceNoPublicIp,
  instanceInVpc,
  instanceProfileAttached,
  noKeyPair,
  ebsOptimized,
  detailedMonitoring,
  ...EC2_NETWORK_CONTROLS,
];

import { Size, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { HipaaHostOptions } from './hipaa-host-options';
import { createHostEssentials, createInventoryAssociation, ebsOptimizedFor, grantStartSession } from './private/host-essentials';
import { refuseHostWeakenings } from './private/host-refusals';
import { hostUserData } from './private/host-script';
import { encryptedBlockDevice, validateHostDevices } from './private/host-volumes';
import { HipaaBackupPlan } from '../backup/hipaa-backup-plan';
import { EncryptedVolume } from '../ec2/encrypted-volume';
import { CentralLogGroup } from '../logs/central-log-group';

/** What a HipaaInstance is unless told otherwise. */
const HIPAA_INSTANCE_DEFAULTS = {
  subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
  createDataVolume: true,
  dataVolumeSize: Size.gibibytes(100),
  requireImdsv2: true,
  detailedMonitoring: true,
  propagateTagsToVolumeOnCreation: true,
} as const;

/** Properties of a {@link HipaaInstance}. */
export interface HipaaInstanceProps extends HipaaHostOptions {
  /** The VPC to launch the instance in. */
  readonly vpc: ec2.IVpc;

  /** The instance type. */
  readonly instanceType: ec2.InstanceType;

  /**
   * The Linux machine image. It must run the SSM agent (Amazon Linux, Ubuntu and most AWS images
   * do); the user data is a bash script, so Windows images are rejected.
   */
  readonly machineImage: ec2.IMachineImage;

  /**
   * Where to place the instance. A selection with public subnets is refused (45 CFR 164.312(a)(1))
   * unless `CdkHipaa::EC2.InstanceNoPublicIp` is acknowledged.
   *
   * @default - private subnets with egress (`SubnetType.PRIVATE_WITH_EGRESS`)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The Availability Zone of the instance and its data volume, among those of `vpcSubnets`.
   *
   * @default - the Availability Zone of the first selected subnet
   */
  readonly availabilityZone?: string;

  /**
   * The instance's `Name` tag.
   *
   * @default - the construct path
   */
  readonly instanceName?: string;

  /**
   * Create an EncryptedVolume for data, attach it at `dataDeviceName` and mount it at
   * `dataMountPath`.
   *
   * @default true
   */
  readonly createDataVolume?: boolean;

  /**
   * Size of the data volume.
   *
   * @default Size.gibibytes(100)
   */
  readonly dataVolumeSize?: Size;
}

/**
 * An EC2 instance for PHI workloads, compliant with no optional props: root and data volumes
 * encrypted with a customer-managed key, IMDSv2 only, no public IP (private subnets), no key pair
 * and no SSH ingress, access through Session Manager with sessions logged to a CentralLogGroup,
 * detailed monitoring, EBS optimization, AWS Backup, an SSM software inventory, and change
 * detection: the CloudWatch agent ships the package, authentication and audit logs, and alarms
 * on package installs and removals and on sudo/su notify a topic.
 *
 * Covers 45 CFR 164.312(a)(2)(iv), 164.312(a)(1), 164.312(b), 164.308(a)(1)(ii)(D) and
 * 164.308(a)(7)(ii)(A).
 *
 * @example
 * const server = new HipaaInstance(this, 'Server', {
 *   vpc,
 *   instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
 *   machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
 *   topic: audit.topic,
 * });
 * server.grantStartSession(operatorsRole);
 */
export class HipaaInstance extends Construct implements ec2.IConnectable, iam.IGrantable {
  /** The EC2 instance. */
  public readonly instance: ec2.Instance;
  /**
   * The encrypted data volume, attached at `dataDeviceName` and mounted at `dataMountPath`.
   *
   * @default - none when `createDataVolume` is false
   */
  public readonly dataVolume?: EncryptedVolume;
  /** The customer-managed key of the volumes, logs, topic and sessions. */
  public readonly encryptionKey: kms.IKey;
  /** The instance's security group(s). */
  public readonly connections: ec2.Connections;
  /** The instance role. */
  public readonly role: iam.IRole;
  /** The principal of the instance role. */
  public readonly grantPrincipal: iam.IPrincipal;
  /** The log group the CloudWatch agent and Session Manager write the machine's logs to. */
  public readonly logGroup: CentralLogGroup;
  /** The topic the change detection alarms notify. */
  public readonly topic: sns.ITopic;
  /** The change detection alarms: package installs, package removals, sudo/su. */
  public readonly alarms: cloudwatch.IAlarm[];
  /** The user data script; commands added to it run after the host setup. */
  public readonly userData: ec2.UserData;
  /** The Session Manager document to start sessions with (`aws ssm start-session --document-name`). */
  public readonly sessionDocument: ssm.CfnDocument;
  /**
   * The SSM association that gathers the software inventory.
   *
   * @default - none when `softwareInventory` is false
   */
  public readonly inventoryAssociation?: ssm.CfnAssociation;
  /**
   * The backup plan the instance and its data volume are in.
   *
   * @default - none when `backup` is false
   */
  public readonly backupPlan?: HipaaBackupPlan;

  constructor(scope: Construct, id: string, props: HipaaInstanceProps) {
    super(scope, id);
    // requireImdsv2 creates a launch template; name it uniquely, or two instances called 'Instance' clash.
    this.node.setContext(cxapi.EC2_UNIQUE_IMDSV2_LAUNCH_TEMPLATE_NAME, true);
    const vpcSubnets = props.vpcSubnets ?? { subnetType: HIPAA_INSTANCE_DEFAULTS.subnetType };
    const selected = props.vpc.selectSubnets(vpcSubnets);
    refuseHostWeakenings(this, props, selected.hasPublic ? 'a selection with public subnets' : undefined);
    const devices = validateHostDevices(props);
    const subnet = this.pickSubnet(selected.subnets, props.availabilityZone);

    const essentials = createHostEssentials(this, {
      encryptionKey: props.encryptionKey,
      topic: props.topic,
      hostDescription: `instance ${this.node.path}`,
    });
    this.encryptionKey = essentials.encryptionKey;
    this.logGroup = essentials.logGroup;
    this.topic = essentials.topic;
    this.alarms = essentials.alarms;
    this.sessionDocument = essentials.sessionDocument;
    this.role = essentials.role;
    this.grantPrincipal = essentials.role;

    const backup = props.backup ?? true;
    if (props.createDataVolume ?? HIPAA_INSTANCE_DEFAULTS.createDataVolume) {
      this.dataVolume = new EncryptedVolume(this, 'DataVolume', {
        availabilityZone: subnet.availabilityZone,
        size: props.dataVolumeSize ?? HIPAA_INSTANCE_DEFAULTS.dataVolumeSize,
        encryptionKey: this.encryptionKey,
        backup,
        backupPlan: props.backupPlan,
      });
    }

    this.userData = hostUserData({
      logGroupName: essentials.logGroupName,
      dataVolume: this.dataVolume ? {
        deviceName: devices.dataDeviceName,
        mountPath: devices.dataMountPath,
        volumeId: this.dataVolume.volume.volumeId,
      } : undefined,
    });

    this.instance = new ec2.Instance(this, 'Instance', {
      vpc: props.vpc,
      vpcSubnets: { subnets: [subnet] },
      instanceType: props.instanceType,
      machineImage: props.machineImage,
      instanceName: props.instanceName,
      role: this.role,
      securityGroup: props.securityGroup,
      userData: this.userData,
      keyPair: props.keyPair,
      associatePublicIpAddress: props.associatePublicIpAddress === true ? true : undefined,
      requireImdsv2: HIPAA_INSTANCE_DEFAULTS.requireImdsv2,
      detailedMonitoring: HIPAA_INSTANCE_DEFAULTS.detailedMonitoring,
      ebsOptimized: ebsOptimizedFor(props.instanceType),
      propagateTagsToVolumeOnCreation: HIPAA_INSTANCE_DEFAULTS.propagateTagsToVolumeOnCreation,
      blockDevices: [encryptedBlockDevice(devices.rootDeviceName, devices.rootVolumeGiB, this.encryptionKey)],
    });
    if (this.instance.osType === ec2.OperatingSystemType.WINDOWS) {
      throw new Error(`HipaaInstance ${this.node.path}: machineImage is a Windows image; the host setup is a bash script, so use a Linux image.`);
    }
    // IMDSv2 on the instance itself too, whatever the launch template says.
    this.instance.instance.metadataOptions = { httpTokens: 'required' };
    this.connections = this.instance.connections;
    // The agent must find the log group, or it creates an unencrypted one of the same name.
    this.instance.node.addDependency(this.logGroup);
    this.dataVolume?.attachTo(this.instance, devices.dataDeviceName);

    if (props.softwareInventory ?? true) {
      this.inventoryAssociation = createInventoryAssociation(this, [{ key: 'InstanceIds', values: [this.instance.instanceId] }]);
    }
    if (backup) {
      this.backupPlan = props.backupPlan ?? HipaaBackupPlan.of(this);
      this.backupPlan.addConstruct(this.instance);
    }
  }

  /** The instance id. */
  public get instanceId(): string {
    return this.instance.instanceId;
  }

  /**
   * Lets a principal open Session Manager sessions on the instance, with this instance's session
   * document only (so every session is logged), end and resume its own sessions, and encrypt
   * session data with the key: `aws ssm start-session --target <instance id> --document-name
   * <sessionDocument name>`.
   */
  public grantStartSession(grantee: iam.IGrantable): iam.Grant {
    return grantStartSession(this, grantee, {
      instanceArns: [Stack.of(this).formatArn({ service: 'ec2', resource: 'instance', resourceName: this.instance.instanceId })],
      document: this.sessionDocument,
      encryptionKey: this.encryptionKey,
    });
  }

  private pickSubnet(subnets: ec2.ISubnet[], availabilityZone?: string): ec2.ISubnet {
    const candidates = availabilityZone ? subnets.filter((s) => s.availabilityZone === availabilityZone) : subnets;
    if (candidates.length === 0) {
      const where = availabilityZone ? ` in ${availabilityZone}` : '';
      throw new Error(`HipaaInstance ${this.node.path}: vpcSubnets selects no subnet${where}; the VPC needs private subnets with egress, or pass vpcSubnets.`);
    }
    return candidates[0];
  }
}

import { Size, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { HipaaHostOptions } from './hipaa-host-options';
import {
  allowAutoScalingToUseKey, createHostEssentials, createInventoryAssociation, ebsOptimizedFor, grantStartSession, HOST_DEFAULTS,
} from './private/host-essentials';
import { refuseHostWeakenings } from './private/host-refusals';
import { hostUserData } from './private/host-script';
import { encryptedBlockDevice, validateHostDevices, wholeGiB } from './private/host-volumes';
import { HipaaBackupPlan } from '../backup/hipaa-backup-plan';
import { CentralLogGroup } from '../logs/central-log-group';

/** What a HipaaLaunchTemplate is unless told otherwise. */
const HIPAA_LAUNCH_TEMPLATE_DEFAULTS = {
  requireImdsv2: true,
  httpTokens: ec2.LaunchTemplateHttpTokens.REQUIRED,
  detailedMonitoring: true,
  associatePublicIpAddress: false,
  autoScalingKeyAccess: true,
} as const;

/** Properties of a {@link HipaaLaunchTemplate}. */
export interface HipaaLaunchTemplateProps extends HipaaHostOptions {
  /**
   * The Linux machine image. It must run the SSM agent (Amazon Linux, Ubuntu and most AWS images
   * do); the user data is a bash script, so Windows images are rejected.
   */
  readonly machineImage: ec2.IMachineImage;

  /**
   * The instance type.
   *
   * @default - none: the Auto Scaling group (or its mixed instances policy) names it
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * The VPC the instances run in, to create their security group in. Needed unless
   * `securityGroup` is given.
   *
   * @default - none; `securityGroup` must be given
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Name of the launch template.
   *
   * @default - generated
   */
  readonly launchTemplateName?: string;

  /**
   * Size of an encrypted data volume in the launch template's block device mappings, attached at
   * `dataDeviceName`, formatted (when blank) and mounted at `dataMountPath` by the user data. It
   * is deleted with its instance; AWS Backup keeps its recovery points.
   *
   * @default - no data volume
   */
  readonly dataVolumeSize?: Size;

  /**
   * Let EC2 Auto Scaling use the key, so that it can launch instances with encrypted volumes: the
   * key policy lets the account's principals use it through EC2 in this region (`kms:CallerAccount`,
   * `kms:ViaService`), as the AWS-managed `aws/ebs` key does. It names no service-linked role, so it
   * deploys in an account where Auto Scaling was never used.
   *
   * @default true
   */
  readonly autoScalingKeyAccess?: boolean;
}

/**
 * An EC2 launch template for Auto Scaling groups of PHI workloads, with the settings of a
 * {@link HipaaInstance}: root (and optional data) volumes encrypted with a customer-managed key,
 * IMDSv2 only, no public IP address, no key pair, an instance profile for Session Manager, the
 * SSM agent and the CloudWatch agent, sessions logged to a CentralLogGroup, detailed monitoring,
 * change detection alarms, an SSM software inventory and AWS Backup of the launched instances,
 * both selected by a tag the template puts on its instances and volumes.
 *
 * Covers 45 CFR 164.312(a)(2)(iv), 164.312(a)(1), 164.312(b), 164.308(a)(1)(ii)(D) and
 * 164.308(a)(7)(ii)(A).
 *
 * @example
 * const template = new HipaaLaunchTemplate(this, 'Workers', {
 *   vpc,
 *   machineImage: ec2.MachineImage.latestAmazonLinux2023(),
 *   instanceType: new ec2.InstanceType('m7i.large'),
 * });
 * new autoscaling.AutoScalingGroup(this, 'Group', {
 *   vpc,
 *   vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
 *   launchTemplate: template.launchTemplate,
 * });
 */
export class HipaaLaunchTemplate extends Construct implements ec2.IConnectable, iam.IGrantable {
  /** The launch template. */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** The customer-managed key of the volumes, logs, topic and sessions. */
  public readonly encryptionKey: kms.IKey;
  /** The role of the instances (through the template's instance profile). */
  public readonly role: iam.IRole;
  /** The principal of the instance role. */
  public readonly grantPrincipal: iam.IPrincipal;
  /** The instances' security group(s). */
  public readonly connections: ec2.Connections;
  /** The user data script; commands added to it run after the host setup. */
  public readonly userData: ec2.UserData;
  /** The log group the CloudWatch agent and Session Manager write the instances' logs to. */
  public readonly logGroup: CentralLogGroup;
  /** The topic the change detection alarms notify. */
  public readonly topic: sns.ITopic;
  /** The change detection alarms: package installs, package removals, sudo/su, on any of the instances. */
  public readonly alarms: cloudwatch.IAlarm[];
  /** The Session Manager document to start sessions with (`aws ssm start-session --document-name`). */
  public readonly sessionDocument: ssm.CfnDocument;
  /**
   * The value of the `cdk-hipaa:host-group` tag the template puts on its instances and volumes;
   * inventory, backup and session grants select the instances by it.
   */
  public readonly hostGroup: string;
  /**
   * The SSM association that gathers the software inventory of the instances.
   *
   * @default - none when `softwareInventory` is false
   */
  public readonly inventoryAssociation?: ssm.CfnAssociation;
  /**
   * The backup plan that selects the instances and their volumes by tag.
   *
   * @default - none when `backup` is false
   */
  public readonly backupPlan?: HipaaBackupPlan;

  constructor(scope: Construct, id: string, props: HipaaLaunchTemplateProps) {
    super(scope, id);
    refuseHostWeakenings(this, props);
    const devices = validateHostDevices(props);
    const securityGroup = props.securityGroup ?? this.createSecurityGroup(props.vpc);

    const essentials = createHostEssentials(this, {
      encryptionKey: props.encryptionKey,
      topic: props.topic,
      hostDescription: `the instances of launch template ${this.node.path}`,
    });
    this.encryptionKey = essentials.encryptionKey;
    this.logGroup = essentials.logGroup;
    this.topic = essentials.topic;
    this.alarms = essentials.alarms;
    this.sessionDocument = essentials.sessionDocument;
    this.role = essentials.role;
    this.grantPrincipal = essentials.role;
    this.hostGroup = essentials.uniqueName;

    const blockDevices = [encryptedBlockDevice(devices.rootDeviceName, devices.rootVolumeGiB, this.encryptionKey)];
    if (props.dataVolumeSize) {
      blockDevices.push(encryptedBlockDevice(devices.dataDeviceName, wholeGiB('dataVolumeSize', props.dataVolumeSize, 0), this.encryptionKey));
    }
    this.userData = hostUserData({
      logGroupName: essentials.logGroupName,
      dataVolume: props.dataVolumeSize ? { deviceName: devices.dataDeviceName, mountPath: devices.dataMountPath } : undefined,
    });

    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      launchTemplateName: props.launchTemplateName,
      machineImage: props.machineImage,
      instanceType: props.instanceType,
      role: this.role,
      securityGroup,
      userData: this.userData,
      keyPair: props.keyPair,
      associatePublicIpAddress: props.associatePublicIpAddress ?? HIPAA_LAUNCH_TEMPLATE_DEFAULTS.associatePublicIpAddress,
      requireImdsv2: HIPAA_LAUNCH_TEMPLATE_DEFAULTS.requireImdsv2,
      httpTokens: HIPAA_LAUNCH_TEMPLATE_DEFAULTS.httpTokens,
      detailedMonitoring: HIPAA_LAUNCH_TEMPLATE_DEFAULTS.detailedMonitoring,
      ebsOptimized: ebsOptimizedFor(props.instanceType),
      blockDevices,
    });
    if (this.launchTemplate.osType === ec2.OperatingSystemType.WINDOWS) {
      throw new Error(`HipaaLaunchTemplate ${this.node.path}: machineImage is a Windows image; the host setup is a bash script, so use a Linux image.`);
    }
    this.connections = this.launchTemplate.connections;
    // The agent must find the log group, or it creates an unencrypted one of the same name.
    this.launchTemplate.node.addDependency(this.logGroup);
    Tags.of(this.launchTemplate).add(HOST_DEFAULTS.hostGroupTag, this.hostGroup);

    if (props.autoScalingKeyAccess ?? HIPAA_LAUNCH_TEMPLATE_DEFAULTS.autoScalingKeyAccess) {
      allowAutoScalingToUseKey(this, this.encryptionKey);
    }
    if (props.softwareInventory ?? true) {
      this.inventoryAssociation = createInventoryAssociation(this, [{ key: `tag:${HOST_DEFAULTS.hostGroupTag}`, values: [this.hostGroup] }]);
    }
    if (props.backup ?? true) {
      this.backupPlan = props.backupPlan ?? HipaaBackupPlan.of(this);
      this.backupPlan.addResource(backup.BackupResource.fromTag(HOST_DEFAULTS.hostGroupTag, this.hostGroup));
    }
  }

  /**
   * Lets a principal open Session Manager sessions on the template's instances (selected by their
   * `cdk-hipaa:host-group` tag), with this template's session document only (so every session is
   * logged), end and resume its own sessions, and encrypt session data with the key.
   */
  public grantStartSession(grantee: iam.IGrantable): iam.Grant {
    return grantStartSession(this, grantee, {
      instanceArns: [Stack.of(this).formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' })],
      instanceConditions: { StringEquals: { [`ssm:resourceTag/${HOST_DEFAULTS.hostGroupTag}`]: this.hostGroup } },
      document: this.sessionDocument,
      encryptionKey: this.encryptionKey,
    });
  }

  private createSecurityGroup(vpc: ec2.IVpc | undefined): ec2.ISecurityGroup {
    if (!vpc) {
      throw new Error(`HipaaLaunchTemplate ${this.node.path}: give vpc (a security group without ingress rules is created in it) or securityGroup.`);
    }
    return new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `Instances of ${this.node.path}: no ingress, access through Session Manager`,
      allowAllOutbound: true,
    });
  }
}

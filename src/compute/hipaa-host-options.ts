import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HipaaBackupPlan } from '../backup/hipaa-backup-plan';

/**
 * The settings a {@link HipaaInstance} and a {@link HipaaLaunchTemplate} share: encryption,
 * access, the data volume, alerts, inventory and backup.
 */
export interface HipaaHostOptions {
  /**
   * The customer-managed key of the root and data volumes, the log group, the alert topic (when
   * this construct creates it) and Session Manager session data. Pass the key, not an alias.
   * For a key of another stack or an imported key, add the key policy statements the synth
   * warnings name.
   *
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The topic the change detection alarms notify, e.g. an AuditTrail's `topic`. It must let
   * `cloudwatch.amazonaws.com` publish, and its key let CloudWatch use it (AuditTrail's topic does).
   *
   * @default - a topic of its own, encrypted with `encryptionKey`
   */
  readonly topic?: sns.ITopic;

  /**
   * The root device name of the machine image. The root volume is encrypted with the key only
   * when this is the image's root device: `/dev/xvda` for Amazon Linux, `/dev/sda1` for Ubuntu,
   * Debian, RHEL and most other images (see the image's `RootDeviceName`).
   *
   * @default '/dev/xvda'
   */
  readonly rootDeviceName?: string;

  /**
   * Size of the root volume; at least the size of the image's root snapshot.
   *
   * @default Size.gibibytes(20)
   */
  readonly rootVolumeSize?: Size;

  /**
   * The device name the data volume is attached at.
   *
   * @default '/dev/sdf'
   */
  readonly dataDeviceName?: string;

  /**
   * Where the user data mounts the data volume.
   *
   * @default '/data'
   */
  readonly dataMountPath?: string;

  /**
   * The security group of the instances.
   *
   * @default - a security group with no ingress rules and all outbound traffic allowed
   */
  readonly securityGroup?: ec2.ISecurityGroup;

  /**
   * An EC2 key pair for SSH. Access goes through Session Manager, which authenticates with IAM
   * and logs every session; a key pair is refused (45 CFR 164.312(a)(1), 164.312(b), 164.312(d))
   * unless `CdkHipaa::EC2.NoKeyPair` is acknowledged.
   *
   * @default - no key pair
   */
  readonly keyPair?: ec2.IKeyPair;

  /**
   * Give the instances a public IP address. `true` is refused (45 CFR 164.312(a)(1)) unless
   * `CdkHipaa::EC2.InstanceNoPublicIp` is acknowledged.
   *
   * @default false
   */
  readonly associatePublicIpAddress?: boolean;

  /**
   * Gather the software inventory of the instances every 30 minutes with an SSM association
   * (`AWS-GatherSoftwareInventory`). An instance can be targeted by one inventory association
   * only: in an account that gathers inventory for all instances already (e.g. with Quick Setup),
   * set `false` and acknowledge `CdkHipaa::SSM.SoftwareInventory` with that reason; otherwise
   * `false` is refused (45 CFR 164.308(a)(1)(ii)(D)).
   *
   * @default true
   */
  readonly softwareInventory?: boolean;

  /**
   * Back up the instances (and their data volume) with AWS Backup. `false` is refused (45 CFR
   * 164.308(a)(7)(ii)(A)) unless `CdkHipaa::Backup.ResourceInPlan` is acknowledged.
   *
   * @default true
   */
  readonly backup?: boolean;

  /**
   * The backup plan the instances (and their data volume) join.
   *
   * @default - the stack's shared plan, `HipaaBackupPlan.of(this)`
   */
  readonly backupPlan?: HipaaBackupPlan;
}

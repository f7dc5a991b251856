import { Names, RemovalPolicy, Size, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { HipaaBackupPlan } from '../backup/hipaa-backup-plan';
import { catalogControl } from '../controls/catalog';
import { HipaaKey } from '../kms/hipaa-key';
import { acknowledgeNagRule } from '../policy/acknowledgements';
import { refuseUnlessAcknowledged } from '../policy/refusals';

/** What an EncryptedVolume is unless told otherwise. */
const ENCRYPTED_VOLUME_DEFAULTS = {
  volumeType: ec2.EbsDeviceVolumeType.GP3,
  removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  backup: true,
} as const;

/** Why a volume left out of AWS Backup on purpose carries an acknowledgement of cdk-nag's rule. */
const NOT_IN_BACKUP_PLAN_REASON = 'Left out of AWS Backup on purpose (backup: false); the library refuses that unless CdkHipaa::Backup.ResourceInPlan is acknowledged with a reason, which stands for this rule too.';

/** Properties of an {@link EncryptedVolume}. */
export interface EncryptedVolumeProps {
  /** The Availability Zone the volume is created in; it can only be attached to instances there. */
  readonly availabilityZone: string;

  /** The size of the volume, in whole GiB. */
  readonly size: Size;

  /**
   * The customer-managed key the volume is encrypted with.
   *
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The EBS volume type.
   *
   * @default ec2.EbsDeviceVolumeType.GP3
   */
  readonly volumeType?: ec2.EbsDeviceVolumeType;

  /**
   * Provisioned IOPS (gp3, io1, io2; required for io1 and io2).
   *
   * @default - the volume type's baseline (3,000 for gp3)
   */
  readonly iops?: number;

  /**
   * Provisioned throughput in MiB/s (gp3 only).
   *
   * @default - the gp3 baseline (125 MiB/s)
   */
  readonly throughput?: number;

  /**
   * The snapshot to create the volume from, e.g. to restore a recovery point.
   * The volume is encrypted with `encryptionKey` whatever the snapshot's key.
   *
   * @default - an empty volume
   */
  readonly snapshotId?: string;

  /**
   * The volume's name (its `Name` tag).
   *
   * @default - no name
   */
  readonly volumeName?: string;

  /**
   * What happens to the volume when it leaves the stack. `SNAPSHOT` keeps a snapshot.
   *
   * `DESTROY` is refused (45 CFR 164.308(a)(7)) unless `CdkHipaa::EC2.DataRetained` is acknowledged.
   *
   * @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Add the volume to a backup plan.
   *
   * `false` is refused (45 CFR 164.308(a)(7)(ii)(A)) unless `CdkHipaa::Backup.ResourceInPlan`
   * is acknowledged.
   *
   * @default true
   */
  readonly backup?: boolean;

  /**
   * The backup plan the volume joins.
   *
   * @default - the stack's shared plan, `HipaaBackupPlan.of(this)`
   */
  readonly backupPlan?: HipaaBackupPlan;
}

/**
 * An EBS volume for PHI: encrypted with a customer-managed key, gp3, in an AWS Backup plan
 * (daily and monthly recovery points), and retained when its stack is deleted.
 *
 * It evidences 45 CFR 164.312(a)(2)(iv) (encryption at rest) and 164.308(a)(7)(ii)(A)
 * (data backup plan).
 *
 * @example
 * const data = new EncryptedVolume(this, 'Data', {
 *   availabilityZone: instance.instanceAvailabilityZone,
 *   size: Size.gibibytes(100),
 * });
 * data.attachTo(instance, '/dev/sdf');
 */
export class EncryptedVolume extends Construct {
  /** The EBS volume. */
  public readonly volume: ec2.Volume;

  /** The customer-managed key the volume is encrypted with. */
  public readonly encryptionKey: kms.IKey;

  /** The backup plan the volume is in, if any. */
  public readonly backupPlan?: HipaaBackupPlan;

  constructor(scope: Construct, id: string, props: EncryptedVolumeProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? ENCRYPTED_VOLUME_DEFAULTS.removalPolicy;
    const backup = props.backup ?? ENCRYPTED_VOLUME_DEFAULTS.backup;
    if (!backup && props.backupPlan) {
      throw new Error('backupPlan is given but backup is false: remove one of them.');
    }

    this.encryptionKey = props.encryptionKey ?? new HipaaKey(this, 'Key');
    this.volume = new ec2.Volume(this, 'Volume', {
      availabilityZone: props.availabilityZone,
      size: props.size,
      encrypted: true,
      encryptionKey: this.encryptionKey,
      volumeType: props.volumeType ?? ENCRYPTED_VOLUME_DEFAULTS.volumeType,
      iops: props.iops,
      throughput: props.throughput,
      snapshotId: props.snapshotId,
      volumeName: props.volumeName,
      removalPolicy,
    });

    if (removalPolicy === RemovalPolicy.DESTROY) {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('EC2.DataRetained'),
        prop: 'removalPolicy',
        value: String(removalPolicy),
        detail: 'Keep the volume (RETAIN_ON_UPDATE_OR_DELETE) or a final snapshot of it (SNAPSHOT).',
      });
    }

    if (backup) {
      this.backupPlan = props.backupPlan ?? HipaaBackupPlan.of(this);
      this.backupPlan.addConstruct(this.volume);
    } else {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('Backup.ResourceInPlan'),
        prop: 'backup',
        value: 'false',
      });
      acknowledgeNagRule(this.volume, 'EC2EBSInBackupPlan', NOT_IN_BACKUP_PLAN_REASON);
    }
  }

  /**
   * Attaches the volume to an instance (an `AWS::EC2::VolumeAttachment`), which must be in the
   * volume's Availability Zone.
   *
   * @param instance the instance to attach to
   * @param device the device name the instance sees, e.g. `/dev/sdf`
   */
  public attachTo(instance: ec2.IInstance, device: string): ec2.CfnVolumeAttachment {
    const az = instance.instanceAvailabilityZone;
    const volumeAz = this.volume.availabilityZone;
    if (!Token.isUnresolved(az) && !Token.isUnresolved(volumeAz) && az !== volumeAz) {
      throw new Error(`Cannot attach the volume in ${volumeAz} to '${instance.node.path}' in ${az}: an EBS volume attaches only to instances in its Availability Zone.`);
    }
    return new ec2.CfnVolumeAttachment(this, `Attachment${Names.uniqueId(instance)}`, {
      volumeId: this.volume.volumeId,
      instanceId: instance.instanceId,
      device,
    });
  }

  /**
   * Lets `grantee` attach the volume to the given instances (any instance if none are given),
   * including the `kms:CreateGrant` EC2 needs to use the key for them.
   */
  public grantAttachVolume(grantee: iam.IGrantable, instances?: ec2.IInstance[]): iam.Grant {
    return this.volume.grantAttachVolume(grantee, instances);
  }

  /** Lets `grantee` detach the volume from the given instances (any instance if none are given). */
  public grantDetachVolume(grantee: iam.IGrantable, instances?: ec2.IInstance[]): iam.Grant {
    return this.volume.grantDetachVolume(grantee, instances);
  }

  /**
   * Lets `grantee` attach the volume to the instances among `constructs`, by tagging the
   * volume and the constructs with a shared tag and conditioning the grant on it.
   *
   * @param tagKeySuffix suffix of the tag key, `VolumeGrantAttach-<suffix>`; a hash when omitted
   */
  public grantAttachVolumeByResourceTag(grantee: iam.IGrantable, constructs: Construct[], tagKeySuffix?: string): iam.Grant {
    return this.volume.grantAttachVolumeByResourceTag(grantee, constructs, tagKeySuffix);
  }

  /**
   * Lets `grantee` detach the volume from the instances among `constructs`, by tagging the
   * volume and the constructs with a shared tag and conditioning the grant on it.
   *
   * @param tagKeySuffix suffix of the tag key, `VolumeGrantDetach-<suffix>`; a hash when omitted
   */
  public grantDetachVolumeByResourceTag(grantee: iam.IGrantable, constructs: Construct[], tagKeySuffix?: string): iam.Grant {
    return this.volume.grantDetachVolumeByResourceTag(grantee, constructs, tagKeySuffix);
  }
}

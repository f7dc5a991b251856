import { Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { HOST_DEFAULTS } from './host-essentials';
import { validateDataDeviceName, validateDataMountPath } from './host-script';
import { HipaaHostOptions } from '../hipaa-host-options';

/** A root device name: `/dev/` and a plain device name, e.g. `/dev/xvda`, `/dev/sda1`. */
const ROOT_DEVICE_NAME = /^\/dev\/[a-z0-9]+$/;

/** The validated device names, mount path and root size of a host. */
export interface HostDevices {
  readonly rootDeviceName: string;
  readonly rootVolumeGiB: number;
  readonly dataDeviceName: string;
  readonly dataMountPath: string;
}

/** The device settings of `props` with their defaults; throws on a value the script cannot use. */
export function validateHostDevices(props: HipaaHostOptions): HostDevices {
  const rootDeviceName = props.rootDeviceName ?? HOST_DEFAULTS.rootDeviceName;
  const dataDeviceName = props.dataDeviceName ?? HOST_DEFAULTS.dataDeviceName;
  const dataMountPath = props.dataMountPath ?? HOST_DEFAULTS.dataMountPath;
  if (!ROOT_DEVICE_NAME.test(rootDeviceName)) {
    throw new Error(`rootDeviceName: '${rootDeviceName}' is not a device name; use the image's root device name, e.g. /dev/xvda or /dev/sda1.`);
  }
  validateDataDeviceName(dataDeviceName);
  validateDataMountPath(dataMountPath);
  if (dataDeviceName === rootDeviceName) {
    throw new Error(`dataDeviceName: '${dataDeviceName}' is the root device name; attach the data volume elsewhere, e.g. /dev/sdf.`);
  }
  return { rootDeviceName, rootVolumeGiB: wholeGiB('rootVolumeSize', props.rootVolumeSize, HOST_DEFAULTS.rootVolumeGiB), dataDeviceName, dataMountPath };
}

/** A size in whole GiB, for a block device mapping. */
export function wholeGiB(prop: string, size: Size | undefined, fallback: number): number {
  if (!size) return fallback;
  const gib = size.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Token.isUnresolved(gib) && (!Number.isInteger(gib) || gib < 1)) {
    throw new Error(`${prop}: ${gib} GiB is not a whole number of GiB of at least 1.`);
  }
  return gib;
}

/** An EBS block device encrypted with the key: gp3, deleted with the instance. */
export function encryptedBlockDevice(deviceName: string, sizeGiB: number, key: kms.IKey): ec2.BlockDevice {
  return {
    deviceName,
    volume: ec2.BlockDeviceVolume.ebs(sizeGiB, {
      encrypted: true,
      kmsKey: key,
      volumeType: HOST_DEFAULTS.volumeType,
      deleteOnTermination: true,
    }),
  };
}

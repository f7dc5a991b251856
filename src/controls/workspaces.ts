import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { HipaaSeverity } from './severity';
import { bool, UNKNOWN } from './values';

const WORKSPACE = 'AWS::WorkSpaces::Workspace';
const VOLUMES = ['RootVolumeEncryptionEnabled', 'UserVolumeEncryptionEnabled'] as const;

/**
 * WorkSpaces.VolumesEncrypted: the WorkSpace's root (C:) and user (D:) volumes are both encrypted.
 * - given RootVolumeEncryptionEnabled and UserVolumeEncryptionEnabled true, then PASS
 * - given either false or absent (CloudFormation's default is false), then FAIL
 * - given either from a parameter (and the other not false), then UNVERIFIABLE
 */
const volumesEncrypted: Control = {
  id: 'WorkSpaces.VolumesEncrypted',
  title: 'WorkSpace root and user volumes are encrypted',
  resourceTypes: [WORKSPACE],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'A desktop that works with PHI keeps it in files, caches and profiles on its volumes; unencrypted, they expose it to anyone who reaches the storage.',
  fix: 'Set rootVolumeEncryptionEnabled and userVolumeEncryptionEnabled to true with volumeEncryptionKey (a HipaaKey); encryption can only be chosen at launch.',
  check: (r) => {
    const values = VOLUMES.map((name) => ({ name, value: bool(r.properties[name]) }));
    const off = values.filter((v) => v.value === false || v.value === undefined);
    if (off.length > 0) {
      return fail(`${off.map((v) => `${v.name} is ${v.value === false ? 'false' : 'not set (false)'}`).join(' and ')}, so the volume stores data unencrypted.`);
    }
    if (values.some((v) => v.value === UNKNOWN)) return unverifiable('a volume encryption flag cannot be resolved at synth.');
    return pass();
  },
};

/**
 * WorkSpaces.CustomerManagedKey: encrypted WorkSpace volumes use a customer-managed key.
 * - given VolumeEncryptionKey referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no VolumeEncryptionKey (the AWS-managed aws/workspaces key) or alias/aws/workspaces, then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 * - given no volume encrypted (WorkSpaces.VolumesEncrypted reports it), then N/A
 */
const customerManagedKey: Control = {
  id: 'WorkSpaces.CustomerManagedKey',
  title: 'WorkSpace volumes are encrypted with a customer-managed KMS key',
  resourceTypes: [WORKSPACE],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'Only a customer-managed key lets you restrict and audit who may decrypt the desktops\' volumes, and revoke that access.',
  fix: 'Set volumeEncryptionKey to a HipaaKey\'s ARN.',
  check: (r, index) => {
    const values = VOLUMES.map((name) => bool(r.properties[name]));
    if (!values.some((v) => v === true || v === UNKNOWN)) return notApplicable();
    return customerKeyVerdict(r, index, ['VolumeEncryptionKey'], 'the AWS-managed aws/workspaces key');
  },
};

export const WORKSPACES_CONTROLS: readonly Control[] = [
  volumesEncrypted,
  customerManagedKey,
];

import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { bool, UNKNOWN } from './values';

const FILE_SYSTEM = 'AWS::EFS::FileSystem';

// Whether a file system is backed up (BackupPolicy ENABLED or a backup selection) is judged by
// Backup.ResourceInPlan, with the other stateful stores.

/**
 * EFS.Encrypted: the file system is encrypted at rest.
 * - given Encrypted true (the efs.FileSystem default), then PASS
 * - given Encrypted false or absent (an L1 file system), then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const encrypted: Control = {
  id: 'EFS.Encrypted',
  title: 'EFS file system is encrypted at rest',
  resourceTypes: [FILE_SYSTEM],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'EFSEncrypted',
  fix: 'Set encrypted: true with kmsKey (a HipaaKey); encryption can only be chosen when the file system is created.',
  check: (r) => {
    const value = bool(r.properties.Encrypted);
    if (value === UNKNOWN) return unverifiable('Encrypted cannot be resolved at synth.');
    return value === true ? pass() : fail(`Encrypted is ${value ?? 'not set'}, so files are stored unencrypted.`);
  },
};

/**
 * EFS.CustomerManagedKey: an encrypted file system uses a customer-managed key.
 * - given KmsKeyId referencing an AWS::KMS::Key or a literal key ARN (efs.FileSystem with kmsKey), then PASS
 * - given no KmsKeyId (the AWS-managed aws/elasticfilesystem key: the efs.FileSystem default) or alias/aws/elasticfilesystem, then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 * - given an unencrypted file system (EFS.Encrypted reports it), then N/A
 */
const customerManagedKey: Control = {
  id: 'EFS.CustomerManagedKey',
  title: 'EFS file system is encrypted with a customer-managed KMS key',
  resourceTypes: [FILE_SYSTEM],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Pass kmsKey (a HipaaKey) to the file system.',
  check: (r, index) => (bool(r.properties.Encrypted) === true
    ? customerKeyVerdict(r, index, ['KmsKeyId'], 'the AWS-managed aws/elasticfilesystem key')
    : notApplicable()),
};

/** Controls for EFS file systems. */
export const EFS_CONTROLS: readonly Control[] = [
  encrypted,
  customerManagedKey,
  retainedControl({ id: 'EFS.DataRetained', resourceTypes: [FILE_SYSTEM], what: 'EFS file system' }),
];

import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { deniesInsecureTransport, TRANSPORT_CITATIONS } from './policy-statements';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { bool, dig, isIntrinsic, list, UNKNOWN } from './values';

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

/**
 * EFS.FileSystemPolicyTlsOnly: the file system policy refuses clients that mount without TLS.
 * An ECS, Lambda or EC2 client chooses TLS when it mounts (ECS.EfsTransitEncryption checks task
 * definitions); only the file system policy makes the file system refuse the others.
 * - given a FileSystemPolicy statement that denies elasticfilesystem:ClientMount (or elasticfilesystem:*, or *)
 *   to Principal * with Bool aws:SecureTransport false, then PASS
 * - given no FileSystemPolicy (the efs.FileSystem default), or none with such a statement (a deny of
 *   ClientWrite only still lets clients mount without TLS), then FAIL (warning)
 * - given a policy from a parameter, then UNVERIFIABLE
 */
const fileSystemPolicyTlsOnly: Control = {
  id: 'EFS.FileSystemPolicyTlsOnly',
  title: 'EFS file system policy denies mounts without TLS',
  resourceTypes: [FILE_SYSTEM],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.WARNING,
  fix: "Add to the file system's resource policy a Deny of elasticfilesystem:ClientMount for AnyPrincipal with Bool aws:SecureTransport false (fileSystem.addToResourcePolicy).",
  check: (r) => {
    const policy = r.properties.FileSystemPolicy;
    const statements = policy === undefined ? [] : list(dig(policy, 'Statement'));
    if (isIntrinsic(policy) || statements === UNKNOWN) return unverifiable('FileSystemPolicy cannot be resolved at synth.');
    if (statements.some((st) => deniesInsecureTransport(st, 'elasticfilesystem', ['elasticfilesystem:ClientMount']))) return pass();
    return fail(policy === undefined
      ? 'the file system has no FileSystemPolicy, so clients may mount it without TLS.'
      : 'no FileSystemPolicy statement denies elasticfilesystem:ClientMount with aws:SecureTransport false, so clients may mount without TLS.');
  },
};

/** Controls for EFS file systems. */
export const EFS_CONTROLS: readonly Control[] = [
  encrypted,
  customerManagedKey,
  retainedControl({ id: 'EFS.DataRetained', resourceTypes: [FILE_SYSTEM], what: 'EFS file system' }),
  fileSystemPolicyTlsOnly,
];

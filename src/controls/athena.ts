import { Control, fail, pass, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { HipaaSeverity } from './severity';
import { bool, dig, str, UNKNOWN } from './values';

const WORK_GROUP = 'AWS::Athena::WorkGroup';

/** Result encryption options that use a KMS key (SSE_S3 uses keys S3 manages). */
const KMS_OPTIONS = new Set(['SSE_KMS', 'CSE_KMS']);

/**
 * Athena.ResultsEncrypted: query results are encrypted with a customer-managed KMS key.
 * - given ResultConfiguration.EncryptionConfiguration EncryptionOption SSE_KMS or CSE_KMS with KmsKey referencing an
 *   AWS::KMS::Key or a literal key ARN, then PASS
 * - given ManagedQueryResultsConfiguration enabled with EncryptionConfiguration.KmsKey a customer key, then PASS
 * - given no EncryptionConfiguration (the default: results get only the output bucket's default encryption), or SSE_S3, then FAIL
 * - given SSE_KMS or CSE_KMS with an alias/aws/... key, or managed query results without KmsKey (an AWS-owned key), then FAIL
 * - given the option, the key or the managed-results flag from a parameter, then UNVERIFIABLE
 */
const resultsEncrypted: Control = {
  id: 'Athena.ResultsEncrypted',
  title: 'Athena workgroup encrypts query results with a customer-managed KMS key',
  resourceTypes: [WORK_GROUP],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  protectsStoredPhi: true,
  rationale: 'Query results copy the PHI the queries select into new objects; a customer-managed key keeps who can read them under a policy you control and audit.',
  fix: 'Set workGroupConfiguration.resultConfiguration.encryptionConfiguration to { encryptionOption: \'SSE_KMS\', kmsKey } with a HipaaKey.',
  check: (r, index) => {
    const configuration = ['WorkGroupConfiguration'];
    const managed = bool(dig(r.properties, ...configuration, 'ManagedQueryResultsConfiguration', 'Enabled'));
    if (managed === UNKNOWN) return unverifiable('ManagedQueryResultsConfiguration.Enabled cannot be resolved at synth.');
    if (managed === true) {
      return customerKeyVerdict(r, index, [...configuration, 'ManagedQueryResultsConfiguration', 'EncryptionConfiguration', 'KmsKey'], 'an AWS-owned key');
    }
    const encryption = [...configuration, 'ResultConfiguration', 'EncryptionConfiguration'];
    const option = str(dig(r.properties, ...encryption, 'EncryptionOption'));
    if (option === UNKNOWN) return unverifiable('ResultConfiguration.EncryptionConfiguration cannot be resolved at synth.');
    if (option === undefined) {
      return fail('ResultConfiguration.EncryptionConfiguration is not set, so results get only the output bucket\'s default encryption, not a customer-managed key the workgroup names.');
    }
    if (!KMS_OPTIONS.has(option)) return fail(`EncryptionOption is ${option}, so results are encrypted with keys S3 manages, not a customer-managed KMS key.`);
    return customerKeyVerdict(r, index, [...encryption, 'KmsKey'], 'no customer-managed key');
  },
};

/**
 * Athena.EnforceWorkGroupConfiguration: the workgroup's settings (result location and encryption) override client-side settings.
 * - given WorkGroupConfiguration.EnforceWorkGroupConfiguration true, then PASS
 * - given it false, or absent (Athena's documented default leaves "Override client-side settings" off), then FAIL (warning)
 * - given it from a parameter, then UNVERIFIABLE
 */
const enforceWorkGroupConfiguration: Control = {
  id: 'Athena.EnforceWorkGroupConfiguration',
  title: 'Athena workgroup settings override client-side settings',
  resourceTypes: [WORK_GROUP],
  citations: ['164.312(a)(2)(iv)', '164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'Unless the workgroup enforces its configuration, each client chooses where results go and how they are encrypted, so PHI can land in another bucket or under another key.',
  fix: 'Set workGroupConfiguration.enforceWorkGroupConfiguration: true.',
  check: (r) => {
    const enforced = bool(dig(r.properties, 'WorkGroupConfiguration', 'EnforceWorkGroupConfiguration'));
    if (enforced === UNKNOWN) return unverifiable('WorkGroupConfiguration.EnforceWorkGroupConfiguration cannot be resolved at synth.');
    return enforced === true ? pass()
      : fail(`EnforceWorkGroupConfiguration is ${enforced === false ? 'false' : 'not set (off by default)'}, so clients may choose their own result location and encryption.`);
  },
};

export const ATHENA_CONTROLS: readonly Control[] = [
  resultsEncrypted,
  enforceWorkGroupConfiguration,
];

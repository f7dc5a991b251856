import { Control, fail, pass, unverifiable } from './control';
import { AVAILABILITY_CITATIONS } from './elb';
import { customerKeyVerdict } from './key-verdicts';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { bool, dig, isIntrinsic, str, UNKNOWN } from './values';

const LEDGER = 'AWS::QLDB::Ledger';
const STREAM = 'AWS::QLDB::Stream';
const KINESIS_STREAM = 'AWS::Kinesis::Stream';

/** The KmsKey value that selects the key AWS owns (also QLDB's default). */
const AWS_OWNED = 'AWS_OWNED_KMS_KEY';

/**
 * QLDB.CustomerManagedKey: the ledger is encrypted with a customer-managed KMS key.
 * - given KmsKey referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no KmsKey or AWS_OWNED_KMS_KEY (the default: a key AWS owns), then FAIL
 * - given an alias/aws/... key, then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 */
const customerManagedKey: Control = {
  id: 'QLDB.CustomerManagedKey',
  title: 'QLDB ledger is encrypted with a customer-managed KMS key',
  resourceTypes: [LEDGER],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  protectsStoredPhi: true,
  rationale: 'The journal keeps every version of every document, PHI included, for good; a customer-managed key keeps who can decrypt it under a policy you control.',
  fix: 'Set kmsKey on the CfnLedger to a HipaaKey\'s ARN.',
  check: (r, index) => {
    const key = str(r.properties.KmsKey);
    if (key === AWS_OWNED) return fail(`KmsKey is ${AWS_OWNED}, a key AWS owns, whose use you can neither restrict nor audit.`);
    return customerKeyVerdict(r, index, ['KmsKey'], `a key AWS owns (${AWS_OWNED})`);
  },
};

/**
 * QLDB.DeletionProtection: the ledger cannot be deleted by a single call or stack change.
 * - given DeletionProtection true, or absent (QLDB's default is true), then PASS
 * - given DeletionProtection false, then FAIL (warning)
 * - given it from a parameter, then UNVERIFIABLE
 */
const deletionProtection: Control = {
  id: 'QLDB.DeletionProtection',
  title: 'QLDB ledger deletion protection is enabled',
  resourceTypes: [LEDGER],
  citations: [...AVAILABILITY_CITATIONS, '164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'A deleted ledger takes its whole history with it; QLDB has no point-in-time restore to bring it back.',
  fix: 'Leave deletionProtection unset (true) or set it to true on the CfnLedger.',
  check: (r) => {
    const enabled = bool(r.properties.DeletionProtection);
    if (enabled === UNKNOWN) return unverifiable('DeletionProtection cannot be resolved at synth.');
    return enabled === false ? fail('DeletionProtection is false, so the ledger and its journal can be deleted by a single call or stack change.') : pass();
  },
};

/**
 * QLDB.StreamTargetEncrypted: a journal stream sends the journal to a Kinesis data stream encrypted with a customer-managed key.
 * - given KinesisConfiguration.StreamArn pointing at an AWS::Kinesis::Stream of the app with StreamEncryption KMS and a customer key, then PASS
 * - given a stream of the app without StreamEncryption, or encrypted with the AWS-managed aws/kinesis key, then FAIL
 * - given a stream outside the app (a literal or imported ARN), a parameter, or a stream whose encryption depends on a condition, then UNVERIFIABLE
 */
const streamTargetEncrypted: Control = {
  id: 'QLDB.StreamTargetEncrypted',
  title: 'QLDB journal stream targets a Kinesis stream encrypted with a customer-managed KMS key',
  resourceTypes: [STREAM],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'The stream copies every journal block, PHI included, into Kinesis; the copy needs the same customer-key encryption as the ledger.',
  fix: 'Stream to a kinesis.Stream with encryption: StreamEncryption.KMS and encryptionKey a HipaaKey.',
  check: (r, index) => {
    const arn = dig(r.properties, 'KinesisConfiguration', 'StreamArn');
    const target = index.target(arn, r);
    if (target?.type !== KINESIS_STREAM) {
      return unverifiable('KinesisConfiguration.StreamArn does not point at a Kinesis stream of the app, so its encryption cannot be checked at synth.');
    }
    const encryption = target.properties.StreamEncryption;
    if (isIntrinsic(encryption)) return unverifiable('the target stream\'s StreamEncryption depends on a condition or parameter.');
    if (encryption === undefined) return fail('the target Kinesis stream has no StreamEncryption, so journal records are stored there unencrypted.');
    const type = str(encryption.EncryptionType);
    if (type === UNKNOWN) return unverifiable('the target stream\'s EncryptionType cannot be resolved at synth.');
    if (type !== 'KMS') return fail(`the target Kinesis stream's EncryptionType is ${type ?? 'not set'}, so journal records are stored there unencrypted.`);
    return customerKeyVerdict(target, index, ['StreamEncryption', 'KeyId'], 'no customer-managed key');
  },
};

export const QLDB_CONTROLS: readonly Control[] = [
  customerManagedKey,
  deletionProtection,
  streamTargetEncrypted,
  retainedControl({ id: 'QLDB.DataRetained', resourceTypes: [LEDGER], what: 'QLDB ledger', protectsStoredPhi: true }),
];

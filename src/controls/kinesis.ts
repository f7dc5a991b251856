import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { HipaaSeverity } from './severity';
import { dig, isIntrinsic, keyKind, str, UNKNOWN } from './values';

const STREAM = 'AWS::Kinesis::Stream';
const DELIVERY_STREAM = 'AWS::KinesisFirehose::DeliveryStream';

/**
 * The values a property may take: both branches of an `Fn::If` (recursively),
 * `undefined` for `AWS::NoValue`, else the value itself.
 */
function branches(value: unknown): unknown[] {
  const fnIf = (value as any)?.['Fn::If'];
  if (Array.isArray(fnIf) && fnIf.length === 3) return [...branches(fnIf[1]), ...branches(fnIf[2])];
  if ((value as any)?.Ref === 'AWS::NoValue') return [undefined];
  return [value];
}

/** One verdict for a property that depends on a condition: the same in every branch, else unverifiable. */
function overBranches(value: unknown, name: string, check: (v: unknown) => Verdict): Verdict {
  const all = branches(value);
  const verdicts = all.map(check);
  if (verdicts.every((v) => v.status === 'pass')) return pass();
  const messages = [...new Set(verdicts.map((v) => (v as any).message).filter((m) => m !== undefined))];
  const conditional = all.length > 1 ? `${name} depends on a condition: ` : '';
  if (verdicts.every((v) => v.status === 'fail')) return fail(conditional + messages.join(' Otherwise, '));
  return unverifiable(conditional + messages.join(' Otherwise, '));
}

/** The verdict for one value of a stream's `StreamEncryption`. */
function streamEncryptionVerdict(encryption: any, from: RenderedResource, index: ResourceIndex): Verdict {
  if (encryption === undefined) return fail('StreamEncryption is not set, so records are stored unencrypted.');
  if (isIntrinsic(encryption)) return unverifiable('StreamEncryption cannot be resolved at synth.');
  const type = str(encryption.EncryptionType);
  if (type === UNKNOWN) return unverifiable('StreamEncryption.EncryptionType cannot be resolved at synth.');
  if (type !== 'KMS') return fail(`StreamEncryption.EncryptionType is ${type ?? 'not set'}, so records are stored unencrypted.`);
  const kind = keyKind(encryption.KeyId, from, index);
  if (kind === 'customer') return pass();
  if (kind === 'aws-managed') return fail(`StreamEncryption.KeyId names the AWS-managed key ${JSON.stringify(encryption.KeyId)}; PHI needs a customer-managed key whose policy you control.`);
  if (kind === 'none') return fail('StreamEncryption.KeyId is not set.');
  return unverifiable(`StreamEncryption.KeyId is ${JSON.stringify(encryption.KeyId)}, which cannot be resolved at synth.`);
}

/**
 * Kinesis.StreamEncrypted: the stream is encrypted with a customer-managed KMS key.
 * - given StreamEncryption KMS with KeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given StreamEncryption KMS with alias/aws/kinesis (StreamEncryption.MANAGED), then FAIL
 * - given no StreamEncryption, then FAIL
 * - given the L2 default (an Fn::If between no encryption and alias/aws/kinesis), then FAIL
 * - given an Fn::If between a customer key and no encryption, then UNVERIFIABLE
 * - given a key from a parameter, then UNVERIFIABLE
 */
const streamEncrypted: Control = {
  id: 'Kinesis.StreamEncrypted',
  title: 'Kinesis data stream is encrypted with a customer-managed KMS key',
  resourceTypes: [STREAM],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set encryption: StreamEncryption.KMS with encryptionKey (a HipaaKey).',
  check: (r, index) => overBranches(r.properties.StreamEncryption, 'StreamEncryption',
    (v) => streamEncryptionVerdict(v, r, index)),
};

/**
 * Firehose.Encrypted: the delivery stream encrypts buffered records with a customer-managed KMS key.
 * - given DeliveryStreamEncryptionConfigurationInput KeyType CUSTOMER_MANAGED_CMK with a customer KeyARN, then PASS
 * - given KeyType AWS_OWNED_CMK, then FAIL
 * - given no DeliveryStreamEncryptionConfigurationInput (the L2 default), then FAIL
 * - given a Kinesis-stream source (server-side encryption is the stream's): the source stream's
 *   Kinesis.StreamEncrypted verdict; UNVERIFIABLE when the stream is not in the app
 * - given an MSK source (encryption is the MSK cluster's), then N/A
 * - given the key type or key from a parameter, then UNVERIFIABLE
 */
const firehoseEncrypted: Control = {
  id: 'Firehose.Encrypted',
  title: 'Firehose delivery stream is encrypted with a customer-managed KMS key',
  resourceTypes: [DELIVERY_STREAM],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set encryption: StreamEncryption.customerManagedKey(key) (a HipaaKey); for a Kinesis source, encrypt the source stream.',
  check: (r, index) => {
    const type = str(r.properties.DeliveryStreamType) ?? 'DirectPut';
    if (type === UNKNOWN) return unverifiable('DeliveryStreamType cannot be resolved at synth.');
    if (type === 'MSKAsSource') return notApplicable();
    if (type === 'KinesisStreamAsSource') {
      const arn = dig(r.properties, 'KinesisStreamSourceConfiguration', 'KinesisStreamARN');
      const source = index.target(arn, r);
      if (source?.type !== STREAM) return unverifiable(`the source stream ${JSON.stringify(arn)} is not in this app, so its encryption cannot be verified at synth.`);
      const verdict = streamEncrypted.check(source, index);
      return verdict.status === 'pass' || verdict.status === 'not-applicable'
        ? verdict
        : { ...verdict, message: `the source stream ${source.logicalId} is not protected: ${verdict.message}` };
    }
    const config = r.properties.DeliveryStreamEncryptionConfigurationInput;
    if (config === undefined) return fail('DeliveryStreamEncryptionConfigurationInput is not set, so buffered records are not encrypted with a key you control.');
    if (isIntrinsic(config)) return unverifiable('DeliveryStreamEncryptionConfigurationInput cannot be resolved at synth.');
    const keyType = str(config.KeyType);
    if (keyType === UNKNOWN) return unverifiable('KeyType cannot be resolved at synth.');
    if (keyType !== 'CUSTOMER_MANAGED_CMK') return fail(`KeyType is ${keyType ?? 'not set'}; an AWS-owned key cannot be restricted by a key policy or audited in CloudTrail.`);
    const kind = keyKind(config.KeyARN, r, index);
    if (kind === 'customer') return pass();
    if (kind === UNKNOWN) return unverifiable(`KeyARN is ${JSON.stringify(config.KeyARN)}, which cannot be resolved at synth.`);
    return fail(`KeyARN is ${kind === 'none' ? 'not set' : JSON.stringify(config.KeyARN)}; CUSTOMER_MANAGED_CMK needs a customer-managed key.`);
  },
};

export const KINESIS_CONTROLS: readonly Control[] = [
  streamEncrypted,
  firehoseEncrypted,
];

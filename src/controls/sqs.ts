import { Control, fail, pass, unverifiable } from './control';
import { deniesInsecureTransport, resourcePolicyStatements, TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';
import { bool, keyKind, UNKNOWN } from './values';

const QUEUE = 'AWS::SQS::Queue';

/**
 * SQS.CustomerManagedKey: the queue is encrypted with a customer-managed KMS key.
 * - given KmsMasterKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given KmsMasterKeyId alias/aws/sqs (QueueEncryption.KMS_MANAGED), then FAIL
 * - given SqsManagedSseEnabled true, or no encryption settings (SQS then applies SSE-SQS), then FAIL
 * - given SqsManagedSseEnabled false and no key (unencrypted), then FAIL
 * - given a key or flag from a parameter, then UNVERIFIABLE
 */
const customerManagedKey: Control = {
  id: 'SQS.CustomerManagedKey',
  title: 'SQS queue is encrypted with a customer-managed KMS key',
  resourceTypes: [QUEUE],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set encryption: QueueEncryption.KMS with encryptionMasterKey (a HipaaKey).',
  check: (r, index) => {
    const key = r.properties.KmsMasterKeyId;
    const kind = keyKind(key, r, index);
    if (kind === 'customer') return pass();
    if (kind === 'aws-managed') return fail(`KmsMasterKeyId names the AWS-managed key ${JSON.stringify(key)}; its policy cannot be restricted or audited like a customer-managed key's.`);
    if (kind === UNKNOWN) return unverifiable(`KmsMasterKeyId is ${JSON.stringify(key)}, which cannot be resolved at synth.`);
    const managed = bool(r.properties.SqsManagedSseEnabled);
    if (managed === UNKNOWN) return unverifiable('SqsManagedSseEnabled cannot be resolved at synth.');
    if (managed === false) return fail('the queue is not encrypted at rest (SqsManagedSseEnabled is false and no KmsMasterKeyId).');
    return fail('the queue uses SSE-SQS (SQS-owned keys), whose use cannot be restricted by a key policy or audited in CloudTrail; PHI needs a customer-managed KMS key.');
  },
};

/**
 * SQS.TlsOnly: a queue policy denies every request that does not use TLS.
 * - given an AWS::SQS::QueuePolicy (or QueueInlinePolicy) naming the queue with Deny, Principal *,
 *   sqs:* (or SendMessage and ReceiveMessage) and Bool aws:SecureTransport false, then PASS
 * - given no queue policy, or none with such a statement, then FAIL
 */
const tlsOnly: Control = {
  id: 'SQS.TlsOnly',
  title: 'SQS queue policy denies requests without TLS',
  resourceTypes: [QUEUE],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: 'Set enforceSSL: true on the queue.',
  check: (r, index) => {
    const statements = resourcePolicyStatements(r, index, [
      { type: 'AWS::SQS::QueuePolicy', property: 'Queues' },
      { type: 'AWS::SQS::QueueInlinePolicy', property: 'Queue' },
    ]);
    if (statements.some((s) => deniesInsecureTransport(s, 'sqs', ['sqs:SendMessage', 'sqs:ReceiveMessage']))) return pass();
    return fail(statements.length === 0
      ? 'the queue has no queue policy, so messages can be sent and received over plain HTTP.'
      : 'no queue policy statement denies sqs:* with aws:SecureTransport false.');
  },
};

export const SQS_CONTROLS: readonly Control[] = [
  customerManagedKey,
  tlsOnly,
];

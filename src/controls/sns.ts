import { Control, fail, pass } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { deniesInsecureTransport, resourcePolicyStatements, TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';

const TOPIC = 'AWS::SNS::Topic';

/**
 * SNS.CustomerManagedKey: the topic is encrypted with a customer-managed KMS key.
 * - given KmsMasterKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given KmsMasterKeyId alias/aws/sns, then FAIL
 * - given no KmsMasterKeyId (the topic is not encrypted at rest), then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 */
const customerManagedKey: Control = {
  id: 'SNS.CustomerManagedKey',
  title: 'SNS topic is encrypted with a customer-managed KMS key',
  resourceTypes: [TOPIC],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'SNSEncryptedKMS',
  fix: 'Set masterKey (a HipaaKey) on the topic.',
  check: (r, index) => customerKeyVerdict(r, index, ['KmsMasterKeyId'], 'no server-side encryption'),
};

/**
 * SNS.TlsOnly: a topic policy denies publishing without TLS.
 * - given an AWS::SNS::TopicPolicy (or TopicInlinePolicy) naming the topic with Deny, Principal *,
 *   sns:Publish (or sns:*) and Bool aws:SecureTransport false, then PASS
 * - given no topic policy, or none with such a statement, then FAIL (warning)
 */
const tlsOnly: Control = {
  id: 'SNS.TlsOnly',
  title: 'SNS topic policy denies publishing without TLS',
  resourceTypes: [TOPIC],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.WARNING,
  fix: 'Set enforceSSL: true on the topic.',
  check: (r, index) => {
    const statements = resourcePolicyStatements(r, index, [
      { type: 'AWS::SNS::TopicPolicy', property: 'Topics' },
      { type: 'AWS::SNS::TopicInlinePolicy', property: 'TopicArn' },
    ]);
    if (statements.some((s) => deniesInsecureTransport(s, 'sns', ['sns:Publish']))) return pass();
    return fail(statements.length === 0
      ? 'the topic has no topic policy, so messages can be published over plain HTTP.'
      : 'no topic policy statement denies sns:Publish with aws:SecureTransport false.');
  },
};

export const SNS_CONTROLS: readonly Control[] = [
  customerManagedKey,
  tlsOnly,
];

import { Control, fail, pass, unverifiable } from './control';
import {
  deniesInsecureTransport, grantedActionsText, openGrant, openPrincipalText, policyDocumentStatements, PUBLIC_ACCESS_CITATIONS,
  resourcePolicies, tlsOnlyVerdict, TRANSPORT_CITATIONS,
} from './policy-statements';
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
 * - given several queue policies naming the queue, one of them without such a statement, then FAIL:
 *   SQS keeps one policy per queue, the one applied last
 */
const tlsOnly: Control = {
  id: 'SQS.TlsOnly',
  title: 'SQS queue policy denies requests without TLS',
  resourceTypes: [QUEUE],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: 'Set enforceSSL: true on the queue.',
  check: (r, index) => {
    const policies = resourcePolicies(r, index, [
      { type: 'AWS::SQS::QueuePolicy', property: 'Queues' },
      { type: 'AWS::SQS::QueueInlinePolicy', property: 'Queue' },
    ]);
    return tlsOnlyVerdict(policies, {
      what: 'queue',
      denies: (s) => deniesInsecureTransport(s, 'sqs', ['sqs:SendMessage', 'sqs:ReceiveMessage']),
      none: 'the queue has no queue policy, so messages can be sent and received over plain HTTP.',
      missing: 'no queue policy statement denies sqs:* with aws:SecureTransport false.',
    });
  },
};

/** Queue actions that send, read or delete messages, or rewrite who may: open to everyone, they expose the messages. */
const MESSAGE_ACTIONS = ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:PurgeQueue', 'sqs:ChangeMessageVisibility',
  'sqs:SetQueueAttributes', 'sqs:AddPermission', 'sqs:RemovePermission', 'sqs:DeleteQueue'];

/**
 * SQS.NoPublicAccess: no queue policy lets everyone send, receive or delete messages.
 * - given a queue policy (AWS::SQS::QueuePolicy or QueueInlinePolicy) whose Allow statements name accounts, roles or services, then PASS
 * - given an Allow to Principal * (or AWS: *) narrowed by a concrete aws:SourceArn (an SNS subscription), aws:SourceAccount,
 *   aws:PrincipalOrgID or similar condition with a positive operator, then PASS
 * - given an Allow to everyone of read-only actions only (sqs:GetQueueAttributes, sqs:GetQueueUrl), then PASS
 * - given an Allow to Principal * (or NotPrincipal) of sqs:SendMessage, sqs:ReceiveMessage, sqs:* or * without such a condition, then FAIL
 * - given the policy document, a principal or a narrowing condition's value from a parameter, then UNVERIFIABLE
 */
const noPublicAccess: Control = {
  id: 'SQS.NoPublicAccess',
  title: 'SQS queue policy does not let everyone send or receive messages',
  resourceTypes: ['AWS::SQS::QueuePolicy', 'AWS::SQS::QueueInlinePolicy'],
  citations: PUBLIC_ACCESS_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: 'Grant queue access to named principals (queue.grantSendMessages(role)) or to a service with an aws:SourceArn condition, never to AnyPrincipal alone.',
  rationale: 'Anyone who may receive from a queue reads the PHI its messages carry, and anyone who may send can inject messages its consumers trust.',
  check: (r, index) => {
    const statements = policyDocumentStatements(r);
    if (statements === UNKNOWN) return unverifiable('PolicyDocument cannot be resolved at synth.');
    const open = openGrant(statements, r, index, MESSAGE_ACTIONS);
    if (open === UNKNOWN) return unverifiable('a Principal or Condition of the queue policy cannot be resolved at synth, so whether it grants everyone is unknown.');
    if (open === undefined) return pass();
    return fail(`the queue policy allows ${openPrincipalText(open.statement)} to ${grantedActionsText(open.statement)} without an account, organization or source condition.`);
  },
};

export const SQS_CONTROLS: readonly Control[] = [
  customerManagedKey,
  tlsOnly,
  noPublicAccess,
];

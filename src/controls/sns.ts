import { Control, fail, pass, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import {
  deniesInsecureTransport, grantedActionsText, openGrant, openPrincipalText, policyDocumentStatements, PUBLIC_ACCESS_CITATIONS,
  resourcePolicies, tlsOnlyVerdict, TRANSPORT_CITATIONS,
} from './policy-statements';
import { HipaaSeverity } from './severity';
import { UNKNOWN } from './values';

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
 * - given several topic policies naming the topic, one of them without such a statement, then FAIL
 *   (warning): SNS keeps one policy per topic, the one applied last
 */
const tlsOnly: Control = {
  id: 'SNS.TlsOnly',
  title: 'SNS topic policy denies publishing without TLS',
  resourceTypes: [TOPIC],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.WARNING,
  fix: 'Set enforceSSL: true on the topic.',
  check: (r, index) => {
    const policies = resourcePolicies(r, index, [
      { type: 'AWS::SNS::TopicPolicy', property: 'Topics' },
      { type: 'AWS::SNS::TopicInlinePolicy', property: 'TopicArn' },
    ]);
    return tlsOnlyVerdict(policies, {
      what: 'topic',
      denies: (s) => deniesInsecureTransport(s, 'sns', ['sns:Publish']),
      none: 'the topic has no topic policy, so messages can be published over plain HTTP.',
      missing: 'no topic policy statement denies sns:Publish with aws:SecureTransport false.',
    });
  },
};

/** Topic actions that publish or deliver messages, or rewrite who may: open to everyone, they expose the messages. */
const MESSAGE_ACTIONS = ['sns:Publish', 'sns:Subscribe', 'sns:SetTopicAttributes', 'sns:AddPermission', 'sns:RemovePermission', 'sns:DeleteTopic'];

/**
 * SNS.NoPublicAccess: no topic policy lets everyone publish to, subscribe to or reconfigure the topic.
 * - given a topic policy (AWS::SNS::TopicPolicy or TopicInlinePolicy) whose Allow statements name accounts, roles or services, then PASS
 * - given an Allow to Principal * (or AWS: *) narrowed by a concrete aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID
 *   or similar condition with a positive operator, then PASS
 * - given an Allow to everyone of read-only actions only (sns:GetTopicAttributes, sns:ListSubscriptionsByTopic), then PASS
 * - given an Allow to Principal * (or NotPrincipal) of sns:Publish, sns:Subscribe, sns:* or * without such a condition, then FAIL
 * - given the policy document, a principal or a narrowing condition's value from a parameter, then UNVERIFIABLE
 */
const noPublicAccess: Control = {
  id: 'SNS.NoPublicAccess',
  title: 'SNS topic policy does not let everyone publish or subscribe',
  resourceTypes: ['AWS::SNS::TopicPolicy', 'AWS::SNS::TopicInlinePolicy'],
  citations: PUBLIC_ACCESS_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: 'Grant publishing to named principals (topic.grantPublish(role)) or to a service with an aws:SourceArn condition, never to AnyPrincipal alone.',
  rationale: 'Anyone who may subscribe to a topic receives every message it carries, PHI included, and anyone who may publish can inject messages its subscribers trust.',
  check: (r, index) => {
    const statements = policyDocumentStatements(r);
    if (statements === UNKNOWN) return unverifiable('PolicyDocument cannot be resolved at synth.');
    const open = openGrant(statements, r, index, MESSAGE_ACTIONS);
    if (open === UNKNOWN) return unverifiable('a Principal or Condition of the topic policy cannot be resolved at synth, so whether it grants everyone is unknown.');
    if (open === undefined) return pass();
    return fail(`the topic policy allows ${openPrincipalText(open.statement)} to ${grantedActionsText(open.statement)} without an account, organization or source condition.`);
  },
};

export const SNS_CONTROLS: readonly Control[] = [
  customerManagedKey,
  tlsOnly,
  noPublicAccess,
];

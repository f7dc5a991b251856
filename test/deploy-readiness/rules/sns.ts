/**
 * SNS topics that AWS services publish to: the topic policy and the topic's key must let them.
 */
import { TemplateIndex, allowsService, asArray, coversAction, indexOf, problemsFor, refTarget, render, statementsOf } from '../cfn';
import { DeployProblem, DeployTemplate } from '../model';
import { keyOfTopic } from './kms';

const TOPIC = 'AWS::SNS::Topic';

interface Publisher { readonly service: string; readonly via: string }

/**
 * `TopicAllowsPublisher`: a topic of the template that CloudWatch alarms, EventBridge rules or
 * AWS Backup vaults notify must let that service publish, or the notifications are dropped although
 * the deploy succeeds.
 *
 * - Topic policy: EventBridge and AWS Backup publish as their service principal, so an
 *   `AWS::SNS::TopicPolicy` whose `Topics` include the topic must Allow `sns:Publish` to
 *   `events.amazonaws.com` / `backup.amazonaws.com`. CloudWatch alarms of the topic's own account
 *   are admitted by the default topic policy (it allows the owner account), so for CloudWatch no
 *   statement is needed while the topic has no `AWS::SNS::TopicPolicy`; once one replaces the
 *   default, it must Allow `cloudwatch.amazonaws.com` (the alarm history then shows "... is not
 *   authorized to perform: SNS:Publish").
 * - Key: when the topic is encrypted with a key of the template (`KmsMasterKeyId` Ref/GetAtt or an
 *   alias of it), that key's policy must Allow the service `kms:GenerateDataKey` (or
 *   `kms:GenerateDataKey*`) and `kms:Decrypt`. The AWS managed key `alias/aws/sns` cannot be used:
 *   its policy cannot be changed to admit a service.
 * - Only statements that name the service count: an Allow to `*` or to an account principal does
 *   not admit a service principal. Conditions are not evaluated here (see `EventBridgeKeyConditions`
 *   for the one known-bad case) and Deny statements are not weighed.
 *
 * Sources: EventBridge "Using resource-based policies for Amazon EventBridge", Amazon SNS permissions —
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html ;
 * re:Post "Why isn't my Amazon SNS topic receiving the event notifications?" —
 * https://repost.aws/knowledge-center/sns-not-getting-eventbridge-notification ;
 * re:Post "cloudwatch-receive-sns-for-alarm-trigger" (policy statement for cloudwatch.amazonaws.com) —
 * https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger ;
 * re:Post "cloudwatch-configure-alarm-sns" (encrypted topics need a customer managed key granting
 * CloudWatch kms:Decrypt and kms:GenerateDataKey*; alias/aws/sns fails) —
 * https://repost.aws/knowledge-center/cloudwatch-configure-alarm-sns ;
 * SNS "Key management" (compatibility of AWS service event sources with encrypted topics) —
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html ;
 * `AWS::Backup::BackupVault` NotificationObjectType —
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-backup-backupvault-notificationobjecttype.html
 *
 * Scenarios:
 * - PASS: the topic policy allows the service `sns:Publish` and (for an encrypted topic) the key allows it GenerateDataKey and Decrypt.
 * - PASS: a CloudWatch alarm to a topic without any `AWS::SNS::TopicPolicy` (unencrypted, or key grants CloudWatch).
 * - SKIP: publishers that target topics not in the template (imported ARNs).
 * - FAIL: no topic policy, or none naming the service with `sns:Publish` (EventBridge, Backup; CloudWatch once a topic policy exists).
 * - FAIL: the topic's key of the template misses the service's `kms:GenerateDataKey` or `kms:Decrypt`.
 * - FAIL: the topic is encrypted with `alias/aws/sns`, or with a key that is not in the template (cannot be verified).
 */
export function topicAllowsPublisher(t: DeployTemplate, _all: DeployTemplate[]): DeployProblem[] {
  const index = indexOf(t);
  const problem = problemsFor('TopicAllowsPublisher', t);
  const publishers = publishersByTopic(index);
  if (publishers.size === 0) return [];
  const policies = topicPolicyStatements(index);
  const problems: DeployProblem[] = [];
  for (const [topicId, pubs] of publishers) {
    const services = [...new Set(pubs.map((p) => p.service))].sort();
    for (const service of services) {
      const via = pubs.filter((p) => p.service === service).map((p) => p.via).join(', ');
      const statements = policies.get(topicId);
      const needsPolicy = service !== 'cloudwatch.amazonaws.com' || statements !== undefined;
      if (needsPolicy && !(statements ?? []).some((s) => allowsService(s, service) && coversAction(s, 'sns:Publish'))) {
        problems.push(problem(topicId,
          `${via} publish(es) to this topic, but ${statements ? 'no AWS::SNS::TopicPolicy of it' : 'it has no AWS::SNS::TopicPolicy that'} allows ${service} sns:Publish; `
          + 'the notifications are dropped. Add a topic policy statement for that service principal.'));
      }
      const keyProblem = keyHazard(index, topicId, service);
      if (keyProblem) problems.push(problem(topicId, `${via} publish(es) to this topic, but ${keyProblem}`));
    }
  }
  return problems;
}

function keyHazard(index: TemplateIndex, topicId: string, service: string): string | undefined {
  const topic = index.resources[topicId];
  const keyValue = topic.Properties?.KmsMasterKeyId;
  if (keyValue === undefined) return undefined;
  const keyId = keyOfTopic(topic, index);
  if (!keyId) {
    const rendered = render(keyValue);
    if (rendered && /(^|:)alias\/aws\/sns$/.test(rendered)) {
      return `the topic is encrypted with the AWS managed key alias/aws/sns, whose policy does not let ${service} use it. Encrypt it with a customer managed key that grants ${service} kms:GenerateDataKey* and kms:Decrypt.`;
    }
    return `the topic's key (${JSON.stringify(keyValue)}) is not a key of this template, so its policy cannot be checked for ${service}'s kms:GenerateDataKey and kms:Decrypt.`;
  }
  const statements = statementsOf(index.resources[keyId].Properties?.KeyPolicy).filter((s) => allowsService(s, service));
  const missing = ['kms:GenerateDataKey', 'kms:Decrypt'].filter((action) => !statements.some((s) => coversAction(s, action)));
  if (missing.length === 0) return undefined;
  return `its key ${keyId} does not allow ${service} ${missing.join(' and ')}; SNS cannot encrypt the messages and drops them. `
    + `Grant ${service} kms:GenerateDataKey* and kms:Decrypt in the key policy.`;
}

/** Topics of the template with the services that publish to them. */
function publishersByTopic(index: TemplateIndex): Map<string, Publisher[]> {
  const out = new Map<string, Publisher[]>();
  const add = (value: any, service: string, via: string) => {
    const id = refTarget(value);
    if (!id || index.resources[id]?.Type !== TOPIC) return;
    const list = out.get(id) ?? [];
    if (!list.some((p) => p.via === via && p.service === service)) list.push({ service, via });
    out.set(id, list);
  };
  for (const id of index.ofType('AWS::CloudWatch::Alarm')) {
    const p = index.resources[id].Properties ?? {};
    for (const action of [...asArray(p.AlarmActions), ...asArray(p.OKActions), ...asArray(p.InsufficientDataActions)]) {
      add(action, 'cloudwatch.amazonaws.com', `alarm ${id}`);
    }
  }
  for (const id of index.ofType('AWS::Events::Rule')) {
    for (const target of asArray(index.resources[id].Properties?.Targets)) add(target?.Arn, 'events.amazonaws.com', `rule ${id}`);
  }
  for (const id of index.ofType('AWS::Backup::BackupVault')) {
    add(index.resources[id].Properties?.Notifications?.SNSTopicArn, 'backup.amazonaws.com', `backup vault ${id}`);
  }
  return out;
}

/** The statements of every `AWS::SNS::TopicPolicy`, by the topics (of the template) it applies to. */
function topicPolicyStatements(index: TemplateIndex): Map<string, any[]> {
  const out = new Map<string, any[]>();
  for (const id of index.ofType('AWS::SNS::TopicPolicy')) {
    const props = index.resources[id].Properties ?? {};
    for (const topic of asArray(props.Topics)) {
      const topicId = refTarget(topic);
      if (!topicId) continue;
      out.set(topicId, [...(out.get(topicId) ?? []), ...statementsOf(props.PolicyDocument)]);
    }
  }
  return out;
}

import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';

/** An AWS service that publishes notifications to a topic the constructs create or are given. */
export interface TopicPublisher {
  /** Short name used in statement ids, e.g. `EventBridge`. */
  readonly name: string;
  /** The service principal that calls `sns:Publish`. */
  readonly servicePrincipal: string;
  /**
   * How the key policy statement is scoped. EventBridge's calls to KMS carry neither
   * `aws:SourceAccount` nor `aws:SourceArn` (the SNS developer guide, "Key management":
   * those keys are not supported for EventBridge publishing to encrypted topics), so it is scoped by
   * the encryption context SNS sends, `aws:sns:topicArn`, to this account's topics. The other
   * services send `aws:SourceAccount`.
   */
  readonly keyScope: 'topicEncryptionContext' | 'sourceAccount';
}

/** EventBridge rules targeting the topic. */
export const EVENTBRIDGE_PUBLISHER: TopicPublisher = { name: 'EventBridge', servicePrincipal: 'events.amazonaws.com', keyScope: 'topicEncryptionContext' };
/** CloudWatch alarms whose actions notify the topic. */
export const CLOUDWATCH_PUBLISHER: TopicPublisher = { name: 'CloudWatch', servicePrincipal: 'cloudwatch.amazonaws.com', keyScope: 'sourceAccount' };
/** AWS Backup vault notifications. */
export const BACKUP_PUBLISHER: TopicPublisher = { name: 'Backup', servicePrincipal: 'backup.amazonaws.com', keyScope: 'sourceAccount' };

/**
 * The key policy statement that lets `publisher` encrypt messages to topics of this account.
 * SNS asks the publisher's principal for `kms:GenerateDataKey*` and `kms:Decrypt` on the topic's key.
 */
export function publisherKeyStatement(scope: IConstruct, publisher: TopicPublisher): iam.PolicyStatement {
  const stack = Stack.of(scope);
  const conditions = publisher.keyScope === 'topicEncryptionContext'
    ? { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': stack.formatArn({ service: 'sns', resource: '*' }) } }
    : { StringEquals: { 'aws:SourceAccount': stack.account } };
  return new iam.PolicyStatement({
    sid: `Allow${publisher.name}ToUseKey`,
    principals: [new iam.ServicePrincipal(publisher.servicePrincipal)],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions,
  });
}

/** The topic policy statement that lets `publisher` publish to `topic` on behalf of this account only. */
export function publisherTopicStatement(topic: sns.ITopic, publisher: TopicPublisher): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: `Allow${publisher.name}ToPublish`,
    principals: [new iam.ServicePrincipal(publisher.servicePrincipal)],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(topic).account } },
  });
}

/** The publisher statements already in a key's policy (several topics may share one key). */
const keyStatementsAdded = new WeakMap<kms.IKey, Set<string>>();

/**
 * Lets each publisher notify `topic`: a statement in the topic's policy and, when the topic is
 * encrypted, one in its key's policy. A topic or key imported from elsewhere cannot be changed here.
 *
 * @returns the statements that could not be added, by sid and content (the imported topic's or key's owner must add them)
 */
export function allowPublishers(topic: sns.ITopic, publishers: readonly TopicPublisher[]): string[] {
  const missing: string[] = [];
  for (const publisher of publishers) {
    const topicStatement = publisherTopicStatement(topic, publisher);
    if (!topic.addToResourcePolicy(topicStatement).statementAdded) missing.push(`${topicStatement.sid} (topic policy: ${publisher.servicePrincipal} sns:Publish)`);
    const key = topic.masterKey;
    if (!key) continue;
    const done = keyStatementsAdded.get(key) ?? new Set<string>();
    keyStatementsAdded.set(key, done);
    const keyStatement = publisherKeyStatement(topic, publisher);
    if (done.has(keyStatement.sid!)) continue;
    if (key.addToResourcePolicy(keyStatement).statementAdded) done.add(keyStatement.sid!);
    else missing.push(`${keyStatement.sid} (key policy: ${publisher.servicePrincipal} kms:Decrypt, kms:GenerateDataKey*)`);
  }
  return missing;
}

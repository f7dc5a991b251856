/**
 * KMS key policies: every principal must exist when the key is created, and EventBridge's grant
 * on a topic key must not use condition keys that EventBridge does not send.
 */
import { CfnResource, TemplateIndex, allowsService, indexOf, principalsOf, problemsFor, refTarget, render, statementsOf } from '../cfn';
import { DeployProblem, DeployTemplate } from '../model';

const KEY = 'AWS::KMS::Key';
/** A partition / account in a rendered ARN: literal, or the pseudo parameter placeholder. */
const PARTITION = '([a-z-]+|\\{AWS::Partition\\})';
const ACCOUNT = '(\\d{12}|\\{AWS::AccountId\\})';

/**
 * `KeyPolicyPrincipalMustExist`: KMS rejects a key policy (MalformedPolicyDocumentException,
 * "Policy contains a statement with one or more invalid principals") whose principals do not
 * exist or are not visible to KMS when the key is created.
 *
 * Sources: KMS CreateKey `Policy` ("The principals in the key policy must exist and be visible to KMS") —
 * https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/kms/aws.sdk.kotlin.services.kms.model/-create-key-request/policy.html ;
 * AWS re:Post Knowledge Center "kms-policy-error-invalid-principals" —
 * https://repost.aws/knowledge-center/kms-policy-error-invalid-principals
 *
 * Scenarios (per `Principal.AWS` value of every statement):
 * - PASS: `*`; an account id; an account root ARN (`arn:<partition>:iam::<account>:root`, literal or
 *   built with `Fn::Join`/`Fn::Sub` from `AWS::Partition`/`AWS::AccountId`).
 * - PASS: `Fn::GetAtt [X, Arn]` (or `${X.Arn}`) of a resource in the template: CloudFormation creates X first.
 * - PASS: a literal role/user ARN whose name is given to an `AWS::IAM::Role`/`User` of the template
 *   that the key depends on.
 * - FAIL: a service-linked role ARN (`:role/aws-service-role/`): it exists only once the service made it.
 * - FAIL: a literal role/user/assumed-role ARN that the template does not create (or does not create before the key).
 * - FAIL: a value that cannot be resolved (parameter, `Fn::ImportValue`, ...).
 */
export function keyPolicyPrincipalMustExist(t: DeployTemplate, _all: DeployTemplate[]): DeployProblem[] {
  const index = indexOf(t);
  const problem = problemsFor('KeyPolicyPrincipalMustExist', t);
  const problems: DeployProblem[] = [];
  for (const keyId of index.ofType(KEY)) {
    for (const statement of statementsOf(index.resources[keyId].Properties?.KeyPolicy)) {
      for (const principal of principalsOf(statement, 'AWS')) {
        const why = principalHazard(principal, keyId, index);
        if (why) problems.push(problem(keyId, `Key policy principal ${describe(principal)} ${why}`));
      }
    }
  }
  return problems;
}

function principalHazard(principal: any, keyId: string, index: TemplateIndex): string | undefined {
  const rendered = render(principal);
  if (rendered === undefined) {
    return 'cannot be resolved at synthesis, so it cannot be shown to exist when the key is created; use a principal created in this template or the account root.';
  }
  if (rendered === '*') return undefined;
  if (/^(\d{12}|\{AWS::AccountId\})$/.test(rendered)) return undefined;
  if (new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:root$`).test(rendered)) return undefined;
  const att = /^\{GetAtt:([^.}]+)\.Arn\}$/.exec(rendered);
  if (att) {
    return att[1] in index.resources ? undefined
      : `refers to ${att[1]}, which is not a resource of this template; KMS rejects the policy (MalformedPolicyDocumentException) if it does not exist.`;
  }
  if (/:role\/aws-service-role\//.test(rendered)) {
    return 'is a service-linked role, which exists only after its service created it; in a fresh account KMS rejects the policy (MalformedPolicyDocumentException). '
      + 'Grant the service principal (with kms:ViaService or an encryption-context condition) or the account root instead.';
  }
  const named = new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:(role|user)/(?:.*/)?([^/]+)$`).exec(rendered);
  if (named && !/[{}]/.test(named[4])) {
    const [, , , kind, name] = named;
    const type = kind === 'role' ? 'AWS::IAM::Role' : 'AWS::IAM::User';
    const nameProp = kind === 'role' ? 'RoleName' : 'UserName';
    const creator = index.ofType(type).find((id) => render(index.resources[id].Properties?.[nameProp]) === name);
    if (creator && index.createdAfter(keyId, (dep) => dep === creator)) return undefined;
    if (creator) return `is created by ${creator} in this template, but the key does not depend on it; add a dependency (or use ${creator}'s Fn::GetAtt Arn).`;
  }
  return 'is not created by this template; in a fresh account it does not exist and KMS rejects the policy (MalformedPolicyDocumentException). '
    + 'Use a principal created in this template (Fn::GetAtt Arn) or the account root.';
}

function describe(principal: any): string {
  return typeof principal === 'string' ? principal : JSON.stringify(principal);
}

const SOURCE_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths'];

/**
 * `EventBridgeKeyConditions`: when EventBridge publishes to an SNS topic encrypted with a customer
 * managed key, the key policy must grant `events.amazonaws.com` `kms:GenerateDataKey` and
 * `kms:Decrypt`; the confused-deputy condition keys `aws:SourceAccount`, `aws:SourceArn` and
 * `aws:SourceOrgID` (and `aws:SourceOrgPaths`) are not supported there, so a statement conditioned
 * on them never matches and events are dropped silently. Conditions on the topic policy's
 * `sns:Publish` grant are fine, and so are these keys on an event bus's own key (EventBridge
 * recommends them there), so only keys that encrypt an SNS topic of the template are checked.
 *
 * Sources: SNS "Key management", section "Enable compatibility between event sources from AWS
 * services and encrypted topics" — https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
 * (the excerpts the search returned did not show this section; the statement that those keys are
 * unsupported for EventBridge delivery is quoted from it by aws/modern-data-architecture-accelerator,
 * https://aws.github.io/modern-data-architecture-accelerator/typedocs/functions/_aws-mdaa_cloudwatch-constructs.grantCloudWatchAlarmsTopicAccess.html );
 * EventBridge "Authorizing EventBridge to use a customer managed key" (event-bus keys, where the
 * conditions are recommended) — https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-key-policy.html
 *
 * Scenarios:
 * - PASS: the key encrypts no topic of the template (e.g. an event bus key); the events statement has no such condition key.
 * - FAIL: a key that encrypts a topic (`KmsMasterKeyId` Ref/GetAtt, or through an `AWS::KMS::Alias`)
 *   has an Allow statement for `events.amazonaws.com` whose Condition uses one of those keys (any operator, any case).
 */
export function eventBridgeKeyConditions(t: DeployTemplate, _all: DeployTemplate[]): DeployProblem[] {
  const index = indexOf(t);
  const problem = problemsFor('EventBridgeKeyConditions', t);
  const topicKeys = new Set<string>();
  for (const topicId of index.ofType('AWS::SNS::Topic')) {
    const keyId = keyOfTopic(index.resources[topicId], index);
    if (keyId) topicKeys.add(keyId);
  }
  const problems: DeployProblem[] = [];
  for (const keyId of topicKeys) {
    for (const statement of statementsOf(index.resources[keyId].Properties?.KeyPolicy)) {
      if (!allowsService(statement, 'events.amazonaws.com')) continue;
      const used = conditionKeys(statement).filter((k) => SOURCE_KEYS.includes(k.toLowerCase()));
      if (used.length === 0) continue;
      problems.push(problem(keyId,
        `The key encrypts an SNS topic, and its grant to events.amazonaws.com is conditioned on ${[...new Set(used)].join(', ')}, `
        + 'which EventBridge does not supply when it publishes to an encrypted topic: the statement never applies and events are dropped. '
        + 'Remove those condition keys from the key statement (keep them on the topic policy).'));
    }
  }
  return problems;
}

/** The condition keys a statement uses, across all operators. */
function conditionKeys(statement: any): string[] {
  const condition = statement?.Condition;
  if (!condition || typeof condition !== 'object') return [];
  return Object.values(condition).flatMap((block: any) => (block && typeof block === 'object' ? Object.keys(block) : []));
}

/** The logical id of the `AWS::KMS::Key` of the template a topic is encrypted with (directly or through an alias). */
export function keyOfTopic(topic: CfnResource, index: TemplateIndex): string | undefined {
  return keyOf(topic.Properties?.KmsMasterKeyId, index);
}

function keyOf(value: any, index: TemplateIndex): string | undefined {
  const target = refTarget(value);
  let r = target ? index.resources[target] : undefined;
  if (r?.Type === KEY) return target;
  if (r?.Type === 'AWS::KMS::Alias') {
    const keyId = refTarget(r.Properties?.TargetKeyId);
    r = keyId ? index.resources[keyId] : undefined;
    if (r?.Type === KEY) return keyId;
  }
  // an alias name written out: alias/<name> of an AWS::KMS::Alias of the template
  const rendered = render(value);
  if (rendered?.startsWith('alias/') || rendered?.includes(':alias/')) {
    const name = rendered.slice(rendered.indexOf('alias/'));
    for (const aliasId of index.ofType('AWS::KMS::Alias')) {
      const alias = index.resources[aliasId].Properties;
      if (render(alias?.AliasName) === name) {
        const keyId = refTarget(alias?.TargetKeyId);
        if (keyId && index.resources[keyId]?.Type === KEY) return keyId;
      }
    }
  }
  return undefined;
}

import { Annotations, ArnFormat, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HipaaKey } from '../kms/hipaa-key';
import { acknowledgeNagRule, qualifiedControlId } from '../policy/acknowledgements';

/** The encryption context key CloudWatch Logs sends to KMS: the log group's ARN. */
export const LOGS_ENCRYPTION_CONTEXT_KEY = 'aws:logs:arn';

/** What CloudWatch Logs needs on the key of an encrypted log group. */
export const LOGS_SERVICE_KEY_ACTIONS = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'];

/** Reading log events and running Logs Insights queries on one log group. */
export const LOG_READ_ACTIONS = [
  'logs:DescribeLogStreams',
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
  'logs:GetLogGroupFields',
  'logs:StartQuery',
];

/** Logs Insights actions that take a query id, not a log group: they have no resource-level permissions. */
export const LOG_QUERY_RESULT_ACTIONS = ['logs:GetQueryResults', 'logs:StopQuery'];

/** Actions that delete log data, shorten its retention, or weaken its encryption, masking or archive. */
export const LOG_PROTECTED_ACTIONS = [
  'logs:DeleteLogGroup',
  'logs:DeleteLogStream',
  'logs:PutRetentionPolicy',
  'logs:DeleteRetentionPolicy',
  'logs:AssociateKmsKey',
  'logs:DisassociateKmsKey',
  'logs:PutDataProtectionPolicy',
  'logs:DeleteDataProtectionPolicy',
  'logs:DeleteSubscriptionFilter',
];

/** Actions on the key that would make every log event encrypted with it unreadable. */
export const KEY_PROTECTED_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey'];

/** Characters CloudWatch Logs allows in a log group name. */
const LOG_GROUP_NAME = /^[A-Za-z0-9_\-/.#]{1,512}$/;

/** The archive's delivery error log group is named after the archived log group with this suffix, the longest one. */
export const ARCHIVE_DELIVERY_LOGS_SUFFIX = '/archive-delivery-errors';

/** What {@link keyedLogGroup} creates. */
export interface KeyedLogGroup {
  readonly key: HipaaKey;
  readonly logGroup: logs.LogGroup;
}

/**
 * A named log group for a function the library runs, under `scope` (as `Key` and `LogGroup`):
 * encrypted with a key of its own that CloudWatch Logs may use for this log group only (the
 * encryption context names it), kept six years, and retained when the stack goes.
 */
export function keyedLogGroup(scope: Construct, props: { logGroupName: string; keyDescription: string; keyAlias?: string }): KeyedLogGroup {
  const key = new HipaaKey(scope, 'Key', { description: props.keyDescription, ...(props.keyAlias ? { alias: props.keyAlias } : {}) });
  key.grantToService(`logs.${Stack.of(scope).region}.amazonaws.com`, {
    actions: LOGS_SERVICE_KEY_ACTIONS,
    encryptionContextKey: LOGS_ENCRYPTION_CONTEXT_KEY,
    encryptionContextValue: logGroupArnFromName(scope, props.logGroupName),
  });
  const logGroup = new logs.LogGroup(scope, 'LogGroup', {
    logGroupName: props.logGroupName,
    encryptionKey: key,
    retention: logs.RetentionDays.SIX_YEARS,
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  return { key, logGroup };
}

/**
 * The ARN of a log group by name, without the `:*` suffix: the form CloudWatch Logs puts in
 * the KMS encryption context and IAM matches for log-group actions.
 */
export function logGroupArnFromName(scope: Construct, logGroupName: string): string {
  return Stack.of(scope).formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: logGroupName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * Lets the regional CloudWatch Logs service principal use `key` for the log group `logGroupArn`
 * only (`kms:EncryptionContext:aws:logs:arn`), through the key policy. Possible for a HipaaKey or
 * a kms.Key of the same stack; for any other key a warning says what to add to its policy.
 *
 * @returns whether the key policy was changed
 */
export function allowLogsToUseKey(scope: Construct, key: kms.IKey, logGroupArn: string): boolean {
  const stack = Stack.of(scope);
  const servicePrincipal = `logs.${stack.region}.amazonaws.com`;
  if (key instanceof HipaaKey) {
    key.grantToService(servicePrincipal, {
      actions: LOGS_SERVICE_KEY_ACTIONS,
      encryptionContextKey: LOGS_ENCRYPTION_CONTEXT_KEY,
      encryptionContextValue: logGroupArn,
    });
    return true;
  }
  if (key instanceof kms.Key && Stack.of(key) === stack) {
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(servicePrincipal)],
      actions: LOGS_SERVICE_KEY_ACTIONS,
      resources: ['*'],
      conditions: { ArnLike: { [`kms:EncryptionContext:${LOGS_ENCRYPTION_CONTEXT_KEY}`]: logGroupArn } },
    }));
    return true;
  }
  Annotations.of(scope).addWarningV2('cdk-hipaa:CentralLogGroup.keyPolicy',
    `The key policy of encryptionKey cannot be changed from here: let ${servicePrincipal} use the key `
    + `(${LOGS_SERVICE_KEY_ACTIONS.join(', ')}) with the condition ArnLike kms:EncryptionContext:${LOGS_ENCRYPTION_CONTEXT_KEY} `
    + 'set to the log group ARN, or CloudWatch Logs cannot write to the log group.');
  return false;
}

/** Why a log group that never expires does not set the retention cdk-nag asks for. */
export const NEVER_EXPIRE_REASON = 'Retention is RetentionDays.INFINITE: log events never expire, which exceeds the six years 45 CFR 164.316(b)(2)(i) asks for; CloudFormation expresses it by leaving RetentionInDays unset.';

/** Acknowledges cdk-nag's retention rule on a log group whose events never expire. */
export function acknowledgeNeverExpires(group: logs.LogGroup, retention: logs.RetentionDays): void {
  if (retention === logs.RetentionDays.INFINITE) {
    acknowledgeNagRule(group, 'CloudWatchLogGroupRetentionPeriod', NEVER_EXPIRE_REASON);
  }
}

/** A log group that keeps evidence next to a CentralLogGroup (findings, delivery errors). */
export interface EvidenceLogGroupOptions {
  readonly logGroupName: string;
  readonly encryptionKey: kms.IKey;
  readonly retention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Why this log group needs no data protection policy of its own. */
  readonly noDataProtectionReason: string;
}

/**
 * Creates an encrypted, retained log group with the given name and lets CloudWatch Logs use
 * the key for it. It carries an acknowledgement of the catalog's data protection control.
 */
export function createEvidenceLogGroup(scope: Construct, id: string, options: EvidenceLogGroupOptions): logs.LogGroup {
  const group = new logs.LogGroup(scope, id, {
    logGroupName: options.logGroupName,
    encryptionKey: options.encryptionKey,
    retention: options.retention,
    removalPolicy: options.removalPolicy,
  });
  allowLogsToUseKey(group, options.encryptionKey, logGroupArnFromName(scope, options.logGroupName));
  Validations.of(group).acknowledge({ id: qualifiedControlId('Logs.DataProtectionPolicy'), reason: options.noDataProtectionReason });
  acknowledgeNeverExpires(group, options.retention);
  return group;
}

/** A log group of this stack and its streams, as IAM names them. */
export function arnsOfLogGroup(scope: Construct, logGroupName: string): string[] {
  const arn = logGroupArnFromName(scope, logGroupName);
  return [arn, `${arn}:*`];
}

/** Throws for a literal log group name CloudWatch Logs would reject. */
export function validateLogGroupName(scope: Construct, logGroupName: string): void {
  if (Token.isUnresolved(logGroupName)) return;
  const longest = `${logGroupName}${ARCHIVE_DELIVERY_LOGS_SUFFIX}`;
  if (!LOG_GROUP_NAME.test(logGroupName) || longest.length > 512) {
    throw new Error(`CentralLogGroup ${scope.node.path}: logGroupName '${logGroupName}' is not a valid log group name (letters, digits, _ - / . #, at most ${512 - (longest.length - logGroupName.length)} characters).`);
  }
}

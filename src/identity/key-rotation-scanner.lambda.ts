/**
 * Lambda handler of KeyRotationMonitor: scans every IAM user's active access keys and
 * reports, in one SNS message per run, the keys older than MAX_KEY_AGE_DAYS or unused for
 * more than MAX_UNUSED_AGE_DAYS. With ACTION=DEACTIVATE it also sets Inactive the keys older
 * than DEACTIVATE_AFTER_DAYS.
 *
 * Environment: TOPIC_ARN (required), MAX_KEY_AGE_DAYS (90), MAX_UNUSED_AGE_DAYS (90),
 * ACTION (NOTIFY | DEACTIVATE), DEACTIVATE_AFTER_DAYS (MAX_KEY_AGE_DAYS + 30),
 * SCAN_CONCURRENCY (8), MAX_ATTEMPTS (8), RETRY_BASE_DELAY_MS (250), RETRY_MAX_DELAY_MS (20000).
 *
 * Failures are never swallowed: what was found is published first, then the run throws so
 * that the function's Errors metric (and its alarm) sees it.
 */
import {
  AccessKeyMetadata,
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  AccessKeyRecord,
  assessKey,
  errorMessage,
  formatReport,
  KeyFinding,
  mapWithConcurrency,
  RetryOptions,
  ScanFailure,
  ScanSettings,
  settingsFromEnv,
  withRetry,
} from './key-rotation-scan';

/** The scan stops starting new users when less than this is left before the function times out. */
const TIME_SAFETY_MARGIN_MS = 60_000;
/** Users asked for per ListUsers page (IAM's maximum). */
const USERS_PER_PAGE = 1000;

/** Where the scan writes its log lines. */
export interface ScanLog {
  info(line: string): void;
  error(line: string): void;
}

/** What {@link scanAccount} needs; everything but the clients and settings has a default. */
export interface ScanDependencies {
  readonly iam: IAMClient;
  readonly sns: SNSClient;
  readonly settings: ScanSettings;
  /** The moment ages are measured from. */
  readonly now: Date;
  /** @default real timers */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
  /** Milliseconds left before the function times out. @default no deadline */
  readonly remainingTimeMs?: () => number;
  /** @default console, one JSON object per line */
  readonly log?: ScanLog;
}

/** What a run returns (and logs). */
export interface ScanSummary {
  readonly usersScanned: number;
  readonly activeKeysScanned: number;
  readonly inactiveKeysIgnored: number;
  /** Keys past at least one bound. */
  readonly keysReported: number;
  readonly keysOverMaxAge: number;
  readonly keysUnused: number;
  readonly keysDeactivated: number;
  /** True when the report was published to the topic. */
  readonly published: boolean;
  readonly messageId?: string;
  readonly failures: number;
  /** False when the scan stopped before every user was scanned. */
  readonly complete: boolean;
}

/** Scans the account, publishes the report, and throws after publishing when anything failed. */
export async function scanAccount(deps: ScanDependencies): Promise<ScanSummary> {
  const { iam, sns, settings, now } = deps;
  const log = deps.log ?? consoleLog;
  const retry: RetryOptions = {
    maxAttempts: settings.maxAttempts,
    baseDelayMs: settings.baseDelayMs,
    maxDelayMs: settings.maxDelayMs,
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: deps.random ?? Math.random,
  };
  const outOfTime = () => deps.remainingTimeMs !== undefined && deps.remainingTimeMs() < TIME_SAFETY_MARGIN_MS;

  const findings: KeyFinding[] = [];
  const deactivated: string[] = [];
  const failures: ScanFailure[] = [];
  let usersScanned = 0;
  let usersSkipped = 0;
  let activeKeysScanned = 0;
  let inactiveKeysIgnored = 0;

  const fail = (operation: string, error: unknown) => {
    const failure = { operation, message: errorMessage(error) };
    failures.push(failure);
    log.error(JSON.stringify({ level: 'ERROR', event: 'scan-failure', ...failure }));
  };

  const scanUser = async (userName: string) => {
    if (outOfTime()) {
      usersSkipped++;
      return;
    }
    const keys: AccessKeyMetadata[] = [];
    try {
      let marker: string | undefined;
      do {
        const page = await withRetry(() => iam.send(new ListAccessKeysCommand({ UserName: userName, Marker: marker })), retry);
        keys.push(...(page.AccessKeyMetadata ?? []));
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
    } catch (error) {
      fail(`ListAccessKeys ${userName}`, error);
      return;
    } finally {
      usersScanned++;
    }

    for (const key of keys) {
      if (key.Status !== 'Active') {
        inactiveKeysIgnored++;
        continue;
      }
      activeKeysScanned++;
      if (!key.AccessKeyId || !key.CreateDate) {
        fail(`ListAccessKeys ${userName}`, new Error(`an active key without ${key.AccessKeyId ? 'CreateDate' : 'AccessKeyId'}`));
        continue;
      }
      let record: AccessKeyRecord = { userName, accessKeyId: key.AccessKeyId, createDate: key.CreateDate };
      try {
        const used = await withRetry(() => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId })), retry);
        record = {
          ...record,
          lastUsedDate: used.AccessKeyLastUsed?.LastUsedDate,
          lastUsedService: used.AccessKeyLastUsed?.ServiceName,
        };
      } catch (error) {
        fail(`GetAccessKeyLastUsed ${userName} ${key.AccessKeyId}`, error);
        record = { ...record, lastUseUnknown: true };
      }

      const finding = assessKey(record, settings, now);
      if (!finding) continue;
      findings.push(finding);
      log.info(JSON.stringify({
        level: 'WARN',
        event: 'key-past-bound',
        userName,
        accessKeyId: record.accessKeyId,
        ageDays: finding.ageDays,
        lastUsed: record.lastUsedDate?.toISOString() ?? (record.lastUseUnknown ? 'unknown' : 'never'),
        reasons: finding.reasons,
        deactivate: finding.deactivate,
      }));
      if (finding.deactivate) {
        try {
          await withRetry(() => iam.send(new UpdateAccessKeyCommand({
            UserName: userName, AccessKeyId: record.accessKeyId, Status: 'Inactive',
          })), retry);
          deactivated.push(record.accessKeyId);
          log.info(JSON.stringify({ level: 'WARN', event: 'key-deactivated', userName, accessKeyId: record.accessKeyId }));
        } catch (error) {
          fail(`UpdateAccessKey ${userName} ${record.accessKeyId}`, error);
        }
      }
    }
  };

  let complete = true;
  let marker: string | undefined;
  do {
    if (outOfTime()) {
      complete = false;
      break;
    }
    let page;
    try {
      page = await withRetry(() => iam.send(new ListUsersCommand({ Marker: marker, MaxItems: USERS_PER_PAGE })), retry);
    } catch (error) {
      fail('ListUsers', error);
      complete = false;
      break;
    }
    const names = (page.Users ?? []).map((u) => u.UserName).filter((n): n is string => !!n);
    await mapWithConcurrency(names, settings.concurrency, scanUser);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  if (usersSkipped > 0 || !complete) {
    complete = false;
    fail('scan', new Error(`stopped early${usersSkipped ? `: ${usersSkipped} users of the last page were not scanned` : ''}; the next run scans again`));
  }

  let published = false;
  let messageId: string | undefined;
  if (findings.length > 0 || failures.length > 0) {
    const report = formatReport({
      accountLabel: accountOf(settings.topicArn),
      settings,
      now,
      usersScanned,
      activeKeysScanned,
      findings,
      deactivated,
      failures,
      complete,
    });
    try {
      const result = await withRetry(() => sns.send(new PublishCommand({
        TopicArn: settings.topicArn, Subject: report.subject, Message: report.message,
      })), retry);
      published = true;
      messageId = result.MessageId;
    } catch (error) {
      fail('Publish', error);
    }
  }

  const summary: ScanSummary = {
    usersScanned,
    activeKeysScanned,
    inactiveKeysIgnored,
    keysReported: findings.length,
    keysOverMaxAge: findings.filter((f) => f.reasons.includes('OVER_MAX_AGE')).length,
    keysUnused: findings.filter((f) => f.reasons.includes('UNUSED')).length,
    keysDeactivated: deactivated.length,
    published,
    messageId,
    failures: failures.length,
    complete,
  };
  log.info(JSON.stringify({ level: 'INFO', event: 'scan-summary', ...summary }));
  if (failures.length > 0) {
    throw new Error(`Access key scan had ${failures.length} error(s)${published ? ' (reported to the topic)' : ''}; first: `
      + `${failures[0].operation}: ${failures[0].message}`);
  }
  return summary;
}

/** The account id of an ARN, or the ARN itself when it has none. */
function accountOf(arn: string): string {
  return arn.split(':')[4] || arn;
}

const consoleLog: ScanLog = {
  info: (line) => console.log(line),
  error: (line) => console.error(line),
};

// One set of clients per container. The SDK's own retries are off: withRetry is the one
// retry policy (bounded attempts, exponential backoff with jitter on throttling and transient errors).
const iamClient = new IAMClient({ maxAttempts: 1 });
const snsClient = new SNSClient({ maxAttempts: 1 });

/** The Lambda entry point (scheduled by EventBridge; the event is not read). */
export async function handler(_event?: unknown, context?: { getRemainingTimeInMillis?: () => number }): Promise<ScanSummary> {
  const remaining = context?.getRemainingTimeInMillis?.bind(context);
  return scanAccount({
    iam: iamClient,
    sns: snsClient,
    settings: settingsFromEnv(process.env),
    now: new Date(),
    remainingTimeMs: remaining,
  });
}

/**
 * The pure logic of the access-key rotation scanner: settings, the rule that decides
 * which keys are reported or deactivated, the report text, retries and bounded
 * concurrency. No AWS calls here, so every rule is unit-testable; the Lambda handler
 * (key-rotation-scanner.lambda.ts) wires it to IAM and SNS.
 *
 * Internal module: not re-exported from the library's index.
 */

/** One day in milliseconds. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** What the scanner does with the keys it finds. */
export type ScanAction = 'NOTIFY' | 'DEACTIVATE';

/** The scanner's settings, read from the function's environment. */
export interface ScanSettings {
  /** The SNS topic the report is published to. */
  readonly topicArn: string;
  /** Keys created more than this many days ago are reported. */
  readonly maxKeyAgeDays: number;
  /** Keys not used (or never used and created) for more than this many days are reported. */
  readonly maxUnusedAgeDays: number;
  /** NOTIFY reports; DEACTIVATE also deactivates keys older than `deactivateAfterDays`. */
  readonly action: ScanAction;
  /** With DEACTIVATE: keys older than this many days are set Inactive. */
  readonly deactivateAfterDays: number;
  /** Users processed at the same time. */
  readonly concurrency: number;
  /** Attempts per IAM or SNS call, the first included, before a throttled call fails. */
  readonly maxAttempts: number;
  /** First retry delay; doubles with each attempt (full jitter), capped at `maxDelayMs`. */
  readonly baseDelayMs: number;
  /** Longest wait between two attempts. */
  readonly maxDelayMs: number;
}

/** Defaults of the settings the environment may leave out. */
export const SCAN_DEFAULTS = {
  maxKeyAgeDays: 90,
  maxUnusedAgeDays: 90,
  action: 'NOTIFY' as ScanAction,
  concurrency: 8,
  maxAttempts: 8,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
  /** DEACTIVATE_AFTER_DAYS defaults to MAX_KEY_AGE_DAYS plus this. */
  deactivateGraceDays: 30,
} as const;

/** Reads and validates the settings; a wrong value throws (the run fails loudly). */
export function settingsFromEnv(env: Record<string, string | undefined>): ScanSettings {
  const topicArn = (env.TOPIC_ARN ?? '').trim();
  if (!topicArn) throw new Error('TOPIC_ARN is not set: the scanner has nowhere to report to.');
  const maxKeyAgeDays = positiveInt(env, 'MAX_KEY_AGE_DAYS', SCAN_DEFAULTS.maxKeyAgeDays);
  const maxUnusedAgeDays = positiveInt(env, 'MAX_UNUSED_AGE_DAYS', SCAN_DEFAULTS.maxUnusedAgeDays);
  const actionText = (env.ACTION ?? SCAN_DEFAULTS.action).trim().toUpperCase();
  if (actionText !== 'NOTIFY' && actionText !== 'DEACTIVATE') {
    throw new Error(`ACTION must be NOTIFY or DEACTIVATE, got '${env.ACTION}'.`);
  }
  const deactivateAfterDays = positiveInt(env, 'DEACTIVATE_AFTER_DAYS', maxKeyAgeDays + SCAN_DEFAULTS.deactivateGraceDays);
  if (actionText === 'DEACTIVATE' && deactivateAfterDays < maxKeyAgeDays) {
    throw new Error(`DEACTIVATE_AFTER_DAYS (${deactivateAfterDays}) must be at least MAX_KEY_AGE_DAYS (${maxKeyAgeDays}).`);
  }
  return {
    topicArn,
    maxKeyAgeDays,
    maxUnusedAgeDays,
    action: actionText,
    deactivateAfterDays,
    concurrency: positiveInt(env, 'SCAN_CONCURRENCY', SCAN_DEFAULTS.concurrency),
    maxAttempts: positiveInt(env, 'MAX_ATTEMPTS', SCAN_DEFAULTS.maxAttempts),
    baseDelayMs: positiveInt(env, 'RETRY_BASE_DELAY_MS', SCAN_DEFAULTS.baseDelayMs),
    maxDelayMs: positiveInt(env, 'RETRY_MAX_DELAY_MS', SCAN_DEFAULTS.maxDelayMs),
  };
}

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive whole number, got '${raw}'.`);
  }
  return value;
}

/** An active access key as the scanner sees it: never the secret, which IAM does not return anyway. */
export interface AccessKeyRecord {
  readonly userName: string;
  readonly accessKeyId: string;
  readonly createDate: Date;
  /** When the key was last used; undefined when never used. */
  readonly lastUsedDate?: Date;
  /** The service it was last used with, when known. */
  readonly lastUsedService?: string;
  /** True when the last use could not be looked up: only the key's age is judged. */
  readonly lastUseUnknown?: boolean;
}

/** Why a key is reported. */
export type FindingReason = 'OVER_MAX_AGE' | 'UNUSED';

/** A key that breaks a bound. */
export interface KeyFinding {
  readonly key: AccessKeyRecord;
  /** Whole days since the key was created. */
  readonly ageDays: number;
  /** Whole days since the key was last used (since creation when never used). */
  readonly unusedDays: number;
  readonly reasons: FindingReason[];
  /** True when the settings ask for this key to be deactivated. */
  readonly deactivate: boolean;
}

/**
 * Decides whether a key is reported and whether it is deactivated.
 *
 * A key is reported when it is older than `maxKeyAgeDays`, or has not been used for more
 * than `maxUnusedAgeDays` (a never-used key counts from its creation). Exactly at a bound
 * is not over it. With DEACTIVATE, a key older than `deactivateAfterDays` is deactivated;
 * because a key is never idle for longer than it has existed, that bound also covers keys
 * left unused that long.
 */
export function assessKey(key: AccessKeyRecord, settings: ScanSettings, now: Date): KeyFinding | undefined {
  const ageMs = now.getTime() - key.createDate.getTime();
  const lastActivity = key.lastUsedDate ?? key.createDate;
  const unusedMs = now.getTime() - lastActivity.getTime();
  const reasons: FindingReason[] = [];
  if (ageMs > settings.maxKeyAgeDays * DAY_MS) reasons.push('OVER_MAX_AGE');
  if (!key.lastUseUnknown && unusedMs > settings.maxUnusedAgeDays * DAY_MS) reasons.push('UNUSED');
  if (reasons.length === 0) return undefined;
  return {
    key,
    ageDays: Math.floor(ageMs / DAY_MS),
    unusedDays: Math.floor(unusedMs / DAY_MS),
    reasons,
    deactivate: settings.action === 'DEACTIVATE' && ageMs > settings.deactivateAfterDays * DAY_MS,
  };
}

/** A call that failed for one user or one key, reported with the run. */
export interface ScanFailure {
  /** What was being done, e.g. `ListAccessKeys alice`. */
  readonly operation: string;
  readonly message: string;
}

/** What one run found, the input of the report. */
export interface ScanReport {
  readonly accountLabel: string;
  readonly settings: ScanSettings;
  readonly now: Date;
  readonly usersScanned: number;
  readonly activeKeysScanned: number;
  readonly findings: KeyFinding[];
  /** Access key ids deactivated in this run. */
  readonly deactivated: string[];
  readonly failures: ScanFailure[];
  /** False when the run stopped before every user was scanned. */
  readonly complete: boolean;
}

/** SNS caps a message at 256 KiB; the report stays well below it. */
export const MAX_MESSAGE_BYTES = 200 * 1024;
/** SNS caps an email subject at 100 characters. */
const MAX_SUBJECT_LENGTH = 100;

/** The report as an SNS subject and message: user, key id, age and last use of every finding; never a secret. */
export function formatReport(report: ScanReport): { subject: string; message: string } {
  const s = report.settings;
  const stale = report.findings.length;
  const problems = report.failures.length > 0 || !report.complete;
  const subject = truncate(
    `Access keys: ${stale} past rotation bounds${problems ? ', scan had errors' : ''} (${report.accountLabel})`,
    MAX_SUBJECT_LENGTH,
  );

  const head: string[] = [
    `Access key rotation report for account ${report.accountLabel}, ${report.now.toISOString()}`,
    '',
    `Bounds: keys older than ${s.maxKeyAgeDays} days, or unused for more than ${s.maxUnusedAgeDays} days (never-used keys count from creation).`,
    s.action === 'DEACTIVATE'
      ? `Action: DEACTIVATE — keys older than ${s.deactivateAfterDays} days are set Inactive.`
      : 'Action: NOTIFY — no key was changed.',
    `Scanned ${report.usersScanned} users and ${report.activeKeysScanned} active keys${report.complete ? '' : ' (INCOMPLETE: the scan stopped early, see errors)'}.`,
    `Keys past a bound: ${stale}. Deactivated in this run: ${report.deactivated.length}. Errors: ${report.failures.length}.`,
    '',
  ];
  const lines: string[] = [];
  if (stale > 0) {
    lines.push('user | access key id | age (days) | last used | reason | action');
    const deactivated = new Set(report.deactivated);
    const sorted = [...report.findings].sort((a, b) => b.ageDays - a.ageDays
      || a.key.userName.localeCompare(b.key.userName) || a.key.accessKeyId.localeCompare(b.key.accessKeyId));
    for (const f of sorted) {
      lines.push([
        f.key.userName,
        f.key.accessKeyId,
        String(f.ageDays),
        lastUseText(f),
        f.reasons.map(reasonText).join(', '),
        deactivated.has(f.key.accessKeyId) ? 'deactivated' : f.deactivate ? 'deactivation FAILED' : 'rotate',
      ].join(' | '));
    }
    lines.push('');
    lines.push('Rotate: create a new key, move the workload to it, then deactivate and delete the old key.');
  }
  if (report.failures.length > 0) {
    lines.push('');
    lines.push('Errors (these users or keys were not fully checked; the function reports the run as failed):');
    for (const failure of report.failures) lines.push(`- ${failure.operation}: ${failure.message}`);
  }
  return { subject, message: fitMessage(head, lines) };
}

function lastUseText(f: KeyFinding): string {
  if (f.key.lastUseUnknown) return 'unknown (look-up failed)';
  if (!f.key.lastUsedDate) return 'never';
  const when = f.key.lastUsedDate.toISOString().slice(0, 10);
  const service = f.key.lastUsedService && f.key.lastUsedService !== 'N/A' ? ` (${f.key.lastUsedService})` : '';
  return `${when}, ${f.unusedDays} days ago${service}`;
}

function reasonText(reason: FindingReason): string {
  return reason === 'OVER_MAX_AGE' ? 'older than max age' : 'unused';
}

/** Keeps the message under {@link MAX_MESSAGE_BYTES}, saying how many lines were left out. */
function fitMessage(head: string[], lines: string[]): string {
  const all = [...head, ...lines].join('\n');
  if (Buffer.byteLength(all, 'utf8') <= MAX_MESSAGE_BYTES) return all;
  const kept: string[] = [...head];
  let size = Buffer.byteLength(kept.join('\n'), 'utf8');
  const reserve = 200;
  let i = 0;
  for (; i < lines.length; i++) {
    const next = Buffer.byteLength(lines[i], 'utf8') + 1;
    if (size + next > MAX_MESSAGE_BYTES - reserve) break;
    kept.push(lines[i]);
    size += next;
  }
  kept.push(`... ${lines.length - i} more lines left out to fit the message; every finding is in the function's log.`);
  return kept.join('\n');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** Error names and codes AWS services use for throttling. */
const THROTTLING_CODES = new Set([
  'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'Throttled', 'SlowDown', 'RequestThrottled', 'RequestThrottledException',
]);

/** The fields of an AWS SDK v3 error the retry policy reads. */
interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly Code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

/** True when an AWS SDK error says the call was throttled (by name, code, or HTTP 429). */
export function isThrottlingError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as SdkErrorShape;
  return [e.name, e.code, e.Code].some((c) => typeof c === 'string' && THROTTLING_CODES.has(c))
    || e.$metadata?.httpStatusCode === 429
    || e.$retryable?.throttling === true;
}

/** Error names and codes of transient failures: a retry may succeed. */
const TRANSIENT_CODES = new Set([
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ServiceUnavailable', 'ServiceUnavailableException',
  'InternalFailure', 'InternalError', 'ServiceFailure', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN',
]);

/** True when an error is transient: a 5xx answer, a timeout or a dropped connection. */
export function isTransientError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as SdkErrorShape;
  const status = e.$metadata?.httpStatusCode;
  return [e.name, e.code].some((c) => typeof c === 'string' && TRANSIENT_CODES.has(c))
    || (typeof status === 'number' && status >= 500);
}

/** Options of {@link withRetry}. */
export interface RetryOptions {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Waits; injected so tests do not sleep. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Returns a number in [0, 1); injected for deterministic jitter in tests. */
  readonly random: () => number;
}

/** Thrown when a call was still throttled (or failing transiently) after every attempt. */
export class RetriesExhaustedError extends Error {
  constructor(readonly attempts: number, readonly lastError: unknown) {
    super(`gave up after ${attempts} attempts: ${errorMessage(lastError)}`);
    this.name = 'RetriesExhaustedError';
  }
}

/**
 * Runs `call`, retrying throttled and transient failures with exponential backoff and
 * full jitter (delay = random × min(maxDelay, base × 2^(attempt-1))), at most
 * `maxAttempts` attempts in all. Other errors (access denied, no such entity) are not retried.
 */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottlingError(error) && !isTransientError(error)) throw error;
      if (attempt >= options.maxAttempts) throw new RetriesExhaustedError(attempt, error);
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      await options.sleep(Math.max(1, Math.floor(options.random() * ceiling)));
    }
  }
}

/**
 * Applies `fn` to every item with at most `limit` calls in flight; results keep the
 * items' order. `fn` is expected to catch its own errors; one that escapes rejects the
 * whole map once the calls in flight have settled.
 */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (error) {
        failure = failure ?? { error };
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  if (failure) throw failure.error;
  return results;
}

/** The message of any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${error.message}`;
  return String(error);
}

import {
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import {
  assessKey,
  DAY_MS,
  formatReport,
  isThrottlingError,
  mapWithConcurrency,
  MAX_MESSAGE_BYTES,
  ScanSettings,
  settingsFromEnv,
} from '../../src/identity/key-rotation-scan';
import { handler, ScanDependencies, ScanLog, scanAccount } from '../../src/identity/key-rotation-scanner.lambda';

const NOW = new Date('2026-06-01T12:00:00Z');
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:key-rotation';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const iamMock = mockClient(IAMClient);
const snsMock = mockClient(SNSClient);

const daysAgo = (days: number, extraMs = 0) => new Date(NOW.getTime() - days * DAY_MS - extraMs);

interface FakeKey {
  readonly id: string;
  /** Creation date (Date) or age in days. */
  readonly created: number | Date;
  readonly status?: 'Active' | 'Inactive';
  /** Days since last use; undefined = never used. */
  readonly lastUsed?: number;
}
interface FakeUser { readonly name: string; readonly keys: FakeKey[] }

/** Mocks ListUsers (paginated), ListAccessKeys and GetAccessKeyLastUsed over a fake account. */
function mockAccount(users: FakeUser[], pageSize = 100): void {
  iamMock.on(ListUsersCommand).callsFake((input) => {
    const start = input.Marker ? Number(input.Marker.replace('page-', '')) : 0;
    const slice = users.slice(start, start + pageSize);
    const end = start + slice.length;
    return {
      Users: slice.map((u) => ({ UserName: u.name, UserId: `ID${u.name}`, Arn: `arn:aws:iam::123456789012:user/${u.name}`, Path: '/', CreateDate: daysAgo(1000) })),
      IsTruncated: end < users.length,
      Marker: end < users.length ? `page-${end}` : undefined,
    };
  });
  const byName = new Map(users.map((u) => [u.name, u]));
  const byKey = new Map(users.flatMap((u) => u.keys.map((k) => [k.id, k] as const)));
  iamMock.on(ListAccessKeysCommand).callsFake((input) => ({
    AccessKeyMetadata: (byName.get(input.UserName!)?.keys ?? []).map((k) => ({
      UserName: input.UserName,
      AccessKeyId: k.id,
      Status: k.status ?? 'Active',
      CreateDate: k.created instanceof Date ? k.created : daysAgo(k.created),
      // IAM never returns the secret here; a field like this must never reach the report.
      SecretAccessKey: SECRET,
    })),
    IsTruncated: false,
  }));
  iamMock.on(GetAccessKeyLastUsedCommand).callsFake((input) => {
    const key = byKey.get(input.AccessKeyId!);
    return {
      UserName: 'x',
      AccessKeyLastUsed: key?.lastUsed === undefined
        ? { ServiceName: 'N/A', Region: 'N/A' }
        : { LastUsedDate: daysAgo(key.lastUsed), ServiceName: 's3', Region: 'us-east-1' },
    };
  });
  iamMock.on(UpdateAccessKeyCommand).resolves({});
}

function settings(overrides: Partial<ScanSettings> = {}): ScanSettings {
  return { ...settingsFromEnv({ TOPIC_ARN: TOPIC }), ...overrides };
}

interface Run { deps: ScanDependencies; sleeps: number[]; logs: { info: string[]; error: string[] } }

function run(overrides: Partial<ScanSettings> = {}, extra: Partial<ScanDependencies> = {}): Run {
  const sleeps: number[] = [];
  const logs = { info: [] as string[], error: [] as string[] };
  const log: ScanLog = { info: (l) => logs.info.push(l), error: (l) => logs.error.push(l) };
  const deps: ScanDependencies = {
    iam: new IAMClient({ region: 'us-east-1' }),
    sns: new SNSClient({ region: 'us-east-1' }),
    settings: settings(overrides),
    now: NOW,
    sleep: async (ms) => { sleeps.push(ms); },
    random: () => 0.5,
    log,
    ...extra,
  };
  return { deps, sleeps, logs };
}

function publishedMessage(): string {
  const calls = snsMock.commandCalls(PublishCommand);
  expect(calls).toHaveLength(1);
  return calls[0].args[0].input.Message!;
}

function throttle(name = 'Throttling', status = 400): Error {
  return Object.assign(new Error('Rate exceeded'), { name, $metadata: { httpStatusCode: status } });
}

beforeEach(() => {
  iamMock.reset();
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'msg-1' });
});

describe('settings from the environment', () => {
  test('defaults: 90-day bounds, NOTIFY, deactivation bound 30 days past the age bound, 8 in flight', () => {
    expect(settingsFromEnv({ TOPIC_ARN: TOPIC })).toEqual({
      topicArn: TOPIC,
      maxKeyAgeDays: 90,
      maxUnusedAgeDays: 90,
      action: 'NOTIFY',
      deactivateAfterDays: 120,
      concurrency: 8,
      maxAttempts: 8,
      baseDelayMs: 250,
      maxDelayMs: 20_000,
    });
  });

  test('values are read from their variables', () => {
    const s = settingsFromEnv({
      TOPIC_ARN: TOPIC, MAX_KEY_AGE_DAYS: '60', MAX_UNUSED_AGE_DAYS: '45', ACTION: 'deactivate', DEACTIVATE_AFTER_DAYS: '75',
    });
    expect(s).toMatchObject({ maxKeyAgeDays: 60, maxUnusedAgeDays: 45, action: 'DEACTIVATE', deactivateAfterDays: 75 });
  });

  test('fails when TOPIC_ARN is missing', () => {
    expect(() => settingsFromEnv({})).toThrow(/TOPIC_ARN is not set/);
  });

  test.each([
    ['MAX_KEY_AGE_DAYS', '0'],
    ['MAX_KEY_AGE_DAYS', 'ninety'],
    ['MAX_UNUSED_AGE_DAYS', '-5'],
    ['DEACTIVATE_AFTER_DAYS', '12.5'],
  ])('fails when %s is %s', (name, value) => {
    expect(() => settingsFromEnv({ TOPIC_ARN: TOPIC, [name]: value })).toThrow(new RegExp(`${name} must be a positive whole number`));
  });

  test('fails when ACTION is unknown', () => {
    expect(() => settingsFromEnv({ TOPIC_ARN: TOPIC, ACTION: 'DELETE' })).toThrow(/ACTION must be NOTIFY or DEACTIVATE, got 'DELETE'/);
  });

  test('fails when DEACTIVATE_AFTER_DAYS is below MAX_KEY_AGE_DAYS', () => {
    expect(() => settingsFromEnv({ TOPIC_ARN: TOPIC, ACTION: 'DEACTIVATE', DEACTIVATE_AFTER_DAYS: '30' }))
      .toThrow(/DEACTIVATE_AFTER_DAYS \(30\) must be at least MAX_KEY_AGE_DAYS \(90\)/);
  });
});

describe('assessKey', () => {
  const key = (createDate: Date, lastUsedDate?: Date) => ({ userName: 'alice', accessKeyId: 'AKIA1', createDate, lastUsedDate });

  test('a key one minute under the age bound is not reported; one minute over is', () => {
    const s = settings();
    expect(assessKey(key(daysAgo(90, -60_000), daysAgo(1)), s, NOW)).toBeUndefined();
    expect(assessKey(key(daysAgo(90, 60_000), daysAgo(1)), s, NOW)).toMatchObject({ ageDays: 90, reasons: ['OVER_MAX_AGE'] });
  });

  test('a key exactly at the bound is not over it', () => {
    expect(assessKey(key(daysAgo(90), daysAgo(1)), settings(), NOW)).toBeUndefined();
  });

  test('a key unused for longer than the unused bound is reported even when young enough', () => {
    const s = settings({ maxKeyAgeDays: 365 });
    expect(assessKey(key(daysAgo(200), daysAgo(89)), s, NOW)).toBeUndefined();
    expect(assessKey(key(daysAgo(200), daysAgo(91)), s, NOW)).toMatchObject({ unusedDays: 91, reasons: ['UNUSED'] });
  });

  test('a never-used key counts as unused from its creation', () => {
    const s = settings({ maxKeyAgeDays: 365 });
    expect(assessKey(key(daysAgo(89)), s, NOW)).toBeUndefined();
    expect(assessKey(key(daysAgo(91)), s, NOW)).toMatchObject({ unusedDays: 91, reasons: ['UNUSED'] });
  });

  test('a key whose last use could not be looked up is judged on its age only', () => {
    const unknown = { ...key(daysAgo(50)), lastUseUnknown: true };
    expect(assessKey(unknown, settings({ maxUnusedAgeDays: 10 }), NOW)).toBeUndefined();
  });

  test('deactivation is asked for only with DEACTIVATE and past the second bound', () => {
    const old = key(daysAgo(121), daysAgo(1));
    expect(assessKey(old, settings(), NOW)!.deactivate).toBe(false);
    expect(assessKey(old, settings({ action: 'DEACTIVATE' }), NOW)!.deactivate).toBe(true);
    expect(assessKey(key(daysAgo(119), daysAgo(1)), settings({ action: 'DEACTIVATE' }), NOW)!.deactivate).toBe(false);
  });
});

describe('isThrottlingError', () => {
  test.each(['Throttling', 'ThrottlingException', 'TooManyRequestsException'])('%s is throttling', (name) => {
    expect(isThrottlingError(throttle(name))).toBe(true);
  });
  test('an HTTP 429 is throttling whatever its name', () => {
    expect(isThrottlingError(throttle('SomethingElse', 429))).toBe(true);
  });
  test('access denied is not throttling', () => {
    expect(isThrottlingError(throttle('AccessDenied', 403))).toBe(false);
  });
});

describe('mapWithConcurrency', () => {
  test('never has more calls in flight than the limit and keeps the order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapWithConcurrency([...Array(50).keys()], 8, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n % 3));
      inFlight--;
      return n * 2;
    });
    expect(peak).toBe(8);
    expect(out).toEqual([...Array(50).keys()].map((n) => n * 2));
  });
});

describe('scanAccount', () => {
  test('walks every ListUsers page with its marker', async () => {
    const users = Array.from({ length: 250 }, (_, i) => ({ name: `user${i}`, keys: [{ id: `AKIA${i}`, created: 10, lastUsed: 1 }] }));
    mockAccount(users, 100);
    const { deps } = run();

    const summary = await scanAccount(deps);

    const markers = iamMock.commandCalls(ListUsersCommand).map((c) => c.args[0].input.Marker);
    expect(markers).toEqual([undefined, 'page-100', 'page-200']);
    expect(summary).toMatchObject({ usersScanned: 250, activeKeysScanned: 250, keysReported: 0, complete: true, failures: 0 });
    expect(iamMock.commandCalls(ListAccessKeysCommand)).toHaveLength(250);
  });

  test('follows ListAccessKeys pagination too', async () => {
    iamMock.on(ListUsersCommand).resolves({ Users: [{ UserName: 'alice', UserId: 'A', Arn: 'arn', Path: '/', CreateDate: NOW }], IsTruncated: false });
    iamMock.on(ListAccessKeysCommand, { UserName: 'alice', Marker: undefined })
      .resolves({ AccessKeyMetadata: [{ AccessKeyId: 'AKIAFIRST', Status: 'Active', CreateDate: daysAgo(100) }], IsTruncated: true, Marker: 'k2' });
    iamMock.on(ListAccessKeysCommand, { UserName: 'alice', Marker: 'k2' })
      .resolves({ AccessKeyMetadata: [{ AccessKeyId: 'AKIASECOND', Status: 'Active', CreateDate: daysAgo(100) }], IsTruncated: false });
    iamMock.on(GetAccessKeyLastUsedCommand).resolves({ AccessKeyLastUsed: { LastUsedDate: daysAgo(1), ServiceName: 's3', Region: 'us-east-1' } });
    const { deps } = run();

    const summary = await scanAccount(deps);

    expect(summary.keysReported).toBe(2);
    expect(publishedMessage()).toMatch(/AKIASECOND/);
  });

  test('reports the key just over the age bound and not the one just under', async () => {
    mockAccount([
      { name: 'under', keys: [{ id: 'AKIAUNDER', created: new Date(daysAgo(90).getTime() + 60_000), lastUsed: 1 }] },
      { name: 'over', keys: [{ id: 'AKIAOVER', created: daysAgo(90, 60_000), lastUsed: 1 }] },
    ]);
    const { deps } = run();

    const summary = await scanAccount(deps);

    expect(summary).toMatchObject({ keysReported: 1, keysOverMaxAge: 1, keysUnused: 0, published: true, messageId: 'msg-1' });
    const message = publishedMessage();
    expect(message).toMatch(/over \| AKIAOVER \| 90 \|/);
    expect(message).not.toMatch(/AKIAUNDER/);
  });

  test('reports keys unused past the bound, never-used keys counted from creation', async () => {
    mockAccount([
      { name: 'idle', keys: [{ id: 'AKIAIDLE', created: 60, lastUsed: undefined }] },
      { name: 'busy', keys: [{ id: 'AKIABUSY', created: 60, lastUsed: 0 }] },
    ]);
    const { deps } = run({ maxUnusedAgeDays: 45 });

    const summary = await scanAccount(deps);

    expect(summary).toMatchObject({ keysReported: 1, keysUnused: 1, keysOverMaxAge: 0 });
    expect(publishedMessage()).toMatch(/idle \| AKIAIDLE \| 60 \| never \| unused \| rotate/);
  });

  test('ignores inactive keys, however old', async () => {
    mockAccount([{ name: 'bob', keys: [{ id: 'AKIAOFF', created: 900, status: 'Inactive' }, { id: 'AKIAON', created: 5, lastUsed: 1 }] }]);
    const { deps } = run();

    const summary = await scanAccount(deps);

    expect(summary).toMatchObject({ activeKeysScanned: 1, inactiveKeysIgnored: 1, keysReported: 0, published: false });
    expect(iamMock.commandCalls(GetAccessKeyLastUsedCommand).map((c) => c.args[0].input.AccessKeyId)).toEqual(['AKIAON']);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
  });

  test('an empty account publishes nothing and succeeds', async () => {
    mockAccount([]);
    const { deps } = run();

    const summary = await scanAccount(deps);

    expect(summary).toEqual({
      usersScanned: 0,
      activeKeysScanned: 0,
      inactiveKeysIgnored: 0,
      keysReported: 0,
      keysOverMaxAge: 0,
      keysUnused: 0,
      keysDeactivated: 0,
      published: false,
      messageId: undefined,
      failures: 0,
      complete: true,
    });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
  });

  test('retries a throttled call with growing backoff, then succeeds', async () => {
    mockAccount([{ name: 'carol', keys: [{ id: 'AKIAC', created: 200, lastUsed: 1 }] }]);
    iamMock.on(ListAccessKeysCommand)
      .rejectsOnce(throttle('Throttling'))
      .rejectsOnce(throttle('TooManyRequestsException', 429))
      .resolves({ AccessKeyMetadata: [{ AccessKeyId: 'AKIAC', Status: 'Active', CreateDate: daysAgo(200) }] });
    snsMock.on(PublishCommand).rejectsOnce(throttle('ThrottlingException')).resolves({ MessageId: 'm2' });
    const { deps, sleeps } = run();

    const summary = await scanAccount(deps);

    expect(iamMock.commandCalls(ListAccessKeysCommand)).toHaveLength(3);
    // full jitter at random() = 0.5: half of 250, then half of 500 ms; then the publish retry
    expect(sleeps).toEqual([125, 250, 125]);
    expect(summary).toMatchObject({ keysReported: 1, published: true, messageId: 'm2', failures: 0 });
  });

  test('retries a transient server error too', async () => {
    mockAccount([{ name: 'kate', keys: [{ id: 'AKIAK', created: 10, lastUsed: 1 }] }]);
    iamMock.on(ListUsersCommand)
      .rejectsOnce(Object.assign(new Error('internal'), { name: 'ServiceFailure', $metadata: { httpStatusCode: 500 } }))
      .resolves({ Users: [{ UserName: 'kate', UserId: 'K', Arn: 'arn', Path: '/', CreateDate: NOW }], IsTruncated: false });
    const { deps, sleeps } = run();

    const summary = await scanAccount(deps);

    expect(sleeps).toEqual([125]);
    expect(summary).toMatchObject({ usersScanned: 1, failures: 0 });
  });

  test('fails when retries are exhausted, after publishing what was found', async () => {
    mockAccount([{ name: 'dave', keys: [{ id: 'AKIAD', created: 200, lastUsed: 1 }] }]);
    iamMock.on(GetAccessKeyLastUsedCommand).rejects(throttle('Throttling'));
    const { deps, sleeps, logs } = run({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300 });

    await expect(scanAccount(deps)).rejects.toThrow(
      /Access key scan had 1 error\(s\) \(reported to the topic\); first: GetAccessKeyLastUsed dave AKIAD: RetriesExhaustedError: gave up after 4 attempts/);

    expect(iamMock.commandCalls(GetAccessKeyLastUsedCommand)).toHaveLength(4);
    expect(sleeps).toEqual([50, 100, 150]); // capped at 300 ms before jitter
    const message = publishedMessage();
    expect(message).toMatch(/dave \| AKIAD \| 200 \| unknown \(look-up failed\) \| older than max age/);
    expect(message).toMatch(/Errors \(these users or keys were not fully checked/);
    expect(logs.error.join('\n')).toMatch(/"operation":"GetAccessKeyLastUsed dave AKIAD"/);
  });

  test('fails when ListUsers is denied, and reports it rather than swallowing it', async () => {
    iamMock.on(ListUsersCommand).rejects(Object.assign(new Error('not authorized to perform iam:ListUsers'), { name: 'AccessDenied' }));
    const { deps } = run();

    await expect(scanAccount(deps)).rejects.toThrow(/first: ListUsers: AccessDenied: not authorized/);

    expect(iamMock.commandCalls(ListUsersCommand)).toHaveLength(1); // not retried: not throttling
    const message = publishedMessage();
    expect(message).toMatch(/INCOMPLETE/);
    expect(message).toMatch(/- ListUsers: AccessDenied: not authorized to perform iam:ListUsers/);
    expect(snsMock.commandCalls(PublishCommand)[0].args[0].input.Subject).toMatch(/scan had errors/);
  });

  test('fails when the report cannot be published', async () => {
    mockAccount([{ name: 'erin', keys: [{ id: 'AKIAE', created: 200, lastUsed: 1 }] }]);
    snsMock.on(PublishCommand).rejects(Object.assign(new Error('KMS key disabled'), { name: 'KMSDisabledException' }));
    const { deps } = run();

    await expect(scanAccount(deps)).rejects.toThrow(/first: Publish: KMSDisabledException: KMS key disabled/);
  });

  test('DEACTIVATE deactivates only the keys past the second bound', async () => {
    mockAccount([
      { name: 'frank', keys: [{ id: 'AKIAREPORTONLY', created: 100, lastUsed: 1 }] },
      { name: 'grace', keys: [{ id: 'AKIAJUSTUNDER', created: 119, lastUsed: 1 }, { id: 'AKIAOLD', created: 121, lastUsed: 1 }] },
      { name: 'heidi', keys: [{ id: 'AKIAFRESH', created: 3, lastUsed: 1 }] },
    ]);
    const { deps } = run({ action: 'DEACTIVATE', deactivateAfterDays: 120 });

    const summary = await scanAccount(deps);

    const updates = iamMock.commandCalls(UpdateAccessKeyCommand).map((c) => c.args[0].input);
    expect(updates).toEqual([{ UserName: 'grace', AccessKeyId: 'AKIAOLD', Status: 'Inactive' }]);
    expect(summary).toMatchObject({ keysReported: 3, keysDeactivated: 1 });
    const message = publishedMessage();
    expect(message).toMatch(/grace \| AKIAOLD \| 121 \| .* \| deactivated/);
    expect(message).toMatch(/frank \| AKIAREPORTONLY \| 100 \| .* \| rotate/);
    expect(message).toMatch(/Action: DEACTIVATE — keys older than 120 days are set Inactive/);
  });

  test('NOTIFY never changes a key', async () => {
    mockAccount([{ name: 'ivan', keys: [{ id: 'AKIAANCIENT', created: 2000, lastUsed: 1500 }] }]);
    const { deps } = run();

    await scanAccount(deps);

    expect(iamMock.commandCalls(UpdateAccessKeyCommand)).toHaveLength(0);
  });

  test('a failed deactivation is reported and fails the run', async () => {
    mockAccount([{ name: 'judy', keys: [{ id: 'AKIAJ', created: 400, lastUsed: 1 }] }]);
    iamMock.on(UpdateAccessKeyCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    const { deps } = run({ action: 'DEACTIVATE' });

    await expect(scanAccount(deps)).rejects.toThrow(/UpdateAccessKey judy AKIAJ: AccessDenied: denied/);
    expect(publishedMessage()).toMatch(/judy \| AKIAJ \| 400 \| .* \| deactivation FAILED/);
  });

  test('the message names user, key id, age and last use, and never a secret', async () => {
    mockAccount([{ name: 'mallory', keys: [{ id: 'AKIAMALLORY', created: 150, lastUsed: 120 }] }]);
    const { deps, logs } = run();

    await scanAccount(deps);

    const input = snsMock.commandCalls(PublishCommand)[0].args[0].input;
    expect(input.TopicArn).toBe(TOPIC);
    expect(input.Subject).toBe('Access keys: 1 past rotation bounds (123456789012)');
    expect(input.Subject!.length).toBeLessThanOrEqual(100);
    const message = input.Message!;
    expect(message).toMatch(/^Access key rotation report for account 123456789012, 2026-06-01T12:00:00.000Z/);
    expect(message).toContain('user | access key id | age (days) | last used | reason | action');
    expect(message).toContain('mallory | AKIAMALLORY | 150 | 2026-02-01, 120 days ago (s3) | older than max age, unused | rotate');
    expect(message).toMatch(/Scanned 1 users and 1 active keys/);
    expect(message).not.toContain(SECRET);
    expect(message).not.toMatch(/secret/i);
    expect([...logs.info, ...logs.error].join('\n')).not.toContain(SECRET);
  });

  test('stops before the function times out, reports what it found, and fails', async () => {
    const users = Array.from({ length: 30 }, (_, i) => ({ name: `u${i}`, keys: [{ id: `AKIAU${i}`, created: 200, lastUsed: 1 }] }));
    mockAccount(users, 10);
    let left = 10 * 60_000;
    const { deps } = run({ concurrency: 1 }, { remainingTimeMs: () => (left -= 30_000) });

    await expect(scanAccount(deps)).rejects.toThrow(/scan: stopped early/);

    const message = publishedMessage();
    expect(message).toMatch(/INCOMPLETE/);
    expect(iamMock.commandCalls(ListAccessKeysCommand).length).toBeLessThan(30);
  });
});

describe('formatReport', () => {
  test('a report too large for SNS is cut, saying how much was left out', () => {
    const s = settings();
    const findings = Array.from({ length: 5000 }, (_, i) => assessKey(
      { userName: `a-rather-long-user-name-${i}@example.org`, accessKeyId: `AKIA${String(i).padStart(16, '0')}`, createDate: daysAgo(400) }, s, NOW)!);
    const { message } = formatReport({
      accountLabel: '123456789012',
      settings: s,
      now: NOW,
      usersScanned: 5000,
      activeKeysScanned: 5000,
      findings,
      deactivated: [],
      failures: [],
      complete: true,
    });
    expect(Buffer.byteLength(message, 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(message).toMatch(/\.\.\. \d+ more lines left out to fit the message; every finding is in the function's log\.$/);
    expect(message).toContain('Keys past a bound: 5000.');
  });
});

describe('handler', () => {
  const saved = { ...process.env };
  afterEach(() => { process.env = { ...saved }; });

  test('reads its settings from the environment and returns the summary', async () => {
    process.env.TOPIC_ARN = TOPIC;
    process.env.MAX_KEY_AGE_DAYS = '30';
    mockAccount([{ name: 'olivia', keys: [{ id: 'AKIAOLIVIA', created: 1000, lastUsed: 0 }] }]);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);

    const summary = await handler({}, { getRemainingTimeInMillis: () => 900_000 });

    expect(summary).toMatchObject({ usersScanned: 1, keysReported: 1, published: true });
    expect(publishedMessage()).toMatch(/keys older than 30 days/);
    expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/"event":"scan-summary"/);
    log.mockRestore();
  });

  test('fails when the environment has no topic', async () => {
    delete process.env.TOPIC_ARN;
    await expect(handler({})).rejects.toThrow(/TOPIC_ARN is not set/);
  });
});

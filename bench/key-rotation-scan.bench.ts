/**
 * Access-key scan over a mocked account of 10,000 IAM users (ListUsers paginated 100 per
 * page, 0 to 2 keys per user with varied ages, some inactive, some never used), through the
 * same scanAccount the Lambda runs, with IAM and SNS mocked by aws-sdk-client-mock.
 * Prints figures (elapsed time, calls, heap and RSS growth); no pass/fail.
 *
 *   npx tsx bench/key-rotation-scan.bench.ts
 *   BENCH_USERS=50000 npx tsx bench/key-rotation-scan.bench.ts
 */
import {
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { DAY_MS, settingsFromEnv } from '../src/identity/key-rotation-scan';
import { scanAccount, ScanSummary } from '../src/identity/key-rotation-scanner.lambda';

/** The figures of one run. */
export interface KeyScanBenchResult {
  readonly users: number;
  readonly pageSize: number;
  readonly concurrency: number;
  readonly elapsedMs: number;
  readonly usersPerSecond: number;
  readonly iamCalls: number;
  readonly heapUsedDeltaMb: number;
  readonly rssDeltaMb: number;
  readonly messageKb: number;
  readonly summary: ScanSummary;
}

interface FakeKey { id: string; created: Date; active: boolean; lastUsed?: Date }

/** A deterministic pseudo-random sequence (LCG), so every run scans the same account. */
function lcg(seed: number): () => number {
  const M = 2 ** 32;
  let state = ((seed % M) + M) % M;
  return () => {
    // exact in doubles: state * 1664525 + 1013904223 < 2 ** 53
    state = (state * 1664525 + 1013904223) % M;
    return state / 2 ** 32;
  };
}

function fakeAccount(users: number, now: Date): Map<string, FakeKey[]> {
  const rand = lcg(42);
  const account = new Map<string, FakeKey[]>();
  for (let u = 0; u < users; u++) {
    const keyCount = rand() < 0.1 ? 0 : rand() < 0.7 ? 1 : 2;
    const keys: FakeKey[] = [];
    for (let k = 0; k < keyCount; k++) {
      const ageDays = Math.floor(rand() * 700);
      const created = new Date(now.getTime() - ageDays * DAY_MS - Math.floor(rand() * DAY_MS));
      const neverUsed = rand() < 0.15;
      const lastUsed = neverUsed ? undefined : new Date(now.getTime() - Math.floor(rand() * Math.min(ageDays + 1, 200)) * DAY_MS);
      keys.push({ id: `AKIA${String(u).padStart(8, '0')}K${k}`, created, active: rand() > 0.2, lastUsed });
    }
    account.set(`user-${String(u).padStart(6, '0')}`, keys);
  }
  return account;
}

/** Runs the scan over a mocked account and returns its figures. */
export async function run(users = Number(process.env.BENCH_USERS ?? 10_000), pageSize = 100): Promise<KeyScanBenchResult> {
  const now = new Date('2026-06-01T00:00:00Z');
  const account = fakeAccount(users, now);
  const names = [...account.keys()];
  const byKey = new Map([...account.values()].flat().map((k) => [k.id, k]));

  const iamMock = mockClient(IAMClient);
  const snsMock = mockClient(SNSClient);
  try {
    iamMock.on(ListUsersCommand).callsFake((input) => {
      const start = input.Marker ? Number(input.Marker) : 0;
      const end = Math.min(start + pageSize, names.length);
      return {
        Users: names.slice(start, end).map((n) => ({ UserName: n, UserId: n, Arn: `arn:aws:iam::123456789012:user/${n}`, Path: '/', CreateDate: now })),
        IsTruncated: end < names.length,
        Marker: end < names.length ? String(end) : undefined,
      };
    });
    iamMock.on(ListAccessKeysCommand).callsFake((input) => ({
      AccessKeyMetadata: (account.get(input.UserName!) ?? []).map((k) => ({
        UserName: input.UserName, AccessKeyId: k.id, Status: k.active ? 'Active' : 'Inactive', CreateDate: k.created,
      })),
      IsTruncated: false,
    }));
    iamMock.on(GetAccessKeyLastUsedCommand).callsFake((input) => {
      const key = byKey.get(input.AccessKeyId!);
      return { AccessKeyLastUsed: key?.lastUsed ? { LastUsedDate: key.lastUsed, ServiceName: 's3', Region: 'us-east-1' } : { ServiceName: 'N/A', Region: 'N/A' } };
    });
    iamMock.on(UpdateAccessKeyCommand).resolves({});
    let messageBytes = 0;
    snsMock.on(PublishCommand).callsFake((input) => {
      messageBytes = Buffer.byteLength(input.Message ?? '', 'utf8');
      return { MessageId: 'bench' };
    });

    const settings = settingsFromEnv({ TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:bench' });
    const quiet = { info: () => undefined, error: () => undefined };
    global.gc?.();
    const before = process.memoryUsage();
    const start = process.hrtime.bigint();
    const summary = await scanAccount({
      iam: new IAMClient({ region: 'us-east-1' }),
      sns: new SNSClient({ region: 'us-east-1' }),
      settings,
      now,
      sleep: async () => undefined,
      log: quiet,
    });
    const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
    const after = process.memoryUsage();
    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    return {
      users,
      pageSize,
      concurrency: settings.concurrency,
      elapsedMs: Math.round(elapsedMs),
      usersPerSecond: Math.round(users / (elapsedMs / 1000)),
      iamCalls: iamMock.calls().length,
      heapUsedDeltaMb: mb(after.heapUsed - before.heapUsed),
      rssDeltaMb: mb(after.rss - before.rss),
      messageKb: Math.round(messageBytes / 102.4) / 10,
      summary,
    };
  } finally {
    iamMock.restore();
    snsMock.restore();
  }
}

function print(r: KeyScanBenchResult): void {
  const s = r.summary;
  console.log('users | page size | concurrency | elapsed ms | users/s | IAM calls | heapUsed Δ MB | rss Δ MB | report KB');
  console.log('---|---|---|---|---|---|---|---|---');
  console.log(`${r.users} | ${r.pageSize} | ${r.concurrency} | ${r.elapsedMs} | ${r.usersPerSecond} | ${r.iamCalls} | ${r.heapUsedDeltaMb} | ${r.rssDeltaMb} | ${r.messageKb}`);
  console.log(`active keys ${s.activeKeysScanned}, inactive ignored ${s.inactiveKeysIgnored}, reported ${s.keysReported} `
    + `(over max age ${s.keysOverMaxAge}, unused ${s.keysUnused}), published ${s.published}`);
  console.log('(IAM mocked in-process: the figures measure the scanner\'s own cost, not IAM latency or throttling; '
    + 'the heap figure includes the mock\'s record of every call.)');
}

if (require.main === module) {
  run().then(print).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}

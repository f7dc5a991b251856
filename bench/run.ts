/**
 * Benchmarks, printed as ratios against the same run's baseline, each median with its spread.
 *
 * 1. Synth cost of HipaaAspect and of cdk-nag's HIPAASecurityChecks, at several app sizes,
 *    with aws-cdk-lib's built-in CloudFormation validation on (what users run) and off
 *    (the engines head to head). Every measurement is a fresh process; the variants
 *    alternate within a round; the CPU time of app.synth() is taken. A variant's added cost is
 *    computed per round against that round's baseline, and printed as the median over the
 *    rounds with the minimum and maximum in brackets.
 *    The `map` variant is HipaaAspect with its data map on (the PHI inventory and the data-flow
 *    drawing of every stack): what turning the map on adds beyond the checks. The `checks` variant
 *    is HipaaAspect with `report: false` (the checks, their synth errors and warnings, no report
 *    files): what the engine costs apart from writing the reports.
 *    Two apps: `compliant` (this library's constructs; neither engine fails anything: the cost of
 *    checking an app that passes) and `mixed` (about half compliant: the cost of reporting findings).
 * 2. The access-key scanner over a mocked account of 10,000 users.
 *
 * The run fails, rather than printing figures, when a worker fails for any reason but the one
 * expected (cdk-nag's "Validation failed" on the mixed app), when HipaaAspect produced no findings
 * or no report, when cdk-nag did not report (on the mixed app: reported no violation), or when
 * either engine fails anything on the compliant app: a figure for an engine that did not run, or
 * for an app that is not what it says, would mislead.
 *
 *   npm run bench                          # sizes 100, 1000, 3000, 5000; 5 rounds; both apps
 *   BENCH_SIZES=100,500 BENCH_ROUNDS=3 BENCH_APPS=compliant npm run bench
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const sizes = (process.env.BENCH_SIZES ?? '100,1000,3000,5000').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`BENCH_SIZES must be positive integers: ${process.env.BENCH_SIZES}`);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`BENCH_ROUNDS must be a positive integer: ${process.env.BENCH_ROUNDS}`);
const apps = (process.env.BENCH_APPS ?? 'compliant,mixed').split(',');
if (apps.some((a) => a !== 'compliant' && a !== 'mixed')) throw new Error(`BENCH_APPS must list compliant and/or mixed: ${process.env.BENCH_APPS}`);
const variants = ['none', 'hipaa', 'checks', 'nag', 'map'] as const;
type Variant = typeof variants[number];
const worker = path.join(__dirname, 'synth-worker.ts');
const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');

interface Sample {
  readonly variant: Variant;
  readonly resources: number;
  readonly cpuMs: number;
  /** HipaaAspect's findings (hipaa, checks and map variants). */
  readonly findings: number;
  /** HipaaAspect's FAIL and UNVERIFIABLE findings. */
  readonly failed: number;
  /** HipaaAspect's report files (hipaa and map variants). */
  readonly reports: number;
  /** HipaaAspect's data map drawings (map variant). */
  readonly maps: number;
  /** cdk-nag's violations (nag variant). */
  readonly nagViolations: number;
  /** cdk-nag's plugin reports in the cloud assembly (nag variant). */
  readonly nagReports: number;
}

/** Runs one worker; any failure stops the benchmark and shows the worker's output. */
function measure(size: number, variant: Variant, validation: string, app: string): Sample {
  const args = [worker, String(size), variant, validation, app];
  const run = spawnSync(tsx, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const describe = () => `tsx ${args.join(' ')}`;
  if (run.error) throw new Error(`${describe()} could not run: ${run.error.message}`);
  const line = run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (run.status !== 0 || !line) {
    const tail = (text: string) => text.split('\n').slice(-60).join('\n');
    throw new Error(`${describe()} exited with ${run.status ?? run.signal}${line ? '' : ' and printed no result'}.\n`
      + `--- stderr (last 60 lines) ---\n${tail(run.stderr)}\n--- stdout (last 60 lines) ---\n${tail(run.stdout)}`);
  }
  const sample: Sample = JSON.parse(line);
  if (sample.resources <= 0) throw new Error(`${describe()} synthesized no resources: ${line}`);
  if (variant === 'hipaa' && (sample.findings === 0 || sample.reports === 0)) {
    throw new Error(`${describe()}: HipaaAspect produced ${sample.findings} findings and ${sample.reports} reports; the aspect did not run: ${line}`);
  }
  if (variant === 'checks' && (sample.findings === 0 || sample.reports !== 0)) {
    throw new Error(`${describe()}: HipaaAspect with report: false produced ${sample.findings} findings and ${sample.reports} reports: ${line}`);
  }
  if (variant === 'map' && sample.maps === 0) throw new Error(`${describe()}: HipaaAspect drew no data map; it did not run: ${line}`);
  if (variant === 'nag' && app === 'mixed' && sample.nagViolations === 0) {
    throw new Error(`${describe()}: cdk-nag reported no violations on an app that has some; the plugin did not run: ${line}`);
  }
  if (variant === 'nag' && app === 'compliant' && (sample.nagReports === 0 || sample.nagViolations > 0)) {
    throw new Error(`${describe()}: cdk-nag did not report, or found violations in the compliant app: ${line}`);
  }
  if (app === 'compliant' && sample.failed > 0) throw new Error(`${describe()}: HipaaAspect failed ${sample.failed} checks in the compliant app: ${line}`);
  return sample;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(0)}%`;
/** `median [min, max]`, formatted. */
const spread = (xs: number[], fmt: (x: number) => string) => `${fmt(median(xs))} [${fmt(Math.min(...xs))}, ${fmt(Math.max(...xs))}]`;
const ms = (x: number) => x.toFixed(0);
const pct1 = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;

const results: any[] = [];
/** Each app with validation on, then off. */
const runs = apps.flatMap((app) => ['on', 'off'].map((validation) => [app, validation] as const));
for (const [app, validation] of runs) {
  console.log(`\n${app} app, synth CPU time, built-in CloudFormation validation ${validation}: median of ${rounds} rounds [min, max]`);
  console.log('resources | synth alone, ms | HipaaAspect adds | cdk-nag adds | HipaaAspect / cdk-nag added cost | '
    + 'without reports (report: false), HipaaAspect adds | without reports / cdk-nag added cost | with the data map, HipaaAspect adds | HipaaAspect findings');
  console.log('---|---|---|---|---|---|---|---|---');
  for (const size of sizes) {
    const samples: Record<Variant, Sample[]> = { none: [], hipaa: [], checks: [], nag: [], map: [] };
    for (let r = 0; r < rounds; r++) {
      for (const v of variants) samples[v].push(measure(size, v, validation, app));
    }
    const resources = new Set(variants.flatMap((v) => samples[v].map((s) => s.resources)));
    if (resources.size !== 1) throw new Error(`the variants synthesized different apps at size ${size}: ${[...resources].join(', ')} resources`);
    const cpu = (v: Variant) => samples[v].map((s) => s.cpuMs);
    // Per round, against that round's baseline: the variants of a round ran back to back.
    const base = cpu('none');
    const hipaaAdds = cpu('hipaa').map((x, i) => (x - base[i]) / base[i]);
    const nagAdds = cpu('nag').map((x, i) => (x - base[i]) / base[i]);
    const hipaaOverNag = cpu('hipaa').map((x, i) => (x - base[i]) / (cpu('nag')[i] - base[i]));
    const mapAdds = cpu('map').map((x, i) => (x - base[i]) / base[i]);
    const checksAdds = cpu('checks').map((x, i) => (x - base[i]) / base[i]);
    const checksOverNag = cpu('checks').map((x, i) => (x - base[i]) / (cpu('nag')[i] - base[i]));
    const row = {
      app,
      validation,
      resources: [...resources][0],
      rounds,
      baseMs: base,
      hipaaMs: cpu('hipaa'),
      nagMs: cpu('nag'),
      checksMs: cpu('checks'),
      mapMs: cpu('map'),
      mapAdds: median(mapAdds),
      hipaaAdds: median(hipaaAdds),
      nagAdds: median(nagAdds),
      hipaaOverNag: median(hipaaOverNag),
      checksAdds: median(checksAdds),
      checksOverNag: median(checksOverNag),
      findings: samples.hipaa[0].findings,
    };
    results.push(row);
    console.log(`${row.resources} | ${spread(base, ms)} | ${spread(hipaaAdds, pct)} | ${spread(nagAdds, pct)} | `
      + `${spread(hipaaOverNag, (x) => x.toFixed(2))} | ${spread(checksAdds, pct)} | ${spread(checksOverNag, (x) => x.toFixed(2))} | `
      + `${spread(mapAdds, pct)} | ${row.findings}`);
  }
}

// Linearity: added CPU per resource (medians) at the largest size relative to the smallest of 900 or more.
for (const [app, validation] of runs) {
  const rows = results.filter((r) => r.app === app && r.validation === validation && r.resources >= 900);
  if (rows.length >= 2) {
    const first = rows[0];
    const last = rows[rows.length - 1];
    const perRes = (r: any, k: string) => (median(r[k]) - median(r.baseMs)) / r.resources;
    console.log(`\n${app} app, validation ${validation}: added ms per resource at ${first.resources} → ${last.resources} resources (medians): ` +
      `HipaaAspect ${perRes(first, 'hipaaMs').toFixed(3)} → ${perRes(last, 'hipaaMs').toFixed(3)}, ` +
      `without reports ${perRes(first, 'checksMs').toFixed(3)} → ${perRes(last, 'checksMs').toFixed(3)}, ` +
      `cdk-nag ${perRes(first, 'nagMs').toFixed(3)} → ${perRes(last, 'nagMs').toFixed(3)}, ` +
      `with the data map ${perRes(first, 'mapMs').toFixed(3)} → ${perRes(last, 'mapMs').toFixed(3)} (equal figures mean linear growth)`);
  }
}

// With validation on, the baseline itself varies between rounds by more than the engines add, so
// their added cost is read where it is steady: measured head to head (validation off), as a share
// of the synth users run (validation on), round by round. The engines' work does not depend on
// validation: they read the same templates either way.
for (const app of apps) {
  for (const size of sizes) {
    const on = results.find((r) => r.app === app && r.validation === 'on' && r.resources >= size * 0.9 && r.resources <= size * 1.1);
    const off = results.find((r) => r.app === app && r.validation === 'off' && r.resources === on?.resources);
    if (!on || !off) continue;
    const share = (k: string, over = 'baseMs') => off[k].map((x: number, i: number) => (x - off[over][i]) / on.baseMs[i]);
    console.log(`\n${app} app, ${on.resources} resources: CPU added head to head (validation off), as a share of a default synth (validation on, `
      + `${spread(on.baseMs, ms)} ms): HipaaAspect ${spread(share('hipaaMs'), pct1)}, without reports ${spread(share('checksMs'), pct1)}, `
      + `cdk-nag ${spread(share('nagMs'), pct1)}, the data map beyond the checks ${spread(share('mapMs', 'hipaaMs'), pct1)}`);
    on.sharesOfDefaultSynth = { hipaa: share('hipaaMs'), checks: share('checksMs'), nag: share('nagMs'), mapBeyondChecks: share('mapMs', 'hipaaMs') };
  }
}

const scanBench = path.join(__dirname, 'key-rotation-scan.bench.ts');
if (fs.existsSync(scanBench)) {
  console.log('\nAccess-key scan over a mocked account');
  const scan = spawnSync(tsx, [scanBench], { stdio: 'inherit' });
  if (scan.status !== 0) throw new Error(`tsx ${scanBench} exited with ${scan.status ?? scan.signal}`);
}

fs.writeFileSync(path.join(__dirname, '..', 'synth.bench.json'), JSON.stringify(results, undefined, 2));

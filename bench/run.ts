/**
 * Benchmarks, printed as ratios against the same run's baseline (never pass/fail).
 *
 * 1. Synth cost of HipaaAspect and of cdk-nag's HIPAASecurityChecks, at several app sizes,
 *    with aws-cdk-lib's built-in CloudFormation validation on (what users run) and off
 *    (the engines head to head). Every measurement is a fresh process; the three variants
 *    alternate; the CPU time of app.synth() is taken; medians are compared.
 * 2. The access-key scanner over a mocked account of 10,000 users.
 *
 *   npm run bench                          # sizes 100, 1000, 3000, 5000; 3 rounds
 *   BENCH_SIZES=100,1000 BENCH_ROUNDS=5 npm run bench
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const sizes = (process.env.BENCH_SIZES ?? '100,1000,3000,5000').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const variants = ['none', 'hipaa', 'nag'] as const;
const worker = path.join(__dirname, 'synth-worker.ts');
const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');

interface Sample { resources: number; cpuMs: number }

function measure(size: number, variant: string, validation: string): Sample {
  const out = execFileSync(tsx, [worker, String(size), variant, validation], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024,
  });
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop()!;
  return JSON.parse(line);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)}%`;

const results: any[] = [];
for (const validation of ['on', 'off']) {
  console.log(`\nSynth CPU time, built-in CloudFormation validation ${validation} (median of ${rounds}, ms)`);
  console.log('resources | synth alone | + HipaaAspect | + cdk-nag HIPAA | HipaaAspect adds | cdk-nag adds | HipaaAspect / cdk-nag added cost');
  console.log('---|---|---|---|---|---|---');
  for (const size of sizes) {
    const samples: Record<string, number[]> = { none: [], hipaa: [], nag: [] };
    let resources = 0;
    for (let r = 0; r < rounds; r++) {
      for (const v of variants) {
        const s = measure(size, v, validation);
        samples[v].push(s.cpuMs);
        resources = s.resources;
      }
    }
    const [base, hipaa, nag] = variants.map((v) => median(samples[v]));
    const row = {
      validation, resources, baseMs: base, hipaaMs: hipaa, nagMs: nag,
      hipaaAdds: (hipaa - base) / base, nagAdds: (nag - base) / base, hipaaOverNag: (hipaa - base) / (nag - base),
    };
    results.push(row);
    console.log(`${resources} | ${base.toFixed(0)} | ${hipaa.toFixed(0)} | ${nag.toFixed(0)} | ${pct(row.hipaaAdds)} | ${pct(row.nagAdds)} | ${row.hipaaOverNag.toFixed(2)}`);
  }
}

// Linearity: cost per resource at the largest size relative to the smallest above 100.
for (const validation of ['on', 'off']) {
  const rows = results.filter((r) => r.validation === validation && r.resources >= 900);
  if (rows.length >= 2) {
    const first = rows[0];
    const last = rows[rows.length - 1];
    const perRes = (r: any, k: string) => (r[k] - r.baseMs) / r.resources;
    console.log(`\nvalidation ${validation}: added ms per resource at ${first.resources} → ${last.resources} resources: ` +
      `HipaaAspect ${perRes(first, 'hipaaMs').toFixed(3)} → ${perRes(last, 'hipaaMs').toFixed(3)}, ` +
      `cdk-nag ${perRes(first, 'nagMs').toFixed(3)} → ${perRes(last, 'nagMs').toFixed(3)} (equal figures mean linear growth)`);
  }
}

const scanBench = path.join(__dirname, 'key-rotation-scan.bench.ts');
if (fs.existsSync(scanBench)) {
  console.log('\nAccess-key scan over a mocked account');
  execFileSync(tsx, [scanBench], { stdio: 'inherit' });
}

fs.writeFileSync(path.join(__dirname, '..', 'synth.bench.json'), JSON.stringify(results, undefined, 2));

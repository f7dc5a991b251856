/**
 * Proves the packed npm tarball works for a user: installs it (with its peer dependencies
 * aws-cdk-lib and constructs) into an empty folder, type-checks and synthesizes a copy of
 * examples/starter against the installed package, and runs `npx cdk-hipaa check` on the
 * starter's cloud assembly and on plain YAML templates with short-form intrinsics, in every
 * format `--help` lists, asserting exit codes (0 compliant, 1 failing, 2 input errors) and outputs.
 *
 *   tsx scripts/package-check.ts [path/to/cdk-hipaa.tgz]
 *
 * Without an argument it takes the tarball `projen package` wrote into dist/js/, or packs lib/ with `npm pack`.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'package-check');
const STARTER = path.join(REPO, 'examples', 'starter');
const REQUIRED_FORMATS = ['text', 'json', 'sarif'];
const started = Date.now();
let checks = 0;
const failures: string[] = [];

/** Records one assertion; a failure is listed at the end and fails the run. */
function check(ok: boolean, what: string, detail = ''): void {
  checks++;
  if (!ok) failures.push(detail ? `${what}\n    ${detail.trim().split('\n').slice(0, 12).join('\n    ')}` : what);
}

function step(message: string): void {
  process.stdout.write(`==> ${message} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}

/** Runs a command, failing the whole check at once when it cannot start or (with `mustPass`) exits non-zero. */
function exec(cmd: string, args: string[], cwd: string, mustPass = true, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: merged, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (mustPass && r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The tarball to install: the argument, dist/js/ from `projen package`, or a fresh `npm pack` of the compiled package. */
function tarball(work: string): string {
  const given = process.argv[2];
  if (given) return path.resolve(given);
  const dist = path.join(REPO, 'dist', 'js');
  const packed = fs.existsSync(dist) ? fs.readdirSync(dist).filter((f) => /^cdk-hipaa@.*\.tgz$/.test(f)) : [];
  if (packed.length > 0) {
    return packed.map((f) => path.join(dist, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  }
  if (!fs.existsSync(path.join(REPO, 'lib', 'cli', 'main.js'))) throw new Error('no dist/js/cdk-hipaa@*.tgz and no compiled lib/: run `npx projen compile` and `npx projen package` first');
  const out = exec('npm', ['pack', '--silent', '--pack-destination', work], REPO).stdout.trim().split('\n').pop()!;
  return path.join(work, out);
}

/** The formats `cdk-hipaa --help` lists, from either `--format a|b|c` or `--format FORMAT  a (default), b or c`. */
export function helpFormats(help: string): string[] {
  const line = help.split('\n').find((l) => /^\s*--format\b/.test(l));
  if (!line) return [];
  const [, spec, description] = /--format\s+(\S+)\s*(.*)$/.exec(line) ?? [];
  const list = spec?.includes('|') ? spec.split('|') : (description ?? '').replace(/\([^)]*\)/g, '').split(/,|\bor\b/);
  return list.map((f) => f.trim()).filter((f) => /^[a-z][a-z0-9-]*$/.test(f));
}

/** Parses JSON, recording a failure (and returning undefined) when it is not. */
function parse(text: string, what: string): any {
  try {
    return JSON.parse(text);
  } catch (e) {
    check(false, `${what}: output is not JSON`, `${(e as Error).message}\n${text.slice(0, 400)}`);
    return undefined;
  }
}

/**
 * What every format's report must show for an input: `failing` inputs report ERROR-severity failures
 * at `failingLine` of `file`, the others none (acknowledged findings may be listed).
 */
export function assertReport(format: string, out: string, what: string, expect: { failing: boolean; file?: string; failingLine?: number }): void {
  const label = `${what} --format ${format}`;
  check(out.trim().length > 0, `${label}: empty report`);
  switch (format) {
    case 'text': {
      const summary = /(\d+) resources? checked: (\d+) failed \((\d+) of ERROR severity\)/.exec(out);
      check(summary !== null, `${label}: no summary line`, out.slice(-600));
      if (!summary) return;
      check(Number(summary[1]) > 0, `${label}: no resource checked`, summary[0]);
      check(expect.failing ? Number(summary[3]) > 0 : Number(summary[3]) === 0, `${label}: ERROR-severity failures ${summary[3]}`, summary[0]);
      if (expect.failing) check(out.includes(`${path.basename(expect.file!)}:${expect.failingLine}`), `${label}: does not name ${expect.file}:${expect.failingLine}`, out.slice(0, 600));
      return;
    }
    case 'json': {
      const report = parse(out, label);
      if (!report) return;
      check(report.tool === 'cdk-hipaa' && Array.isArray(report.findings) && report.findings.length > 0, `${label}: not a cdk-hipaa report with findings`, out.slice(0, 400));
      const errors = (report.findings ?? []).filter((f: any) => f.status === 'FAIL' && f.severity === 'ERROR');
      check(expect.failing ? errors.length > 0 : errors.length === 0, `${label}: ${errors.length} ERROR-severity failures`,
        errors.map((f: any) => `${f.controlId} ${f.logicalId}`).join('\n'));
      if (expect.failing) check(errors.some((f: any) => f.line === expect.failingLine), `${label}: no failure at line ${expect.failingLine}`);
      return;
    }
    case 'sarif': {
      const log = parse(out, label);
      if (!log) return;
      check(log.version === '2.1.0' && log.runs?.[0]?.tool?.driver?.name === 'cdk-hipaa', `${label}: not a SARIF 2.1.0 log of cdk-hipaa`, out.slice(0, 400));
      const results: any[] = log.runs?.[0]?.results ?? [];
      const ruleIds = new Set((log.runs?.[0]?.tool?.driver?.rules ?? []).map((r: any) => r.id));
      check(results.every((r) => ruleIds.has(r.ruleId)), `${label}: a result names a rule the log does not list`);
      const errors = results.filter((r) => r.level === 'error');
      check(expect.failing ? errors.length > 0 : errors.length === 0, `${label}: ${errors.length} error results`);
      if (expect.failing) {
        check(errors.some((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === expect.file
          && r.locations?.[0]?.physicalLocation?.region?.startLine === expect.failingLine), `${label}: no error result at ${expect.file}:${expect.failingLine}`,
        JSON.stringify(errors[0]?.locations));
      }
      return;
    }
    case 'junit': {
      check(/^<\?xml[^>]*>\s*<testsuites?[\s>]/.test(out) && /<\/testsuites?>\s*$/.test(out), `${label}: not a JUnit XML document`, out.slice(0, 400));
      const errorFailures = /<failure[^>]*\btype="ERROR"/.test(out);
      check(expect.failing ? errorFailures : !errorFailures, `${label}: ERROR-severity <failure> elements ${errorFailures ? '' : 'not '}found`, out.slice(0, 600));
      if (expect.failing) check(out.includes(`line="${expect.failingLine}"`), `${label}: no test case at line ${expect.failingLine}`);
      return;
    }
    case 'markdown': {
      check(/^# /m.test(out) && /^\|.*\|$/m.test(out), `${label}: no heading or table`, out.slice(0, 400));
      const summary = /(\d+) resources? checked: (\d+) failed \((\d+) of ERROR severity\)/.exec(out);
      check(summary !== null && (expect.failing ? Number(summary[3]) > 0 : Number(summary[3]) === 0), `${label}: summary does not match`, summary?.[0] ?? out.slice(0, 400));
      return;
    }
    default:
      // A format added after this script: a non-empty report is all it can ask.
      return;
  }
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-package-check-'));
  try {
    const tgz = tarball(work);
    const version = JSON.parse(exec('tar', ['-xzOf', tgz, 'package/package.json'], work).stdout).version;
    step(`installing ${path.relative(REPO, tgz)} (version ${version}) into an empty folder, ${work}`);
    fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'hipaa-app', version: '1.0.0', private: true }, undefined, 2));
    exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tgz], work);
    for (const pkg of ['cdk-hipaa', 'aws-cdk-lib', 'constructs']) {
      check(fs.existsSync(path.join(work, 'node_modules', pkg, 'package.json')), `npm install did not install ${pkg}`);
    }
    const installed = JSON.parse(fs.readFileSync(path.join(work, 'package.json'), 'utf8'));
    check(installed.dependencies?.['cdk-hipaa'] !== undefined, 'package.json does not list cdk-hipaa');

    step('type-checking and compiling a copy of examples/starter against the installed package');
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    for (const file of ['app.ts', 'starter-stack.ts']) fs.copyFileSync(path.join(STARTER, file), path.join(app, file));
    fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'commonjs',
        lib: ['es2022'],
        strict: true,
        // the app's use of the package is type-checked; the .d.ts files themselves are not (halves the time)
        skipLibCheck: true,
        esModuleInterop: true,
        outDir: 'dist',
        rootDir: 'app',
        typeRoots: [path.join(REPO, 'node_modules', '@types')],
        types: ['node'],
      },
      include: ['app/*.ts'],
    }, undefined, 2));
    const tsc = exec(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], work, false);
    check(tsc.status === 0, 'the starter does not type-check against the installed package', tsc.stdout + tsc.stderr);

    step('synthesizing the starter (HipaaAspect in ERROR mode) into cdk.out');
    const synth = exec(process.execPath, [path.join('dist', 'app.js')], work, false, {
      CDK_OUTDIR: path.join(work, 'cdk.out'), CDK_DEFAULT_ACCOUNT: undefined, CDK_DEFAULT_REGION: undefined, ALERT_EMAIL: 'security@example.com',
    });
    check(synth.status === 0, `the starter's synth exited ${synth.status}`, synth.stdout + synth.stderr);
    for (const file of ['manifest.json', 'HipaaStarter.template.json', 'HipaaStarter.hipaa-report.json', 'HipaaStarter.hipaa-report.sarif']) {
      check(fs.existsSync(path.join(work, 'cdk.out', file)), `the starter's cdk.out has no ${file}`);
    }
    for (const file of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, file), path.join(work, file));

    // `npx cdk-hipaa` as a user types it; the format matrix runs the same bin script without npm's second of start-up each time.
    const npx = (...args: string[]) => exec('npx', ['--no', '--', 'cdk-hipaa', ...args], work, false);
    const bin = path.join(work, 'node_modules', '.bin', 'cdk-hipaa');
    check(fs.existsSync(bin), 'npm install linked no node_modules/.bin/cdk-hipaa');
    const cli = (...args: string[]) => exec(bin, args, work, false);

    step('npx cdk-hipaa --help, --version, check cdk.out');
    const help = npx('--help');
    check(help.status === 0, `--help exited ${help.status}`, help.stderr);
    const formats = helpFormats(help.stdout);
    check(REQUIRED_FORMATS.every((f) => formats.includes(f)), `--help lists formats ${formats.join(', ')}; expected at least ${REQUIRED_FORMATS.join(', ')}`, help.stdout);
    const v = npx('--version');
    check(v.status === 0 && v.stdout.includes(version), `--version printed '${v.stdout.trim()}' (exit ${v.status}), expected ${version}`);

    const first = npx('check', 'cdk.out');
    check(first.status === 0, `npx cdk-hipaa check cdk.out: exit ${first.status}, expected 0`, first.stderr || first.stdout.slice(-600));
    assertReport('text', first.stdout, 'npx cdk-hipaa check cdk.out', { failing: false });

    const inputs = [
      { what: 'the starter\'s cdk.out', arg: 'cdk.out', code: 0, failing: false },
      { what: 'a compliant YAML template', arg: 'compliant.template.yaml', code: 0, failing: false },
      { what: 'a failing YAML template', arg: 'failing.template.yaml', code: 1, failing: true, failingLine: 4 },
    ];
    for (const input of inputs) {
      step(`cdk-hipaa check ${input.arg} in ${formats.join(', ')}`);
      for (const format of formats) {
        const r = cli('check', input.arg, '--format', format);
        check(r.status === input.code, `${input.what} --format ${format}: exit ${r.status}, expected ${input.code}`, r.stderr || r.stdout.slice(-600));
        assertReport(format, r.stdout, input.what, { failing: input.failing, file: input.arg, failingLine: input.failingLine });
      }
    }

    step('--output writes the report to a file');
    const written = cli('check', 'failing.template.yaml', '--format', 'sarif', '--output', 'report.sarif');
    check(written.status === 1, `--output: exit ${written.status}, expected 1`, written.stderr);
    check(!written.stdout.includes('"version": "2.1.0"'), '--output: the report went to standard output too', written.stdout.slice(0, 400));
    const sarifFile = path.join(work, 'report.sarif');
    if (fs.existsSync(sarifFile)) {
      assertReport('sarif', fs.readFileSync(sarifFile, 'utf8'), 'a failing YAML template (--output)', { failing: true, file: 'failing.template.yaml', failingLine: 4 });
    } else {
      check(false, '--output wrote no report.sarif');
    }

    step('input errors exit 2');
    fs.writeFileSync(path.join(work, 'notes.txt'), 'Remember to rotate the keys.\n');
    const inputErrors = [
      { what: 'a missing file', args: ['check', 'missing.template.yaml'], message: /missing\.template\.yaml/ },
      { what: 'a text file', args: ['check', 'notes.txt'], message: /notes\.txt/ },
      { what: 'YAML that is not a CloudFormation template (a CI workflow)', args: ['check', 'not-cloudformation.yaml'], message: /not-cloudformation\.yaml/ },
      { what: 'an unknown format', args: ['check', 'compliant.template.yaml', '--format', 'pdf'], message: /pdf/ },
    ];
    for (const e of inputErrors) {
      const r = cli(...e.args);
      check(r.status === 2, `${e.what}: exit ${r.status}, expected 2`, r.stdout.slice(0, 400) + r.stderr);
      check(e.message.test(r.stderr), `${e.what}: standard error does not name the problem`, r.stderr);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The assertions that failed so far (for a caller that runs {@link assertReport} itself). */
export function failedChecks(): readonly string[] {
  return failures;
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    failures.push(`aborted: ${(e as Error).message}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (failures.length > 0) {
    process.stderr.write(`\npackage check failed (${seconds} s):\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
    process.stdout.write(`${checks - failures.length} passed, ${failures.length} failed\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`\npackage check: the tarball installs and cdk-hipaa works (${seconds} s)\n${checks} passed, 0 failed\n`);
  }
}

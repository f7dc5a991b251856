/**
 * Measures HipaaAspect on cdk-nag's OWN per-rule test cases: the test/rules/*.test.ts files of a
 * cdk-nag source checkout, for the rules of cdk-nag's HIPAA Security pack (the installed package's).
 *
 * Getting a checkout (any recent one; the tests are run as they are, cdk-nag itself is never run):
 *
 *   git clone --depth 1 <cdklabs/cdk-nag on GitHub> /tmp/cdk-nag-src
 *   (or `git --git-dir=<bare repo> archive HEAD | tar -x -C /tmp/cdk-nag-src`)
 *
 * Running (no install in the checkout is needed; everything resolves from this repo's node_modules):
 *
 *   npx tsx scripts/measure-nag-tests.ts /tmp/cdk-nag-src
 *
 * How: each test file is loaded with small stand-ins for jest's describe/test/beforeEach globals and
 * for the file's `./utils` (validateStack, TestType, TestPack, setActivePack). Its `../../src/...`
 * imports are mapped to the installed cdk-nag's lib/, its bare imports (aws-cdk-lib, constructs) to
 * this repo's node_modules, so HipaaAspect and the tests share one aws-cdk-lib. The replacement
 * validateStack only records (stack, rule, expected type); after each test body, every stack it
 * validated for a HIPAA rule gets `HipaaAspect.applyTo(stack, { mode: WARN, report: false })` and its
 * stage is synthesized once.
 *
 * A case is one (test, stack, rule): NON_COMPLIANCE when any validateStack call of the test expects a
 * violation of the rule (suffixes such as `[LogExport::audit]` are dropped), else COMPLIANCE; cases
 * that only expect a rule error are skipped. A case is flagged when one of the rule's matching controls
 * (scripts/nag-comparison.ts `matchingControls`, EXTRA_MATCHES included) is FAIL or UNVERIFIABLE on ANY
 * resource of the stack. This is coarse: cdk-nag's tests often put several resources in one stack (a
 * compliant and a non-compliant one, or helpers such as roles and VPCs), so a NON_COMPLIANCE case can
 * be "caught" through another resource than the one the test is about, and a COMPLIANCE case can be
 * "flagged" because of a helper resource the test did not mean to judge.
 *
 * Not used by any test: CI has neither network nor a checkout.
 */
import * as fs from 'fs';
import Module from 'module';
import * as os from 'os';
import * as path from 'path';
import { Stack, Stage } from 'aws-cdk-lib';
import { hipaaRulesInPackSource, matchingControls } from './nag-comparison';
import { HipaaAspect, HipaaAspectMode, HipaaFinding, HipaaFindingStatus } from '../src';

/* ------------------------------------------------------------------------------------------ */
/* Arguments and paths                                                                          */
/* ------------------------------------------------------------------------------------------ */

const MAIN_ROOT = path.resolve(__dirname, '..');
const checkoutArg = process.argv[2];
if (!checkoutArg || checkoutArg === '--help' || checkoutArg === '-h') {
  console.error('usage: npx tsx scripts/measure-nag-tests.ts /path/to/cdk-nag-checkout');
  process.exit(2);
}
const CHECKOUT = path.resolve(checkoutArg);
const RULES_DIR = path.join(CHECKOUT, 'test', 'rules');
const CHECKOUT_SRC = path.join(CHECKOUT, 'src');
if (!fs.existsSync(RULES_DIR)) {
  console.error(`no test/rules directory in ${CHECKOUT}: is it a cdk-nag source checkout?`);
  process.exit(2);
}

/** Resolves as if from this repo's root, so the checkout shares this repo's aws-cdk-lib and cdk-nag. */
const mainRequire = Module.createRequire(path.join(MAIN_ROOT, 'package.json'));
const NAG_LIB = path.dirname(mainRequire.resolve('cdk-nag'));

/* ------------------------------------------------------------------------------------------ */
/* Minimal jest                                                                                 */
/* ------------------------------------------------------------------------------------------ */

type Body = () => unknown;

interface Suite {
  readonly name: string;
  readonly parent?: Suite;
  readonly beforeEach: Body[];
  readonly afterEach: Body[];
}

interface TestEntry {
  readonly file: string;
  readonly suite: Suite;
  readonly name: string;
  readonly body: Body;
}

let currentSuite: Suite | undefined;
let currentFile = '';
let registered: TestEntry[] = [];

function suiteChain(suite: Suite | undefined): Suite[] {
  const out: Suite[] = [];
  for (let s = suite; s; s = s.parent) out.unshift(s);
  return out;
}

function describe(name: string, body: () => void): void {
  const parent = currentSuite;
  currentSuite = { name, parent, beforeEach: [], afterEach: [] };
  try {
    body();
  } finally {
    currentSuite = parent;
  }
}

function test(name: string, body: Body): void {
  if (!currentSuite) throw new Error('test() outside of a file suite');
  registered.push({ file: currentFile, suite: currentSuite, name, body });
}

const skip = (): void => undefined;

function hook(kind: 'beforeEach' | 'afterEach') {
  return (body: Body): void => {
    if (!currentSuite) throw new Error(`${kind}() outside of a file suite`);
    currentSuite[kind].push(body);
  };
}

/** beforeAll/afterAll run at once: the rule test files use none, and nothing here needs their timing. */
function runNow(body: Body): void {
  const r = body();
  if (r instanceof Promise) throw new Error('async beforeAll/afterAll is not supported');
}

Object.assign(globalThis, {
  describe: Object.assign(describe, { skip, only: describe }),
  test: Object.assign(test, { skip, only: test, todo: skip }),
  it: Object.assign(test, { skip, only: test, todo: skip }),
  beforeEach: hook('beforeEach'),
  afterEach: hook('afterEach'),
  beforeAll: runNow,
  afterAll: runNow,
});

/* ------------------------------------------------------------------------------------------ */
/* Replacement test/rules/utils                                                                 */
/* ------------------------------------------------------------------------------------------ */

type Expected = 'NON_COMPLIANCE' | 'COMPLIANCE' | 'ERROR';

interface Call {
  readonly stack: Stack;
  readonly rule: string;
  readonly expected: Expected;
  /** Constructs in the stack at the call, to notice a test that adds more after validating. */
  readonly constructs: number;
}

let calls: Call[] = [];

/** `DocumentDBClusterLogExports\\[LogExport::authenticate\\]` → `DocumentDBClusterLogExports`. */
function baseRuleOf(ruleId: unknown): string {
  const name = typeof ruleId === 'function' ? ruleId.name : String(ruleId);
  return name.replace(/\\/g, '').replace(/\[.*\]$/, '').replace(/^.*-/, '');
}

const TEST_TYPE = { NON_COMPLIANCE: 'NON_COMPLIANCE', COMPLIANCE: 'COMPLIANCE', ERROR: 'ERROR', VALIDATION_FAILURE: 'ERROR' } as const;

class StubTestPack {
  constructor(..._args: unknown[]) {}
}

const replacementUtils = {
  TestType: TEST_TYPE,
  TestPack: StubTestPack,
  setActivePack: (_pack: unknown): void => undefined,
  validateStack(stack: Stack, ruleId: unknown, type: Expected): void {
    if (!Stack.isStack(stack)) throw new Error('validateStack: not a Stack');
    calls.push({ stack, rule: baseRuleOf(ruleId), expected: type, constructs: stack.node.findAll().length });
  },
};

/* ------------------------------------------------------------------------------------------ */
/* Module resolution for the checkout                                                           */
/* ------------------------------------------------------------------------------------------ */

interface ModuleInternals {
  _cache: Record<string, Module>;
  _resolveFilename(this: unknown, request: string, parent: { filename?: string | null } | undefined, isMain: boolean, options?: unknown): string;
}

const internals = Module as unknown as ModuleInternals;
const UTILS_ID = path.join(RULES_DIR, '__measure-nag-tests-utils__.js');
const EMPTY_ID = path.join(RULES_DIR, '__measure-nag-tests-missing__.js');

function fakeModule(id: string, exports: object): void {
  const m = new Module(id);
  m.filename = id;
  m.loaded = true;
  m.exports = exports;
  internals._cache[id] = m;
}
fakeModule(UTILS_ID, replacementUtils);
fakeModule(EMPTY_ID, {});

const inside = (file: string, dir: string): boolean => file === dir || file.startsWith(dir + path.sep);
const missingSrc = new Set<string>();

const originalResolve = internals._resolveFilename;
internals._resolveFilename = function resolve(request, parent, isMain, options) {
  const from = parent?.filename;
  if (from && inside(from, CHECKOUT) && !Module.isBuiltin(request)) {
    if (request.startsWith('.')) {
      const target = path.resolve(path.dirname(from), request);
      if (path.dirname(target) === RULES_DIR && path.basename(target).replace(/\.[jt]s$/, '') === 'utils') return UTILS_ID;
      if (inside(target, CHECKOUT_SRC)) {
        const rel = path.relative(CHECKOUT_SRC, target).replace(/\.[jt]s$/, '');
        try {
          return mainRequire.resolve(path.join(NAG_LIB, rel));
        } catch {
          // a rule file newer than the installed cdk-nag: the stub TestPack never calls its rules
          missingSrc.add(rel);
          return EMPTY_ID;
        }
      }
    } else if (!path.isAbsolute(request)) {
      return mainRequire.resolve(request);
    }
  }
  return originalResolve.call(this, request, parent, isMain, options);
};

/* ------------------------------------------------------------------------------------------ */
/* Judging                                                                                      */
/* ------------------------------------------------------------------------------------------ */

interface CaseResult {
  readonly rule: string;
  readonly expected: 'NON_COMPLIANCE' | 'COMPLIANCE';
  readonly file: string;
  readonly title: string;
  /** Matching-control findings that flag (FAIL, UNVERIFIABLE) a resource of the stack. */
  readonly flagging: HipaaFinding[];
  /** Matching-control findings of the stack, any status. */
  readonly matching: HipaaFinding[];
  readonly error?: string;
  readonly note?: string;
}

const HIPAA_RULES = hipaaRulesInPackSource();
const HIPAA = new Set(HIPAA_RULES);
const CONTROLS = new Map(HIPAA_RULES.map((r) => [r, matchingControls(r)]));
const flagsResource = (f: HipaaFinding): boolean => f.status === HipaaFindingStatus.FAIL || f.status === HipaaFindingStatus.UNVERIFIABLE;

/** Applies HipaaAspect to the stack, synthesizes its stage, returns the findings on the stack's resources. */
function judgeStack(stack: Stack): HipaaFinding[] {
  const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
  const stage = Stage.of(stack);
  if (!stage) throw new Error('the stack has no stage to synthesize');
  stage.synth();
  const prefix = stack.node.path;
  return aspect.findings.filter((f) => f.constructPath === prefix || f.constructPath.startsWith(prefix + '/'));
}

function titleOf(t: TestEntry): string {
  return [...suiteChain(t.suite).slice(1).map((s) => s.name.split(':')[0].trim()), t.name.trim()].join(' › ');
}

/** `DAXEncrypted: DAX clusters have ...` → `DAXEncrypted`, for tests that fail before validating. */
function ruleOfSuite(suite: Suite): string | undefined {
  for (const s of suiteChain(suite).reverse()) {
    const m = /^\s*([A-Za-z0-9]+)\s*:/.exec(s.name);
    if (m && HIPAA.has(m[1])) return m[1];
  }
  return undefined;
}

async function runTest(t: TestEntry): Promise<CaseResult[]> {
  calls = [];
  const chain = suiteChain(t.suite);
  const title = titleOf(t);
  const file = path.basename(t.file);
  try {
    for (const s of chain) for (const h of s.beforeEach) await h();
    await t.body();
    for (const s of [...chain].reverse()) for (const h of s.afterEach) await h();
  } catch (e) {
    const rule = calls.find((c) => HIPAA.has(c.rule))?.rule ?? ruleOfSuite(t.suite);
    if (!rule) return [];
    return [{ rule, expected: 'NON_COMPLIANCE', file, title, flagging: [], matching: [], error: `test body threw: ${(e as Error).message.split('\n')[0]}` }];
  }

  const out: CaseResult[] = [];
  const stacks = [...new Set(calls.filter((c) => HIPAA.has(c.rule)).map((c) => c.stack))];
  stacks.forEach((stack, i) => {
    const mine = calls.filter((c) => c.stack === stack && HIPAA.has(c.rule));
    const rules = [...new Set(mine.map((c) => c.rule))];
    const changed = mine.some((c) => c.constructs !== stack.node.findAll().length);
    const note = changed ? 'the test added constructs after a validateStack call; judged as the stack ended' : undefined;
    const suffix = stacks.length > 1 ? ` [stack ${i + 1}: ${stack.node.path}]` : '';
    let findings: HipaaFinding[] | undefined;
    let error: string | undefined;
    try {
      findings = judgeStack(stack);
    } catch (e) {
      error = `synth failed: ${(e as Error).message.split('\n')[0]}`;
    }
    for (const rule of rules) {
      const types = mine.filter((c) => c.rule === rule).map((c) => c.expected);
      const expected = types.includes('NON_COMPLIANCE') ? 'NON_COMPLIANCE' : types.includes('COMPLIANCE') ? 'COMPLIANCE' : undefined;
      if (!expected) continue; // only expects the rule to throw
      const ids = new Set(CONTROLS.get(rule) ?? []);
      const matching = (findings ?? []).filter((f) => ids.has(f.controlId));
      out.push({ rule, expected, file, title: title + suffix, matching, flagging: matching.filter(flagsResource), error, note });
    }
  });
  return out;
}

async function runFile(file: string): Promise<CaseResult[]> {
  registered = [];
  currentFile = file;
  currentSuite = { name: path.basename(file), beforeEach: [], afterEach: [] };
  try {
    Module.createRequire(file)(file);
  } catch (e) {
    console.error(`! ${path.basename(file)} did not load: ${(e as Error).message.split('\n')[0]}`);
    return [];
  } finally {
    currentSuite = undefined;
  }
  const out: CaseResult[] = [];
  for (const t of registered) out.push(...await runTest(t));
  return out;
}

/* ------------------------------------------------------------------------------------------ */
/* Report                                                                                       */
/* ------------------------------------------------------------------------------------------ */

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

function describeFindings(fs_: readonly HipaaFinding[], stackPath: (p: string) => string): string {
  const seen = [...new Set(fs_.map((f) => `${f.controlId} ${f.status} on ${stackPath(f.constructPath)}`))];
  return seen.length > 3 ? `${seen.slice(0, 3).join('; ')}; +${seen.length - 3} more` : seen.join('; ');
}

function report(results: readonly CaseResult[]): void {
  const judged = results.filter((r) => !r.error);
  const relPath = (p: string): string => p.split('/').slice(1).join('/') || p;

  console.log(`HipaaAspect on cdk-nag's own test cases (${CHECKOUT}), ${HIPAA_RULES.length} HIPAA Security rules`);
  console.log('A case is caught/flagged when a matching control is FAIL or UNVERIFIABLE on ANY resource of the test stack (coarse).');
  console.log('');
  console.log(`${'rule'.padEnd(48)} ${'non-compliant caught'.padEnd(21)} ${'compliant flagged'.padEnd(18)} matching controls`);

  let caught = 0;
  let ncTotal = 0;
  let rulesWithControl = 0;
  const noControl: string[] = [];
  const noTests: string[] = [];
  for (const rule of [...HIPAA_RULES].sort()) {
    const controls = CONTROLS.get(rule) ?? [];
    const mine = judged.filter((r) => r.rule === rule);
    const nc = mine.filter((r) => r.expected === 'NON_COMPLIANCE');
    const c = mine.filter((r) => r.expected === 'COMPLIANCE');
    const ncCaught = nc.filter((r) => r.flagging.length > 0).length;
    const cFlagged = c.filter((r) => r.flagging.length > 0).length;
    if (results.every((r) => r.rule !== rule)) noTests.push(rule);
    if (controls.length === 0) {
      noControl.push(`${rule} (${nc.length} non-compliant, ${c.length} compliant cases)`);
    } else {
      rulesWithControl++;
      caught += ncCaught;
      ncTotal += nc.length;
    }
    const shown = controls.length === 0 ? '(none)' : controls.join(', ');
    console.log(`${rule.padEnd(48)} ${`${ncCaught}/${nc.length}`.padEnd(21)} ${`${cFlagged}/${c.length}`.padEnd(18)} ${shown}`);
  }

  const judgedWithControl = judged.filter((r) => (CONTROLS.get(r.rule) ?? []).length > 0);
  const compliant = judgedWithControl.filter((r) => r.expected === 'COMPLIANCE');
  const flaggedCompliant = compliant.filter((r) => r.flagging.length > 0);
  console.log('');
  const onlyUnverifiable = judgedWithControl.filter((r) => r.expected === 'NON_COMPLIANCE' && r.flagging.length > 0
    && r.flagging.every((f) => f.status === HipaaFindingStatus.UNVERIFIABLE)).length;
  console.log(`Non-compliant cases caught by a matching control: ${caught}/${ncTotal} (${pct(caught, ncTotal)}) over the ${rulesWithControl} rules that have one`
    + ` (${onlyUnverifiable} of them by UNVERIFIABLE findings only)`);
  console.log(`Compliant cases flagged by a matching control: ${flaggedCompliant.length}/${compliant.length} (${pct(flaggedCompliant.length, compliant.length)})`);
  console.log(`Cases judged: ${judged.length}; not judged (test or synth error): ${results.length - judged.length}`);
  console.log(`Rules with no matching control: ${noControl.length === 0 ? 'none' : noControl.join('; ')}`);
  console.log(`Rules with no test case in the checkout: ${noTests.length === 0 ? 'none' : noTests.join(', ')}`);

  const missed = judgedWithControl.filter((r) => r.expected === 'NON_COMPLIANCE' && r.flagging.length === 0);
  console.log('');
  console.log(`Missed non-compliant cases (${missed.length}):`);
  for (const r of missed) {
    const seen = r.matching.length === 0 ? 'no matching finding' : describeFindings(r.matching, relPath);
    console.log(`  ${r.rule} — ${r.file}: ${r.title} — ${seen}`);
  }
  console.log('');
  console.log(`Flagged compliant cases (${flaggedCompliant.length}):`);
  for (const r of flaggedCompliant) console.log(`  ${r.rule} — ${r.file}: ${r.title} — ${describeFindings(r.flagging, relPath)}`);

  const errors = results.filter((r) => r.error);
  if (errors.length > 0) {
    console.log('');
    console.log(`Not judged (${errors.length}):`);
    for (const r of errors) console.log(`  ${r.rule} — ${r.file}: ${r.title} — ${r.error}`);
  }
  const notes = judged.filter((r) => r.note);
  if (notes.length > 0) {
    console.log('');
    console.log('Notes:');
    for (const r of notes) console.log(`  ${r.rule} — ${r.file}: ${r.title} — ${r.note}`);
  }
  if (missingSrc.size > 0) {
    console.log('');
    console.log(`Checkout sources missing from the installed cdk-nag (stubbed as empty modules): ${[...missingSrc].join(', ')}`);
  }
}

async function main(): Promise<void> {
  // one scratch output directory for every implicit App of the tests, removed at the end
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'measure-nag-tests-'));
  process.env.CDK_OUTDIR = outdir;
  process.env.CDK_DISABLE_STACK_TRACE ??= '1';
  // aws-cdk-lib's template schema check prints hundreds of warnings on the tests' placeholder values; it judges nothing here
  process.env.CDK_VALIDATION ??= 'false';
  process.env.JSII_DEPRECATED ??= 'quiet';
  try {
    const files = fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.test.ts')).sort();
    const results: CaseResult[] = [];
    for (const f of files) {
      const before = results.length;
      results.push(...await runFile(path.join(RULES_DIR, f)));
      if (results.length > before) console.error(`  ${f}: ${results.length - before} HIPAA cases`);
    }
    report(results);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

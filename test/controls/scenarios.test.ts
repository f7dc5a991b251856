import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { CATALOG } from '../../src/controls/catalog';

/**
 * The doc is the test plan: each control's doc comment lists its scenarios (`- given ..., then
 * PASS | FAIL | UNVERIFIABLE | N/A`), and the service's test file asserts each documented verdict
 * on that control at least once (`expect(f.status('<id>', ...)).toBe('<verdict>')`, or a loop over
 * ids). Failure tests that check a message also assert the status, on the same control and path.
 */

const SOURCES = path.join(__dirname, '..', '..', 'src', 'controls');
const TESTS = __dirname;
const VERDICTS = ['PASS', 'FAIL', 'UNVERIFIABLE', 'N/A'] as const;
type Verdict = typeof VERDICTS[number];
/** Verdicts of a scenario line: `then FAIL`, `→ FAIL`, `else PASS`. */
const VERDICT_IN_SCENARIO = /(?:\bthen|→|\belse)\s+(PASS|FAIL|UNVERIFIABLE|N\/A)(?![\w/])/g;

interface Definition {
  /** The source file the control's id is written in. */
  readonly file: string;
  /** The doc comment that lists its scenarios (the definition's, or the helper's that builds it). */
  readonly doc: string;
  /** Where the doc comes from, for messages. */
  readonly docOwner: string;
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

/** The last `/** ... *\/` comment right above a node ('' when none). */
function docAbove(node: ts.Node): string {
  const text = node.getSourceFile().getFullText();
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  const docs = ranges.map((r) => text.slice(r.pos, r.end)).filter((c) => c.startsWith('/**'));
  return docs[docs.length - 1] ?? '';
}

function isStringLike(n: ts.Node | undefined): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return !!n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n));
}

/** Helper functions of src/controls that build controls (`retainedControl`, ...), by name. */
function helperDocs(files: ts.SourceFile[]): Map<string, string> {
  const docs = new Map<string, string>();
  for (const sf of files) {
    for (const s of sf.statements) {
      if (ts.isFunctionDeclaration(s) && s.name) docs.set(s.name.text, docAbove(s));
    }
  }
  return docs;
}

/**
 * Where each control is defined: the object literal `{ id: '<id>', ... }` in src/controls. A control
 * declared as a constant takes the constant's doc comment; one built inline by a helper in a list
 * (`retainedControl({ id, ... })`) takes the helper's.
 */
function definitions(): Map<string, Definition> {
  const files = fs.readdirSync(SOURCES).filter((f) => f.endsWith('.ts')).map((f) => parse(path.join(SOURCES, f)));
  const helpers = helperDocs(files);
  const ids = new Set(CATALOG.map((c) => c.id));
  const found = new Map<string, Definition>();
  for (const sf of files) {
    walk(sf, (n) => {
      if (!ts.isObjectLiteralExpression(n)) return;
      const idProp = n.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'id');
      if (!idProp || !isStringLike(idProp.initializer) || !ids.has(idProp.initializer.text)) return;
      const id = idProp.initializer.text;
      if (found.has(id)) throw new Error(`${id} is defined twice: in ${found.get(id)!.file} and ${sf.fileName}`);
      let helper: string | undefined;
      let doc = '';
      let owner = '';
      for (let p: ts.Node | undefined = n.parent; p; p = p.parent) {
        if (!helper && ts.isCallExpression(p) && ts.isIdentifier(p.expression)) helper = p.expression.text;
        if (ts.isArrayLiteralExpression(p)) {
          doc = helper ? helpers.get(helper) ?? '' : '';
          owner = `function ${helper}`;
          break;
        }
        if (ts.isVariableStatement(p)) {
          doc = docAbove(p);
          owner = `const ${p.declarationList.declarations[0].name.getText()}`;
          break;
        }
      }
      found.set(id, { file: sf.fileName, doc, docOwner: owner });
    });
  }
  return found;
}

/** The scenario items of a doc comment (`- ...` lines with their continuation lines). */
export function scenarios(doc: string): string[] {
  const lines = doc.replace(/^\/\*\*|\*\/$/g, '').split('\n').map((l) => l.replace(/^\s*\*\s?/, ''));
  const items: string[] = [];
  let current: string | undefined;
  for (const line of lines) {
    if (line.startsWith('- ')) {
      if (current) items.push(current);
      current = line.slice(2).trim();
    } else if (current !== undefined && /^\s+\S/.test(line)) {
      current += ' ' + line.trim();
    } else {
      if (current) items.push(current);
      current = undefined;
    }
  }
  if (current) items.push(current);
  return items.filter((i) => i.startsWith('given '));
}

export function documentedVerdicts(doc: string): Set<Verdict> {
  const verdicts = new Set<Verdict>();
  for (const item of scenarios(doc)) {
    for (const m of item.matchAll(VERDICT_IN_SCENARIO)) verdicts.add(m[1] as Verdict);
  }
  return verdicts;
}

/** Resolves an expression of a test file to the strings it can hold (undefined when it cannot). */
function strings(e: ts.Expression, sf: ts.SourceFile): string[] | undefined {
  if (isStringLike(e)) return [e.text];
  if (ts.isArrayLiteralExpression(e)) {
    const out: string[] = [];
    for (const el of e.elements) {
      const values = ts.isSpreadElement(el) ? strings(el.expression, sf) : strings(el, sf);
      if (!values) return undefined;
      out.push(...values);
    }
    return out;
  }
  if (ts.isIdentifier(e)) {
    // a `for (const x of LIST)` loop variable, else a constant of the file
    for (let p: ts.Node | undefined = e.parent; p; p = p.parent) {
      if (ts.isForOfStatement(p) && ts.isVariableDeclarationList(p.initializer)
        && p.initializer.declarations.some((d) => d.name.getText() === e.text)) {
        return strings(p.expression, sf);
      }
    }
    let init: ts.Expression | undefined;
    walk(sf, (n) => {
      if (ts.isVariableDeclaration(n) && n.name.getText() === e.text && n.initializer
        && ts.isVariableDeclarationList(n.parent) && n.parent.getFirstToken()?.kind === ts.SyntaxKind.ConstKeyword) init = n.initializer;
    });
    return init ? strings(init, sf) : undefined;
  }
  if (ts.isAsExpression(e) || ts.isParenthesizedExpression(e)) return strings(e.expression, sf);
  return undefined;
}

/** The verdict an expected value asserts for `id` (`'FAIL'`, or `LIST.includes(id) ? 'N/A' : 'PASS'`). */
function verdictFor(e: ts.Expression, id: string, sf: ts.SourceFile): string | undefined {
  if (isStringLike(e)) return e.text;
  if (ts.isConditionalExpression(e) && ts.isCallExpression(e.condition)
    && ts.isPropertyAccessExpression(e.condition.expression) && e.condition.expression.name.text === 'includes') {
    const list = strings(e.condition.expression.expression, sf);
    if (!list) return undefined;
    return verdictFor(list.includes(id) ? e.whenTrue : e.whenFalse, id, sf);
  }
  return undefined;
}

/** `<fixture>.<method>(id, path)` */
function fixtureCall(e: ts.Expression, method: string): ts.CallExpression | undefined {
  return ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === method
    && e.arguments.length === 2 ? e : undefined;
}

interface Assertion {
  /** The `status(...)` or `message(...)` call. */
  readonly call: ts.CallExpression;
  /** The matcher (`toBe`, `toEqual`, `toMatch`, ...) and the expected value, for the asserted element. */
  readonly matcher: string;
  readonly expected: ts.Expression;
}

/**
 * Assertions `expect(f.<method>(id, path)).<matcher>(expected)`, also in the form
 * `expect([id, f.<method>(id, path)]).toEqual([id, expected])`; `.not` assertions are left out.
 */
function assertions(sf: ts.SourceFile, method: string, within: ts.Node = sf): Assertion[] {
  const out: Assertion[] = [];
  walk(within, (n) => {
    if (!ts.isCallExpression(n) || !ts.isPropertyAccessExpression(n.expression) || n.arguments.length !== 1) return;
    const subject = n.expression.expression;
    if (!ts.isCallExpression(subject) || subject.expression.getText() !== 'expect' || subject.arguments.length !== 1) return;
    const matcher = n.expression.name.text;
    const [actual] = subject.arguments;
    const [expected] = n.arguments;
    const direct = fixtureCall(actual, method);
    if (direct) {
      out.push({ call: direct, matcher, expected });
    } else if (ts.isArrayLiteralExpression(actual) && ts.isArrayLiteralExpression(expected)) {
      actual.elements.forEach((el, i) => {
        const call = fixtureCall(el, method);
        if (call && expected.elements[i]) out.push({ call, matcher, expected: expected.elements[i] });
      });
    }
  });
  return out.filter((a) => ['toBe', 'toEqual', 'toStrictEqual', 'toMatch', 'toContain'].includes(a.matcher));
}

/** For each control id, the statuses the test file asserts on it. */
export function assertedVerdicts(sf: ts.SourceFile): Map<string, Set<string>> {
  const verdicts = new Map<string, Set<string>>();
  for (const a of assertions(sf, 'status')) {
    if (!['toBe', 'toEqual', 'toStrictEqual'].includes(a.matcher)) continue;
    for (const id of strings(a.call.arguments[0], sf) ?? []) {
      const v = verdictFor(a.expected, id, sf);
      if (v === undefined) continue;
      if (!verdicts.has(id)) verdicts.set(id, new Set());
      verdicts.get(id)!.add(v);
    }
  }
  return verdicts;
}

const NOT_PASSING = new Set(['FAIL', 'UNVERIFIABLE', 'ACKNOWLEDGED']);

/**
 * Message assertions (other than "the message is empty") without a status assertion of FAIL,
 * UNVERIFIABLE or ACKNOWLEDGED on the same control and path in the same test: `<test name>: <call>`.
 */
export function messagesWithoutStatus(sf: ts.SourceFile): string[] {
  const missing: string[] = [];
  walk(sf, (n) => {
    if (!ts.isCallExpression(n) || !['test', 'it'].includes(n.expression.getText()) || n.arguments.length < 2) return;
    const name = isStringLike(n.arguments[0]) ? n.arguments[0].text : n.arguments[0].getText();
    const body = n.arguments[1];
    const key = (c: ts.CallExpression) => c.arguments.map((a) => a.getText()).join(', ');
    const failing = new Set(assertions(sf, 'status', body)
      .filter((a) => {
        const ids = strings(a.call.arguments[0], sf) ?? [];
        return ids.length > 0 && ids.every((id) => NOT_PASSING.has(verdictFor(a.expected, id, sf) ?? ''));
      })
      .map((a) => key(a.call)));
    for (const a of assertions(sf, 'message', body)) {
      if (isStringLike(a.expected) && a.expected.text === '' && a.matcher !== 'toMatch') continue;
      if (!failing.has(key(a.call))) missing.push(`${name}: message(${key(a.call)})`);
    }
  });
  return missing;
}

/** The test file of a service file: s3.ts → s3.test.ts; ec2-network.ts → ec2.test.ts (its service's). */
function testFileOf(sourceFile: string): string {
  const base = path.basename(sourceFile, '.ts');
  const own = path.join(TESTS, `${base}.test.ts`);
  return fs.existsSync(own) ? own : path.join(TESTS, `${base.split('-')[0]}.test.ts`);
}

const DEFINITIONS = definitions();
const PARSED = new Map<string, ts.SourceFile>();
function testSource(file: string): ts.SourceFile {
  if (!PARSED.has(file)) PARSED.set(file, parse(file));
  return PARSED.get(file)!;
}

describe('every control documents its scenarios', () => {
  test.each(CATALOG.map((c) => c.id))('%s', (id) => {
    const def = DEFINITIONS.get(id);
    expect(def).toBeDefined();
    const verdicts = documentedVerdicts(def!.doc);
    expect([id, def!.docOwner, verdicts.size > 0]).toEqual([id, def!.docOwner, true]);
    // A control's own doc names it first, so a doc cannot drift onto the wrong constant.
    if (def!.docOwner.startsWith('const ')) expect(def!.doc).toMatch(new RegExp(`^/\\*\\*\\s*\\*\\s*${id.replace('.', '\\.')}:`));
  });
});

describe('each documented verdict is asserted in the service\'s tests', () => {
  test.each(CATALOG.map((c) => c.id))('%s', (id) => {
    const def = DEFINITIONS.get(id)!;
    const testFile = testFileOf(def.file);
    expect(fs.existsSync(testFile)).toBe(true);
    const asserted = assertedVerdicts(testSource(testFile)).get(id) ?? new Set();
    const missing = [...documentedVerdicts(def.doc)].filter((v) => !asserted.has(v));
    expect({ id, testFile: path.basename(testFile), missing }).toEqual({ id, testFile: path.basename(testFile), missing: [] });
  });
});

describe('failure tests assert the status as well as the message', () => {
  const files = fs.readdirSync(TESTS).filter((f) => f.endsWith('.test.ts'));
  test.each(files)('%s', (file) => {
    expect(messagesWithoutStatus(testSource(path.join(TESTS, file)))).toEqual([]);
  });
});

describe('the checks can fail', () => {
  const source = (text: string) => ts.createSourceFile('x.test.ts', text, ts.ScriptTarget.Latest, true);

  test('scenarios are read from doc comments, continuation lines and arrows included', () => {
    const doc = [
      '/**',
      ' * X.Y: something.',
      ' * - given a, then PASS',
      ' * - given b and a long',
      ' *   explanation, then FAIL (warning: c)',
      ' * - given a launch template: d → UNVERIFIABLE, else N/A',
      ' * - given e, these are skipped',
      ' */',
    ].join('\n');
    expect(scenarios(doc)).toHaveLength(4);
    expect([...documentedVerdicts(doc)].sort()).toEqual(['FAIL', 'N/A', 'PASS', 'UNVERIFIABLE']);
  });

  test('the catalog\'s docs are found, helpers included', () => {
    expect([...documentedVerdicts(DEFINITIONS.get('S3.DefaultEncryptionKms')!.doc)].sort()).toEqual(['FAIL', 'PASS', 'UNVERIFIABLE']);
    expect(DEFINITIONS.get('DynamoDB.DataRetained')!.docOwner).toBe('function retainedControl');
    expect(DEFINITIONS.get('EC2.NoPublicAdminPorts')!.docOwner).toBe('const noPublicAdminPorts');
  });

  test('only assertions of a status on a control count', () => {
    const sf = source([
      "const IDS = ['A.One', ...['A.Two']];",
      "const ID = 'A.Three';",
      "test('x', () => {",
      "  expect(f.status('A.Zero', 'R')).toBe('FAIL');",
      "  expect(f.status('A.Zero', 'R')).not.toBe('PASS');",
      "  f.status('A.Zero', 'R') === 'UNVERIFIABLE';",
      "  for (const id of IDS) expect([id, f.status(id, 'R')]).toEqual([id, IDS.includes(id) && id === 'A.One' ? 'N/A' : 'PASS']);",
      "  expect(f.status(ID, 'R')).toBe('UNVERIFIABLE');",
      "  expect(f.message('A.Four', 'R')).toMatch(/wrong/);",
      '});',
    ].join('\n'));
    const asserted = assertedVerdicts(sf);
    expect([...asserted.get('A.Zero')!]).toEqual(['FAIL']);
    expect(asserted.has('A.One')).toBe(false); // the condition is not a plain `LIST.includes(id)`
    expect([...asserted.get('A.Three')!]).toEqual(['UNVERIFIABLE']);
    expect(asserted.has('A.Four')).toBe(false);
  });

  test('a message assertion without a failing status on the same control and path is reported', () => {
    const sf = source([
      "test('fails when a', () => {",
      "  expect(f.status('A.One', 'R')).toBe('FAIL');",
      "  expect(f.message('A.One', 'R')).toMatch(/a/);",
      '});',
      "test('fails when b', () => {",
      "  expect(f.status('A.One', 'Other')).toBe('FAIL');",
      "  expect(f.message('A.One', 'R')).toMatch(/b/);",
      '});',
      "test('passes when c', () => {",
      "  expect(f.status('A.One', 'R')).toBe('PASS');",
      "  expect(f.message('A.One', 'R')).toMatch(/c/);",
      '});',
    ].join('\n'));
    expect(messagesWithoutStatus(sf)).toEqual(["fails when b: message('A.One', 'R')", "passes when c: message('A.One', 'R')"]);
  });
});

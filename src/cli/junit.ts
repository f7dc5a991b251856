import * as path from 'path';
import { acknowledgeHint, CheckResult, problemLine } from './result';
import { TemplateFinding } from '../engine/evaluate';

/**
 * A JUnit XML report, for CI systems that show test results (GitLab, Jenkins, Azure DevOps, ...):
 * a `<testsuite>` per template (a stack of a cloud assembly, or a template file), a `<testcase>`
 * per resource x control. A passing control is a bare testcase; a FAIL is a `<failure>` whose type
 * is the control's severity (ERROR or WARNING); an UNVERIFIABLE finding is a `<failure>` of type
 * UNVERIFIABLE too, since nothing shows the resource complies; an ACKNOWLEDGED finding is
 * `<skipped>` with the acknowledgement's reason. Acknowledgements in a template that clear nothing
 * are the suite's `<system-err>`.
 */
export function renderJunit(result: CheckResult): string {
  const suites = result.templates.map((t) => ({
    name: t.name,
    file: t.file,
    findings: result.evaluation.findings.filter((f) => f.template === t.name && f.file === t.file),
    problems: result.evaluation.acknowledgementProblems.filter((p) => p.file !== undefined && p.file === t.file),
  }));
  const total = countCases(result.evaluation.findings);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="cdk-hipaa" tests="${total.tests}" failures="${total.failures}" errors="0" skipped="${total.skipped}">`);
  for (const suite of suites) {
    const c = countCases(suite.findings);
    const file = suite.file ? ` file="${attr(relative(suite.file, result.cwd))}"` : '';
    out.push(`  <testsuite name="${attr(suite.name)}" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}"${file}>`);
    for (const f of suite.findings) out.push(...testcase(f, result.cwd));
    if (suite.problems.length > 0) {
      out.push(`    <system-err>${text(suite.problems.map((p) => `warning: ${problemLine(p, result.cwd)}`).join('\n'))}</system-err>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

function testcase(f: TemplateFinding, cwd: string): string[] {
  const location = `${f.file ? ` file="${attr(relative(f.file, cwd))}"` : ''}${f.line ? ` line="${f.line}"` : ''}`;
  const open = `    <testcase classname="${attr(`${f.logicalId} (${f.resourceType})`)}" name="${attr(`${f.controlId}: ${f.title}`)}"${location}`;
  if (f.status === 'PASS') return [`${open}/>`];
  if (f.status === 'ACKNOWLEDGED') {
    return [`${open}>`, `      <skipped message="${attr(`acknowledged: ${f.acknowledgedReason ?? ''}`)}"/>`, '    </testcase>'];
  }
  const type = f.status === 'UNVERIFIABLE' ? 'UNVERIFIABLE' : f.severity;
  const message = f.status === 'UNVERIFIABLE' ? `Could not be verified: ${f.message ?? f.title}` : f.message ?? f.title;
  const body = [
    message,
    ...(f.status === 'FAIL' ? [`fix: ${f.fix}`] : []),
    `45 CFR ${f.citations.join(', ')}`,
    `resource: ${f.constructPath ?? `${f.template}/${f.logicalId}`}`,
    acknowledgeHint(f),
  ].join('\n');
  return [`${open}>`, `      <failure type="${type}" message="${attr(message)}">${text(body)}</failure>`, '    </testcase>'];
}

function countCases(findings: readonly TemplateFinding[]): { tests: number; failures: number; skipped: number } {
  return {
    tests: findings.length,
    failures: findings.filter((f) => f.status === 'FAIL' || f.status === 'UNVERIFIABLE').length,
    skipped: findings.filter((f) => f.status === 'ACKNOWLEDGED').length,
  };
}

function relative(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

/** Characters XML 1.0 does not allow at all (control characters, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content: `&`, `<` and `>` escaped, characters XML cannot hold replaced by U+FFFD. */
export function text(value: string): string {
  return value.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value (double-quoted): also quotes, and line breaks and tabs kept as character references. */
export function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

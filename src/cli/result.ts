import * as path from 'path';
import { FailOn } from './args';
import { AcknowledgementProblem } from '../engine/acknowledgements';
import { TemplateEvaluation, TemplateFinding } from '../engine/evaluate';

/** What one run of `cdk-hipaa check` found, as every report format reads it. */
export interface CheckResult {
  readonly evaluation: TemplateEvaluation;
  /** The templates read, in order. */
  readonly templates: ReadonlyArray<{ readonly name: string; readonly file?: string; readonly stackKey: string }>;
  readonly failOn: FailOn;
  /** The directory paths in reports are relative to. */
  readonly cwd: string;
}

/** Counts of findings by status. */
export interface Counts {
  readonly pass: number;
  readonly fail: number;
  readonly unverifiable: number;
  readonly acknowledged: number;
  /** Failures of ERROR-severity controls. */
  readonly errors: number;
}

export function countFindings(findings: readonly TemplateFinding[]): Counts {
  let pass = 0, fail = 0, unverifiable = 0, acknowledged = 0, errors = 0;
  for (const f of findings) {
    switch (f.status) {
      case 'PASS': pass++; break;
      case 'FAIL': fail++; if (f.severity === 'ERROR') errors++; break;
      case 'UNVERIFIABLE': unverifiable++; break;
      default: acknowledged++;
    }
  }
  return { pass, fail, unverifiable, acknowledged, errors };
}

/** Whether a finding makes the run exit 1 at the `--fail-on` level. */
export function failsRun(f: TemplateFinding, failOn: FailOn): boolean {
  switch (failOn) {
    case 'error': return f.status === 'FAIL' && f.severity === 'ERROR';
    case 'warning': return f.status === 'FAIL' || f.status === 'UNVERIFIABLE';
    default: return false;
  }
}

/** 1 when a finding fails the run at the `--fail-on` level, else 0. */
export function exitCode(result: CheckResult): number {
  return result.evaluation.findings.some((f) => failsRun(f, result.failOn)) ? 1 : 0;
}

/** Resources with at least one finding. */
export function resourceCount(findings: readonly TemplateFinding[]): number {
  return new Set(findings.map((f) => `${f.template}|${f.logicalId}`)).size;
}

/** The one-line summary every format prints (on standard output when the report goes to a file). */
export function summaryLine(result: CheckResult): string {
  const { findings } = result.evaluation;
  const c = countFindings(findings);
  return `${resourceCount(findings)} resources checked: ${c.fail} failed (${c.errors} of ERROR severity), ${c.unverifiable} unverifiable, `
    + `${c.acknowledged} acknowledged, ${c.pass} passed.`;
}

/** Why the run exits 1, or undefined when it does not. */
export function exitLine(result: CheckResult): string | undefined {
  if (exitCode(result) === 0) return undefined;
  return result.failOn === 'warning'
    ? 'Controls fail or cannot be verified: exit code 1 (--fail-on warning; --fail-on error fails on ERROR-severity failures only).'
    : 'ERROR-severity controls fail: exit code 1 (--fail-on none reports without failing).';
}

/** Lines about resources a false `Condition` leaves out, or an undecidable one leaves in doubt. */
export function conditionLines(result: CheckResult): string[] {
  const lines: string[] = [];
  const { skipped, undecided } = result.evaluation;
  if (skipped.length > 0) {
    lines.push(`Not checked (Condition false): ${skipped.map((r) => `${r.logicalId} (${r.condition})`).join(', ')}.`);
  }
  if (undecided.length > 0) {
    lines.push(`Checked as if created (Condition not decidable without more parameter values): ${undecided.map((r) => `${r.logicalId} (${r.condition})`).join(', ')}.`);
  }
  return lines;
}

/**
 * `file:line  LogicalId (Type)  construct path`; a resource of a stack set's inline template is
 * `StackSetId/LogicalId`, on the stack set's line.
 */
export function resourceLabel(f: TemplateFinding, cwd: string): string {
  const where = f.file ? `${path.relative(cwd, f.file)}${f.line ? `:${f.line}` : ''}` : f.template;
  const fileName = f.file ? path.basename(f.file) : undefined;
  const within = fileName && f.template.startsWith(`${fileName}/`) ? `${f.template.slice(fileName.length + 1)}/` : '';
  return `${where}  ${within}${f.logicalId} (${f.resourceType})${f.constructPath ? `  ${f.constructPath}` : ''}`;
}

/** Where an acknowledgement problem is: `file:line (template/LogicalId)` or the construct path. */
export function problemLocation(p: AcknowledgementProblem, cwd: string): string {
  return p.file ? `${path.relative(cwd, p.file)}${p.line ? `:${p.line}` : ''} (${p.at})` : `'${p.at || '(app)'}'`;
}

/** One line about an acknowledgement that clears nothing. */
export function problemLine(p: AcknowledgementProblem, cwd: string): string {
  return `[${p.id}] the acknowledgement at ${problemLocation(p, cwd)} clears nothing: ${p.problem}`;
}

/** Findings grouped by resource, in order of first appearance. */
export function byResource(findings: readonly TemplateFinding[]): TemplateFinding[][] {
  const groups = new Map<string, TemplateFinding[]>();
  for (const f of findings) {
    const key = `${f.template}|${f.file ?? ''}|${f.logicalId}`;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  return [...groups.values()];
}

/** How to acknowledge a finding where it was found: in the CDK app, or in the template's Metadata. */
export function acknowledgeHint(f: TemplateFinding): string {
  return f.constructPath
    ? `acknowledge with Validations.of(construct).acknowledge({ id: 'CdkHipaa::${f.controlId}', reason })`
    : `acknowledge with Metadata cdk_hipaa.acknowledgements [{ id: 'CdkHipaa::${f.controlId}', reason }]`;
}

import {
  acknowledgeHint, byResource, CheckResult, conditionLines, exitLine, problemLine, resourceLabel, summaryLine,
} from './result';

/** ANSI styles of the text report on a terminal. */
const STYLES = { bold: '1', dim: '2', red: '31', yellow: '33', magenta: '35', cyan: '36', green: '32' } as const;
type Style = keyof typeof STYLES;

/**
 * A human-readable report: the failures, unverifiable and acknowledged findings grouped by resource,
 * the acknowledgements that clear nothing, then the counts.
 *
 * @param colour whether to colour it with ANSI escapes (a terminal without NO_COLOR)
 */
export function renderText(result: CheckResult, colour: boolean = false): string {
  const paint = (style: Style, text: string) => colour ? `\u001b[${STYLES[style]}m${text}\u001b[0m` : text;
  const lines: string[] = [];
  for (const group of byResource(result.evaluation.findings)) {
    const shown = group.filter((f) => f.status !== 'PASS');
    if (shown.length === 0) continue;
    lines.push(paint('bold', resourceLabel(shown[0], result.cwd)));
    for (const f of shown) {
      if (f.status === 'ACKNOWLEDGED') {
        lines.push(`  ${paint('dim', 'ACKNOWLEDGED')} ${f.controlId}: ${f.acknowledgedReason}`);
        continue;
      }
      const level = f.status === 'UNVERIFIABLE' ? paint('magenta', 'UNVERIFIABLE')
        : f.severity === 'ERROR' ? paint('red', 'FAIL (error)') : paint('yellow', 'FAIL (warning)');
      lines.push(`  ${level} ${f.controlId}: ${f.message ?? f.title}`);
      if (f.status === 'FAIL') lines.push(`    fix: ${f.fix}`);
      lines.push(paint('dim', `    45 CFR ${f.citations.join(', ')}; ${acknowledgeHint(f)}`));
    }
    lines.push('');
  }
  const problems = result.evaluation.acknowledgementProblems;
  if (problems.length > 0) {
    lines.push(paint('bold', 'Acknowledgements that clear nothing'));
    for (const p of problems) lines.push(`  ${paint('yellow', 'warning:')} ${problemLine(p, result.cwd)}`);
    lines.push('');
  }
  lines.push(...conditionLines(result));
  const errors = result.evaluation.findings.some((f) => f.status === 'FAIL' && f.severity === 'ERROR');
  const failures = result.evaluation.findings.some((f) => f.status === 'FAIL' || f.status === 'UNVERIFIABLE');
  lines.push(paint(errors ? 'red' : failures ? 'yellow' : 'green', summaryLine(result)));
  const exit = exitLine(result);
  if (exit) lines.push(paint('bold', exit));
  return lines.join('\n') + '\n';
}

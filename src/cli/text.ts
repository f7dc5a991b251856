import * as path from 'path';
import { TemplateFinding } from '../engine/evaluate';

/** A human-readable report: the failures and unverifiable findings grouped by resource, then the counts. */
export function renderText(findings: readonly TemplateFinding[], mode: 'error' | 'warn', cwd: string = process.cwd()): string {
  const lines: string[] = [];
  const byResource = new Map<string, TemplateFinding[]>();
  for (const f of findings) {
    if (f.status !== 'FAIL' && f.status !== 'UNVERIFIABLE') continue;
    const key = resourceLabel(f, cwd);
    const list = byResource.get(key) ?? [];
    list.push(f);
    byResource.set(key, list);
  }
  for (const [resource, list] of byResource) {
    lines.push(resource);
    for (const f of list) {
      const level = f.status === 'UNVERIFIABLE' ? 'UNVERIFIABLE' : f.severity === 'ERROR' ? 'FAIL (error)' : 'FAIL (warning)';
      lines.push(`  ${level} ${f.controlId}: ${f.message ?? f.title}`);
      if (f.status === 'FAIL') lines.push(`    fix: ${f.fix}`);
      lines.push(`    45 CFR ${f.citations.join(', ')}; acknowledge with Validations.of(construct).acknowledge({ id: 'CdkHipaa::${f.controlId}', reason })`);
    }
    lines.push('');
  }
  const count = (status: string) => findings.filter((f) => f.status === status).length;
  const errors = findings.filter((f) => f.status === 'FAIL' && f.severity === 'ERROR').length;
  const resources = new Set(findings.map((f) => `${f.template}|${f.logicalId}`)).size;
  lines.push(`${resources} resources checked: ${count('FAIL')} failed (${errors} of ERROR severity), ${count('UNVERIFIABLE')} unverifiable, `
    + `${count('ACKNOWLEDGED')} acknowledged, ${count('PASS')} passed.`);
  if (errors > 0 && mode === 'error') lines.push('ERROR-severity controls fail: exit code 1 (--mode warn reports without failing).');
  return lines.join('\n') + '\n';
}

/** `file:line  LogicalId (Type)  construct path`. */
function resourceLabel(f: TemplateFinding, cwd: string): string {
  const where = f.file ? `${path.relative(cwd, f.file)}${f.line ? `:${f.line}` : ''}` : f.template;
  return `${where}  ${f.logicalId} (${f.resourceType})${f.constructPath ? `  ${f.constructPath}` : ''}`;
}

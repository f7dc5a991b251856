/**
 * Prints, per stack of a cloud assembly, its template and the summary of its compliance report.
 * Stacks of nested assemblies (Stages, in `assembly-<stage>/`) and nested stacks are included;
 * a stack without a report is listed as not checked.
 *
 *   tsx scripts/print-report.ts cdk.out
 */
import * as fs from 'fs';
import * as path from 'path';

const TEMPLATE = /^(.+?)(\.nested)?\.template\.json$/;

interface StackSummary {
  readonly stackId: string;
  readonly nested: boolean;
  readonly template: string;
  readonly report?: string;
}

/** The stacks of one assembly directory and of the nested assemblies below it. */
function stacksIn(dir: string): StackSummary[] {
  const out: StackSummary[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const match = e.isFile() ? TEMPLATE.exec(e.name) : null;
    if (!match) continue;
    const report = path.join(dir, `${match[1]}.hipaa-report.json`);
    out.push({
      stackId: match[1],
      nested: match[2] !== undefined,
      template: path.join(dir, e.name),
      report: fs.existsSync(report) ? report : undefined,
    });
  }
  for (const e of entries) {
    if (e.isDirectory() && e.name.startsWith('assembly-')) out.push(...stacksIn(path.join(dir, e.name)));
  }
  return out;
}

const outdir = path.resolve(process.argv[2] ?? 'cdk.out');
if (!fs.existsSync(outdir)) {
  console.error(`no cloud assembly at ${outdir}`);
  process.exit(1);
}
const stacks = stacksIn(outdir);
const rel = (p: string) => path.relative(process.cwd(), p) || '.';

console.log(`Cloud assembly: ${outdir}`);
for (const s of stacks) {
  console.log('');
  console.log(`${s.stackId}${s.nested ? ' (nested stack)' : ''}`);
  console.log(`  template: ${rel(s.template)}`);
  if (!s.report) {
    console.log('  report:   none (HipaaAspect did not check this stack)');
    continue;
  }
  const report = JSON.parse(fs.readFileSync(s.report, 'utf8'));
  const t = report.totals ?? {};
  console.log(`  report:   ${rel(s.report)} (and .md)`);
  if (report.scope !== undefined) console.log(`  scope:    ${report.scope || '(app)'}, mode ${report.mode}`);
  const examined = t.examined !== undefined ? `${t.examined} resources examined, ` : '';
  console.log(`  ${examined}${t.resources ?? 0} subject to controls, ${t.evaluations ?? 0} evaluations: ` +
    `${t.pass ?? 0} pass, ${t.fail ?? 0} fail, ${t.acknowledged ?? 0} acknowledged, ${t.unverifiable ?? 0} unverifiable`);
  if ((t.evaluations ?? 0) === 0) console.log('  nothing to assess: no resource of a type a control applies to');
}

const unchecked = stacks.filter((s) => !s.report).length;
console.log('');
console.log(`${stacks.length} stacks, ${stacks.length - unchecked} with a compliance report, ${unchecked} without`);
if (stacks.length === 0) {
  console.error('no templates found');
  process.exit(1);
}

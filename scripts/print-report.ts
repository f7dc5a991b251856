/**
 * Prints where the synthesized templates and compliance reports are in a cloud assembly.
 *
 *   tsx scripts/print-report.ts cdk.out
 */
import * as fs from 'fs';
import * as path from 'path';

const outdir = path.resolve(process.argv[2] ?? 'cdk.out');
const files = fs.readdirSync(outdir).sort();
const templates = files.filter((f) => f.endsWith('.template.json'));
const reports = files.filter((f) => f.endsWith('.hipaa-report.json'));

console.log(`Cloud assembly: ${outdir}`);
for (const t of templates) console.log(`  template: ${path.join(outdir, t)}`);
for (const r of reports) {
  const report = JSON.parse(fs.readFileSync(path.join(outdir, r), 'utf8'));
  const t = report.totals ?? {};
  console.log(`  report:   ${path.join(outdir, r)} (and .md)`);
  console.log(`    ${report.stack}: ${t.resources ?? 0} resources, ${t.pass ?? 0} pass, ${t.fail ?? 0} fail, ` +
    `${t.acknowledged ?? 0} acknowledged, ${t.unverifiable ?? 0} unverifiable`);
}
if (templates.length === 0) {
  console.error('no templates found');
  process.exit(1);
}

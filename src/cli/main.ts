import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, USAGE } from './args';
import { renderSarif } from './sarif';
import { renderText } from './text';
import { CATALOG } from '../controls/catalog';
import { evaluateTemplates, TemplateFinding } from '../engine/evaluate';
import { loadInputs } from '../engine/load';
import { libraryVersion } from '../engine/sarif';

/** Where the command writes: standard output and standard error, or a test's buffers. */
export interface OutputSink {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Runs `cdk-hipaa` with the arguments after the script name.
 *
 * @param cwd the directory relative paths (inputs, --output, SARIF locations) are read against
 * @returns the exit code: 0 no ERROR-severity failure (or --mode warn), 1 ERROR-severity failures, 2 usage or input errors
 */
export function main(argv: readonly string[], sink: OutputSink, cwd: string = process.cwd()): number {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    sink.out(USAGE);
    return 0;
  }
  if (parsed.kind === 'version') {
    sink.out(`${libraryVersion()}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    sink.err(`cdk-hipaa: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const { options } = parsed;
  let findings: TemplateFinding[];
  try {
    const inputs = options.inputs.map((p) => path.resolve(cwd, p));
    for (const p of inputs) if (!fs.existsSync(p)) throw new Error(`${p} does not exist`);
    findings = evaluateTemplates(loadInputs(inputs));
  } catch (e) {
    sink.err(`cdk-hipaa: ${(e as Error).message}\n`);
    return 2;
  }
  const report = options.format === 'sarif' ? JSON.stringify(renderSarif(findings, CATALOG, libraryVersion(), cwd), undefined, 2) + '\n'
    : options.format === 'json' ? JSON.stringify(jsonReport(findings, options.mode), undefined, 2) + '\n'
      : renderText(findings, options.mode, cwd);
  if (options.output !== undefined) {
    const file = path.resolve(cwd, options.output);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, report);
    if (options.format !== 'text') sink.out(renderText(findings, options.mode, cwd).split('\n').filter((l) => l !== '').slice(-2).join('\n') + '\n');
  } else {
    sink.out(report);
  }
  const errors = findings.some((f) => f.status === 'FAIL' && f.severity === 'ERROR');
  return errors && options.mode === 'error' ? 1 : 0;
}

function jsonReport(findings: readonly TemplateFinding[], mode: string): any {
  const count = (status: string) => findings.filter((f) => f.status === status).length;
  return {
    tool: 'cdk-hipaa',
    version: libraryVersion(),
    mode,
    summary: { pass: count('PASS'), fail: count('FAIL'), unverifiable: count('UNVERIFIABLE'), acknowledged: count('ACKNOWLEDGED') },
    findings,
  };
}


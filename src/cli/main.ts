import * as fs from 'fs';
import * as path from 'path';
import { CheckOptions, parseArgs, USAGE } from './args';
import { DATA_MAP_EXTENSIONS, writeDataMap } from './data-map';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { CheckResult, exitCode, exitLine, problemLine, summaryLine } from './result';
import { renderSarif } from './sarif';
import { renderText } from './text';
import { CATALOG } from '../controls/catalog';
import { evaluateTemplateInputs } from '../engine/evaluate';
import { loadInputs, readParameterFile } from '../engine/load';
import { libraryVersion } from '../engine/sarif';
import { TemplateInputs } from '../engine/template';

/** Where the command writes: standard output and standard error, or a test's buffers. */
export interface OutputSink {
  /** Whether standard output is a terminal: the text report is then coloured, unless NO_COLOR is set. @default false */
  readonly outIsTTY?: boolean;
  /** Whether standard error is a terminal: a progress line is then shown while many resources are checked. @default false */
  readonly errIsTTY?: boolean;
  /** The environment (NO_COLOR is read from it). @default process.env */
  readonly env?: { readonly [name: string]: string | undefined };
  out(text: string): void;
  err(text: string): void;
}

/** Below this many resources no progress line is shown: the check is over before anyone would read it. */
export const PROGRESS_MIN_RESOURCES = 500;

/**
 * Runs `cdk-hipaa` with the arguments after the script name.
 *
 * @param cwd the directory relative paths (inputs, --output, --parameters, report locations) are read against
 * @returns the exit code: 0 nothing fails at the --fail-on level, 1 something does, 2 usage or input errors
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
  let result: CheckResult;
  let inputs: TemplateInputs;
  try {
    inputs = load(options, cwd, sink);
    const progress = sink.errIsTTY ? progressLine(sink) : undefined;
    const evaluation = evaluateTemplateInputs(inputs, progress ? { onProgress: progress } : {});
    result = {
      evaluation,
      templates: inputs.templates.map((t) => ({ name: t.name, stackKey: t.stackKey, ...(t.file ? { file: t.file } : {}) })),
      failOn: options.failOn,
      cwd,
    };
  } catch (e) {
    sink.err(`cdk-hipaa: ${(e as Error).message}\n`);
    return 2;
  }
  if (options.dataMap !== undefined) {
    let files: string[];
    try {
      files = writeDataMap(options.inputs.map((p) => path.resolve(cwd, p)), inputs, path.resolve(cwd, options.dataMap));
    } catch (e) {
      sink.err(`cdk-hipaa: cannot write the data map to ${options.dataMap}: ${(e as Error).message.split('\n')[0]}\n`);
      return 2;
    }
    const stem = path.relative(cwd, files[0]).replace(/\.json$/, '');
    sink.err(`cdk-hipaa: wrote the PHI inventory and data-flow map to ${stem}.{${DATA_MAP_EXTENSIONS.join(',')}}\n`);
  }
  const colour = options.format === 'text' && options.output === undefined && sink.outIsTTY === true && !noColor(sink.env ?? process.env);
  const report = render(options, result, colour);
  const textOnStdout = options.format === 'text' && options.output === undefined;
  // The text report on standard output lists them itself; every other way they are warnings on standard error.
  if (!textOnStdout) for (const p of result.evaluation.acknowledgementProblems) sink.err(`cdk-hipaa: warning: ${problemLine(p, cwd)}\n`);
  if (options.output !== undefined) {
    const file = path.resolve(cwd, options.output);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, report);
    } catch (e) {
      sink.err(`cdk-hipaa: cannot write ${options.output}: ${(e as Error).message}\n`);
      return 2;
    }
    const exit = exitLine(result);
    sink.out(`${summaryLine(result)}\n${exit ? `${exit}\n` : ''}`);
  } else {
    sink.out(report);
  }
  return exitCode(result);
}

/** The inputs, with the --parameters file's values; warns about parameters no template declares. */
function load(options: CheckOptions, cwd: string, sink: OutputSink): TemplateInputs {
  const paths = options.inputs.map((p) => path.resolve(cwd, p));
  for (const p of paths) if (!fs.existsSync(p)) throw new Error(`${p} does not exist`);
  let parameters: { [name: string]: string | string[] } | undefined;
  if (options.parameters !== undefined) {
    const file = path.resolve(cwd, options.parameters);
    if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
    parameters = readParameterFile(file);
  }
  const inputs = loadInputs(paths, parameters);
  if (parameters) {
    const topLevel = inputs.templates.filter((t) => t.parameterValues === undefined);
    const declared = new Set(topLevel.flatMap((t) => Object.keys(t.template?.Parameters ?? {})));
    for (const name of Object.keys(parameters)) {
      if (!declared.has(name)) sink.err(`cdk-hipaa: warning: parameter ${name} (from ${options.parameters}) is declared by no template given\n`);
    }
  }
  return inputs;
}

function render(options: CheckOptions, result: CheckResult, colour: boolean): string {
  switch (options.format) {
    case 'sarif': return JSON.stringify(renderSarif(result.evaluation.findings, CATALOG, libraryVersion(), result.cwd), undefined, 2) + '\n';
    case 'json': return JSON.stringify(jsonReport(result), undefined, 2) + '\n';
    case 'junit': return renderJunit(result);
    case 'markdown': return renderMarkdown(result);
    default: return renderText(result, colour);
  }
}

/** NO_COLOR (https://no-color.org): present and not empty turns colour off. */
function noColor(env: { readonly [name: string]: string | undefined }): boolean {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

/** A progress line on standard error, redrawn at most every 100 ms, for runs of many resources; cleared at the end. */
function progressLine(sink: OutputSink): (done: number, total: number) => void {
  let last = 0;
  let shown = false;
  return (done, total) => {
    if (total < PROGRESS_MIN_RESOURCES) return;
    if (done >= total) {
      if (shown) sink.err('\r\u001b[2K');
      return;
    }
    const now = Date.now();
    if (shown && now - last < 100) return;
    last = now;
    shown = true;
    sink.err(`\rcdk-hipaa: checking resource ${done + 1} of ${total}...`);
  };
}

/** The JSON report: every finding, with file paths relative to the working directory, as in the other formats. */
function jsonReport(result: CheckResult): any {
  const relative = <T extends { readonly file?: string }>(x: T): T =>
    x.file === undefined ? x : { ...x, file: path.relative(result.cwd, x.file).split(path.sep).join('/') };
  const findings = result.evaluation.findings.map(relative);
  const acknowledgementProblems = result.evaluation.acknowledgementProblems.map(relative);
  const skipped = result.evaluation.skipped.map(relative);
  const undecided = result.evaluation.undecided.map(relative);
  const count = (status: string) => findings.filter((f) => f.status === status).length;
  return {
    tool: 'cdk-hipaa',
    version: libraryVersion(),
    failOn: result.failOn,
    // The name before --fail-on: warn when nothing fails the run.
    mode: result.failOn === 'none' ? 'warn' : 'error',
    summary: { pass: count('PASS'), fail: count('FAIL'), unverifiable: count('UNVERIFIABLE'), acknowledged: count('ACKNOWLEDGED') },
    exitCode: exitCode(result),
    findings,
    acknowledgementProblems,
    skipped,
    undecided,
  };
}

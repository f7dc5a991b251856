import { parseArgs as parseCommandLine } from 'node:util';

/** The report formats of `cdk-hipaa check`. */
export const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
export type Format = typeof FORMATS[number];

/**
 * When the command exits 1:
 * - `error`: an ERROR-severity control fails;
 * - `warning`: any control fails (ERROR or WARNING severity) or cannot be verified;
 * - `none`: never (the report is all).
 * Acknowledged findings never count.
 */
export const FAIL_ON = ['error', 'warning', 'none'] as const;
export type FailOn = typeof FAIL_ON[number];

/** `--mode`, kept for scripts written before `--fail-on`: `error` is `--fail-on error`, `warn` is `--fail-on none`. */
const MODES: Readonly<Record<string, FailOn>> = { error: 'error', warn: 'none' };

/** What `cdk-hipaa check` was asked to do. */
export interface CheckOptions {
  /** Cloud assembly directories and template files. */
  readonly inputs: string[];
  readonly format: Format;
  /** Write the report here instead of standard output. */
  readonly output?: string;
  readonly failOn: FailOn;
  /** A JSON file of parameter values. */
  readonly parameters?: string;
  /** Also write the PHI inventory and data-flow map of the inputs into this directory. */
  readonly dataMap?: string;
}

export type ParsedArgs =
  | { readonly kind: 'check'; readonly options: CheckOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'error'; readonly message: string };

export const USAGE = `Usage: cdk-hipaa [check] <cdk.out directory | template files...> [options]

Checks CloudFormation templates against the cdk-hipaa control catalog: a cloud assembly
written by \`cdk synth\` (acknowledgements and construct paths come from its metadata), or
any template files, JSON or YAML (short-form tags such as !Ref and !GetAtt included).
Templates given together are checked together: cross-resource controls look across all of them.

Options:
  --format FORMAT           text (default), json, sarif, junit or markdown
  --output FILE             write the report to FILE instead of standard output
  --fail-on LEVEL           when to exit 1: error (default) when an ERROR-severity control fails;
                            warning also when a WARNING-severity control fails or a finding is
                            unverifiable; none never
  --parameters FILE         parameter values, JSON: [{"ParameterKey": "Env", "ParameterValue": "prod"}]
                            or {"Env": "prod"}; a parameter not given reads as its Default
  --data-map DIR            also write the PHI inventory and data-flow map of the inputs, read
                            together, into DIR: <name>.hipaa-data-map.{json,md,mmd,svg}, <name>
                            the stack's or file's name when one is given, else combined
  --mode error|warn         older spelling: error is --fail-on error, warn is --fail-on none
  -h, --help                show this help
  --version                 show the version

Exit codes: 0 nothing fails at the --fail-on level, 1 something does, 2 usage or input errors.
The text report is coloured on a terminal unless NO_COLOR is set.
`;

/** Reads the command line (without `node` and the script). */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const beforeSeparator = argv.indexOf('--') < 0 ? argv : argv.slice(0, argv.indexOf('--'));
  if (beforeSeparator.includes('--help') || beforeSeparator.includes('-h')) return { kind: 'help' };
  if (beforeSeparator.includes('--version')) return { kind: 'version' };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseCommandLine({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        'format': { type: 'string' },
        'output': { type: 'string' },
        'fail-on': { type: 'string' },
        'mode': { type: 'string' },
        'parameters': { type: 'string' },
        'data-map': { type: 'string' },
        'help': { type: 'boolean', short: 'h' },
        'version': { type: 'boolean' },
      },
    });
  } catch (e) {
    return { kind: 'error', message: oneLine(e as Error & { code?: string }) };
  }
  const { values } = parsed;
  const positionals = parsed.positionals[0] === 'check' ? parsed.positionals.slice(1) : parsed.positionals;
  for (const name of ['format', 'output', 'fail-on', 'mode', 'parameters', 'data-map']) {
    if (values[name] === '') return { kind: 'error', message: `--${name} needs a value` };
  }
  const format = values.format as string | undefined ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) return { kind: 'error', message: `--format must be one of ${FORMATS.join(', ')}, not '${format}'` };
  const failOnArg = values['fail-on'] as string | undefined;
  if (failOnArg !== undefined && !(FAIL_ON as readonly string[]).includes(failOnArg)) {
    return { kind: 'error', message: `--fail-on must be one of ${FAIL_ON.join(', ')}, not '${failOnArg}'` };
  }
  const modeArg = values.mode as string | undefined;
  if (modeArg !== undefined && !Object.prototype.hasOwnProperty.call(MODES, modeArg)) {
    return { kind: 'error', message: `--mode must be one of ${Object.keys(MODES).join(', ')}, not '${modeArg}'` };
  }
  if (modeArg !== undefined && failOnArg !== undefined && MODES[modeArg] !== failOnArg) {
    return { kind: 'error', message: `--mode ${modeArg} and --fail-on ${failOnArg} disagree: give --fail-on alone` };
  }
  const failOn = (failOnArg as FailOn | undefined) ?? (modeArg !== undefined ? MODES[modeArg] : 'error');
  if (positionals.length === 0) return { kind: 'error', message: 'give a cloud assembly directory (cdk.out) or template files' };
  const output = values.output as string | undefined;
  const parameters = values.parameters as string | undefined;
  const dataMap = values['data-map'] as string | undefined;
  return {
    kind: 'check',
    options: {
      inputs: positionals,
      format: format as Format,
      failOn,
      ...(output !== undefined ? { output } : {}),
      ...(parameters !== undefined ? { parameters } : {}),
      ...(dataMap !== undefined ? { dataMap } : {}),
    },
  };
}

/** node:util's parse errors, said in one short line. */
function oneLine(e: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option '${option ?? e.message}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option ? `${option} needs a value` : e.message.split('\n')[0];
    default:
      return e.message.split('\n')[0];
  }
}

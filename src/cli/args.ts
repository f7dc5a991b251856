/** What `cdk-hipaa check` was asked to do. */
export interface CheckOptions {
  /** Cloud assembly directories and template files. */
  readonly inputs: string[];
  readonly format: 'text' | 'json' | 'sarif';
  /** Write the report here instead of standard output. */
  readonly output?: string;
  /** `error`: exit 1 when an ERROR-severity control fails; `warn`: exit 0 whatever is found. */
  readonly mode: 'error' | 'warn';
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
  --format text|json|sarif  report format (default: text)
  --output FILE             write the report to FILE instead of standard output
  --mode error|warn         error (default): exit 1 when an ERROR-severity control fails;
                            warn: exit 0 whatever is found
  --help                    show this help
  --version                 show the version

Exit codes: 0 no ERROR-severity failure (or --mode warn), 1 ERROR-severity failures, 2 usage or input errors.
`;

const FORMATS = ['text', 'json', 'sarif'] as const;
const MODES = ['error', 'warn'] as const;

/** Reads the command line (without `node` and the script). */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const args = [...argv];
  if (args[0] === 'check') args.shift();
  const inputs: string[] = [];
  let format: CheckOptions['format'] = 'text';
  let mode: CheckOptions['mode'] = 'error';
  let output: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--version') return { kind: 'version' };
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--format' || flag === '--output' || flag === '--mode') {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') return { kind: 'error', message: `${flag} needs a value` };
      if (flag === '--format') {
        if (!(FORMATS as readonly string[]).includes(value)) return { kind: 'error', message: `--format must be one of ${FORMATS.join(', ')}, not '${value}'` };
        format = value as CheckOptions['format'];
      } else if (flag === '--mode') {
        if (!(MODES as readonly string[]).includes(value)) return { kind: 'error', message: `--mode must be one of ${MODES.join(', ')}, not '${value}'` };
        mode = value as CheckOptions['mode'];
      } else {
        output = value;
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      return { kind: 'error', message: `unknown option '${arg}'` };
    } else {
      inputs.push(arg);
    }
  }
  if (inputs.length === 0) return { kind: 'error', message: 'give a cloud assembly directory (cdk.out) or template files' };
  return { kind: 'check', options: { inputs, format, mode, ...(output !== undefined ? { output } : {}) } };
}

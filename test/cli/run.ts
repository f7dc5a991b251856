import { main, OutputSink } from '../../src/cli/main';

/** What one run of the command printed and returned. */
export interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `cdk-hipaa` in-process with `argv`, relative paths read against `cwd`; `terminal` says what is a TTY and sets the environment. */
export function run(argv: string[], cwd: string = process.cwd(), terminal: Pick<OutputSink, 'outIsTTY' | 'errIsTTY' | 'env'> = {}): Run {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; }, env: {}, ...terminal }, cwd);
  return { code, out, err };
}

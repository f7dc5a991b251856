import { main } from '../../src/cli/main';

/** What one run of the command printed and returned. */
export interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `cdk-hipaa` in-process with `argv`, relative paths read against `cwd`. */
export function run(argv: string[], cwd: string = process.cwd()): Run {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } }, cwd);
  return { code, out, err };
}

import { parseArgs } from '../../src/cli/args';

describe('parseArgs', () => {
  test('defaults: text, --fail-on error; `check` is optional', () => {
    const expected = { kind: 'check', options: { inputs: ['a.yaml'], format: 'text', failOn: 'error' } };
    expect(parseArgs(['check', 'a.yaml'])).toEqual(expected);
    expect(parseArgs(['a.yaml'])).toEqual(expected);
  });

  test('every option, as --flag value and --flag=value', () => {
    expect(parseArgs(['a.yaml', '--format', 'junit', '--output=r.xml', '--fail-on', 'warning', '--parameters=p.json', 'b.json'])).toEqual({
      kind: 'check', options: { inputs: ['a.yaml', 'b.json'], format: 'junit', failOn: 'warning', output: 'r.xml', parameters: 'p.json' },
    });
    expect(parseArgs(['a.yaml', '--format=markdown', '--fail-on=none'])).toMatchObject({ options: { format: 'markdown', failOn: 'none' } });
  });

  test('--mode is the older spelling: error is --fail-on error, warn is --fail-on none', () => {
    expect(parseArgs(['a.yaml', '--mode', 'warn'])).toMatchObject({ options: { failOn: 'none' } });
    expect(parseArgs(['a.yaml', '--mode=error'])).toMatchObject({ options: { failOn: 'error' } });
    expect(parseArgs(['a.yaml', '--mode', 'warn', '--fail-on', 'none'])).toMatchObject({ options: { failOn: 'none' } });
  });

  test('fails with one line per usage error', () => {
    const cases: Array<[string[], string]> = [
      [[], 'give a cloud assembly directory (cdk.out) or template files'],
      [['check'], 'give a cloud assembly directory (cdk.out) or template files'],
      [['a.yaml', '--bogus'], "unknown option '--bogus'"],
      [['a.yaml', '-x'], "unknown option '-x'"],
      [['a.yaml', '--output'], '--output needs a value'],
      [['a.yaml', '--output='], '--output needs a value'],
      [['a.yaml', '--format', '--output', 'x'], '--format needs a value'],
      [['a.yaml', '--format', 'xml'], "--format must be one of text, json, sarif, junit, markdown, not 'xml'"],
      [['a.yaml', '--fail-on', 'info'], "--fail-on must be one of error, warning, none, not 'info'"],
      [['a.yaml', '--mode', 'strict'], "--mode must be one of error, warn, not 'strict'"],
      [['a.yaml', '--mode', 'warn', '--fail-on', 'error'], '--mode warn and --fail-on error disagree: give --fail-on alone'],
    ];
    for (const [argv, message] of cases) {
      expect({ argv, parsed: parseArgs(argv) }).toEqual({ argv, parsed: { kind: 'error', message } });
      expect(message).not.toContain('\n');
    }
  });

  test('--help, -h and --version win over everything else before `--`', () => {
    expect(parseArgs(['--bogus', '-h'])).toEqual({ kind: 'help' });
    expect(parseArgs(['check', '--help'])).toEqual({ kind: 'help' });
    expect(parseArgs(['--version', 'a.yaml'])).toEqual({ kind: 'version' });
    expect(parseArgs(['--', '--help'])).toMatchObject({ kind: 'check', options: { inputs: ['--help'] } });
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { run } from './run';
import { parseArgs } from '../../src/cli/args';
import { shapesApp, synthesize, tempDir } from '../engine/apps';

const FIXTURES = path.join(__dirname, '..', 'engine', 'fixtures');
const JSON_TEMPLATE = path.join(FIXTURES, 'violations.template.json');
const YAML_TEMPLATE = path.join(FIXTURES, 'violations.template.yaml');

/** A template whose only failures are of WARNING severity. */
function warningsOnlyTemplate(dir: string): string {
  const file = path.join(dir, 'warnings.template.json');
  fs.writeFileSync(file, JSON.stringify({
    Resources: {
      Alarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: { MetricName: 'Errors', Namespace: 'App', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' },
      },
    },
  }, undefined, 2));
  return file;
}

describe('cdk-hipaa check', () => {
  test('text: failures grouped by resource, with message, fix and line; exit 1 on ERROR-severity failures', () => {
    const r = run(['check', 'violations.template.json'], FIXTURES);
    expect(r.code).toEqual(1);
    expect(r.err).toEqual('');
    const blocks = r.out.split('\n\n');
    expect(blocks[0].split('\n')[0]).toEqual('violations.template.json:8  PlainBucket (AWS::S3::Bucket)');
    expect(blocks[0]).toMatch(/ {2}FAIL \(error\) S3.DefaultEncryptionKms: .+\n {4}fix: .+\n {4}45 CFR 164\.312\(a\)\(2\)\(iv\); acknowledge with .*CdkHipaa::S3.DefaultEncryptionKms/);
    expect(blocks[1].split('\n')[0]).toEqual('violations.template.json:11  SshFromAnywhere (AWS::EC2::SecurityGroup)');
    expect(r.out).toMatch(/ {2}UNVERIFIABLE SQS.CustomerManagedKey: /);
    expect(r.out).toContain('5 resources checked: 10 failed (8 of ERROR severity), 1 unverifiable, 0 acknowledged, 17 passed.');
    expect(r.out).toContain('exit code 1');
  });

  test('`check` is optional; --mode warn reports the same and exits 0', () => {
    const r = run([JSON_TEMPLATE, '--mode', 'warn']);
    expect(r.code).toEqual(0);
    expect(r.out).toContain('10 failed (8 of ERROR severity)');
    expect(r.out).not.toContain('exit code 1');
  });

  test('exits 0 when only WARNING-severity controls fail', () => {
    const dir = tempDir('cli-warnings');
    const r = run(['--mode=error', warningsOnlyTemplate(dir)]);
    expect(r.out).toMatch(/FAIL \(warning\) CloudWatch.AlarmAction/);
    expect(r.out).toContain('0 of ERROR severity');
    expect(r.code).toEqual(0);
  });

  test('json: every finding, with a summary', () => {
    const r = run(['check', YAML_TEMPLATE, '--format', 'json']);
    expect(r.code).toEqual(1);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ tool: 'cdk-hipaa', mode: 'error', summary: { pass: 17, fail: 10, unverifiable: 1, acknowledged: 0 } });
    expect(report.findings.find((f: any) => f.controlId === 'EC2.NoPublicAdminPorts')).toMatchObject({
      status: 'FAIL',
      logicalId: 'SshFromAnywhere',
      line: 9,
      template: 'violations.template.yaml',
      severity: 'ERROR',
      file: path.relative(process.cwd(), YAML_TEMPLATE),
    });
  });

  test('--output writes the report to a file and prints the summary', () => {
    const dir = tempDir('cli-output');
    const r = run(['check', JSON_TEMPLATE, '--format', 'json', '--output', 'reports/hipaa.json'], dir);
    expect(r.code).toEqual(1);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'reports', 'hipaa.json'), 'utf8')).summary.fail).toEqual(10);
    expect(r.out).toMatch(/^5 resources checked: 10 failed/);
  });

  test('a cloud assembly: construct paths and acknowledgements from its metadata', () => {
    const app = synthesize('cli', shapesApp);
    const r = run(['check', app.outdir, '--format', 'json']);
    const report = JSON.parse(r.out);
    // Two acknowledgements, and the NO_PHI log group's three stored-PHI controls.
    expect(report.summary.acknowledged).toEqual(5);
    expect(report.findings.find((f: any) => f.status === 'ACKNOWLEDGED' && f.controlId === 'S3.Versioning')).toMatchObject({
      constructPath: 'Producer/Open/Resource', acknowledgedReason: 'Holds rebuildable build artifacts only',
    });
    expect(r.code).toEqual(1);
  });

  test('usage errors exit 2 with the usage', () => {
    for (const argv of [[], ['check'], ['x.json', '--format', 'xml'], ['x.json', '--mode', 'strict'], ['x.json', '--output'], ['x.json', '--bogus']]) {
      const r = run(argv);
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 });
      expect(r.err).toMatch(/^cdk-hipaa: .+\n\nUsage: cdk-hipaa/);
      expect(r.out).toEqual('');
    }
  });

  test('input errors exit 2 with the reason', () => {
    const dir = tempDir('cli-inputs');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "Resources": ');
    expect(run(['missing.json'], dir)).toMatchObject({ code: 2, err: expect.stringMatching(/missing.json does not exist/) });
    expect(run(['broken.json'], dir)).toMatchObject({ code: 2, err: expect.stringMatching(/broken.json: not valid JSON/) });
    expect(run(['.'], dir)).toMatchObject({ code: 2, err: expect.stringMatching(/is not a cloud assembly/) });
  });

  test('files that are not CloudFormation templates exit 2 with one line', () => {
    const dir = tempDir('cli-not-cfn');
    fs.writeFileSync(path.join(dir, 'settings.yaml'), 'name: build\nsteps:\n  - run: make\n');
    fs.writeFileSync(path.join(dir, 'workflow.yaml'), 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\nResources: {}\n');
    fs.writeFileSync(path.join(dir, 'list.json'), '{ "Resources": [] }');
    fs.writeFileSync(path.join(dir, 'sam.yaml'), 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Timeout: 5\nResources: {}\n');
    expect(run(['settings.yaml'], dir)).toMatchObject({ code: 2, err: 'cdk-hipaa: ' + path.join(dir, 'settings.yaml') + ': not a CloudFormation template (it has no Resources section)\n' });
    expect(run(['workflow.yaml'], dir)).toMatchObject({ code: 2, err: expect.stringMatching(/unknown top-level key 'on', 'jobs'/) });
    expect(run(['list.json'], dir)).toMatchObject({ code: 2, err: expect.stringMatching(/no Resources section/) });
    expect(run(['sam.yaml'], dir).code).toBe(0);
  });

  test('--help and --version', () => {
    expect(run(['--help'])).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage: cdk-hipaa \[check\]/) });
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
    expect(run(['--version'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  test('parseArgs reads both --flag value and --flag=value', () => {
    expect(parseArgs(['a.json', '--format=sarif', '--output', 'o.sarif', 'b.yaml'])).toEqual({
      kind: 'check', options: { inputs: ['a.json', 'b.yaml'], format: 'sarif', failOn: 'error', output: 'o.sarif' },
    });
  });
});

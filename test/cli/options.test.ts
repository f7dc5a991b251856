import * as fs from 'fs';
import * as path from 'path';
import { run } from './run';
import { parseXml } from './xml';
import { PROGRESS_MIN_RESOURCES } from '../../src/cli/main';
import { tempDir } from '../engine/apps';

const REPO = path.join(__dirname, '..', '..');
const EXAMPLE = path.join(REPO, 'examples', 'templates', 'buckets.yaml');

function write(dir: string, name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, undefined, 2));
  return file;
}

/** An alarm without actions: a WARNING-severity failure only. */
const ALARM = {
  Type: 'AWS::CloudWatch::Alarm',
  Properties: { MetricName: 'Errors', Namespace: 'App', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' },
};
/** A TLS-only queue whose key comes from a parameter without a value: an ERROR-severity control UNVERIFIABLE, nothing failing. */
const PARAMETER_QUEUE = {
  Parameters: { KeyArn: { Type: 'String' } },
  Resources: {
    Queue: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: { Ref: 'KeyArn' } } },
    QueuePolicy: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [{ Ref: 'Queue' }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
        },
      },
    },
  },
};

describe('--fail-on', () => {
  const dir = tempDir('fail-on');
  const warnings = write(dir, 'warnings.json', { Resources: { Alarm: ALARM } });
  const unverifiable = write(dir, 'unverifiable.json', PARAMETER_QUEUE);
  const errors = path.join(REPO, 'test', 'engine', 'fixtures', 'violations.template.json');

  test('the fixtures fail as intended', () => {
    const statuses = (file: string) => [...new Set(JSON.parse(run([file, '--format', 'json']).out).findings
      .filter((f: any) => f.status !== 'PASS').map((f: any) => `${f.status} ${f.severity}`))].sort();
    expect(statuses(warnings)).toEqual(['FAIL WARNING']);
    expect(statuses(unverifiable)).toEqual(['UNVERIFIABLE ERROR']);
    expect(statuses(errors)).toContain('FAIL ERROR');
  });

  test.each([
    ['error', errors, 1], ['error', warnings, 0], ['error', unverifiable, 0],
    ['warning', errors, 1], ['warning', warnings, 1], ['warning', unverifiable, 1],
    ['none', errors, 0], ['none', warnings, 0], ['none', unverifiable, 0],
  ])('--fail-on %s on %p exits %d', (level, file, code) => {
    const r = run([file, '--fail-on', level]);
    expect(r.code).toEqual(code);
    expect(r.out.includes('exit code 1')).toBe(code === 1);
  });

  test('--fail-on warning passes when every finding passes or is acknowledged', () => {
    const clean = write(dir, 'clean.json', {
      Resources: {
        Alarm: { ...ALARM, Metadata: { cdk_hipaa: { acknowledgements: [{ id: 'CloudWatch.AlarmAction', reason: 'Dashboards only; paging comes from the SLO alarms' }] } } },
      },
    });
    expect(run([clean, '--fail-on', 'warning'])).toMatchObject({ code: 0 });
  });

  test('--mode keeps working: warn never fails, error is the default', () => {
    expect(run([errors, '--mode', 'warn']).code).toEqual(0);
    expect(run([errors, '--mode', 'error']).code).toEqual(1);
    expect(JSON.parse(run([errors, '--mode', 'warn', '--format', 'json']).out)).toMatchObject({ mode: 'warn', failOn: 'none', exitCode: 0 });
  });
});

describe('--parameters', () => {
  const dir = tempDir('parameters-cli');

  test('the list shape and the object shape give values; a parameter without one reads as its Default', () => {
    const list = write(dir, 'dev-list.json', [{ ParameterKey: 'Environment', ParameterValue: 'dev' }]);
    const object = write(dir, 'dev.json', { Environment: 'dev' });
    const versioning = (argv: string[]) => JSON.parse(run([EXAMPLE, '--format', 'json', ...argv]).out).findings
      .find((f: any) => f.logicalId === 'PatientRecords' && f.controlId === 'S3.Versioning').status;
    expect(versioning([])).toEqual('PASS');
    expect(versioning(['--parameters', list])).toEqual('FAIL');
    expect(versioning(['--parameters', object])).toEqual('FAIL');
    expect(versioning(['--parameters', write(dir, 'prod.json', { Environment: 'prod' })])).toEqual('PASS');
  });

  test('a parameter without a value or Default stays unresolved: UNVERIFIABLE; given, it is checked', () => {
    const file = write(dir, 'queue.json', PARAMETER_QUEUE);
    const keyStatus = (argv: string[]) => JSON.parse(run([file, '--format', 'json', ...argv]).out).findings
      .find((f: any) => f.controlId === 'SQS.CustomerManagedKey').status;
    expect(keyStatus([])).toEqual('UNVERIFIABLE');
    expect(keyStatus(['--parameters', write(dir, 'cmk.json', { KeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' })])).toEqual('PASS');
    expect(keyStatus(['--parameters', write(dir, 'aws-managed.json', { KeyArn: 'alias/aws/sqs' })])).toEqual('FAIL');
  });

  test('a parameter no template declares is a warning on standard error', () => {
    const r = run([EXAMPLE, '--parameters', write(dir, 'typo.json', { Enviroment: 'dev' })], dir);
    expect(r.err).toEqual('cdk-hipaa: warning: parameter Enviroment (from ' + path.join(dir, 'typo.json') + ') is declared by no template given\n');
    expect(r.code).toEqual(1);
  });

  test('fails with exit 2 when the file is missing or not a parameter file', () => {
    expect(run([EXAMPLE, '--parameters', 'missing.json'], dir)).toMatchObject({ code: 2, err: expect.stringMatching(/missing.json does not exist/), out: '' });
    write(dir, 'bad.json', '[1]');
    expect(run([EXAMPLE, '--parameters', 'bad.json'], dir)).toMatchObject({ code: 2, err: expect.stringMatching(/bad.json: entry 0 is not an object/) });
  });
});

describe('conditions on the command line', () => {
  const dir = tempDir('conditions-cli');
  const file = write(dir, 'conditional.json', {
    Parameters: { CreateScratch: { Type: 'String', AllowedValues: ['yes', 'no'] } },
    Conditions: { WithScratch: { 'Fn::Equals': [{ Ref: 'CreateScratch' }, 'yes'] } },
    Resources: { Scratch: { Type: 'AWS::S3::Bucket', Condition: 'WithScratch' }, Alarm: ALARM },
  });

  test('a resource whose Condition is false is not checked, and the report says so', () => {
    const r = run([file, '--parameters', write(dir, 'no.json', { CreateScratch: 'no' })]);
    expect(r.out).not.toContain('Scratch (AWS::S3::Bucket)');
    expect(r.out).toContain('Not checked (Condition false): Scratch (WithScratch).');
    expect(r.code).toEqual(0);
    const json = JSON.parse(run([file, '--format', 'json', '--parameters', path.join(dir, 'no.json')]).out);
    expect(json.skipped).toEqual([expect.objectContaining({ logicalId: 'Scratch', condition: 'WithScratch', file: path.relative(process.cwd(), file) })]);
  });

  test('true: checked; undecidable: checked and flagged', () => {
    expect(run([file, '--parameters', write(dir, 'yes.json', { CreateScratch: 'yes' })]).out).toContain('Scratch (AWS::S3::Bucket)');
    const r = run([file]);
    expect(r.out).toContain('Scratch (AWS::S3::Bucket)');
    expect(r.out).toContain('Checked as if created (Condition not decidable without more parameter values): Scratch (WithScratch).');
    expect(r.code).toEqual(1);
  });
});

describe('acknowledgements in Metadata on the command line', () => {
  const dir = tempDir('metadata-cli');
  const file = write(dir, 'acks.json', {
    Resources: {
      Alarm: {
        ...ALARM,
        Metadata: {
          cdk_hipaa: {
            acknowledgements: [
              { id: 'CdkHipaa::CloudWatch.AlarmActions', reason: 'Dashboards only; paging comes from the SLO alarms' },
              { id: 'CloudWatch.AlarmAction', reason: 'tbd' },
            ],
          },
        },
      },
    },
  });

  test('text: an unknown id and a trivial reason are listed in the report, with the closest catalog id; findings stay', () => {
    const r = run([file, '--fail-on', 'warning']);
    expect(r.code).toEqual(1);
    expect(r.err).toEqual('');
    expect(r.out).toMatch(/FAIL \(warning\) CloudWatch.AlarmAction/);
    expect(r.out).toContain('Acknowledgements that clear nothing\n');
    expect(r.out).toContain(`  warning: [CdkHipaa::CloudWatch.AlarmActions] the acknowledgement at ${path.relative(process.cwd(), file)}:3 (acks.json/Alarm) `
      + 'clears nothing: CloudWatch.AlarmActions is not a control of the catalog. Closest catalog ids: CdkHipaa::CloudWatch.AlarmAction');
    expect(r.out).toContain('[CloudWatch.AlarmAction] the acknowledgement at');
    expect(r.out).toContain('clears nothing: it needs a reason of at least 10 characters; it is ignored.');
  });

  test('other formats: a warning line each on standard error, and an entry in the report', () => {
    const r = run([file, '--format', 'json']);
    expect(r.err.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^cdk-hipaa: warning: \[CloudWatch.AlarmAction\] .+ needs a reason/),
      expect.stringMatching(/^cdk-hipaa: warning: \[CdkHipaa::CloudWatch.AlarmActions\] .+ Closest catalog ids: CdkHipaa::CloudWatch.AlarmAction/),
    ]);
    expect(JSON.parse(r.out).acknowledgementProblems).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'UNKNOWN_CONTROL', closest: expect.arrayContaining(['CloudWatch.AlarmAction']) }),
      expect.objectContaining({ kind: 'NO_REASON', id: 'CloudWatch.AlarmAction', reason: 'tbd' }),
    ]));
    const md = run([file, '--format', 'markdown']).out;
    expect(md).toMatch(/\| CdkHipaa::CloudWatch.AlarmActions \| .+acks.json:3 \(acks.json\/Alarm\) \| .+ \| CloudWatch.AlarmActions is not a control/);
    const junit = run([file, '--format', 'junit']).out;
    const systemErr = parseXml(junit).children[0].children.find((c) => c.name === 'system-err')!;
    expect(systemErr.text.split('\n')).toEqual([
      expect.stringMatching(/^warning: \[CloudWatch.AlarmAction\] .+ needs a reason/),
      expect.stringMatching(/^warning: \[CdkHipaa::CloudWatch.AlarmActions\] .+ Closest catalog ids: CdkHipaa::CloudWatch.AlarmAction\.$/),
    ]);
  });
});

describe('progress on standard error', () => {
  const dir = tempDir('progress');
  const resources = Object.fromEntries(Array.from({ length: PROGRESS_MIN_RESOURCES + 20 }, (_, i) => [`Alarm${i}`, ALARM]));
  const many = write(dir, 'many.json', { Resources: resources });

  test('shown and then cleared when standard error is a terminal and there are many resources', () => {
    const r = run([many, '--fail-on', 'none'], dir, { errIsTTY: true });
    expect(r.err).toMatch(/^\rcdk-hipaa: checking resource 1 of 520\.\.\./);
    expect(r.err.endsWith('\r\u001b[2K')).toBe(true);
    expect(r.out).toContain('520 resources checked');
  });

  test('nothing when standard error is not a terminal, or there are few resources', () => {
    expect(run([many, '--fail-on', 'none'], dir).err).toEqual('');
    expect(run([EXAMPLE], dir, { errIsTTY: true }).err).toEqual('');
  });
});

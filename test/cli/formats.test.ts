import * as fs from 'fs';
import * as path from 'path';
import { run } from './run';
import { parseXml, XmlElement } from './xml';
import { attr, text } from '../../src/cli/junit';
import { tempDir } from '../engine/apps';

const REPO = path.join(__dirname, '..', '..');
const EXAMPLE = 'examples/templates/buckets.yaml';
const VIOLATIONS = 'test/engine/fixtures/violations.template.json';

const all = (e: XmlElement, name: string): XmlElement[] => [
  ...e.children.filter((c) => c.name === name),
  ...e.children.flatMap((c) => all(c, name)),
];

/** A bucket that fails, with one finding acknowledged for a reason full of XML's special characters. */
function trickyTemplate(dir: string): string {
  const file = path.join(dir, 'a&b <tricky>.json');
  fs.writeFileSync(file, JSON.stringify({
    Resources: {
      Bucket: {
        Type: 'AWS::S3::Bucket',
        Metadata: { cdk_hipaa: { acknowledgements: [{ id: 'S3.Replication', reason: 'Rebuilt <nightly> | from "source" & \'cache\'\u0001\nsee runbook' }] } },
      },
    },
  }));
  return file;
}

describe('--format junit', () => {
  test('a testsuite per template, a testcase per resource x control, counts that add up', () => {
    const r = run(['check', EXAMPLE, VIOLATIONS, '--format', 'junit'], REPO);
    expect(r.code).toEqual(1);
    const root = parseXml(r.out);
    expect(root.name).toEqual('testsuites');
    const suites = root.children;
    expect(suites.map((s) => [s.name, s.attributes.name, s.attributes.file])).toEqual([
      ['testsuite', 'buckets.yaml', EXAMPLE],
      ['testsuite', 'violations.template.json', VIOLATIONS],
    ]);
    const json = JSON.parse(run(['check', EXAMPLE, VIOLATIONS, '--format', 'json'], REPO).out);
    const cases = all(root, 'testcase');
    expect(cases.length).toEqual(json.findings.length);
    expect(Number(root.attributes.tests)).toEqual(json.findings.length);
    expect(Number(root.attributes.failures)).toEqual(json.summary.fail + json.summary.unverifiable);
    expect(Number(root.attributes.skipped)).toEqual(json.summary.acknowledged);
    for (const suite of suites) {
      const own = all(suite, 'testcase');
      expect(Number(suite.attributes.tests)).toEqual(own.length);
      expect(Number(suite.attributes.failures)).toEqual(own.filter((c) => c.children.some((x) => x.name === 'failure')).length);
      expect(Number(suite.attributes.skipped)).toEqual(own.filter((c) => c.children.some((x) => x.name === 'skipped')).length);
      expect(suite.attributes.errors).toEqual('0');
    }
  });

  test('FAIL is a failure typed by severity, UNVERIFIABLE a failure typed UNVERIFIABLE, ACKNOWLEDGED skipped with the reason, PASS empty', () => {
    const root = parseXml(run(['check', EXAMPLE, VIOLATIONS, '--format', 'junit'], REPO).out);
    const find = (classname: string, control: string) =>
      all(root, 'testcase').find((c) => c.attributes.classname.startsWith(`${classname} (`) && c.attributes.name.startsWith(`${control}:`))!;
    const fail = find('PlainBucket', 'S3.DefaultEncryptionKms');
    expect(fail.attributes).toMatchObject({ file: VIOLATIONS, line: '8', classname: 'PlainBucket (AWS::S3::Bucket)' });
    expect(fail.children.map((c) => [c.name, c.attributes.type])).toEqual([['failure', 'ERROR']]);
    expect(fail.children[0].text).toMatch(/\nfix: .+\n45 CFR 164\.312\(a\)\(2\)\(iv\)\n/);
    expect(find('PlainBucket', 'S3.Replication').children[0].attributes.type).toEqual('WARNING');
    const unverifiable = find('ParameterQueue', 'SQS.CustomerManagedKey');
    expect(unverifiable.children[0].attributes).toMatchObject({ type: 'UNVERIFIABLE', message: expect.stringMatching(/^Could not be verified: /) });
    expect(find('Scratch', 'S3.Replication').children).toEqual([expect.objectContaining({
      name: 'skipped', attributes: { message: 'acknowledged: Scratch space for batch jobs; the inputs are rebuilt from the source systems' },
    })]);
    expect(find('PatientRecords', 'S3.Versioning').children).toEqual([]);
  });

  test('escapes what XML needs escaped, in attributes and text', () => {
    const dir = tempDir('junit');
    trickyTemplate(dir);
    const r = run(['check', 'a&b <tricky>.json', '--format', 'junit'], dir);
    expect(r.out).toContain('name="a&amp;b &lt;tricky&gt;.json"');
    const root = parseXml(r.out);
    expect(root.children[0].attributes.name).toEqual('a&b <tricky>.json');
    const skipped = all(root, 'skipped')[0];
    expect(skipped.attributes.message).toEqual('acknowledged: Rebuilt <nightly> | from "source" & \'cache\'\uFFFD\nsee runbook');
    expect(text('a<b>&c\u0000')).toEqual('a&lt;b&gt;&amp;c\uFFFD');
    expect(attr('"x"\t\'y\'')).toEqual('&quot;x&quot;&#9;&apos;y&apos;');
  });
});

describe('--format markdown', () => {
  test('a summary table per template and the findings grouped by resource', () => {
    const r = run(['check', EXAMPLE, '--format', 'markdown'], REPO);
    expect(r.code).toEqual(1);
    const md = r.out;
    expect(md).toMatch(/^# HIPAA compliance report\n/);
    expect(md).toContain('| buckets.yaml (`examples/templates/buckets.yaml`) | 4 | 27 | 6 | 5 | 0 | 1 |');
    const sections = md.split('\n## ').map((s) => s.split('\n')[0]);
    expect(sections.slice(1)).toEqual(['Summary', 'Findings by resource', 'Acknowledged exceptions', 'Acknowledgements that clear nothing']);
    const findings = md.slice(md.indexOf('## Findings by resource'), md.indexOf('## Acknowledged exceptions'));
    expect(findings.match(/^### .+$/gm)).toEqual(['### Scratch (AWS::S3::Bucket)']);
    expect(findings).toContain('| FAIL | S3.Versioning | ERROR | 164.308(a)(7)(ii)(A), 164.312(c)(1) | versioning is not configured. Fix: Set versioned: true. |');
    expect(findings).toContain('| ACKNOWLEDGED | S3.Replication | WARNING |');
    expect(md).toContain('| S3.Replication | buckets.yaml/Scratch | Scratch space for batch jobs; the inputs are rebuilt from the source systems | buckets.yaml/Scratch |');
  });

  test('table cells escape pipes, line breaks and HTML', () => {
    const dir = tempDir('markdown');
    trickyTemplate(dir);
    const md = run(['check', 'a&b <tricky>.json', '--format', 'markdown'], dir).out;
    const row = md.split('\n').find((l) => l.startsWith('| S3.Replication |'))!;
    expect(row).toContain('Rebuilt &lt;nightly&gt; \\| from "source" &amp; \'cache\'\u0001 see runbook');
    expect(row.split(/(?<!\\)\|/).length).toEqual(6);
  });
});

describe('--format text', () => {
  const tty = (env: Record<string, string | undefined> = {}) => run(['check', EXAMPLE], REPO, { outIsTTY: true, env });

  test('coloured on a terminal', () => {
    const r = tty();
    expect(r.out).toContain('\u001b[31mFAIL (error)\u001b[0m S3.Versioning');
    expect(r.out).toContain('\u001b[33mFAIL (warning)\u001b[0m');
    expect(r.out).toContain('\u001b[1mexamples/templates/buckets.yaml:71  Scratch (AWS::S3::Bucket)\u001b[0m');
  });

  test('plain when NO_COLOR is set, when not a terminal, and in a file', () => {
    expect(tty({ NO_COLOR: '1' }).out).not.toContain('\u001b[');
    expect(tty({ NO_COLOR: '' }).out).toContain('\u001b[');
    expect(run(['check', EXAMPLE], REPO).out).not.toContain('\u001b[');
    const dir = tempDir('text-file');
    run(['check', path.join(REPO, EXAMPLE), '--output', 'r.txt'], dir, { outIsTTY: true });
    expect(fs.readFileSync(path.join(dir, 'r.txt'), 'utf8')).not.toContain('\u001b[');
  });

  test('grouped by resource: failures, acknowledged findings, then a summary line', () => {
    const r = run(['check', EXAMPLE], REPO);
    expect(r.out).toMatch(/^examples\/templates\/buckets.yaml:71 {2}Scratch \(AWS::S3::Bucket\)\n {2}FAIL \(error\) S3.DefaultEncryptionKms: /);
    expect(r.out).toContain('  ACKNOWLEDGED S3.Replication: Scratch space for batch jobs; the inputs are rebuilt from the source systems\n');
    expect(r.out).not.toContain('PatientRecords');
    expect(r.out.trimEnd().split('\n').slice(-2)).toEqual([
      '4 resources checked: 6 failed (5 of ERROR severity), 0 unverifiable, 1 acknowledged, 27 passed.',
      'ERROR-severity controls fail: exit code 1 (--fail-on none reports without failing).',
    ]);
  });

  test('a resource of a stack set\'s inline template is named under the stack set, on its line', () => {
    const r = run(['check', 'test/engine/fixtures/stack-set.template.yaml'], REPO);
    expect(r.out).toContain('test/engine/fixtures/stack-set.template.yaml:4  Baseline/Uploads (AWS::S3::Bucket)\n  FAIL (error) S3.DefaultEncryptionKms: ');
    expect(r.out).toContain('Baseline/Archive (AWS::SQS::Queue)\n  UNVERIFIABLE SQS.CustomerManagedKey: KmsMasterKeyId is {"Fn::Sub":"${ArchiveKeyArn}"}');
    expect(r.out).toContain('test/engine/fixtures/stack-set.template.yaml:42  Remote (AWS::CloudFormation::StackSet)');
    expect(r.code).toBe(1);
  });
});

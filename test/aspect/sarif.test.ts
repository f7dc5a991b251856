import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HipaaAspect, HipaaAspectMode } from '../../src';
import { testApp, testStack } from '../util';

/** The line of this file holding `marker` (the construct calls below are located by text, so edits above them keep the test true). */
function lineOf(marker: string): number {
  const lines = fs.readFileSync(__filename, 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(marker) && !l.includes('lineOf('));
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

function unencryptedBucketApp(acknowledge?: { controlId: string; reason: string }): { app: App; stack: Stack; dir: string } {
  const app = testApp();
  const stack = testStack(app);
  const bucket = new s3.Bucket(stack, 'Phi'); // the unencrypted bucket
  if (acknowledge) Validations.of(bucket).acknowledge({ id: `CdkHipaa::${acknowledge.controlId}`, reason: acknowledge.reason });
  HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN });
  const dir = app.synth().directory;
  return { app, stack, dir };
}

function readSarif(dir: string): any {
  return JSON.parse(fs.readFileSync(path.join(dir, 'TestStack.hipaa-report.sarif'), 'utf8'));
}

describe('HipaaAspect SARIF report', () => {
  test('is written next to the JSON and Markdown reports, as SARIF 2.1.0 with a rule per control that produced a result', () => {
    const { dir } = unencryptedBucketApp();
    for (const ext of ['json', 'md', 'sarif']) expect(fs.existsSync(path.join(dir, `TestStack.hipaa-report.${ext}`))).toBe(true);
    const log = readSarif(dir);
    expect(log.version).toEqual('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const { rules } = log.runs[0].tool.driver;
    const results: any[] = log.runs[0].results;
    expect(results.length).toBeGreaterThan(0);
    // one rule per control that produced a result, and no other
    expect(rules.map((r: any) => r.id).sort()).toEqual([...new Set(results.map((r) => r.ruleId))].sort());
    for (const result of results) {
      expect(rules[result.ruleIndex].id).toEqual(result.ruleId);
      expect(result.properties.status).not.toEqual('PASS');
    }
    // the results agree with the JSON report's failures and unverifiables
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'TestStack.hipaa-report.json'), 'utf8'));
    const open = json.resources.flatMap((r: any) => r.findings.filter((f: any) => f.status === 'FAIL' || f.status === 'UNVERIFIABLE'));
    expect(results.filter((r) => r.properties.status !== 'ACKNOWLEDGED')).toHaveLength(open.length);
  });

  test('the bucket\'s failures point at the line of this file that created the bucket, with its construct path', () => {
    const { dir } = unencryptedBucketApp();
    const failures = readSarif(dir).runs[0].results.filter((r: any) => r.locations[0].logicalLocations[0].fullyQualifiedName === 'TestStack/Phi/Resource');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.some((r: any) => r.properties.status === 'FAIL')).toBe(true);
    for (const result of failures) {
      const physical = result.locations[0].physicalLocation;
      expect(physical.artifactLocation.uri).toMatch(/(^|\/)test\/aspect\/sarif\.test\.ts$/);
      expect(physical.region.startLine).toEqual(lineOf('new s3.Bucket(stack, \'Phi\')'));
      expect(result.locations[0].logicalLocations[0]).toMatchObject({ name: expect.stringMatching(/^Phi/), kind: 'resource' });
    }
  });

  test('an acknowledged finding is a suppressed note with the reason as justification', () => {
    const { dir: before } = unencryptedBucketApp();
    const failure = readSarif(before).runs[0].results.find((r: any) => r.properties.status === 'FAIL' && r.locations[0].logicalLocations[0].fullyQualifiedName === 'TestStack/Phi/Resource');
    expect(failure).toBeDefined();
    const reason = 'This bucket only ever holds public, de-identified sample data.';
    const { dir } = unencryptedBucketApp({ controlId: failure.ruleId, reason });
    const acknowledged = readSarif(dir).runs[0].results.find((r: any) => r.ruleId === failure.ruleId
      && r.locations[0].logicalLocations[0].fullyQualifiedName === 'TestStack/Phi/Resource');
    expect(acknowledged).toMatchObject({
      level: 'note',
      suppressions: [{ kind: 'external', justification: reason }],
      properties: { status: 'ACKNOWLEDGED' },
    });
  });

  test('without a creation stack trace, a result points at the logical id\'s line in the stack\'s template file', () => {
    const app = new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:disable-creation-stack-traces': true } });
    const stack = testStack(app);
    new s3.Bucket(stack, 'Phi');
    HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN });
    const dir = app.synth().directory;
    const result = readSarif(dir).runs[0].results.find((r: any) => r.locations[0].logicalLocations[0].fullyQualifiedName === 'TestStack/Phi/Resource');
    const physical = result.locations[0].physicalLocation;
    expect(path.resolve(process.cwd(), physical.artifactLocation.uri)).toEqual(path.join(dir, 'TestStack.template.json'));
    const templateLines = fs.readFileSync(path.join(dir, 'TestStack.template.json'), 'utf8').split('\n');
    expect(templateLines[physical.region.startLine - 1]).toMatch(new RegExp(`^\\s*"${result.locations[0].logicalLocations[0].name}": \\{`));
  });

  test('report: false writes no SARIF file', () => {
    const app = testApp();
    const stack = testStack(app);
    new s3.Bucket(stack, 'Phi');
    HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
    const dir = app.synth().directory;
    expect(fs.existsSync(path.join(dir, 'TestStack.hipaa-report.sarif'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'TestStack.template.json'))).toBe(true);
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AspectPriority, Aspects, CfnParameter, CfnResource, NestedStack, RemovalPolicy, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { Construct } from 'constructs';
import { HipaaAspect, HipaaAspectMode, HipaaControls, HipaaFindingStatus, HipaaKey } from '../../src';
import { TEST_ENV, testApp, testStack } from '../util';

const VERSIONING = 'CdkHipaa::S3.Versioning';

function statusOf(aspect: HipaaAspect, controlId: string, pathPrefix: string): string | undefined {
  return aspect.findings.find((f) => f.controlId === controlId && f.constructPath.startsWith(pathPrefix))?.status;
}

describe('HipaaAspect', () => {
  test('ERROR mode reports failures as synth errors (cdk synth exits 1) naming path, control, citation and fix', () => {
    const app = testApp();
    const stack = testStack(app);
    new s3.Bucket(stack, 'Plain');
    HipaaAspect.applyTo(stack);
    const errors = Annotations.fromStack(stack).findError('/TestStack/Plain/Resource', Match.stringLikeRegexp('CdkHipaa::S3\\.Versioning'));
    expect(errors).toHaveLength(1);
    expect(errors[0].entry.data).toBe('[CdkHipaa::S3.Versioning] Versioning is not configured. '
      + 'Why it matters for PHI: 45 CFR 164.308(a)(7)(ii)(A) (Contingency plan: data backup plan) and 164.312(c)(1) (Integrity) ask for it. '
      + 'Fix: Set versioned: true. '
      + 'If this is a reviewed decision, acknowledge it on the resource or an ancestor: '
      + "Validations.of(construct).acknowledge({ id: 'CdkHipaa::S3.Versioning', reason: '...' }). (CdkHipaa::S3.Versioning)");
  });

  describe('messages: sentences a person acts on', () => {
    test('say why it matters with the control\'s rationale when it has one', () => {
      const app = testApp();
      const stack = testStack(app);
      new s3.Bucket(stack, 'Plain', { removalPolicy: RemovalPolicy.DESTROY });
      HipaaAspect.applyTo(stack, { report: false });
      const [error] = Annotations.fromStack(stack).findError('/TestStack/Plain/Resource', Match.stringLikeRegexp('CdkHipaa::S3\\.DataRetained'));
      const rationale = HipaaControls.all().find((c) => c.id === 'S3.DataRetained')!.rationale!;
      expect(rationale).toBeDefined();
      expect(error.entry.data).toContain(`Why it matters for PHI: ${rationale}`);
    });

    test('never point at a mechanism that does not clear the finding: no "[ack: ...]" (Annotations.acknowledgeWarning); the CLI reads the id from the end', () => {
      const app = testApp();
      const stack = testStack(app);
      new s3.Bucket(stack, 'Plain');
      HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
      const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('CdkHipaa::'));
      expect(warnings.length).toBeGreaterThan(3);
      for (const w of warnings) {
        const data = String(w.entry.data);
        expect(data).not.toContain('[ack:');
        const id = /^\[(CdkHipaa::[A-Za-z0-9]+\.[A-Za-z0-9]+)\]/.exec(data)![1];
        // The acknowledgement that clears it, then the id where the CDK CLI looks for it ("Acknowledge with '<id>'").
        expect(data.endsWith(`Validations.of(construct).acknowledge({ id: '${id}', reason: '...' }). (${id})`)).toBe(true);
      }
    });

    test('the acknowledgement the message names clears the finding', () => {
      const app = testApp();
      const stack = testStack(app);
      const bucket = new s3.Bucket(stack, 'Plain', { versioned: true });
      Validations.of(bucket).acknowledge({ id: 'CdkHipaa::S3.Replication', reason: 'AWS Backup copies it to a second region' });
      HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
      Annotations.fromStack(stack).hasNoWarning('/TestStack/Plain/Resource', Match.stringLikeRegexp('CdkHipaa::S3\\.Replication'));
    });
  });

  test('WARN mode turns every finding into a warning', () => {
    const app = testApp();
    const stack = testStack(app);
    new s3.Bucket(stack, 'Plain');
    HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
    expect(() => app.synth()).not.toThrow();
    Annotations.fromStack(stack).hasWarning('/TestStack/Plain/Resource', Match.stringLikeRegexp('CdkHipaa::S3\\.Versioning'));
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
  });

  test('WARNING-severity controls never fail synth', () => {
    const app = testApp();
    const stack = testStack(app);
    new s3.Bucket(stack, 'B', { versioned: true });
    const aspect = HipaaAspect.applyTo(stack, { report: false });
    app.synth();
    expect(statusOf(aspect, 'S3.NoncurrentVersionLifecycle', 'TestStack/B/')).toBe(HipaaFindingStatus.FAIL);
    Annotations.fromStack(stack).hasWarning('/TestStack/B/Resource', Match.stringLikeRegexp('S3\\.NoncurrentVersionLifecycle'));
  });

  test('checks resources matched by CloudFormation type, not L1 class', () => {
    const app = testApp();
    const stack = testStack(app);
    new CfnResource(stack, 'Raw', { type: 'AWS::S3::Bucket', properties: { VersioningConfiguration: { Status: 'Suspended' } } });
    const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
    app.synth();
    expect(statusOf(aspect, 'S3.Versioning', 'TestStack/Raw')).toBe(HipaaFindingStatus.FAIL);
  });

  test('sees escape-hatch overrides', () => {
    const app = testApp();
    const stack = testStack(app);
    const bucket = new s3.Bucket(stack, 'B', { versioned: true });
    (bucket.node.defaultChild as s3.CfnBucket).addPropertyDeletionOverride('VersioningConfiguration');
    const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
    app.synth();
    expect(statusOf(aspect, 'S3.Versioning', 'TestStack/B/')).toBe(HipaaFindingStatus.FAIL);
  });

  test('runs after mutating aspects (read-only priority)', () => {
    const app = testApp();
    const stack = testStack(app);
    new s3.CfnBucket(stack, 'B');
    const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
    Aspects.of(stack).add({
      visit: (node) => {
        if (node instanceof s3.CfnBucket) node.versioningConfiguration = { status: 'Enabled' };
      },
    }, { priority: AspectPriority.MUTATING });
    app.synth();
    expect(statusOf(aspect, 'S3.Versioning', 'TestStack/B')).toBe(HipaaFindingStatus.PASS);
  });

  describe('runs once, over the templates synthesis writes', () => {
    test('sees resources an aspect of the same priority adds after it has visited', () => {
      const app = testApp();
      const stack = testStack(app);
      const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
      let added = false;
      Aspects.of(stack).add({
        visit: (node) => {
          if (node !== stack || added) return;
          added = true;
          new s3.CfnBucket(stack, 'Late');
        },
      }, { priority: AspectPriority.READONLY });
      app.synth();
      expect(statusOf(aspect, 'S3.Versioning', 'TestStack/Late')).toBe(HipaaFindingStatus.FAIL);
      Annotations.fromStack(stack).hasWarning('/TestStack/Late', Match.stringLikeRegexp('CdkHipaa::S3\\.Versioning'));
    });

    test('without the logical id metadata synthesis usually records, findings still name construct paths', () => {
      const app = new App({ builtinCloudFormationValidation: false, context: { 'aws:cdk:disable-logicalId-metadata': true } });
      const stack = testStack(app);
      new s3.Bucket(stack, 'Plain');
      const aspect = HipaaAspect.applyTo(stack, { report: false });
      app.synth();
      expect(statusOf(aspect, 'S3.Versioning', 'TestStack/Plain/Resource')).toBe(HipaaFindingStatus.FAIL);
      Annotations.fromStack(stack).hasError('/TestStack/Plain/Resource', Match.stringLikeRegexp('CdkHipaa::S3\\.Versioning'));
    });

    test('reads what was written: an override made after synthesis started is the one checked', () => {
      const app = testApp();
      const stack = testStack(app);
      const bucket = new s3.CfnBucket(stack, 'B');
      const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
      // A mutating aspect that runs after HipaaAspect has visited the bucket (lower priority runs first).
      Aspects.of(stack).add({
        visit: (node) => { if (node === bucket) bucket.addPropertyOverride('VersioningConfiguration.Status', 'Enabled'); },
      }, { priority: AspectPriority.READONLY + 1 });
      app.synth();
      expect(statusOf(aspect, 'S3.Versioning', 'TestStack/B')).toBe(HipaaFindingStatus.PASS);
    });

    test('findings are the same on a second synthesis', () => {
      const app = testApp();
      const stack = testStack(app);
      new s3.Bucket(stack, 'Plain');
      const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
      app.synth();
      const first = aspect.findings;
      app.synth({ force: true });
      expect(aspect.findings).toEqual(first);
      expect(Annotations.fromStack(stack).findWarning('/TestStack/Plain/Resource', Match.stringLikeRegexp('CdkHipaa::S3\\.Versioning'))).toHaveLength(1);
    });
  });

  describe('acknowledgements', () => {
    test('on the resource: suppressed, reported with reason and place', () => {
      const app = testApp();
      const stack = testStack(app);
      const bucket = new s3.Bucket(stack, 'B');
      Validations.of(bucket).acknowledge({ id: VERSIONING, reason: 'Scratch bucket for rendered thumbnails, no PHI' });
      const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
      app.synth();
      const finding = aspect.findings.find((f) => f.controlId === 'S3.Versioning')!;
      expect(finding.status).toBe(HipaaFindingStatus.ACKNOWLEDGED);
      expect(finding.acknowledgedReason).toBe('Scratch bucket for rendered thumbnails, no PHI');
      expect(finding.acknowledgedAt).toBe('TestStack/B');
      Annotations.fromStack(stack).hasNoWarning('/TestStack/B/Resource', Match.stringLikeRegexp('S3\\.Versioning'));
    });

    test('on the stack or the app: applies to everything below', () => {
      const app = testApp();
      const stack = testStack(app);
      new s3.Bucket(stack, 'B');
      Validations.of(app).acknowledge({ id: VERSIONING, reason: 'Whole app is a demo without PHI' });
      const aspect = HipaaAspect.applyTo(app, { mode: HipaaAspectMode.WARN, report: false });
      app.synth();
      expect(statusOf(aspect, 'S3.Versioning', 'TestStack/B/')).toBe(HipaaFindingStatus.ACKNOWLEDGED);
      expect(aspect.findings.find((f) => f.controlId === 'S3.Versioning')!.acknowledgedAt).toBe('');
    });

    test('an acknowledgement without a real reason is an error and is ignored', () => {
      const app = testApp();
      const stack = testStack(app);
      const bucket = new s3.Bucket(stack, 'B');
      Validations.of(bucket).acknowledge({ id: VERSIONING, reason: 'todo' });
      const aspect = HipaaAspect.applyTo(stack, { report: false });
      app.synth();
      expect(statusOf(aspect, 'S3.Versioning', 'TestStack/B/')).toBe(HipaaFindingStatus.FAIL);
      Annotations.fromStack(stack).hasError('/TestStack/B', Match.stringLikeRegexp('needs a reason of at least 10 characters'));
    });

    test('cdk-nag acknowledgements do not silence cdk-hipaa controls', () => {
      const app = testApp();
      const stack = testStack(app);
      const bucket = new s3.Bucket(stack, 'B');
      Validations.of(bucket).acknowledge({ id: 'HIPAA.Security::HIPAA.Security-S3BucketVersioningEnabled', reason: 'Versioning handled elsewhere' });
      const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
      app.synth();
      expect(statusOf(aspect, 'S3.Versioning', 'TestStack/B/')).toBe(HipaaFindingStatus.FAIL);
    });
  });

  test('unresolvable values are unverifiable warnings, not passes', () => {
    const app = testApp();
    const stack = testStack(app);
    const param = new CfnParameter(stack, 'Status', { type: 'String' });
    new s3.CfnBucket(stack, 'B', { versioningConfiguration: { status: param.valueAsString } });
    const aspect = HipaaAspect.applyTo(stack, { report: false });
    app.synth();
    expect(statusOf(aspect, 'S3.Versioning', 'TestStack/B')).toBe(HipaaFindingStatus.UNVERIFIABLE);
    Annotations.fromStack(stack).hasWarning('/TestStack/B', Match.stringLikeRegexp('S3\\.Versioning\\] Cannot be verified at synth: '));
  });

  test('covers every stack of an app, nested stacks included', () => {
    const app = testApp();
    const a = testStack(app, 'A');
    const b = testStack(app, 'B');
    const nested = new NestedStack(b, 'Nested');
    new s3.CfnBucket(a, 'BucketA');
    new s3.CfnBucket(nested, 'BucketN');
    const aspect = HipaaAspect.applyTo(app, { mode: HipaaAspectMode.WARN, report: false });
    app.synth();
    expect(statusOf(aspect, 'S3.Versioning', 'A/BucketA')).toBe(HipaaFindingStatus.FAIL);
    expect(statusOf(aspect, 'S3.Versioning', 'B/Nested/BucketN')).toBe(HipaaFindingStatus.FAIL);
  });

  test('the library\'s own key passes the KMS controls', () => {
    const app = testApp();
    const stack = testStack(app);
    new HipaaKey(stack, 'Key');
    const aspect = HipaaAspect.applyTo(stack, { report: false });
    app.synth();
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
    const kms = aspect.findings.filter((f) => f.controlId.startsWith('KMS.'));
    expect(kms.length).toBeGreaterThanOrEqual(4);
    expect(kms.filter((f) => f.status !== HipaaFindingStatus.PASS)).toEqual([]);
  });

  test('is applied once however many times the scope is visited; Aspects.of().add works without a priority', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'S', { env: TEST_ENV });
    new s3.CfnBucket(stack, 'B');
    const aspect = new HipaaAspect({ mode: HipaaAspectMode.WARN, report: false });
    Aspects.of(stack).add(aspect);
    app.synth();
    expect(aspect.findings.filter((f) => f.controlId === 'S3.Versioning')).toHaveLength(1);
  });

  describe('report', () => {
    test('writes JSON and Markdown per stack into the cloud assembly', () => {
      const app = testApp();
      const stack = testStack(app);
      new HipaaKey(stack, 'Key');
      const bucket = new s3.Bucket(stack, 'B', { versioned: true });
      Validations.of(bucket).acknowledge({ id: 'CdkHipaa::S3.Replication', reason: 'Versioning and AWS Backup are the recovery plan' });
      HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN });
      const assembly = app.synth();

      const json = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'TestStack.hipaa-report.json'), 'utf8'));
      expect(json).toMatchObject({ schemaVersion: '1', generator: 'cdk-hipaa', stack: 'TestStack', mode: 'WARN' });
      const all = json.resources.flatMap((r: any) => r.findings);
      expect(json.totals.evaluations).toBe(all.length);
      expect(json.totals.pass + json.totals.fail + json.totals.acknowledged + json.totals.unverifiable).toBe(all.length);
      expect(json.totals.fail).toBe(all.filter((f: any) => f.status === 'FAIL').length);
      expect(json.totals.acknowledged).toBe(1);
      expect(json.acknowledgements).toEqual([{
        controlId: 'S3.Replication', reason: 'Versioning and AWS Backup are the recovery plan', at: 'TestStack/B', resources: ['TestStack/B/Resource'],
      }]);
      expect(json.resources.map((r: any) => r.type)).toEqual(expect.arrayContaining(['AWS::KMS::Key', 'AWS::S3::Bucket']));
      const encryption = json.sections.find((s: any) => s.citation === '164.312(a)(2)(iv)');
      expect(encryption.name).toBe('Access control: encryption and decryption');
      expect(encryption.controls).toEqual(expect.arrayContaining(['KMS.KeyRotation', 'S3.DefaultEncryptionKms']));

      const md = fs.readFileSync(path.join(assembly.directory, 'TestStack.hipaa-report.md'), 'utf8');
      expect(md).toMatch(/^# HIPAA compliance report: TestStack/);
      expect(md).toContain('| S3.Replication | Versioning and AWS Backup are the recovery plan | TestStack/B | TestStack/B/Resource |');
      expect(md).toMatch(/\| TestStack\/B\/Resource \| S3\.DefaultEncryptionKms \| 164\.312\(a\)\(2\)\(iv\) \|/);
    });

    test('a stack with nothing to check gets a report saying 0 resources assessed', () => {
      const app = testApp();
      const stack = testStack(app);
      new CfnResource(stack, 'Handle', { type: 'AWS::CloudFormation::WaitConditionHandle' });
      HipaaAspect.applyTo(stack);
      const assembly = app.synth();
      const json = readReport(assembly.directory, 'TestStack');
      expect(json).toMatchObject({ stack: 'TestStack', scope: 'TestStack', resources: [], acknowledgements: [] });
      expect(json.totals).toMatchObject({ examined: 1, resources: 0, evaluations: 0, pass: 0, fail: 0 });
      expect(fs.readFileSync(path.join(assembly.directory, 'TestStack.hipaa-report.md'), 'utf8')).toContain('(0 resources assessed)');
    });

    test('report: false writes nothing', () => {
      const app = testApp();
      const stack = testStack(app);
      new HipaaKey(stack, 'Key');
      HipaaAspect.applyTo(stack, { report: false });
      const assembly = app.synth();
      expect(fs.existsSync(path.join(assembly.directory, 'TestStack.hipaa-report.json'))).toBe(false);
    });
  });

  describe('reports: one per stack, in the cloud assembly of the stack\'s own stage', () => {
    test('applyTo(app): every stack of the app, an empty one included', () => {
      const app = testApp();
      new s3.CfnBucket(testStack(app, 'A'), 'Bucket');
      testStack(app, 'Empty');
      HipaaAspect.applyTo(app, { mode: HipaaAspectMode.WARN });
      const assembly = app.synth();
      expect(reportFiles(assembly.directory)).toEqual(['A.hipaa-report.json', 'Empty.hipaa-report.json']);
      expect(readReport(assembly.directory, 'A').totals).toMatchObject({ examined: 1, resources: 1 });
      expect(readReport(assembly.directory, 'A').resources.map((r: any) => r.path)).toEqual(['A/Bucket']);
      expect(readReport(assembly.directory, 'Empty').totals).toMatchObject({ examined: 0, resources: 0, evaluations: 0 });
    });

    test('applyTo(stage): into the stage\'s assembly, not its parent\'s', () => {
      const app = testApp();
      const stage = new Stage(app, 'Prod');
      const unchecked = testStack(app, 'Unchecked');
      new s3.CfnBucket(unchecked, 'Bucket');
      const api = new Stack(stage, 'Api', { env: TEST_ENV });
      new s3.CfnBucket(api, 'Bucket');
      HipaaAspect.applyTo(stage, { mode: HipaaAspectMode.WARN });
      const assembly = app.synth();
      const stageDir = assembly.getNestedAssembly(stage.artifactId).directory;
      expect(reportFiles(stageDir)).toEqual([`${api.artifactId}.hipaa-report.json`]);
      expect(reportFiles(assembly.directory)).toEqual([]);
      expect(readReport(stageDir, api.artifactId).resources.map((r: any) => r.path)).toEqual(['Prod/Api/Bucket']);
      expect(Annotations.fromStack(unchecked).findWarning('*', Match.anyValue())).toEqual([]);
    });

    test('applyTo(app) reaches the stacks of the stages under it, each in its own assembly', () => {
      const app = testApp();
      const top = testStack(app, 'Top');
      const stage = new Stage(app, 'Prod');
      const api = new Stack(stage, 'Api', { env: TEST_ENV });
      new s3.CfnBucket(top, 'Bucket');
      new s3.CfnBucket(api, 'Bucket');
      HipaaAspect.applyTo(app, { mode: HipaaAspectMode.WARN });
      const assembly = app.synth();
      const stageDir = assembly.getNestedAssembly(stage.artifactId).directory;
      expect(reportFiles(assembly.directory)).toEqual(['Top.hipaa-report.json']);
      expect(reportFiles(stageDir)).toEqual([`${api.artifactId}.hipaa-report.json`]);
      expect(readReport(stageDir, api.artifactId).resources.map((r: any) => r.path)).toEqual(['Prod/Api/Bucket']);
    });

    test('applyTo(stack): that stack only, one report', () => {
      const app = testApp();
      const a = testStack(app, 'A');
      new s3.CfnBucket(a, 'Bucket');
      new s3.CfnBucket(testStack(app, 'B'), 'Bucket');
      HipaaAspect.applyTo(a, { mode: HipaaAspectMode.WARN });
      const assembly = app.synth();
      expect(reportFiles(assembly.directory)).toEqual(['A.hipaa-report.json']);
      expect(fs.existsSync(path.join(assembly.directory, 'A.hipaa-report.md'))).toBe(true);
    });

    test('applied to a construct inside a stack: that stack\'s report covers the construct', () => {
      const app = testApp();
      const stack = testStack(app);
      const legacy = new Construct(stack, 'Legacy');
      new s3.CfnBucket(legacy, 'Bucket');
      new s3.CfnBucket(stack, 'Other');
      HipaaAspect.applyTo(legacy, { mode: HipaaAspectMode.WARN });
      const assembly = app.synth();
      expect(reportFiles(assembly.directory)).toEqual(['TestStack.hipaa-report.json']);
      const json = readReport(assembly.directory, 'TestStack');
      expect(json.scope).toBe('TestStack/Legacy');
      expect(json.resources.map((r: any) => r.path)).toEqual(['TestStack/Legacy/Bucket']);
    });

    test('applied to every stack, nested ones included: one report per stack, each resource annotated once', () => {
      const app = testApp();
      const parent = testStack(app, 'Parent');
      const nested = new NestedStack(parent, 'Nested');
      new s3.CfnBucket(parent, 'Bucket');
      new s3.CfnBucket(nested, 'Bucket');
      for (const stack of [parent, nested]) HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN });
      HipaaAspect.applyTo(app, { mode: HipaaAspectMode.WARN });
      const assembly = app.synth();

      expect(reportFiles(assembly.directory)).toEqual([`${nested.artifactId}.hipaa-report.json`, 'Parent.hipaa-report.json'].sort());
      expect(readReport(assembly.directory, 'Parent').resources.map((r: any) => r.path)).toEqual(['Parent/Bucket']);
      expect(readReport(assembly.directory, nested.artifactId).resources.map((r: any) => r.path)).toEqual(['Parent/Nested/Bucket']);
      for (const bucket of ['/Parent/Bucket', '/Parent/Nested/Bucket']) {
        const versioning = Annotations.fromStack(parent).findWarning(bucket, Match.stringLikeRegexp('CdkHipaa::S3\\.Versioning'));
        expect(versioning).toHaveLength(1);
      }
    });
  });
});

function reportFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.hipaa-report.json')).sort();
}

function readReport(dir: string, stackId: string): any {
  return JSON.parse(fs.readFileSync(path.join(dir, `${stackId}.hipaa-report.json`), 'utf8'));
}

test('reads resources whose logical id is overridden', () => {
  const app = testApp();
  const stack = testStack(app);
  const bucket = new s3.CfnBucket(stack, 'B', { versioningConfiguration: { status: 'Enabled' } });
  bucket.overrideLogicalId('MyVersionedBucket');
  const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
  app.synth();
  const finding = aspect.findings.find((f) => f.controlId === 'S3.Versioning')!;
  expect(finding.logicalId).toBe('MyVersionedBucket');
  expect(finding.status).toBe(HipaaFindingStatus.PASS);
});

test('sees resources that other aspects add while it runs', () => {
  const app = testApp();
  const stack = testStack(app);
  new s3.Bucket(stack, 'A', { versioned: true });
  const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
  // An aspect that gives every bucket a TLS-only policy as it reaches it.
  Aspects.of(stack).add({
    visit: (node) => {
      if (node instanceof s3.CfnBucket && !node.node.scope!.node.tryFindChild('TlsPolicy')) {
        new s3.CfnBucketPolicy(node.node.scope!, 'TlsPolicy', {
          bucket: node.ref,
          policyDocument: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
        });
      }
    },
  }, { priority: AspectPriority.MUTATING });
  app.synth();
  expect(statusOf(aspect, 'S3.TlsOnly', 'TestStack/A/')).toBe(HipaaFindingStatus.PASS);
});

test('checks resources of an included CloudFormation template', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-include-'));
  const file = path.join(dir, 'legacy.json');
  fs.writeFileSync(file, JSON.stringify({
    Resources: { LegacyBucket: { Type: 'AWS::S3::Bucket', Properties: { VersioningConfiguration: { Status: 'Suspended' } } } },
  }));
  const app = testApp();
  const stack = testStack(app);
  new CfnInclude(stack, 'Legacy', { templateFile: file });
  const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
  app.synth();
  const finding = aspect.findings.find((f) => f.controlId === 'S3.Versioning')!;
  expect(finding.logicalId).toBe('LegacyBucket');
  expect(finding.status).toBe(HipaaFindingStatus.FAIL);
});

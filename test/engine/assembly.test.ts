import * as fs from 'fs';
import * as path from 'path';
import { Stack, Validations } from 'aws-cdk-lib';
import { shapesApp, synthesize } from './apps';
import { AcknowledgementProblemKind, evaluateTemplateInputs, evaluateTemplates, loadCloudAssembly, loadInputs, TemplateFinding } from '../../src/engine';

describe('a cloud assembly', () => {
  const app = synthesize('assembly', shapesApp);
  const inputs = loadCloudAssembly(app.outdir);
  const findings = evaluateTemplates(inputs);
  const find = (controlId: string, constructPath: string): TemplateFinding => {
    const found = findings.find((f) => f.controlId === controlId && f.constructPath === constructPath);
    if (!found) throw new Error(`no ${controlId} finding on ${constructPath}`);
    return found;
  };

  test('synth records acknowledgements and classifications in the metadata the engine reads', () => {
    const types = new Set((inputs.metadata ?? []).map((m) => `${m.path} ${m.type}`));
    expect(types).toContain('Producer/Open aws:cdk:acknowledged-rules');
    expect(types).toContain('Consumer/Queues aws:cdk:acknowledged-rules');
    expect(types).toContain('Agnostic/Scratch cdk_hipaa:data-classification');
  });

  test('reads every stack: nested stacks and stages included, with their environments', () => {
    expect(inputs.templates.map((t) => [t.stackKey, t.account, t.region]).sort()).toEqual([
      ['Agnostic', undefined, undefined],
      ['Consumer', '123456789012', 'us-east-1'],
      ['Consumer/Queues', '123456789012', 'us-east-1'],
      ['Prod/Inner', '123456789012', 'us-east-1'],
      ['Producer', '123456789012', 'us-east-1'],
    ]);
    expect(path.basename(inputs.templates.find((t) => t.stackKey === 'Consumer/Queues')!.file!)).toMatch(/\.nested\.template\.json$/);
  });

  test('an acknowledgement on the resource is honoured with its reason', () => {
    expect(find('S3.Versioning', 'Producer/Open/Resource')).toMatchObject({
      status: 'ACKNOWLEDGED', acknowledgedReason: 'Holds rebuildable build artifacts only', acknowledgedAt: 'Producer/Open',
    });
  });

  test('an acknowledgement on a nested stack covers everything under it', () => {
    expect(find('SQS.CustomerManagedKey', 'Consumer/Queues/Plain/Resource')).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedAt: 'Consumer/Queues' });
    expect(find('SQS.TlsOnly', 'Consumer/Queues/Plain/Resource').status).toEqual('FAIL');
  });

  test('fails when the acknowledgement gives no real reason', () => {
    expect(find('S3.Replication', 'Producer/Open/Resource').status).toEqual('FAIL');
  });

  test('a NO_PHI classification acknowledges the controls that protect stored PHI', () => {
    const retention = findings.filter((f) => f.constructPath === 'Agnostic/Scratch/Resource' && f.status === 'ACKNOWLEDGED');
    expect(retention.length).toBeGreaterThan(0);
    expect(retention[0].acknowledgedReason).toMatch(/^classified as holding no PHI: Logs of the marketing site renderer/);
  });

  test('a value from a parameter is unverifiable', () => {
    expect(find('EC2.VolumeCustomerManagedKey', 'Agnostic/Volume').status).toEqual('UNVERIFIABLE');
  });

  test('a nested stack sees its parent\'s resources through its parameters', () => {
    // Jobs uses the parent stack's key: passed as a nested stack parameter, read as the parent's key.
    expect(find('SQS.CustomerManagedKey', 'Consumer/Queues/Jobs/Resource').status).toEqual('PASS');
  });

  test('a stack sees another stack\'s resources through their exports', () => {
    expect(find('S3.AccessLogging', 'Consumer/Data/Resource').status).toEqual('PASS');
  });

  test('without the assembly, the same templates have no construct paths and no acknowledgements', () => {
    const files = inputs.templates.map((t) => t.file!);
    const plain = evaluateTemplates(loadInputs(files));
    expect(plain.filter((f) => f.constructPath !== undefined)).toEqual([]);
    expect(plain.filter((f) => f.status === 'ACKNOWLEDGED')).toEqual([]);
    const open = plain.find((f) => f.controlId === 'S3.Versioning' && f.logicalId === find('S3.Versioning', 'Producer/Open/Resource').logicalId)!;
    expect(open.status).toEqual('FAIL');
    expect(fs.readFileSync(open.file!, 'utf8').split('\n')[open.line! - 1]).toContain(`"${open.logicalId}": {`);
  });

  test('a directory without manifest.json is refused', () => {
    expect(() => loadCloudAssembly(path.dirname(app.outdir))).toThrow(/is not a cloud assembly: it has no manifest.json/);
  });
});

describe('acknowledgements in a cloud assembly that clear nothing', () => {
  const app = synthesize('assembly-acks', (a) => {
    shapesApp(a);
    const stack = a.node.findChild('Producer') as Stack;
    Validations.of(stack).acknowledge({ id: 'CdkHipaa::S3.Versionig', reason: 'A typo of the versioning control id' });
    Validations.of(stack).acknowledge({ id: 'CdkHipaa::SQS.TlsOnly', reason: 'No queue lives in this stack at all' });
  });
  const problems = evaluateTemplateInputs(loadCloudAssembly(app.outdir)).acknowledgementProblems;

  test('an unknown id is reported with the closest catalog id', () => {
    expect(problems).toContainEqual(expect.objectContaining({
      kind: AcknowledgementProblemKind.UNKNOWN_CONTROL, id: 'CdkHipaa::S3.Versionig', at: 'Producer', closest: expect.arrayContaining(['S3.Versioning']),
    }));
  });

  test('an acknowledgement under which nothing fails is stale', () => {
    expect(problems).toContainEqual(expect.objectContaining({ kind: AcknowledgementProblemKind.STALE, id: 'CdkHipaa::SQS.TlsOnly', at: 'Producer' }));
  });

  test('an acknowledgement without a real reason is reported where it would clear a failure', () => {
    expect(problems).toContainEqual(expect.objectContaining({ kind: AcknowledgementProblemKind.NO_REASON, id: 'CdkHipaa::S3.Replication', at: 'Producer/Open' }));
  });

  test('the acknowledgements that clear something are not reported', () => {
    expect(problems.filter((p) => p.id === 'CdkHipaa::S3.Versioning' || p.id === 'CdkHipaa::SQS.CustomerManagedKey')).toEqual([]);
  });
});

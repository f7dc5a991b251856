import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './apps';
import {
  AcknowledgementProblemKind, closestControlIds, evaluateTemplateInputs, metadataAcknowledgements, readParameterFile, TemplateInputs,
} from '../../src/engine';

/** A template of one unencrypted, unlogged bucket with `acknowledgements` in its Metadata. */
function bucketWith(acknowledgements: unknown, file?: string): TemplateInputs {
  return {
    templates: [{
      name: 't.yaml',
      stackKey: 't',
      ...(file ? { file } : {}),
      lines: new Map([['Bucket', 4]]),
      template: { Resources: { Bucket: { Type: 'AWS::S3::Bucket', Metadata: { cdk_hipaa: { acknowledgements } } } } },
    }],
  };
}

const finding = (inputs: TemplateInputs, controlId: string) => evaluateTemplateInputs(inputs).findings.find((f) => f.controlId === controlId)!;

describe('acknowledgements in a resource\'s Metadata', () => {
  test('an id with or without the namespace and a meaningful reason acknowledges that finding on that resource', () => {
    const inputs = bucketWith([
      { id: 'CdkHipaa::S3.AccessLogging', reason: 'Access is logged by the CloudTrail data events of the account' },
      { id: 'S3.Versioning', reason: 'Objects are immutable exports rebuilt nightly' },
    ]);
    const evaluation = evaluateTemplateInputs(inputs);
    expect(finding(inputs, 'S3.AccessLogging')).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedReason: 'Access is logged by the CloudTrail data events of the account',
      acknowledgedAt: 't.yaml/Bucket',
      message: expect.any(String),
    });
    expect(finding(inputs, 'S3.Versioning').status).toEqual('ACKNOWLEDGED');
    expect(finding(inputs, 'S3.TlsOnly').status).toEqual('FAIL');
    expect(evaluation.acknowledgementProblems).toEqual([]);
  });

  test('fails when the reason is trivial: the finding stays FAIL and the acknowledgement is reported', () => {
    const inputs = bucketWith([{ id: 'S3.AccessLogging', reason: 'ok' }], '/x/t.yaml');
    expect(finding(inputs, 'S3.AccessLogging').status).toEqual('FAIL');
    expect(evaluateTemplateInputs(inputs).acknowledgementProblems).toEqual([{
      kind: AcknowledgementProblemKind.NO_REASON,
      id: 'S3.AccessLogging',
      reason: 'ok',
      at: 't.yaml/Bucket',
      file: '/x/t.yaml',
      line: 4,
      problem: 'it needs a reason of at least 10 characters; it is ignored.',
    }]);
  });

  test('an id that is not a catalog id is reported with the closest catalog ids, and acknowledges nothing', () => {
    const inputs = bucketWith([{ id: 'CdkHipaa::S3.AccesLogging', reason: 'Access is logged by CloudTrail data events' }]);
    const evaluation = evaluateTemplateInputs(inputs);
    expect(evaluation.findings.filter((f) => f.status === 'ACKNOWLEDGED')).toEqual([]);
    expect(evaluation.acknowledgementProblems).toEqual([expect.objectContaining({
      kind: AcknowledgementProblemKind.UNKNOWN_CONTROL,
      id: 'CdkHipaa::S3.AccesLogging',
      closest: expect.arrayContaining(['S3.AccessLogging']),
      problem: expect.stringMatching(/^S3.AccesLogging is not a control of the catalog\. Closest catalog ids: CdkHipaa::S3.AccessLogging/),
    })]);
  });

  test('an acknowledgement of a control that does not fail on the resource is stale', () => {
    const inputs = bucketWith([{ id: 'SQS.TlsOnly', reason: 'Pasted from the queue template by mistake' }]);
    expect(evaluateTemplateInputs(inputs).acknowledgementProblems).toEqual([expect.objectContaining({
      kind: AcknowledgementProblemKind.STALE, id: 'SQS.TlsOnly', problem: 'SQS.TlsOnly does not fail on this resource. Remove it, so that a future failure is not hidden.',
    })]);
  });

  test('a malformed entry is reported', () => {
    expect(metadataAcknowledgements({ cdk_hipaa: { acknowledgements: [{ reason: 'no id here at all' }, { id: 'S3.Versioning', reason: 'Immutable exports only' }] } }))
      .toEqual({
        acknowledgements: [{ controlId: 'S3.Versioning', id: 'S3.Versioning', reason: 'Immutable exports only' }],
        malformed: ['Metadata.cdk_hipaa.acknowledgements[0] needs a string "id" and a string "reason"'],
      });
    expect(metadataAcknowledgements({ cdk_hipaa: ['S3.Versioning'] }).malformed).toHaveLength(1);
    expect(metadataAcknowledgements({ 'aws:cdk:path': 'x' })).toEqual({ acknowledgements: [], malformed: [] });
    expect(metadataAcknowledgements({ cdk_hipaa: { acknowledgements: 'S3.Versioning' } }).malformed)
      .toEqual(['Metadata.cdk_hipaa.acknowledgements must be a list of { "id", "reason" }']);
  });
  test('other settings under cdk_hipaa (a data classification, what the constructs record) are no acknowledgements and no problem', () => {
    expect(metadataAcknowledgements({ cdk_hipaa: { deletionProtectionOnCreate: 'accepted' } })).toEqual({ acknowledgements: [], malformed: [] });
    expect(metadataAcknowledgements({ cdk_hipaa: { dataClassification: 'NO_PHI', reason: 'Build caches only' } })).toEqual({ acknowledgements: [], malformed: [] });
    const inputs = bucketWith('S3.Versioning');
    expect(evaluateTemplateInputs(inputs).acknowledgementProblems.map((p) => p.kind)).toEqual([AcknowledgementProblemKind.MALFORMED]);
  });
});

describe('closestControlIds', () => {
  test('offers the catalog ids nearest to a mistyped one, same service first', () => {
    expect(closestControlIds('S3.AccesLogging')[0]).toEqual('S3.AccessLogging');
    expect(closestControlIds('s3.accesslogging')[0]).toEqual('S3.AccessLogging');
    expect(closestControlIds('S3.Logging')[0]).toEqual('S3.AccessLogging');
    expect(closestControlIds('S3.Versionig', 1)).toEqual(['S3.Versioning']);
    expect(closestControlIds('XYZ')).toEqual([]);
  });
});

describe('readParameterFile', () => {
  const dir = tempDir('parameters');
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  test('reads the aws cloudformation list, a plain object and a template configuration file', () => {
    expect(readParameterFile(write('list.json', [{ ParameterKey: 'Env', ParameterValue: 'prod' }, { ParameterKey: 'Days', ParameterValue: 7 }])))
      .toEqual({ Env: 'prod', Days: '7' });
    expect(readParameterFile(write('object.json', { Env: 'dev', Subnets: ['a', 'b'], Flag: true }))).toEqual({ Env: 'dev', Subnets: ['a', 'b'], Flag: 'true' });
    expect(readParameterFile(write('config.json', { Parameters: { Env: 'prod' } }))).toEqual({ Env: 'prod' });
  });

  test('refuses what is not a parameter file', () => {
    expect(() => readParameterFile(write('bad.json', '{'))).toThrow(/bad.json: not valid JSON/);
    expect(() => readParameterFile(write('nokey.json', [{ ParameterValue: 'x' }]))).toThrow(/entry 0 has no parameter name/);
    expect(() => readParameterFile(write('previous.json', [{ ParameterKey: 'Env', UsePreviousValue: true }]))).toThrow(/Env uses UsePreviousValue/);
    expect(() => readParameterFile(write('nested.json', { Env: { a: 1 } }))).toThrow(/the value of Env must be a string/);
    expect(() => readParameterFile(write('scalar.json', '"x"'))).toThrow(/not a parameter file/);
  });
});

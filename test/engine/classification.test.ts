import { TEMPLATE_CLASSIFICATION_FIELD, TEMPLATE_METADATA_KEY } from '../../src/dataflow/classify';
import {
  AcknowledgementProblemKind, CLASSIFICATION_FIELD, evaluateTemplateInputs, METADATA_KEY, metadataClassification, PathMetadata, TemplateInputs,
} from '../../src/engine';
import { DATA_CLASSIFICATION_METADATA } from '../../src/policy/data-classification';

const REASON = 'Holds the build pipeline\'s debug output only';

/**
 * A template of one log group without a customer-managed key or a retain policy (Logs.CustomerManagedKey
 * and Logs.DataRetained, controls that protect stored PHI, fail), with `metadata` as
 * its Metadata and, when `assembly` is given, construct paths and scope metadata as a cloud assembly has them.
 */
function logGroupWith(metadata: unknown, assembly?: readonly PathMetadata[]): TemplateInputs {
  return {
    templates: [{
      name: 't.yaml',
      stackKey: 'S',
      file: '/x/t.yaml',
      lines: new Map([['Logs', 3]]),
      ...(assembly ? { constructPaths: new Map([['Logs', 'S/Service/Logs/Resource']]) } : {}),
      template: { Resources: { Logs: { Type: 'AWS::Logs::LogGroup', ...(metadata !== undefined ? { Metadata: metadata } : {}) } } },
    }],
    ...(assembly ? { metadata: assembly } : {}),
  };
}

const statusOf = (inputs: TemplateInputs) =>
  Object.fromEntries(evaluateTemplateInputs(inputs).findings.map((f) => [f.controlId, f.status]));
const finding = (inputs: TemplateInputs, controlId: string) => evaluateTemplateInputs(inputs).findings.find((f) => f.controlId === controlId)!;
const scopeNoPhi: PathMetadata = { path: 'S/Service', type: DATA_CLASSIFICATION_METADATA, data: { classification: 'NO_PHI', reason: REASON } };

describe('a data classification in a resource\'s Metadata', () => {
  test('the key and field are the ones the data map reads', () => {
    expect(METADATA_KEY).toEqual(TEMPLATE_METADATA_KEY);
    expect(CLASSIFICATION_FIELD).toEqual(TEMPLATE_CLASSIFICATION_FIELD);
  });

  test('without one, the controls that protect stored PHI fail', () => {
    const status = statusOf(logGroupWith(undefined));
    expect(status['Logs.CustomerManagedKey']).toEqual('FAIL');
    expect(status['Logs.DataRetained']).toEqual('FAIL');
  });

  test('NO_PHI with a reason acknowledges the controls that protect stored PHI, with the reason, on that resource', () => {
    const inputs = logGroupWith({ cdk_hipaa: { dataClassification: 'NO_PHI', reason: REASON } });
    const evaluation = evaluateTemplateInputs(inputs);
    expect(finding(inputs, 'Logs.CustomerManagedKey')).toMatchObject({
      status: 'ACKNOWLEDGED',
      acknowledgedReason: `classified as holding no PHI: ${REASON}`,
      acknowledgedAt: 't.yaml/Logs',
      message: expect.any(String),
    });
    expect(finding(inputs, 'Logs.DataRetained').status).toEqual('ACKNOWLEDGED');
    expect(evaluation.acknowledgementProblems).toEqual([]);
  });

  test('NO_PHI leaves the controls that do not protect stored PHI failing', () => {
    const bucket = { Type: 'AWS::S3::Bucket', Metadata: { cdk_hipaa: { dataClassification: 'NO_PHI', reason: REASON } } };
    const findings = evaluateTemplateInputs({ templates: [{ name: 't', stackKey: 't', template: { Resources: { Bucket: bucket } } }] }).findings;
    expect(findings.find((f) => f.controlId === 'S3.TlsOnly')?.status).toEqual('FAIL');
    expect(findings.filter((f) => f.status === 'ACKNOWLEDGED')).toEqual([]);
  });

  test('PHI changes nothing on its own', () => {
    expect(statusOf(logGroupWith({ cdk_hipaa: { dataClassification: 'PHI' } }))).toEqual(statusOf(logGroupWith(undefined)));
  });

  test('fails when NO_PHI has no meaningful reason: the findings stay FAIL and the classification is reported', () => {
    const inputs = logGroupWith({ cdk_hipaa: { dataClassification: 'NO_PHI', reason: 'no phi' } });
    expect(finding(inputs, 'Logs.CustomerManagedKey').status).toEqual('FAIL');
    expect(evaluateTemplateInputs(inputs).acknowledgementProblems).toEqual([{
      kind: AcknowledgementProblemKind.NO_REASON,
      id: 'cdk_hipaa.dataClassification',
      reason: 'no phi',
      at: 't.yaml/Logs',
      file: '/x/t.yaml',
      line: 3,
      problem: 'it needs a reason of at least 10 characters; it is ignored.',
    }]);
    expect(evaluateTemplateInputs(logGroupWith({ cdk_hipaa: { dataClassification: 'NO_PHI' } })).acknowledgementProblems.map((p) => p.kind))
      .toEqual([AcknowledgementProblemKind.NO_REASON]);
  });

  test('fails when the classification is neither PHI nor NO_PHI: reported as malformed, and ignored', () => {
    const inputs = logGroupWith({ cdk_hipaa: { dataClassification: 'PUBLIC', reason: REASON } });
    expect(finding(inputs, 'Logs.CustomerManagedKey').status).toEqual('FAIL');
    expect(evaluateTemplateInputs(inputs).acknowledgementProblems).toEqual([expect.objectContaining({
      kind: AcknowledgementProblemKind.MALFORMED,
      id: 'cdk_hipaa.dataClassification',
      at: 't.yaml/Logs',
      problem: 'Metadata.cdk_hipaa.dataClassification must be PHI or NO_PHI, not "PUBLIC"; it is ignored',
    })]);
  });

  test('metadataClassification reads the entry and reports what is malformed', () => {
    expect(metadataClassification({ cdk_hipaa: { dataClassification: 'NO_PHI', reason: REASON } }))
      .toEqual({ classification: 'NO_PHI', reason: REASON, malformed: [] });
    expect(metadataClassification({ cdk_hipaa: { dataClassification: 'PHI' } })).toEqual({ classification: 'PHI', reason: '', malformed: [] });
    expect(metadataClassification({ cdk_hipaa: { acknowledgements: [] } })).toEqual({ reason: '', malformed: [] });
    expect(metadataClassification(undefined)).toEqual({ reason: '', malformed: [] });
    expect(metadataClassification({ cdk_hipaa: { dataClassification: 'no_phi', reason: REASON } }).malformed).toHaveLength(1);
    expect(metadataClassification({ cdk_hipaa: { dataClassification: true } }).malformed)
      .toEqual(['Metadata.cdk_hipaa.dataClassification must be PHI or NO_PHI, not true; it is ignored']);
    expect(metadataClassification({ cdk_hipaa: { dataClassification: 'NO_PHI', reason: 42 } })).toEqual({
      reason: '', malformed: ['Metadata.cdk_hipaa.reason must be a string; the classification is ignored'],
    });
  });

  test('goes with acknowledgements under the same key', () => {
    const inputs = logGroupWith({
      cdk_hipaa: {
        dataClassification: 'NO_PHI',
        reason: REASON,
        acknowledgements: [{ id: 'CdkHipaa::Logs.CustomerManagedKey', reason: 'Encrypted with the service key by decision 42' }],
      },
    });
    expect(finding(inputs, 'Logs.CustomerManagedKey').acknowledgedReason).toEqual('Encrypted with the service key by decision 42');
    expect(finding(inputs, 'Logs.DataRetained').acknowledgedReason).toEqual(`classified as holding no PHI: ${REASON}`);
    expect(evaluateTemplateInputs(inputs).acknowledgementProblems).toEqual([]);
  });
});

describe('with a cloud assembly\'s classifications', () => {
  test('a NO_PHI scope acknowledges the resources under it', () => {
    expect(finding(logGroupWith(undefined, [scopeNoPhi]), 'Logs.CustomerManagedKey')).toMatchObject({
      status: 'ACKNOWLEDGED', acknowledgedAt: 'S/Service',
    });
  });

  test('the resource\'s own PHI classification is the nearest: it wins over a NO_PHI scope', () => {
    const status = statusOf(logGroupWith({ cdk_hipaa: { dataClassification: 'PHI', reason: 'Carries request bodies' } }, [scopeNoPhi]));
    expect(status['Logs.CustomerManagedKey']).toEqual('FAIL');
    expect(status['Logs.DataRetained']).toEqual('FAIL');
  });

  test('the resource\'s own NO_PHI wins over a PHI scope', () => {
    const scopePhi: PathMetadata = { path: 'S/Service', type: DATA_CLASSIFICATION_METADATA, data: { classification: 'PHI', reason: '' } };
    expect(finding(logGroupWith({ cdk_hipaa: { dataClassification: 'NO_PHI', reason: REASON } }, [scopePhi]), 'Logs.CustomerManagedKey'))
      .toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedAt: 't.yaml/Logs' });
  });

  test('an own NO_PHI without a reason is ignored: the scope\'s classification applies', () => {
    const inputs = logGroupWith({ cdk_hipaa: { dataClassification: 'NO_PHI', reason: '' } }, [scopeNoPhi]);
    expect(finding(inputs, 'Logs.CustomerManagedKey')).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedAt: 'S/Service' });
    expect(evaluateTemplateInputs(inputs).acknowledgementProblems.map((p) => p.kind)).toEqual([AcknowledgementProblemKind.NO_REASON]);
  });
});

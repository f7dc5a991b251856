import * as path from 'path';
import { CATALOG } from '../../src/controls/catalog';
import { RenderedResource } from '../../src/controls/control';
import { evaluateTemplates, loadInputs, loadTemplateFile, parseTemplate, TemplateResourceIndex } from '../../src/engine';

const FIXTURES = path.join(__dirname, 'fixtures');
const open = (findings: ReturnType<typeof evaluateTemplates>) =>
  findings.filter((f) => f.status !== 'PASS').map((f) => `${f.line} ${f.logicalId} ${f.controlId} ${f.status}`);

describe('a hand-written template', () => {
  test('JSON: the failures, the unverifiable finding and the line of each resource', () => {
    const findings = evaluateTemplates(loadInputs([path.join(FIXTURES, 'violations.template.json')]));
    expect(open(findings)).toEqual([
      '8 PlainBucket S3.DefaultEncryptionKms FAIL',
      '8 PlainBucket S3.Versioning FAIL',
      '8 PlainBucket S3.AccessLogging FAIL',
      '8 PlainBucket S3.TlsOnly FAIL',
      '8 PlainBucket S3.DenyWrongEncryptionHeader FAIL',
      '8 PlainBucket S3.Replication FAIL',
      '8 PlainBucket S3.DataRetained FAIL',
      '11 SshFromAnywhere EC2.NoPublicAdminPorts FAIL',
      '34 Queue SQS.TlsOnly FAIL',
      '38 ParameterQueue SQS.CustomerManagedKey UNVERIFIABLE',
      '38 ParameterQueue SQS.TlsOnly FAIL',
    ]);
    // The queue's key is the template's own key, reached through Fn::GetAtt.
    expect(findings.find((f) => f.logicalId === 'Queue' && f.controlId === 'SQS.CustomerManagedKey')?.status).toEqual('PASS');
    expect(findings.find((f) => f.controlId === 'EC2.NoPublicAdminPorts')).toMatchObject({
      template: 'violations.template.json',
      file: path.join(FIXTURES, 'violations.template.json'),
      resourceType: 'AWS::EC2::SecurityGroup',
      severity: 'ERROR',
      citations: expect.arrayContaining([expect.stringMatching(/^164\./)]),
      message: expect.stringMatching(/22/),
      fix: expect.any(String),
    });
    expect(findings.every((f) => f.constructPath === undefined)).toBe(true);
  });

  test('YAML with short-form tags: the same findings, on the YAML file\'s lines', () => {
    const json = evaluateTemplates(loadInputs([path.join(FIXTURES, 'violations.template.json')]));
    const yaml = evaluateTemplates(loadInputs([path.join(FIXTURES, 'violations.template.yaml')]));
    const strip = (fs: typeof json) => fs.map(({ controlId, logicalId, status, message }) => ({ controlId, logicalId, status, message }));
    expect(strip(yaml)).toEqual(strip(json));
    expect(yaml.find((f) => f.logicalId === 'ParameterQueue')?.line).toEqual(36);
    expect(yaml.find((f) => f.logicalId === 'PlainBucket')?.line).toEqual(7);
  });

  test('a control that throws is unverifiable with the error, as in the aspect', () => {
    const control = CATALOG.find((c) => c.id === 'S3.Versioning')!;
    const spy = jest.spyOn(control, 'check').mockImplementation(() => { throw new Error('boom'); });
    try {
      const findings = evaluateTemplates(loadInputs([path.join(FIXTURES, 'violations.template.json')]));
      expect(findings.find((f) => f.controlId === 'S3.Versioning')).toMatchObject({
        status: 'UNVERIFIABLE', message: 'control S3.Versioning could not evaluate this resource: boom',
      });
    } finally {
      spy.mockRestore();
    }
  });
});

describe('a stack set with its template inline', () => {
  const file = path.join(FIXTURES, 'stack-set.template.yaml');
  const inputs = loadInputs([file]);
  const findings = evaluateTemplates(inputs);
  /** The finding of a control on `<template>/<logical id>`. */
  const verdict = (at: string, controlId: string) => findings.find((f) => `${f.template}/${f.logicalId}` === at && f.controlId === controlId);

  test('the body is checked as a template of its own, under the stack set, pointing at the stack set\'s line', () => {
    const body = inputs.templates.find((t) => t.name === 'stack-set.template.yaml/Baseline')!;
    expect(body).toMatchObject({ stackKey: `${file}/Baseline`, parentStackKey: file, parentLogicalId: 'Baseline' });
    expect(verdict('stack-set.template.yaml/Baseline/Uploads', 'S3.DefaultEncryptionKms')).toMatchObject({ status: 'FAIL', line: 4 });
    // So the stack set itself is covered, as a nested stack checked with its parent is.
    expect(verdict('stack-set.template.yaml/Baseline', 'General.DeployedTemplateChecked')).toBeUndefined();
  });

  test('parameters take the stack set\'s values; one a stack instance group overrides is unknown, not its default', () => {
    expect(verdict('stack-set.template.yaml/Baseline/Intake', 'SQS.CustomerManagedKey')?.status).toEqual('PASS');
    expect(verdict('stack-set.template.yaml/Baseline/Archive', 'SQS.CustomerManagedKey')?.status).toEqual('UNVERIFIABLE');
  });

  test('a template at a URL, or a body that is not a template, stays unverifiable', () => {
    expect(verdict('stack-set.template.yaml/Remote', 'General.DeployedTemplateChecked')?.status).toEqual('UNVERIFIABLE');
    expect(verdict('stack-set.template.yaml/Prose', 'General.DeployedTemplateChecked')?.message).toMatch(/from an inline template \(TemplateBody\)/);
    expect(inputs.templates.map((t) => t.name)).toEqual(['stack-set.template.yaml', 'stack-set.template.yaml/Baseline']);
  });
});

describe('parseTemplate', () => {
  test('turns every short-form tag into its long form', () => {
    const { template } = parseTemplate([
      'Resources:',
      '  R:',
      '    Type: AWS::Test::Thing',
      '    Properties:',
      '      A: !Ref Param',
      '      B: !GetAtt Res.Attr.Nested',
      '      C: !GetAtt [Res, Attr]',
      '      D: !Sub "${AWS::Region}-x"',
      '      E: !Join [",", [a, !Ref B]]',
      '      F: !If [Cond, !Select [0, !Split [",", "a,b"]], !Base64 text]',
      '      G: !FindInMap [Map, !Ref "AWS::Region", key]',
      '      H: !Cidr [!ImportValue VpcCidr, 2, 8]',
      '      I: !GetAZs ""',
      '      J: !And [!Equals [a, b], !Or [!Condition C1, !Not [!Condition C2]]]',
      '      K: yes',
    ].join('\n'), 't.yaml');
    expect(template.Resources.R.Properties).toEqual({
      A: { Ref: 'Param' },
      B: { 'Fn::GetAtt': ['Res', 'Attr.Nested'] },
      C: { 'Fn::GetAtt': ['Res', 'Attr'] },
      D: { 'Fn::Sub': '${AWS::Region}-x' },
      E: { 'Fn::Join': [',', ['a', { Ref: 'B' }]] },
      F: { 'Fn::If': ['Cond', { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] }, { 'Fn::Base64': 'text' }] },
      G: { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'key'] },
      H: { 'Fn::Cidr': [{ 'Fn::ImportValue': 'VpcCidr' }, 2, 8] },
      I: { 'Fn::GetAZs': '' },
      J: { 'Fn::And': [{ 'Fn::Equals': ['a', 'b'] }, { 'Fn::Or': [{ Condition: 'C1' }, { 'Fn::Not': [{ Condition: 'C2' }] }] }] },
      K: 'yes',
    });
  });

  test('JSON lines: only the keys of the top-level Resources object', () => {
    const text = '{\n "Outputs": { "A": {} },\n "Resources": {\n  "A": { "Type": "X", "Properties": { "B": { "C": 1 } } },\n  "B\\"q": {\n   "Type": "Y"\n  }\n }\n}';
    expect([...parseTemplate(text, 't.json').lines]).toEqual([['A', 4], ['B"q', 5]]);
  });

  test('refuses what is not a template', () => {
    expect(() => parseTemplate('{ "Resources": ', 'bad.json')).toThrow(/bad.json: not valid JSON/);
    expect(() => parseTemplate('a: [', 'bad.yaml')).toThrow(/bad.yaml: not valid YAML/);
    expect(() => parseTemplate('- a', 'list.yaml')).toThrow(/list.yaml: not a CloudFormation template/);
    expect(() => parseTemplate('A: !Bogus x', 'tag.yaml')).toThrow(/tag.yaml: !Bogus is not a CloudFormation intrinsic function tag/);
  });
});

describe('TemplateResourceIndex', () => {
  const template = (resources: Record<string, string>) => ({
    Resources: Object.fromEntries(Object.entries(resources).map(([id, type]) => [id, { Type: type }])),
  });
  const index = new TemplateResourceIndex([
    { name: 'one', stackKey: 'one', template: template({ Key: 'AWS::KMS::Key', Shared: 'AWS::S3::Bucket', Topic: 'AWS::SNS::Topic' }) },
    { name: 'two', stackKey: 'two', template: template({ Key: 'AWS::KMS::Key', Queue: 'AWS::SQS::Queue' }) },
    { name: 'three', stackKey: 'three', template: { Resources: { Other: { Type: 'AWS::KMS::Key' } }, Outputs: { O: { Value: { Ref: 'Other' }, Export: { Name: 'OtherKey' } } } } },
  ]);
  const from = (stackKey: string): RenderedResource => index.resources.find((r) => r.stackKey === stackKey)!;

  test('resolves Ref, Fn::GetAtt and id.attr strings in the same template first', () => {
    expect(index.target({ Ref: 'Key' }, from('two'))?.key).toEqual('two/Key');
    expect(index.target({ 'Fn::GetAtt': ['Key', 'Arn'] }, from('one'))?.key).toEqual('one/Key');
    expect(index.target({ 'Fn::GetAtt': 'Key.Arn' }, from('one'))?.key).toEqual('one/Key');
  });

  test('else the one resource with that logical id elsewhere; none when several or none', () => {
    expect(index.target({ Ref: 'Queue' }, from('one'))?.key).toEqual('two/Queue');
    expect(index.target({ Ref: 'Key' }, from('three'))).toBeUndefined();
    expect(index.target({ Ref: 'Missing' }, from('one'))).toBeUndefined();
  });

  test('parameters, pseudo parameters and other values point at no resource; an import points at what the export names', () => {
    expect(index.target({ Ref: 'AWS::AccountId' }, from('one'))).toBeUndefined();
    expect(index.target('Key', from('one'))).toBeUndefined();
    expect(index.target({ 'Fn::ImportValue': 'OtherKey' }, from('one'))?.key).toEqual('three/Other');
    expect(index.target({ 'Fn::ImportValue': 'Unknown' }, from('one'))).toBeUndefined();
  });

  test('ofType looks across templates; paths name the template without a construct path', () => {
    expect(index.ofType('AWS::KMS::Key').map((r) => r.path)).toEqual(['one/Key', 'two/Key', 'three/Other']);
    expect(index.ofType('AWS::Lambda::Function')).toEqual([]);
    expect(from('one').construct).toBeUndefined();
  });

  test('referencing finds the resources whose properties point at a target', () => {
    const withRefs = new TemplateResourceIndex([{
      name: 't',
      stackKey: 't',
      template: {
        Resources: {
          Key: { Type: 'AWS::KMS::Key' },
          A: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: { Ref: 'Key' }, Tags: [{ Key: 'k', Value: { 'Fn::GetAtt': ['Key', 'Arn'] } }] } },
          B: { Type: 'AWS::SQS::Queue' },
        },
      },
    }]);
    const key = withRefs.ofType('AWS::KMS::Key')[0];
    expect(withRefs.referencing(key, 'AWS::SQS::Queue').map((r) => r.logicalId)).toEqual(['A']);
  });

  test('a template file read alone is its own stack, named after the file', () => {
    const t = loadTemplateFile(path.join(FIXTURES, 'violations.template.yaml'));
    expect(t).toMatchObject({ name: 'violations.template.yaml', stackKey: path.join(FIXTURES, 'violations.template.yaml') });
    expect([t.account, t.region]).toEqual([undefined, undefined]);
    expect(t.lines?.get('Key')).toEqual(18);
  });
});

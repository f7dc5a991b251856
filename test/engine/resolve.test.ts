import * as path from 'path';
import { evaluateTemplateInputs, loadInputs, TemplateResolver } from '../../src/engine';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'templates', 'buckets.yaml');

describe('TemplateResolver', () => {
  const template = {
    Parameters: {
      Env: { Type: 'String', Default: 'prod' },
      Count: { Type: 'Number', Default: 3 },
      Subnets: { Type: 'CommaDelimitedList', Default: 'a, b' },
      KeyArn: { Type: 'String' },
      Latest: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/latest' },
    },
    Conditions: {
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      ThreeOfThem: { 'Fn::Equals': [{ Ref: 'Count' }, 3] },
      HasKey: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'KeyArn' }, ''] }] },
      InUsEast1: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
      ProdAndKey: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'HasKey' }] },
      DevAndKey: { 'Fn::And': [{ Condition: 'IsDev' }, { Condition: 'HasKey' }] },
      ProdOrKey: { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'HasKey' }] },
      DevOrKey: { 'Fn::Or': [{ Condition: 'IsDev' }, { Condition: 'HasKey' }] },
      Loop: { 'Fn::Not': [{ Condition: 'Loop' }] },
    },
  };

  test('a parameter reads as its Default, as a string (a list for list types); SSM parameters and those without a Default stay', () => {
    const r = new TemplateResolver(template);
    expect(r.resolve({ A: { Ref: 'Env' }, B: { Ref: 'Count' }, C: { Ref: 'Subnets' }, D: { Ref: 'KeyArn' }, E: { Ref: 'Latest' } })).toEqual({
      A: 'prod', B: '3', C: ['a', 'b'], D: { Ref: 'KeyArn' }, E: { Ref: 'Latest' },
    });
    expect(r.hasValue('KeyArn')).toBe(false);
  });

  test('a given value wins over the Default; values for undeclared names are not read', () => {
    const r = new TemplateResolver(template, { Env: 'dev', KeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k', Other: 'x' });
    expect(r.resolve([{ Ref: 'Env' }, { Ref: 'KeyArn' }, { Ref: 'Other' }])).toEqual(['dev', 'arn:aws:kms:us-east-1:111122223333:key/k', { Ref: 'Other' }]);
  });

  test('conditions over literals and parameter values are decided; over unknowns they are not (three-valued And/Or)', () => {
    const r = new TemplateResolver(template);
    expect(['IsProd', 'IsDev', 'ThreeOfThem', 'HasKey', 'InUsEast1', 'ProdAndKey', 'DevAndKey', 'ProdOrKey', 'DevOrKey', 'Loop', 'Missing']
      .map((c) => [c, r.condition(c)])).toEqual([
      ['IsProd', true], ['IsDev', false], ['ThreeOfThem', true], ['HasKey', undefined], ['InUsEast1', undefined],
      ['ProdAndKey', undefined], ['DevAndKey', false], ['ProdOrKey', true], ['DevOrKey', undefined], ['Loop', undefined], ['Missing', undefined],
    ]);
    const withKey = new TemplateResolver(template, { KeyArn: 'k' });
    expect([withKey.condition('HasKey'), withKey.condition('ProdAndKey')]).toEqual([true, true]);
  });

  test('Fn::If takes the decided branch; AWS::NoValue leaves the property or list item out; an undecided Fn::If stays', () => {
    const r = new TemplateResolver(template);
    expect(r.resolve({
      Chosen: { 'Fn::If': ['IsProd', { Ref: 'Env' }, 'other'] },
      Dropped: { 'Fn::If': ['IsDev', 'x', { Ref: 'AWS::NoValue' }] },
      List: ['a', { 'Fn::If': ['IsDev', 'b', { Ref: 'AWS::NoValue' }] }, 'c'],
      Undecided: { 'Fn::If': ['HasKey', { Ref: 'KeyArn' }, { Ref: 'AWS::NoValue' }] },
      Literal: { Ref: 'AWS::NoValue' },
    })).toEqual({
      Chosen: 'prod',
      List: ['a', 'c'],
      Undecided: { 'Fn::If': ['HasKey', { Ref: 'KeyArn' }, { Ref: 'AWS::NoValue' }] },
      Literal: { Ref: 'AWS::NoValue' },
    });
  });

  test('copies only what changes, and never changes what it is given', () => {
    const r = new TemplateResolver(template);
    const untouched = { Tags: [{ Key: 'a', Value: 'b' }], Key: { 'Fn::GetAtt': ['Key', 'Arn'] } };
    const given = {
      Untouched: untouched,
      Changed: { Keep: ['x', 'y'], Env: { Ref: 'Env' } },
      List: [{ A: 1 }, { 'Fn::If': ['IsDev', 'b', { Ref: 'AWS::NoValue' }] }, 'c'],
    };
    const before = JSON.stringify(given);
    const out = r.resolve(given);
    expect(out).toEqual({ Untouched: untouched, Changed: { Keep: ['x', 'y'], Env: 'prod' }, List: [{ A: 1 }, 'c'] });
    expect(JSON.stringify(given)).toEqual(before);
    expect(out).not.toBe(given);
    expect(out.Untouched).toBe(untouched);
    expect(out.Changed).not.toBe(given.Changed);
    expect(out.Changed.Keep).toBe(given.Changed.Keep);
    expect(out.List[0]).toBe(given.List[0]);
    expect(r.resolve(untouched)).toBe(untouched);
  });
});

describe('parameters and conditions in a checked template', () => {
  const bucket = (properties: any, extra: any = {}) => ({ Type: 'AWS::S3::Bucket', Properties: properties, ...extra });
  const check = (template: any, parameters?: Record<string, string>) => {
    const inputs = { templates: [{ name: 't.json', stackKey: 't', template }], ...(parameters ? { parameters } : {}) };
    return evaluateTemplateInputs(inputs);
  };
  const status = (e: ReturnType<typeof check>, logicalId: string, controlId: string) =>
    e.findings.find((f) => f.logicalId === logicalId && f.controlId === controlId)?.status;
  const versioned = {
    Parameters: { Env: { Type: 'String' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Resources: { B: bucket({ VersioningConfiguration: { Status: { 'Fn::If': ['IsProd', 'Enabled', 'Suspended'] } } }) },
  };

  test('a true condition chooses the compliant branch: PASS', () => {
    expect(status(check(versioned, { Env: 'prod' }), 'B', 'S3.Versioning')).toEqual('PASS');
  });

  test('fails when a false condition chooses the other branch', () => {
    expect(status(check(versioned, { Env: 'dev' }), 'B', 'S3.Versioning')).toEqual('FAIL');
  });

  test('an undecidable condition leaves the value unresolved: UNVERIFIABLE, never PASS', () => {
    expect(status(check(versioned), 'B', 'S3.Versioning')).toEqual('UNVERIFIABLE');
  });

  test('a parameter Default is used when no value is given', () => {
    const withDefault = { ...versioned, Parameters: { Env: { Type: 'String', Default: 'prod' } } };
    expect(status(check(withDefault), 'B', 'S3.Versioning')).toEqual('PASS');
    expect(status(check(withDefault, { Env: 'dev' }), 'B', 'S3.Versioning')).toEqual('FAIL');
  });

  test('a resource whose Condition is false is skipped; an undecidable one is checked and listed', () => {
    const template = { ...versioned, Resources: { Only: bucket({}, { Condition: 'IsProd' }) } };
    const dev = check(template, { Env: 'dev' });
    expect(dev.findings).toEqual([]);
    expect(dev.skipped).toEqual([{ template: 't.json', logicalId: 'Only', condition: 'IsProd' }]);
    const unknown = check(template);
    expect(status(unknown, 'Only', 'S3.Versioning')).toEqual('FAIL');
    expect(unknown.undecided).toEqual([{ template: 't.json', logicalId: 'Only', condition: 'IsProd' }]);
    expect(check(template, { Env: 'prod' })).toMatchObject({ skipped: [], undecided: [] });
  });

  test('a reference to a skipped resource points nowhere', () => {
    const template = {
      ...versioned,
      Resources: {
        Key: { Type: 'AWS::KMS::Key', Condition: 'IsProd', Properties: { EnableKeyRotation: true } },
        Queue: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: { 'Fn::If': ['IsProd', { 'Fn::GetAtt': ['Key', 'Arn'] }, { Ref: 'AWS::NoValue' }] } } },
      },
    };
    expect(status(check(template, { Env: 'prod' }), 'Queue', 'SQS.CustomerManagedKey')).toEqual('PASS');
    expect(status(check(template, { Env: 'dev' }), 'Queue', 'SQS.CustomerManagedKey')).toEqual('FAIL');
    expect(status(check(template), 'Queue', 'SQS.CustomerManagedKey')).toEqual('UNVERIFIABLE');
  });

  test('the example template: versioning by condition over a parameter with a Default', () => {
    const prod = evaluateTemplateInputs(loadInputs([EXAMPLE]));
    const dev = evaluateTemplateInputs(loadInputs([EXAMPLE], { Environment: 'dev' }));
    const versioning = (e: typeof prod) => e.findings.find((f) => f.logicalId === 'PatientRecords' && f.controlId === 'S3.Versioning')?.status;
    expect([versioning(prod), versioning(dev)]).toEqual(['PASS', 'FAIL']);
    expect(prod.findings.filter((f) => f.logicalId === 'PatientRecords' && f.status !== 'PASS')).toEqual([]);
  });
});

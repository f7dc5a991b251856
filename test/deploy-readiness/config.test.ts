import { tpl } from './fixtures';
import { configRuleNeedsRecorder, duplicateManagedConfigRule } from './rules/config';

const recorder = { Type: 'AWS::Config::ConfigurationRecorder', Properties: { RoleARN: 'arn:aws:iam::123456789012:role/r' } };
const rule = (extra: any = {}, props: any = {}) => ({
  Type: 'AWS::Config::ConfigRule',
  Properties: { Source: { Owner: 'AWS', SourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED' }, ...props },
  ...extra,
});

describe('ConfigRuleNeedsRecorder', () => {
  test('passes when the rule depends on the recorder of its template', () => {
    const t = tpl({ Recorder: recorder, Rule: rule({ DependsOn: 'Recorder' }) });
    expect(configRuleNeedsRecorder(t, [t])).toEqual([]);
  });

  test('passes when the dependency is transitive (DependsOn list, then a reference)', () => {
    const t = tpl({
      Recorder: recorder,
      Channel: { Type: 'AWS::Config::DeliveryChannel', Properties: { Name: { Ref: 'Recorder' } } },
      Rule: rule({ DependsOn: ['Other', 'Channel'] }),
      Other: { Type: 'AWS::SNS::Topic' },
    });
    expect(configRuleNeedsRecorder(t, [t])).toEqual([]);
  });

  test('passes when the stack deploys after a stack holding a recorder, transitively', () => {
    const base = tpl({ Recorder: recorder }, { stackName: 'Base' });
    const mid = tpl({}, { stackName: 'Mid', dependencies: ['Base'] });
    const t = tpl({ Rule: rule() }, { stackName: 'Rules', dependencies: ['Mid'] });
    expect(configRuleNeedsRecorder(t, [base, mid, t])).toEqual([]);
  });

  test('passes when the metadata states that the account already records', () => {
    const t = tpl({ Rule: rule({ Metadata: { cdk_hipaa: { configRecorder: 'exists' } } }) });
    expect(configRuleNeedsRecorder(t, [t])).toEqual([]);
  });

  test('fails when no recorder exists anywhere', () => {
    const t = tpl({ Rule: rule() });
    const problems = configRuleNeedsRecorder(t, [t]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ rule: 'ConfigRuleNeedsRecorder', stack: 'Stack', logicalId: 'Rule' });
    expect(problems[0].message).toMatch(/NoAvailableConfigurationRecorderException/);
    expect(problems[0].message).toMatch(/cdk_hipaa.configRecorder = "exists"/);
  });

  test('fails when the recorder is in the template but the rule does not depend on it', () => {
    const t = tpl({ Recorder: recorder, Rule: rule() });
    expect(configRuleNeedsRecorder(t, [t]).map((p) => p.logicalId)).toEqual(['Rule']);
  });

  test('fails when a stack with a recorder exists but this stack does not deploy after it', () => {
    const base = tpl({ Recorder: recorder }, { stackName: 'Base' });
    const t = tpl({ Rule: rule() }, { stackName: 'Rules' });
    expect(configRuleNeedsRecorder(t, [base, t])).toHaveLength(1);
  });

  test('fails for a metadata value other than "exists"', () => {
    const t = tpl({ Rule: rule({ Metadata: { cdk_hipaa: { configRecorder: 'maybe' } } }) });
    expect(configRuleNeedsRecorder(t, [t])).toHaveLength(1);
  });
});

describe('DuplicateManagedConfigRule', () => {
  const env = { account: '111111111111', region: 'us-east-1' };

  test('passes for one managed rule per account-region', () => {
    const a = tpl({ R: rule() }, { stackName: 'A', ...env });
    const b = tpl({ R: rule() }, { stackName: 'B', account: '111111111111', region: 'eu-west-1' });
    expect([a, b].flatMap((t) => duplicateManagedConfigRule(t, [a, b]))).toEqual([]);
  });

  test('passes for custom rules and for copies with different parameters', () => {
    const custom = (id: string) => ({ Type: 'AWS::Config::ConfigRule', Properties: { Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: id } } });
    const tags = (tag: string) => rule({}, { Source: { Owner: 'AWS', SourceIdentifier: 'REQUIRED_TAGS' }, InputParameters: { tag1Key: tag } });
    const t = tpl({ C1: custom('x'), C2: custom('x'), T1: tags('a'), T2: tags('b') });
    expect(duplicateManagedConfigRule(t, [t])).toEqual([]);
  });

  test('fails for the same managed rule in two stacks of one account-region and lists where', () => {
    const a = tpl({ R1: rule() }, { stackName: 'A', ...env });
    const b = tpl({ R2: rule() }, { stackName: 'B', ...env });
    const problems = [a, b].flatMap((t) => duplicateManagedConfigRule(t, [a, b]));
    expect(problems.map((p) => [p.rule, p.stack, p.logicalId])).toEqual([
      ['DuplicateManagedConfigRule', 'A', 'R1'], ['DuplicateManagedConfigRule', 'B', 'R2'],
    ]);
    expect(problems[0].message).toContain('S3_BUCKET_VERSIONING_ENABLED is created 2 times in aws://111111111111/us-east-1: A/R1, B/R2');
  });

  test('fails for identical parameters given as a JSON string and as an object', () => {
    const t = tpl({
      R1: rule({}, { InputParameters: '{"b":1,"a":2}' }),
      R2: rule({}, { InputParameters: { a: 2, b: 1 } }),
    });
    expect(duplicateManagedConfigRule(t, [t])).toHaveLength(2);
  });

  test('treats templates with the same unknown environment as one account-region', () => {
    const a = tpl({ R: rule() }, { stackName: 'A' });
    const b = tpl({ R: rule() }, { stackName: 'B' });
    const c = tpl({ R: rule() }, { stackName: 'C', ...env });
    const problems = [a, b, c].flatMap((t) => duplicateManagedConfigRule(t, [a, b, c]));
    expect(problems.map((p) => p.stack)).toEqual(['A', 'B']);
    expect(problems[0].message).toContain('aws://unknown-account/unknown-region');
  });
});

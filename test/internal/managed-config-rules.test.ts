import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AccountPasswordPolicy, AuditTrail, KeyRotationMonitor } from '../../src';
import { TEST_ENV, testApp, testStack } from '../util';

function rulesOf(template: Template, identifier: string): Record<string, any> {
  return template.findResources('AWS::Config::ConfigRule', { Properties: { Source: { Owner: 'AWS', SourceIdentifier: identifier } } });
}

function recorderErrors(stack: Stack): unknown[] {
  return Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('needs a configuration recorder'));
}

describe('managed Config rules of an account and region', () => {
  test('fails when a rule has no recorder in the app and none is said to exist', () => {
    // GIVEN the password policy alone
    const stack = testStack();
    new AccountPasswordPolicy(stack, 'Passwords');
    new KeyRotationMonitor(stack, 'Keys');
    // THEN synth reports, on each rule, what it needs
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp(
      'AWS Config rule (IAM_PASSWORD_POLICY|ACCESS_KEYS_ROTATED) .* needs a configuration recorder .*configRecorderExists: true.*configRule: false'));
    expect(errors.map((e: any) => e.id).sort()).toEqual(['/TestStack/Keys/AccessKeysRotated', '/TestStack/Passwords/IamPasswordPolicy']);
  });

  test('configRecorderExists marks the rules for readers of the template and needs nothing more', () => {
    const stack = testStack();
    new AccountPasswordPolicy(stack, 'Passwords', { configRecorderExists: true });
    new KeyRotationMonitor(stack, 'Keys', { configRecorderExists: true });
    expect(recorderErrors(stack)).toEqual([]);
    const template = Template.fromStack(stack);
    for (const id of ['IAM_PASSWORD_POLICY', 'ACCESS_KEYS_ROTATED']) {
      const [rule] = Object.values(rulesOf(template, id));
      expect(rule.Metadata).toMatchObject({ cdk_hipaa: { configRecorder: 'exists' } });
    }
  });

  test('configRule: false deploys no rule and needs no recorder', () => {
    const stack = testStack();
    new AccountPasswordPolicy(stack, 'Passwords', { configRule: false });
    expect(recorderErrors(stack)).toEqual([]);
    Template.fromStack(stack).resourceCountIs('AWS::Config::ConfigRule', 0);
  });

  test('with an AuditTrail in the stack, each managed rule is deployed once, after the recorder, whatever the order', () => {
    for (const trailFirst of [true, false]) {
      const stack = testStack();
      if (trailFirst) new AuditTrail(stack, 'Audit');
      new AccountPasswordPolicy(stack, 'Passwords', { minimumPasswordLength: 16 });
      new KeyRotationMonitor(stack, 'Keys', { maxKeyAge: undefined });
      if (!trailFirst) new AuditTrail(stack, 'Audit');
      const template = Template.fromStack(stack);
      expect(recorderErrors(stack)).toEqual([]);
      const recorder = Object.keys(template.findResources('AWS::Config::ConfigurationRecorder'))[0];
      const all = template.findResources('AWS::Config::ConfigRule');
      const identifiers = Object.values(all).map((r: any) => r.Properties.Source.SourceIdentifier);
      expect(new Set(identifiers).size).toBe(identifiers.length);
      for (const rule of Object.values(all)) expect(rule.DependsOn).toContain(recorder);
      // The password policy decides its rule's parameters.
      const [password] = Object.values(rulesOf(template, 'IAM_PASSWORD_POLICY'));
      expect(password.Properties.InputParameters.MinimumPasswordLength).toBe('16');
    }
  });

  test('a recorder in another stack of the same account and region: that stack deploys first, and the rule is deployed once', () => {
    const app = testApp();
    const identity = new Stack(app, 'Identity', { env: TEST_ENV });
    new AccountPasswordPolicy(identity, 'Passwords');
    const audit = new Stack(app, 'Audit', { env: TEST_ENV });
    new AuditTrail(audit, 'Trail');
    app.synth();
    expect(recorderErrors(identity)).toEqual([]);
    expect(identity.dependencies).toContain(audit);
    expect(Object.keys(rulesOf(Template.fromStack(identity), 'IAM_PASSWORD_POLICY'))).toHaveLength(1);
    expect(Object.keys(rulesOf(Template.fromStack(audit), 'IAM_PASSWORD_POLICY'))).toHaveLength(0);
  });

  test('a recorder of another region does not count', () => {
    const app = new App();
    new AuditTrail(new Stack(app, 'Audit', { env: { ...TEST_ENV, region: 'us-west-2' } }), 'Trail');
    const identity = new Stack(app, 'Identity', { env: TEST_ENV });
    new AccountPasswordPolicy(identity, 'Passwords');
    expect(recorderErrors(identity)).toHaveLength(1);
  });

  test('fails when two constructs deploy the same rule with different parameters', () => {
    const stack = testStack();
    new AccountPasswordPolicy(stack, 'Passwords', { configRecorderExists: true });
    new KeyRotationMonitor(stack, 'Keys', { configRecorderExists: true });
    expect(() => new KeyRotationMonitor(stack, 'Others', { configRecorderExists: true, maxKeyAge: Duration.days(30) }))
      .toThrow(/KeyRotationMonitor and KeyRotationMonitor both deploy the AWS Config rule ACCESS_KEYS_ROTATED with different parameters/);
  });
});

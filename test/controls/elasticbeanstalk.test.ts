import { CfnParameter } from 'aws-cdk-lib';
import * as elasticbeanstalk from 'aws-cdk-lib/aws-elasticbeanstalk';
import { ControlFixture } from './harness';

// aws-cdk-lib has no Elastic Beanstalk L2: the fixtures are L1 environments and configuration templates.
type Option = elasticbeanstalk.CfnEnvironment.OptionSettingProperty;

const ENHANCED: Option = { namespace: 'aws:elasticbeanstalk:healthreporting:system', optionName: 'SystemType', value: 'enhanced' };
const MANAGED: Option[] = [
  { namespace: 'aws:elasticbeanstalk:managedactions', optionName: 'ManagedActionsEnabled', value: 'true' },
  { namespace: 'aws:elasticbeanstalk:managedactions', optionName: 'PreferredStartTime', value: 'Sun:03:00' },
  { namespace: 'aws:elasticbeanstalk:managedactions:platformupdate', optionName: 'UpdateLevel', value: 'minor' },
];

function application(f: ControlFixture): elasticbeanstalk.CfnApplication {
  return new elasticbeanstalk.CfnApplication(f.stack, 'App', { applicationName: 'portal' });
}

function environment(
  f: ControlFixture, optionSettings?: Option[], props: Partial<elasticbeanstalk.CfnEnvironmentProps> = {},
): elasticbeanstalk.CfnEnvironment {
  const app = application(f);
  return new elasticbeanstalk.CfnEnvironment(f.stack, 'Env', {
    applicationName: app.ref,
    solutionStackName: '64bit Amazon Linux 2023 v6.1.0 running Node.js 20',
    optionSettings,
    ...props,
  });
}

describe('a compliant environment', () => {
  test('passes both Elastic Beanstalk controls', () => {
    const f = new ControlFixture();
    environment(f, [ENHANCED, ...MANAGED]);
    for (const id of ['ElasticBeanstalk.EnhancedHealth', 'ElasticBeanstalk.ManagedUpdates']) {
      expect([id, f.status(id, 'Env')]).toEqual([id, 'PASS']);
    }
  });
  test('passes with the options in a configuration template of the app', () => {
    const f = new ControlFixture();
    const app = application(f);
    const template = new elasticbeanstalk.CfnConfigurationTemplate(f.stack, 'Template', {
      applicationName: app.ref, solutionStackName: '64bit Amazon Linux 2023 v6.1.0 running Node.js 20', optionSettings: [ENHANCED, ...MANAGED],
    });
    new elasticbeanstalk.CfnEnvironment(f.stack, 'Env', { applicationName: app.ref, templateName: template.ref });
    expect(f.status('ElasticBeanstalk.EnhancedHealth', 'Env')).toBe('PASS');
    expect(f.status('ElasticBeanstalk.ManagedUpdates', 'Env')).toBe('PASS');
  });
});

describe('ElasticBeanstalk.EnhancedHealth', () => {
  test('FAIL given no option settings (basic health, the API default)', () => {
    const f = new ControlFixture();
    environment(f);
    expect(f.status('ElasticBeanstalk.EnhancedHealth', 'Env')).toBe('FAIL');
    expect(f.message('ElasticBeanstalk.EnhancedHealth', 'Env')).toMatch(/SystemType is not set \(basic\)/);
  });
  test('FAIL given SystemType basic', () => {
    const f = new ControlFixture();
    environment(f, [{ ...ENHANCED, value: 'basic' }]);
    expect(f.status('ElasticBeanstalk.EnhancedHealth', 'Env')).toBe('FAIL');
  });
  test('UNVERIFIABLE given SystemType from a parameter, or a configuration template outside the app', () => {
    const f = new ControlFixture();
    const type = new CfnParameter(f.stack, 'HealthSystem');
    environment(f, [{ ...ENHANCED, value: type.valueAsString }]);
    expect(f.status('ElasticBeanstalk.EnhancedHealth', 'Env')).toBe('UNVERIFIABLE');
    const g = new ControlFixture();
    environment(g, undefined, { templateName: 'shared-template' });
    expect(g.status('ElasticBeanstalk.EnhancedHealth', 'Env')).toBe('UNVERIFIABLE');
  });
});

describe('ElasticBeanstalk.ManagedUpdates', () => {
  test('FAIL given managed actions not enabled (the default outside the console)', () => {
    const f = new ControlFixture();
    environment(f, [ENHANCED]);
    expect(f.status('ElasticBeanstalk.ManagedUpdates', 'Env')).toBe('FAIL');
    expect(f.message('ElasticBeanstalk.ManagedUpdates', 'Env')).toMatch(/ManagedActionsEnabled is not set/);
  });
  test('FAIL given managed actions without an UpdateLevel', () => {
    const f = new ControlFixture();
    environment(f, [ENHANCED, MANAGED[0], MANAGED[1]]);
    expect(f.status('ElasticBeanstalk.ManagedUpdates', 'Env')).toBe('FAIL');
    expect(f.message('ElasticBeanstalk.ManagedUpdates', 'Env')).toMatch(/UpdateLevel is not set/);
  });
  test('the environment\'s own option wins over its template\'s', () => {
    const f = new ControlFixture();
    const app = application(f);
    const template = new elasticbeanstalk.CfnConfigurationTemplate(f.stack, 'Template', {
      applicationName: app.ref, solutionStackName: '64bit Amazon Linux 2023 v6.1.0 running Node.js 20', optionSettings: MANAGED,
    });
    new elasticbeanstalk.CfnEnvironment(f.stack, 'Env', {
      applicationName: app.ref, templateName: template.ref, optionSettings: [{ ...MANAGED[0], value: 'false' }],
    });
    expect(f.status('ElasticBeanstalk.ManagedUpdates', 'Env')).toBe('FAIL');
  });
  test('UNVERIFIABLE given ManagedActionsEnabled from a parameter', () => {
    const f = new ControlFixture();
    const enabled = new CfnParameter(f.stack, 'Managed');
    environment(f, [{ ...MANAGED[0], value: enabled.valueAsString }, MANAGED[2]]);
    expect(f.status('ElasticBeanstalk.ManagedUpdates', 'Env')).toBe('UNVERIFIABLE');
  });
});

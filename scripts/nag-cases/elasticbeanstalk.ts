import { Stack } from 'aws-cdk-lib';
import * as eb from 'aws-cdk-lib/aws-elasticbeanstalk';
import { NagCase } from './types';

const ENHANCED = { namespace: 'aws:elasticbeanstalk:healthreporting:system', optionName: 'SystemType', value: 'enhanced' };
const MANAGED = { namespace: 'aws:elasticbeanstalk:managedactions', optionName: 'ManagedActionsEnabled', value: 'true' };
const WINDOW = { namespace: 'aws:elasticbeanstalk:managedactions', optionName: 'PreferredStartTime', value: 'Sun:02:00' };
const MINOR = { namespace: 'aws:elasticbeanstalk:managedactions:platformupdate', optionName: 'UpdateLevel', value: 'minor' };
const VPC = [
  { namespace: 'aws:ec2:vpc', optionName: 'VPCId', value: 'vpc-0123456789abcdef0' },
  { namespace: 'aws:ec2:vpc', optionName: 'Subnets', value: 'subnet-0aaaaaaaaaaaaaaaa,subnet-0bbbbbbbbbbbbbbbb' },
  { namespace: 'aws:autoscaling:launchconfiguration', optionName: 'IamInstanceProfile', value: 'aws-elasticbeanstalk-ec2-role' },
];

/** An application and one environment with the given option settings; returns the environment's path. */
function environment(stack: Stack, optionSettings?: eb.CfnEnvironment.OptionSettingProperty[]): string {
  const app = new eb.CfnApplication(stack, 'App', { applicationName: `patients-${stack.node.id}` });
  const env = new eb.CfnEnvironment(stack, 'Env', {
    applicationName: app.applicationName!,
    solutionStackName: '64bit Amazon Linux 2023 v6.1.0 running Node.js 20',
    optionSettings,
  });
  env.addDependency(app);
  return 'Env';
}

export const CASES: readonly NagCase[] = [
  // ElasticBeanstalkEnhancedHealthReportingEnabled: SystemType enhanced
  {
    rule: 'ElasticBeanstalkEnhancedHealthReportingEnabled',
    compliant: true,
    title: 'environment with enhanced health reporting',
    build: (stack) => environment(stack, [...VPC, ENHANCED, MANAGED, MINOR]),
  },
  {
    rule: 'ElasticBeanstalkEnhancedHealthReportingEnabled',
    compliant: false,
    title: 'environment with basic health reporting',
    build: (stack) => environment(stack, [...VPC, { ...ENHANCED, value: 'basic' }]),
  },
  {
    rule: 'ElasticBeanstalkEnhancedHealthReportingEnabled',
    compliant: false,
    title: 'environment without option settings',
    build: (stack) => environment(stack),
  },
  // ElasticBeanstalkManagedUpdatesEnabled: managed actions on and an update level of minor or patch
  {
    rule: 'ElasticBeanstalkManagedUpdatesEnabled',
    compliant: true,
    title: 'managed minor-version updates in a weekly window',
    build: (stack) => environment(stack, [...VPC, ENHANCED, MANAGED, WINDOW, MINOR]),
  },
  {
    rule: 'ElasticBeanstalkManagedUpdatesEnabled',
    compliant: true,
    title: 'managed patch-level updates',
    build: (stack) => environment(stack, [...VPC, MANAGED, WINDOW, { ...MINOR, value: 'patch' }]),
  },
  {
    rule: 'ElasticBeanstalkManagedUpdatesEnabled',
    compliant: false,
    title: 'managed actions on without an update level',
    build: (stack) => environment(stack, [...VPC, MANAGED, WINDOW]),
  },
  {
    rule: 'ElasticBeanstalkManagedUpdatesEnabled',
    compliant: false,
    title: 'managed actions turned off',
    build: (stack) => environment(stack, [...VPC, { ...MANAGED, value: 'false' }, MINOR]),
  },
  {
    rule: 'ElasticBeanstalkManagedUpdatesEnabled',
    compliant: false,
    title: 'environment without option settings',
    build: (stack) => environment(stack),
  },
];

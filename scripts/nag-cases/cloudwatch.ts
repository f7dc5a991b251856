import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { NagCase } from './types';

/** An alarm on failed logins. */
function alarm(stack: Stack, props: Partial<cloudwatch.AlarmProps> = {}): cloudwatch.Alarm {
  return new cloudwatch.Alarm(stack, 'Alarm', {
    metric: new cloudwatch.Metric({ namespace: 'Patients', metricName: 'FailedLogins' }),
    threshold: 5,
    evaluationPeriods: 1,
    ...props,
  });
}

function topic(stack: Stack): actions.SnsAction {
  return new actions.SnsAction(new sns.Topic(stack, 'Oncall', { masterKey: new kms.Key(stack, 'TopicKey') }));
}

function logGroup(stack: Stack, props: logs.LogGroupProps = {}): string {
  new logs.LogGroup(stack, 'Logs', props);
  return 'Logs/Resource';
}

export const CASES: readonly NagCase[] = [
  // CloudWatchAlarmAction: actions enabled and at least one ALARM, OK or INSUFFICIENT_DATA action
  {
    rule: 'CloudWatchAlarmAction',
    compliant: true,
    title: 'alarm that notifies a topic',
    build: (stack) => {
      alarm(stack).addAlarmAction(topic(stack));
      return 'Alarm/Resource';
    },
  },
  {
    rule: 'CloudWatchAlarmAction',
    compliant: true,
    title: 'alarm with only an OK action',
    build: (stack) => {
      alarm(stack).addOkAction(topic(stack));
      return 'Alarm/Resource';
    },
  },
  {
    rule: 'CloudWatchAlarmAction',
    compliant: false,
    title: 'alarm without actions',
    build: (stack) => {
      alarm(stack);
      return 'Alarm/Resource';
    },
  },
  {
    rule: 'CloudWatchAlarmAction',
    compliant: false,
    title: 'alarm with an action but actions disabled',
    build: (stack) => {
      alarm(stack, { actionsEnabled: false }).addAlarmAction(topic(stack));
      return 'Alarm/Resource';
    },
  },
  // CloudWatchLogGroupEncrypted: KmsKeyId is set
  {
    rule: 'CloudWatchLogGroupEncrypted',
    compliant: true,
    title: 'log group encrypted with a customer managed key',
    build: (stack) => logGroup(stack, { encryptionKey: new kms.Key(stack, 'LogKey', { enableKeyRotation: true }) }),
  },
  {
    rule: 'CloudWatchLogGroupEncrypted',
    compliant: false,
    title: 'log group with the defaults: service-owned key',
    build: (stack) => logGroup(stack),
  },
  {
    rule: 'CloudWatchLogGroupEncrypted',
    compliant: false,
    title: 'L1 log group without a key',
    build: (stack) => {
      new logs.CfnLogGroup(stack, 'Logs', { retentionInDays: 2192 });
      return 'Logs';
    },
  },
  // CloudWatchLogGroupRetentionPeriod: RetentionInDays is set (to anything)
  {
    rule: 'CloudWatchLogGroupRetentionPeriod',
    compliant: true,
    title: 'log group kept six years',
    build: (stack) => logGroup(stack, { retention: logs.RetentionDays.SIX_YEARS }),
  },
  {
    rule: 'CloudWatchLogGroupRetentionPeriod',
    compliant: true,
    title: 'log group with the L2 default: two years',
    build: (stack) => logGroup(stack),
  },
  {
    rule: 'CloudWatchLogGroupRetentionPeriod',
    compliant: true,
    title: 'log group kept one week',
    build: (stack) => logGroup(stack, { retention: logs.RetentionDays.ONE_WEEK }),
  },
  {
    rule: 'CloudWatchLogGroupRetentionPeriod',
    compliant: false,
    title: 'log group kept forever (no retention set)',
    build: (stack) => logGroup(stack, { retention: logs.RetentionDays.INFINITE }),
  },
  {
    rule: 'CloudWatchLogGroupRetentionPeriod',
    compliant: false,
    title: 'L1 log group without a retention',
    build: (stack) => {
      new logs.CfnLogGroup(stack, 'Logs');
      return 'Logs';
    },
  },
];

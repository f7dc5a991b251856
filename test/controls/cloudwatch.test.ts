import { CfnParameter } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ControlFixture } from './harness';

function alarm(f: ControlFixture, id: string, props: Partial<cloudwatch.AlarmProps> = {}): cloudwatch.Alarm {
  return new cloudwatch.Alarm(f.stack, id, {
    metric: new cloudwatch.Metric({ namespace: 'App', metricName: 'Errors' }),
    threshold: 1,
    evaluationPeriods: 1,
    ...props,
  });
}

describe('CloudWatch.AlarmAction', () => {
  test('PASS given an SNS alarm action', () => {
    const f = new ControlFixture();
    alarm(f, 'Alarm').addAlarmAction(new actions.SnsAction(new sns.Topic(f.stack, 'Topic')));
    expect(f.status('CloudWatch.AlarmAction', 'Alarm')).toBe('PASS');
  });
  test('FAIL given the L2 default (no actions)', () => {
    const f = new ControlFixture();
    alarm(f, 'Alarm');
    expect(f.status('CloudWatch.AlarmAction', 'Alarm')).toBe('FAIL');
    expect(f.message('CloudWatch.AlarmAction', 'Alarm')).toMatch(/no AlarmActions/);
  });
  test('FAIL given only an OK action', () => {
    const f = new ControlFixture();
    alarm(f, 'Alarm').addOkAction(new actions.SnsAction(new sns.Topic(f.stack, 'Topic')));
    expect(f.status('CloudWatch.AlarmAction', 'Alarm')).toBe('FAIL');
  });
  test('FAIL given actionsEnabled: false', () => {
    const f = new ControlFixture();
    alarm(f, 'Alarm', { actionsEnabled: false }).addAlarmAction(new actions.SnsAction(new sns.Topic(f.stack, 'Topic')));
    expect(f.status('CloudWatch.AlarmAction', 'Alarm')).toBe('FAIL');
    expect(f.message('CloudWatch.AlarmAction', 'Alarm')).toMatch(/ActionsEnabled is false/);
  });
  test('FAIL given an L1 composite alarm without actions', () => {
    const f = new ControlFixture();
    new cloudwatch.CfnCompositeAlarm(f.stack, 'Composite', { alarmRule: 'ALARM("a")' });
    expect(f.status('CloudWatch.AlarmAction', 'Composite')).toBe('FAIL');
  });
  test('N/A given an alarm read by a composite alarm (the composite notifies)', () => {
    const f = new ControlFixture();
    const child = alarm(f, 'Child');
    const composite = new cloudwatch.CompositeAlarm(f.stack, 'Composite', { alarmRule: cloudwatch.AlarmRule.fromAlarm(child, cloudwatch.AlarmState.ALARM) });
    composite.addAlarmAction(new actions.SnsAction(new sns.Topic(f.stack, 'Topic')));
    expect(f.status('CloudWatch.AlarmAction', 'Child')).toBe('N/A');
    expect(f.status('CloudWatch.AlarmAction', 'Composite')).toBe('PASS');
  });
  test('UNVERIFIABLE given ActionsEnabled from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Enabled', { type: 'String' });
    new cloudwatch.CfnAlarm(f.stack, 'Alarm', {
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 1,
      threshold: 1,
      metricName: 'Errors',
      namespace: 'App',
      period: 60,
      statistic: 'Sum',
      actionsEnabled: p.valueAsString as any,
      alarmActions: ['arn:aws:sns:us-east-1:123456789012:alerts'],
    });
    expect(f.status('CloudWatch.AlarmAction', 'Alarm')).toBe('UNVERIFIABLE');
  });
});

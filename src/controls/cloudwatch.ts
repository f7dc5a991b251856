import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { HipaaSeverity } from './severity';
import { bool, list, UNKNOWN } from './values';

const ALARM = 'AWS::CloudWatch::Alarm';
const COMPOSITE_ALARM = 'AWS::CloudWatch::CompositeAlarm';

/**
 * CloudWatch.AlarmAction: an alarm notifies someone (or something) when it fires.
 * - given AlarmActions with at least one action and ActionsEnabled not false, then PASS
 * - given no AlarmActions (OK or INSUFFICIENT_DATA actions alone do not report an incident), then FAIL
 * - given ActionsEnabled false, then FAIL
 * - given an alarm that a composite alarm's rule reads (the composite notifies), then N/A
 * - given actions or the flag from a parameter, then UNVERIFIABLE
 */
const alarmAction: Control = {
  id: 'CloudWatch.AlarmAction',
  title: 'CloudWatch alarm has an enabled alarm action',
  resourceTypes: [ALARM, COMPOSITE_ALARM],
  citations: ['164.308(a)(6)(ii)', '164.312(b)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'CloudWatchAlarmAction',
  fix: 'Call alarm.addAlarmAction(new SnsAction(topic)) with a topic people read, and leave actionsEnabled at true.',
  check: (r, index) => {
    if (r.type === ALARM && index.referencing(r, COMPOSITE_ALARM).length > 0) return notApplicable();
    const enabled = bool(r.properties.ActionsEnabled);
    if (enabled === UNKNOWN) return unverifiable('ActionsEnabled cannot be resolved at synth.');
    if (enabled === false) return fail('ActionsEnabled is false, so the alarm notifies nobody.');
    const actions = list(r.properties.AlarmActions);
    if (actions === UNKNOWN) return unverifiable('AlarmActions cannot be resolved at synth.');
    return actions.length > 0 ? pass() : fail('the alarm has no AlarmActions, so nobody is told when it fires.');
  },
};

export const CLOUDWATCH_CONTROLS: readonly Control[] = [
  alarmAction,
];

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** What a host change metric counts; one alarm each. */
export enum HostChangeMetric {
  PACKAGE_INSTALLS = 'PackageInstalls',
  PACKAGE_REMOVALS = 'PackageRemovals',
  PRIVILEGED_COMMANDS = 'PrivilegedCommands',
}

/**
 * A metric filter on the host's log group. Each pattern is either a plain OR of phrases
 * (`?"a" ?"b"`) or a plain AND of phrases (`"a" "b"`); CloudWatch Logs does not combine the two
 * reliably, so alternatives that need an AND are separate filters adding to the same metric.
 */
export interface HostChangeFilter {
  /** Construct id of the filter; stable. */
  readonly id: string;
  /** The metric the filter adds 1 to for each matching log line. */
  readonly metric: HostChangeMetric;
  /** Which log lines it matches, in words. */
  readonly matches: string;
  /** The filter pattern. */
  readonly pattern: logs.IFilterPattern;
}

/**
 * The filters, written for the log lines of {@link HOST_LOG_FILES}:
 * - dnf (`/var/log/dnf.rpm.log`): `<time> SUBDEBUG Installed: <pkg>` / `<time> SUBDEBUG Erase: <pkg>`;
 * - yum (`/var/log/yum.log`): `<time> Installed: <pkg>` / `<time> Erased: <pkg>`;
 * - dpkg (`/var/log/dpkg.log`): `<date> <time> install <pkg> <none> <version>` /
 *   `<date> <time> remove <pkg> <version> <none>` (and `purge`); the `<none>` keeps sudo and apt
 *   command lines such as `COMMAND=/usr/bin/apt install htop` out;
 * - sudo (`/var/log/secure`, `/var/log/auth.log`): `sudo[pid]: <user> : TTY=... ; COMMAND=<command>`
 *   (with or without the pid, which rsyslog adds when it reads the journal);
 * - su: `su[pid]: pam_unix(su:session): session opened for user ...` (`su-l` for `su -`).
 */
export const HOST_CHANGE_FILTERS: readonly HostChangeFilter[] = [
  {
    id: 'RpmPackageInstalled',
    metric: HostChangeMetric.PACKAGE_INSTALLS,
    matches: 'dnf and yum "Installed:" lines',
    pattern: logs.FilterPattern.anyTerm('Installed:'),
  },
  {
    id: 'DebPackageInstalled',
    metric: HostChangeMetric.PACKAGE_INSTALLS,
    matches: 'dpkg " install " lines of a package not installed before',
    pattern: logs.FilterPattern.allTerms(' install ', '<none>'),
  },
  {
    id: 'RpmPackageRemoved',
    metric: HostChangeMetric.PACKAGE_REMOVALS,
    matches: 'dnf "Erase:" and "Removed:", yum "Erased:" lines',
    pattern: logs.FilterPattern.anyTerm('Erase:', 'Erased:', 'Removed:'),
  },
  {
    id: 'DebPackageRemoved',
    metric: HostChangeMetric.PACKAGE_REMOVALS,
    matches: 'dpkg " remove " lines',
    pattern: logs.FilterPattern.allTerms(' remove ', '<none>'),
  },
  {
    id: 'DebPackagePurged',
    metric: HostChangeMetric.PACKAGE_REMOVALS,
    matches: 'dpkg " purge " lines',
    pattern: logs.FilterPattern.allTerms(' purge ', '<none>'),
  },
  {
    id: 'SudoCommand',
    metric: HostChangeMetric.PRIVILEGED_COMMANDS,
    matches: 'sudo "COMMAND=" lines, allowed or refused',
    pattern: logs.FilterPattern.allTerms('sudo', 'COMMAND='),
  },
  {
    id: 'SuSession',
    metric: HostChangeMetric.PRIVILEGED_COMMANDS,
    matches: 'su "session opened" lines',
    pattern: logs.FilterPattern.anyTerm('(su:session): session opened', '(su-l:session): session opened'),
  },
];

/** An alarm on a host change metric. */
interface HostChangeAlarm {
  readonly metric: HostChangeMetric;
  readonly description: string;
}

const HOST_CHANGE_ALARMS: readonly HostChangeAlarm[] = [
  { metric: HostChangeMetric.PACKAGE_INSTALLS, description: 'A package was installed on the host' },
  { metric: HostChangeMetric.PACKAGE_REMOVALS, description: 'A package was removed from the host' },
  { metric: HostChangeMetric.PRIVILEGED_COMMANDS, description: 'Someone ran a command with sudo or opened a session with su on the host' },
];

/** The citations every host change alarm evidences. */
const CITATIONS = '45 CFR 164.308(a)(1)(ii)(D), 164.312(b)';

/** How host change alarms evaluate their metric. */
export const HOST_CHANGE_ALARM_SETTINGS = {
  period: Duration.minutes(5),
  threshold: 1,
  evaluationPeriods: 1,
} as const;

/** Where the filters and alarms go. */
export interface ChangeDetectionOptions {
  /** The host's log group, which the CloudWatch agent ships to. */
  readonly logGroup: logs.ILogGroup;
  /** The metric namespace, unique to the host (metrics without dimensions would be shared otherwise). */
  readonly namespace: string;
  /** What the alarms notify. */
  readonly topic: sns.ITopic;
  /** Names the host in the alarm descriptions, e.g. `the instance TestStack/Server`. */
  readonly hostDescription: string;
}

/**
 * The metric filters of {@link HOST_CHANGE_FILTERS} on the host's log group and one alarm per
 * metric notifying the topic, under a `ChangeDetection` construct.
 */
export function createChangeDetection(scope: Construct, options: ChangeDetectionOptions): cloudwatch.Alarm[] {
  const container = new Construct(scope, 'ChangeDetection');
  for (const filter of HOST_CHANGE_FILTERS) {
    new logs.MetricFilter(container, filter.id, {
      logGroup: options.logGroup,
      filterPattern: filter.pattern,
      metricNamespace: options.namespace,
      metricName: filter.metric,
      metricValue: '1',
    });
  }
  const action = new cw_actions.SnsAction(options.topic);
  return HOST_CHANGE_ALARMS.map((a) => {
    const alarm = new cloudwatch.Alarm(container, `${a.metric}Alarm`, {
      metric: new cloudwatch.Metric({
        namespace: options.namespace,
        metricName: a.metric,
        statistic: cloudwatch.Stats.SUM,
        period: HOST_CHANGE_ALARM_SETTINGS.period,
      }),
      threshold: HOST_CHANGE_ALARM_SETTINGS.threshold,
      evaluationPeriods: HOST_CHANGE_ALARM_SETTINGS.evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${a.description} (${options.hostDescription}); see its log streams for what and who. ${CITATIONS}.`,
    });
    alarm.addAlarmAction(action);
    return alarm;
  });
}

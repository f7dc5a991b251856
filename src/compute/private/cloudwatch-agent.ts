/** Where the user data writes the CloudWatch agent's configuration. */
export const CLOUDWATCH_AGENT_CONFIG_PATH = '/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json';

/** The CloudWatch agent's control script. */
export const CLOUDWATCH_AGENT_CTL = '/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl';

/** A log file on the host that the CloudWatch agent ships to the host's log group. */
export interface HostLogFile {
  /** Absolute path of the file; files that do not exist on a distribution are waited for, harmlessly. */
  readonly path: string;
  /** The log stream is `{instance_id}/<stream>`. */
  readonly stream: string;
  /** What the file records, for the reader of the docs and the tests. */
  readonly records: string;
}

/**
 * The files that tell what changed on the machine and who did it (45 CFR 164.312(b),
 * 164.308(a)(1)(ii)(D)): the package managers' history, the authentication log and the audit log.
 */
export const HOST_LOG_FILES: readonly HostLogFile[] = [
  { path: '/var/log/dnf.rpm.log', stream: 'dnf', records: 'packages installed, upgraded and erased by dnf (Amazon Linux 2023, RHEL 8+)' },
  { path: '/var/log/yum.log', stream: 'yum', records: 'packages installed, updated and erased by yum (Amazon Linux 2, RHEL 7)' },
  { path: '/var/log/apt/history.log', stream: 'apt', records: 'apt transactions with the command line and the user who asked (Debian, Ubuntu)' },
  { path: '/var/log/dpkg.log', stream: 'dpkg', records: 'packages installed, upgraded and removed by dpkg (Debian, Ubuntu)' },
  { path: '/var/log/secure', stream: 'secure', records: 'logins, sudo and su (Amazon Linux, RHEL)' },
  { path: '/var/log/auth.log', stream: 'auth', records: 'logins, sudo and su (Debian, Ubuntu)' },
  { path: '/var/log/audit/audit.log', stream: 'audit', records: 'the Linux audit log' },
];

/** The placeholder the agent replaces with the instance id in stream names. */
const INSTANCE_ID = '{instance_id}';

/**
 * The CloudWatch agent configuration: every file of {@link HOST_LOG_FILES} to its own log
 * stream, `{instance_id}/<stream>`, in `logGroupName`. The agent runs as root to read the
 * audit and authentication logs. No `retention_in_days`: the log group's retention is the
 * CentralLogGroup's, and the host role may not change it.
 */
export function cloudWatchAgentConfig(logGroupName: string): Record<string, unknown> {
  return {
    agent: {
      run_as_user: 'root',
    },
    logs: {
      logs_collected: {
        files: {
          collect_list: HOST_LOG_FILES.map((file) => ({
            file_path: file.path,
            log_group_name: logGroupName,
            log_stream_name: `${INSTANCE_ID}/${file.stream}`,
            timezone: 'UTC',
          })),
        },
      },
    },
  };
}

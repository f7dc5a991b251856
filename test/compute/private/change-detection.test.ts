import { HOST_CHANGE_FILTERS, HostChangeMetric } from '../../../src/compute/private/change-detection';

/**
 * A small model of CloudWatch Logs term matching for unstructured log events, for the two
 * pattern forms the filters use: `"a" "b"` matches an event containing every phrase, `?"a" ?"b"`
 * one containing any of them; phrases match case-sensitively anywhere in the event. It refuses
 * any other form (a mix of the two, unquoted terms, JSON or space-delimited patterns).
 */
function matches(pattern: string, event: string): boolean {
  const terms = [...pattern.matchAll(/(\??)"([^"]*)"/g)].map((m) => ({ any: m[1] === '?', phrase: m[2] }));
  const rebuilt = terms.map((t) => `${t.any ? '?' : ''}"${t.phrase}"`).join(' ');
  if (terms.length === 0 || rebuilt !== pattern) throw new Error(`not a plain list of quoted phrases: ${pattern}`);
  const anyForm = terms.every((t) => t.any);
  if (!anyForm && terms.some((t) => t.any)) throw new Error(`mixes ?-terms with plain terms: ${pattern}`);
  return anyForm ? terms.some((t) => event.includes(t.phrase)) : terms.every((t) => event.includes(t.phrase));
}

/** The metrics a log line adds to, through every filter that matches it. */
function metricsFor(event: string): HostChangeMetric[] {
  return [...new Set(HOST_CHANGE_FILTERS.filter((f) => matches(f.pattern.logPatternString, event)).map((f) => f.metric))];
}

const { PACKAGE_INSTALLS, PACKAGE_REMOVALS, PRIVILEGED_COMMANDS } = HostChangeMetric;

describe('host change detection filters', () => {
  test('the patterns are exactly these', () => {
    expect(HOST_CHANGE_FILTERS.map((f) => [f.id, f.metric, f.pattern.logPatternString])).toEqual([
      ['RpmPackageInstalled', PACKAGE_INSTALLS, '"Installed:"'],
      ['DebPackageInstalled', PACKAGE_INSTALLS, '" install " "<none>"'],
      ['RpmPackageRemoved', PACKAGE_REMOVALS, '?"Erase:" ?"Erased:" ?"Removed:"'],
      ['DebPackageRemoved', PACKAGE_REMOVALS, '" remove " "<none>"'],
      ['DebPackagePurged', PACKAGE_REMOVALS, '" purge " "<none>"'],
      ['SudoCommand', PRIVILEGED_COMMANDS, '"sudo" "COMMAND="'],
      ['SuSession', PRIVILEGED_COMMANDS, '?"(su:session): session opened" ?"(su-l:session): session opened"'],
    ]);
  });

  test('every pattern is a plain AND or a plain OR of quoted phrases', () => {
    for (const filter of HOST_CHANGE_FILTERS) {
      expect(() => matches(filter.pattern.logPatternString, '')).not.toThrow();
    }
  });

  test('the matcher refuses patterns that mix ?-terms with plain terms', () => {
    expect(() => matches('?"a" "b"', 'a b')).toThrow(/mixes/);
    expect(() => matches('ERROR', 'ERROR')).toThrow(/not a plain list/);
  });

  // GIVEN a line of one of the shipped log files, THEN it counts for exactly these metrics.
  test.each([
    // dnf (/var/log/dnf.rpm.log)
    ['2024-05-04T12:00:00+0000 SUBDEBUG Installed: htop-3.2.1-1.amzn2023.0.1.x86_64', [PACKAGE_INSTALLS]],
    ['2024-05-04T12:05:00+0000 SUBDEBUG Erase: htop-3.2.1-1.amzn2023.0.1.x86_64', [PACKAGE_REMOVALS]],
    ['2024-05-04T12:06:00+0000 SUBDEBUG Removed: htop-3.2.1-1.amzn2023.0.1.x86_64', [PACKAGE_REMOVALS]],
    ['2024-05-04T12:07:00+0000 SUBDEBUG Upgrade: openssl-libs-3.0.8-1.amzn2023.0.12.x86_64', []],
    ['2024-05-04T12:07:00+0000 SUBDEBUG Upgraded: openssl-libs-3.0.8-1.amzn2023.0.11.x86_64', []],
    // yum (/var/log/yum.log)
    ['May 04 12:00:00 Installed: htop-2.2.0-3.el7.x86_64', [PACKAGE_INSTALLS]],
    ['May 04 12:05:00 Erased: htop-2.2.0-3.el7.x86_64', [PACKAGE_REMOVALS]],
    ['May 04 12:06:00 Updated: openssl-1.0.2k-26.el7_9.x86_64', []],
    // dpkg (/var/log/dpkg.log)
    ['2024-05-04 12:00:00 install htop:amd64 <none> 3.0.5-7build2', [PACKAGE_INSTALLS]],
    ['2024-05-04 12:00:01 status installed htop:amd64 3.0.5-7build2', []],
    ['2024-05-04 12:05:00 remove htop:amd64 3.0.5-7build2 <none>', [PACKAGE_REMOVALS]],
    ['2024-05-04 12:05:01 status not-installed htop:amd64 <none>', []],
    ['2024-05-04 12:06:00 purge htop:amd64 3.0.5-7build2 <none>', [PACKAGE_REMOVALS]],
    ['2024-05-04 12:07:00 upgrade openssl:amd64 3.0.2-0ubuntu1.14 3.0.2-0ubuntu1.15', []],
    // apt (/var/log/apt/history.log): counted through dpkg.log, not twice
    ['Commandline: apt install htop', []],
    ['Install: htop:amd64 (3.0.5-7build2)', []],
    ['Remove: htop:amd64 (3.0.5-7build2)', []],
    // sudo (/var/log/secure, /var/log/auth.log), with or without the pid rsyslog adds from the journal
    ['May  4 12:00:00 ip-10-0-1-5 sudo[4242]: ec2-user : TTY=pts/0 ; PWD=/home/ec2-user ; USER=root ; COMMAND=/usr/bin/dnf install htop', [PRIVILEGED_COMMANDS]],
    ['May  4 12:00:00 ip-10-0-1-5 sudo:   ubuntu : TTY=pts/0 ; PWD=/home/ubuntu ; USER=root ; COMMAND=/usr/bin/apt remove htop', [PRIVILEGED_COMMANDS]],
    ['May  4 12:00:00 ip-10-0-1-5 sudo:   mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash', [PRIVILEGED_COMMANDS]],
    ['May  4 12:00:00 ip-10-0-1-5 sudo: pam_unix(sudo:session): session opened for user root(uid=0) by ec2-user(uid=1000)', []],
    // su
    ['May  4 12:10:00 ip-10-0-1-5 su[4300]: pam_unix(su-l:session): session opened for user root(uid=0) by ec2-user(uid=1000)', [PRIVILEGED_COMMANDS]],
    ['May  4 12:10:00 ip-10-0-1-5 su: pam_unix(su:session): session opened for user postgres(uid=26) by ubuntu(uid=0)', [PRIVILEGED_COMMANDS]],
    ['May  4 12:20:00 ip-10-0-1-5 su[4300]: pam_unix(su-l:session): session closed for user root', []],
    // other authentication and audit lines
    ['May  4 12:00:00 ip-10-0-1-5 sshd[999]: Accepted publickey for ec2-user from 10.0.0.5 port 51234 ssh2', []],
    ["type=SOFTWARE_UPDATE msg=audit(1714824000.123:456): pid=4242 uid=0 auid=1000 ses=3 msg='op=install sw=\"htop-3.2.1\" sw_type=rpm res=success'", []],
    ["type=USER_CMD msg=audit(1714824000.100:455): pid=4240 uid=1000 auid=1000 ses=3 msg='cwd=\"/home/ec2-user\" cmd=646E6620696E7374616C6C exe=\"/usr/bin/sudo\" res=success'", []],
  ])('%s counts for %j', (event, expected) => {
    expect(metricsFor(event)).toEqual(expected);
  });
});

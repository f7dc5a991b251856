import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLOUDWATCH_AGENT_CONFIG_PATH, HOST_LOG_FILES } from '../../../src/compute/private/cloudwatch-agent';
import { hostSetupScript, hostUserData, validateDataDeviceName, validateDataMountPath } from '../../../src/compute/private/host-script';
import { agentConfigOf } from '../fixtures';

const LOG_GROUP = '/hipaa/ec2/TestStack-Server-C90EFA0E';
const WITH_VOLUME = { logGroupName: LOG_GROUP, dataVolume: { deviceName: '/dev/sdf', mountPath: '/data', volumeId: 'vol-0123456789abcdef0' } };
const TEMPLATE_VOLUME = { logGroupName: LOG_GROUP, dataVolume: { deviceName: '/dev/sdg', mountPath: '/srv/phi' } };

/** True when a program is on the PATH. */
function installed(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
}

/** Writes a script to a temporary file and returns its path. */
function scriptFile(script: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hipaa-user-data-'));
  const file = path.join(dir, 'user-data.sh');
  fs.writeFileSync(file, script);
  return file;
}

const SHELLCHECK = installed('shellcheck');

describe('host setup script', () => {
  test('is a bash script that stops on the first error, unset variable or failed pipe', () => {
    const script = hostUserData(WITH_VOLUME).render();
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    const firstCommand = script.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(firstCommand).toBe('set -euo pipefail');
  });

  test('ends with the steps in order: logs exist, agent installed, agent configured, volume mounted', () => {
    const lines = hostSetupScript(WITH_VOLUME);
    expect(lines.slice(-5)).toEqual([
      'ensure_auth_log',
      'ensure_audit_log',
      'install_cloudwatch_agent',
      'configure_cloudwatch_agent',
      "mount_data_volume '/dev/sdf' '/data' 'vol-0123456789abcdef0'",
    ]);
  });

  test('without a data volume, neither mounts nor defines the mount functions', () => {
    const script = hostUserData({ logGroupName: LOG_GROUP }).render();
    expect(script).not.toMatch(/mount_data_volume|find_data_device|mkfs/);
    expect(script.trimEnd().endsWith('configure_cloudwatch_agent')).toBe(true);
  });

  describe('CloudWatch agent', () => {
    test('writes its configuration to the agent\'s path and starts it from that file', () => {
      const script = hostUserData(WITH_VOLUME).render();
      expect(CLOUDWATCH_AGENT_CONFIG_PATH).toBe('/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json');
      expect(script).toContain(`CW_AGENT_CONFIG='${CLOUDWATCH_AGENT_CONFIG_PATH}'`);
      expect(script).toContain('cat > "$CW_AGENT_CONFIG" <<\'CDK_HIPAA_AGENT_CONFIG\'');
      expect(script).toContain('"$CW_AGENT_CTL" -a fetch-config -m ec2 -s -c "file:${CW_AGENT_CONFIG}"');
    });

    test('ships the package manager history, the auth log and the audit log, each to its own stream', () => {
      const config = agentConfigOf(hostUserData(WITH_VOLUME).render());
      const files = config.logs.logs_collected.files.collect_list;
      expect(files.map((f: any) => [f.file_path, f.log_stream_name])).toEqual([
        ['/var/log/dnf.rpm.log', '{instance_id}/dnf'],
        ['/var/log/yum.log', '{instance_id}/yum'],
        ['/var/log/apt/history.log', '{instance_id}/apt'],
        ['/var/log/dpkg.log', '{instance_id}/dpkg'],
        ['/var/log/secure', '{instance_id}/secure'],
        ['/var/log/auth.log', '{instance_id}/auth'],
        ['/var/log/audit/audit.log', '{instance_id}/audit'],
      ]);
      expect(new Set(files.map((f: any) => f.log_stream_name)).size).toBe(HOST_LOG_FILES.length);
      expect(files.every((f: any) => f.log_group_name === LOG_GROUP && f.timezone === 'UTC')).toBe(true);
    });

    test('runs as root (the audit and auth logs are root-only) and leaves retention to the log group', () => {
      const config = agentConfigOf(hostUserData(WITH_VOLUME).render());
      expect(config.agent).toEqual({ run_as_user: 'root' });
      expect(JSON.stringify(config)).not.toContain('retention_in_days');
    });

    test('is installed from the distribution, else from AWS\'s regional bucket over HTTPS only, found through IMDSv2', () => {
      const script = hostUserData(WITH_VOLUME).render();
      expect(script).toContain('if install_packages amazon-cloudwatch-agent; then');
      expect(script).toContain("curl -sS --fail --proto '=https' --tlsv1.2");
      expect(script).toContain('"https://amazoncloudwatch-agent-${region}.s3.${region}.${suffix}/${distro}/${arch}/latest/${package}"');
      expect(script).toContain("-H 'X-aws-ec2-metadata-token-ttl-seconds: 300'");
      expect(script).toContain('region="$(imds placement/region)"');
    });

    test('makes sure the auth log (rsyslog on Amazon Linux 2023) and the audit log exist', () => {
      const script = hostUserData(WITH_VOLUME).render();
      expect(script).toContain('if [[ -e /var/log/secure || -e /var/log/auth.log ]]; then');
      expect(script).toContain('install_packages rsyslog');
      expect(script).toContain('install_packages auditd');
    });
  });

  describe('data volume', () => {
    test('waits for the volume, found by its id (NVMe serial), its device name or its Xen name', () => {
      const script = hostUserData(WITH_VOLUME).render();
      expect(script).toContain('candidate="/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${volume_id//-/}"');
      expect(script).toContain('for candidate in "$device_name" "/dev/xvd${device_name#/dev/sd}" "/dev/sd${device_name#/dev/xvd}"; do');
      expect(script).toContain('nvme id-ctrl --raw-binary');
      expect(script).toContain('for attempt in $(seq 1 120); do');
      expect(script).toContain('sleep 5');
    });

    test('formats (xfs) only when blkid finds nothing on the device', () => {
      const lines = hostSetupScript(WITH_VOLUME);
      const check = lines.indexOf('  if ! blkid -p "$device" >/dev/null 2>&1; then');
      const mkfs = lines.indexOf('    mkfs -t xfs "$device"');
      const end = lines.indexOf('  fi', check);
      expect(check).toBeGreaterThan(0);
      expect(mkfs).toBeGreaterThan(check);
      expect(mkfs).toBeLessThan(end);
      expect(lines.filter((l) => l.includes('mkfs '))).toHaveLength(1);
    });

    test('mounts by UUID through /etc/fstab with nofail, once', () => {
      const script = hostUserData(WITH_VOLUME).render();
      expect(script).toContain('if ! grep -q "^UUID=${uuid} " /etc/fstab; then');
      expect(script).toContain("printf 'UUID=%s %s %s defaults,nofail 0 2\\n' \"$uuid\" \"$mount_path\" \"$fs_type\" >> /etc/fstab");
      expect(script).toContain('if ! mountpoint -q "$mount_path"; then');
    });

    test('refuses to mount a device that holds data but no file system', () => {
      const script = hostUserData(WITH_VOLUME).render();
      expect(script).toContain('if [[ -z "$fs_type" || -z "$uuid" ]]; then');
    });

    test('without a volume id (launch templates), finds the volume by device name', () => {
      expect(hostSetupScript(TEMPLATE_VOLUME).at(-1)).toBe("mount_data_volume '/dev/sdg' '/srv/phi' ''");
    });

    test('accepts /dev/sd[b-z] and /dev/xvd[b-z] device names only', () => {
      expect(() => validateDataDeviceName('/dev/sdf')).not.toThrow();
      expect(() => validateDataDeviceName('/dev/xvdz')).not.toThrow();
      for (const bad of ['/dev/sda', '/dev/nvme1n1', 'sdf', "/dev/sdf'; rm -rf /"]) {
        expect(() => validateDataDeviceName(bad)).toThrow(/dataDeviceName: .* is not a data volume device name/);
      }
    });

    test('accepts plain absolute mount paths that do not hide the system', () => {
      expect(() => validateDataMountPath('/data')).not.toThrow();
      expect(() => validateDataMountPath('/srv/phi-store_1')).not.toThrow();
      for (const bad of ['data', '/', '/data/', '/da ta', '/data;reboot', '/$(id)', '/data/../etc', '/./data']) {
        expect(() => validateDataMountPath(bad)).toThrow(/dataMountPath: .* must be an absolute path/);
      }
      expect(() => validateDataMountPath('/var/lib/phi')).toThrow(/would hide system files under \/var/);
      expect(() => validateDataMountPath('/etc')).toThrow(/would hide system files under \/etc/);
    });
  });

  describe('lint', () => {
    test('bash parses both forms of the script', () => {
      for (const options of [WITH_VOLUME, TEMPLATE_VOLUME, { logGroupName: LOG_GROUP }]) {
        const file = scriptFile(hostUserData(options).render());
        expect(() => execFileSync('bash', ['-n', file], { stdio: 'pipe' })).not.toThrow();
      }
    });

    if (!SHELLCHECK) {
      // eslint-disable-next-line no-console
      console.warn('shellcheck is not installed: the user data lint test is skipped (apt-get install -y shellcheck).');
    }
    (SHELLCHECK ? test : test.skip)('shellcheck finds nothing in either form of the script (skipped when shellcheck is not installed)', () => {
      for (const options of [WITH_VOLUME, TEMPLATE_VOLUME, { logGroupName: LOG_GROUP }]) {
        const file = scriptFile(hostUserData(options).render());
        const result = spawnSync('shellcheck', ['--shell=bash', '--severity=style', file], { encoding: 'utf8' });
        expect(result.stdout).toBe('');
        expect(result.status).toBe(0);
      }
    });
  });
});

import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CLOUDWATCH_AGENT_CONFIG_PATH, CLOUDWATCH_AGENT_CTL, cloudWatchAgentConfig } from './cloudwatch-agent';

/** The heredoc delimiter of the agent configuration; the JSON never contains it. */
const AGENT_CONFIG_EOF = 'CDK_HIPAA_AGENT_CONFIG';

/** How long the script waits for the data volume to be attached: 120 tries, 5 seconds apart. */
const DATA_VOLUME_WAIT = { attempts: 120, seconds: 5 } as const;

/** Device names a data volume may be attached at: `/dev/sd[b-z]` or `/dev/xvd[b-z]`. */
const DEVICE_NAME = /^\/dev\/(sd|xvd)[b-z]$/;

/** Mount paths the script accepts: absolute, plain characters only (they are written into a shell script and fstab). */
const MOUNT_PATH = /^(\/[A-Za-z0-9._-]+)+$/;

/** Mount paths that would hide the system. */
const RESERVED_MOUNT_PATHS = ['/bin', '/boot', '/dev', '/etc', '/lib', '/lib64', '/proc', '/root', '/run', '/sbin', '/sys', '/tmp', '/usr', '/var'];

/** The data volume the script formats (when blank) and mounts. */
export interface DataVolumeMount {
  /** The device name the volume is attached at, e.g. `/dev/sdf`. */
  readonly deviceName: string;
  /** Where it is mounted, e.g. `/data`. */
  readonly mountPath: string;
  /** The EBS volume id when known at deploy time (an attached EncryptedVolume); found by device name otherwise. */
  readonly volumeId?: string;
}

/** What the host setup script does. */
export interface HostScriptOptions {
  /** The log group the CloudWatch agent ships to. */
  readonly logGroupName: string;
  /** The data volume to mount, if any. */
  readonly dataVolume?: DataVolumeMount;
}

/** Throws unless `deviceName` is a device name a data volume can be attached at. */
export function validateDataDeviceName(deviceName: string): void {
  if (!DEVICE_NAME.test(deviceName)) {
    throw new Error(`dataDeviceName: '${deviceName}' is not a data volume device name; use /dev/sdb to /dev/sdz (or /dev/xvdb to /dev/xvdz), e.g. /dev/sdf.`);
  }
}

/** Throws unless `mountPath` is an absolute path of plain characters that does not hide the system. */
export function validateDataMountPath(mountPath: string): void {
  if (!MOUNT_PATH.test(mountPath) || mountPath.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new Error(`dataMountPath: '${mountPath}' must be an absolute path of letters, digits, '.', '_' and '-' (it is written into the user data script and /etc/fstab), e.g. /data.`);
  }
  const top = `/${mountPath.split('/')[1]}`;
  if (RESERVED_MOUNT_PATHS.includes(top)) {
    throw new Error(`dataMountPath: '${mountPath}' would hide system files under ${top}; mount the data volume elsewhere, e.g. /data.`);
  }
}

/**
 * Linux user data that runs the host setup script, as bash with `set -euo pipefail`.
 * Commands added later (`userData.addCommands`) run after it.
 */
export function hostUserData(options: HostScriptOptions): ec2.UserData {
  const userData = ec2.UserData.forLinux({ shebang: '#!/bin/bash' });
  userData.addCommands(...hostSetupScript(options));
  return userData;
}

/**
 * The host setup script, line by line: makes sure the authentication and audit logs exist,
 * installs and configures the CloudWatch agent, then waits for the data volume, formats it
 * (xfs) only when it holds nothing, and mounts it by UUID through /etc/fstab with `nofail`.
 */
export function hostSetupScript(options: HostScriptOptions): string[] {
  const main = [
    'ensure_auth_log',
    'ensure_audit_log',
    'install_cloudwatch_agent',
    'configure_cloudwatch_agent',
  ];
  const volume = options.dataVolume;
  if (volume) {
    validateDataDeviceName(volume.deviceName);
    validateDataMountPath(volume.mountPath);
    main.push(`mount_data_volume '${volume.deviceName}' '${volume.mountPath}' '${volume.volumeId ?? ''}'`);
  }
  return [
    '# cdk-hipaa host setup: ships the package, authentication and audit logs to CloudWatch Logs',
    '# (45 CFR 164.312(b), 164.308(a)(1)(ii)(D)) and mounts the encrypted data volume',
    '# (45 CFR 164.312(a)(2)(iv)). Commands added to this user data run after it.',
    'set -euo pipefail',
    '',
    `CW_AGENT_CONFIG='${CLOUDWATCH_AGENT_CONFIG_PATH}'`,
    `CW_AGENT_CTL='${CLOUDWATCH_AGENT_CTL}'`,
    '',
    ...COMMON_FUNCTIONS,
    ...AGENT_FUNCTIONS,
    ...configureAgentFunction(options.logGroupName),
    ...(volume ? DATA_VOLUME_FUNCTIONS : []),
    ...main,
  ];
}

const COMMON_FUNCTIONS = [
  'log() {',
  '  echo "cdk-hipaa: $*"',
  '}',
  '',
  'install_packages() {',
  '  if command -v dnf >/dev/null 2>&1; then',
  '    dnf install -y "$@"',
  '  elif command -v yum >/dev/null 2>&1; then',
  '    yum install -y "$@"',
  '  elif command -v apt-get >/dev/null 2>&1; then',
  '    apt-get update -y',
  '    DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"',
  '  else',
  '    log "no dnf, yum or apt-get to install $*" >&2',
  '    return 1',
  '  fi',
  '}',
  '',
  '# Instance metadata through IMDSv2 (the instance refuses IMDSv1).',
  'imds() {',
  '  local token',
  "  token=\"$(curl -sS --fail -X PUT 'http://169.254.169.254/latest/api/token' -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')\"",
  '  curl -sS --fail -H "X-aws-ec2-metadata-token: ${token}" "http://169.254.169.254/latest/meta-data/$1"',
  '}',
  '',
  '# Amazon Linux 2023 logs to the journal only; rsyslog writes /var/log/secure for the agent to ship.',
  'ensure_auth_log() {',
  '  if [[ -e /var/log/secure || -e /var/log/auth.log ]]; then',
  '    return 0',
  '  fi',
  '  install_packages rsyslog',
  '  systemctl enable --now rsyslog',
  '}',
  '',
  'ensure_audit_log() {',
  '  if command -v auditctl >/dev/null 2>&1; then',
  '    return 0',
  '  fi',
  '  if command -v apt-get >/dev/null 2>&1; then',
  '    install_packages auditd',
  '  else',
  '    install_packages audit',
  '  fi',
  '  systemctl enable auditd',
  '  systemctl start auditd || service auditd start',
  '}',
  '',
];

const AGENT_FUNCTIONS = [
  '# The CloudWatch agent: from the distribution where it has it (Amazon Linux), otherwise',
  "# AWS's package from the region's download bucket, over HTTPS only.",
  'install_cloudwatch_agent() {',
  '  if [[ -x "$CW_AGENT_CTL" ]]; then',
  '    return 0',
  '  fi',
  '  if command -v dnf >/dev/null 2>&1 || command -v yum >/dev/null 2>&1; then',
  '    if install_packages amazon-cloudwatch-agent; then',
  '      return 0',
  '    fi',
  '  fi',
  '  local arch distro package region suffix',
  '  case "$(uname -m)" in',
  '    x86_64) arch=amd64 ;;',
  '    aarch64) arch=arm64 ;;',
  '    *) log "no CloudWatch agent package for $(uname -m)" >&2; return 1 ;;',
  '  esac',
  '  if command -v dpkg >/dev/null 2>&1; then',
  '    distro=ubuntu',
  '    package=amazon-cloudwatch-agent.deb',
  '  else',
  '    distro=redhat',
  '    package=amazon-cloudwatch-agent.rpm',
  '  fi',
  '  region="$(imds placement/region)"',
  '  case "$region" in',
  '    cn-*) suffix=amazonaws.com.cn ;;',
  '    *) suffix=amazonaws.com ;;',
  '  esac',
  "  curl -sS --fail --proto '=https' --tlsv1.2 -o \"/tmp/${package}\" \\",
  '    "https://amazoncloudwatch-agent-${region}.s3.${region}.${suffix}/${distro}/${arch}/latest/${package}"',
  '  if [[ "$distro" == ubuntu ]]; then',
  '    dpkg -i -E "/tmp/${package}"',
  '  else',
  '    rpm -U "/tmp/${package}"',
  '  fi',
  '  rm -f "/tmp/${package}"',
  '}',
  '',
];

function configureAgentFunction(logGroupName: string): string[] {
  const json = JSON.stringify(cloudWatchAgentConfig(logGroupName), undefined, 2);
  return [
    'configure_cloudwatch_agent() {',
    '  mkdir -p "$(dirname "$CW_AGENT_CONFIG")"',
    `  cat > "$CW_AGENT_CONFIG" <<'${AGENT_CONFIG_EOF}'`,
    ...json.split('\n'),
    AGENT_CONFIG_EOF,
    '  chmod 0644 "$CW_AGENT_CONFIG"',
    '  "$CW_AGENT_CTL" -a fetch-config -m ec2 -s -c "file:${CW_AGENT_CONFIG}"',
    '}',
    '',
  ];
}

const DATA_VOLUME_FUNCTIONS = [
  '# The block device of the data volume: on Nitro instances an NVMe device, found by the volume id',
  '# (its serial) or by the device name EBS reports; on Xen instances /dev/sdX or /dev/xvdX.',
  'find_data_device() {',
  '  local device_name="$1" volume_id="$2" candidate name',
  '  if [[ -n "$volume_id" ]]; then',
  '    candidate="/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${volume_id//-/}"',
  '    if [[ -b "$candidate" ]]; then',
  '      readlink -f "$candidate"',
  '      return 0',
  '    fi',
  '  fi',
  '  for candidate in "$device_name" "/dev/xvd${device_name#/dev/sd}" "/dev/sd${device_name#/dev/xvd}"; do',
  '    if [[ -b "$candidate" ]]; then',
  '      readlink -f "$candidate"',
  '      return 0',
  '    fi',
  '  done',
  '  if command -v nvme >/dev/null 2>&1; then',
  '    for candidate in /dev/nvme*n1; do',
  '      [[ -b "$candidate" ]] || continue',
  "      name=\"$(nvme id-ctrl --raw-binary \"$candidate\" 2>/dev/null | dd bs=1 skip=3072 count=32 status=none | tr -d ' \\000' || true)\"",
  '      if [[ "$name" == "$device_name" || "/dev/${name}" == "$device_name" ]]; then',
  '        echo "$candidate"',
  '        return 0',
  '      fi',
  '    done',
  '  fi',
  '  return 1',
  '}',
  '',
  '# Waits for the volume (it is attached after the instance starts), formats it only when blkid',
  '# finds nothing on it, and mounts it by UUID through /etc/fstab, with nofail so that the',
  '# instance still boots if the volume is ever missing.',
  'mount_data_volume() {',
  '  local device_name="$1" mount_path="$2" volume_id="${3:-}" device="" attempt fs_type uuid',
  `  for attempt in $(seq 1 ${DATA_VOLUME_WAIT.attempts}); do`,
  '    if device="$(find_data_device "$device_name" "$volume_id")"; then',
  '      break',
  '    fi',
  '    device=""',
  '    log "waiting for the data volume ${volume_id:-$device_name} (${attempt})"',
  `    sleep ${DATA_VOLUME_WAIT.seconds}`,
  '  done',
  '  if [[ -z "$device" ]]; then',
  '    log "the data volume ${volume_id:-$device_name} did not appear" >&2',
  '    return 1',
  '  fi',
  '  if ! blkid -p "$device" >/dev/null 2>&1; then',
  '    command -v mkfs.xfs >/dev/null 2>&1 || install_packages xfsprogs',
  '    log "formatting the blank data volume ${device} (xfs)"',
  '    mkfs -t xfs "$device"',
  '    udevadm settle || true',
  '  fi',
  '  fs_type="$(blkid -p -s TYPE -o value "$device" || true)"',
  '  uuid="$(blkid -p -s UUID -o value "$device" || true)"',
  '  if [[ -z "$fs_type" || -z "$uuid" ]]; then',
  '    log "${device} holds data but no file system (a partition table?); not mounting it" >&2',
  '    return 1',
  '  fi',
  '  mkdir -p "$mount_path"',
  '  if ! grep -q "^UUID=${uuid} " /etc/fstab; then',
  '    printf \'UUID=%s %s %s defaults,nofail 0 2\\n\' "$uuid" "$mount_path" "$fs_type" >> /etc/fstab',
  '  fi',
  '  if ! mountpoint -q "$mount_path"; then',
  '    mount "$mount_path"',
  '  fi',
  '  log "data volume ${device} mounted at ${mount_path}"',
  '}',
  '',
];

import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';
import { dig, list, str, UNKNOWN } from './values';

const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';

/**
 * ECS.EfsTransitEncryption: tasks mount their EFS volumes over TLS.
 * - given every Volumes[].EFSVolumeConfiguration with TransitEncryption ENABLED, then PASS
 * - given an EFS volume with TransitEncryption DISABLED or absent (ECS mounts without TLS by default), then FAIL
 * - given no EFS volume, then N/A
 * - given volumes or TransitEncryption from a parameter, then UNVERIFIABLE
 */
const efsTransitEncryption: Control = {
  id: 'ECS.EfsTransitEncryption',
  title: 'ECS task definition mounts EFS volumes with encryption in transit',
  resourceTypes: [TASK_DEFINITION],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: "Set efsVolumeConfiguration.transitEncryption: 'ENABLED' on every EFS volume of the task definition.",
  check: (r) => {
    const volumes = list(r.properties.Volumes);
    if (volumes === UNKNOWN) return unverifiable('Volumes cannot be resolved at synth.');
    const efs = volumes.filter((v) => dig(v, 'EFSVolumeConfiguration') !== undefined);
    if (efs.length === 0) return notApplicable();
    const plain: string[] = [];
    for (const volume of efs) {
      const transit = str(dig(volume, 'EFSVolumeConfiguration', 'TransitEncryption'));
      if (transit === UNKNOWN) return unverifiable(`TransitEncryption of volume ${JSON.stringify(volume?.Name)} cannot be resolved at synth.`);
      if (transit !== 'ENABLED') plain.push(`${volume?.Name ?? '(unnamed)'} (${transit ?? 'not set'})`);
    }
    return plain.length === 0 ? pass()
      : fail(`TransitEncryption is not ENABLED on EFS volume ${plain.join(', ')}, so the task reads and writes files over the network unencrypted.`);
  },
};

/** User names and ids that mean root, in either part of `user[:group]`. */
const ROOT_IDENTIFIERS = new Set(['root', '0']);

/**
 * ECS.HostModeNonRootUser: containers that share the host's network stack do not run as root.
 * In host network mode a container uses the instance's network interfaces directly; as root it can
 * bind any port and capture the traffic of every task on the host. AWS Config's
 * ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK also passes privileged containers that run as root, and
 * cdk-nag's rule of that name also fails non-root containers that are not privileged; this control asks
 * for a non-root user whatever `privileged` says (privileged containers are root on the host).
 * - given NetworkMode host and every container with a User whose user and group are neither root nor 0, then PASS
 * - given NetworkMode host and a container with no User (the image's user, root for most images) or User root, 0, root:root, 0:0 or 1000:0, then FAIL
 * - given another NetworkMode or none (bridge on EC2, awsvpc on Fargate), then N/A
 * - given NetworkMode, ContainerDefinitions or a User from a parameter, then UNVERIFIABLE
 */
const hostModeNonRootUser: Control = {
  id: 'ECS.HostModeNonRootUser',
  title: 'ECS task definition in host network mode runs its containers as a non-root user',
  resourceTypes: [TASK_DEFINITION],
  citations: ['164.312(a)(1)', '164.308(a)(3)(ii)(A)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'ECSTaskDefinitionUserForHostMode',
  fix: "Set user: '1000' (a non-root uid, and a non-root gid if one is given) on every container, or use NetworkMode.AWS_VPC.",
  rationale: 'A root container on the host\'s network can read the traffic of every workload on the instance, PHI included; '
    + 'containers must run with no more privilege than they need.',
  check: (r) => {
    const mode = str(r.properties.NetworkMode);
    if (mode === UNKNOWN) return unverifiable('NetworkMode cannot be resolved at synth.');
    if (mode !== 'host') return notApplicable();
    const containers = list(r.properties.ContainerDefinitions);
    if (containers === UNKNOWN) return unverifiable('ContainerDefinitions cannot be resolved at synth.');
    const root: string[] = [];
    let unknown = false;
    for (const container of containers) {
      const user = str(dig(container, 'User'));
      const name = typeof container?.Name === 'string' ? container.Name : '(unnamed)';
      if (user === UNKNOWN) unknown = true;
      else if (user === undefined) root.push(`${name} (no User)`);
      else if (user.split(':').some((part) => ROOT_IDENTIFIERS.has(part.trim().toLowerCase()))) root.push(`${name} (User ${user})`);
    }
    if (root.length > 0) return fail(`NetworkMode is host and container ${root.join(', ')} runs as root on the host's network stack.`);
    return unknown ? unverifiable('the User of a container cannot be resolved at synth.') : pass();
  },
};

/** Controls for ECS task definitions. */
export const ECS_CONTROLS: readonly Control[] = [
  efsTransitEncryption,
  hostModeNonRootUser,
];

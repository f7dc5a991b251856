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

/** Controls for ECS task definitions. */
export const ECS_CONTROLS: readonly Control[] = [
  efsTransitEncryption,
];

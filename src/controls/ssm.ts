import { Control, fail, pass, RenderedResource, ResourceIndex, unverifiable } from './control';
import { HipaaSeverity } from './severity';
import { asArray, dig, list, str, UNKNOWN } from './values';

const INSTANCE = 'AWS::EC2::Instance';
const ASSOCIATION = 'AWS::SSM::Association';
/** The AWS-owned SSM document that collects an instance's software inventory. */
const INVENTORY_DOCUMENT = 'AWS-GatherSoftwareInventory';

/** Whether one association target (`{ Key, Values }`) selects the instance; UNKNOWN when synth cannot tell. */
function targets(target: any, instance: RenderedResource, association: RenderedResource, index: ResourceIndex): boolean | typeof UNKNOWN {
  const key = str(target?.Key);
  const values = list(target?.Values);
  if (key === UNKNOWN || values === UNKNOWN || key === undefined) return UNKNOWN;
  if (key === 'InstanceIds') {
    if (values.includes('*')) return true;
    return values.some((v) => index.target(v, association) === instance);
  }
  if (key.startsWith('tag:')) {
    const tags = list(instance.properties.Tags);
    if (tags === UNKNOWN) return UNKNOWN;
    const tag = tags.find((t) => t?.Key === key.slice('tag:'.length));
    return tag !== undefined && values.includes(tag.Value);
  }
  return false;
}

/**
 * SSM.SoftwareInventory: Systems Manager gathers the software inventory of the instance, so
 * changes to what runs next to PHI can be reviewed.
 * - given an AWS::SSM::Association of AWS-GatherSoftwareInventory targeting the instance by id, `*` or one of its tags, then PASS
 * - given no such association in the app, then FAIL (warning)
 * - given an association whose targets or the instance's tags cannot be resolved at synth, then UNVERIFIABLE
 */
const softwareInventory: Control = {
  id: 'SSM.SoftwareInventory',
  title: 'Systems Manager gathers the EC2 instance\'s software inventory',
  resourceTypes: [INSTANCE],
  citations: ['164.308(a)(1)(ii)(D)', '164.312(b)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Leave softwareInventory on (HipaaInstance), or add an SSM association of AWS-GatherSoftwareInventory targeting the instance.',
  rationale: 'The software inventory records what is installed on hosts that process PHI, part of reviewing information system activity.',
  check: (r, index) => {
    let unknown = false;
    for (const association of index.ofType(ASSOCIATION)) {
      if (str(association.properties.Name) !== INVENTORY_DOCUMENT) continue;
      for (const target of asArray(dig(association.properties, 'Targets'))) {
        const hit = targets(target, r, association, index);
        if (hit === true) return pass();
        if (hit === UNKNOWN) unknown = true;
      }
    }
    return unknown ? unverifiable('an inventory association\'s targets or the instance\'s tags cannot be resolved at synth.')
      : fail(`no SSM association of ${INVENTORY_DOCUMENT} targets the instance.`);
  },
};

export const SSM_CONTROLS: readonly Control[] = [softwareInventory];

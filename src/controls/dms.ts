import { Control, fail, pass, unverifiable } from './control';
import { HipaaSeverity } from './severity';
import { bool, UNKNOWN } from './values';

const REPLICATION_INSTANCE = 'AWS::DMS::ReplicationInstance';

/**
 * DMS.ReplicationInstanceNotPublic: the replication instance, which reads and writes whole databases, has no public IP.
 * DMS makes a replication instance publicly accessible when PubliclyAccessible is omitted (the API's
 * default is true). DMS Serverless (AWS::DMS::ReplicationConfig) has no such setting: its replications
 * never get a public IP address, so it is not checked here.
 * - given PubliclyAccessible false, then PASS
 * - given PubliclyAccessible true, or omitted (DMS's default is true), then FAIL
 * - given PubliclyAccessible from a parameter, then UNVERIFIABLE
 */
const replicationInstanceNotPublic: Control = {
  id: 'DMS.ReplicationInstanceNotPublic',
  title: 'DMS replication instance is not publicly accessible',
  resourceTypes: [REPLICATION_INSTANCE],
  citations: ['164.312(a)(1)', '164.308(a)(4)(ii)(B)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'DMSReplicationNotPublic',
  fix: 'Set publiclyAccessible: false on the CfnReplicationInstance and give it a replication subnet group of private subnets.',
  rationale: 'A replication instance copies whole databases of PHI; with a public IP address it is reachable from the internet.',
  check: (r) => {
    const publiclyAccessible = bool(r.properties.PubliclyAccessible);
    if (publiclyAccessible === UNKNOWN) return unverifiable('PubliclyAccessible cannot be resolved at synth.');
    if (publiclyAccessible === false) return pass();
    return fail(publiclyAccessible === true ? 'PubliclyAccessible is true, so the replication instance has a public IP address.'
      : 'PubliclyAccessible is not set, and DMS then makes the replication instance publicly accessible.');
  },
};

/** Controls for Database Migration Service. */
export const DMS_CONTROLS: readonly Control[] = [
  replicationInstanceNotPublic,
];

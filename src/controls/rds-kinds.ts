import { Control, notApplicable, RenderedResource } from './control';
import { str, Unknown, UNKNOWN } from './values';

/** The RDS resource kinds and how the controls tell cluster members from standalone databases. */
export const DB_INSTANCE = 'AWS::RDS::DBInstance';
export const DB_CLUSTER = 'AWS::RDS::DBCluster';

/**
 * A DB instance that belongs to a cluster (Aurora, or a Multi-AZ DB cluster): its storage,
 * encryption, backups, log exports and TLS parameters are the cluster's.
 */
export function isClusterMember(r: RenderedResource): boolean {
  return r.type === DB_INSTANCE && r.properties.DBClusterIdentifier !== undefined;
}

/** A control that judges standalone DB instances and clusters, and is N/A for cluster members. */
export function clusterLevel(control: Control): Control {
  return { ...control, check: (r, index) => (isClusterMember(r) ? notApplicable() : control.check(r, index)) };
}

/** The engine, lower case; 'unknown' when unresolvable. */
export function engineOf(r: RenderedResource): string | Unknown | undefined {
  const engine = str(r.properties.Engine);
  return engine === UNKNOWN || engine === undefined ? engine : engine.toLowerCase();
}

import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { HipaaSeverity } from './severity';
import { isIntrinsic, str, Unknown, UNKNOWN } from './values';

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

/** The parameter that forces TLS on an engine, the values that mean "on", and whether the engine's default has it on. */
interface TlsParameter {
  readonly name: string;
  readonly on: ReadonlySet<string>;
  readonly onByDefault: boolean;
}

/**
 * The TLS parameter of an engine: `rds.force_ssl` (PostgreSQL, Aurora PostgreSQL, SQL Server;
 * on by default in the parameter groups of RDS for PostgreSQL 15 and later), or
 * `require_secure_transport` (MySQL, MariaDB, Aurora MySQL 2 and 3). Undefined when no
 * parameter forces TLS (Oracle, Db2, Aurora MySQL 1): TLS is then enforced by other means.
 */
function tlsParameter(engine: string, version: string | Unknown | undefined): TlsParameter | undefined {
  if (engine === 'postgres' || engine === 'aurora-postgresql' || engine.startsWith('sqlserver')) {
    const major = typeof version === 'string' ? parseInt(version.split('.')[0], 10) : NaN;
    // EngineVersion absent: RDS picks its current default version, 15 or later.
    const onByDefault = engine === 'postgres' && version !== UNKNOWN && (version === undefined || major >= 15);
    return { name: 'rds.force_ssl', on: new Set(['1', 'ON', 'TRUE']), onByDefault };
  }
  if (engine === 'mysql' || engine === 'mariadb' || engine === 'aurora-mysql') {
    return { name: 'require_secure_transport', on: new Set(['1', 'ON', 'TRUE']), onByDefault: false };
  }
  return undefined;
}

/** The verdict for a parameter group (or the default one) that leaves the TLS parameter at the engine default. */
function defaultVerdict(p: TlsParameter, where: string): Verdict {
  return p.onByDefault ? pass() : fail(`${where} leaves ${p.name} at its default (off), so the database also accepts unencrypted connections.`);
}

/**
 * RDS.TlsEnforced: the DB instance or cluster rejects connections without TLS, through the
 * parameter group its DBParameterGroupName (instance) or DBClusterParameterGroupName (cluster) names.
 * - given a parameter group of the app with rds.force_ssl = 1 (PostgreSQL, Aurora PostgreSQL,
 *   SQL Server) or require_secure_transport = ON / 1 (MySQL, MariaDB, Aurora MySQL), then PASS
 * - given RDS for PostgreSQL 15 or later whose parameter group does not set rds.force_ssl (its
 *   default is 1 from version 15), then PASS
 * - given the default parameter group (none named, or `default.*`) or a group that sets the
 *   parameter to 0 / OFF or leaves it at an "off" default, then FAIL
 * - given an engine without such a parameter (Oracle, Db2), then FAIL: acknowledge, saying how
 *   TLS is enforced (an SSL option and a closed plain port, a TLS-only proxy...)
 * - given the literal name of a parameter group outside the app, or a parameter from a
 *   parameter, then UNVERIFIABLE
 * - given a DB instance of a cluster (the cluster parameter group decides), then N/A
 */
const tlsEnforced: Control = clusterLevel({
  id: 'RDS.TlsEnforced',
  title: 'RDS database rejects connections without TLS',
  resourceTypes: [DB_INSTANCE, DB_CLUSTER],
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Use EncryptedDatabase, or a parameterGroup with rds.force_ssl = 1 (PostgreSQL, SQL Server) or require_secure_transport = ON (MySQL, MariaDB).',
  check: (r, index) => {
    const engine = engineOf(r);
    if (engine === UNKNOWN || engine === undefined) return unverifiable(`Engine is ${engine === UNKNOWN ? 'unresolvable' : 'not set'}, so the TLS parameter cannot be chosen.`);
    const p = tlsParameter(engine, str(r.properties.EngineVersion));
    if (!p) return fail(`no parameter forces TLS on ${engine}; enforce it by other means (e.g. an SSL option with the plain port closed) and acknowledge how.`);
    return parameterGroupVerdict(r, index, p);
  },
});

/** Follows the (cluster) parameter group name of a DB instance or cluster and judges its TLS parameter. */
function parameterGroupVerdict(r: RenderedResource, index: ResourceIndex, p: TlsParameter): Verdict {
  const isInstance = r.type === DB_INSTANCE;
  const prop = isInstance ? 'DBParameterGroupName' : 'DBClusterParameterGroupName';
  const groupType = isInstance ? 'AWS::RDS::DBParameterGroup' : 'AWS::RDS::DBClusterParameterGroup';
  const name = r.properties[prop];
  if (name === undefined || (typeof name === 'string' && name.startsWith('default.'))) {
    return defaultVerdict(p, `${prop} ${name === undefined ? 'is not set, so the default parameter group' : `is ${name}, which`}`);
  }
  const group = index.target(name, r);
  if (group?.type !== groupType) {
    return typeof name === 'string'
      ? unverifiable(`${prop} names ${name}, a parameter group outside the app whose ${p.name} synth cannot see.`)
      : unverifiable(`${prop} cannot be resolved at synth.`);
  }
  const parameters = group.properties.Parameters;
  if (isIntrinsic(parameters)) return unverifiable(`the Parameters of ${group.logicalId} cannot be resolved at synth.`);
  const value = str(parameters?.[p.name]);
  if (value === UNKNOWN) return unverifiable(`${p.name} of ${group.logicalId} cannot be resolved at synth.`);
  if (value === undefined) return defaultVerdict(p, `the parameter group ${group.logicalId}`);
  return p.on.has(value.trim().toUpperCase())
    ? pass()
    : fail(`the parameter group ${group.logicalId} sets ${p.name} to ${value}, so the database also accepts unencrypted connections.`);
}

export const RDS_TLS_CONTROLS: readonly Control[] = [tlsEnforced];

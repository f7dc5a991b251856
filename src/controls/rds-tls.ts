import { Control, fail, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { clusterLevel, DB_CLUSTER, DB_INSTANCE, engineOf } from './rds-kinds';
import { HipaaSeverity } from './severity';
import { isIntrinsic, str, Unknown, UNKNOWN } from './values';

/** A parameter that forces TLS, with the one value the engine family's parameter groups take for "on". */
export interface TlsParameterSetting {
  readonly name: string;
  readonly value: string;
}

/**
 * The parameter that forces TLS, and its value, per engine family, as the RDS documentation writes
 * it. This is the single place the value is written; EncryptedDatabase sets it from here.
 * - RDS for PostgreSQL, Aurora PostgreSQL and RDS for SQL Server: `rds.force_ssl = 1`
 *   ("Requiring an SSL/TLS connection to a PostgreSQL DB instance", "Forcing connections to your
 *   DB instance to use SSL").
 * - RDS for MySQL and RDS for MariaDB DB instances: `require_secure_transport = 1`. The page
 *   "Requiring SSL/TLS for all connections to a MySQL DB instance on Amazon RDS" sets it to 1 (ON);
 *   the instance parameter groups of both engines hold it as a 0/1 boolean. MariaDB has it only
 *   from 10.5 ("Requiring SSL/TLS for all connections to a MariaDB DB instance on Amazon RDS").
 * - Aurora MySQL DB clusters: `require_secure_transport = ON`, in the DB cluster parameter group
 *   ("Security with Amazon Aurora MySQL", section "Requiring an SSL/TLS connection to an Aurora
 *   MySQL DB cluster").
 */
export const TLS_PARAMETERS = {
  forceSsl: { name: 'rds.force_ssl', value: '1' },
  mysqlInstance: { name: 'require_secure_transport', value: '1' },
  auroraMysqlCluster: { name: 'require_secure_transport', value: 'ON' },
} as const;

/** The first RDS for MariaDB version with `require_secure_transport`, as [major, minor]. */
export const MARIADB_FIRST_TLS_VERSION: readonly [number, number] = [10, 5];

/** Whether a MariaDB version (`10.4`, `10.11.8`, ...) predates `require_secure_transport`; false when it cannot be parsed. */
export function mariaDbLacksTlsParameter(version: string): boolean {
  const [major, minor] = version.split('.').map((p) => parseInt(p, 10));
  if (isNaN(major)) return false;
  const [firstMajor, firstMinor] = MARIADB_FIRST_TLS_VERSION;
  return major < firstMajor || (major === firstMajor && !isNaN(minor) && minor < firstMinor);
}

/** The setting, the engine family it belongs to (for messages), and whether the engine's default has it on. */
interface TlsParameter extends TlsParameterSetting {
  readonly family: string;
  readonly onByDefault: boolean;
}

/**
 * The TLS parameter of an engine (see {@link TLS_PARAMETERS}); `rds.force_ssl` is on by default in
 * the parameter groups of RDS for PostgreSQL 15 and later. Undefined when no parameter forces TLS
 * (Oracle, Db2, Aurora MySQL 1, MariaDB before 10.5): TLS is then enforced by other means.
 */
function tlsParameter(engine: string, version: string | Unknown | undefined): TlsParameter | undefined {
  if (engine === 'postgres' || engine === 'aurora-postgresql' || engine.startsWith('sqlserver')) {
    const major = typeof version === 'string' ? parseInt(version.split('.')[0], 10) : NaN;
    // EngineVersion absent: RDS picks its current default version, 15 or later.
    const onByDefault = engine === 'postgres' && version !== UNKNOWN && (version === undefined || major >= 15);
    const family = engine === 'postgres' ? 'RDS for PostgreSQL' : engine === 'aurora-postgresql' ? 'Aurora PostgreSQL' : 'RDS for SQL Server';
    return { ...TLS_PARAMETERS.forceSsl, family, onByDefault };
  }
  if (engine === 'mysql' || engine === 'mariadb') {
    if (engine === 'mariadb' && typeof version === 'string' && mariaDbLacksTlsParameter(version)) return undefined;
    return { ...TLS_PARAMETERS.mysqlInstance, family: engine === 'mysql' ? 'RDS for MySQL' : 'RDS for MariaDB', onByDefault: false };
  }
  if (engine === 'aurora-mysql') {
    return { ...TLS_PARAMETERS.auroraMysqlCluster, family: 'Aurora MySQL', onByDefault: false };
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
 *   SQL Server), require_secure_transport = 1 (MySQL, MariaDB 10.5 and later) or
 *   require_secure_transport = ON (Aurora MySQL), then PASS
 * - given RDS for PostgreSQL 15 or later whose parameter group does not set rds.force_ssl (its
 *   default is 1 from version 15), then PASS
 * - given the default parameter group (none named, or `default.*`) or a group that sets the
 *   parameter to 0 / OFF or leaves it at an "off" default, then FAIL
 * - given a value other than the one the engine family documents (e.g. ON for RDS for MySQL,
 *   whose parameter groups take 1), then FAIL, naming the documented value
 * - given an engine without such a parameter (Oracle, Db2, MariaDB before 10.5), then FAIL: acknowledge, saying how
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
  fix: 'Use EncryptedDatabase, or a parameterGroup with rds.force_ssl = 1 (PostgreSQL, SQL Server), require_secure_transport = 1 (MySQL, MariaDB 10.5+) or require_secure_transport = ON (Aurora MySQL).',
  rationale: 'Connections without TLS send PHI and credentials across the network in clear text.',
  check: (r, index) => {
    const engine = engineOf(r);
    if (engine === UNKNOWN || engine === undefined) return unverifiable(`Engine is ${engine === UNKNOWN ? 'unresolvable' : 'not set'}, so the TLS parameter cannot be chosen.`);
    const p = tlsParameter(engine, str(r.properties.EngineVersion));
    if (!p) return fail(`no parameter forces TLS on ${engine}; enforce it by other means (e.g. an SSL option with the plain port closed) and acknowledge how.`);
    return parameterGroupVerdict(r, index, p);
  },
});

/** Spellings of "on" that are not the documented value of every engine family. */
const ON_VALUES = new Set(['1', 'ON', 'TRUE']);

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
  const given = value.trim().toUpperCase();
  if (given === p.value.toUpperCase()) return pass();
  if (ON_VALUES.has(given)) {
    return fail(`the parameter group ${group.logicalId} sets ${p.name} to ${value}, but ${p.family} takes ${p.name} = ${p.value}; set it to ${p.value}.`);
  }
  return fail(`the parameter group ${group.logicalId} sets ${p.name} to ${value}, so the database also accepts unencrypted connections.`);
}

export const RDS_TLS_CONTROLS: readonly Control[] = [tlsEnforced];

import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { TLS_PARAMETERS, TlsParameterSetting } from '../../controls/rds-tls';

/** The engine families an EncryptedDatabase knows how to make HIPAA-safe. */
export type EngineKind = 'postgresql' | 'mysql' | 'sqlserver' | 'oracle' | 'db2' | 'other';

/** What an EncryptedDatabase sets for one engine: TLS, audit parameters, log exports, defaults. */
export interface EngineProfile {
  /** The engine type as RDS names it, e.g. `postgres`, `aurora-mysql`, `sqlserver-se`. */
  readonly engineType: string;
  readonly kind: EngineKind;
  /** Parameters that force TLS on every connection; undefined when no parameter can. */
  readonly tlsParameters?: Readonly<Record<string, string>>;
  /** Further parameters that make the exported audit log carry something. */
  readonly auditParameters: Readonly<Record<string, string>>;
  /** The log types exported to CloudWatch Logs. */
  readonly logExports: readonly string[];
  /** Whether the engine supports IAM database authentication. */
  readonly iamAuthentication: boolean;
  /** The instance class used when none is given. */
  readonly defaultInstanceType: ec2.InstanceType;
  /** The port the engine listens on unless told otherwise; undefined when not known. */
  readonly defaultPort?: number;
}

/** An EngineProfile without what is read from the engine itself. */
interface EngineSettings {
  readonly tlsParameters?: Readonly<Record<string, string>>;
  readonly auditParameters?: Readonly<Record<string, string>>;
  readonly logExports: readonly string[];
  readonly iamAuthentication: boolean;
  readonly defaultInstanceType: ec2.InstanceType;
  readonly defaultPort?: number;
}

/** The parameter group entry of a TLS setting; the values are written once, in the RDS.TlsEnforced control. */
function tlsEntry(setting: TlsParameterSetting): Readonly<Record<string, string>> {
  return { [setting.name]: setting.value };
}
/** rds.force_ssl = 1: PostgreSQL (RDS and Aurora) and SQL Server reject connections without TLS. */
const FORCE_SSL = tlsEntry(TLS_PARAMETERS.forceSsl);
/** require_secure_transport = 1 in a DB parameter group: RDS for MySQL and MariaDB (10.5 and later). */
const INSTANCE_REQUIRE_SECURE_TRANSPORT = tlsEntry(TLS_PARAMETERS.mysqlInstance);
/** require_secure_transport = ON in a DB cluster parameter group: Aurora MySQL. */
const AURORA_REQUIRE_SECURE_TRANSPORT = tlsEntry(TLS_PARAMETERS.auroraMysqlCluster);
/**
 * Aurora MySQL's Advanced Auditing: connections, grants and schema changes, but not the
 * statements that read or write rows (they would copy PHI into the log).
 */
const AURORA_MYSQL_AUDIT = { server_audit_logging: '1', server_audit_events: 'CONNECT,QUERY_DCL,QUERY_DDL' } as const;

/** Burstable Graviton class for engines that run on Graviton; general purpose x86 for the others. */
const GRAVITON_INSTANCE = ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM);
const X86_INSTANCE = ec2.InstanceType.of(ec2.InstanceClass.M6I, ec2.InstanceSize.LARGE);
/** Aurora: memory optimized Graviton, the smallest class meant for production. */
const AURORA_INSTANCE = ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE);

/** What is set per engine family for a DB instance. */
const INSTANCE_SETTINGS: Record<EngineKind, EngineSettings> = {
  postgresql: {
    tlsParameters: FORCE_SSL,
    logExports: ['postgresql', 'upgrade'],
    iamAuthentication: true,
    defaultInstanceType: GRAVITON_INSTANCE,
    defaultPort: 5432,
  },
  mysql: {
    tlsParameters: INSTANCE_REQUIRE_SECURE_TRANSPORT,
    logExports: ['audit', 'error', 'general', 'slowquery'],
    iamAuthentication: true,
    defaultInstanceType: GRAVITON_INSTANCE,
    defaultPort: 3306,
  },
  sqlserver: {
    tlsParameters: FORCE_SSL,
    logExports: ['agent', 'error'],
    iamAuthentication: false,
    defaultInstanceType: X86_INSTANCE,
    defaultPort: 1433,
  },
  // Oracle forces TLS with the SSL option of an option group, not with a parameter.
  oracle: {
    logExports: ['alert', 'audit', 'listener', 'oemagent', 'trace'],
    iamAuthentication: false,
    defaultInstanceType: X86_INSTANCE,
    defaultPort: 1521,
  },
  db2: {
    logExports: ['diag.log', 'notify.log'],
    iamAuthentication: false,
    defaultInstanceType: X86_INSTANCE,
    defaultPort: 50000,
  },
  other: { logExports: [], iamAuthentication: false, defaultInstanceType: X86_INSTANCE },
};

/** What is set per engine family for an Aurora cluster (TLS and audit in the cluster parameter group). */
const CLUSTER_SETTINGS: Record<EngineKind, EngineSettings> = {
  postgresql: {
    tlsParameters: FORCE_SSL,
    logExports: ['postgresql'],
    iamAuthentication: true,
    defaultInstanceType: AURORA_INSTANCE,
    defaultPort: 5432,
  },
  mysql: {
    tlsParameters: AURORA_REQUIRE_SECURE_TRANSPORT,
    auditParameters: AURORA_MYSQL_AUDIT,
    logExports: ['audit', 'error', 'general', 'slowquery'],
    iamAuthentication: true,
    defaultInstanceType: AURORA_INSTANCE,
    defaultPort: 3306,
  },
  sqlserver: { logExports: [], iamAuthentication: false, defaultInstanceType: AURORA_INSTANCE },
  oracle: { logExports: [], iamAuthentication: false, defaultInstanceType: AURORA_INSTANCE },
  db2: { logExports: [], iamAuthentication: false, defaultInstanceType: AURORA_INSTANCE },
  other: { logExports: [], iamAuthentication: false, defaultInstanceType: AURORA_INSTANCE },
};

/** The profile of an instance engine (`postgres`, `mysql`, `mariadb`, `sqlserver-*`, `oracle-*`, `db2-*`). */
export function instanceEngineProfile(engine: rds.IInstanceEngine): EngineProfile {
  return profile(engine, INSTANCE_SETTINGS);
}

/** The profile of an Aurora cluster engine (`aurora-postgresql`, `aurora-mysql`). */
export function clusterEngineProfile(engine: rds.IClusterEngine): EngineProfile {
  return profile(engine, CLUSTER_SETTINGS);
}

function profile(engine: rds.IEngine, table: Record<EngineKind, EngineSettings>): EngineProfile {
  const kind = kindOf(engine);
  const settings = table[kind];
  return { ...settings, engineType: engine.engineType, kind, auditParameters: settings.auditParameters ?? {} };
}

/** The family of an engine, from its engine type, falling back on the L2's `engineFamily`. */
function kindOf(engine: rds.IEngine): EngineKind {
  const type = engine.engineType.toLowerCase();
  if (type === 'postgres' || type === 'aurora-postgresql') return 'postgresql';
  if (type === 'mysql' || type === 'mariadb' || type === 'aurora-mysql') return 'mysql';
  // Aurora MySQL 1 (MySQL 5.6): no require_secure_transport parameter.
  if (type === 'aurora') return 'other';
  if (type.startsWith('sqlserver')) return 'sqlserver';
  if (type.startsWith('oracle') || type.startsWith('custom-oracle')) return 'oracle';
  if (type.startsWith('db2')) return 'db2';
  switch (engine.engineFamily) {
    case 'POSTGRESQL': return 'postgresql';
    case 'MYSQL': return 'mysql';
    case 'SQLSERVER': return 'sqlserver';
    default: return 'other';
  }
}

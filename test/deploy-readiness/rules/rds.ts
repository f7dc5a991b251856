/**
 * RDS: parameter values the engine family accepts, and Multi-AZ only where the edition offers it.
 */
import { indexOf, isTrue, problemsFor, render } from '../cfn';
import { DeployProblem, DeployTemplate } from '../model';

/**
 * `RdsParameterValues`: RDS rejects a parameter group whose values its family does not accept, and
 * a DB instance asking for Multi-AZ on an edition that has none.
 *
 * - `require_secure_transport`: a MySQL/MariaDB parameter. RDS for MySQL and MariaDB take it as a
 *   boolean `0`/`1` (the MySQL page documents "1 (ON)"); require TLS with `1`. MariaDB has it only
 *   from 10.5 (`mariadb10.0` ... `mariadb10.4` families reject it). Aurora MySQL cluster parameter
 *   groups take `ON` (or `1`). In a PostgreSQL or SQL Server family it does not exist.
 * - `rds.force_ssl`: a PostgreSQL / Aurora PostgreSQL / SQL Server parameter; `1` requires TLS. In a
 *   MySQL or MariaDB family it does not exist.
 * - `AWS::RDS::DBInstance` with `Engine` `sqlserver-ex` and `MultiAZ` true: SQL Server Multi-AZ is
 *   offered for Standard and Enterprise (Always On / mirroring) and, with block-level replication,
 *   for Web Edition; Express Edition has none.
 *
 * Sources: "Requiring SSL/TLS for all connections to a MySQL DB instance on Amazon RDS" —
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html ;
 * "Requiring SSL/TLS for all connections to a MariaDB DB instance on Amazon RDS" (only 10.5 and higher) —
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mariadb-ssl-connections.require-ssl.html ;
 * "Using SSL with a PostgreSQL DB instance" (rds.force_ssl) —
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html ;
 * AWS Config "rds-sqlserver-encrypted-in-transit" (SQL Server force_ssl = 1) —
 * https://docs.aws.amazon.com/config/latest/developerguide/rds-sqlserver-encrypted-in-transit.html ;
 * prowler-cloud/prowler#4116 (instances take 1, clusters ON) — https://github.com/prowler-cloud/prowler/pull/4116 ;
 * "Multi-AZ deployments for Amazon RDS for Microsoft SQL Server" and its limitations page —
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_SQLServerMultiAZ.html ,
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_SQLServerMultiAZ.Recommendations.html
 *
 * Scenarios:
 * - PASS: `require_secure_transport` `1` in a `mysql*` / `mariadb10.5+` family; `ON` or `1` in `aurora-mysql*`.
 * - PASS: `rds.force_ssl` `1` in `postgres*`, `aurora-postgresql*`, `sqlserver-*`.
 * - FAIL: another value (`ON` in `mysql*`/`mariadb*`, `0`, `OFF`, unresolvable), or the parameter in a family without it (incl. `mariadb` below 10.5).
 * - FAIL: an unresolvable `Family` while one of these parameters is set.
 * - FAIL: `sqlserver-ex` with `MultiAZ` true.
 */
export function rdsParameterValues(t: DeployTemplate, _all: DeployTemplate[]): DeployProblem[] {
  const index = indexOf(t);
  const problem = problemsFor('RdsParameterValues', t);
  const problems: DeployProblem[] = [];
  for (const id of [...index.ofType('AWS::RDS::DBParameterGroup'), ...index.ofType('AWS::RDS::DBClusterParameterGroup')]) {
    const props = index.resources[id].Properties ?? {};
    const parameters = props.Parameters ?? {};
    const rendered = render(props.Family);
    const family = rendered === undefined || /[{}]/.test(rendered) ? undefined : rendered.toLowerCase();
    for (const name of ['require_secure_transport', 'rds.force_ssl']) {
      if (!(name in parameters)) continue;
      const value = render(parameters[name]);
      const why = family === undefined ? 'the parameter group Family cannot be resolved, so the value cannot be checked'
        : parameterHazard(family, name, value);
      if (why) problems.push(problem(id, `${name} = ${JSON.stringify(parameters[name])}: ${why}.`));
    }
  }
  for (const id of index.ofType('AWS::RDS::DBInstance')) {
    const props = index.resources[id].Properties ?? {};
    if (render(props.Engine)?.toLowerCase() === 'sqlserver-ex' && isTrue(props.MultiAZ)) {
      problems.push(problem(id, 'SQL Server Express Edition (sqlserver-ex) has no Multi-AZ deployment on RDS, so the create fails. '
        + 'Use Single-AZ, or Web/Standard/Enterprise Edition for Multi-AZ.'));
    }
  }
  return problems;
}

function parameterHazard(family: string, name: string, value: string | undefined): string | undefined {
  const mysqlLike = /^(mysql|mariadb)/.test(family);
  const auroraMysql = family.startsWith('aurora-mysql') || family === 'aurora5.6' || family === 'aurora';
  const forceSslFamily = /^(postgres|aurora-postgresql|sqlserver)/.test(family);
  if (name === 'require_secure_transport') {
    if (auroraMysql) return value === 'ON' || value === '1' ? undefined : 'Aurora MySQL requires TLS with ON (or 1)';
    if (!mysqlLike) return `family ${family} has no require_secure_transport parameter (use rds.force_ssl)`;
    const mariadb = /^mariadb(\d+)\.(\d+)/.exec(family);
    if (mariadb && (Number(mariadb[1]) < 10 || (Number(mariadb[1]) === 10 && Number(mariadb[2]) < 5))) {
      return `MariaDB supports require_secure_transport only from 10.5; family ${family} rejects it`;
    }
    if (value === '1') return undefined;
    if (value?.toUpperCase() === 'ON') return `RDS for MySQL/MariaDB takes this parameter as 0 or 1 and rejects "ON" in family ${family}; use 1`;
    return `family ${family} requires TLS only with 1`;
  }
  if (!forceSslFamily) return `family ${family} has no rds.force_ssl parameter (use require_secure_transport)`;
  return value === '1' ? undefined : `family ${family} requires TLS only with 1`;
}

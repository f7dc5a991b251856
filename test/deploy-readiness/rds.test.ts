import { tpl } from './fixtures';
import { rdsParameterValues } from './rules/rds';

const group = (family: any, parameters: Record<string, any>, type = 'AWS::RDS::DBParameterGroup') =>
  ({ Type: type, Properties: { Family: family, Description: 'd', Parameters: parameters } });

describe('RdsParameterValues', () => {
  test('passes for the values each family accepts', () => {
    const t = tpl({
      MySql: group('mysql8.0', { require_secure_transport: '1' }),
      MariaNew: group('mariadb10.6', { require_secure_transport: 1 }),
      Aurora: group('aurora-mysql8.0', { require_secure_transport: 'ON' }, 'AWS::RDS::DBClusterParameterGroup'),
      Pg: group('postgres16', { 'rds.force_ssl': '1' }),
      AuroraPg: group('aurora-postgresql15', { 'rds.force_ssl': 1 }, 'AWS::RDS::DBClusterParameterGroup'),
      Sql: group('sqlserver-se-16.0', { 'rds.force_ssl': '1' }),
      Other: group({ Ref: 'Family' }, { max_connections: '100' }),
      Web: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'sqlserver-web', MultiAZ: true } },
      Ex: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'sqlserver-ex', MultiAZ: false } },
    });
    expect(rdsParameterValues(t, [t])).toEqual([]);
  });

  test('fails for ON in mysql and mariadb families, and for 0', () => {
    const t = tpl({
      MySql: group('mysql8.0', { require_secure_transport: 'ON' }),
      Maria: group('mariadb10.11', { require_secure_transport: 'on' }),
      Off: group('mysql5.7', { require_secure_transport: '0' }),
    });
    const problems = rdsParameterValues(t, [t]);
    expect(problems.map((p) => [p.rule, p.logicalId])).toEqual([
      ['RdsParameterValues', 'MySql'], ['RdsParameterValues', 'Maria'], ['RdsParameterValues', 'Off'],
    ]);
    expect(problems[0].message).toBe('require_secure_transport = "ON": RDS for MySQL/MariaDB takes this parameter as 0 or 1 and rejects "ON" in family mysql8.0; use 1.');
    expect(problems[2].message).toMatch(/requires TLS only with 1/);
  });

  test('fails for require_secure_transport below MariaDB 10.5 and for parameters of another engine', () => {
    const t = tpl({
      Old: group('mariadb10.4', { require_secure_transport: '1' }),
      PgWrong: group('postgres15', { require_secure_transport: '1' }),
      MySqlWrong: group('mysql8.0', { 'rds.force_ssl': '1' }),
      AuroraOff: group('aurora-mysql8.0', { require_secure_transport: 'OFF' }, 'AWS::RDS::DBClusterParameterGroup'),
      PgOff: group('postgres16', { 'rds.force_ssl': 0 }),
      Unknown: group({ Ref: 'Family' }, { 'rds.force_ssl': '1' }),
    });
    const messages = rdsParameterValues(t, [t]).map((p) => `${p.logicalId}: ${p.message}`);
    expect(messages).toEqual([
      'Old: require_secure_transport = "1": MariaDB supports require_secure_transport only from 10.5; family mariadb10.4 rejects it.',
      'PgWrong: require_secure_transport = "1": family postgres15 has no require_secure_transport parameter (use rds.force_ssl).',
      'MySqlWrong: rds.force_ssl = "1": family mysql8.0 has no rds.force_ssl parameter (use require_secure_transport).',
      'PgOff: rds.force_ssl = 0: family postgres16 requires TLS only with 1.',
      'Unknown: rds.force_ssl = "1": the parameter group Family cannot be resolved, so the value cannot be checked.',
      'AuroraOff: require_secure_transport = "OFF": Aurora MySQL requires TLS with ON (or 1).',
    ]);
  });

  test('fails for SQL Server Express with Multi-AZ', () => {
    const t = tpl({ Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'sqlserver-ex', MultiAZ: 'true' } } });
    const problems = rdsParameterValues(t, [t]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ rule: 'RdsParameterValues', logicalId: 'Db' });
    expect(problems[0].message).toMatch(/Express Edition \(sqlserver-ex\) has no Multi-AZ/);
  });
});

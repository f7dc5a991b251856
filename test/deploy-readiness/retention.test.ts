import { tpl } from './fixtures';
import { deletionProtectedCreate, retainOrphansOnFailedCreate } from './rules/retention';

describe('RetainOrphansOnFailedCreate', () => {
  test('passes for Delete, Snapshot, RetainExceptOnCreate and no policy', () => {
    const t = tpl({
      A: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Delete' },
      B: { Type: 'AWS::RDS::DBInstance', DeletionPolicy: 'Snapshot' },
      C: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'RetainExceptOnCreate' },
      D: { Type: 'AWS::SNS::Topic' },
    });
    expect(retainOrphansOnFailedCreate(t, [t])).toEqual([]);
  });

  test('fails for every Retain', () => {
    const t = tpl({
      Bucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
      Logs: { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'Retain' },
    });
    const problems = retainOrphansOnFailedCreate(t, [t]);
    expect(problems.map((p) => [p.rule, p.logicalId])).toEqual([
      ['RetainOrphansOnFailedCreate', 'Bucket'], ['RetainOrphansOnFailedCreate', 'Logs'],
    ]);
    expect(problems[0].message).toMatch(/AWS::S3::Bucket has DeletionPolicy Retain.*RetainExceptOnCreate \(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE\)/);
  });
});

describe('DeletionProtectedCreate', () => {
  const db = (props: any, extra: any = {}) => ({ Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', ...props }, ...extra });

  test('passes without deletion protection, for Aurora instances, Retain, and accepted metadata', () => {
    const t = tpl({
      Off: db({ DeletionProtection: false }),
      Absent: db({}),
      Aurora: db({ DeletionProtection: true, DBClusterIdentifier: { Ref: 'Cluster' } }),
      Kept: db({ DeletionProtection: true }, { DeletionPolicy: 'Retain' }),
      Accepted: db({ DeletionProtection: true }, { Metadata: { cdk_hipaa: { deletionProtectionOnCreate: 'accepted' } } }),
    });
    expect(deletionProtectedCreate(t, [t])).toEqual([]);
  });

  test('fails for an instance and a cluster created with deletion protection', () => {
    const t = tpl({
      Db: db({ DeletionProtection: true }, { DeletionPolicy: 'Snapshot' }),
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-mysql', DeletionProtection: 'true' } },
    });
    const problems = deletionProtectedCreate(t, [t]);
    expect(problems.map((p) => [p.rule, p.logicalId])).toEqual([['DeletionProtectedCreate', 'Db'], ['DeletionProtectedCreate', 'Cluster']]);
    expect(problems[0].message).toMatch(/ROLLBACK_FAILED.*deletionProtectionOnCreate = "accepted"/);
  });

  test('fails for an unresolvable value', () => {
    const t = tpl({ Db: db({ DeletionProtection: { Ref: 'Protect' } }) });
    expect(deletionProtectedCreate(t, [t])[0].message).toMatch(/cannot be resolved/);
  });
});

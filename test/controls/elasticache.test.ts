import { CfnParameter } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ControlFixture } from './harness';

// aws-cdk-lib has no ElastiCache L2: compliant and non-compliant fixtures are both L1.
function replicationGroup(f: ControlFixture, props: Partial<elasticache.CfnReplicationGroupProps> = {}): elasticache.CfnReplicationGroup {
  return new elasticache.CfnReplicationGroup(f.stack, 'Rg', {
    replicationGroupDescription: 'sessions',
    engine: 'valkey',
    cacheNodeType: 'cache.t4g.small',
    numCacheClusters: 2,
    atRestEncryptionEnabled: true,
    kmsKeyId: new kms.Key(f.stack, 'Key').keyArn,
    transitEncryptionEnabled: true,
    snapshotRetentionLimit: 7,
    ...props,
  });
}

describe('a compliant replication group', () => {
  test('passes every ElastiCache control', () => {
    const f = new ControlFixture();
    replicationGroup(f);
    for (const id of ['ElastiCache.EncryptionAtRest', 'ElastiCache.CustomerManagedKey', 'ElastiCache.InTransitEncryption', 'ElastiCache.AutomaticBackups']) {
      expect([id, f.status(id, 'Rg')]).toEqual([id, 'PASS']);
    }
  });
});

describe('ElastiCache.EncryptionAtRest and ElastiCache.CustomerManagedKey', () => {
  test('FAIL given no at-rest encryption; the key control is N/A', () => {
    const f = new ControlFixture();
    replicationGroup(f, { atRestEncryptionEnabled: undefined, kmsKeyId: undefined });
    expect(f.status('ElastiCache.EncryptionAtRest', 'Rg')).toBe('FAIL');
    expect(f.message('ElastiCache.EncryptionAtRest', 'Rg')).toMatch(/AtRestEncryptionEnabled is not set/);
    expect(f.status('ElastiCache.CustomerManagedKey', 'Rg')).toBe('N/A');
  });
  test('FAIL given at-rest encryption without a key (the AWS-managed key)', () => {
    const f = new ControlFixture();
    replicationGroup(f, { kmsKeyId: undefined });
    expect(f.status('ElastiCache.CustomerManagedKey', 'Rg')).toBe('FAIL');
    expect(f.message('ElastiCache.CustomerManagedKey', 'Rg')).toMatch(/AWS-managed ElastiCache key/);
  });
  test('FAIL given a serverless cache without a key; PASS with one', () => {
    const f = new ControlFixture();
    new elasticache.CfnServerlessCache(f.stack, 'Plain', { engine: 'valkey', serverlessCacheName: 'plain' });
    new elasticache.CfnServerlessCache(f.stack, 'Keyed', { engine: 'valkey', serverlessCacheName: 'keyed', kmsKeyId: new kms.Key(f.stack, 'K').keyId });
    expect(f.status('ElastiCache.CustomerManagedKey', 'Plain')).toBe('FAIL');
    expect(f.message('ElastiCache.CustomerManagedKey', 'Plain')).toMatch(/AWS-owned key/);
    expect(f.status('ElastiCache.CustomerManagedKey', 'Keyed')).toBe('PASS');
  });
  test('UNVERIFIABLE given at-rest encryption from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'AtRest', { type: 'String' });
    replicationGroup(f, { atRestEncryptionEnabled: p.valueAsString as any });
    expect(f.status('ElastiCache.EncryptionAtRest', 'Rg')).toBe('UNVERIFIABLE');
  });
});

describe('ElastiCache.InTransitEncryption', () => {
  test('FAIL given no transit encryption', () => {
    const f = new ControlFixture();
    replicationGroup(f, { transitEncryptionEnabled: false });
    expect(f.status('ElastiCache.InTransitEncryption', 'Rg')).toBe('FAIL');
    expect(f.message('ElastiCache.InTransitEncryption', 'Rg')).toMatch(/TransitEncryptionEnabled is false/);
  });
  test('FAIL given TransitEncryptionMode preferred', () => {
    const f = new ControlFixture();
    replicationGroup(f, { transitEncryptionMode: 'preferred' });
    expect(f.status('ElastiCache.InTransitEncryption', 'Rg')).toBe('FAIL');
    expect(f.message('ElastiCache.InTransitEncryption', 'Rg')).toMatch(/preferred/);
  });
});

describe('ElastiCache.AutomaticBackups', () => {
  test('FAIL (warning) given no snapshot retention', () => {
    const f = new ControlFixture();
    replicationGroup(f, { snapshotRetentionLimit: 0 });
    expect(f.status('ElastiCache.AutomaticBackups', 'Rg')).toBe('FAIL');
    expect(f.message('ElastiCache.AutomaticBackups', 'Rg')).toMatch(/no automatic backups/);
  });
  test('PASS given a serverless cache keeping snapshots', () => {
    const f = new ControlFixture();
    new elasticache.CfnServerlessCache(f.stack, 'S', { engine: 'valkey', serverlessCacheName: 's', snapshotRetentionLimit: 7 });
    expect(f.status('ElastiCache.AutomaticBackups', 'S')).toBe('PASS');
  });
});

describe('ElastiCache.AutomaticBackups on cache clusters', () => {
  test('FAIL (warning) given a Redis cache cluster without snapshot retention; PASS given a Valkey one keeping snapshots', () => {
    const f = new ControlFixture();
    new elasticache.CfnCacheCluster(f.stack, 'Plain', { engine: 'redis', cacheNodeType: 'cache.t4g.small', numCacheNodes: 1 });
    new elasticache.CfnCacheCluster(f.stack, 'Kept', { engine: 'valkey', cacheNodeType: 'cache.t4g.small', numCacheNodes: 1, snapshotRetentionLimit: 7 });
    expect(f.status('ElastiCache.AutomaticBackups', 'Plain')).toBe('FAIL');
    expect(f.message('ElastiCache.AutomaticBackups', 'Plain')).toMatch(/no automatic backups/);
    expect(f.status('ElastiCache.AutomaticBackups', 'Kept')).toBe('PASS');
  });
  test('N/A given a Memcached cache cluster (no snapshots)', () => {
    const f = new ControlFixture();
    new elasticache.CfnCacheCluster(f.stack, 'C', { engine: 'memcached', cacheNodeType: 'cache.t4g.small', numCacheNodes: 2 });
    expect(f.status('ElastiCache.AutomaticBackups', 'C')).toBe('N/A');
  });
  test('UNVERIFIABLE given a cache cluster whose engine is a parameter', () => {
    const f = new ControlFixture();
    new elasticache.CfnCacheCluster(f.stack, 'C', { engine: new CfnParameter(f.stack, 'Engine').valueAsString, cacheNodeType: 'cache.t4g.small', numCacheNodes: 1 });
    expect(f.status('ElastiCache.AutomaticBackups', 'C')).toBe('UNVERIFIABLE');
    expect(f.message('ElastiCache.AutomaticBackups', 'C')).toMatch(/Engine cannot be resolved/);
  });
});

describe('ElastiCache.CacheClusterEncrypted', () => {
  test('FAIL given a single-node Redis cache cluster', () => {
    const f = new ControlFixture();
    new elasticache.CfnCacheCluster(f.stack, 'C', { engine: 'redis', cacheNodeType: 'cache.t4g.small', numCacheNodes: 1 });
    expect(f.status('ElastiCache.CacheClusterEncrypted', 'C')).toBe('FAIL');
    expect(f.message('ElastiCache.CacheClusterEncrypted', 'C')).toMatch(/use a replication group/);
  });
  test('PASS given Memcached with transit encryption; FAIL without', () => {
    const f = new ControlFixture();
    new elasticache.CfnCacheCluster(f.stack, 'Tls', { engine: 'memcached', cacheNodeType: 'cache.t4g.small', numCacheNodes: 2, transitEncryptionEnabled: true });
    new elasticache.CfnCacheCluster(f.stack, 'Plain', { engine: 'memcached', cacheNodeType: 'cache.t4g.small', numCacheNodes: 2 });
    expect(f.status('ElastiCache.CacheClusterEncrypted', 'Tls')).toBe('PASS');
    expect(f.status('ElastiCache.CacheClusterEncrypted', 'Plain')).toBe('FAIL');
    expect(f.message('ElastiCache.CacheClusterEncrypted', 'Plain')).toMatch(/plain text/);
  });
});

describe('unresolvable values', () => {
  test('UNVERIFIABLE given the key, the transit flag, the retention and the engine from parameters', () => {
    const f = new ControlFixture();
    const text = (id: string) => new CfnParameter(f.stack, id, { type: 'String' }).valueAsString;
    replicationGroup(f, { kmsKeyId: text('KeyArn'), transitEncryptionEnabled: text('Transit') as any, snapshotRetentionLimit: new CfnParameter(f.stack, 'Days', { type: 'Number' }).valueAsNumber });
    new elasticache.CfnCacheCluster(f.stack, 'C', { engine: text('Engine'), cacheNodeType: 'cache.t4g.small', numCacheNodes: 1 });
    for (const id of ['ElastiCache.CustomerManagedKey', 'ElastiCache.InTransitEncryption', 'ElastiCache.AutomaticBackups']) {
      expect([id, f.status(id, 'Rg')]).toEqual([id, 'UNVERIFIABLE']);
    }
    expect(f.status('ElastiCache.CacheClusterEncrypted', 'C')).toBe('UNVERIFIABLE');
  });
});

describe('ElastiCache.AuthEnabled', () => {
  const id = 'ElastiCache.AuthEnabled';
  test('PASS given RBAC user groups with TLS; PASS given an AuthToken from Secrets Manager with TLS', () => {
    const f = new ControlFixture();
    const user = new elasticache.CfnUser(f.stack, 'User', { engine: 'valkey', userId: 'app', userName: 'app', accessString: 'on ~* +@all', authenticationMode: { Type: 'iam' } });
    const group = new elasticache.CfnUserGroup(f.stack, 'Group', { engine: 'valkey', userGroupId: 'app', userIds: [user.ref] });
    replicationGroup(f, { userGroupIds: [group.ref] });
    const secret = new secretsmanager.Secret(f.stack, 'Token', { generateSecretString: { excludePunctuation: true } });
    new elasticache.CfnReplicationGroup(f.stack, 'Tokened', {
      replicationGroupDescription: 'sessions',
      engine: 'redis',
      cacheNodeType: 'cache.t4g.small',
      numCacheClusters: 2,
      transitEncryptionEnabled: true,
      authToken: secret.secretValue.unsafeUnwrap(),
    });
    expect(f.status(id, 'Rg')).toBe('PASS');
    expect(f.status(id, 'Tokened')).toBe('PASS');
  });
  test('FAIL given TLS without AuthToken or UserGroupIds (TLS alone is not authentication)', () => {
    const f = new ControlFixture();
    replicationGroup(f);
    expect(f.status('ElastiCache.InTransitEncryption', 'Rg')).toBe('PASS');
    expect(f.status(id, 'Rg')).toBe('FAIL');
    expect(f.message(id, 'Rg')).toMatch(/TLS alone is not authentication/);
  });
  test('FAIL given an AuthToken without transit encryption', () => {
    const f = new ControlFixture();
    replicationGroup(f, { authToken: '{{resolve:secretsmanager:cache-token}}', transitEncryptionEnabled: undefined });
    expect(f.status(id, 'Rg')).toBe('FAIL');
    expect(f.message(id, 'Rg')).toMatch(/TransitEncryptionEnabled is not set/);
  });
  test('PASS given a serverless cache with a user group; FAIL without one', () => {
    const f = new ControlFixture();
    new elasticache.CfnServerlessCache(f.stack, 'Open', { engine: 'valkey', serverlessCacheName: 'open' });
    new elasticache.CfnServerlessCache(f.stack, 'Rbac', { engine: 'valkey', serverlessCacheName: 'rbac', userGroupId: 'app-users' });
    expect(f.status(id, 'Open')).toBe('FAIL');
    expect(f.message(id, 'Open')).toMatch(/default user/);
    expect(f.status(id, 'Rbac')).toBe('PASS');
  });
  test('FAIL given a Redis or Valkey cache cluster; N/A given Memcached', () => {
    const f = new ControlFixture();
    new elasticache.CfnCacheCluster(f.stack, 'Redis', { engine: 'redis', cacheNodeType: 'cache.t4g.small', numCacheNodes: 1, transitEncryptionEnabled: true });
    new elasticache.CfnCacheCluster(f.stack, 'Mc', { engine: 'memcached', cacheNodeType: 'cache.t4g.small', numCacheNodes: 2 });
    expect(f.status(id, 'Redis')).toBe('FAIL');
    expect(f.message(id, 'Redis')).toMatch(/use a replication group/);
    expect(f.status(id, 'Mc')).toBe('N/A');
  });
  test('UNVERIFIABLE given the token, the user groups, the transit flag, the serverless user group or the engine from parameters', () => {
    const f = new ControlFixture();
    const text = (name: string) => new CfnParameter(f.stack, name, { type: 'String' }).valueAsString;
    replicationGroup(f, { authToken: text('AuthToken') });
    new elasticache.CfnReplicationGroup(f.stack, 'Groups', {
      replicationGroupDescription: 'g',
      cacheNodeType: 'cache.t4g.small',
      transitEncryptionEnabled: true,
      userGroupIds: new CfnParameter(f.stack, 'GroupIds', { type: 'CommaDelimitedList' }).valueAsList,
    });
    new elasticache.CfnReplicationGroup(f.stack, 'Transit', {
      replicationGroupDescription: 't',
      cacheNodeType: 'cache.t4g.small',
      authToken: '{{resolve:secretsmanager:cache-token}}',
      transitEncryptionEnabled: text('TransitFlag') as any,
    });
    new elasticache.CfnServerlessCache(f.stack, 'S', { engine: 'valkey', serverlessCacheName: 's', userGroupId: text('UserGroup') });
    new elasticache.CfnCacheCluster(f.stack, 'C', { engine: text('Engine'), cacheNodeType: 'cache.t4g.small', numCacheNodes: 1 });
    for (const path of ['Rg', 'Groups', 'Transit', 'S', 'C']) {
      expect([path, f.status(id, path)]).toEqual([path, 'UNVERIFIABLE']);
    }
  });
});

import { Stack } from 'aws-cdk-lib';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { NagCase } from './types';

/** An L1 Redis replication group with encryption on; `props` adds or overrides properties. */
function replicationGroup(stack: Stack, props: Partial<elasticache.CfnReplicationGroupProps> = {}): string {
  new elasticache.CfnReplicationGroup(stack, 'Cache', {
    replicationGroupDescription: 'patient sessions',
    engine: 'redis',
    cacheNodeType: 'cache.t4g.small',
    numCacheClusters: 2,
    automaticFailoverEnabled: true,
    atRestEncryptionEnabled: true,
    transitEncryptionEnabled: true,
    ...props,
  });
  return 'Cache';
}

/** An L1 single-node cache cluster; `props` adds or overrides properties. */
function cacheCluster(stack: Stack, props: Partial<elasticache.CfnCacheClusterProps>): string {
  new elasticache.CfnCacheCluster(stack, 'Cache', { engine: 'redis', cacheNodeType: 'cache.t4g.small', numCacheNodes: 1, ...props });
  return 'Cache';
}

export const CASES: readonly NagCase[] = [
  // ElastiCacheRedisClusterAutomaticBackup: Redis keeps snapshots at least 15 days
  {
    rule: 'ElastiCacheRedisClusterAutomaticBackup',
    compliant: true,
    title: 'replication group keeping snapshots 15 days',
    build: (stack) => replicationGroup(stack, { snapshotRetentionLimit: 15 }),
  },
  {
    rule: 'ElastiCacheRedisClusterAutomaticBackup',
    compliant: true,
    title: 'Redis cache cluster keeping snapshots 35 days',
    build: (stack) => cacheCluster(stack, { snapshotRetentionLimit: 35 }),
  },
  {
    rule: 'ElastiCacheRedisClusterAutomaticBackup',
    compliant: true,
    title: 'Memcached cluster (no snapshots to keep)',
    build: (stack) => cacheCluster(stack, { engine: 'memcached' }),
  },
  {
    rule: 'ElastiCacheRedisClusterAutomaticBackup',
    compliant: false,
    title: 'replication group with the default: no snapshots',
    build: (stack) => replicationGroup(stack),
  },
  {
    rule: 'ElastiCacheRedisClusterAutomaticBackup',
    compliant: false,
    title: 'replication group keeping snapshots 7 days',
    build: (stack) => replicationGroup(stack, { snapshotRetentionLimit: 7 }),
  },
  {
    rule: 'ElastiCacheRedisClusterAutomaticBackup',
    compliant: false,
    title: 'Redis cache cluster without snapshots',
    build: (stack) => cacheCluster(stack, {}),
  },
];

import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { HipaaSeverity } from './severity';
import { bool, isIntrinsic, list, num, str, UNKNOWN, Unknown } from './values';

// aws-cdk-lib has no ElastiCache L2: these controls read the L1 resources.
const REPLICATION_GROUP = 'AWS::ElastiCache::ReplicationGroup';
const SERVERLESS_CACHE = 'AWS::ElastiCache::ServerlessCache';
const CACHE_CLUSTER = 'AWS::ElastiCache::CacheCluster';

/**
 * ElastiCache.EncryptionAtRest: the replication group encrypts its data at rest (snapshots and swap included).
 * - given AtRestEncryptionEnabled true, then PASS
 * - given false or absent, then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const encryptionAtRest: Control = {
  id: 'ElastiCache.EncryptionAtRest',
  title: 'ElastiCache replication group is encrypted at rest',
  resourceTypes: [REPLICATION_GROUP],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set atRestEncryptionEnabled: true with kmsKeyId (a HipaaKey); it can only be chosen when the group is created.',
  check: (r) => {
    const value = bool(r.properties.AtRestEncryptionEnabled);
    if (value === UNKNOWN) return unverifiable('AtRestEncryptionEnabled cannot be resolved at synth.');
    return value === true ? pass() : fail(`AtRestEncryptionEnabled is ${value ?? 'not set'}, so snapshots and swapped data are unencrypted.`);
  },
};

/**
 * ElastiCache.CustomerManagedKey: data at rest is encrypted with a customer-managed key.
 * - given a replication group encrypted at rest, or a serverless cache, with KmsKeyId referencing
 *   an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no KmsKeyId (the AWS-managed ElastiCache key, or an AWS-owned key for serverless caches), then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 * - given a replication group not encrypted at rest (ElastiCache.EncryptionAtRest reports it), then N/A
 */
const customerManagedKey: Control = {
  id: 'ElastiCache.CustomerManagedKey',
  title: 'ElastiCache data at rest is encrypted with a customer-managed KMS key',
  resourceTypes: [REPLICATION_GROUP, SERVERLESS_CACHE],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set kmsKeyId to a customer-managed key (a HipaaKey).',
  check: (r, index) => {
    if (r.type === SERVERLESS_CACHE) return customerKeyVerdict(r, index, ['KmsKeyId'], 'an AWS-owned key');
    return bool(r.properties.AtRestEncryptionEnabled) === true
      ? customerKeyVerdict(r, index, ['KmsKeyId'], 'the AWS-managed ElastiCache key')
      : notApplicable();
  },
};

/**
 * ElastiCache.InTransitEncryption: clients and replicas talk to the replication group over TLS only.
 * - given TransitEncryptionEnabled true and TransitEncryptionMode required or absent, then PASS
 * - given TransitEncryptionEnabled false or absent, then FAIL
 * - given TransitEncryptionMode preferred (TLS and plain connections both accepted), then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const inTransitEncryption: Control = {
  id: 'ElastiCache.InTransitEncryption',
  title: 'ElastiCache replication group requires TLS',
  resourceTypes: [REPLICATION_GROUP],
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set transitEncryptionEnabled: true and leave transitEncryptionMode at required.',
  check: (r) => {
    const enabled = bool(r.properties.TransitEncryptionEnabled);
    const mode = str(r.properties.TransitEncryptionMode);
    if (enabled === UNKNOWN || mode === UNKNOWN) return unverifiable('TransitEncryptionEnabled or TransitEncryptionMode cannot be resolved at synth.');
    if (enabled !== true) return fail(`TransitEncryptionEnabled is ${enabled ?? 'not set'}, so cached data crosses the network in plain text.`);
    return mode === 'preferred' ? fail('TransitEncryptionMode is preferred, so unencrypted connections are accepted too.') : pass();
  },
};

/**
 * ElastiCache.AutomaticBackups: automatic snapshots are kept.
 * - given a replication group, serverless cache, or Redis or Valkey cache cluster with SnapshotRetentionLimit > 0, then PASS
 * - given 0 or absent (no automatic backups), then FAIL (warning: a cache is rarely the only copy
 *   of PHI; acknowledge where it is derived from a backed-up store)
 * - given a Memcached cache cluster (Memcached has no snapshots), then N/A
 * - given a parameter, or a cache cluster whose engine is a parameter, then UNVERIFIABLE
 */
const automaticBackups: Control = {
  id: 'ElastiCache.AutomaticBackups',
  title: 'ElastiCache automatic backups are enabled',
  resourceTypes: [REPLICATION_GROUP, SERVERLESS_CACHE, CACHE_CLUSTER],
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'ElastiCacheRedisClusterAutomaticBackup',
  fix: 'Set snapshotRetentionLimit to the number of days to keep automatic backups.',
  check: (r) => {
    if (r.type === CACHE_CLUSTER) {
      const engine = str(r.properties.Engine);
      if (engine === UNKNOWN) return unverifiable('Engine cannot be resolved at synth, so whether the cache cluster supports snapshots is unknown.');
      if (engine?.toLowerCase() === 'memcached') return notApplicable();
    }
    const days = num(r.properties.SnapshotRetentionLimit);
    if (days === UNKNOWN) return unverifiable('SnapshotRetentionLimit cannot be resolved at synth.');
    return days !== undefined && days > 0 ? pass() : fail('SnapshotRetentionLimit is 0 or not set, so no automatic backups are taken.');
  },
};

/**
 * ElastiCache.CacheClusterEncrypted: a standalone cache cluster can protect its data.
 * - given a Redis or Valkey CacheCluster (a single node, which supports neither at-rest nor
 *   in-transit encryption), then FAIL: use a replication group
 * - given a Memcached CacheCluster with TransitEncryptionEnabled true, then PASS (Memcached keeps
 *   data in memory only)
 * - given a Memcached CacheCluster without it, then FAIL
 * - given an engine or flag from a parameter, then UNVERIFIABLE
 */
const cacheClusterEncrypted: Control = {
  id: 'ElastiCache.CacheClusterEncrypted',
  title: 'ElastiCache cache cluster encrypts its data',
  resourceTypes: [CACHE_CLUSTER],
  citations: ['164.312(a)(2)(iv)', '164.312(e)(1)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Use an ElastiCache replication group (CfnReplicationGroup) with at-rest and in-transit encryption for Redis or Valkey, or transitEncryptionEnabled: true for Memcached.',
  check: (r) => {
    const engine = str(r.properties.Engine);
    if (engine === UNKNOWN) return unverifiable('Engine cannot be resolved at synth.');
    if (engine?.toLowerCase() !== 'memcached') {
      return fail(`a single-node ${engine} cache cluster cannot be encrypted at rest or in transit; use a replication group.`);
    }
    const transit = bool(r.properties.TransitEncryptionEnabled);
    if (transit === UNKNOWN) return unverifiable('TransitEncryptionEnabled cannot be resolved at synth.');
    return transit === true ? pass() : fail('TransitEncryptionEnabled is not true, so cached data crosses the network in plain text.');
  },
};

/**
 * Whether a credential property is set: a non-empty literal, or a CloudFormation dynamic reference
 * (`{{resolve:secretsmanager:...}}`, also inside an `Fn::Join` as CDK renders `SecretValue`), counts
 * as set; an empty string or absence as unset; any other intrinsic (a parameter, a condition) as unknown.
 */
function credentialSet(value: unknown): boolean | Unknown {
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'string') return true;
  const join = (value as any)?.['Fn::Join'];
  if (isIntrinsic(value) && Array.isArray(join?.[1]) && join[1].some((part: unknown) => typeof part === 'string' && part.includes('{{resolve:'))) return true;
  return UNKNOWN;
}

/**
 * ElastiCache.AuthEnabled: clients must authenticate to the Redis OSS or Valkey cache, over TLS.
 * - given a replication group with an AuthToken (a literal or a `{{resolve:secretsmanager:...}}` dynamic
 *   reference) or UserGroupIds (RBAC user groups), and TransitEncryptionEnabled true, then PASS
 * - given a replication group with neither AuthToken nor UserGroupIds (the default: no authentication),
 *   then FAIL, even with TransitEncryptionEnabled true (TLS alone is not authentication)
 * - given an AuthToken or UserGroupIds without TransitEncryptionEnabled true, then FAIL (the token
 *   would cross the network in plain text; AUTH and RBAC both need TLS)
 * - given a serverless cache with a UserGroupId, then PASS (serverless caches always use TLS)
 * - given a serverless cache without a UserGroupId (the open default user), then FAIL
 * - given a Redis or Valkey cache cluster (CloudFormation gives AWS::ElastiCache::CacheCluster no
 *   AuthToken or user group property), then FAIL: use a replication group
 * - given a Memcached cache cluster, then N/A (this control covers Redis OSS and Valkey AUTH)
 * - given an AuthToken, UserGroupIds, UserGroupId, TransitEncryptionEnabled or cluster engine from a parameter, then UNVERIFIABLE
 */
const authEnabled: Control = {
  id: 'ElastiCache.AuthEnabled',
  title: 'ElastiCache Redis OSS and Valkey caches require authentication over TLS',
  resourceTypes: [REPLICATION_GROUP, SERVERLESS_CACHE, CACHE_CLUSTER],
  citations: ['164.312(d)', '164.312(a)(1)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'ElastiCacheRedisClusterRedisAuth',
  fix: 'Set userGroupIds (a CfnUserGroup of RBAC users) or authToken from a Secrets Manager secret, with transitEncryptionEnabled: true.',
  rationale: 'Without authentication any host that reaches the cache endpoint can read and change the PHI it holds; '
    + 'encryption in transit protects the connection but does not identify who is connecting.',
  check: (r) => {
    if (r.type === CACHE_CLUSTER) {
      const engine = str(r.properties.Engine);
      if (engine === UNKNOWN) return unverifiable('Engine cannot be resolved at synth.');
      if (engine?.toLowerCase() === 'memcached') return notApplicable();
      return fail(`a ${engine} cache cluster cannot require AUTH or RBAC in CloudFormation; use a replication group with user groups or an AuthToken.`);
    }
    if (r.type === SERVERLESS_CACHE) {
      const group = credentialSet(r.properties.UserGroupId);
      if (group === UNKNOWN) return unverifiable('UserGroupId cannot be resolved at synth.');
      return group ? pass() : fail('UserGroupId is not set, so clients connect as the default user without a password (TLS alone is not authentication).');
    }
    const token = credentialSet(r.properties.AuthToken);
    const groups = list(r.properties.UserGroupIds);
    const hasGroups = groups === UNKNOWN ? UNKNOWN : groups.length > 0;
    if (token !== true && hasGroups !== true) {
      if (token === UNKNOWN || hasGroups === UNKNOWN) return unverifiable('AuthToken or UserGroupIds cannot be resolved at synth.');
      return fail('neither AuthToken nor UserGroupIds is set, so any client that reaches the endpoint is let in (TLS alone is not authentication).');
    }
    const transit = bool(r.properties.TransitEncryptionEnabled);
    if (transit === UNKNOWN) return unverifiable('TransitEncryptionEnabled cannot be resolved at synth.');
    return transit === true ? pass() : fail(`TransitEncryptionEnabled is ${transit ?? 'not set'}, so the AUTH credential would cross the network in plain text.`);
  },
};

/** Controls for ElastiCache replication groups, serverless caches and cache clusters. */
export const ELASTICACHE_CONTROLS: readonly Control[] = [
  encryptionAtRest,
  customerManagedKey,
  inTransitEncryption,
  automaticBackups,
  cacheClusterEncrypted,
  authEnabled,
];

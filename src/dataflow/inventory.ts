import { MapContext, EvidenceFinding } from './context';
import { BackupStatus, EncryptionAtRest, EncryptionInTransit, Evidence, InventoryEntry, LogDestination } from './model';
import { catalogControl } from '../controls/catalog';
import { RenderedResource } from '../controls/control';
import { controlsFor } from '../controls/controls-by-type';
import { dig, isIntrinsic, keyKind, UNKNOWN } from '../controls/values';

type KeyDefault = 'aws-managed' | 'none';

/**
 * How each type declares encryption at rest: whether it is on (`on`; absent means `defaultOn`),
 * which key (`key`), and what an encrypted resource without a key uses (`keyless`).
 */
interface AtRestShape {
  readonly on?: (p: any) => unknown;
  readonly defaultOn: boolean;
  readonly key?: (p: any) => unknown;
  readonly keyless: KeyDefault;
}

const STORAGE_ENCRYPTED: AtRestShape = { on: (p) => p.StorageEncrypted, defaultOn: false, key: (p) => p.KmsKeyId, keyless: 'aws-managed' };
const KEY_ONLY = (key: (p: any) => unknown, keyless: KeyDefault = 'aws-managed'): AtRestShape => ({ defaultOn: true, key, keyless });

const AT_REST: { readonly [type: string]: AtRestShape } = {
  'AWS::S3::Bucket': KEY_ONLY((p) => dig(p, 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID')),
  'AWS::RDS::DBInstance': STORAGE_ENCRYPTED,
  'AWS::RDS::DBCluster': STORAGE_ENCRYPTED,
  'AWS::DocDB::DBCluster': STORAGE_ENCRYPTED,
  'AWS::Neptune::DBCluster': STORAGE_ENCRYPTED,
  'AWS::DynamoDB::Table': KEY_ONLY((p) => dig(p, 'SSESpecification', 'KMSMasterKeyId')),
  'AWS::DynamoDB::GlobalTable': KEY_ONLY((p) => dig(p, 'Replicas', 0, 'SSESpecification', 'KMSMasterKeyId')),
  'AWS::EFS::FileSystem': { on: (p) => p.Encrypted, defaultOn: false, key: (p) => p.KmsKeyId, keyless: 'aws-managed' },
  'AWS::EC2::Volume': { on: (p) => p.Encrypted, defaultOn: false, key: (p) => p.KmsKeyId, keyless: 'aws-managed' },
  'AWS::ElastiCache::ReplicationGroup': { on: (p) => p.AtRestEncryptionEnabled, defaultOn: false, key: (p) => p.KmsKeyId, keyless: 'aws-managed' },
  'AWS::ElastiCache::CacheCluster': { on: () => false, defaultOn: false, keyless: 'none' },
  'AWS::ElastiCache::ServerlessCache': KEY_ONLY((p) => p.KmsKeyId),
  'AWS::DAX::Cluster': { on: (p) => dig(p, 'SSESpecification', 'SSEEnabled'), defaultOn: false, keyless: 'aws-managed' },
  'AWS::OpenSearchService::Domain': { on: (p) => dig(p, 'EncryptionAtRestOptions', 'Enabled'), defaultOn: false, key: (p) => dig(p, 'EncryptionAtRestOptions', 'KmsKeyId'), keyless: 'aws-managed' },
  'AWS::Elasticsearch::Domain': { on: (p) => dig(p, 'EncryptionAtRestOptions', 'Enabled'), defaultOn: false, key: (p) => dig(p, 'EncryptionAtRestOptions', 'KmsKeyId'), keyless: 'aws-managed' },
  'AWS::Redshift::Cluster': { on: (p) => p.Encrypted, defaultOn: false, key: (p) => p.KmsKeyId, keyless: 'aws-managed' },
  'AWS::Timestream::Database': KEY_ONLY((p) => p.KmsKeyId),
  'AWS::QLDB::Ledger': KEY_ONLY((p) => p.KmsKey),
  'AWS::Kinesis::Stream': { on: (p) => dig(p, 'StreamEncryption', 'EncryptionType') === 'KMS' || isIntrinsic(dig(p, 'StreamEncryption', 'EncryptionType')), defaultOn: false, key: (p) => dig(p, 'StreamEncryption', 'KeyId'), keyless: 'aws-managed' },
  'AWS::SQS::Queue': { on: (p) => (p.KmsMasterKeyId !== undefined ? true : p.SqsManagedSseEnabled), defaultOn: true, key: (p) => p.KmsMasterKeyId, keyless: 'aws-managed' },
  'AWS::SecretsManager::Secret': KEY_ONLY((p) => p.KmsKeyId),
  'AWS::Logs::LogGroup': KEY_ONLY((p) => p.KmsKeyId),
  'AWS::Backup::BackupVault': KEY_ONLY((p) => p.EncryptionKeyArn),
  'AWS::ECR::Repository': KEY_ONLY((p) => dig(p, 'EncryptionConfiguration', 'KmsKey')),
  'AWS::SNS::Topic': { defaultOn: false, key: (p) => p.KmsMasterKeyId, keyless: 'none' },
  'AWS::KinesisFirehose::DeliveryStream': {
    on: (p) => dig(p, 'DeliveryStreamEncryptionConfigurationInput', 'KeyType') !== undefined,
    defaultOn: false,
    key: (p) => dig(p, 'DeliveryStreamEncryptionConfigurationInput', 'KeyARN'),
    keyless: 'aws-managed',
  },
  'AWS::Lambda::Function': KEY_ONLY((p) => p.KmsKeyArn),
};

/** Catalog controls that read encryption in transit. */
const TRANSIT_CONTROL = /(Tls|Ssl|InTransit|TransitEncryption|NodeToNode|Https|ListenerEncrypted)/;

const OWNER_TAGS = new Set(['owner', 'team']);

/** The inventory entry of one PHI-relevant resource. */
export function inventoryEntry(ctx: MapContext, r: RenderedResource, findings: ReadonlyMap<string, Evidence[]>): InventoryEntry | undefined {
  const c = ctx.classification(r);
  if (!c) return undefined;
  const constructPath = ctx.constructPath(r);
  const vpc = ctx.vpcOf(r);
  return {
    id: r.key,
    type: r.type,
    stack: ctx.stackName(r),
    logicalId: r.logicalId,
    ...(constructPath ? { constructPath } : {}),
    role: c.role,
    classification: c.classification,
    classificationSource: c.source,
    ...(c.reason ? { classificationReason: c.reason } : {}),
    encryptionAtRest: encryptionAtRest(ctx, r),
    encryptionInTransit: encryptionInTransit(ctx, r),
    backup: backup(ctx, r),
    logs: logs(ctx, r),
    owners: owners(r),
    ...(vpc ? { vpc } : {}),
    inPublicSubnet: ctx.inPublicSubnet(r),
    evidence: findings.get(constructPath ?? '') ?? findings.get(`${ctx.stackName(r)}|${r.logicalId}`) ?? [],
  };
}

/** Findings grouped by construct path and by `<template>|<logical id>`, sorted by control id. */
export function evidenceByResource(findings: readonly EvidenceFinding[]): Map<string, Evidence[]> {
  const map = new Map<string, Evidence[]>();
  const add = (key: string, e: Evidence) => {
    const list = map.get(key) ?? [];
    if (!list.some((x) => x.controlId === e.controlId)) list.push(e);
    map.set(key, list);
  };
  for (const f of findings) {
    const e = { controlId: f.controlId, status: f.status };
    if (f.constructPath) add(f.constructPath, e);
    if (f.template) add(`${f.template}|${f.logicalId}`, e);
  }
  for (const list of map.values()) list.sort((a, b) => a.controlId.localeCompare(b.controlId));
  return map;
}

export function encryptionAtRest(ctx: MapContext, r: RenderedResource): EncryptionAtRest {
  const shape = AT_REST[r.type];
  if (!shape) return { status: 'not-applicable' };
  const keyValue = shape.key?.(r.properties);
  const on = keyValue !== undefined ? true : (shape.on ? shape.on(r.properties) : undefined) ?? shape.defaultOn;
  if (isIntrinsic(on)) return { status: 'unverifiable', key: 'a value resolved at deploy' };
  if (on === false || on === 'false') return { status: 'none' };
  if (keyValue === undefined) return { status: shape.keyless, key: shape.keyless === 'aws-managed' ? 'the service\'s AWS managed or owned key' : undefined };
  const kind = keyKind(keyValue, r, ctx.index);
  const key = keyName(ctx, r, keyValue);
  if (kind === UNKNOWN) return { status: 'unverifiable', key };
  if (kind === 'customer') return { status: 'customer-managed', key };
  return { status: kind === 'aws-managed' ? 'aws-managed' : 'none', key };
}

/** A key reference as a reader recognizes it: the key's logical id in the app, else the literal ARN or alias. */
function keyName(ctx: MapContext, r: RenderedResource, value: unknown): string {
  if (typeof value === 'string') return value;
  const target = ctx.index.target(value, r);
  if (target?.type === 'AWS::KMS::Alias') {
    const key = ctx.index.target(target.properties.TargetKeyId, target);
    return key ? key.logicalId : target.logicalId;
  }
  if (target) return target.logicalId;
  return JSON.stringify(value);
}

export function encryptionInTransit(ctx: MapContext, r: RenderedResource): EncryptionInTransit {
  const verdicts: Array<{ id: string; status: string }> = [];
  for (const control of controlsFor(r.type)) {
    if (!TRANSIT_CONTROL.test(control.id)) continue;
    let status: string;
    try {
      status = control.check(r, ctx.index).status;
    } catch {
      status = 'unverifiable';
    }
    if (status !== 'not-applicable') verdicts.push({ id: control.id, status });
  }
  const controls = verdicts.map((v) => v.id).sort();
  if (verdicts.length === 0) return { status: 'not-readable', controls };
  if (verdicts.some((v) => v.status === 'fail')) return { status: 'not-enforced', controls };
  if (verdicts.some((v) => v.status === 'unverifiable')) return { status: 'unverifiable', controls };
  return { status: 'enforced', controls };
}

const IN_PLAN = catalogControl('Backup.ResourceInPlan');
const INSTANCE_IN_PLAN = catalogControl('Backup.InstanceInPlan');

/**
 * Whether a backup plan selects the resource: the catalog's reading for the types it covers (by
 * reference, ARN pattern or tag); for other stores, a selection that references the resource.
 */
export function backup(ctx: MapContext, r: RenderedResource): BackupStatus {
  const control = IN_PLAN.resourceTypes.includes(r.type) ? IN_PLAN : INSTANCE_IN_PLAN.resourceTypes.includes(r.type) ? INSTANCE_IN_PLAN : undefined;
  if (control) {
    const status = control.check(r, ctx.index).status;
    return status === 'pass' ? 'in-plan' : status === 'fail' ? 'not-in-plan' : status === 'unverifiable' ? 'unverifiable' : 'not-applicable';
  }
  if (ctx.classification(r)?.role !== 'store' || r.type === 'AWS::Backup::BackupVault') return 'not-applicable';
  const selected = ctx.index.referencing(r, 'AWS::Backup::BackupSelection').length > 0;
  return selected ? 'in-plan' : 'not-in-plan';
}

/** Where the resource's logs go: access-log buckets, log groups it names or that name it, log exports. */
export function logs(ctx: MapContext, r: RenderedResource): LogDestination {
  if (r.type === 'AWS::Logs::LogGroup') return { destinations: [], retention: retentionOf(r) };
  const destinations: string[] = [];
  const groups: RenderedResource[] = [];
  const accessLogs = r.type === 'AWS::S3::Bucket' ? dig(r.properties, 'LoggingConfiguration', 'DestinationBucketName') : undefined;
  if (accessLogs !== undefined) {
    const bucket = ctx.index.target(accessLogs, r);
    destinations.push(`access logs to ${bucket ? bucket.logicalId : typeof accessLogs === 'string' ? accessLogs : 'an unresolved bucket'}`);
  }
  for (const t of ctx.referenced(r)) if (t.type === 'AWS::Logs::LogGroup') groups.push(t);
  for (const g of ctx.index.referencing(r, 'AWS::Logs::LogGroup')) if (!groups.includes(g)) groups.push(g);
  const prefix = logGroupPrefix(r);
  if (prefix) {
    for (const g of ctx.index.ofType('AWS::Logs::LogGroup')) {
      const name = g.properties.LogGroupName;
      if (typeof name === 'string' && name.toLowerCase().startsWith(prefix) && !groups.includes(g)) groups.push(g);
    }
  }
  groups.sort((a, b) => a.logicalId.localeCompare(b.logicalId));
  destinations.push(...groups.map((g) => g.logicalId));
  const exports = r.properties.EnableCloudwatchLogsExports;
  if (groups.length === 0 && Array.isArray(exports) && exports.length > 0) destinations.push(`CloudWatch Logs exports: ${exports.join(', ')}`);
  if (groups.length === 0 && (r.type === 'AWS::Lambda::Function')) destinations.push('/aws/lambda/<function name> (created on first log, never expires)');
  const retentions = [...new Set(groups.map(retentionOf))];
  return { destinations, ...(retentions.length > 0 ? { retention: retentions.join(', ') } : {}) };
}

/** Where a service writes the resource's logs when the name is literal: `/aws/rds/instance/<id>/`, `/aws/lambda/<name>`... (lower case). */
function logGroupPrefix(r: RenderedResource): string | undefined {
  const shapes: { readonly [type: string]: [string, string, string] } = {
    'AWS::RDS::DBInstance': ['DBInstanceIdentifier', '/aws/rds/instance/', '/'],
    'AWS::RDS::DBCluster': ['DBClusterIdentifier', '/aws/rds/cluster/', '/'],
    'AWS::DocDB::DBCluster': ['DBClusterIdentifier', '/aws/docdb/', '/'],
    'AWS::Neptune::DBCluster': ['DBClusterIdentifier', '/aws/neptune/', '/'],
    'AWS::Lambda::Function': ['FunctionName', '/aws/lambda/', ''],
  };
  const shape = shapes[r.type];
  const name = shape ? r.properties[shape[0]] : undefined;
  return typeof name === 'string' ? `${shape![1]}${name}${shape![2]}`.toLowerCase() : undefined;
}

function retentionOf(group: RenderedResource): string {
  const days = group.properties.RetentionInDays;
  if (days === undefined) return 'never expires';
  if (typeof days === 'number' || (typeof days === 'string' && /^\d+$/.test(days))) return `${days} days`;
  return 'unverifiable';
}

/** Values of the owner and team tags (any case), sorted. */
export function owners(r: RenderedResource): string[] {
  const found = new Set<string>();
  for (const tags of [r.properties.Tags, r.properties.FileSystemTags]) {
    if (Array.isArray(tags)) {
      for (const t of tags) if (typeof t?.Key === 'string' && OWNER_TAGS.has(t.Key.toLowerCase()) && typeof t.Value === 'string') found.add(t.Value);
    } else if (tags && typeof tags === 'object' && !isIntrinsic(tags)) {
      for (const [k, v] of Object.entries(tags)) if (OWNER_TAGS.has(k.toLowerCase()) && typeof v === 'string') found.add(v);
    }
  }
  return [...found].sort();
}

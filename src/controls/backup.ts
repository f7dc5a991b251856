import { Token } from 'aws-cdk-lib';
import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { isClusterMember } from './rds-kinds';
import { HipaaSeverity } from './severity';
import { dig, isIntrinsic, joinedLiteral, list, num, str, Unknown, UNKNOWN } from './values';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

const VAULT = 'AWS::Backup::BackupVault';
const SELECTION = 'AWS::Backup::BackupSelection';
const PLAN = 'AWS::Backup::BackupPlan';

/** Stands for a part of an ARN synth does not know: only a `*` of a pattern matches it. */
const UNKNOWN_PART = '\u0000';
const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'];

/** How to build the ARN of each backed-up type: service, resource path, and the property that names it. */
const ARN_SHAPES: { readonly [type: string]: { service: string; resource: string; name?: string } } = {
  'AWS::RDS::DBInstance': { service: 'rds', resource: 'db:', name: 'DBInstanceIdentifier' },
  'AWS::RDS::DBCluster': { service: 'rds', resource: 'cluster:', name: 'DBClusterIdentifier' },
  'AWS::DynamoDB::Table': { service: 'dynamodb', resource: 'table/', name: 'TableName' },
  'AWS::DynamoDB::GlobalTable': { service: 'dynamodb', resource: 'table/', name: 'TableName' },
  'AWS::EFS::FileSystem': { service: 'elasticfilesystem', resource: 'file-system/' },
  'AWS::EC2::Volume': { service: 'ec2', resource: 'volume/' },
  'AWS::EC2::Instance': { service: 'ec2', resource: 'instance/' },
};

/** The stateful PHI stores that must be in a backup plan. */
const DATA_STORES = Object.keys(ARN_SHAPES).filter((t) => t !== 'AWS::EC2::Instance');

/** The ARNs a resource may have, one per partition, with UNKNOWN_PART where synth does not know the value. */
function candidateArns(r: RenderedResource): string[] {
  const shape = ARN_SHAPES[r.type];
  const known = (v: unknown) => (typeof v === 'string' && !Token.isUnresolved(v) ? v : UNKNOWN_PART);
  const name = shape.name ? known(r.properties[shape.name]) : UNKNOWN_PART;
  return PARTITIONS.map((p) => `arn:${p}:${shape.service}:${known(r.region)}:${known(r.account)}:${shape.resource}${name}`);
}

/** An ARN pattern (`*` wildcards; `${AWS::...}` pseudo parameters count as wildcards), as a regular expression. */
function arnPattern(pattern: string): RegExp {
  const regex = pattern.split(/(\$\{[^}]+\}|\*)/).map((part) => (part === '*' || part.startsWith('${')
    ? '.*'
    : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${regex}$`, 's');
}

/** Every Ref / GetAtt inside a value. */
function references(value: unknown, out: unknown[] = []): unknown[] {
  if (value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    value.forEach((v) => references(v, out));
    return out;
  }
  const v = value as any;
  if (typeof v.Ref === 'string' || v['Fn::GetAtt'] !== undefined) out.push(value);
  else Object.values(v).forEach((x) => references(x, out));
  return out;
}

/** One entry of a selection's Resources or NotResources, read once: what it designates. */
interface SelectionEntry {
  /** The keys of the app's resources it references (an ARN built around one designates that one). */
  readonly targets: ReadonlySet<string>;
  /** The ARN pattern it is, when it is a literal or a join of literals and pseudo parameters. */
  readonly pattern?: RegExp;
  /** What it says of any other resource: false when it references only known resources, else unknown (a parameter, an import). */
  readonly otherwise: false | Unknown;
}

const NO_TARGETS: ReadonlySet<string> = new Set();

function readEntry(entry: unknown, selection: RenderedResource, index: ResourceIndex): SelectionEntry {
  if (typeof entry === 'string') return { targets: NO_TARGETS, pattern: arnPattern(entry), otherwise: false };
  const refs = references(entry);
  const pseudo = (ref: any) => typeof ref.Ref === 'string' && ref.Ref.startsWith('AWS::');
  const targets = new Set<string>();
  let known = refs.length > 0;
  for (const ref of refs) {
    const target = index.target(ref, selection);
    if (target) targets.add(target.key);
    else if (!pseudo(ref)) known = false;
  }
  const literal = joinedLiteral(entry);
  return { targets, ...(literal !== undefined ? { pattern: arnPattern(literal) } : {}), otherwise: known ? false : UNKNOWN };
}

/** Whether one entry of Resources / NotResources designates the resource (`arns`: its candidate ARNs). */
function entryMatches(entry: SelectionEntry, r: RenderedResource, arns: readonly string[]): boolean | Unknown {
  if (entry.targets.has(r.key)) return true;
  if (entry.pattern) return arns.some((arn) => entry.pattern!.test(arn));
  return entry.otherwise;
}

/** A backup selection's Resources, ListOfTags, NotResources and Conditions, read once (UNKNOWN when a list cannot be). */
interface ReadSelection {
  readonly resources: readonly SelectionEntry[];
  readonly listOfTags: readonly unknown[];
  readonly notResources: readonly SelectionEntry[];
  readonly conditions: unknown;
}

/**
 * Each selection read, by the rendered resource: an index renders each resource once, so what is
 * read of a selection (its entries' targets among that index's resources) holds for as long as it is checked.
 */
const READ_SELECTIONS = new WeakMap<RenderedResource, ReadSelection | Unknown>();

function readSelection(selection: RenderedResource, index: ResourceIndex): ReadSelection | Unknown {
  const cached = READ_SELECTIONS.get(selection);
  if (cached !== undefined) return cached;
  const body = selection.properties.BackupSelection;
  const resources = isIntrinsic(body) ? UNKNOWN : list(body?.Resources);
  const listOfTags = isIntrinsic(body) ? UNKNOWN : list(body?.ListOfTags);
  const notResources = isIntrinsic(body) ? UNKNOWN : list(body?.NotResources);
  const read = resources === UNKNOWN || listOfTags === UNKNOWN || notResources === UNKNOWN ? UNKNOWN : {
    resources: resources.map((e) => readEntry(e, selection, index)),
    listOfTags,
    notResources: notResources.map((e) => readEntry(e, selection, index)),
    conditions: body?.Conditions,
  };
  READ_SELECTIONS.set(selection, read);
  return read;
}

/** The tags of a resource as rendered (Tags, EFS FileSystemTags, the replicas' Tags of a global table). */
function tagsOf(r: RenderedResource): Map<string, unknown> {
  const replicas = Array.isArray(r.properties.Replicas) ? r.properties.Replicas : [];
  const lists = [r.properties.Tags, r.properties.FileSystemTags, ...replicas.map((x: any) => x?.Tags)];
  const tags = new Map<string, unknown>();
  for (const l of lists) {
    const entries = list(l);
    if (entries !== UNKNOWN) for (const t of entries) if (typeof t?.Key === 'string') tags.set(t.Key, t.Value);
  }
  return tags;
}

/** Whether a tag condition holds for a resource (`aws:ResourceTag/` prefixes are accepted). */
function tagCondition(operator: string, condition: any, tags: Map<string, unknown>): boolean | Unknown {
  const key = str(condition?.ConditionKey);
  const expected = str(condition?.ConditionValue);
  if (key === UNKNOWN || expected === UNKNOWN || key === undefined || expected === undefined) return UNKNOWN;
  const actual = tags.get(key.replace(/^aws:ResourceTag\//, ''));
  if (actual !== undefined && typeof actual !== 'string') return UNKNOWN;
  const like = new RegExp(`^${expected.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  switch (operator.toUpperCase()) {
    case 'STRINGEQUALS': return actual === expected;
    case 'STRINGNOTEQUALS': return actual !== expected;
    case 'STRINGLIKE': return actual !== undefined && like.test(actual);
    case 'STRINGNOTLIKE': return actual === undefined || !like.test(actual);
    default: return UNKNOWN;
  }
}

/** AND of verdicts: false wins, then unknown. */
function all(values: Array<boolean | Unknown>): boolean | Unknown {
  return values.includes(false) ? false : values.includes(UNKNOWN) ? UNKNOWN : true;
}
/** OR of verdicts: true wins, then unknown. */
function any(values: Array<boolean | Unknown>): boolean | Unknown {
  return values.includes(true) ? true : values.includes(UNKNOWN) ? UNKNOWN : false;
}

/**
 * Whether a backup selection selects a resource: (an entry of Resources designates it, or a
 * ListOfTags tag matches its tags, or the selection names neither and so takes every resource),
 * and every Conditions tag condition holds, and no NotResources entry designates it.
 */
function selects(selection: ReadSelection | Unknown, r: RenderedResource, arns: readonly string[], tags: Map<string, unknown>): boolean | Unknown {
  if (selection === UNKNOWN) return UNKNOWN;
  const included = selection.resources.length === 0 && selection.listOfTags.length === 0 ? true : any([
    ...selection.resources.map((e) => entryMatches(e, r, arns)),
    ...selection.listOfTags.map((t: any) => tagCondition(String(t?.ConditionType ?? 'STRINGEQUALS'), t, tags)),
  ]);
  if (included === false) return false;
  const conditions = selection.conditions;
  if (isIntrinsic(conditions)) return UNKNOWN;
  const held = all(Object.entries(conditions ?? {}).flatMap(([operator, entries]) => {
    const l = list(entries);
    return l === UNKNOWN ? [UNKNOWN] : l.map((c) => tagCondition(operator, c, tags));
  }));
  const excluded = any(selection.notResources.map((e) => entryMatches(e, r, arns)));
  return all([included, held, excluded === UNKNOWN ? UNKNOWN : !excluded]);
}

/** PASS when a backup selection of the app selects the resource (or, for EFS, automatic backups are on). */
function inPlanVerdict(r: RenderedResource, index: ResourceIndex): Verdict {
  if (isClusterMember(r)) return notApplicable();
  if (r.type === 'AWS::EFS::FileSystem' && str(dig(r.properties, 'BackupPolicy', 'Status')) === 'ENABLED') return pass();
  const arns = candidateArns(r);
  const tags = tagsOf(r);
  let unknown = false;
  for (const selection of index.ofType(SELECTION)) {
    const verdict = selects(readSelection(selection, index), r, arns, tags);
    if (verdict === true) return pass();
    if (verdict === UNKNOWN) unknown = true;
  }
  if (unknown) return unverifiable('a backup selection of the app has resources, tags or conditions that cannot be resolved at synth.');
  return fail('no AWS::Backup::BackupSelection of the app selects it, by reference, ARN pattern or tag.');
}

/**
 * Backup.ResourceInPlan: every stateful PHI store (RDS DB instance or cluster, DynamoDB table,
 * EFS file system, EBS volume) is selected by an AWS Backup plan of the app.
 * - given a BackupSelection whose Resources reference the resource (BackupResource.fromConstruct,
 *   fromArn of its ARN, fromRdsDatabaseInstance, ...), then PASS
 * - given a BackupSelection whose Resources hold an ARN pattern covering its type
 *   (`arn:aws:rds:*:*:db:*`, `*`), then PASS
 * - given a BackupSelection whose ListOfTags (BackupResource.fromTag) or Conditions StringEquals /
 *   StringLike on `aws:ResourceTag/<key>` match the resource's own tags, then PASS (the resource
 *   type must also be opted in to AWS Backup in the account, which synth cannot see)
 * - given an EFS file system with BackupPolicy ENABLED (automatic backups), then PASS
 * - given no selection, or selections that leave it out (NotResources, unmatched tags), then FAIL
 * - given a selection with a parameter or import where the resource could be, then UNVERIFIABLE
 * - given a DB instance of a cluster (backed up with its cluster), then N/A
 */
const resourceInPlan: Control = {
  id: 'Backup.ResourceInPlan',
  title: 'Stateful PHI store is in an AWS Backup plan',
  resourceTypes: DATA_STORES,
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.ERROR,
  // cdk-nag splits this per type: RDSInBackupPlan, DynamoDBInBackupPlan, EFSInBackupPlan, EC2EBSInBackupPlan.
  nagRule: 'RDSInBackupPlan',
  fix: 'Add the resource to a backup plan: plan.addSelection(id, { resources: [BackupResource.fromConstruct(resource)] }), or tag it for a tag-based selection.',
  rationale: 'A store of PHI must be in a backup plan, so that exact copies kept in a vault encrypted with the customer key can be restored.',
  check: inPlanVerdict,
};

/**
 * Backup.InstanceInPlan: EC2 instances are selected by an AWS Backup plan (their volumes may hold PHI).
 * - given a selection by reference, ARN pattern (`arn:aws:ec2:*:*:instance/*`) or tag, then PASS
 * - given none, then FAIL (warning: stateless instances rebuilt from code need no backup; acknowledge them)
 * - given a selection with unresolvable resources or tags, then UNVERIFIABLE
 */
const instanceInPlan: Control = {
  id: 'Backup.InstanceInPlan',
  title: 'EC2 instance is in an AWS Backup plan',
  resourceTypes: ['AWS::EC2::Instance'],
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Add the instance to a backup plan (BackupResource.fromEc2Instance), or acknowledge it if it keeps no data.',
  rationale: 'An instance that writes PHI to its volumes can only be restored to the state it was in if AWS Backup takes its images on a schedule.',
  check: inPlanVerdict,
};

/**
 * Backup.VaultCustomerManagedKey: the backup vault is encrypted with a customer-managed key.
 * - given EncryptionKeyArn referencing an AWS::KMS::Key or a literal key ARN (backup.BackupVault with encryptionKey), then PASS
 * - given no EncryptionKeyArn (the AWS-managed aws/backup key: the BackupVault default) or alias/aws/backup, then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 */
const vaultCustomerManagedKey: Control = {
  id: 'Backup.VaultCustomerManagedKey',
  title: 'AWS Backup vault is encrypted with a customer-managed KMS key',
  resourceTypes: [VAULT],
  citations: ['164.312(a)(2)(iv)', '164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Pass encryptionKey (a HipaaKey) to the backup vault.',
  check: (r, index) => customerKeyVerdict(r, index, ['EncryptionKeyArn'], 'the AWS-managed aws/backup key'),
};

/** Controls for AWS Backup: vault encryption, and the stores every plan must cover. */
/**
 * Backup.RetentionMinimum: every rule of a backup plan keeps its recovery points at least 7 days.
 * - given rules whose Lifecycle.DeleteAfterDays is 7 or more, or absent (kept until deleted), then PASS
 * - given a rule with DeleteAfterDays below 7, then FAIL
 * - given rules or a DeleteAfterDays that cannot be resolved at synth, then UNVERIFIABLE
 */
const retentionMinimum: Control = {
  id: 'Backup.RetentionMinimum',
  title: `AWS Backup plan keeps recovery points at least ${HIPAA_THRESHOLDS.minimumBackupRetentionDays} days`,
  resourceTypes: [PLAN],
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.ERROR,
  fix: `Keep recovery points at least ${HIPAA_THRESHOLDS.minimumBackupRetentionDays} days (HipaaBackupPlan keeps daily ones 35 days).`,
  rationale: `Recovery points of PHI must be kept at least ${HIPAA_THRESHOLDS.minimumBackupRetentionDays} days, so that data lost or corrupted before a weekend or holiday can still be restored.`,
  check: (r) => {
    const rules = list(dig(r.properties, 'BackupPlan', 'BackupPlanRule'));
    if (rules === UNKNOWN) return unverifiable('BackupPlanRule cannot be resolved at synth.');
    for (const rule of rules) {
      const days = num(dig(rule, 'Lifecycle', 'DeleteAfterDays'));
      if (days === UNKNOWN) return unverifiable(`DeleteAfterDays of rule ${rule?.RuleName ?? '(unnamed)'} cannot be resolved at synth.`);
      if (days !== undefined && days < HIPAA_THRESHOLDS.minimumBackupRetentionDays) {
        return fail(`rule ${rule?.RuleName ?? '(unnamed)'} deletes recovery points after ${days} days.`);
      }
    }
    return pass();
  },
};

export const BACKUP_CONTROLS: readonly Control[] = [
  vaultCustomerManagedKey,
  resourceInPlan,
  instanceInPlan,
  retentionMinimum,
];

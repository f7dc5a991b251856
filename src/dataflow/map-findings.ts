import { DataMapFinding, DataMapFindingStatus } from './data-map-finding';
import { DataFlow, DataMap, DataMapNode, InventoryEntry } from './model';
import { PUBLIC_ACCESS_CITATIONS, TRANSPORT_CITATIONS } from '../controls/policy-statements';
import { HipaaSeverity } from '../controls/severity';

/**
 * Checks over the whole data map: what no single resource's control can decide because it depends
 * on how resources connect (a path from the internet, a grant to another account, where a flow
 * delivers PHI, what nobody classified). Each is a small pure function of the map; the verdicts
 * are advisory and go into the map's files only.
 */

/** The id of the internet node (flow-graph.ts INTERNET): rules from 0.0.0.0/0 or ::/0, internet-facing load balancers, `Principal: *`. */
const INTERNET = 'internet';

/** A map without its findings: what the checks read. */
export type MapContent = Omit<DataMap, 'findings'>;

/** One verdict of a check, before the finding's id, title, citations, severity and fix are added. */
export interface MapVerdict {
  readonly status: DataMapFindingStatus;
  readonly resource: string;
  readonly path?: string[];
  readonly message: string;
}

/** A check over the whole map. */
export interface MapFindingDefinition {
  readonly id: string;
  readonly title: string;
  readonly citations: readonly string[];
  readonly severity: HipaaSeverity;
  readonly fix: string;
  check(view: MapView): MapVerdict[];
}

/** The map indexed once for the checks: nodes, inventory entries and flows by their ends. */
export class MapView {
  public readonly nodes: ReadonlyMap<string, DataMapNode>;
  /** Inventory entries by node id: the map's inventory, and the entries of resources of other stacks its flows reach. */
  public readonly entries: ReadonlyMap<string, InventoryEntry>;
  private readonly outgoing = new Map<string, DataFlow[]>();
  private readonly incoming = new Map<string, DataFlow[]>();

  /** @param reached inventory entries of the nodes outside the map's inventory (resources of other stacks its flows reach) */
  constructor(public readonly map: MapContent, reached: readonly InventoryEntry[] = []) {
    this.nodes = new Map(map.nodes.map((n) => [n.id, n]));
    this.entries = new Map([...reached, ...map.inventory].map((e) => [e.id, e]));
    const add = (index: Map<string, DataFlow[]>, id: string, f: DataFlow) => {
      const list = index.get(id);
      if (list) list.push(f);
      else index.set(id, [f]);
    };
    for (const f of map.flows) {
      add(this.outgoing, f.from, f);
      add(this.incoming, f.to, f);
    }
  }

  /** Flows out of a node, in the map's order. */
  public from(id: string): readonly DataFlow[] {
    return this.outgoing.get(id) ?? [];
  }

  /** Flows into a node, in the map's order. */
  public to(id: string): readonly DataFlow[] {
    return this.incoming.get(id) ?? [];
  }

  /** How the map names a node. */
  public label(id: string): string {
    return this.nodes.get(id)?.label ?? id;
  }

  /** The stores of the map's inventory that may hold PHI: classified PHI, or not classified (never assumed safe). */
  public phiStores(): InventoryEntry[] {
    return this.map.inventory.filter((e) => e.role === 'store' && e.classification !== 'NO_PHI');
  }
}

const { PASS, FAIL, UNVERIFIABLE } = DataMapFindingStatus;

// ---------------------------------------------------------------------------------------------
// DataMap.PhiStoreNotReachableFromInternet

/**
 * Where a path may continue: pipes always; processors, unresolved ends and security groups without
 * members only when paths that need a review are followed (`possible`).
 */
function relays(node: DataMapNode | undefined, possible: boolean): boolean {
  if (!node) return false;
  if (node.kind === 'resource') return node.role === 'pipe' || (possible && node.role === 'processor');
  return possible && (node.kind === 'unresolved' || node.kind === 'network');
}

/**
 * Shortest paths from the internet (and, when `unverifiable`, from ends synth cannot resolve, and
 * through processors) to the stores of the map, as node ids; flows are read as described on
 * {@link phiStoreNotReachableFromInternet}.
 */
function internetPaths(view: MapView, unverifiable: boolean): Map<string, string[]> {
  const starts = [INTERNET];
  if (unverifiable) {
    for (const n of view.map.nodes) if (n.kind === 'unresolved' && view.from(n.id).some((f) => f.kinds.includes('network'))) starts.push(n.id);
  }
  const previous = new Map<string, string | undefined>(starts.map((s) => [s, undefined]));
  const reached = new Map<string, string[]>();
  const pathTo = (id: string) => {
    const path: string[] = [];
    for (let at: string | undefined = id; at !== undefined; at = previous.get(at)) path.unshift(at);
    return path;
  };
  const queue = [...starts];
  for (let next = 0; next < queue.length; next++) {
    const at = queue[next];
    // From where a path starts, only a network flow enters the app.
    const entry = previous.get(at) === undefined;
    for (const f of view.from(at)) {
      if (entry && !f.kinds.includes('network')) continue;
      if (f.unverifiable && !unverifiable) continue;
      if (previous.has(f.to)) continue;
      previous.set(f.to, at);
      const node = view.nodes.get(f.to);
      if (node?.kind === 'resource' && node.role === 'store') reached.set(f.to, pathTo(f.to));
      else if (relays(node, unverifiable)) queue.push(f.to);
    }
  }
  return reached;
}

/** `Internet (anyone) → Web (tcp 443) → Db (tcp 5432)`. */
function describePath(view: MapView, path: readonly string[]): string {
  return path.map((id, i) => {
    if (i === 0) return view.label(id);
    const flow = view.from(path[i - 1]).find((f) => f.to === id);
    return `${view.label(id)}${flow?.label ? ` (${flow.label})` : ''}`;
  }).join(' → ');
}

/**
 * DataMap.PhiStoreNotReachableFromInternet: no path of flows leads from the internet to a store that
 * may hold PHI (classified PHI, or not classified).
 *
 * A path starts at the internet node with a `network` flow: a security group rule from 0.0.0.0/0
 * or ::/0 (to the group's members), or an internet-facing load balancer. It continues out of every
 * pipe it reaches (a load balancer, an API, a topic: they pass requests on as they come), along
 * flows of any kind: `network` (a rule whose source is the group of the reached resource; a listener
 * to its targets), `identity` (an IAM policy of the role the reached resource runs with),
 * `resource-policy` (a policy naming it) and `service` (an integration it sends to). A path ends at
 * the first store it reaches: data leaving that store (replication, notifications) is not followed,
 * since reaching it is already the finding. Such a path fails: the store itself (or a pipe straight
 * in front of it) takes connections from anyone.
 *
 * A path that goes on through a processor (an instance, a function, a container behind a load
 * balancer) needs a review instead, and is unverifiable: the processor's code decides what of the
 * store anyone on the internet gets, which no template shows (that it authenticates every request is
 * the review); a web tier in front of its database is the usual such path. The processor's own
 * exposure is the catalog's to judge (EC2.NoPublicAdminPorts, EC2.NoPublicPlainHttp, ...).
 * An open resource policy (`Principal: *`) is not a network path (DataMap.NoCrossAccountPhiRead
 * reads it), and neither is a resource in a public subnet without a rule from the internet.
 * Unverifiable too: a flow with an end synth cannot resolve (an address range, source group or load
 * balancer scheme from a parameter or an import), or a security group without members in the map
 * (something outside the templates may join it).
 *
 * - given a security group rule from 0.0.0.0/0 on the database's own group, then FAIL
 * - given a rule from 0.0.0.0/0 on an instance whose group a rule of the database's group names as source, then UNVERIFIABLE (a review of the instance)
 * - given an instance open to 0.0.0.0/0 whose role may read a bucket, then UNVERIFIABLE (a review of the instance)
 * - given an internet-facing load balancer forwarding to an instance that reaches the database, then UNVERIFIABLE (a review of the instance)
 * - given only private address ranges and groups without an internet rule reach the store, then PASS
 * - given an instance in a public subnet without a rule from the internet, and a bucket policy open to everyone, then PASS
 * - given a store classified NO_PHI open to 0.0.0.0/0, then no verdict (out of scope)
 * - given the only path starts at an address range from a parameter, or crosses a security group without members, then UNVERIFIABLE
 */
export function phiStoreNotReachableFromInternet(view: MapView): MapVerdict[] {
  const verified = internetPaths(view, false);
  const possible = internetPaths(view, true);
  return view.phiStores().map((store) => {
    const path = verified.get(store.id);
    if (path) return { status: FAIL, resource: store.id, path, message: `Reachable from the internet: ${describePath(view, path)}.` };
    const maybe = possible.get(store.id);
    if (maybe) {
      const processors = maybe.slice(1, -1).map((id) => view.nodes.get(id)).filter((n) => n?.kind === 'resource' && n.role === 'processor');
      const message = processors.length > 0
        ? `Reachable from the internet through ${processors.map((n) => view.label(n!.id)).join(', ')}, whose code decides what of it anyone gets: `
          + `review that every request is authenticated: ${describePath(view, maybe)}.`
        : `A path from the internet may reach it through an end synth cannot resolve: ${describePath(view, maybe)}.`;
      return { status: UNVERIFIABLE, resource: store.id, path: maybe, message };
    }
    return { status: PASS, resource: store.id, message: 'No path of network rules, load balancers, grants or integrations leads to it from the internet.' };
  });
}

// ---------------------------------------------------------------------------------------------
// DataMap.NoCrossAccountPhiRead

/** Action names (after the service prefix) that read data, matched case-insensitively from their start. */
const READ_VERBS = /^(Get|List|Read|Receive|Query|Scan|Select|BatchGet|Decrypt|ReEncrypt|Export|Download|Restore|StartRestore|CopyFrom|Subscribe|Filter|Search|Retrieve|StartQuery|ESHttpGet|ESHttpHead|ESHttpPost)/i;
/** Reads of configuration, not of the data. */
const METADATA_VERBS = /^(GetBucket\w*|GetKeyPolicy|GetKeyRotationStatus|GetPublicKey|GetQueueUrl|GetQueueAttributes|GetTopicAttributes|GetResourcePolicy|ListTagsForResource|ListResourceTags)$/i;
/** Data reads a wildcard action may grant. */
const READ_EXAMPLES = ['GetObject', 'GetObjectVersion', 'ListBucket', 'GetItem', 'Query', 'Scan', 'BatchGetItem', 'ReceiveMessage', 'GetSecretValue',
  'Decrypt', 'ReEncryptFrom', 'GetRecords', 'GetLogEvents', 'FilterLogEvents', 'StartQuery', 'ESHttpGet', 'ESHttpPost', 'Subscribe', 'StartRestoreJob',
  'CopyFromBackupVault', 'ExportSnapshot', 'SelectObjectContent', 'RestoreObject', 'DownloadDBLogFilePortion', 'GetFileSystemPolicy'];

/** Whether an action (as a policy writes it: `s3:GetObject`, `s3:Get*`, `*`) grants a read of data. */
export function isReadAction(action: string): boolean {
  if (action.startsWith('NotAction:')) return true;
  const verb = action.includes(':') ? action.slice(action.indexOf(':') + 1) : action;
  if (!/[*?]/.test(verb)) return READ_VERBS.test(verb) && !METADATA_VERBS.test(verb);
  const pattern = new RegExp(`^${verb.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return READ_EXAMPLES.some((v) => pattern.test(v));
}

/** `yes`, `no`, or `unknown` when an action is resolved at deploy and none of the others reads. */
function grantsRead(flow: DataFlow): 'yes' | 'no' | 'unknown' {
  const actions = flow.actions ?? ['?'];
  if (actions.some((a) => a !== '?' && isReadAction(a))) return 'yes';
  return actions.includes('?') ? 'unknown' : 'no';
}

/**
 * DataMap.NoCrossAccountPhiRead: no principal outside the account (another account, or everyone)
 * can read a store that may hold PHI through a resource policy (bucket, queue, topic, secret,
 * domain, vault policy) or the key policy of the key that encrypts it.
 *
 * Read: an action that reads data (`Get*`, `List*`, `Receive*`, `Query`, `Scan`, `Decrypt`,
 * `ReEncrypt*`, `Subscribe`, `ESHttpGet`, restores and exports...), a wildcard that may grant one,
 * or an Allow with `NotAction`; reads of configuration (`s3:GetBucketAcl`, `kms:GetKeyPolicy`...) and
 * writes (`backup:CopyIntoBackupVault`, `s3:PutObject`, `kms:Encrypt`) are not. The map reads
 * `Principal: *` as everyone only when no condition narrows it to the account or organization (the
 * catalog's reading); an account principal counts whatever its conditions. Replication to another
 * account is a flow the account sends (DataMap.PhiFlowEncrypted judges it), not a read.
 *
 * - given a bucket policy that allows another account s3:GetObject on a PHI bucket, then FAIL
 * - given a key policy that allows another account kms:Decrypt on the key of a PHI store, then FAIL
 * - given a queue policy that allows everyone sqs:* on an unclassified queue, then FAIL
 * - given a vault policy that allows another account only backup:CopyIntoBackupVault, then PASS
 * - given principals of the own account and AWS services only, then PASS
 * - given a principal from a parameter allowed s3:GetObject, then UNVERIFIABLE
 */
export function noCrossAccountPhiRead(view: MapView): MapVerdict[] {
  const verdicts: MapVerdict[] = [];
  for (const store of view.phiStores()) {
    const failures: MapVerdict[] = [];
    const unknown: MapVerdict[] = [];
    for (const f of view.to(store.id)) {
      if (!f.kinds.includes('resource-policy')) continue;
      const principal = view.nodes.get(f.from);
      const outside = f.from === INTERNET || principal?.kind === 'account';
      if (!outside && principal?.kind !== 'unresolved') continue;
      const read = grantsRead(f);
      if (read === 'no') continue;
      const actions = (f.actions ?? []).filter((a) => a === '?' || isReadAction(a)).join(', ');
      const by = f.declaredBy.join(', ');
      if (outside && read === 'yes') {
        failures.push({ status: FAIL, resource: store.id, path: [f.from, store.id], message: `${view.label(f.from)} can read it (${actions}) through the policy of ${by}.` });
      } else {
        unknown.push({
          status: UNVERIFIABLE,
          resource: store.id,
          path: [f.from, store.id],
          message: `${view.label(f.from)} may be outside the account and may read it (${actions}) through the policy of ${by}: synth cannot resolve it.`,
        });
      }
    }
    if (failures.length > 0) verdicts.push(...failures);
    else if (unknown.length > 0) verdicts.push(...unknown);
    else verdicts.push({ status: PASS, resource: store.id, message: 'No resource or key policy lets a principal outside the account read it.' });
  }
  return verdicts;
}

// ---------------------------------------------------------------------------------------------
// DataMap.PhiFlowEncrypted

/** The verdict on where a PHI flow delivers: outside AWS by its protocol, in the app by the destination's encryption at rest. */
function destinationVerdict(view: MapView, f: DataFlow): { status: DataMapFindingStatus; message: string } {
  const node = view.nodes.get(f.to);
  const to = view.label(f.to);
  if (!node || node.kind === 'unresolved') return { status: UNVERIFIABLE, message: `It goes to ${to}, which synth cannot resolve.` };
  if (node.kind === 'internet') {
    const parts = f.label.split('; ');
    const clear = parts.find((p) => /\((email|email-json|sms)\)$/.test(p));
    if (clear) return { status: FAIL, message: `${to} receive it by ${clear.replace(/^.*\((.*)\)$/, '$1')}, which is not encrypted end to end.` };
    if (parts.some((p) => p === 'subscription (http)')) return { status: FAIL, message: `${to} receives it over plain HTTP.` };
    if (parts.some((p) => /https/i.test(p))) return { status: PASS, message: `${to} receives it over HTTPS.` };
    return { status: UNVERIFIABLE, message: `${to} receives it over a protocol the map does not read (${f.label}).` };
  }
  if (node.kind === 'account' || node.kind === 'external') {
    return { status: UNVERIFIABLE, message: `It goes to ${to}, outside the templates: its encryption at rest cannot be read.` };
  }
  if (node.kind !== 'resource' || node.role !== 'store') return { status: PASS, message: `${to} keeps nothing at rest the map judges (its own controls do).` };
  const entry = view.entries.get(f.to);
  const atRest = entry?.encryptionAtRest;
  switch (atRest?.status) {
    case 'customer-managed': return { status: PASS, message: `${to} is encrypted at rest with the customer managed key ${atRest.key}.` };
    case 'not-applicable': return { status: PASS, message: `${to} keeps nothing at rest.` };
    case 'none': return { status: FAIL, message: `${to} is not encrypted at rest.` };
    case 'aws-managed': return { status: FAIL, message: `${to} is encrypted at rest only with ${atRest.key ?? 'an AWS managed or owned key'}, not a customer managed KMS key.` };
    default: return { status: UNVERIFIABLE, message: `The encryption at rest of ${to} is resolved at deploy${atRest?.key ? ` (${atRest.key})` : ''}.` };
  }
}

/**
 * DataMap.PhiFlowEncrypted: a service integration that sends data from a resource that may hold
 * PHI (classified PHI, or not classified) delivers it only where it stays encrypted: outside AWS
 * over HTTPS, and into stores encrypted at rest with a customer managed KMS key.
 *
 * The flows judged are `service` flows (the templates make the data move: subscriptions, log
 * subscriptions, Firehose deliveries, replication, notifications, rule targets, dead-letter queues,
 * state machine tasks) out of a resource of the map that is not classified NO_PHI. Network, IAM and
 * resource policy flows are access, not deliveries: the transport and keys of their ends are the
 * catalog's per-resource controls and the inventory's columns. Within AWS the map reads only the
 * destination's encryption at rest (service-to-service transport is AWS's); processors and pipes
 * keep nothing the map judges at rest. Outside AWS it reads the subscription protocol.
 *
 * - given an SNS subscription by email, email-json or SMS from a topic not classified NO_PHI, then FAIL
 * - given an SNS subscription over http, then FAIL; over https, or a Firehose HTTP endpoint delivery, then PASS
 * - given a Firehose delivery or S3 replication to a bucket without a customer managed KMS key (SSE-S3, aws/s3), then FAIL
 * - given a delivery into a Kinesis stream without encryption, then FAIL
 * - given a delivery into a store encrypted with a customer managed key, or to a function, then PASS
 * - given a topic classified NO_PHI subscribed by email, then no verdict (out of scope)
 * - given replication to another account, a destination from a parameter, or a store whose key is resolved at deploy, then UNVERIFIABLE
 */
export function phiFlowEncrypted(view: MapView): MapVerdict[] {
  const verdicts: MapVerdict[] = [];
  for (const f of view.map.flows) {
    if (!f.kinds.includes('service')) continue;
    const source = view.nodes.get(f.from);
    if (source?.kind !== 'resource' || !source.role || source.classification === 'NO_PHI') continue;
    const { status, message } = destinationVerdict(view, f);
    verdicts.push({ status, resource: f.to, path: [f.from, f.to], message: `${view.label(f.from)} sends data (${f.label}): ${message}` });
  }
  return verdicts;
}

// ---------------------------------------------------------------------------------------------
// DataMap.PhiStoreClassified

/**
 * DataMap.PhiStoreClassified: every data store of the inventory is classified, PHI or NO_PHI, so
 * the risk analysis knows where PHI lives. The library's own PHI stores count as classified PHI;
 * an unclassified store is treated as PHI by the other checks, never assumed safe.
 *
 * - given a store classified with HipaaData (PHI or NO_PHI), or with `Metadata.cdk_hipaa.dataClassification`, then PASS
 * - given a store of one of the library's PHI store constructs, then PASS
 * - given a store with no classification, then FAIL
 * - given an unclassified processor or pipe, then no verdict (only stores are judged)
 */
export function phiStoreClassified(view: MapView): MapVerdict[] {
  return view.map.inventory.filter((e) => e.role === 'store').map((e) => (e.classification === 'unclassified'
    ? { status: FAIL, resource: e.id, message: `${view.label(e.id)} (${e.type}) is not classified: it is treated as PHI.` }
    : { status: PASS, resource: e.id, message: `Classified ${e.classification} (${e.classificationSource === 'construct' ? 'HipaaData' : e.classificationSource === 'template' ? 'template metadata' : 'library default'}).` }));
}

// ---------------------------------------------------------------------------------------------

/** The map's checks, in the order the findings are reported. */
export const MAP_FINDINGS: readonly MapFindingDefinition[] = [
  {
    id: 'DataMap.PhiStoreNotReachableFromInternet',
    title: 'PHI store is not reachable from the internet through any path of flows in the map',
    citations: PUBLIC_ACCESS_CITATIONS,
    severity: HipaaSeverity.ERROR,
    fix: 'Break every path that is not intended: close security group rules from 0.0.0.0/0 or ::/0 on the hosts that reach PHI stores, '
      + 'keep those hosts in private subnets behind a load balancer or API that authenticates callers, and narrow their rules and IAM grants to the stores they need.',
    check: phiStoreNotReachableFromInternet,
  },
  {
    id: 'DataMap.NoCrossAccountPhiRead',
    title: 'No principal outside the account can read a PHI store through a resource or key policy',
    citations: [...PUBLIC_ACCESS_CITATIONS, '164.308(a)(3)(ii)(A)'],
    severity: HipaaSeverity.ERROR,
    fix: 'Remove read actions for other accounts and everyone from the store\'s resource policy and key policy (or narrow everyone with aws:PrincipalOrgID); '
      + 'share PHI with another account only under a business associate agreement, through a copy you can audit.',
    check: noCrossAccountPhiRead,
  },
  {
    id: 'DataMap.PhiFlowEncrypted',
    title: 'PHI flows reach only destinations that keep it encrypted in transit and at rest',
    citations: [...TRANSPORT_CITATIONS, '164.312(a)(2)(iv)'],
    severity: HipaaSeverity.ERROR,
    fix: 'Deliver PHI over HTTPS or to AWS destinations instead of HTTP, email or SMS, into stores encrypted with a customer managed KMS key; '
      + 'send alerts that carry no PHI from a topic classified NO_PHI.',
    check: phiFlowEncrypted,
  },
  {
    id: 'DataMap.PhiStoreClassified',
    title: 'Data store is classified PHI or NO_PHI',
    citations: ['164.308(a)(1)(ii)(A)', '164.308(a)(1)(ii)(B)'],
    severity: HipaaSeverity.WARNING,
    fix: 'Classify the store: HipaaData.of(scope).classify(HipaaDataClassification.PHI or NO_PHI, reason), '
      + 'or Metadata: { cdk_hipaa: { dataClassification, reason } } on the resource of a plain template.',
    check: phiStoreClassified,
  },
];

/** Every finding of the map, in MAP_FINDINGS order, then by resource and path. */
export function mapFindings(map: MapContent, reached: readonly InventoryEntry[] = []): DataMapFinding[] {
  const view = new MapView(map, reached);
  return MAP_FINDINGS.flatMap((d) => d.check(view)
    .sort((a, b) => a.resource.localeCompare(b.resource) || (a.path ?? []).join('\u0000').localeCompare((b.path ?? []).join('\u0000')))
    .map((v) => ({
      id: d.id,
      title: d.title,
      status: v.status,
      resource: v.resource,
      ...(v.path ? { path: v.path } : {}),
      message: v.message,
      citations: [...d.citations],
      severity: d.severity,
      fix: d.fix,
    })));
}

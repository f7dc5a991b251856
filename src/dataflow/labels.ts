import { DataMapFindingStatus } from './data-map-finding';
import { DataFlow, DataMap, DataMapNode, InventoryEntry, isRisky } from './model';

/** `AWS::S3::Bucket` -> `S3 Bucket`. */
export function typeName(type: string): string {
  return type.replace(/^AWS::/, '').replace(/^Custom::/, 'Custom ').replace(/::/g, ' ');
}

/** What a node is, in a few words: its type for resources, its kind for the rest. */
export function nodeCaption(node: DataMapNode): string {
  if (node.kind === 'resource') {
    const what = node.type ? typeName(node.type) : 'resource';
    if (!node.role) return what;
    const cls = node.classification === 'PHI' ? 'PHI' : node.classification === 'NO_PHI' ? 'no PHI' : 'unclassified';
    return `${what} · ${node.role} · ${cls}`;
  }
  return { internet: 'outside AWS', account: 'other account', service: 'AWS service', network: 'network', external: 'outside the app', unresolved: 'unverifiable' }[node.kind] ?? node.kind;
}

/** Why a flow is risky, in words; empty when it is not. */
export function riskText(flow: DataFlow): string {
  const risks: string[] = [];
  if (flow.crossesInternet) risks.push('crosses the internet');
  if (flow.leavesAccount) risks.push('leaves the account');
  if (flow.reachesPhiFromPublicSubnet) risks.push('reaches a PHI store from a public subnet');
  if (flow.unverifiable) risks.push('unverifiable end');
  return risks.join(', ');
}

/** Counts for a one-line summary. */
export function summary(map: DataMap): string {
  const count = (f: (e: InventoryEntry) => boolean) => map.inventory.filter(f).length;
  const stores = count((e) => e.role === 'store');
  const phiStores = count((e) => e.role === 'store' && e.classification === 'PHI');
  const unclassified = count((e) => e.classification === 'unclassified');
  const outOfScope = count((e) => e.classification === 'NO_PHI');
  const risky = map.flows.filter(isRisky).length;
  return `${stores} stores (${phiStores} classified PHI), ${count((e) => e.role === 'processor')} processors, ${count((e) => e.role === 'pipe')} pipes; `
    + `${unclassified} unclassified, ${outOfScope} classified NO_PHI; ${map.flows.length} flows, ${risky} marked risky.`;
}

/** Nodes grouped for drawing: by stack, then VPC; nodes outside the app under the empty stack. */
export function groups(nodes: readonly DataMapNode[]): Map<string, Map<string, DataMapNode[]>> {
  const out = new Map<string, Map<string, DataMapNode[]>>();
  for (const node of nodes) {
    const stack = node.stack ?? '';
    const byVpc = out.get(stack) ?? new Map<string, DataMapNode[]>();
    const vpc = node.vpc ?? '';
    const list = byVpc.get(vpc) ?? [];
    list.push(node);
    byVpc.set(vpc, list);
    out.set(stack, byVpc);
  }
  return out;
}

/** The ids of the findings that fail on each node (its `resource`), sorted. */
export function failedFindingsByNode(map: DataMap): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of map.findings) {
    if (f.status !== DataMapFindingStatus.FAIL) continue;
    const ids = out.get(f.resource) ?? [];
    if (!ids.includes(f.id)) ids.push(f.id);
    out.set(f.resource, ids.sort());
  }
  return out;
}

/** What the map cannot see: printed under every rendering. */
export const BLIND_SPOTS: readonly string[] = [
  'Runtime flows: what code does with the credentials it has (an SDK call to a bucket named in an environment variable, a URL fetched at run time) appears only when an IAM policy, a security group or a service integration names the target.',
  'Data inside applications: which fields of a record are PHI, what an application logs, what a queue message carries.',
  'Resources outside the app: other stacks and accounts appear only as the ends of flows; IAM statements on `*` and literal ARNs of this account are not drawn.',
  'Security group egress, network ACLs, routes other than to an internet gateway, VPC endpoints and peering.',
  'Identity Center, SCPs and permission boundaries, and grants made at deploy or run time (KMS grants, presigned URLs).',
];

/** The construct path below the stack without the trailing `/Resource`, else the logical id. */
export function shortLabel(e: { constructPath?: string; stack: string; logicalId: string }): string {
  if (!e.constructPath) return e.logicalId;
  const below = e.constructPath.startsWith(e.stack + '/') ? e.constructPath.slice(e.stack.length + 1) : e.constructPath;
  return below.replace(/\/(Resource|Default)$/, '') || e.logicalId;
}

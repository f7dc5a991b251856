import { failedFindingsByNode, typeName } from './labels';
import { DataFlow, DataMap, DataMapNode } from './model';

/** Nodes alike enough to draw as one: this many or more. */
const MIN_GROUP = 3;

/** What a drawing shows of a flow besides its ends: its label and how risky it is. */
function flowLook(f: DataFlow): string {
  return [f.label, f.leavesAccount, f.crossesInternet, f.reachesPhiFromPublicSubnet, f.unverifiable].join('|');
}

/**
 * The map as drawn: resources of the app (security groups too) that are alike become one node
 * labelled with their count. Alike means: of one type, stack, VPC, role and classification, failing
 * the same findings, with flows that look the same (label, risk) to and from nodes that are alike
 * in turn. So forty keys no flow reaches merge, fourteen EventBridge rules that all notify one
 * topic merge, and forty functions that each read their own queue become one function node fed by
 * one queue node. Resources outside the app (the internet, other accounts, AWS services) are never
 * merged. The JSON and Markdown keep every resource. Besides reading better, a drawing of a few
 * dozen nodes lays out in milliseconds where one of hundreds takes a large share of a synth.
 */
export function compactForDrawing(map: DataMap): DataMap {
  // A map is read-only: its drawings (SVG, Mermaid) share one compaction.
  let compacted = COMPACTED.get(map);
  if (!compacted) {
    compacted = compact(map);
    COMPACTED.set(map, compacted);
  }
  return compacted;
}

const COMPACTED = new WeakMap<DataMap, DataMap>();

function compact(map: DataMap): DataMap {
  const failed = failedFindingsByNode(map);
  // Resources of the app: stores, processors, pipes, and the network pieces (security groups) of a stack.
  const ofApp = (node: DataMapNode) => (node.kind === 'resource' && node.role !== undefined) || (node.kind === 'network' && node.stack !== undefined);
  const members = map.nodes.filter(ofApp);
  const ins = groupBy(map.flows, (f) => f.to);
  const outs = groupBy(map.flows, (f) => f.from);
  // Colour refinement: start from each resource's own attributes (a node outside the app is its own
  // colour), then split colours by the colours of the neighbours, until no colour splits.
  let colour = new Map<string, string>(map.nodes.map((n) => [n.id, `id:${n.id}`]));
  for (const node of members) {
    colour.set(node.id, [node.type, node.stack, node.vpc, node.role, node.classification, (failed.get(node.id) ?? []).join(',')].join('\u0000'));
  }
  let classes = new Set(members.map((n) => colour.get(n.id))).size;
  for (let round = 0; round < members.length; round++) {
    const next = new Map(colour);
    const ids = new Map<string, string>();
    for (const node of members) {
      const signature = [
        colour.get(node.id),
        (ins.get(node.id) ?? []).map((f) => `${flowLook(f)}<${colour.get(f.from)}`).sort().join('\u0001'),
        (outs.get(node.id) ?? []).map((f) => `${flowLook(f)}>${colour.get(f.to)}`).sort().join('\u0001'),
      ].join('\u0002');
      if (!ids.has(signature)) ids.set(signature, `c${ids.size}`);
      next.set(node.id, ids.get(signature)!);
    }
    colour = next;
    if (ids.size === classes) break;
    classes = ids.size;
  }
  const bySignature = groupBy(members, (node) => colour.get(node.id)!);
  const replaced = new Map<string, string>();
  const merged = new Map<string, DataMapNode>();
  for (const alike of bySignature.values()) {
    if (alike.length < MIN_GROUP) continue;
    const first = alike[0];
    const prefix = commonPrefix(alike.map((m) => m.label));
    const label = first.type ? `${prefix || first.label} (${alike.length} × ${typeName(first.type)})` : `${first.label} and ${alike.length - 1} alike`;
    merged.set(first.id, { ...first, label });
    for (const m of alike) replaced.set(m.id, first.id);
  }
  if (replaced.size === 0) return map;
  const nodes = map.nodes.filter((n) => !replaced.has(n.id) || replaced.get(n.id) === n.id).map((n) => merged.get(n.id) ?? n);
  const flows = new Map<string, DataFlow>();
  for (const f of map.flows) {
    const from = replaced.get(f.from) ?? f.from;
    const to = replaced.get(f.to) ?? f.to;
    const key = `${from}\u0000${to}\u0000${flowLook(f)}`;
    const existing = flows.get(key);
    flows.set(key, existing ? mergeFlows(existing, f) : { ...f, from, to });
  }
  return { ...map, nodes, flows: [...flows.values()] };
}

/** Items by key, in their order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** One drawn flow for two that look the same between the same merged nodes: declared by both. */
function mergeFlows(a: DataFlow, b: DataFlow): DataFlow {
  return {
    ...a,
    kinds: [...new Set([...a.kinds, ...b.kinds])],
    declaredBy: [...a.declaredBy, ...b.declaredBy].sort(),
    leavesAccount: a.leavesAccount || b.leavesAccount,
    crossesInternet: a.crossesInternet || b.crossesInternet,
    reachesPhiFromPublicSubnet: a.reachesPhiFromPublicSubnet || b.reachesPhiFromPublicSubnet,
    unverifiable: a.unverifiable || b.unverifiable,
  };
}

/** The longest common leading path (whole `/` segments) of some labels. */
function commonPrefix(labels: readonly string[]): string {
  const split = labels.map((l) => l.split('/'));
  const out: string[] = [];
  for (let i = 0; i < split[0].length; i++) {
    const part = split[0][i];
    if (split.every((s) => s[i] === part) && i < split[0].length - 1) out.push(part);
    else break;
  }
  return out.join('/');
}

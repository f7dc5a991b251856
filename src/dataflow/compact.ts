import { failedFindingsByNode, typeName } from './labels';
import { DataFlow, DataMap, DataMapNode } from './model';

/** Nodes alike enough to draw as one: this many or more. */
const MIN_GROUP = 3;

/**
 * The map as drawn: resources of one type, stack, VPC and classification (security groups too) with exactly the same
 * flows in and out (the fourteen EventBridge rules that all notify one topic, or forty keys no flow
 * reaches) become one node labelled with their count (only nodes that fail the same findings merge).
 * The JSON and Markdown keep every resource. Besides reading better, a drawing of a few dozen
 * nodes lays out in milliseconds where one of hundreds takes a large share of a synth.
 */
export function compactForDrawing(map: DataMap): DataMap {
  const ins = new Map<string, string[]>();
  const outs = new Map<string, string[]>();
  for (const f of map.flows) {
    outs.set(f.from, [...(outs.get(f.from) ?? []), `${f.to}|${f.label}`]);
    ins.set(f.to, [...(ins.get(f.to) ?? []), `${f.from}|${f.label}`]);
  }
  const bySignature = new Map<string, DataMapNode[]>();
  const failed = failedFindingsByNode(map);
  for (const node of map.nodes) {
    // Resources of the app: stores, processors, pipes, and the network pieces (security groups) of a stack.
    const ofApp = (node.kind === 'resource' && node.role !== undefined) || (node.kind === 'network' && node.stack !== undefined);
    if (!ofApp) continue;
    const signature = [node.type, node.stack, node.vpc, node.role, node.classification, (failed.get(node.id) ?? []).join(','),
      (ins.get(node.id) ?? []).sort().join(','), (outs.get(node.id) ?? []).sort().join(',')].join('\u0000');
    bySignature.set(signature, [...(bySignature.get(signature) ?? []), node]);
  }
  const replaced = new Map<string, string>();
  const merged = new Map<string, DataMapNode>();
  for (const members of bySignature.values()) {
    if (members.length < MIN_GROUP) continue;
    const first = members[0];
    const prefix = commonPrefix(members.map((m) => m.label));
    const label = first.type ? `${prefix || first.label} (${members.length} × ${typeName(first.type)})` : `${first.label} and ${members.length - 1} alike`;
    merged.set(first.id, { ...first, label });
    for (const m of members) replaced.set(m.id, first.id);
  }
  if (replaced.size === 0) return map;
  const nodes = map.nodes.filter((n) => !replaced.has(n.id) || replaced.get(n.id) === n.id).map((n) => merged.get(n.id) ?? n);
  const flows = new Map<string, DataFlow>();
  for (const f of map.flows) {
    const from = replaced.get(f.from) ?? f.from;
    const to = replaced.get(f.to) ?? f.to;
    const key = `${from}\u0000${to}`;
    const existing = flows.get(key);
    flows.set(key, existing ? { ...existing, declaredBy: [...existing.declaredBy, ...f.declaredBy].sort() } : { ...f, from, to });
  }
  return { ...map, nodes, flows: [...flows.values()] };
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

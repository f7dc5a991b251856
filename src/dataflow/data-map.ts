import { DataMapInputs, MapContext } from './context';
import { readFlows } from './flows';
import { evidenceByResource, inventoryEntry } from './inventory';
import { shortLabel } from './labels';
import { mapFindings } from './map-findings';
import { DataMap, DataMapNode, InventoryEntry } from './model';
import { RenderedResource } from '../controls/control';
import { evaluateTemplates } from '../engine/evaluate';

/** Options of {@link buildDataMap}. */
export interface BuildOptions {
  /** A name for the map (a stack, an app). */
  readonly name: string;
  /**
   * Limit the inventory to the stacks with these keys (the rest of the templates still resolve
   * references); the map keeps their resources and what their flows reach.
   */
  readonly stacks?: readonly string[];
}

/**
 * The inventory and the data-flow map of a set of templates: every resource that stores,
 * processes or carries PHI, with its classification, encryption, backup, logs, owners and the
 * controls that evidence it; the flows between them and the world outside the app; and the
 * findings of the checks over the whole map (map-findings.ts). Deterministic: the same templates
 * give the same map, ordered by stack and logical id.
 */
export function buildDataMap(inputs: DataMapInputs, options: BuildOptions): DataMap {
  const ctx = new MapContext(inputs);
  const within = (r: RenderedResource) => options.stacks === undefined || options.stacks.includes(r.stackKey);
  const evidence = evidenceByResource(inputs.findings ?? evaluateTemplates(inputs));
  const inventory: InventoryEntry[] = [];
  for (const r of ctx.index.resources) {
    if (!within(r)) continue;
    const entry = inventoryEntry(ctx, r, evidence);
    if (entry) inventory.push(entry);
  }
  inventory.sort((a, b) => a.stack.localeCompare(b.stack) || a.logicalId.localeCompare(b.logicalId));

  const read = readFlows(ctx);
  const byKey = new Map(ctx.index.resources.map((r) => [r.key, r]));
  const resourceIn = (id: string) => {
    const r = byKey.get(id);
    return r !== undefined && within(r);
  };
  const flows = read.flows.filter((f) => resourceIn(f.from) || resourceIn(f.to));

  const nodes = new Map<string, DataMapNode>();
  const reached: InventoryEntry[] = [];
  for (const e of inventory) nodes.set(e.id, entryNode(e));
  const extra = new Map(read.nodes.map((n) => [n.id, n]));
  for (const f of flows) {
    for (const id of [f.from, f.to]) {
      if (nodes.has(id)) continue;
      const node = extra.get(id);
      if (node) {
        nodes.set(id, node);
        continue;
      }
      // A PHI-relevant resource of another stack the flow reaches.
      const r = byKey.get(id)!;
      const entry = inventoryEntry(ctx, r, evidence);
      if (entry) reached.push(entry);
      nodes.set(id, entry ? entryNode(entry) : { id, label: ctx.label(r), kind: 'resource', type: r.type, stack: ctx.stackName(r) });
    }
  }
  const map = {
    name: options.name,
    inventory,
    nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
    flows,
  };
  // The checks over the whole map read the encryption of destinations in other stacks too.
  return { ...map, findings: mapFindings(map, reached) };
}

function entryNode(e: InventoryEntry): DataMapNode {
  return {
    id: e.id,
    label: shortLabel(e),
    kind: 'resource',
    type: e.type,
    stack: e.stack,
    ...(e.vpc ? { vpc: e.vpc } : {}),
    role: e.role,
    classification: e.classification,
  };
}

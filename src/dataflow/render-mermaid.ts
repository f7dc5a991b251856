import { compactForDrawing } from './compact';
import { failedFindingsByNode, groups, nodeCaption } from './labels';
import { DataMap, DataMapNode, isRisky } from './model';

/**
 * The map as a Mermaid flowchart: one subgraph per stack, and inside it one per VPC; stores as
 * cylinders, nodes outside the app as stadiums; PHI stores red, unclassified ones orange, NO_PHI
 * grey; risky flows dotted and red; the findings of the map that fail on a node under its caption.
 * Node ids are n0, n1... in the map's (sorted) node order.
 */
export function renderDataMapMermaid(full: DataMap): string {
  const map = compactForDrawing(full);
  const ids = new Map(map.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  let group = 0;
  const grouped = groups(map.nodes);
  const failed = failedFindingsByNode(map);
  for (const stack of [...grouped.keys()].sort()) {
    const byVpc = grouped.get(stack)!;
    const indent = stack ? '    ' : '  ';
    if (stack) lines.push(`  subgraph g${group++}["${text(`Stack ${stack}`)}"]`);
    for (const vpc of [...byVpc.keys()].sort()) {
      const inner = vpc ? indent + '  ' : indent;
      if (vpc) lines.push(`${indent}subgraph g${group++}["${text(`VPC ${vpc}`)}"]`);
      for (const node of byVpc.get(vpc)!) lines.push(`${inner}${ids.get(node.id)}${shape(node, failed.get(node.id))}`);
      if (vpc) lines.push(`${indent}end`);
    }
    if (stack) lines.push('  end');
  }
  const risky: number[] = [];
  map.flows.forEach((f, i) => {
    const label = f.label ? `|"${text(f.label)}"|` : '';
    lines.push(`  ${ids.get(f.from)} ${isRisky(f) ? '-.->' : '-->'}${label} ${ids.get(f.to)}`);
    if (isRisky(f)) risky.push(i);
  });
  lines.push(
    '  classDef phi fill:#fdecea,stroke:#c62828,stroke-width:3px',
    '  classDef unclassified fill:#fff4e5,stroke:#ef6c00,stroke-width:2px,stroke-dasharray:4 2',
    '  classDef nophi fill:#f5f5f5,stroke:#9e9e9e,color:#616161',
    '  classDef outside fill:#e3f2fd,stroke:#1565c0',
    '  classDef unresolved fill:#fffde7,stroke:#f9a825,stroke-dasharray:2 2',
  );
  const byClass = new Map<string, string[]>();
  for (const node of map.nodes) {
    const cls = classOf(node);
    if (cls) byClass.set(cls, [...(byClass.get(cls) ?? []), ids.get(node.id)!]);
  }
  for (const cls of [...byClass.keys()].sort()) lines.push(`  class ${byClass.get(cls)!.join(',')} ${cls}`);
  if (risky.length > 0) lines.push(`  linkStyle ${risky.join(',')} stroke:#c62828,stroke-width:2px`);
  return lines.join('\n') + '\n';
}

function classOf(node: DataMapNode): string | undefined {
  if (node.kind === 'unresolved') return 'unresolved';
  if (node.kind !== 'resource') return 'outside';
  if (!node.role) return undefined;
  if (node.classification === 'NO_PHI') return 'nophi';
  if (node.role !== 'store') return undefined;
  return node.classification === 'PHI' ? 'phi' : 'unclassified';
}

/** The node's shape and label; the ids of the findings that fail on it under the caption. */
function shape(node: DataMapNode, failed: readonly string[] = []): string {
  const fails = failed.length > 0 ? `<br/><small>⚠ fails ${text(failed.join(', '))}</small>` : '';
  const label = `"${text(node.label)}<br/><small>${text(nodeCaption(node))}</small>${fails}"`;
  if (node.kind !== 'resource') return `([${label}])`;
  if (node.role === 'store') return `[(${label})]`;
  if (node.role === 'pipe') return `>${label}]`;
  return `[${label}]`;
}

/** Text safe inside a quoted Mermaid label. */
function text(s: string): string {
  return s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

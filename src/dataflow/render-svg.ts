import { compactForDrawing } from './compact';
import { failedFindingsByNode, groups, nodeCaption, riskText } from './labels';
import { DataMap, DataMapNode, isRisky } from './model';

// @dagrejs/dagre is bundled with the library; its CommonJS build is loaded with require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dagre = require('@dagrejs/dagre');

const CHAR_WIDTH = 6.6;
const NODE_HEIGHT = 40;
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

interface Style {
  readonly fill: string;
  readonly stroke: string;
  readonly width: number;
  readonly dash?: string;
}

const STYLES: { readonly [name: string]: Style } = {
  phi: { fill: '#fdecea', stroke: '#c62828', width: 3 },
  unclassified: { fill: '#fff4e5', stroke: '#ef6c00', width: 2, dash: '5 3' },
  nophi: { fill: '#f5f5f5', stroke: '#9e9e9e', width: 1 },
  resource: { fill: '#ffffff', stroke: '#455a64', width: 1.2 },
  outside: { fill: '#e3f2fd', stroke: '#1565c0', width: 1.2 },
  unresolved: { fill: '#fffde7', stroke: '#f9a825', width: 1.5, dash: '2 2' },
};

const LEGEND: ReadonlyArray<[string, string]> = [
  ['phi', 'store classified PHI'],
  ['unclassified', 'store not classified (treated as PHI)'],
  ['nophi', 'classified NO_PHI (out of scope)'],
  ['resource', 'processor, pipe or principal'],
  ['outside', 'outside the app (internet, account, service)'],
  ['unresolved', 'end synth cannot resolve'],
];

/**
 * The map as a self-contained SVG laid out with dagre (left to right): a box per stack and per VPC
 * inside it, PHI stores in red, unclassified stores dashed orange, risky flows dashed red, a red
 * `!` on the nodes a finding of the map fails on, and a legend. The same map gives the same bytes.
 */
export function renderDataMapSvg(full: DataMap): string {
  const map = compactForDrawing(full);
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, edgesep: 10, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const grouped = groups(map.nodes);
  for (const stack of [...grouped.keys()].sort()) {
    const byVpc = grouped.get(stack)!;
    if (stack) g.setNode(`stack:${stack}`, { label: `Stack ${stack}`, cluster: true });
    for (const vpc of [...byVpc.keys()].sort()) {
      const vpcId = `vpc:${stack}:${vpc}`;
      if (vpc) {
        g.setNode(vpcId, { label: `VPC ${vpc}`, cluster: true });
        if (stack) g.setParent(vpcId, `stack:${stack}`);
      }
      for (const node of byVpc.get(vpc)!) {
        const caption = nodeCaption(node);
        const width = Math.ceil(Math.max(node.label.length, caption.length * 0.85) * CHAR_WIDTH) + 24;
        g.setNode(node.id, { width, height: NODE_HEIGHT, node });
        if (vpc) g.setParent(node.id, vpcId);
        else if (stack) g.setParent(node.id, `stack:${stack}`);
      }
    }
  }
  for (const f of map.flows) {
    const label = shorten(f.label, 40);
    g.setEdge(f.from, f.to, { label, width: label.length * 5.6, height: 12, labelpos: 'c', flow: f });
  }
  dagre.layout(g);

  const graph = g.graph();
  const width = Math.ceil(Math.max(graph.width ?? 0, 760));
  const legendTop = Math.ceil(graph.height ?? 0) + 10;
  const height = legendTop + 30 + LEGEND.length * 18 + 54;
  const failed = failedFindingsByNode(map);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="11">`);
  out.push(`<title>${esc(`Where PHI lives and flows: ${map.name}`)}</title>`);
  out.push('<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#546e7a"/></marker>',
    '<marker id="arrow-risky" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c62828"/></marker>',
    '</defs>');
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  // Clusters: stacks first, VPCs over them.
  const clusters = g.nodes().filter((id: string) => g.node(id)?.cluster).sort((a: string, b: string) => (a.startsWith('stack:') ? 0 : 1) - (b.startsWith('stack:') ? 0 : 1) || a.localeCompare(b));
  for (const id of clusters) {
    const c = g.node(id);
    const isStack = id.startsWith('stack:');
    const x = c.x - c.width / 2;
    const y = c.y - c.height / 2;
    out.push(`<g class="cluster"><rect x="${n(x)}" y="${n(y)}" width="${n(c.width)}" height="${n(c.height)}" rx="6" fill="${isStack ? '#fafafa' : '#f1f8e9'}" stroke="${isStack ? '#90a4ae' : '#7cb342'}" stroke-dasharray="${isStack ? '' : '6 3'}"/>`
      + `<text x="${n(x + 8)}" y="${n(y + 13)}" font-weight="bold" fill="#455a64">${esc(c.label)}</text></g>`);
  }
  for (const e of g.edges()) {
    const edge = g.edge(e);
    const f = edge.flow;
    const risky = isRisky(f);
    const points: Array<{ x: number; y: number }> = edge.points ?? [];
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)},${n(p.y)}`).join(' ');
    const title = `${f.from} -> ${f.to}: ${f.kinds.join(', ')}${f.label ? ` (${f.label})` : ''}${risky ? ` [${riskText(f)}]` : ''}`;
    out.push(`<g class="flow${risky ? ' risky' : ''}"><title>${esc(title)}</title>`
      + `<path d="${d}" fill="none" stroke="${risky ? '#c62828' : '#78909c'}" stroke-width="${risky ? 1.8 : 1.2}"${risky ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#${risky ? 'arrow-risky' : 'arrow'})"/>`
      + (edge.label ? `<text x="${n(edge.x)}" y="${n(edge.y + 3)}" text-anchor="middle" font-size="9" fill="${risky ? '#c62828' : '#546e7a'}">${esc(edge.label)}</text>` : '')
      + '</g>');
  }
  for (const id of g.nodes()) {
    const v = g.node(id);
    if (!v?.node) continue;
    const node: DataMapNode = v.node;
    const style = STYLES[styleOf(node)];
    const x = v.x - v.width / 2;
    const y = v.y - v.height / 2;
    const rx = node.kind === 'resource' ? (node.role === 'store' ? 10 : 3) : 18;
    out.push(`<g class="node ${styleOf(node)}"><title>${esc(node.id)}</title>`
      + `<rect x="${n(x)}" y="${n(y)}" width="${n(v.width)}" height="${n(v.height)}" rx="${rx}" fill="${style.fill}" stroke="${style.stroke}" stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`
      + `<text x="${n(v.x)}" y="${n(v.y - 3)}" text-anchor="middle" font-weight="bold">${esc(node.label)}</text>`
      + `<text x="${n(v.x)}" y="${n(v.y + 11)}" text-anchor="middle" font-size="9" fill="#546e7a">${esc(nodeCaption(node))}</text>`
      + (failed.has(node.id) ? badge(x + v.width - 3, y + 3, `fails ${failed.get(node.id)!.join(', ')}`) : '')
      + '</g>');
  }
  // Legend
  out.push(`<g class="legend"><text x="20" y="${legendTop + 14}" font-weight="bold">Legend</text>`);
  LEGEND.forEach(([name, label], i) => {
    const s = STYLES[name];
    const y = legendTop + 24 + i * 18;
    out.push(`<rect x="20" y="${y}" width="26" height="12" rx="3" fill="${s.fill}" stroke="${s.stroke}" stroke-width="${s.width}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`
      + `<text x="54" y="${y + 10}">${esc(label)}</text>`);
  });
  const y = legendTop + 24 + LEGEND.length * 18;
  out.push(`<path d="M20,${y + 6} L46,${y + 6}" stroke="#78909c" stroke-width="1.2" marker-end="url(#arrow)"/><text x="54" y="${y + 10}">flow declared in the templates</text>`,
    `<path d="M300,${y + 6} L326,${y + 6}" stroke="#c62828" stroke-width="1.8" stroke-dasharray="6 4" marker-end="url(#arrow-risky)"/>`
    + `<text x="334" y="${y + 10}">risky: crosses the internet, leaves the account, reaches PHI from a public subnet, or unverifiable</text>`,
    `${badge(33, y + 24, 'a finding of the map fails')}<text x="54" y="${y + 28}">a finding of the map fails on it (see the Markdown's Findings)</text>`);
  out.push('</g>', '</svg>');
  return out.join('\n') + '\n';
}

/** A red `!` in a circle, with the finding ids as its tooltip. */
function badge(cx: number, cy: number, title: string): string {
  return `<g class="finding"><title>${esc(title)}</title><circle cx="${n(cx)}" cy="${n(cy)}" r="7" fill="#c62828" stroke="#ffffff" stroke-width="1.5"/>`
    + `<text x="${n(cx)}" y="${n(cy + 4)}" text-anchor="middle" font-size="10" font-weight="bold" fill="#ffffff">!</text></g>`;
}

function styleOf(node: DataMapNode): string {
  if (node.kind === 'unresolved') return 'unresolved';
  if (node.kind !== 'resource') return 'outside';
  if (node.classification === 'NO_PHI') return 'nophi';
  if (node.role === 'store') return node.classification === 'PHI' ? 'phi' : 'unclassified';
  return 'resource';
}

function shorten(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** A coordinate with at most one decimal. */
function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

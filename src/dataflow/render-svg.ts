import { compactForDrawing } from './compact';
import { failedFindingsByNode, groups, nodeCaption, riskText } from './labels';
import { DataFlow, DataMap, DataMapNode, isRisky } from './model';

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

/** A node of a drawing's shape: a cluster (a stack's or a VPC's box, sized by dagre) or a box of a size. */
interface ShapeNode {
  readonly cluster: boolean;
  readonly width: number;
  readonly height: number;
  /** The index of the cluster it is drawn in. */
  readonly parent?: number;
}

/** What dagre lays out: nodes (in the order they are added) and edges by index, without names or labels. */
interface Shape {
  readonly nodes: ShapeNode[];
  readonly edges: Array<{ readonly from: number; readonly to: number; readonly width: number }>;
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where dagre put each node (centres) and edge of a shape, and the size of the whole. */
interface Layout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly Box[];
  readonly edges: ReadonlyArray<{ readonly points: readonly Point[]; readonly x: number; readonly y: number }>;
}

interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Layouts by shape. Stacks of one design (an app's stages, regions or tenants) draw alike maps
 * that differ only in names; dagre lays out a shape once, and names never reach it, so a map's
 * drawing does not depend on what was drawn before.
 */
const LAYOUTS = new Map<string, Layout>();
const MAX_LAYOUTS = 64;

function layout(shape: Shape): Layout {
  const key = JSON.stringify(shape);
  let found = LAYOUTS.get(key);
  if (!found) {
    found = dagreLayout(shape);
    if (LAYOUTS.size >= MAX_LAYOUTS) LAYOUTS.delete(LAYOUTS.keys().next().value!);
    LAYOUTS.set(key, found);
  }
  return found;
}

/** Lays a shape out left to right, with dagre, under names that are the nodes' indexes. */
function dagreLayout(shape: Shape): Layout {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, edgesep: 10, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const name = (i: number) => `n${i}`;
  shape.nodes.forEach((node, i) => {
    g.setNode(name(i), node.cluster ? {} : { width: node.width, height: node.height });
    if (node.parent !== undefined) g.setParent(name(i), name(node.parent));
  });
  const edges = shape.edges.map((e) => ({ width: e.width, height: 12, labelpos: 'c' }));
  shape.edges.forEach((e, i) => g.setEdge(name(e.from), name(e.to), edges[i]));
  dagre.layout(g);
  const graph = g.graph();
  return {
    width: graph.width ?? 0,
    height: graph.height ?? 0,
    nodes: shape.nodes.map((_, i) => {
      const { x, y, width, height } = g.node(name(i));
      return { x, y, width, height };
    }),
    edges: edges.map((e: any) => ({ points: e.points ?? [], x: e.x, y: e.y })),
  };
}

/**
 * The map as a self-contained SVG laid out with dagre (left to right): a box per stack and per VPC
 * inside it, PHI stores in red, unclassified stores dashed orange, risky flows dashed red, a red
 * `!` on the nodes a finding of the map fails on, and a legend. The same map gives the same bytes.
 */
export function renderDataMapSvg(full: DataMap): string {
  const map = compactForDrawing(full);
  const shape: Shape = { nodes: [], edges: [] };
  const ids: string[] = [];
  const indexOf = new Map<string, number>();
  const clusterLabels = new Map<number, string>();
  const drawn = new Map<number, DataMapNode>();
  const addNode = (id: string, box: ShapeNode): number => {
    indexOf.set(id, shape.nodes.length);
    ids.push(id);
    shape.nodes.push(box);
    return shape.nodes.length - 1;
  };
  const grouped = groups(map.nodes);
  for (const stack of [...grouped.keys()].sort()) {
    const byVpc = grouped.get(stack)!;
    const stackBox = stack ? addNode(`stack:${stack}`, { cluster: true, width: 0, height: 0 }) : undefined;
    if (stackBox !== undefined) clusterLabels.set(stackBox, `Stack ${stack}`);
    for (const vpc of [...byVpc.keys()].sort()) {
      const vpcBox = vpc ? addNode(`vpc:${stack}:${vpc}`, { cluster: true, width: 0, height: 0, ...(stackBox !== undefined ? { parent: stackBox } : {}) }) : undefined;
      if (vpcBox !== undefined) clusterLabels.set(vpcBox, `VPC ${vpc}`);
      const parent = vpcBox ?? stackBox;
      for (const node of byVpc.get(vpc)!) {
        const caption = nodeCaption(node);
        const width = Math.ceil(Math.max(node.label.length, caption.length * 0.85) * CHAR_WIDTH) + 24;
        drawn.set(addNode(node.id, { cluster: false, width, height: NODE_HEIGHT, ...(parent !== undefined ? { parent } : {}) }), node);
      }
    }
  }
  // One edge per pair of ends: a later flow between the same two nodes takes the edge's label.
  const edgeAt = new Map<string, number>();
  const edgeFlows: DataFlow[] = [];
  const edgeLabels: string[] = [];
  for (const f of map.flows) {
    const label = shorten(f.label, 40);
    const from = indexOf.get(f.from) ?? addNode(f.from, { cluster: false, width: 0, height: 0 });
    const to = indexOf.get(f.to) ?? addNode(f.to, { cluster: false, width: 0, height: 0 });
    const pair = `${from}>${to}`;
    const at = edgeAt.get(pair) ?? shape.edges.length;
    edgeAt.set(pair, at);
    shape.edges[at] = { from, to, width: label.length * 5.6 };
    edgeFlows[at] = f;
    edgeLabels[at] = label;
  }
  const placed = layout(shape);

  const width = Math.ceil(Math.max(placed.width, 760));
  const legendTop = Math.ceil(placed.height) + 10;
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
  const clusters = [...clusterLabels.keys()].sort((a, b) => (ids[a].startsWith('stack:') ? 0 : 1) - (ids[b].startsWith('stack:') ? 0 : 1) || ids[a].localeCompare(ids[b]));
  for (const i of clusters) {
    const c = { ...placed.nodes[i], label: clusterLabels.get(i)! };
    const isStack = ids[i].startsWith('stack:');
    const x = c.x - c.width / 2;
    const y = c.y - c.height / 2;
    out.push(`<g class="cluster"><rect x="${n(x)}" y="${n(y)}" width="${n(c.width)}" height="${n(c.height)}" rx="6" fill="${isStack ? '#fafafa' : '#f1f8e9'}" stroke="${isStack ? '#90a4ae' : '#7cb342'}" stroke-dasharray="${isStack ? '' : '6 3'}"/>`
      + `<text x="${n(x + 8)}" y="${n(y + 13)}" font-weight="bold" fill="#455a64">${esc(c.label)}</text></g>`);
  }
  placed.edges.forEach((edge, at) => {
    const f = edgeFlows[at];
    const label = edgeLabels[at];
    const risky = isRisky(f);
    const points = edge.points;
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)},${n(p.y)}`).join(' ');
    const title = `${f.from} -> ${f.to}: ${f.kinds.join(', ')}${f.label ? ` (${f.label})` : ''}${risky ? ` [${riskText(f)}]` : ''}`;
    out.push(`<g class="flow${risky ? ' risky' : ''}"><title>${esc(title)}</title>`
      + `<path d="${d}" fill="none" stroke="${risky ? '#c62828' : '#78909c'}" stroke-width="${risky ? 1.8 : 1.2}"${risky ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#${risky ? 'arrow-risky' : 'arrow'})"/>`
      + (label ? `<text x="${n(edge.x)}" y="${n(edge.y + 3)}" text-anchor="middle" font-size="9" fill="${risky ? '#c62828' : '#546e7a'}">${esc(label)}</text>` : '')
      + '</g>');
  });
  for (const [i, node] of drawn) {
    const v = placed.nodes[i];
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

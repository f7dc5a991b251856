import { DataMapFindingStatus } from './data-map-finding';
import { BLIND_SPOTS, riskText, shortLabel, summary } from './labels';
import { MAP_FINDINGS } from './map-findings';
import { DataMap, InventoryEntry } from './model';

/** The inventory and the flows as Markdown tables, with what the map does not see. */
export function renderDataMapMarkdown(map: DataMap): string {
  const lines: string[] = [];
  lines.push(`# Where PHI lives and flows: ${map.name}`, '', summary(map), '');
  lines.push('## Inventory', '');
  lines.push('| Resource | Type | Role | Classification | Encryption at rest | In transit | Backup | Logs | Owner | Evidence |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const e of map.inventory) {
    lines.push(row([
      `${shortLabel(e)}<br>\`${e.logicalId}\``,
      e.type,
      e.role + (e.inPublicSubnet ? ' (public subnet)' : ''),
      classificationText(e),
      e.encryptionAtRest.status + (e.encryptionAtRest.key ? `: ${e.encryptionAtRest.key}` : ''),
      e.encryptionInTransit.status + (e.encryptionInTransit.controls.length > 0 ? ` (${e.encryptionInTransit.controls.join(', ')})` : ''),
      e.backup,
      [...e.logs.destinations, ...(e.logs.retention ? [`retention ${e.logs.retention}`] : [])].join('; ') || '-',
      e.owners.join(', ') || '-',
      evidenceText(e),
    ]));
  }
  lines.push('', '## Flows', '');
  const labels = new Map(map.nodes.map((n) => [n.id, n.label]));
  lines.push('| From | To | Declared as | What | Risk |', '|---|---|---|---|---|');
  for (const f of map.flows) {
    lines.push(row([labels.get(f.from) ?? f.from, labels.get(f.to) ?? f.to, f.kinds.join(', '), f.label || '-', riskText(f) || '-']));
  }
  lines.push('', ...findingsSection(map, labels));
  lines.push('', '## What this map does not see', '');
  for (const b of BLIND_SPOTS) lines.push(`- ${b}`);
  return lines.join('\n') + '\n';
}

/**
 * The findings of the checks over the whole map: per check its counts, its citations and fix, then a
 * row per verdict that is not a pass (the JSON has every verdict).
 */
function findingsSection(map: DataMap, labels: ReadonlyMap<string, string>): string[] {
  const lines = ['## Findings', '', 'Checks over the whole map (advisory: they never fail synth). The JSON lists every verdict; the passes are counted here.', ''];
  lines.push('| Finding | Severity | Pass | Fail | Unverifiable | Citations |', '|---|---|---|---|---|---|');
  for (const d of MAP_FINDINGS) {
    const of = (status: DataMapFindingStatus) => map.findings.filter((f) => f.id === d.id && f.status === status).length;
    lines.push(row([`**${d.id}**<br>${d.title}`, d.severity, String(of(DataMapFindingStatus.PASS)), String(of(DataMapFindingStatus.FAIL)),
      String(of(DataMapFindingStatus.UNVERIFIABLE)), d.citations.join(', ')]));
  }
  const open = map.findings.filter((f) => f.status !== DataMapFindingStatus.PASS);
  if (open.length === 0) return [...lines, '', 'Every finding passes.'];
  lines.push('', '| Finding | Status | Resource | Message |', '|---|---|---|---|');
  for (const f of open) lines.push(row([f.id, f.status, labels.get(f.resource) ?? f.resource, esc(f.message)]));
  lines.push('', '**How to fix:**', '');
  for (const d of MAP_FINDINGS) if (open.some((f) => f.id === d.id)) lines.push(`- ${d.id}: ${d.fix}`);
  return lines;
}

function esc(s: string): string {
  return s.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function classificationText(e: InventoryEntry): string {
  if (e.classification === 'unclassified') return '**unclassified**';
  const source = { construct: 'HipaaData', template: 'template metadata', library: 'library default', none: '' }[e.classificationSource];
  const reason = e.classificationReason ? `: ${e.classificationReason.replace(/</g, '&lt;').replace(/>/g, '&gt;')}` : '';
  return `${e.classification} (${source}${reason})`;
}

function evidenceText(e: InventoryEntry): string {
  if (e.evidence.length === 0) return '-';
  const pass = e.evidence.filter((x) => x.status === 'PASS').length;
  const others = e.evidence.filter((x) => x.status !== 'PASS').map((x) => `${x.status} ${x.controlId}`);
  return [`${pass} pass`, ...others].join(', ');
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
}

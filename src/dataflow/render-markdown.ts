import { BLIND_SPOTS, riskText, shortLabel, summary } from './labels';
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
  lines.push('', '## What this map does not see', '');
  for (const b of BLIND_SPOTS) lines.push(`- ${b}`);
  return lines.join('\n') + '\n';
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

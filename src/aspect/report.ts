import { HipaaFinding, HipaaFindingStatus } from './findings';

/** The HIPAA Security Rule sections infrastructure evidences, by citation prefix. */
const SECTION_NAMES: ReadonlyArray<[string, string]> = [
  ['164.308(a)(1)', 'Security management process: information system activity review'],
  ['164.308(a)(3)', 'Workforce security: authorization'],
  ['164.308(a)(4)', 'Information access management'],
  ['164.308(a)(5)', 'Security awareness: log-in monitoring, password management'],
  ['164.308(a)(6)', 'Security incident procedures: response and reporting'],
  ['164.308(a)(7)', 'Contingency plan: data backup, disaster recovery'],
  ['164.312(a)', 'Access control; encryption and decryption'],
  ['164.312(b)', 'Audit controls'],
  ['164.312(c)', 'Integrity; mechanism to authenticate ePHI'],
  ['164.312(d)', 'Person or entity authentication'],
  ['164.312(e)', 'Transmission security'],
  ['164.316(b)', 'Documentation: retention for six years'],
];

/** The name of the Security Rule section a citation belongs to. */
export function sectionName(citation: string): string {
  const match = SECTION_NAMES.find(([prefix]) => citation.startsWith(prefix));
  return match ? match[1] : 'Other';
}

export interface StatusCounts {
  pass: number;
  fail: number;
  acknowledged: number;
  unverifiable: number;
}

export interface ComplianceReport {
  readonly schemaVersion: string;
  readonly generator: string;
  readonly stack: string;
  /** Construct path of what was checked: the stack, or the construct inside it the aspect was applied to. */
  readonly scope: string;
  readonly mode: string;
  /**
   * `examined`: CloudFormation resources checked; `resources`: those of them some control applies to;
   * `evaluations`: control × resource results.
   */
  readonly totals: StatusCounts & { examined: number; resources: number; controls: number; evaluations: number };
  readonly sections: Array<{ citation: string; name: string; controls: string[] } & StatusCounts>;
  readonly resources: Array<{
    path: string;
    logicalId: string;
    type: string;
    findings: Array<{
      controlId: string;
      status: string;
      severity: string;
      citations: string[];
      message?: string;
      fix?: string;
      acknowledgement?: { reason: string; at: string };
    }>;
  }>;
  readonly acknowledgements: Array<{ controlId: string; reason: string; at: string; resources: string[] }>;
}

const emptyCounts = (): StatusCounts => ({ pass: 0, fail: 0, acknowledged: 0, unverifiable: 0 });

function count(counts: StatusCounts, status: HipaaFindingStatus): void {
  switch (status) {
    case HipaaFindingStatus.PASS: counts.pass++; break;
    case HipaaFindingStatus.FAIL: counts.fail++; break;
    case HipaaFindingStatus.ACKNOWLEDGED: counts.acknowledged++; break;
    case HipaaFindingStatus.UNVERIFIABLE: counts.unverifiable++; break;
  }
}

export interface ReportScope {
  /** CloudFormation resources examined, whether or not a control applies to them. */
  readonly examined: number;
  /** Construct path of what was checked. */
  readonly scope: string;
}

/** The machine-readable report of one stack: every resource × every applicable control. */
export function buildReport(stack: string, mode: string, findings: readonly HipaaFinding[], coverage: ReportScope): ComplianceReport {
  const totals = { ...emptyCounts(), examined: coverage.examined, resources: 0, controls: 0, evaluations: findings.length };
  const resources = new Map<string, ComplianceReport['resources'][number]>();
  const sections = new Map<string, { controls: Set<string> } & StatusCounts>();
  const acks = new Map<string, { controlId: string; reason: string; at: string; resources: string[] }>();
  const controls = new Set<string>();

  for (const f of findings) {
    count(totals, f.status);
    controls.add(f.controlId);
    let resource = resources.get(f.constructPath);
    if (!resource) {
      resource = { path: f.constructPath, logicalId: f.logicalId, type: f.resourceType, findings: [] };
      resources.set(f.constructPath, resource);
    }
    const passed = f.status === HipaaFindingStatus.PASS;
    resource.findings.push({
      controlId: f.controlId,
      status: f.status,
      severity: f.severity,
      citations: f.citations,
      ...(passed ? {} : { message: f.message, fix: f.fix }),
      ...(f.acknowledgedReason !== undefined ? { acknowledgement: { reason: f.acknowledgedReason, at: f.acknowledgedAt ?? '' } } : {}),
    });
    for (const citation of f.citations) {
      let section = sections.get(citation);
      if (!section) {
        section = { controls: new Set(), ...emptyCounts() };
        sections.set(citation, section);
      }
      section.controls.add(f.controlId);
      count(section, f.status);
    }
    if (f.status === HipaaFindingStatus.ACKNOWLEDGED) {
      const key = `${f.controlId}|${f.acknowledgedAt}|${f.acknowledgedReason}`;
      const ack = acks.get(key) ?? { controlId: f.controlId, reason: f.acknowledgedReason ?? '', at: f.acknowledgedAt ?? '', resources: [] };
      ack.resources.push(f.constructPath);
      acks.set(key, ack);
    }
  }
  totals.resources = resources.size;
  totals.controls = controls.size;

  return {
    schemaVersion: '1',
    generator: 'cdk-hipaa',
    stack,
    scope: coverage.scope,
    mode,
    totals,
    sections: [...sections.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([citation, s]) => ({
        citation,
        name: sectionName(citation),
        controls: [...s.controls].sort(),
        pass: s.pass,
        fail: s.fail,
        acknowledged: s.acknowledged,
        unverifiable: s.unverifiable,
      })),
    resources: [...resources.values()],
    acknowledgements: [...acks.values()],
  };
}

/** The human report: what a team hands its auditor. */
export function renderMarkdown(report: ComplianceReport): string {
  const t = report.totals;
  const lines: string[] = [];
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  lines.push(`# HIPAA compliance report: ${report.stack}`, '');
  lines.push('Generated by cdk-hipaa at synth from the CloudFormation template this stack deploys. It evidences the technical safeguards of the HIPAA Security Rule (45 CFR Part 164) that infrastructure configuration can show; administrative and physical safeguards, and a Business Associate Addendum with AWS, are outside its scope.', '');
  lines.push(`Mode: ${report.mode}`, '');
  lines.push(`Scope: ${report.scope || '(app)'}: ${t.examined} CloudFormation resources examined, ${t.resources} of them subject to at least one control.`, '');
  if (t.evaluations === 0) {
    lines.push('Nothing to assess: no resource in scope is of a type a cdk-hipaa control applies to (0 resources assessed).', '');
  }
  lines.push('| resources | controls | evaluations | pass | fail | acknowledged | unverifiable |', '|---|---|---|---|---|---|---|');
  lines.push(`| ${t.resources} | ${t.controls} | ${t.evaluations} | ${t.pass} | ${t.fail} | ${t.acknowledged} | ${t.unverifiable} |`, '');

  lines.push('## By HIPAA Security Rule section', '');
  lines.push('| citation | section | controls | pass | fail | acknowledged | unverifiable |', '|---|---|---|---|---|---|---|');
  for (const s of report.sections) {
    lines.push(`| ${s.citation} | ${s.name} | ${s.controls.join(', ')} | ${s.pass} | ${s.fail} | ${s.acknowledged} | ${s.unverifiable} |`);
  }
  lines.push('');

  const pick = (status: string) => report.resources.flatMap((r) => r.findings.filter((f) => f.status === status).map((f) => ({ r, f })));
  const failures = pick(HipaaFindingStatus.FAIL);
  lines.push('## Failures', '');
  if (failures.length === 0) {lines.push('None.', '');} else {
    lines.push('| resource | control | citations | problem | fix |', '|---|---|---|---|---|');
    for (const { r, f } of failures) lines.push(`| ${r.path} | ${f.controlId} | ${f.citations.join(', ')} | ${cell(f.message ?? '')} | ${cell(f.fix ?? '')} |`);
    lines.push('');
  }

  lines.push('## Acknowledged exceptions', '');
  if (report.acknowledgements.length === 0) {lines.push('None.', '');} else {
    lines.push('| control | reason | acknowledged at | resources |', '|---|---|---|---|');
    for (const a of report.acknowledgements) lines.push(`| ${a.controlId} | ${cell(a.reason)} | ${a.at || '(app)'} | ${a.resources.join('<br>')} |`);
    lines.push('');
  }

  const unverifiable = pick(HipaaFindingStatus.UNVERIFIABLE);
  lines.push('## Not verifiable at synth', '');
  if (unverifiable.length === 0) {lines.push('None.', '');} else {
    lines.push('| resource | control | why |', '|---|---|---|');
    for (const { r, f } of unverifiable) lines.push(`| ${r.path} | ${f.controlId} | ${cell(f.message ?? '')} |`);
    lines.push('');
  }

  lines.push('## Resources', '');
  lines.push('| resource | type | pass | fail | acknowledged | unverifiable |', '|---|---|---|---|---|---|');
  for (const r of report.resources) {
    const c = emptyCounts();
    for (const f of r.findings) count(c, f.status as HipaaFindingStatus);
    lines.push(`| ${r.path} | ${r.type} | ${c.pass} | ${c.fail} | ${c.acknowledged} | ${c.unverifiable} |`);
  }
  lines.push('');
  return lines.join('\n');
}

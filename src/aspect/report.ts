import { HipaaFinding, HipaaFindingStatus } from './findings';
import { FrameworkResource, frameworkAction } from './framework-resources';
import { qualifiedControlId } from '../policy/acknowledgements';

/**
 * The names of the 45 CFR Part 164 standards and implementation specifications the catalog
 * cites, as the regulation words them. A citation takes the name of its longest matching prefix,
 * so `164.312(a)(2)(iv)` is "Access control: encryption and decryption" and an unlisted
 * `164.312(a)(2)(v)` would still be "Access control".
 */
const SECTION_NAMES: ReadonlyArray<[string, string]> = [
  ['164.308(a)(1)', 'Security management process'],
  ['164.308(a)(1)(ii)(A)', 'Security management process: risk analysis'],
  ['164.308(a)(1)(ii)(B)', 'Security management process: risk management'],
  ['164.308(a)(1)(ii)(D)', 'Security management process: information system activity review'],
  ['164.308(a)(3)', 'Workforce security'],
  ['164.308(a)(3)(ii)(A)', 'Workforce security: authorization and/or supervision'],
  ['164.308(a)(3)(ii)(B)', 'Workforce security: workforce clearance procedure'],
  ['164.308(a)(3)(ii)(C)', 'Workforce security: termination procedures'],
  ['164.308(a)(4)', 'Information access management'],
  ['164.308(a)(4)(ii)(A)', 'Information access management: isolating health care clearinghouse functions'],
  ['164.308(a)(4)(ii)(B)', 'Information access management: access authorization'],
  ['164.308(a)(4)(ii)(C)', 'Information access management: access establishment and modification'],
  ['164.308(a)(5)', 'Security awareness and training'],
  ['164.308(a)(5)(ii)(B)', 'Security awareness and training: protection from malicious software'],
  ['164.308(a)(5)(ii)(C)', 'Security awareness and training: log-in monitoring'],
  ['164.308(a)(5)(ii)(D)', 'Security awareness and training: password management'],
  ['164.308(a)(6)', 'Security incident procedures'],
  ['164.308(a)(6)(ii)', 'Security incident procedures: response and reporting'],
  ['164.308(a)(7)', 'Contingency plan'],
  ['164.308(a)(7)(ii)(A)', 'Contingency plan: data backup plan'],
  ['164.308(a)(7)(ii)(B)', 'Contingency plan: disaster recovery plan'],
  ['164.308(a)(7)(ii)(C)', 'Contingency plan: emergency mode operation plan'],
  ['164.308(a)(7)(ii)(D)', 'Contingency plan: testing and revision procedures'],
  ['164.308(a)(8)', 'Evaluation'],
  ['164.308(b)(1)', 'Business associate contracts and other arrangements'],
  ['164.310(d)(1)', 'Device and media controls'],
  ['164.312(a)', 'Access control'],
  ['164.312(a)(1)', 'Access control'],
  ['164.312(a)(2)(i)', 'Access control: unique user identification'],
  ['164.312(a)(2)(ii)', 'Access control: emergency access procedure'],
  ['164.312(a)(2)(iii)', 'Access control: automatic logoff'],
  ['164.312(a)(2)(iv)', 'Access control: encryption and decryption'],
  ['164.312(b)', 'Audit controls'],
  ['164.312(c)', 'Integrity'],
  ['164.312(c)(1)', 'Integrity'],
  ['164.312(c)(2)', 'Integrity: mechanism to authenticate electronic protected health information'],
  ['164.312(d)', 'Person or entity authentication'],
  ['164.312(e)', 'Transmission security'],
  ['164.312(e)(1)', 'Transmission security'],
  ['164.312(e)(2)(i)', 'Transmission security: integrity controls'],
  ['164.312(e)(2)(ii)', 'Transmission security: encryption'],
  ['164.314(a)(1)', 'Business associate contracts or other arrangements'],
  ['164.316(a)', 'Policies and procedures'],
  ['164.316(b)', 'Documentation'],
  ['164.316(b)(1)', 'Documentation'],
  ['164.316(b)(2)(i)', 'Documentation: time limit (retained for six years)'],
  ['164.316(b)(2)(ii)', 'Documentation: availability'],
  ['164.316(b)(2)(iii)', 'Documentation: updates'],
];

/** The id of the check that a resource's AWS service is HIPAA-eligible; counted apart from the rest. */
export const ELIGIBILITY_CONTROL_ID = 'General.HipaaEligibleService';

/** The name of the Security Rule standard or implementation specification a citation belongs to. */
export function sectionName(citation: string): string {
  let best: [string, string] | undefined;
  for (const entry of SECTION_NAMES) {
    const [prefix] = entry;
    if ((citation === prefix || citation.startsWith(prefix + '(')) && (!best || prefix.length > best[0].length)) best = entry;
  }
  return best ? best[1] : `45 CFR ${citation}`;
}

export interface StatusCounts {
  pass: number;
  fail: number;
  acknowledged: number;
  unverifiable: number;
}

/** The status of the HIPAA-eligible-service check on a resource it does not apply to. */
const NOT_APPLICABLE = 'N/A';

export interface ComplianceReport {
  readonly schemaVersion: string;
  readonly generator: string;
  readonly stack: string;
  /** Construct path of what was checked: the stack, or the construct inside it the aspect was applied to. */
  readonly scope: string;
  readonly mode: string;
  /**
   * `examined`: CloudFormation resources checked; `resources`: those of them some control applies to;
   * `evaluations`: control × resource results; the status counts cover every evaluation.
   * `assessed`: the evaluations of every control but General.HipaaEligibleService on the app's own
   * resources, and how many resources they cover; `framework`: the same on resources aws-cdk-lib
   * added by itself; `eligibility`: General.HipaaEligibleService alone; `notAssessed`: resources no
   * control but General.HipaaEligibleService assessed.
   */
  readonly totals: StatusCounts & {
    examined: number;
    resources: number;
    controls: number;
    evaluations: number;
    assessed: StatusCounts & { resources: number };
    framework: StatusCounts & { resources: number };
    eligibility: StatusCounts;
    notAssessed: number;
  };
  readonly sections: Array<{ citation: string; name: string; controls: string[] } & StatusCounts>;
  readonly resources: Array<{
    path: string;
    logicalId: string;
    type: string;
    /** Results of every control but General.HipaaEligibleService. */
    assessed: StatusCounts;
    /** General.HipaaEligibleService's status, `N/A` for control-plane and custom resources. */
    eligibility: string;
    /** Set when aws-cdk-lib added the resource by itself: what kind, and the construct it belongs to. */
    framework?: { kind: string; at: string };
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
  /** Resources no control but General.HipaaEligibleService assessed: their configuration was not checked. */
  readonly notAssessed: Array<{ path: string; logicalId: string; type: string; eligibility: string }>;
  /** Constructs aws-cdk-lib added by itself, their risk, the user's action and the controls they do not meet. */
  readonly framework: Array<{
    kind: string;
    at: string;
    risk: string;
    action: string;
    resources: string[];
    /** Controls not met (failing or unverifiable) on its resources. */
    controls: string[];
  } & StatusCounts>;
  readonly acknowledgements: Array<{ controlId: string; reason: string; at: string; resources: string[] }>;
  /** Acknowledgements recorded in the stack that clear no finding: a mistyped id, or nothing under them fails. */
  readonly staleAcknowledgements: StaleAcknowledgement[];
}

/** An acknowledgement that clears no finding. */
export interface StaleAcknowledgement {
  readonly controlId: string;
  readonly at: string;
  readonly reason: string;
  /** Why it clears nothing, and what to do. */
  readonly problem: string;
}

const emptyCounts = (): StatusCounts => ({ pass: 0, fail: 0, acknowledged: 0, unverifiable: 0 });

function count(counts: StatusCounts, status: HipaaFindingStatus | string): void {
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
  /** The resources (by construct path) aws-cdk-lib added by itself. */
  readonly framework?: ReadonlyMap<string, FrameworkResource>;
  /** Acknowledgements in scope that clear no finding. */
  readonly staleAcknowledgements?: readonly StaleAcknowledgement[];
}

/** The machine-readable report of one stack: every resource × every applicable control. */
export function buildReport(stack: string, mode: string, findings: readonly HipaaFinding[], coverage: ReportScope): ComplianceReport {
  const totals: ComplianceReport['totals'] = {
    ...emptyCounts(),
    examined: coverage.examined,
    resources: 0,
    controls: 0,
    evaluations: findings.length,
    assessed: { ...emptyCounts(), resources: 0 },
    framework: { ...emptyCounts(), resources: 0 },
    eligibility: emptyCounts(),
    notAssessed: 0,
  };
  const frameworkOf = coverage.framework ?? new Map<string, FrameworkResource>();
  const resources = new Map<string, ComplianceReport['resources'][number]>();
  const sections = new Map<string, { controls: Set<string> } & StatusCounts>();
  const acks = new Map<string, { controlId: string; reason: string; at: string; resources: string[] }>();
  const frameworkScopes = new Map<string, { framework: FrameworkResource; resources: Set<string>; unmet: Set<string>; counts: StatusCounts }>();
  const controls = new Set<string>();

  for (const f of findings) {
    count(totals, f.status);
    controls.add(f.controlId);
    const framework = frameworkOf.get(f.constructPath);
    let resource = resources.get(f.constructPath);
    if (!resource) {
      resource = {
        path: f.constructPath,
        logicalId: f.logicalId,
        type: f.resourceType,
        assessed: emptyCounts(),
        eligibility: NOT_APPLICABLE,
        ...(framework ? { framework: { kind: framework.kind, at: framework.scopePath } } : {}),
        findings: [],
      };
      resources.set(f.constructPath, resource);
    }
    if (f.controlId === ELIGIBILITY_CONTROL_ID) {
      resource.eligibility = f.status;
      count(totals.eligibility, f.status);
    } else {
      count(resource.assessed, f.status);
      count(framework ? totals.framework : totals.assessed, f.status);
    }
    if (framework && f.controlId !== ELIGIBILITY_CONTROL_ID) {
      let entry = frameworkScopes.get(framework.scopePath);
      if (!entry) {
        entry = { framework, resources: new Set(), unmet: new Set(), counts: emptyCounts() };
        frameworkScopes.set(framework.scopePath, entry);
      }
      entry.resources.add(f.constructPath);
      count(entry.counts, f.status);
      if (f.status === HipaaFindingStatus.FAIL || f.status === HipaaFindingStatus.UNVERIFIABLE) entry.unmet.add(f.controlId);
    }
    const entry: ComplianceReport['resources'][number]['findings'][number] = {
      controlId: f.controlId,
      status: f.status,
      severity: f.severity,
      citations: f.citations,
    };
    if (f.status !== HipaaFindingStatus.PASS) {
      entry.message = f.message;
      entry.fix = f.fix;
    }
    if (f.acknowledgedReason !== undefined) entry.acknowledgement = { reason: f.acknowledgedReason, at: f.acknowledgedAt ?? '' };
    resource.findings.push(entry);
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
  const assessedCount = (c: StatusCounts) => c.pass + c.fail + c.acknowledged + c.unverifiable;
  const notAssessed = [...resources.values()]
    .filter((r) => assessedCount(r.assessed) === 0)
    .map((r) => ({ path: r.path, logicalId: r.logicalId, type: r.type, eligibility: r.eligibility }));
  totals.notAssessed = notAssessed.length;
  for (const r of resources.values()) {
    if (assessedCount(r.assessed) === 0) continue;
    if (r.framework) totals.framework.resources++; else totals.assessed.resources++;
  }

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
    notAssessed,
    framework: [...frameworkScopes.values()].map(({ framework, resources: paths, unmet, counts }) => {
      const controlIds = [...unmet].sort();
      return {
        kind: framework.kind,
        at: framework.scopePath,
        risk: framework.risk,
        action: frameworkAction(framework, controlIds.map(qualifiedControlId)),
        resources: [...paths],
        controls: controlIds,
        ...counts,
      };
    }),
    acknowledgements: [...acks.values()],
    staleAcknowledgements: [...(coverage.staleAcknowledgements ?? [])],
  };
}

/** The human report: what a team hands its auditor. */
export function renderMarkdown(report: ComplianceReport): string {
  const t = report.totals;
  const lines: string[] = [];
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const counts = (c: StatusCounts) => `${c.pass} | ${c.fail} | ${c.acknowledged} | ${c.unverifiable}`;
  lines.push(`# HIPAA compliance report: ${report.stack}`, '');
  lines.push('Generated by cdk-hipaa at synth from the CloudFormation template this stack deploys. It evidences the technical safeguards of the HIPAA Security Rule (45 CFR Part 164) that infrastructure configuration can show; administrative and physical safeguards, and a Business Associate Addendum with AWS, are outside its scope.', '');
  lines.push(`Mode: ${report.mode}`, '');
  lines.push(`Scope: ${report.scope || '(app)'}: ${t.examined} CloudFormation resources examined, ${t.resources} of them subject to at least one control.`, '');
  if (t.evaluations === 0) {
    lines.push('Nothing to assess: no resource in scope is of a type a cdk-hipaa control applies to (0 resources assessed).', '');
  }
  lines.push(`Assessed: ${t.assessed.resources} of the app's resources by at least one control besides the HIPAA-eligible-service check; ${t.notAssessed} not assessed (see below).`, '');
  lines.push('| evaluations | resources | pass | fail | acknowledged | unverifiable |', '|---|---|---|---|---|---|');
  lines.push(`| controls on the app's resources | ${t.assessed.resources} | ${counts(t.assessed)} |`);
  lines.push(`| controls on framework resources (aws-cdk-lib's own) | ${t.framework.resources} | ${counts(t.framework)} |`);
  lines.push(`| HIPAA-eligible service (${ELIGIBILITY_CONTROL_ID}) | ${t.eligibility.pass + t.eligibility.fail + t.eligibility.acknowledged + t.eligibility.unverifiable} | ${counts(t.eligibility)} |`);
  lines.push(`| all (${t.evaluations} evaluations, ${t.controls} controls) | ${t.resources} | ${counts(t)} |`, '');

  lines.push('## By HIPAA Security Rule section', '');
  lines.push('| citation | section | controls | pass | fail | acknowledged | unverifiable |', '|---|---|---|---|---|---|---|');
  for (const s of report.sections) {
    lines.push(`| ${s.citation} | ${s.name} | ${s.controls.join(', ')} | ${counts(s)} |`);
  }
  lines.push('');

  const own = report.resources.filter((r) => !r.framework);
  const pick = (status: string) => own.flatMap((r) => r.findings.filter((f) => f.status === status).map((f) => ({ r, f })));
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

  lines.push('## Stale acknowledgements', '');
  lines.push('Acknowledgements that clear no finding: remove them, so that they cannot hide a future failure.', '');
  if (report.staleAcknowledgements.length === 0) {lines.push('None.', '');} else {
    lines.push('| control | acknowledged at | reason | problem |', '|---|---|---|---|');
    for (const a of report.staleAcknowledgements) lines.push(`| ${a.controlId} | ${a.at || '(app)'} | ${cell(a.reason)} | ${cell(a.problem)} |`);
    lines.push('');
  }

  const unverifiable = pick(HipaaFindingStatus.UNVERIFIABLE);
  lines.push('## Not verifiable at synth', '');
  if (unverifiable.length === 0) {lines.push('None.', '');} else {
    lines.push('| resource | control | why |', '|---|---|---|');
    for (const { r, f } of unverifiable) lines.push(`| ${r.path} | ${f.controlId} | ${cell(f.message ?? '')} |`);
    lines.push('');
  }

  lines.push('## Not assessed', '');
  lines.push(`No control of their own assessed these resources: only whether their service is HIPAA-eligible (${ELIGIBILITY_CONTROL_ID}) was checked (a control on another resource may still read them, as a bucket's S3.TlsOnly reads its bucket policy). Review them by hand, or keep PHI out of them.`, '');
  if (report.notAssessed.length === 0) {lines.push('None.', '');} else {
    lines.push('| resource | type | HIPAA-eligible service |', '|---|---|---|');
    for (const r of report.notAssessed) lines.push(`| ${r.path} | ${r.type} | ${r.eligibility} |`);
    lines.push('');
  }

  lines.push('## Framework resources', '');
  lines.push('aws-cdk-lib added these by itself to run custom resources during deployments; the app cannot configure most of their properties. Their findings are warnings, never synth errors, and appear in no other section.', '');
  if (report.framework.length === 0) {lines.push('None.', '');} else {
    lines.push('| kind | construct | risk | controls not met | pass | fail | acknowledged | unverifiable | action |', '|---|---|---|---|---|---|---|---|---|');
    for (const fr of report.framework) {
      lines.push(`| ${fr.kind} | ${fr.at} | ${cell(fr.risk)} | ${fr.controls.join(', ') || 'none'} | ${counts(fr)} | ${fr.controls.length === 0 ? 'none needed' : cell(fr.action)} |`);
    }
    lines.push('');
  }

  lines.push('## Resources', '');
  lines.push('Counts are of the controls that assessed the resource, without the HIPAA-eligible-service check (its own column).', '');
  lines.push('| resource | type | pass | fail | acknowledged | unverifiable | HIPAA-eligible service |', '|---|---|---|---|---|---|---|');
  for (const r of report.resources) {
    const note = r.framework ? ` (framework: ${r.framework.kind})` : '';
    lines.push(`| ${r.path}${note} | ${r.type} | ${counts(r.assessed)} | ${r.eligibility} |`);
  }
  lines.push('');
  return lines.join('\n');
}

import { Validations } from 'aws-cdk-lib';
import {
  AcknowledgementProblem, AcknowledgementProblemKind, CLASSIFICATION_FIELD, isCatalogId, METADATA_KEY, MetadataAcknowledgement,
  metadataAcknowledgements, metadataClassification, noReasonProblem, unknownControlProblem, unqualified,
} from './acknowledgements';
import { LoadedTemplate, PathMetadata, TemplateInputs } from './template';
import { TemplateResourceIndex } from './template-index';
import { Control, RenderedResource, Verdict } from '../controls/control';
import { controlsFor } from '../controls/controls-by-type';
import { HipaaSeverity } from '../controls/severity';
import { CONTROL_NAMESPACE, isMeaningfulReason, qualifiedControlId } from '../policy/acknowledgements';
import { DATA_CLASSIFICATION_METADATA, HipaaDataClassification } from '../policy/data-classification';

/** The outcome of one control on one resource of a template (the values of HipaaFindingStatus). */
export type TemplateFindingStatus = 'PASS' | 'FAIL' | 'UNVERIFIABLE' | 'ACKNOWLEDGED';

/** One control evaluated on one resource of a template. */
export interface TemplateFinding {
  readonly controlId: string;
  readonly title: string;
  readonly severity: HipaaSeverity;
  readonly citations: readonly string[];
  readonly status: TemplateFindingStatus;
  /** What is wrong (every status but PASS). */
  readonly message?: string;
  readonly fix: string;
  /** The template's name: the stack's display name in a cloud assembly, else the file name. */
  readonly template: string;
  /** The file the template was read from. */
  readonly file?: string;
  readonly logicalId: string;
  readonly resourceType: string;
  /** Construct path of the resource, when a cloud assembly's metadata gives it. */
  readonly constructPath?: string;
  /** Line (1-based) of the resource's logical id in its file. */
  readonly line?: number;
  /** The acknowledgement's (or NO_PHI classification's) reason (ACKNOWLEDGED). */
  readonly acknowledgedReason?: string;
  /** Construct path the acknowledgement was recorded on (ACKNOWLEDGED). */
  readonly acknowledgedAt?: string;
}

/** Types that carry no configuration worth checking. */
const IGNORED_TYPES = new Set(['AWS::CDK::Metadata']);

/** A resource of a template, named for reports. */
export interface TemplateResourceRef {
  readonly template: string;
  readonly file?: string;
  readonly line?: number;
  readonly logicalId: string;
  /** The resource's `Condition`. */
  readonly condition: string;
}

/** Everything one evaluation found. */
export interface TemplateEvaluation {
  /** Every control on every resource it applies to. */
  readonly findings: TemplateFinding[];
  /** Acknowledgements that clear nothing: an unknown id, no real reason, nothing failing under them, a malformed entry. */
  readonly acknowledgementProblems: AcknowledgementProblem[];
  /** Resources not checked: their `Condition` is false with the parameter values known. */
  readonly skipped: TemplateResourceRef[];
  /** Resources checked although their `Condition` cannot be decided (they may not be created). */
  readonly undecided: TemplateResourceRef[];
  /** Resources checked (those the controls looked at, and those no control applies to). */
  readonly resources: number;
}

/** How to run an evaluation. */
export interface EvaluateOptions {
  /** Called after each resource with the count done and the total: for a progress line. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Only resources for which this returns true are checked (default: every resource). */
  readonly include?: (resource: RenderedResource) => boolean;
}

/**
 * Applies the control catalog to every resource of the templates, as HipaaAspect does in a CDK app:
 * cross-resource controls look across all the templates given together; acknowledgements
 * (`Validations.of(x).acknowledge({ id: 'CdkHipaa::<id>', reason })`) and NO_PHI classifications
 * recorded in a cloud assembly's metadata apply to the construct path they were made on and
 * everything under it; acknowledgements and a data classification in a resource's `Metadata.cdk_hipaa`
 * apply to that resource (its own classification is the nearest, so it wins over its scopes').
 */
export function evaluateTemplates(inputs: TemplateInputs): TemplateFinding[] {
  return evaluateTemplateInputs(inputs).findings;
}

/** evaluateTemplates, with the acknowledgements that clear nothing and the resources conditions leave out. */
export function evaluateTemplateInputs(inputs: TemplateInputs, options: EvaluateOptions = {}): TemplateEvaluation {
  const index = new TemplateResourceIndex(inputs.templates, inputs.parameters ?? {});
  const scopes = new ScopeMetadata(inputs.metadata ?? []);
  const templateOf = new Map<string, LoadedTemplate>(inputs.templates.map((t) => [t.stackKey, t]));
  const findings: TemplateFinding[] = [];
  const problems = new Problems();
  /** `<at>|<controlId>` of every acknowledgement that cleared a finding. */
  const used = new Set<string>();
  const total = index.resources.length;
  let done = 0;
  let checked = 0;
  for (const resource of index.resources) {
    options.onProgress?.(done++, total);
    if (IGNORED_TYPES.has(resource.type) || (options.include && !options.include(resource))) continue;
    checked++;
    const template = templateOf.get(resource.stackKey)!;
    const constructPath = template.constructPaths?.get(resource.logicalId);
    const line = template.lines?.get(resource.logicalId);
    const where = { at: `${template.name}/${resource.logicalId}`, ...(template.file ? { file: template.file } : {}), ...(line ? { line } : {}) };
    const resourceMetadata = template.template?.Resources?.[resource.logicalId]?.Metadata;
    const own = metadataAcknowledgements(resourceMetadata);
    for (const message of own.malformed) problems.add({ kind: AcknowledgementProblemKind.MALFORMED, id: METADATA_KEY, reason: '', ...where, problem: message });
    const noPhi = noPhiOf(resourceMetadata, where, constructPath, scopes, problems);
    const ownById = new Map<string, MetadataAcknowledgement>();
    for (const a of own.acknowledgements) if (!ownById.has(a.controlId)) ownById.set(a.controlId, a);
    const finding = (control: Control, status: TemplateFindingStatus): Mutable<TemplateFinding> => {
      const f: Mutable<TemplateFinding> = {
        controlId: control.id,
        title: control.title,
        severity: control.severity,
        citations: control.citations,
        status,
        fix: control.fix,
        template: template.name,
        logicalId: resource.logicalId,
        resourceType: resource.type,
      };
      if (template.file) f.file = template.file;
      if (constructPath) f.constructPath = constructPath;
      if (line) f.line = line;
      return f;
    };
    for (const control of controlsFor(resource.type)) {
      const verdict = safeCheck(control, resource, index);
      if (verdict.status === 'not-applicable') continue;
      if (verdict.status === 'pass') {
        findings.push(finding(control, 'PASS'));
        continue;
      }
      const inMetadata = ownById.get(control.id);
      const ack: Found | undefined = inMetadata ? { reason: inMetadata.reason, path: where.at }
        : (control.protectsStoredPhi ? noPhi : undefined)
          ?? (constructPath === undefined ? undefined : scopes.acknowledgement(constructPath, qualifiedControlId(control.id)));
      if (ack && isMeaningfulReason(ack.reason)) {
        used.add(`${ack.path}|${control.id}`);
        const f = finding(control, 'ACKNOWLEDGED');
        f.message = verdict.message;
        f.acknowledgedReason = ack.reason;
        f.acknowledgedAt = ack.path;
        findings.push(f);
        continue;
      }
      if (ack) {
        problems.add({
          kind: AcknowledgementProblemKind.NO_REASON,
          id: inMetadata?.id ?? qualifiedControlId(control.id),
          reason: ack.reason,
          ...(inMetadata ? where : { at: ack.path }),
          problem: noReasonProblem(),
        });
      }
      const f = finding(control, verdict.status === 'fail' ? 'FAIL' : 'UNVERIFIABLE');
      f.message = verdict.message;
      findings.push(f);
    }
    for (const a of own.acknowledgements) {
      if (!isCatalogId(a.controlId)) {
        const unknown = unknownControlProblem(a.controlId);
        problems.add({ kind: AcknowledgementProblemKind.UNKNOWN_CONTROL, id: a.id, reason: a.reason, ...where, ...unknown });
      } else if (isMeaningfulReason(a.reason) && !used.has(`${where.at}|${a.controlId}`) && ownById.get(a.controlId) === a) {
        const problem = staleProblem(a.controlId, true);
        problems.add({ kind: AcknowledgementProblemKind.STALE, id: a.id, reason: a.reason, ...where, problem });
      }
    }
  }
  options.onProgress?.(total, total);
  for (const ack of scopes.namespaced()) {
    if (!isCatalogId(ack.controlId)) {
      const unknown = unknownControlProblem(ack.controlId);
      problems.add({ kind: AcknowledgementProblemKind.UNKNOWN_CONTROL, id: ack.id, reason: ack.reason, at: ack.path, ...unknown });
    } else if (isMeaningfulReason(ack.reason) && !used.has(`${ack.path}|${ack.controlId}`)) {
      const problem = staleProblem(ack.controlId, false);
      problems.add({ kind: AcknowledgementProblemKind.STALE, id: ack.id, reason: ack.reason, at: ack.path, problem });
    }
  }
  const ref = (r: { stackKey: string; logicalId: string; condition: string }): TemplateResourceRef => {
    const t = templateOf.get(r.stackKey)!;
    const line = t.lines?.get(r.logicalId);
    return { template: t.name, ...(t.file ? { file: t.file } : {}), ...(line ? { line } : {}), logicalId: r.logicalId, condition: r.condition };
  };
  return {
    findings,
    acknowledgementProblems: problems.list,
    skipped: index.skipped.map(ref),
    undecided: index.undecided.map(ref),
    resources: checked,
  };
}

/** The id acknowledgement problems of a resource's own classification are reported under. */
const CLASSIFICATION_ID = `${METADATA_KEY}.${CLASSIFICATION_FIELD}`;

/**
 * The NO_PHI classification that applies to a resource, as the acknowledgement it amounts to: its
 * own (`Metadata.cdk_hipaa.dataClassification`), else the nearest on its construct path. Its own
 * PHI classification brings it back in scope whatever its scopes say. A malformed entry, or NO_PHI
 * without a meaningful reason, is reported and ignored.
 */
function noPhiOf(
  metadata: unknown,
  where: { at: string; file?: string; line?: number },
  constructPath: string | undefined,
  scopes: ScopeMetadata,
  problems: Problems,
): Found | undefined {
  const own = metadataClassification(metadata);
  for (const message of own.malformed) {
    problems.add({ kind: AcknowledgementProblemKind.MALFORMED, id: CLASSIFICATION_ID, reason: own.reason, ...where, problem: message });
  }
  if (own.classification === HipaaDataClassification.PHI) return undefined;
  if (own.classification === HipaaDataClassification.NO_PHI) {
    if (isMeaningfulReason(own.reason)) return { reason: `classified as holding no PHI: ${own.reason}`, path: where.at };
    problems.add({ kind: AcknowledgementProblemKind.NO_REASON, id: CLASSIFICATION_ID, reason: own.reason, ...where, problem: noReasonProblem() });
  }
  return constructPath === undefined ? undefined : scopes.noPhi(constructPath);
}

function staleProblem(controlId: string, onResource: boolean): string {
  const what = onResource ? `${controlId} does not fail on this resource` : `no resource under it fails ${controlId}`;
  return `${what}. Remove it, so that a future failure is not hidden.`;
}

/** Acknowledgement problems, each reported once. */
class Problems {
  public readonly list: AcknowledgementProblem[] = [];
  private readonly seen = new Set<string>();

  public add(p: AcknowledgementProblem): void {
    const key = `${p.kind}|${p.at}|${p.id}|${p.problem}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(p);
  }
}

/** A control that throws is a defect in the control, reported as unverifiable, as HipaaAspect does. */
function safeCheck(control: Control, resource: RenderedResource, index: TemplateResourceIndex): Verdict {
  try {
    return control.check(resource, index);
  } catch (e) {
    return { status: 'unverifiable', message: `control ${control.id} could not evaluate this resource: ${(e as Error).message}` };
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Found {
  readonly reason: string;
  readonly path: string;
}

/** Acknowledgements and classifications by construct path; the nearest one on the path or above it applies. */
class ScopeMetadata {
  private readonly byPath = new Map<string, PathMetadata[]>();

  constructor(metadata: readonly PathMetadata[]) {
    for (const m of metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY && m.type !== DATA_CLASSIFICATION_METADATA) continue;
      const list = this.byPath.get(m.path) ?? [];
      list.push(m);
      this.byPath.set(m.path, list);
    }
  }

  public acknowledgement(constructPath: string, qualifiedId: string): Found | undefined {
    return this.nearest(constructPath, (m) => {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || m.data === null || typeof m.data !== 'object') return undefined;
      const data = m.data as Record<string, unknown>;
      return Object.prototype.hasOwnProperty.call(data, qualifiedId) ? String(data[qualifiedId] ?? '') : undefined;
    });
  }

  /** Every `CdkHipaa::` acknowledgement recorded, with where. */
  public namespaced(): Array<{ id: string; controlId: string; reason: string; path: string }> {
    const found: Array<{ id: string; controlId: string; reason: string; path: string }> = [];
    for (const [p, list] of this.byPath) {
      for (const m of list) {
        if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || m.data === null || typeof m.data !== 'object') continue;
        for (const [id, reason] of Object.entries(m.data as Record<string, unknown>)) {
          if (id.startsWith(`${CONTROL_NAMESPACE}::`)) found.push({ id, controlId: unqualified(id), reason: String(reason ?? ''), path: p });
        }
      }
    }
    return found;
  }

  /** A NO_PHI classification on the path or above (the nearest classification wins), as the acknowledgement it amounts to. */
  public noPhi(constructPath: string): Found | undefined {
    let classification: string | undefined;
    const found = this.nearest(constructPath, (m) => {
      if (m.type !== DATA_CLASSIFICATION_METADATA) return undefined;
      const data = m.data as { classification?: string; reason?: string } | undefined;
      classification = data?.classification;
      return String(data?.reason ?? '');
    });
    if (!found || classification !== HipaaDataClassification.NO_PHI) return undefined;
    return { reason: `classified as holding no PHI: ${found.reason}`, path: found.path };
  }

  private nearest(constructPath: string, read: (m: PathMetadata) => string | undefined): Found | undefined {
    if (this.byPath.size === 0) return undefined;
    // The path, then each ancestor's (`a/b/c`, `a/b`, `a`), then the app's (``).
    let p = constructPath;
    for (;;) {
      for (const m of this.byPath.get(p) ?? []) {
        const reason = read(m);
        if (reason !== undefined) return { reason, path: p };
      }
      if (p === '') return undefined;
      const slash = p.lastIndexOf('/');
      p = slash < 0 ? '' : p.slice(0, slash);
    }
  }
}

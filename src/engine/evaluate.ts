import { Validations } from 'aws-cdk-lib';
import { LoadedTemplate, PathMetadata, TemplateInputs } from './template';
import { TemplateResourceIndex } from './template-index';
import { Control, RenderedResource, Verdict } from '../controls/control';
import { controlsFor } from '../controls/controls-by-type';
import { HipaaSeverity } from '../controls/severity';
import { isMeaningfulReason, qualifiedControlId } from '../policy/acknowledgements';
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

/**
 * Applies the control catalog to every resource of the templates, as HipaaAspect does in a CDK app:
 * cross-resource controls look across all the templates given together; acknowledgements
 * (`Validations.of(x).acknowledge({ id: 'CdkHipaa::<id>', reason })`) and NO_PHI classifications
 * recorded in a cloud assembly's metadata apply to the construct path they were made on and
 * everything under it.
 */
export function evaluateTemplates(inputs: TemplateInputs): TemplateFinding[] {
  const index = new TemplateResourceIndex(inputs.templates);
  const scopes = new ScopeMetadata(inputs.metadata ?? []);
  const templateOf = new Map<string, LoadedTemplate>(inputs.templates.map((t) => [t.stackKey, t]));
  const findings: TemplateFinding[] = [];
  for (const resource of index.resources) {
    if (IGNORED_TYPES.has(resource.type)) continue;
    const template = templateOf.get(resource.stackKey)!;
    const constructPath = template.constructPaths?.get(resource.logicalId);
    for (const control of controlsFor(resource.type)) {
      const verdict = safeCheck(control, resource, index);
      if (verdict.status === 'not-applicable') continue;
      const base = {
        controlId: control.id,
        title: control.title,
        severity: control.severity,
        citations: [...control.citations],
        fix: control.fix,
        template: template.name,
        ...(template.file ? { file: template.file } : {}),
        logicalId: resource.logicalId,
        resourceType: resource.type,
        ...(constructPath ? { constructPath } : {}),
        ...(template.lines?.has(resource.logicalId) ? { line: template.lines.get(resource.logicalId) } : {}),
      };
      if (verdict.status === 'pass') {
        findings.push({ ...base, status: 'PASS' });
        continue;
      }
      const ack = constructPath === undefined ? undefined
        : (control.protectsStoredPhi ? scopes.noPhi(constructPath) : undefined)
          ?? scopes.acknowledgement(constructPath, qualifiedControlId(control.id));
      if (ack && isMeaningfulReason(ack.reason)) {
        findings.push({ ...base, status: 'ACKNOWLEDGED', message: verdict.message, acknowledgedReason: ack.reason, acknowledgedAt: ack.path });
        continue;
      }
      findings.push({ ...base, status: verdict.status === 'fail' ? 'FAIL' : 'UNVERIFIABLE', message: verdict.message });
    }
  }
  return findings;
}

/** A control that throws is a defect in the control, reported as unverifiable, as HipaaAspect does. */
function safeCheck(control: Control, resource: RenderedResource, index: TemplateResourceIndex): Verdict {
  try {
    return control.check(resource, index);
  } catch (e) {
    return { status: 'unverifiable', message: `control ${control.id} could not evaluate this resource: ${(e as Error).message}` };
  }
}

interface Found {
  readonly reason: string;
  readonly path: string;
}

/** Acknowledgements and classifications by construct path; the nearest one on the path or above it applies. */
class ScopeMetadata {
  private readonly byPath = new Map<string, PathMetadata[]>();

  constructor(metadata: readonly PathMetadata[]) {
    for (const m of metadata) {
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
    const parts = constructPath.split('/');
    for (let i = parts.length; i >= 0; i--) {
      const p = parts.slice(0, i).join('/');
      for (const m of this.byPath.get(p) ?? []) {
        const reason = read(m);
        if (reason !== undefined) return { reason, path: p };
      }
    }
    return undefined;
  }
}

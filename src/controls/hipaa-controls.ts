import { CATALOG } from './catalog';
import { Control } from './control';
import { HipaaSeverity } from './severity';
import { qualifiedControlId } from '../policy/acknowledgements';

/** One control of the catalog, as users, docs and reports see it. */
export interface HipaaControlInfo {
  /** Stable id, never renamed; acknowledge it as `CdkHipaa::<id>`. */
  readonly id: string;
  /**
   * The exact id to acknowledge this control with, `CdkHipaa::<id>`: it clears the aspect's finding
   * and any construct refusal made in this control's name.
   *
   * @example Validations.of(bucket).acknowledge({ id: HipaaControls.get('S3.Replication')!.acknowledgementId, reason: '...' })
   */
  readonly acknowledgementId: string;
  /**
   * Why HIPAA asks for it, as constructs say when they refuse a prop in its name.
   *
   * @default - the title says it
   */
  readonly rationale?: string;
  /** What the control requires, in one line. */
  readonly title: string;
  /** The CloudFormation resource types it applies to (`*` for every type). */
  readonly resourceTypes: string[];
  /** The 45 CFR Part 164 sections it evidences, e.g. `164.312(a)(2)(iv)`. */
  readonly citations: string[];
  /** How serious a failure is. */
  readonly severity: HipaaSeverity;
  /** How to comply, in one sentence. */
  readonly fix: string;
  /**
   * The corresponding rule of cdk-nag's HIPAA Security pack.
   *
   * @default - cdk-nag's HIPAA pack has no equivalent
   */
  readonly nagRule?: string;
}

/**
 * The control catalog: the one source of truth for what "compliant" means in cdk-hipaa.
 *
 * @example
 * for (const control of HipaaControls.all()) {
 *   console.log(`${control.id}: ${control.title} (${control.citations.join(', ')})`);
 * }
 */
export class HipaaControls {
  /** Every control, in catalog order. */
  public static all(): HipaaControlInfo[] {
    return CATALOG.map(toInfo);
  }

  /**
   * The control with this id.
   *
   * @returns undefined when no control has this id
   */
  public static get(id: string): HipaaControlInfo | undefined {
    const control = CATALOG.find((c) => c.id === id);
    return control ? toInfo(control) : undefined;
  }

  /** The controls that apply to resources of a CloudFormation type (including `*` controls). */
  public static forResourceType(resourceType: string): HipaaControlInfo[] {
    return CATALOG.filter((c) => c.resourceTypes.includes(resourceType) || c.resourceTypes.includes('*')).map(toInfo);
  }

  private constructor() {}
}

function toInfo(control: Control): HipaaControlInfo {
  return {
    id: control.id,
    acknowledgementId: qualifiedControlId(control.id),
    rationale: control.rationale,
    title: control.title,
    resourceTypes: [...control.resourceTypes],
    citations: [...control.citations],
    severity: control.severity,
    fix: control.fix,
    nagRule: control.nagRule,
  };
}

import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HipaaFinding, HipaaFindingStatus } from './findings';
import { FrameworkResource, frameworkResourceOf } from './framework-resources';
import { AppResourceIndex } from './resource-index';
import { Control, RenderedResource, Verdict } from '../controls/control';
import { controlsFor } from '../controls/controls-by-type';
import { findAcknowledgement, FoundAcknowledgement, isMeaningfulReason, qualifiedControlId } from '../policy/acknowledgements';
import { findClassification, HipaaDataClassification } from '../policy/data-classification';

/** Types that carry no configuration worth checking. */
const IGNORED_TYPES = new Set(['AWS::CDK::Metadata']);

/** An acknowledgement whose reason is missing or trivially short. */
export interface BadAcknowledgement {
  readonly construct: IConstruct;
  readonly controlId: string;
  readonly path: string;
}

export interface ResourceEvaluation {
  readonly findings: HipaaFinding[];
  readonly badAcknowledgements: BadAcknowledgement[];
  /**
   * Set when aws-cdk-lib added the resource by itself (a custom resource provider's function,
   * say): its findings are reported apart and are never synth errors.
   */
  readonly framework?: FrameworkResource;
}

/** Evaluates every applicable control on one CloudFormation resource, as it renders now. */
export function evaluateResource(resource: CfnResource, excluded: ReadonlySet<string> = new Set()): ResourceEvaluation {
  const findings: HipaaFinding[] = [];
  const badAcknowledgements: BadAcknowledgement[] = [];
  if (IGNORED_TYPES.has(resource.cfnResourceType)) return { findings, badAcknowledgements };
  const controls = controlsFor(resource.cfnResourceType, excluded);
  if (controls.length === 0) return { findings, badAcknowledgements };

  const framework = frameworkResourceOf(resource);
  const index = AppResourceIndex.of(resource);
  index.noteVisited(resource);
  const rendered = index.render(resource, { refresh: true });
  for (const control of controls) {
    const verdict = safeCheck(control, rendered, index);
    if (verdict.status === 'not-applicable') continue;
    const base = {
      controlId: control.id,
      title: control.title,
      citations: [...control.citations],
      severity: control.severity,
      stackId: Stack.of(resource).artifactId,
      constructPath: resource.node.path,
      logicalId: rendered.logicalId,
      resourceType: rendered.type,
      fix: control.fix,
    };
    if (verdict.status === 'pass') {
      findings.push({ ...base, status: HipaaFindingStatus.PASS });
      continue;
    }
    const ack = (control.protectsStoredPhi ? noPhiAcknowledgement(resource) : undefined)
      ?? findAcknowledgement(resource, qualifiedControlId(control.id));
    if (ack && isMeaningfulReason(ack.reason)) {
      findings.push({
        ...base,
        status: HipaaFindingStatus.ACKNOWLEDGED,
        message: verdict.message,
        acknowledgedReason: ack.reason,
        acknowledgedAt: ack.path,
      });
      continue;
    }
    if (ack) badAcknowledgements.push({ construct: findScope(resource, ack.path), controlId: control.id, path: ack.path });
    findings.push({
      ...base,
      status: verdict.status === 'fail' ? HipaaFindingStatus.FAIL : HipaaFindingStatus.UNVERIFIABLE,
      message: verdict.message,
    });
  }
  return { findings, badAcknowledgements, ...(framework ? { framework } : {}) };
}

/** A NO_PHI classification on the resource or an ancestor, as the acknowledgement it amounts to. */
function noPhiAcknowledgement(resource: CfnResource): FoundAcknowledgement | undefined {
  const found = findClassification(resource);
  if (found?.classification !== HipaaDataClassification.NO_PHI) return undefined;
  return { reason: `classified as holding no PHI: ${found.reason}`, path: found.path };
}

/** A control that throws is a defect in the control, reported as unverifiable rather than crashing synth. */
function safeCheck(control: Control, rendered: RenderedResource, index: AppResourceIndex): Verdict {
  try {
    return control.check(rendered, index);
  } catch (e) {
    return { status: 'unverifiable', message: `control ${control.id} could not evaluate this resource: ${(e as Error).message}` };
  }
}

function findScope(resource: IConstruct, path: string): IConstruct {
  return resource.node.scopes.find((s) => s.node.path === path) ?? Stack.of(resource);
}

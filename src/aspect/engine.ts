import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HipaaFinding, HipaaFindingStatus } from './findings';
import { AppResourceIndex } from './resource-index';
import { CATALOG } from '../controls/catalog';
import { Control, Verdict } from '../controls/control';
import { findAcknowledgement, isMeaningfulReason, qualifiedControlId } from '../private/acknowledgements';

/** Types that carry no configuration worth checking. */
const IGNORED_TYPES = new Set(['AWS::CDK::Metadata']);

/** Controls grouped by resource type, built once per process. */
let controlsByType: Map<string, Control[]> | undefined;
function controlsFor(type: string, excluded: ReadonlySet<string>): Control[] {
  if (!controlsByType) {
    controlsByType = new Map();
    for (const control of CATALOG) {
      for (const t of control.resourceTypes) {
        const list = controlsByType.get(t) ?? [];
        list.push(control);
        controlsByType.set(t, list);
      }
    }
  }
  const all = [...(controlsByType.get(type) ?? []), ...(controlsByType.get('*') ?? [])];
  return excluded.size === 0 ? all : all.filter((c) => !excluded.has(c.id));
}

/** An acknowledgement whose reason is missing or trivially short. */
export interface BadAcknowledgement {
  readonly construct: IConstruct;
  readonly controlId: string;
  readonly path: string;
}

export interface Evaluation {
  readonly findings: HipaaFinding[];
  readonly badAcknowledgements: BadAcknowledgement[];
  /** Evaluated resources, in tree order, with their own findings. */
  readonly byResource: Array<{ resource: CfnResource; findings: HipaaFinding[] }>;
}

/** Evaluates every applicable control on every CloudFormation resource under `scope`. */
export function evaluate(scope: IConstruct, excluded: ReadonlySet<string> = new Set()): Evaluation {
  const index = AppResourceIndex.of(scope);
  const findings: HipaaFinding[] = [];
  const byResource: Evaluation['byResource'] = [];
  const badAcknowledgements: BadAcknowledgement[] = [];
  const badSeen = new Set<string>();

  for (const resource of index.resourcesUnder(scope)) {
    if (IGNORED_TYPES.has(resource.cfnResourceType)) continue;
    const controls = controlsFor(resource.cfnResourceType, excluded);
    if (controls.length === 0) continue;
    const rendered = index.render(resource);
    const own: HipaaFinding[] = [];
    for (const control of controls) {
      const verdict = safeCheck(control, rendered, index);
      if (verdict.status === 'not-applicable') continue;
      const base = {
        controlId: control.id,
        title: control.title,
        citations: [...control.citations],
        severity: control.severity,
        stackId: rendered.stack.artifactId,
        constructPath: resource.node.path,
        logicalId: rendered.logicalId,
        resourceType: rendered.type,
        fix: control.fix,
      };
      if (verdict.status === 'pass') {
        own.push({ ...base, status: HipaaFindingStatus.PASS });
        continue;
      }
      const ack = findAcknowledgement(resource, qualifiedControlId(control.id));
      if (ack && isMeaningfulReason(ack.reason)) {
        own.push({
          ...base,
          status: HipaaFindingStatus.ACKNOWLEDGED,
          message: verdict.message,
          acknowledgedReason: ack.reason,
          acknowledgedAt: ack.path,
        });
        continue;
      }
      if (ack) {
        const key = `${ack.path}|${control.id}`;
        if (!badSeen.has(key)) {
          badSeen.add(key);
          badAcknowledgements.push({ construct: findScope(resource, ack.path), controlId: control.id, path: ack.path });
        }
      }
      own.push({
        ...base,
        status: verdict.status === 'fail' ? HipaaFindingStatus.FAIL : HipaaFindingStatus.UNVERIFIABLE,
        message: verdict.message,
      });
    }
    findings.push(...own);
    byResource.push({ resource, findings: own });
  }
  return { findings, badAcknowledgements, byResource };
}

/** A control that throws is a defect in the control, reported as unverifiable rather than crashing synth. */
function safeCheck(control: Control, rendered: ReturnType<AppResourceIndex['render']>, index: AppResourceIndex): Verdict {
  try {
    return control.check(rendered, index);
  } catch (e) {
    return { status: 'unverifiable', message: `control ${control.id} could not evaluate this resource: ${(e as Error).message}` };
  }
}

function findScope(resource: IConstruct, path: string): IConstruct {
  return resource.node.scopes.find((s) => s.node.path === path) ?? Stack.of(resource);
}

import * as fs from 'fs';
import * as path from 'path';
import { AspectPriority, Aspects, CfnResource, IAspect, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { evaluateResource } from './engine';
import { HipaaFinding, HipaaFindingStatus } from './findings';
import { buildReport, renderMarkdown } from './report';
import { HipaaSeverity } from '../controls/severity';
import { MIN_REASON_LENGTH, qualifiedControlId } from '../private/acknowledgements';

/** What the aspect does with findings. */
export enum HipaaAspectMode {
  /** Failures of ERROR-severity controls are synth errors: `cdk synth` fails. */
  ERROR = 'ERROR',
  /** Every finding is a warning (fails only under `cdk synth --strict`). */
  WARN = 'WARN',
}

/** Properties of a {@link HipaaAspect}. */
export interface HipaaAspectProps {
  /**
   * Whether failures fail synth.
   *
   * @default HipaaAspectMode.ERROR
   */
  readonly mode?: HipaaAspectMode;

  /**
   * Write `<stack>.hipaa-report.json` and `<stack>.hipaa-report.md` into the cloud assembly.
   *
   * @default true
   */
  readonly report?: boolean;
}

/**
 * Applies the cdk-hipaa control catalog to every CloudFormation resource in a scope
 * (a stack, a stage or the whole app), including resources this library did not create:
 * plain L2s, raw L1s, `CfnInclude`d templates and escape-hatch overrides. It reads what
 * CloudFormation will receive, so overrides cannot hide a violation.
 *
 * Findings name the construct path, the control id, the HIPAA citation and the fix.
 * Acknowledge a finding with `Validations.of(scope).acknowledge({ id: 'CdkHipaa::<controlId>', reason })`
 * on the resource or any ancestor; acknowledged findings still appear in the report.
 *
 * @example
 * HipaaAspect.applyTo(stack);
 * // or, equivalently:
 * Aspects.of(stack).add(new HipaaAspect(), { priority: AspectPriority.READONLY });
 */
export class HipaaAspect implements IAspect {
  /**
   * Adds a HipaaAspect to `scope` at read-only priority, so that it runs after every
   * aspect that mutates the tree.
   */
  public static applyTo(scope: IConstruct, props: HipaaAspectProps = {}): HipaaAspect {
    const aspect = new HipaaAspect(props);
    Aspects.of(scope).add(aspect, { priority: AspectPriority.READONLY });
    return aspect;
  }

  /** Whether failures fail synth. */
  public readonly mode: HipaaAspectMode;
  private readonly writeReport: boolean;
  private readonly visited = new WeakSet<IConstruct>();
  private readonly allFindings: HipaaFinding[] = [];
  private readonly badAcknowledgements = new Set<string>();

  constructor(props: HipaaAspectProps = {}) {
    this.mode = props.mode ?? HipaaAspectMode.ERROR;
    this.writeReport = props.report ?? true;
  }

  /** Every finding of the last synthesis, pass included (empty before synthesis). */
  public get findings(): HipaaFinding[] {
    return [...this.allFindings];
  }

  public visit(node: IConstruct): void {
    // The first visit is the scope the aspect was added to. Reports are written once every
    // aspect has run (validation runs after aspect invocation, before templates are written).
    const parent = node.node.scope;
    if (!parent || !this.visited.has(parent)) {
      if (this.writeReport) {
        node.node.addValidation({ validate: () => { this.write(node); return []; } });
      }
    }
    this.visited.add(node);
    // Each resource is evaluated when it is visited: by then every aspect of higher
    // priority (mutating ones included) has run on it.
    if (!CfnResource.isCfnResource(node)) return;
    const evaluation = evaluateResource(node);
    this.allFindings.push(...evaluation.findings);
    for (const finding of evaluation.findings) this.annotate(node, finding);
    for (const bad of evaluation.badAcknowledgements) {
      const key = `${bad.path}|${bad.controlId}`;
      if (this.badAcknowledgements.has(key)) continue;
      this.badAcknowledgements.add(key);
      const message = `[${qualifiedControlId(bad.controlId)}] the acknowledgement at '${bad.path || '(app)'}' needs a reason of at least ${MIN_REASON_LENGTH} characters; it is ignored.`;
      addMessage(bad.construct, this.mode === HipaaAspectMode.ERROR ? 'error' : 'warning', message);
    }
  }

  private annotate(resource: IConstruct, finding: HipaaFinding): void {
    if (finding.status === HipaaFindingStatus.PASS || finding.status === HipaaFindingStatus.ACKNOWLEDGED) return;
    const id = qualifiedControlId(finding.controlId);
    const verdict = finding.status === HipaaFindingStatus.UNVERIFIABLE ? 'cannot be verified at synth' : 'fails';
    const message = `[${id}] ${finding.title} ${verdict}: ${finding.message} ` +
      `Fix: ${finding.fix} (45 CFR ${finding.citations.join(', ')}). ` +
      `To accept the risk: Validations.of(scope).acknowledge({ id: '${id}', reason: '...' }).`;
    const isError = this.mode === HipaaAspectMode.ERROR
      && finding.status === HipaaFindingStatus.FAIL
      && finding.severity === HipaaSeverity.ERROR;
    addMessage(resource, isError ? 'error' : 'warning', isError ? message : `${message} [ack: ${id}]`);
  }

  private write(scope: IConstruct): void {
    const stage = Stage.of(scope);
    if (!stage) return;
    const prefix = scope.node.path === '' ? '' : scope.node.path + '/';
    const byStack = new Map<string, HipaaFinding[]>();
    for (const f of this.allFindings) {
      if (!f.constructPath.startsWith(prefix)) continue;
      const list = byStack.get(f.stackId) ?? [];
      list.push(f);
      byStack.set(f.stackId, list);
    }
    fs.mkdirSync(stage.outdir, { recursive: true });
    for (const [stackId, stackFindings] of byStack) {
      const report = buildReport(stackId, this.mode, stackFindings);
      const base = path.join(stage.outdir, `${stackId}.hipaa-report`);
      fs.writeFileSync(`${base}.json`, JSON.stringify(report, undefined, 2) + '\n');
      fs.writeFileSync(`${base}.md`, renderMarkdown(report));
    }
  }
}

/**
 * Records a synth error or warning on a construct, as `Annotations` does, but without capturing a
 * stack trace: the trace would only point into this engine, and capturing one per finding
 * roughly doubled the aspect's cost on large apps.
 */
function addMessage(construct: IConstruct, level: 'error' | 'warning', message: string): void {
  construct.node.addMetadata(level === 'error' ? 'aws:cdk:error' : 'aws:cdk:warning', message, { stackTrace: false });
}

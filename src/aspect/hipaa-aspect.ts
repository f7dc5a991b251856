import * as fs from 'fs';
import * as path from 'path';
import { AspectPriority, Aspects, CfnResource, IAspect, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { evaluateResource } from './engine';
import { HipaaFinding, HipaaFindingStatus } from './findings';
import { FrameworkResource } from './framework-resources';
import { findingMessage } from './messages';
import { buildReport, renderMarkdown, StaleAcknowledgement } from './report';
import { creationLocation, SourceLocation, templateLines } from './sarif-location';
import { CATALOG } from '../controls/catalog';
import { HipaaSeverity } from '../controls/severity';
import { writeStackDataMap } from '../dataflow/from-app';
import { isCatalogId, unknownControlProblem } from '../engine/acknowledgements';
import { libraryVersion, renderSarif, SarifFinding } from '../engine/sarif';
import { acknowledgementsOn, isMeaningfulReason, MIN_REASON_LENGTH, qualifiedControlId } from '../policy/acknowledgements';

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
   * Write `<stack>.hipaa-report.json`, `<stack>.hipaa-report.md` and `<stack>.hipaa-report.sarif`
   * (SARIF 2.1.0, for code scanning) into the cloud assembly.
   *
   * @default true
   */
  readonly report?: boolean;

  /**
   * With the report, write the stack's PHI inventory and data-flow map: `<stack>.hipaa-data-map.json`,
   * `.md` (tables), `.mmd` (Mermaid) and `.svg` (a drawing), next to the report. Off by default:
   * laying out the drawing costs about as much as the checks themselves on a large stack; turn it on
   * where the map is read (an audit, a review, the build that publishes documentation).
   *
   * @default false
   */
  readonly dataMap?: boolean;
}

/**
 * Applies the cdk-hipaa control catalog to every CloudFormation resource in a scope
 * (a stack, a stage or the whole app), including resources this library did not create:
 * plain L2s, raw L1s, `CfnInclude`d templates and escape-hatch overrides. It reads what
 * CloudFormation will receive, so overrides cannot hide a violation.
 *
 * Each finding is a sentence a person can act on: what is wrong, why it matters for PHI, the
 * fix, and the exact acknowledgement. Acknowledge a finding with `Validations.of(scope).acknowledge({ id: 'CdkHipaa::<controlId>', reason })`
 * on the resource or any ancestor; acknowledged findings still appear in the report.
 *
 * Every stack the aspect reaches, nested stacks included, gets one report
 * (`<stack>.hipaa-report.json`, `.md` and `.sarif`) in the cloud assembly of the stage that stack belongs
 * to, also when none of its resources is of a type the catalog checks (the report then says
 * so). The report counts what the controls assessed apart from the HIPAA-eligible-service
 * check, and lists the resources nothing else assessed.
 *
 * Resources aws-cdk-lib adds by itself (custom resource providers' functions such as
 * BucketDeployment's, LogRetention's, autoDeleteObjects', a custom-resources Provider's) are
 * recognized by the construct ids and metadata aws-cdk-lib gives them: their findings are
 * warnings, never synth errors, and the report lists them under "Framework resources" with the
 * one action a user can take. However many HipaaAspects reach a resource (say one on the app and one on a nested
 * stack), its findings are annotated once and its stack has one report.
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
   *
   * CDK aspects stop at Stage boundaries (each stage is synthesized into its own cloud
   * assembly), so the aspect is also added to every Stage under `scope` at the time of the
   * call; apply it to a Stage created later separately.
   */
  public static applyTo(scope: IConstruct, props: HipaaAspectProps = {}): HipaaAspect {
    const aspect = new HipaaAspect(props);
    Aspects.of(scope).add(aspect, { priority: AspectPriority.READONLY });
    for (const stage of scope.node.findAll()) {
      if (stage !== scope && Stage.isStage(stage)) Aspects.of(stage).add(aspect, { priority: AspectPriority.READONLY });
    }
    return aspect;
  }

  /** Whether failures fail synth. */
  public readonly mode: HipaaAspectMode;
  private readonly writeReport: boolean;
  private readonly writeDataMap: boolean;
  /** What each resource's last evaluation found, in visit order. */
  private readonly evaluations = new Map<CfnResource, Evaluation>();

  constructor(props: HipaaAspectProps = {}) {
    this.mode = props.mode ?? HipaaAspectMode.ERROR;
    this.writeReport = props.report ?? true;
    this.writeDataMap = props.dataMap ?? false;
  }

  /** Every finding of the last synthesis, pass included (empty before synthesis). */
  public get findings(): HipaaFinding[] {
    return [...this.evaluations.values()].flatMap((e) => e.findings);
  }

  public visit(node: IConstruct): void {
    const synthesis = SynthesisState.of(node);
    if (Stack.isStack(node)) {
      synthesis.claimReport(node, undefined, () => this.finish(node, undefined));
    } else if (!Stage.isStage(node) && Aspects.of(node).all.includes(this)) {
      // Applied to a construct inside a stack: that stack's report covers the construct's resources.
      const stack = Stack.of(node);
      synthesis.claimReport(stack, node.node.path, () => this.finish(stack, node.node.path));
    }
    // Each resource is evaluated when it is visited: by then every aspect of higher
    // priority (mutating ones included) has run on it.
    if (!CfnResource.isCfnResource(node)) return;
    const evaluation = evaluateResource(node);
    this.evaluations.delete(node);
    this.evaluations.set(node, { stack: Stack.of(node), findings: evaluation.findings, framework: evaluation.framework });
    if (!synthesis.claimAnnotations(node)) return;
    for (const finding of evaluation.findings) this.annotate(node, finding, evaluation.framework);
    for (const bad of evaluation.badAcknowledgements) {
      if (!synthesis.claimBadAcknowledgement(`${bad.path}|${bad.controlId}`)) continue;
      const message = `[${qualifiedControlId(bad.controlId)}] the acknowledgement at '${bad.path || '(app)'}' needs a reason of at least ${MIN_REASON_LENGTH} characters; it is ignored.`;
      addMessage(bad.construct, this.mode === HipaaAspectMode.ERROR ? 'error' : 'warning', message);
    }
  }

  private annotate(resource: IConstruct, finding: HipaaFinding, framework: FrameworkResource | undefined): void {
    if (finding.status === HipaaFindingStatus.PASS || finding.status === HipaaFindingStatus.ACKNOWLEDGED) return;
    const isError = this.mode === HipaaAspectMode.ERROR
      && finding.status === HipaaFindingStatus.FAIL
      && finding.severity === HipaaSeverity.ERROR
      && framework === undefined;
    // Recorded as plain aws:cdk:error / aws:cdk:warning metadata: Annotations.addWarningV2 would
    // append "[ack: <id>]", which points at Annotations.acknowledgeWarning, and that does not
    // clear a finding; the message names the acknowledgement that does.
    addMessage(resource, isError ? 'error' : 'warning', findingMessage(finding, framework));
  }

  /**
   * Once every aspect has run: warns about acknowledgements in `stack` that clear nothing, and
   * writes the stack's report. `scope`: the construct path the aspect was applied to, if inside the stack.
   */
  private finish(stack: Stack, scope: string | undefined): void {
    const stale = this.staleAcknowledgements(stack, scope);
    const synthesis = SynthesisState.of(stack);
    for (const ack of stale) {
      if (!synthesis.claimBadAcknowledgement(`${ack.at}|${ack.controlId}|stale`)) continue;
      addMessage(ack.construct, 'warning', `[${qualifiedControlId(ack.controlId)}] the acknowledgement at '${ack.at}' clears nothing: ${ack.problem}`);
    }
    if (this.writeReport) this.write(stack, scope, stale);
  }

  /**
   * The cdk-hipaa acknowledgements recorded in `stack` (nested stacks report their own) that clear
   * no finding: their id names no control, or no resource under them fails that control.
   */
  private staleAcknowledgements(stack: Stack, scope: string | undefined): Array<StaleAcknowledgement & { construct: IConstruct }> {
    const root = scope === undefined ? stack : stack.node.findAll().find((c) => c.node.path === scope) ?? stack;
    const used = new Set<string>();
    for (const evaluation of this.evaluations.values()) {
      for (const f of evaluation.findings) {
        if (f.status === HipaaFindingStatus.ACKNOWLEDGED && f.acknowledgedAt !== undefined) used.add(`${f.acknowledgedAt}|${f.controlId}`);
      }
    }
    const stale: Array<StaleAcknowledgement & { construct: IConstruct }> = [];
    const pending: IConstruct[] = [root];
    while (pending.length > 0) {
      const construct = pending.pop()!;
      for (const ack of acknowledgementsOn(construct)) {
        if (!isMeaningfulReason(ack.reason)) continue; // reported as a bad acknowledgement when it matters
        const problem = !isCatalogId(ack.controlId) ? unknownControlProblem(ack.controlId).problem
          : used.has(`${ack.path}|${ack.controlId}`) ? undefined
            : `no resource under it fails ${ack.controlId}${this.evaluatedUnder(ack.path) ? '' : ' (the aspect checked no resource under it)'}. `
              + 'Remove it, so that a future failure is not hidden.';
        if (problem) stale.push({ controlId: ack.controlId, at: ack.path, reason: ack.reason, problem, construct });
      }
      for (const child of construct.node.children) if (!Stack.isStack(child)) pending.push(child);
    }
    return stale;
  }

  private evaluatedUnder(scopePath: string): boolean {
    for (const resource of this.evaluations.keys()) {
      const p = resource.node.path;
      if (p === scopePath || p.startsWith(scopePath + '/')) return true;
    }
    return false;
  }

  /**
   * Writes `stack`'s report into the cloud assembly of the stage the stack belongs to (a nested
   * stack's is its parent's). `scope`: the construct path the report is limited to, if the aspect
   * was applied to a construct inside the stack.
   */
  private write(stack: Stack, scope: string | undefined, stale: readonly StaleAcknowledgement[]): void {
    const within = (p: string) => scope === undefined || p === scope || p.startsWith(scope + '/');
    let examined = 0;
    const findings: HipaaFinding[] = [];
    const resources = new Map<string, CfnResource>();
    const framework = new Map<string, FrameworkResource>();
    for (const [resource, evaluation] of this.evaluations) {
      if (evaluation.stack !== stack || !within(resource.node.path)) continue;
      examined++;
      findings.push(...evaluation.findings);
      resources.set(resource.node.path, resource);
      if (evaluation.framework) framework.set(resource.node.path, evaluation.framework);
    }
    const staleAcknowledgements = stale.map(({ controlId, at, reason, problem }) => ({ controlId, at, reason, problem }));
    const report = buildReport(stack.artifactId, this.mode, findings, {
      examined, scope: scope ?? stack.node.path, framework, staleAcknowledgements,
    });
    const outdir = Stage.of(stack)!.outdir;
    fs.mkdirSync(outdir, { recursive: true });
    const base = path.join(outdir, `${stack.artifactId}.hipaa-report`);
    fs.writeFileSync(`${base}.json`, JSON.stringify(report, undefined, 2) + '\n');
    fs.writeFileSync(`${base}.md`, renderMarkdown(report));
    fs.writeFileSync(`${base}.sarif`, JSON.stringify(this.sarif(stack, findings, resources), undefined, 2) + '\n');
    if (this.writeDataMap) writeStackDataMap(stack, outdir, findings);
  }

  /**
   * The SARIF 2.1.0 log of `findings` (those of `stack`): each result points at the line of the
   * user's code that created the resource when its creation stack trace is known, else at the
   * resource's logical id in the stack's template file.
   */
  private sarif(stack: Stack, findings: readonly HipaaFinding[], resources: ReadonlyMap<string, CfnResource>): any {
    const cwd = process.cwd();
    const templateFile = path.join(Stage.of(stack)!.outdir, stack.templateFile);
    let lines: Map<string, number> | undefined;
    const locations = new Map<string, SourceLocation>();
    const locate = (f: HipaaFinding): SourceLocation => {
      let location = locations.get(f.constructPath);
      if (!location) {
        const resource = resources.get(f.constructPath);
        location = (resource && creationLocation(resource)) ?? { file: templateFile, line: (lines ??= templateLines(stack)).get(f.logicalId) };
        locations.set(f.constructPath, location);
      }
      return location;
    };
    const results: SarifFinding[] = findings.filter((f) => f.status !== HipaaFindingStatus.PASS).map((f) => {
      const { file, line } = locate(f);
      return {
        controlId: f.controlId,
        title: f.title,
        severity: f.severity,
        status: f.status === HipaaFindingStatus.FAIL ? 'FAIL' : f.status === HipaaFindingStatus.UNVERIFIABLE ? 'UNVERIFIABLE' : 'ACKNOWLEDGED',
        ...(f.message !== undefined ? { message: f.message } : {}),
        template: stack.artifactId,
        file,
        ...(line !== undefined ? { line } : {}),
        logicalId: f.logicalId,
        resourceType: f.resourceType,
        constructPath: f.constructPath,
        ...(f.acknowledgedReason !== undefined ? { acknowledgedReason: f.acknowledgedReason } : {}),
      };
    });
    const reported = new Set(results.map((f) => f.controlId));
    return renderSarif(results, CATALOG.filter((c) => reported.has(c.id)), libraryVersion(), cwd);
  }
}

interface Evaluation {
  readonly stack: Stack;
  readonly findings: HipaaFinding[];
  readonly framework?: FrameworkResource;
}

/**
 * What every HipaaAspect of one app shares, so that several of them (one on the app and one on
 * a nested stack, say) annotate each resource once and write one report per stack.
 */
class SynthesisState {
  public static of(construct: IConstruct): SynthesisState {
    const root = construct.node.root;
    let state = STATES.get(root);
    if (!state) {
      state = new SynthesisState();
      STATES.set(root, state);
    }
    return state;
  }

  private readonly annotated = new WeakSet<IConstruct>();
  private readonly badAcknowledgements = new Set<string>();
  private readonly reports = new Map<Stack, { scope?: string; write: () => void }>();

  /** Whether the caller is the first to annotate `resource`. */
  public claimAnnotations(resource: IConstruct): boolean {
    if (this.annotated.has(resource)) return false;
    this.annotated.add(resource);
    return true;
  }

  /** Whether the caller is the first to report this bad acknowledgement. */
  public claimBadAcknowledgement(key: string): boolean {
    if (this.badAcknowledgements.has(key)) return false;
    this.badAcknowledgements.add(key);
    return true;
  }

  /**
   * Makes `write` the writer of `stack`'s report, unless an aspect that covers the whole stack
   * already is (the first one wins; one that covers part of the stack yields to it). The report is
   * written when the stack is validated: after every aspect has run, before templates are written.
   */
  public claimReport(stack: Stack, scope: string | undefined, write: () => void): void {
    const existing = this.reports.get(stack);
    if (existing && (existing.scope === undefined || scope !== undefined)) return;
    this.reports.set(stack, { scope, write });
    if (!existing) {
      stack.node.addValidation({ validate: () => { this.reports.get(stack)!.write(); return []; } });
    }
  }
}

const STATES = new WeakMap<IConstruct, SynthesisState>();

/**
 * Records a synth error or warning on a construct, as `Annotations` does, but without capturing a
 * stack trace: the trace would only point into this engine, and capturing one per finding
 * roughly doubled the aspect's cost on large apps.
 */
function addMessage(construct: IConstruct, level: 'error' | 'warning', message: string): void {
  construct.node.addMetadata(level === 'error' ? 'aws:cdk:error' : 'aws:cdk:warning', message, { stackTrace: false });
}

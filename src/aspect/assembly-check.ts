import * as fs from 'fs';
import * as path from 'path';
import { attachCustomSynthesis, CfnResource, ISynthesisSession, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { HipaaFinding, HipaaFindingStatus } from './findings';
import { FrameworkResource, frameworkResourceOf } from './framework-resources';
import { findingMessage } from './messages';
import { buildReport, renderMarkdown, StaleAcknowledgement } from './report';
import { creationLocation, SourceLocation } from './sarif-location';
import { CATALOG } from '../controls/catalog';
import { HipaaSeverity } from '../controls/severity';
import { writeStackDataMap } from '../dataflow/from-app';
import { AcknowledgementProblemKind } from '../engine/acknowledgements';
import { evaluateTemplateInputs, TemplateFinding } from '../engine/evaluate';
import { loadAssemblyArtifacts } from '../engine/load';
import { jsonResourceLines } from '../engine/parse';
import { libraryVersion, renderSarif, SarifFinding } from '../engine/sarif';
import { LoadedTemplate, PathMetadata } from '../engine/template';
import { MIN_REASON_LENGTH } from '../policy/acknowledgements';
import { DATA_CLASSIFICATION_METADATA } from '../policy/data-classification';

/** What one HipaaAspect asks of the check of an assembly it reaches. */
export interface AssemblyCheckClient {
  /** Failures of ERROR-severity controls on the resources it reached are synth errors. */
  readonly failsSynth: boolean;
  readonly mode: string;
  readonly writeReport: boolean;
  readonly writeDataMap: boolean;
  /** Receives the findings of the resources it reached in the assembly of `stage`, after each synthesis of it. */
  receive(stage: Stage, findings: HipaaFinding[]): void;
}

/**
 * The check of one cloud assembly (an app's, or a stage's): the HipaaAspects that reach its
 * resources claim them while aspects run; once synthesis has written every template of the
 * assembly (and before it writes the manifest), the catalog runs once over those templates, as
 * the `cdk-hipaa` command does over a `cdk.out`. What it finds goes back into the assembly as
 * the synth errors and warnings of the resources' construct paths, and as each stack's report.
 *
 * The templates hold exactly what CloudFormation receives (overrides, included templates and
 * resources other aspects added among them), and reading them costs a parse: nothing is rendered twice.
 */
export class AssemblyCheck {
  /** The check of the assembly `stage` synthesizes into (created, and hooked into synthesis, on first use). */
  public static of(stage: Stage): AssemblyCheck {
    let check = CHECKS.get(stage);
    if (!check) {
      check = new AssemblyCheck(stage);
      CHECKS.set(stage, check);
    }
    return check;
  }

  private readonly stage: Stage;
  /** The aspect that reached each resource first, and every aspect that reached it. */
  private readonly claims = new Map<CfnResource, { first: AssemblyCheckClient; all: Set<AssemblyCheckClient> }>();
  /** Who writes each stack's report, and the construct path it is limited to (if any). */
  private readonly reports = new Map<Stack, { scope?: string; client: AssemblyCheckClient }>();

  private constructor(stage: Stage) {
    this.stage = stage;
    const hook = { onSynthesize: (session: ISynthesisSession) => this.run(session) };
    try {
      // The stage is synthesized last, after every stack in it has written its template.
      attachCustomSynthesis(stage, hook);
    } catch {
      // The stage already has a custom synthesis: a construct added now is visited after the stacks.
      attachCustomSynthesis(new Construct(stage, 'CdkHipaaCheck'), hook);
    }
  }

  /** Records that `client` reached `resource`. */
  public claimResource(resource: CfnResource, client: AssemblyCheckClient): void {
    const claim = this.claims.get(resource);
    if (claim) claim.all.add(client);
    else this.claims.set(resource, { first: client, all: new Set([client]) });
  }

  /**
   * Makes `client` the writer of `stack`'s report, unless an aspect that covers the whole stack
   * already is (the first one wins; one that covers part of the stack yields to it).
   */
  public claimReport(stack: Stack, scope: string | undefined, client: AssemblyCheckClient): void {
    const existing = this.reports.get(stack);
    if (existing && (existing.scope === undefined || scope !== undefined)) return;
    this.reports.set(stack, { scope, client });
  }

  private run(session: ISynthesisSession): void {
    const claims = new Map(this.claims);
    const reports = new Map(this.reports);
    // Aspects run again on every synthesis: the next one claims afresh.
    this.claims.clear();
    this.reports.clear();
    if (claims.size === 0 && reports.size === 0) return;
    new AssemblyRun(this.stage, session, claims, reports).run();
  }
}

const CHECKS = new WeakMap<Stage, AssemblyCheck>();

/** One synthesis of an assembly, checked. */
class AssemblyRun {
  private readonly outdir: string;
  private readonly artifacts: { [id: string]: any };
  private readonly byPath = new Map<string, CfnResource>();
  /** The construct path of each resource reached (constructs works a path out anew on each read). */
  private readonly pathOf = new Map<CfnResource, string>();
  /** The stack of each resource reached, nested stacks their own. */
  private readonly stackOf = new Map<CfnResource, Stack>();
  /** Metadata files synthesis wrote, as read, by file name. */
  private readonly metadataFiles = new Map<string, any>();
  private byStack?: Map<Stack, CfnResource[]>;
  /** The templates synthesis wrote, by stack construct path. */
  private written = new Map<string, LoadedTemplate>();
  /** Messages to add to each stack artifact's metadata, by construct path. */
  private readonly messages = new Map<string, Map<string, Array<{ type: string; data: string }>>>();

  constructor(
    private readonly stage: Stage,
    session: ISynthesisSession,
    private readonly claims: ReadonlyMap<CfnResource, { first: AssemblyCheckClient; all: Set<AssemblyCheckClient> }>,
    private readonly reports: ReadonlyMap<Stack, { scope?: string; client: AssemblyCheckClient }>,
  ) {
    this.outdir = session.outdir;
    const artifacts = (session.assembly as any).artifacts;
    if (artifacts === null || typeof artifacts !== 'object') {
      throw new Error('HipaaAspect cannot read the cloud assembly this version of aws-cdk-lib writes; use aws-cdk-lib 2.258.0 or later.');
    }
    this.artifacts = artifacts;
    for (const resource of claims.keys()) {
      const p = resource.node.path;
      this.byPath.set(p, resource);
      this.pathOf.set(resource, p);
      this.stackOf.set(resource, Stack.of(resource));
    }
  }

  public run(): void {
    const inputs = loadAssemblyArtifacts(this.outdir, this.artifacts, {
      lines: false,
      nestedAssemblies: false,
      onMetadataFile: (file, data) => this.metadataFiles.set(file, data),
    });
    const templates = inputs.templates.map((t) => this.withConstructPaths(t));
    this.written = new Map(templates.map((t) => [t.stackKey, t]));
    const metadata = [...(inputs.metadata ?? []), ...this.enclosingMetadata()];
    const evaluation = evaluateTemplateInputs({ templates, metadata }, { include: (r) => this.byPath.has(r.path) });

    const findingsOf = new Map<CfnResource, HipaaFinding[]>();
    for (const f of evaluation.findings) {
      const resource = this.byPath.get(f.constructPath!)!;
      const list = findingsOf.get(resource) ?? [];
      list.push(toFinding(f, this.stackOf.get(resource)!.artifactId));
      findingsOf.set(resource, list);
    }
    const framework = new Map<CfnResource, FrameworkResource | undefined>();
    const frameworkOf = (r: CfnResource) => {
      if (!framework.has(r)) framework.set(r, frameworkResourceOf(r));
      return framework.get(r);
    };

    for (const [resource, claim] of this.claims) {
      for (const finding of findingsOf.get(resource) ?? []) this.annotate(resource, finding, claim.first, frameworkOf);
    }
    const stale = this.acknowledgementProblems(evaluation.acknowledgementProblems);
    this.writeMessages();

    for (const [stack, { scope, client }] of this.reports) {
      if (!client.writeReport) continue;
      this.writeReport(stack, scope, client, findingsOf, frameworkOf, stale.get(stack) ?? []);
    }
    const received = new Map<AssemblyCheckClient, HipaaFinding[]>();
    for (const [resource, claim] of this.claims) {
      for (const client of claim.all) {
        const list = received.get(client) ?? [];
        list.push(...findingsOf.get(resource) ?? []);
        received.set(client, list);
      }
    }
    for (const [client, findings] of received) client.receive(this.stage, findings);
  }

  /**
   * The template with the construct path of each resource the aspects reached. Synthesis records
   * them as `aws:cdk:logicalId` metadata unless an app turns that off; then they are worked out here.
   */
  private withConstructPaths(t: LoadedTemplate): LoadedTemplate {
    const resources = Object.keys(t.template?.Resources ?? {});
    const known = t.constructPaths ?? new Map<string, string>();
    if (resources.every((id) => known.has(id))) return t;
    const paths = new Map(known);
    for (const [resource, stack] of this.stackOf) {
      if (stack.node.path !== t.stackKey) continue;
      const id = stack.resolve(resource.logicalId) as string;
      if (!paths.has(id)) paths.set(id, resource.node.path);
    }
    return { ...t, constructPaths: paths };
  }

  /**
   * Acknowledgements and data classifications recorded above the stacks (on the app, a stage, or a
   * construct that holds stacks): synthesis writes each stack's metadata from the stack down.
   */
  private enclosingMetadata(): PathMetadata[] {
    const out: PathMetadata[] = [];
    const seen = new Set<IConstruct>();
    for (const stack of this.stacks()) {
      for (const scope of stack.node.scopes) {
        if (Stack.isStack(scope) || seen.has(scope)) continue;
        seen.add(scope);
        for (const m of scope.node.metadata) {
          if (m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY || m.type === DATA_CLASSIFICATION_METADATA) {
            out.push({ path: scope.node.path, type: m.type, data: m.data });
          }
        }
      }
    }
    return out;
  }

  private stacks(): Set<Stack> {
    return new Set<Stack>([...this.reports.keys(), ...this.stackOf.values()]);
  }

  private annotate(
    resource: CfnResource, finding: HipaaFinding, client: AssemblyCheckClient, frameworkOf: (r: CfnResource) => FrameworkResource | undefined,
  ): void {
    if (finding.status === HipaaFindingStatus.PASS || finding.status === HipaaFindingStatus.ACKNOWLEDGED) return;
    const framework = frameworkOf(resource);
    const isError = client.failsSynth
      && finding.status === HipaaFindingStatus.FAIL
      && finding.severity === HipaaSeverity.ERROR
      && framework === undefined;
    this.addMessage(resource, isError ? 'error' : 'warning', findingMessage(finding, framework));
  }

  /**
   * Reports each acknowledgement problem on the construct it was recorded on: one without a real
   * reason (an error where it would clear a synth error), one with an unknown id or that clears
   * nothing (a warning). Returns those that clear nothing, by the stack whose report lists them.
   */
  private acknowledgementProblems(problems: ReturnType<typeof evaluateTemplateInputs>['acknowledgementProblems']): Map<Stack, StaleAcknowledgement[]> {
    const stale = new Map<Stack, StaleAcknowledgement[]>();
    for (const p of problems) {
      const construct = this.constructAt(p.at);
      if (!construct) continue;
      const stack = this.reportingStack(construct);
      if (!stack) continue;
      const client = this.reports.get(stack)?.client ?? this.claimsUnder(p.at);
      if (!client) continue;
      if (p.kind === AcknowledgementProblemKind.NO_REASON) {
        const message = `[${p.id}] the acknowledgement at '${p.at || '(app)'}' needs a reason of at least ${MIN_REASON_LENGTH} characters; it is ignored.`;
        this.addMessage(construct, client.failsSynth ? 'error' : 'warning', message);
      } else if (p.kind === AcknowledgementProblemKind.STALE || p.kind === AcknowledgementProblemKind.UNKNOWN_CONTROL) {
        this.addMessage(construct, 'warning', `[${p.id}] the acknowledgement at '${p.at}' clears nothing: ${p.problem}`);
        const list = stale.get(stack) ?? [];
        const controlId = p.id.includes('::') ? p.id.slice(p.id.indexOf('::') + 2) : p.id;
        list.push({ controlId, at: p.at, reason: p.reason, problem: p.problem });
        stale.set(stack, list);
      } else {
        this.addMessage(construct, 'warning', `[${p.id}] at '${p.at}': ${p.problem}`);
      }
    }
    return stale;
  }

  /** The construct at a construct path (no leading slash), if it is in this assembly. */
  private constructAt(p: string): IConstruct | undefined {
    const resource = this.byPath.get(p);
    if (resource) return resource;
    let c: IConstruct | undefined = this.stage.node.root;
    for (const id of p === '' ? [] : p.split('/')) {
      c = c.node.tryFindChild(id);
      if (!c) return undefined;
    }
    return c;
  }

  /** The stack whose report covers `construct`: its own stack, if an aspect reports on it and its scope holds the construct. */
  private reportingStack(construct: IConstruct): Stack | undefined {
    let stack: Stack;
    try {
      stack = Stack.of(construct);
    } catch {
      return undefined;
    }
    const report = this.reports.get(stack);
    if (!report) return this.claimsUnder(construct.node.path) ? stack : undefined;
    const p = construct.node.path;
    return report.scope === undefined || p === report.scope || p.startsWith(report.scope + '/') || report.scope.startsWith(p + '/') ? stack : undefined;
  }

  /** The first aspect that reached a resource at or under `p`. */
  private claimsUnder(p: string): AssemblyCheckClient | undefined {
    for (const [resource, claim] of this.claims) {
      const rp = this.pathOf.get(resource)!;
      if (rp === p || rp.startsWith(p + '/') || p === '') return claim.first;
    }
    return undefined;
  }

  private addMessage(construct: IConstruct, level: 'error' | 'warning', message: string): void {
    const resource = CfnResource.isCfnResource(construct) ? construct : undefined;
    let top: Stack | undefined = resource && this.stackOf.get(resource);
    try {
      top ??= Stack.of(construct);
    } catch {
      return;
    }
    while (top.nestedStackParent) top = top.nestedStackParent;
    const byPath = this.messages.get(top.artifactId) ?? new Map<string, Array<{ type: string; data: string }>>();
    const key = `/${(resource && this.pathOf.get(resource)) ?? construct.node.path}`;
    const list = byPath.get(key) ?? [];
    list.push({ type: level === 'error' ? 'aws:cdk:error' : 'aws:cdk:warning', data: message });
    byPath.set(key, list);
    this.messages.set(top.artifactId, byPath);
  }

  /** Adds the messages to the metadata synthesis wrote for each stack (the manifest is written after this). */
  private writeMessages(): void {
    for (const [artifactId, byPath] of this.messages) {
      const artifact = this.artifacts[artifactId];
      if (!artifact) continue;
      const file = artifact.additionalMetadataFile ?? `${artifactId}.metadata.json`;
      const full = path.join(this.outdir, file);
      const metadata = this.metadataFiles.get(file) ?? (fs.existsSync(full) ? JSON.parse(fs.readFileSync(full, 'utf8')) : {});
      for (const [p, entries] of byPath) metadata[p] = [...(metadata[p] ?? []), ...entries];
      fs.writeFileSync(full, JSON.stringify(metadata), 'utf-8');
      artifact.additionalMetadataFile = file;
    }
  }

  /**
   * Writes `stack`'s report into the assembly directory (a nested stack's is its parent's).
   * `scope`: the construct path the report is limited to, if the aspect was applied to a construct inside the stack.
   */
  private writeReport(
    stack: Stack,
    scope: string | undefined,
    client: AssemblyCheckClient,
    findingsOf: ReadonlyMap<CfnResource, HipaaFinding[]>,
    frameworkOf: (r: CfnResource) => FrameworkResource | undefined,
    stale: readonly StaleAcknowledgement[],
  ): void {
    const within = (p: string) => scope === undefined || p === scope || p.startsWith(scope + '/');
    let examined = 0;
    const findings: HipaaFinding[] = [];
    const resources = new Map<string, CfnResource>();
    const framework = new Map<string, FrameworkResource>();
    for (const resource of this.resourcesOf(stack)) {
      const p = this.pathOf.get(resource)!;
      if (!within(p)) continue;
      examined++;
      const own = findingsOf.get(resource) ?? [];
      findings.push(...own);
      resources.set(p, resource);
      const fw = own.length > 0 ? frameworkOf(resource) : undefined;
      if (fw) framework.set(p, fw);
    }
    const report = buildReport(stack.artifactId, client.mode, findings, {
      examined, scope: scope ?? stack.node.path, framework, staleAcknowledgements: [...stale],
    });
    const base = path.join(this.outdir, `${stack.artifactId}.hipaa-report`);
    // Compact JSON: these are for programs, and indenting them would double their size (the Markdown is for people).
    fs.writeFileSync(`${base}.json`, JSON.stringify(report) + '\n');
    fs.writeFileSync(`${base}.md`, renderMarkdown(report));
    fs.writeFileSync(`${base}.sarif`, JSON.stringify(this.sarif(stack, findings, resources)) + '\n');
    if (client.writeDataMap) writeStackDataMap(stack, this.outdir, findings, this.written);
  }

  /** The resources reached in `stack` (not in its nested stacks). */
  private resourcesOf(stack: Stack): CfnResource[] {
    if (!this.byStack) {
      this.byStack = new Map();
      for (const [resource, s] of this.stackOf) {
        const list = this.byStack.get(s) ?? [];
        list.push(resource);
        this.byStack.set(s, list);
      }
    }
    return this.byStack.get(stack) ?? [];
  }

  /**
   * The SARIF 2.1.0 log of `findings` (those of `stack`): each result points at the line of the
   * user's code that created the resource when its creation stack trace is known, else at the
   * resource's logical id in the stack's template file.
   */
  private sarif(stack: Stack, findings: readonly HipaaFinding[], resources: ReadonlyMap<string, CfnResource>): any {
    const templateFile = path.join(this.outdir, stack.templateFile);
    let lines: Map<string, number> | undefined;
    const locations = new Map<string, SourceLocation>();
    const locate = (f: HipaaFinding): SourceLocation => {
      let location = locations.get(f.constructPath);
      if (!location) {
        const resource = resources.get(f.constructPath);
        location = (resource && creationLocation(resource))
          ?? { file: templateFile, line: (lines ??= jsonResourceLines(readOrEmpty(templateFile))).get(f.logicalId) };
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
    return renderSarif(results, CATALOG.filter((c) => reported.has(c.id)), libraryVersion(), process.cwd());
  }
}

function readOrEmpty(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

/** A finding of the engine, as HipaaAspect reports it. */
function toFinding(f: TemplateFinding, stackId: string): HipaaFinding {
  const finding: { -readonly [K in keyof HipaaFinding]: HipaaFinding[K] } = {
    controlId: f.controlId,
    title: f.title,
    citations: f.citations.slice(),
    severity: f.severity,
    status: f.status as HipaaFindingStatus,
    stackId,
    constructPath: f.constructPath!,
    logicalId: f.logicalId,
    resourceType: f.resourceType,
    fix: f.fix,
  };
  if (f.message !== undefined) finding.message = f.message;
  if (f.acknowledgedReason !== undefined) finding.acknowledgedReason = f.acknowledgedReason;
  if (f.acknowledgedAt !== undefined) finding.acknowledgedAt = f.acknowledgedAt;
  return finding;
}

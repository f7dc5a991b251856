import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { buildDataMap } from './data-map';
import { DataMapFinding } from './data-map-finding';
import { libraryStoresInTree, stackDataMapInputs } from './from-app';
import { DataMap } from './model';
import { renderDataMapMarkdown } from './render-markdown';
import { renderDataMapMermaid } from './render-mermaid';
import { renderDataMapSvg } from './render-svg';
import { loadInputs } from '../engine/load';

/**
 * Where PHI lives and flows in CloudFormation templates: the inventory of every resource that
 * stores, processes or carries PHI (classification, encryption at rest and in transit, backup,
 * logs, owners, the controls that evidence it) and the flows between them and the world outside
 * the app (network rules, IAM grants, resource policies, service integrations), with the flows
 * that cross the internet, leave the account, reach PHI from a public subnet or cannot be
 * resolved marked; and findings only the whole map can decide (see `findings`).
 *
 * HipaaAspect writes one per stack into the cloud assembly (`<stack>.hipaa-data-map.{json,md,mmd,svg}`);
 * this class builds one from files or from a synthesized stack.
 *
 * @example
 * const svg = HipaaDataMap.fromFiles(['cdk.out']).toSvg();
 */
export class HipaaDataMap {
  /**
   * The map of template files (JSON or YAML) and cloud assembly directories, read together.
   *
   * @param paths template files and cloud assembly directories
   * @param name a title for the map; default: the paths, joined
   */
  public static fromFiles(paths: string[], name?: string): HipaaDataMap {
    const inputs = loadInputs(paths);
    const libraryStores = paths.filter((p) => fs.statSync(p).isDirectory()).flatMap((p) => libraryStoresInTree(p));
    return new HipaaDataMap(buildDataMap({ ...inputs, libraryStores }, { name: name ?? paths.map((p) => path.basename(p)).join(', ') }));
  }

  /**
   * The map of one stack of a CDK app, as its template renders now: call it after `app.synth()`,
   * so that every aspect has run. Stacks the stack depends on are read too, so that references
   * to them resolve.
   */
  public static fromStack(stack: Stack): HipaaDataMap {
    const inputs = stackDataMapInputs(stack);
    return new HipaaDataMap(buildDataMap(inputs, { name: stack.node.path, stacks: [stack.node.path] }));
  }

  /** The map's title. */
  public readonly name: string;

  private constructor(private readonly map: DataMap) {
    this.name = map.name;
  }

  /** Logical ids (`<stack>/<logical id>`) of the stores classified PHI, and of those not classified (treated as PHI). */
  public get phiStores(): string[] {
    return this.map.inventory.filter((e) => e.role === 'store' && e.classification !== 'NO_PHI').map((e) => e.id);
  }

  /**
   * The verdicts of the checks over the whole map: a PHI store reachable from the internet
   * (`DataMap.PhiStoreNotReachableFromInternet`), readable from another account
   * (`DataMap.NoCrossAccountPhiRead`), reached by a flow that does not keep PHI encrypted
   * (`DataMap.PhiFlowEncrypted`), or not classified (`DataMap.PhiStoreClassified`). Advisory.
   */
  public get findings(): DataMapFinding[] {
    return this.map.findings.map((f) => ({ ...f, citations: [...f.citations], ...(f.path ? { path: [...f.path] } : {}) }));
  }

  /** The inventory, nodes, flows and findings as JSON. */
  public toJson(): string {
    return JSON.stringify(this.map, undefined, 2) + '\n';
  }

  /** The inventory and flows as Markdown tables. */
  public toMarkdown(): string {
    return renderDataMapMarkdown(this.map);
  }

  /** The map as a Mermaid flowchart (subgraphs per stack and VPC). */
  public toMermaid(): string {
    return renderDataMapMermaid(this.map);
  }

  /** The map as a self-contained SVG drawing with a legend. */
  public toSvg(): string {
    return renderDataMapSvg(this.map);
  }
}

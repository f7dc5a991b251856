import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, NestedStack, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { LIBRARY_STORE_CONSTRUCTS } from './classify';
import { DataMapInputs, EvidenceFinding } from './context';
import { buildDataMap } from './data-map';
import { DataMap } from './model';
import { renderDataMapMarkdown } from './render-markdown';
import { renderDataMapMermaid } from './render-mermaid';
import { renderDataMapSvg } from './render-svg';
import { LoadedTemplate, PathMetadata } from '../engine/template';
import { DATA_CLASSIFICATION_METADATA } from '../policy/data-classification';

const JSII_RTTI = Symbol.for('jsii.rtti');

/**
 * The library construct class a construct is an instance of, if any: by its jsii fqn
 * (`cdk-hipaa.<Name>`) once compiled, else by its class name (running from TypeScript sources).
 */
export function libraryConstructName(construct: IConstruct): string | undefined {
  const ctor = (construct as any).constructor;
  // Own property only: a class without RTTI of its own inherits its base class's (constructs.Construct).
  const fqn: unknown = ctor && Object.prototype.hasOwnProperty.call(ctor, JSII_RTTI) ? ctor[JSII_RTTI]?.fqn : undefined;
  if (typeof fqn === 'string') return fqn.startsWith('cdk-hipaa.') ? fqn.slice('cdk-hipaa.'.length) : undefined;
  return typeof ctor?.name === 'string' ? ctor.name : undefined;
}

/**
 * What the data map of `stack` reads inside a CDK app, after every aspect has run: the templates
 * of the stack and of the stacks it depends on (so cross-stack references resolve), and of a nested
 * stack's parents; construct paths; the data classifications recorded on the constructs and their
 * ancestors; and where the library's PHI store constructs are.
 *
 * @param written the templates synthesis has written, by stack construct path (HipaaAspect's, read
 * once for the checks); a stack not among them is rendered here
 */
export function stackDataMapInputs(
  stack: Stack, findings: readonly EvidenceFinding[] = [], written: ReadonlyMap<string, LoadedTemplate> = new Map(),
): DataMapInputs {
  const stacks: Stack[] = [];
  const addStack = (s: Stack) => {
    if (stacks.includes(s)) return;
    stacks.push(s);
    for (const d of s.dependencies) addStack(d);
    if (s.nestedStackParent) addStack(s.nestedStackParent);
  };
  addStack(stack);
  const templates: LoadedTemplate[] = [];
  const metadata: PathMetadata[] = [];
  const libraryStores: string[] = [];
  const seen = new Set<IConstruct>();
  const record = (c: IConstruct) => {
    if (seen.has(c)) return;
    seen.add(c);
    for (const entry of c.node.metadata) {
      if (entry.type === DATA_CLASSIFICATION_METADATA) metadata.push({ path: c.node.path, type: entry.type, data: entry.data });
    }
    const name = libraryConstructName(c);
    if (name && LIBRARY_STORE_CONSTRUCTS.includes(name)) libraryStores.push(c.node.path);
  };
  // Every template first: a nested stack's parameters are read from its parent's.
  const rendered = new Map<Stack, any>(stacks.map((s) => [s, written.get(s.node.path)?.template ?? (s as any)._toCloudFormation()]));
  for (const s of stacks) {
    const template = rendered.get(s);
    const known = written.get(s.node.path)?.constructPaths;
    const constructPaths = new Map<string, string>();
    for (const scope of s.node.scopes) record(scope);
    const pending: IConstruct[] = [s];
    while (pending.length > 0) {
      const c = pending.pop()!;
      record(c);
      if (CfnResource.isCfnResource(c) && known === undefined) constructPaths.set(s.resolve(c.logicalId), c.node.path);
      for (const child of c.node.children) if (!Stack.isStack(child)) pending.push(child);
    }
    const parent = s.nestedStackParent;
    const parameterValues = parent && rendered.has(parent) ? nestedParameters(s as NestedStack, parent, rendered.get(parent)) : undefined;
    const nestedResource = parent ? (s as NestedStack).nestedStackResource as CfnResource | undefined : undefined;
    templates.push({
      name: s.node.path,
      template,
      stackKey: s.node.path,
      ...(Token.isUnresolved(s.account) ? {} : { account: s.account }),
      ...(Token.isUnresolved(s.region) ? {} : { region: s.region }),
      constructPaths: known ?? constructPaths,
      ...(parameterValues && parent ? { parameterValues, parentStackKey: parent.node.path } : {}),
      ...(nestedResource && parent ? { parentStackKey: parent.node.path, parentLogicalId: parent.resolve(nestedResource.logicalId) } : {}),
    });
  }
  return { templates, metadata, libraryStores, findings };
}

/** The Parameters the parent's AWS::CloudFormation::Stack resource passes to a nested stack. */
function nestedParameters(stack: NestedStack, parent: Stack, parentTemplate: any): any {
  const resource = stack.nestedStackResource;
  if (!resource) return undefined;
  const logicalId = parent.resolve((resource as CfnResource).logicalId);
  return parentTemplate?.Resources?.[logicalId]?.Properties?.Parameters;
}

/**
 * Writes `<base>.json`, `.md`, `.mmd` and `.svg` of a data map.
 *
 * @returns the files written
 */
export function writeDataMap(map: DataMap, base: string): string[] {
  fs.mkdirSync(path.dirname(base), { recursive: true });
  const files: Array<[string, string]> = [
    // Compact, as the reports: the JSON is for programs, the Markdown and the drawing for people.
    [`${base}.json`, JSON.stringify(map) + '\n'],
    [`${base}.md`, renderDataMapMarkdown(map)],
    [`${base}.mmd`, renderDataMapMermaid(map)],
    [`${base}.svg`, renderDataMapSvg(map)],
  ];
  for (const [file, content] of files) fs.writeFileSync(file, content);
  return files.map(([file]) => file);
}

/**
 * HipaaAspect's hook: the data map of one stack (its resources, and what their flows reach in the
 * stacks it depends on and outside the app), written as `<artifact id>.hipaa-data-map.{json,md,mmd,svg}`
 * into the cloud assembly directory `outdir`.
 */
export function writeStackDataMap(
  stack: Stack, outdir: string, findings: readonly EvidenceFinding[], written: ReadonlyMap<string, LoadedTemplate> = new Map(),
): string[] {
  const inputs = stackDataMapInputs(stack, findings, written);
  const map = buildDataMap(inputs, { name: stack.node.path, stacks: [stack.node.path] });
  return writeDataMap(map, path.join(outdir, `${stack.artifactId}.hipaa-data-map`));
}

/** The construct paths (no leading slash) of the library's PHI store constructs in a cloud assembly's tree.json (compiled library only). */
export function libraryStoresInTree(assemblyDir: string): string[] {
  const file = path.join(assemblyDir, 'tree.json');
  if (!fs.existsSync(file)) return [];
  const found: string[] = [];
  const visit = (node: any) => {
    const fqn = node?.constructInfo?.fqn;
    if (typeof fqn === 'string' && fqn.startsWith('cdk-hipaa.') && LIBRARY_STORE_CONSTRUCTS.includes(fqn.slice('cdk-hipaa.'.length)) && typeof node.path === 'string') {
      found.push(node.path.replace(/^\//, ''));
    }
    for (const child of Object.values<any>(node?.children ?? {})) visit(child);
  };
  visit(JSON.parse(fs.readFileSync(file, 'utf8')).tree);
  return found.sort();
}

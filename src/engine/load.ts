import * as fs from 'fs';
import * as path from 'path';
import { parseTemplate } from './parse';
import { parameterValue } from './resolve';
import { LoadedTemplate, PathMetadata, TemplateInputs } from './template';

/** Top-level sections of a CloudFormation template (the template anatomy in the CloudFormation user guide), and AWS SAM's Globals. */
const TEMPLATE_SECTIONS = new Set([
  'AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Globals', 'Resources', 'Outputs',
]);

/**
 * Reads one template file (JSON or YAML) given by the user.
 *
 * @throws when the file is not a CloudFormation template: `Resources` (which CloudFormation requires) is
 * missing or not a mapping, or a top-level key is not a template section (a workflow or a compose file, say)
 */
export function loadTemplateFile(file: string): LoadedTemplate {
  const { template, lines } = parseTemplate(fs.readFileSync(file, 'utf8'), file);
  const resources = template.Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) {
    throw new Error(`${file}: not a CloudFormation template (it has no Resources section)`);
  }
  const stray = Object.keys(template).filter((k) => !TEMPLATE_SECTIONS.has(k));
  if (stray.length > 0) throw new Error(`${file}: not a CloudFormation template (unknown top-level key ${stray.map((k) => `'${k}'`).join(', ')})`);
  return { name: path.basename(file), file, template, stackKey: path.resolve(file), lines };
}

/**
 * Reads template files and cloud assembly directories together, so cross-resource controls look across all of them.
 *
 * @param parameters values for the parameters of the top-level templates (see readParameterFile)
 */
export function loadInputs(paths: readonly string[], parameters?: { readonly [name: string]: unknown }): TemplateInputs {
  const templates: LoadedTemplate[] = [];
  const metadata: PathMetadata[] = [];
  for (const p of paths) {
    if (fs.statSync(p).isDirectory()) {
      const assembly = loadCloudAssembly(p);
      templates.push(...assembly.templates);
      metadata.push(...(assembly.metadata ?? []));
    } else {
      // A hand-written stack set carries its template inline; in a cloud assembly, a stack set's
      // template is synthesized by the app (AccountBaselineStackSet's as an assembly of its own).
      const template = loadTemplateFile(p);
      templates.push(template, ...inlineStackSetTemplates(template));
    }
  }
  return { templates, metadata, ...(parameters ? { parameters } : {}) };
}

const STACK_SET = 'AWS::CloudFormation::StackSet';

/**
 * The templates the stack sets of `parent` carry inline (`TemplateBody`, JSON or YAML text), and
 * those their own stack sets carry, as templates checked with it: each is keyed under its stack set
 * (`<parent stack key>/<logical id>`), named `<parent name>/<logical id>`, and its resources point
 * at the stack set's line in the parent's file. A body that is not literal text, or not a template,
 * is left out (General.DeployedTemplateChecked then reports it unverifiable).
 *
 * Parameter values are the stack set's `Parameters`; one that a stack instance group overrides
 * differs between accounts, so it reads as unknown, never as its default.
 */
export function inlineStackSetTemplates(parent: LoadedTemplate): LoadedTemplate[] {
  const out: LoadedTemplate[] = [];
  for (const [logicalId, body] of Object.entries<any>(parent.template?.Resources ?? {})) {
    if (body?.Type !== STACK_SET || typeof body.Properties?.TemplateBody !== 'string') continue;
    let template: any;
    try {
      template = parseTemplate(body.Properties.TemplateBody, `${parent.name}/${logicalId} TemplateBody`).template;
    } catch {
      continue;
    }
    const resources = template?.Resources;
    if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) continue;
    const line = parent.lines?.get(logicalId);
    const child: LoadedTemplate = {
      name: `${parent.name}/${logicalId}`,
      ...(parent.file !== undefined ? { file: parent.file } : {}),
      template,
      stackKey: `${parent.stackKey}/${logicalId}`,
      ...(line !== undefined ? { lines: new Map(Object.keys(resources).map((id) => [id, line])) } : {}),
      parameterValues: stackSetParameterValues(body.Properties, template),
      parentStackKey: parent.stackKey,
      parentLogicalId: logicalId,
    };
    out.push(child, ...inlineStackSetTemplates(child));
  }
  return out;
}

/** The values a stack set gives its template's parameters; one a stack instance group overrides as a reference synth cannot resolve. */
function stackSetParameterValues(properties: any, template: any): { [name: string]: unknown } {
  const declared = template?.Parameters !== null && typeof template?.Parameters === 'object' ? template.Parameters : {};
  const values: { [name: string]: unknown } = {};
  for (const p of Array.isArray(properties.Parameters) ? properties.Parameters : []) {
    if (typeof p?.ParameterKey !== 'string' || p.ParameterValue === undefined) continue;
    values[p.ParameterKey] = parameterValue(declared[p.ParameterKey]?.Type, p.ParameterValue);
  }
  for (const group of Array.isArray(properties.StackInstancesGroup) ? properties.StackInstancesGroup : []) {
    for (const o of Array.isArray(group?.ParameterOverrides) ? group.ParameterOverrides : []) {
      // The parameter's value, left for each stack instance to give: unknown here.
      if (typeof o?.ParameterKey === 'string') values[o.ParameterKey] = { 'Fn::Sub': `\${${o.ParameterKey}}` };
    }
  }
  return values;
}

/**
 * Reads parameter values from a JSON file, in any of the shapes CloudFormation tools write:
 * the `aws cloudformation` list `[{ "ParameterKey": "Env", "ParameterValue": "prod" }]`, a plain
 * object `{ "Env": "prod" }`, or a template configuration file `{ "Parameters": { "Env": "prod" } }`.
 * Values are strings (numbers and booleans are read as their text), or lists for list parameters.
 *
 * @throws when the file is not JSON or not of one of those shapes
 */
export function readParameterFile(file: string): { [name: string]: string | string[] } {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  const shape = 'expected [{ "ParameterKey": ..., "ParameterValue": ... }] or { "Name": "value" }';
  const out: { [name: string]: string | string[] } = {};
  const set = (name: unknown, value: unknown, where: string) => {
    if (typeof name !== 'string' || name === '') throw new Error(`${file}: ${where} has no parameter name (${shape})`);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[name] = String(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) out[name] = value.map(String);
    else throw new Error(`${file}: the value of ${name} must be a string, a number, a boolean or a list of strings`);
  };
  if (Array.isArray(data)) {
    data.forEach((entry, i) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new Error(`${file}: entry ${i} is not an object (${shape})`);
      if (entry.UsePreviousValue === true) throw new Error(`${file}: ${entry.ParameterKey} uses UsePreviousValue: give its value instead`);
      set(entry.ParameterKey, entry.ParameterValue, `entry ${i}`);
    });
    return out;
  }
  if (data === null || typeof data !== 'object') throw new Error(`${file}: not a parameter file (${shape})`);
  const keys = Object.keys(data);
  const object = keys.length === 1 && keys[0] === 'Parameters' && (data as any).Parameters !== null && typeof (data as any).Parameters === 'object'
    && !Array.isArray((data as any).Parameters) ? (data as any).Parameters : data;
  for (const [name, value] of Object.entries(object)) set(name, value, name);
  return out;
}

const STACK_ARTIFACT = 'aws:cloudformation:stack';
const NESTED_ASSEMBLY = 'cdk:cloud-assembly';
const ASSET_MANIFEST = 'cdk:asset-manifest';
const LOGICAL_ID = 'aws:cdk:logicalId';
const TEMPLATE_FILE = 'aws:cdk:templateFile';

/**
 * Reads a cloud assembly (`cdk.out`): every stack's template (the templates of stages' nested
 * assemblies and of nested stacks included), each stack's environment, and the construct metadata
 * synth recorded: the construct path of each resource, acknowledgements and data classifications.
 *
 * @throws when the directory has no manifest.json
 */
export function loadCloudAssembly(dir: string): TemplateInputs {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${dir} is not a cloud assembly: it has no manifest.json (run cdk synth, or give template files)`);
  return loadAssemblyArtifacts(dir, JSON.parse(fs.readFileSync(manifestFile, 'utf8')).artifacts ?? {});
}

/** How loadAssemblyArtifacts reads an assembly. */
export interface AssemblyLoadOptions {
  /**
   * Find the line of each resource in its template file (for SARIF and text output).
   *
   * @default true
   */
  readonly lines?: boolean;
  /**
   * Read the nested cloud assemblies of stages too.
   *
   * @default true
   */
  readonly nestedAssemblies?: boolean;
  /** Called with each stack's metadata file (its name in the assembly, and its contents) as it is read. */
  readonly onMetadataFile?: (file: string, data: any) => void;
}

/**
 * Reads the stacks of a cloud assembly from its artifacts (a manifest's `artifacts`): what
 * loadCloudAssembly reads from `manifest.json`, and what HipaaAspect reads while the assembly is
 * still being written (every template and metadata file is, the manifest is not yet).
 */
export function loadAssemblyArtifacts(
  dir: string, manifestArtifacts: { readonly [id: string]: any }, options: AssemblyLoadOptions = {},
): TemplateInputs {
  const templates: LoadedTemplate[] = [];
  const metadata: PathMetadata[] = [];
  /** Asset hash -> template file, for linking a nested stack resource to its template. */
  const assetTemplates = new Map<string, string>();
  const artifacts = Object.entries<any>(manifestArtifacts);
  for (const [, artifact] of artifacts) {
    if (artifact.type !== ASSET_MANIFEST || typeof artifact.properties?.file !== 'string') continue;
    const assets = readJson(path.join(dir, artifact.properties.file));
    for (const [hash, asset] of Object.entries<any>(assets?.files ?? {})) {
      const source = asset?.source?.path;
      if (typeof source === 'string' && source.endsWith('.template.json')) assetTemplates.set(hash, source);
    }
  }
  for (const [artifactId, artifact] of artifacts) {
    if (artifact.type === NESTED_ASSEMBLY && typeof artifact.properties?.directoryName === 'string') {
      if (options.nestedAssemblies === false) continue;
      const nested = loadCloudAssembly(path.join(dir, artifact.properties.directoryName));
      templates.push(...nested.templates);
      metadata.push(...(nested.metadata ?? []));
      continue;
    }
    if (artifact.type !== STACK_ARTIFACT || typeof artifact.properties?.templateFile !== 'string') continue;
    templates.push(...loadStack(dir, artifactId, artifact, assetTemplates, metadata, options));
  }
  return { templates, metadata };
}

/** One stack artifact's template and its nested stacks' templates. */
function loadStack(
  dir: string, artifactId: string, artifact: any, assetTemplates: Map<string, string>, metadata: PathMetadata[], options: AssemblyLoadOptions,
): LoadedTemplate[] {
  const entries: Array<{ path: string; type: string; data: unknown }> = [];
  const addEntries = (byPath: any) => {
    for (const [p, list] of Object.entries<any>(byPath ?? {})) {
      if (!Array.isArray(list)) continue;
      for (const e of list) if (e && typeof e.type === 'string') entries.push({ path: p.replace(/^\//, ''), type: e.type, data: e.data });
    }
  };
  addEntries(artifact.metadata);
  if (typeof artifact.additionalMetadataFile === 'string') {
    const data = readJson(path.join(dir, artifact.additionalMetadataFile));
    if (data !== undefined) options.onMetadataFile?.(artifact.additionalMetadataFile, data);
    addEntries(data);
  }

  const mainFile: string = artifact.properties.templateFile;
  // Which construct path each template file is the stack of (nested stacks have their own).
  const stackPaths = new Map<string, string>();
  for (const e of entries) if (e.type === TEMPLATE_FILE && typeof e.data === 'string') stackPaths.set(e.data, e.path);
  const displayName = typeof artifact.displayName === 'string' ? artifact.displayName : artifactId;
  if (!stackPaths.has(mainFile)) stackPaths.set(mainFile, displayName);

  // Logical ids by the template of the nearest stack path above the resource's path.
  const stackOf = (p: string): string => {
    let best: { file: string; length: number } = { file: mainFile, length: -1 };
    for (const [file, sp] of stackPaths) {
      if ((p.startsWith(sp + '/') || p === sp) && sp.length > best.length) best = { file, length: sp.length };
    }
    return best.file;
  };
  const pathsByFile = new Map<string, Map<string, string>>();
  for (const e of entries) {
    if (e.type === LOGICAL_ID && typeof e.data === 'string') {
      const file = stackOf(e.path);
      const map = pathsByFile.get(file) ?? new Map<string, string>();
      if (!map.has(e.data)) map.set(e.data, e.path);
      pathsByFile.set(file, map);
    } else if (e.type !== LOGICAL_ID && e.type !== TEMPLATE_FILE && e.type !== 'aws:cdk:creationStack') {
      metadata.push({ path: e.path, type: e.type, data: e.data });
    }
  }

  const [account, region] = environmentOf(artifact.environment);
  const loaded: LoadedTemplate[] = [];
  const load = (file: string, name: string, parent?: { values: any; stackKey: string; logicalId: string }) => {
    const full = path.join(dir, file);
    const text = fs.readFileSync(full, 'utf8');
    const { template, lines } = options.lines !== false ? parseTemplate(text, full) : { template: JSON.parse(text), lines: undefined };
    const stackKey = stackPaths.get(file) ?? `${displayName}/${file}`;
    loaded.push({
      name,
      file: full,
      template,
      stackKey,
      account,
      region,
      ...(lines ? { lines } : {}),
      constructPaths: pathsByFile.get(file) ?? new Map(),
      ...(parent ? { parameterValues: parent.values, parentStackKey: parent.stackKey, parentLogicalId: parent.logicalId } : {}),
    });
    // Nested stacks: the AWS::CloudFormation::Stack resources whose TemplateURL names a template asset.
    for (const [logicalId, body] of Object.entries<any>(template?.Resources ?? {})) {
      if (body?.Type !== 'AWS::CloudFormation::Stack') continue;
      const url = JSON.stringify(body.Properties?.TemplateURL ?? '');
      const hash = [...url.matchAll(/[0-9a-f]{64}/g)].map((m) => m[0]).find((h) => assetTemplates.has(h));
      const nestedFile = hash ? assetTemplates.get(hash)! : undefined;
      if (!nestedFile || loaded.some((t) => t.file === path.join(dir, nestedFile))) continue;
      const nestedName = stackPaths.get(nestedFile) ?? `${name}/${logicalId}`;
      load(nestedFile, nestedName, { values: body.Properties?.Parameters ?? {}, stackKey, logicalId });
    }
  };
  load(mainFile, displayName);
  return loaded;
}

/** `aws://account/region`, with the unknown placeholders as undefined. */
function environmentOf(env: unknown): [string | undefined, string | undefined] {
  const m = typeof env === 'string' ? /^aws:\/\/([^/]*)\/(.*)$/.exec(env) : null;
  if (!m) return [undefined, undefined];
  return [m[1] === 'unknown-account' ? undefined : m[1], m[2] === 'unknown-region' ? undefined : m[2]];
}

function readJson(file: string): any {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

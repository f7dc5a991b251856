import { CfnMapping, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RenderedResource, ResourceIndex } from '../controls/control';
import { referencedLogicalId, referencesByTarget } from '../controls/references';
import { findInMapValues } from '../engine/mappings';

/**
 * Every CloudFormation resource of an app, rendered as CloudFormation will receive it.
 *
 * Built once per app (cached on the app's root) by one walk of the construct tree;
 * each resource is resolved at most once, on first use, so an app costs one resolution
 * pass however many controls and aspects read it. Aspects may add resources while the
 * index is in use (an instance's IMDSv2 launch template, for example): a reference that
 * points nowhere known makes the index walk the tree again, once per unknown logical id.
 */
export class AppResourceIndex implements ResourceIndex {
  /** The index of the app `scope` belongs to. */
  public static of(scope: IConstruct): AppResourceIndex {
    const root = scope.node.root;
    let index = INDEXES.get(root);
    if (!index) {
      index = new AppResourceIndex(root);
      INDEXES.set(root, index);
    }
    return index;
  }

  private readonly root: IConstruct;
  private cfnResources: CfnResource[] = [];
  private byType = new Map<string, CfnResource[]>();
  private known = new Set<CfnResource>();
  private readonly missedIds = new Set<string>();
  private readonly rendered = new Map<CfnResource, RenderedResource>();
  private readonly logicalIds = new Map<CfnResource, string>();
  private byStackAndId?: Map<string, CfnResource>;
  private byId?: Map<string, CfnResource[]>;
  private readonly referencesByType = new Map<string, Map<string, RenderedResource[]>>();
  /** Rendered resources per type; safe to keep because re-rendering updates objects in place. */
  private readonly ofTypeCache = new Map<string, readonly RenderedResource[]>();

  private constructor(root: IConstruct) {
    this.root = root;
    this.walk();
  }

  /** Called for every resource the aspect visits: one the index has not seen means the tree grew. */
  public noteVisited(resource: CfnResource): void {
    if (!this.known.has(resource)) this.walk();
  }

  /** (Re)collects every CloudFormation resource of the app. */
  private walk(): void {
    this.cfnResources = [];
    this.known = new Set();
    this.byType = new Map();
    this.byStackAndId = undefined;
    this.byId = undefined;
    this.referencesByType.clear();
    this.ofTypeCache.clear();
    const stack: IConstruct[] = [this.root];
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (CfnResource.isCfnResource(c)) {
        this.cfnResources.push(c);
        this.known.add(c);
        const list = this.byType.get(c.cfnResourceType) ?? [];
        list.push(c);
        this.byType.set(c.cfnResourceType, list);
      }
      const children = c.node.children;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }

  /**
   * The resource as CloudFormation will receive it (rendered on first use, then cached).
   * `refresh` renders it again in place (same object, so identities held by controls stay valid),
   * for when other aspects may have changed it since.
   */
  public render(resource: CfnResource, options: { refresh?: boolean } = {}): RenderedResource {
    const cached = this.rendered.get(resource);
    if (cached && !options.refresh) return cached;
    const stack = Stack.of(resource);
    const logicalId = this.logicalIdOf(resource);
    const body = renderBody(stack, resource);
    const rendered: RenderedResource = {
      key: `${stack.node.path}/${logicalId}`,
      logicalId,
      type: body.Type ?? resource.cfnResourceType,
      properties: body.Properties ?? {},
      deletionPolicy: body.DeletionPolicy,
      updateReplacePolicy: body.UpdateReplacePolicy,
      path: resource.node.path,
      stackKey: stack.node.path,
      account: stack.account,
      region: stack.region,
      construct: resource,
      stack,
    };
    if (cached) return Object.assign(cached, rendered);
    this.rendered.set(resource, rendered);
    return rendered;
  }

  public ofType(type: string): readonly RenderedResource[] {
    let list = this.ofTypeCache.get(type);
    if (!list) {
      list = (this.byType.get(type) ?? []).map((r) => this.render(r));
      this.ofTypeCache.set(type, list);
    }
    return list;
  }

  public target(value: unknown, from: RenderedResource): RenderedResource | undefined {
    const id = referencedLogicalId(value);
    if (id === undefined) return undefined;
    this.buildIdMaps();
    if (!this.byId!.has(id) && !this.missedIds.has(id)) {
      this.missedIds.add(id);
      this.walk();
      this.buildIdMaps();
    }
    const local = this.byStackAndId!.get(`${from.stackKey}|${id}`);
    if (local) return this.render(local);
    const elsewhere = this.byId!.get(id) ?? [];
    return elsewhere.length === 1 ? this.render(elsewhere[0]) : undefined;
  }

  public referencing(target: RenderedResource, type: string): readonly RenderedResource[] {
    let map = this.referencesByType.get(type);
    if (!map) {
      map = referencesByTarget(this.ofType(type), (value, from) => this.target(value, from));
      this.referencesByType.set(type, map);
    }
    return map.get(target.key) ?? [];
  }

  public findInMapValues(value: unknown, from: RenderedResource): readonly unknown[] | undefined {
    const stack = from.stack;
    return stack ? findInMapValues(value, (name) => mappingIn(stack, name)) : undefined;
  }

  private logicalIdOf(resource: CfnResource): string {
    let id = this.logicalIds.get(resource);
    if (id === undefined) {
      // `logicalId` honours overrideLogicalId (getLogicalId would not).
      id = Stack.of(resource).resolve(resource.logicalId) as string;
      this.logicalIds.set(resource, id);
    }
    return id;
  }

  private buildIdMaps(): void {
    if (this.byStackAndId) return;
    this.byStackAndId = new Map();
    this.byId = new Map();
    for (const r of this.cfnResources) {
      const id = this.logicalIdOf(r);
      this.byStackAndId.set(`${Stack.of(r).node.path}|${id}`, r);
      const list = this.byId.get(id) ?? [];
      list.push(r);
      this.byId.set(id, list);
    }
  }
}

const INDEXES = new WeakMap<IConstruct, AppResourceIndex>();

/** The content of the CfnMapping of `stack` whose logical id is `name`, as synth writes it (a lazy mapping that is never written has none). */
function mappingIn(stack: Stack, name: string): unknown {
  for (const c of stack.node.findAll()) {
    if (!(c instanceof CfnMapping) || Stack.of(c) !== stack || stack.resolve(c.logicalId) !== name) continue;
    return (stack.resolve(c._toCloudFormation()) as { Mappings?: { [id: string]: unknown } }).Mappings?.[name];
  }
  return undefined;
}

/** Stands for `undefined` in overrides while they are resolved (undefined deletes a key). */
const DELETED = '__cdk_hipaa_deleted__';

/**
 * The resource's template body as synthesis renders it (CfnResource._toCloudFormation): its
 * properties resolved through the stack and mapped to CloudFormation names, then the raw
 * overrides (escape hatches) merged in. Done here without the intermediate tokens
 * _toCloudFormation creates, which cost as much again as the resolution itself.
 */
function renderBody(stack: Stack, resource: CfnResource): any {
  const r = resource as any;
  let properties: any;
  try {
    properties = withoutUndefined(r.renderProperties(stack.resolve(r.cfnProperties) ?? {}) ?? {});
  } catch {
    // A resource whose properties only render as a whole: use synthesis' own path.
    const cfn = stack.resolve(r._toCloudFormation());
    return Object.values(cfn?.Resources ?? {})[0] ?? {};
  }
  const body: any = {
    Type: resource.cfnResourceType,
    Properties: properties,
    DeletionPolicy: capitalize(resource.cfnOptions.deletionPolicy),
    UpdateReplacePolicy: capitalize(resource.cfnOptions.updateReplacePolicy),
  };
  const overrides = r.rawOverrides;
  if (overrides && Object.keys(overrides).length > 0) {
    mergeOverrides(body, stack.resolve(markDeleted(overrides)));
  }
  if (body.Properties && Object.keys(body.Properties).length === 0) delete body.Properties;
  return body;
}

/** Drops undefined members, as serializing the template does. */
function withoutUndefined(value: any): any {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value === null || typeof value !== 'object') return value;
  const out: any = {};
  for (const k of Object.keys(value)) {
    if (value[k] !== undefined) out[k] = withoutUndefined(value[k]);
  }
  return out;
}

function capitalize(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value[0].toUpperCase() + value.slice(1) : undefined;
}

function markDeleted(value: any): any {
  if (value === undefined) return DELETED;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out: any = {};
  for (const k of Object.keys(value)) out[k] = markDeleted(value[k]);
  return out;
}

/** Keys whose object is an intrinsic: an override replaces it rather than merging into it. */
const INTRINSIC_KEYS = new Set(['Ref', 'Fn::Base64', 'Fn::Cidr', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::ImportValue',
  'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::Sub', 'Fn::Transform', 'Fn::And', 'Fn::Equals', 'Fn::If', 'Fn::Not', 'Fn::Or']);
const isIntrinsicObject = (v: any) => v && typeof v === 'object' && Object.keys(v).length === 1 && INTRINSIC_KEYS.has(Object.keys(v)[0]);

/** CloudFormation's override merge, as aws-cdk-lib does it (undefined deletes, objects merge). */
function mergeOverrides(target: any, source: any): void {
  for (const key of Object.keys(source)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const value = source[key];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      if (typeof target[key] !== 'object' || target[key] === null || isIntrinsicObject(target[key])) target[key] = {};
      if (isIntrinsicObject(value)) target[key] = {};
      mergeOverrides(target[key], value);
      if (typeof target[key] === 'object' && Object.keys(target[key]).length === 0) delete target[key];
    } else if (value === DELETED) {
      delete target[key];
    } else {
      target[key] = value;
    }
  }
}

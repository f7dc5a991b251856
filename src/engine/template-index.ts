import { findInMapValues } from './mappings';
import { TemplateResolver } from './resolve';
import { LoadedTemplate } from './template';
import { RenderedResource, ResourceIndex } from '../controls/control';
import { referencedLogicalId, referencesByTarget } from '../controls/references';

/**
 * Every resource of a set of CloudFormation templates, read as CloudFormation will receive them:
 * the ResourceIndex the controls look across, as HipaaAspect's is over a CDK app. References
 * resolve first in the referring resource's template, else to the one resource with that logical
 * id in another template; a `Fn::ImportValue` of an export another template declares resolves to
 * what that export's value points at.
 *
 * Parameters read as their given value (a nested stack's parent, or `parameters`) or their
 * `Default`; conditions decidable from them choose the branch of each `Fn::If`; a resource whose
 * `Condition` is false is left out (listed in `skipped`). What stays unknown stays an intrinsic.
 */
export class TemplateResourceIndex implements ResourceIndex {
  /** Every resource, in template then declaration order. */
  public readonly resources: readonly RenderedResource[];
  private readonly byType = new Map<string, RenderedResource[]>();
  private readonly byStackAndId = new Map<string, RenderedResource>();
  private readonly byId = new Map<string, RenderedResource[]>();
  /** Export name -> the value it exports and the stack key it is written in. */
  private readonly exports = new Map<string, { value: unknown; stackKey: string }>();
  private readonly referencesByType = new Map<string, Map<string, RenderedResource[]>>();
  /** The stack key of each nested template loaded, by the key of the AWS::CloudFormation::Stack resource that deploys it. */
  private readonly nestedTemplates = new Map<string, string>();
  /** Each template's `Mappings`, by stack key. */
  private readonly mappings = new Map<string, unknown>();
  /** Resources left out because their `Condition` is false. */
  public readonly skipped: ReadonlyArray<{ readonly stackKey: string; readonly logicalId: string; readonly condition: string }>;
  /** Resources whose `Condition` cannot be decided: they are checked as if they are created. */
  public readonly undecided: ReadonlyArray<{ readonly stackKey: string; readonly logicalId: string; readonly condition: string }>;

  /**
   * @param parameters values for the parameters of top-level templates (not nested stacks)
   */
  constructor(templates: readonly LoadedTemplate[], parameters: { readonly [name: string]: unknown } = {}) {
    for (const t of templates) {
      this.mappings.set(t.stackKey, t.template?.Mappings);
      if (t.parentStackKey !== undefined && t.parentLogicalId !== undefined) this.nestedTemplates.set(`${t.parentStackKey}/${t.parentLogicalId}`, t.stackKey);
      for (const output of Object.values<any>(t.template?.Outputs ?? {})) {
        const name = output?.Export?.Name;
        if (typeof name === 'string') this.exports.set(name, { value: output.Value, stackKey: t.stackKey });
      }
    }
    const resources: RenderedResource[] = [];
    const skipped: Array<{ stackKey: string; logicalId: string; condition: string }> = [];
    const undecided: Array<{ stackKey: string; logicalId: string; condition: string }> = [];
    for (const t of templates) {
      const resolver = t.parameterValues !== undefined
        ? new TemplateResolver(t.template, t.parameterValues, true)
        : new TemplateResolver(t.template, parameters);
      for (const [logicalId, body] of Object.entries<any>(t.template?.Resources ?? {})) {
        if (body === null || typeof body !== 'object' || typeof body.Type !== 'string') continue;
        if (typeof body.Condition === 'string') {
          const created = resolver.condition(body.Condition);
          if (created === false) {
            skipped.push({ stackKey: t.stackKey, logicalId, condition: body.Condition });
            continue;
          }
          if (created === undefined) undecided.push({ stackKey: t.stackKey, logicalId, condition: body.Condition });
        }
        const properties = body.Properties !== null && typeof body.Properties === 'object' && !Array.isArray(body.Properties)
          ? this.substitute(body.Properties, resolver) : {};
        const r: RenderedResource = {
          key: `${t.stackKey}/${logicalId}`,
          logicalId,
          type: body.Type,
          properties,
          deletionPolicy: typeof body.DeletionPolicy === 'string' ? body.DeletionPolicy : undefined,
          updateReplacePolicy: typeof body.UpdateReplacePolicy === 'string' ? body.UpdateReplacePolicy : undefined,
          path: t.constructPaths?.get(logicalId) ?? `${t.name}/${logicalId}`,
          stackKey: t.stackKey,
          account: t.account,
          region: t.region,
        };
        resources.push(r);
        const list = this.byType.get(r.type) ?? [];
        list.push(r);
        this.byType.set(r.type, list);
        this.byStackAndId.set(`${t.stackKey}|${logicalId}`, r);
        const same = this.byId.get(logicalId) ?? [];
        same.push(r);
        this.byId.set(logicalId, same);
      }
    }
    this.resources = resources;
    this.skipped = skipped;
    this.undecided = undecided;
  }

  public ofType(type: string): readonly RenderedResource[] {
    return this.byType.get(type) ?? [];
  }

  public target(value: unknown, from: RenderedResource): RenderedResource | undefined {
    return this.resolve(value, from.stackKey, 0);
  }

  public referencing(target: RenderedResource, type: string): readonly RenderedResource[] {
    let map = this.referencesByType.get(type);
    if (!map) {
      map = referencesByTarget(this.ofType(type), (value, from) => this.target(value, from));
      this.referencesByType.set(type, map);
    }
    return map.get(target.key) ?? [];
  }

  public nestedTemplate(stack: RenderedResource): string | undefined {
    return this.nestedTemplates.get(stack.key);
  }

  public findInMapValues(value: unknown, from: RenderedResource): readonly unknown[] | undefined {
    return findInMapValues(value, (name) => (this.mappings.get(from.stackKey) as any)?.[name]);
  }

  /**
   * Properties as HipaaAspect sees them in the construct tree, where references between stacks are
   * still the references the app wrote: a nested stack's `{ Ref: Parameter }` becomes the value its
   * parent passes, and a `{ Fn::ImportValue }` of an export another template declares becomes the
   * exported value; besides, parameter values and decidable conditions are applied.
   */
  private substitute(properties: any, resolver: TemplateResolver): any {
    const visit = (v: any, depth: number): any => resolver.resolve(v, (x) => {
      const imported = importedExport(x);
      return imported !== undefined && depth < 5 && this.exports.has(imported) ? visit(this.exports.get(imported)!.value, depth + 1) : x;
    });
    return visit(properties, 0) ?? {};
  }

  private resolve(value: unknown, stackKey: string, depth: number): RenderedResource | undefined {
    const imported = importedExport(value);
    if (imported !== undefined) {
      const exported = this.exports.get(imported);
      return exported && depth < 5 ? this.resolve(exported.value, exported.stackKey, depth + 1) : undefined;
    }
    const id = referencedLogicalId(value);
    if (id === undefined) return undefined;
    const local = this.byStackAndId.get(`${stackKey}|${id}`);
    if (local) return local;
    const elsewhere = this.byId.get(id) ?? [];
    return elsewhere.length === 1 ? elsewhere[0] : undefined;
  }
}

/** The export name of a `{ Fn::ImportValue: name }` with a literal name. */
function importedExport(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const name = (value as any)['Fn::ImportValue'];
  return typeof name === 'string' && Object.keys(value).length === 1 ? name : undefined;
}

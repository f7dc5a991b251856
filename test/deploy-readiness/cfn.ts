/**
 * Small readers of CloudFormation template JSON shared by the rules: resources by type,
 * references (`Ref`, `Fn::GetAtt`, `${X}` in `Fn::Sub`), a rendering of intrinsic strings
 * into a comparable shape, policy statements, and the creation-order graph.
 */
import { DeployTemplate } from './model';

/** One resource of a template. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: any;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
  readonly Metadata?: any;
}

/** What the rules need of one template, built once per template. */
export interface TemplateIndex {
  readonly resources: Record<string, CfnResource>;
  readonly parameters: Record<string, unknown>;
  /** Logical ids of the resources of a type, in template order. */
  ofType(type: string): string[];
  /** Whether `from` is created after a resource for which `target` holds (DependsOn or reference, transitively). */
  createdAfter(from: string, target: (logicalId: string) => boolean): boolean;
}

const indexes = new WeakMap<object, TemplateIndex>();

/** The index of `t`'s template (cached per template object). */
export function indexOf(t: DeployTemplate): TemplateIndex {
  const template = t.template ?? {};
  let index = indexes.get(template);
  if (!index) {
    index = buildIndex(template);
    indexes.set(template, index);
  }
  return index;
}

function buildIndex(template: any): TemplateIndex {
  const resources: Record<string, CfnResource> = template.Resources ?? {};
  const parameters: Record<string, unknown> = template.Parameters ?? {};
  const byType = new Map<string, string[]>();
  for (const [id, r] of Object.entries(resources)) {
    const list = byType.get(r?.Type) ?? [];
    list.push(id);
    byType.set(r?.Type, list);
  }
  let edges: Map<string, string[]> | undefined;
  const dependenciesOf = (id: string): string[] => {
    if (!edges) {
      edges = new Map();
      for (const [rid, r] of Object.entries(resources)) {
        const direct = new Set<string>(asArray(r?.DependsOn).filter((d): d is string => typeof d === 'string'));
        collectReferences(r?.Properties, (ref) => { if (ref in resources) direct.add(ref); });
        edges.set(rid, [...direct]);
      }
    }
    return edges.get(id) ?? [];
  };
  return {
    resources,
    parameters,
    ofType: (type) => byType.get(type) ?? [],
    createdAfter(from, target) {
      const seen = new Set<string>([from]);
      const stack = [...dependenciesOf(from)];
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (seen.has(id)) continue;
        seen.add(id);
        if (target(id)) return true;
        stack.push(...dependenciesOf(id));
      }
      return false;
    },
  };
}

/** `v` as an array: `[]` for undefined, `[v]` for a single value. */
export function asArray<T = any>(v: T | T[] | undefined | null): T[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** The logical id `v` points at when it is exactly a `Ref` or `Fn::GetAtt`. */
export function refTarget(v: any): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  if (typeof v.Ref === 'string') return v.Ref;
  const att = v['Fn::GetAtt'];
  if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
  if (typeof att === 'string') return att.split('.')[0];
  return undefined;
}

/** Calls `found` with every name referenced in `v`: `Ref`, `Fn::GetAtt`, and `${X}` / `${X.Attr}` in `Fn::Sub`. */
export function collectReferences(v: any, found: (name: string) => void): void {
  if (!v || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const item of v) collectReferences(item, found);
    return;
  }
  for (const [key, value] of Object.entries(v)) {
    if (key === 'Ref' && typeof value === 'string') {found(value);} else if (key === 'Fn::GetAtt') {
      const target = refTarget({ 'Fn::GetAtt': value });
      if (target) found(target);
    } else if (key === 'Fn::Sub') {
      const [text, vars] = Array.isArray(value) ? value : [value, {}];
      if (typeof text === 'string') {
        for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const name = m[1].split('.')[0];
          if (!(vars && name in vars)) found(name);
        }
      }
      collectReferences(vars, found);
    } else {collectReferences(value, found);}
  }
}

/** Pseudo parameters rendered by {@link render}; the URL suffix is rendered as its commercial value. */
const PSEUDO: Record<string, string> = { 'AWS::URLSuffix': 'amazonaws.com' };

/**
 * A string value with its intrinsics rendered as placeholders, so it can be compared:
 * `{AWS::AccountId}` for pseudo parameters, `{Ref:X}` for a resource or parameter,
 * `{GetAtt:X.Attr}` for attributes; `Fn::Join` and `Fn::Sub` are expanded.
 * `undefined` when the value cannot be rendered (`Fn::If`, `Fn::ImportValue`, `Fn::Select`, ...).
 */
export function render(v: any): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const [key] = keys;
  const value = v[key];
  if (key === 'Ref' && typeof value === 'string') {
    if (value.startsWith('AWS::')) return PSEUDO[value] ?? `{${value}}`;
    return `{Ref:${value}}`;
  }
  if (key === 'Fn::GetAtt') {
    const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split('.') : [];
    if (parts.length < 2 || parts.some((p: unknown) => typeof p !== 'string')) return undefined;
    return `{GetAtt:${parts[0]}.${parts.slice(1).join('.')}}`;
  }
  if (key === 'Fn::Join') {
    if (!Array.isArray(value) || typeof value[0] !== 'string' || !Array.isArray(value[1])) return undefined;
    const parts = value[1].map(render);
    return parts.some((p: string | undefined) => p === undefined) ? undefined : parts.join(value[0]);
  }
  if (key === 'Fn::Sub') {
    const [text, vars] = Array.isArray(value) ? value : [value, {}];
    if (typeof text !== 'string') return undefined;
    let failed = false;
    const out = text.replace(/\$\{(!?)([^}]*)\}/g, (_m, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      if (vars && name in vars) {
        const r = render(vars[name]);
        if (r === undefined) failed = true;
        return r ?? '';
      }
      if (name.startsWith('AWS::')) return PSEUDO[name] ?? `{${name}}`;
      return name.includes('.') ? `{GetAtt:${name}}` : `{Ref:${name}}`;
    });
    return failed ? undefined : out;
  }
  return undefined;
}

/** Logical ids of resources of the template that a rendered string refers to. */
export function renderedResourceRefs(rendered: string, index: TemplateIndex): string[] {
  const ids: string[] = [];
  for (const m of rendered.matchAll(/\{(?:Ref|GetAtt):([^.}]+)[^}]*\}/g)) {
    if (m[1] in index.resources) ids.push(m[1]);
  }
  return ids;
}

/** The statements of a policy document (`Statement` may be one object or a list). */
export function statementsOf(document: any): any[] {
  return asArray(document?.Statement).filter((s) => s && typeof s === 'object');
}

/** The principals of `statement` of one kind (`AWS`, `Service`); `'*'` when the Principal is the string `*`. */
export function principalsOf(statement: any, kind: 'AWS' | 'Service'): any[] {
  const p = statement?.Principal;
  if (p === '*') return ['*'];
  if (!p || typeof p !== 'object') return [];
  return asArray(p[kind]);
}

/** Whether `statement` allows a service principal (rendered, exact match). */
export function allowsService(statement: any, service: string): boolean {
  if (statement?.Effect !== 'Allow') return false;
  return principalsOf(statement, 'Service').some((s) => render(s) === service);
}

/** Whether the statement's `Action` covers `action` (case-insensitive, `*` wildcards); `NotAction` never counts. */
export function coversAction(statement: any, action: string): boolean {
  if (statement?.NotAction !== undefined) return false;
  return asArray(statement?.Action).some((a) => typeof a === 'string' && wildcardMatch(a, action));
}

function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map(escapeRegExp).join('.*') + '$', 'i');
  return re.test(value);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** The value of `cdk_hipaa.<key>` in a resource's Metadata. */
export function hipaaMetadata(resource: CfnResource | undefined, key: string): unknown {
  return resource?.Metadata?.cdk_hipaa?.[key];
}

/** Whether a CloudFormation boolean is true (`true` or `"true"`). */
export function isTrue(v: unknown): boolean {
  return v === true || v === 'true';
}

/** A short problem factory bound to a rule id and a template. */
export function problemsFor(rule: string, t: DeployTemplate) {
  return (logicalId: string, message: string) => ({ rule, stack: t.stackName, logicalId, message });
}

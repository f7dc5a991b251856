import type { RenderedResource } from './control';

/**
 * Reading references between resources in a rendered template: shared by every ResourceIndex
 * (the aspect's over a CDK app, the engine's over templates).
 */

/** The logical id a `{ Ref }` / `{ Fn::GetAtt }` points at; undefined for anything else. */
export function referencedLogicalId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as any;
  if (typeof v.Ref === 'string' && !v.Ref.startsWith('AWS::')) return v.Ref;
  const getAtt = v['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Calls `visit` on every Ref / GetAtt object inside a value. */
export function collectReferences(value: unknown, visit: (ref: unknown) => void): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) collectReferences(v, visit);
    return;
  }
  if (referencedLogicalId(value) !== undefined) {
    visit(value);
    return;
  }
  for (const v of Object.values(value)) collectReferences(v, visit);
}

/**
 * Which resources of a list reference which others, keyed by the referenced resource's key:
 * the reverse index both resource indexes build once per type for `referencing()`.
 */
export function referencesByTarget(
  resources: readonly RenderedResource[], target: (value: unknown, from: RenderedResource) => RenderedResource | undefined,
): Map<string, RenderedResource[]> {
  const map = new Map<string, RenderedResource[]>();
  for (const resource of resources) {
    const seen = new Set<string>();
    collectReferences(resource.properties, (value) => {
      const t = target(value, resource);
      if (t && !seen.has(t.key)) {
        seen.add(t.key);
        const list = map.get(t.key) ?? [];
        list.push(resource);
        map.set(t.key, list);
      }
    });
  }
  return map;
}

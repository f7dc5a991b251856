import { CATALOG } from './catalog';
import { Control } from './control';

/** Controls grouped by resource type, built once per process. */
let controlsByType: Map<string, Control[]> | undefined;

/** The catalog's controls that apply to a CloudFormation type (those for `*` included), less `excluded` ids. */
export function controlsFor(type: string, excluded: ReadonlySet<string> = new Set()): Control[] {
  if (!controlsByType) {
    controlsByType = new Map();
    for (const control of CATALOG) {
      for (const t of control.resourceTypes) {
        const list = controlsByType.get(t) ?? [];
        list.push(control);
        controlsByType.set(t, list);
      }
    }
  }
  const all = [...(controlsByType.get(type) ?? []), ...(controlsByType.get('*') ?? [])];
  return excluded.size === 0 ? all : all.filter((c) => !excluded.has(c.id));
}

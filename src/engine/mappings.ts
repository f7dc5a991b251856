/**
 * The values an `{ 'Fn::FindInMap': [map, key1, key2] }` can take, read from the template's
 * `Mappings`: the one value when both keys are literals; at a key that is not (an intrinsic such
 * as `{ Ref: 'AWS::Partition' }`, which stays unresolved at synth), every value the map holds
 * there. Keys a literal names but the map lacks contribute nothing (CloudFormation would refuse
 * them).
 *
 * @param mappingOf the mapping of that name in the template of the value, if any
 * @returns undefined when the value is not an `Fn::FindInMap` with a literal map name, the map is
 * not known, or no value is found
 */
export function findInMapValues(value: unknown, mappingOf: (name: string) => unknown): unknown[] | undefined {
  if (!isObject(value) || Object.keys(value).length !== 1) return undefined;
  const args = value['Fn::FindInMap'];
  if (!Array.isArray(args) || args.length < 3 || typeof args[0] !== 'string') return undefined;
  const map = mappingOf(args[0]);
  if (!isObject(map)) return undefined;
  const at = (node: Record<string, unknown>, key: unknown): unknown[] =>
    typeof key === 'string' ? (Object.prototype.hasOwnProperty.call(node, key) ? [node[key]] : []) : Object.values(node);
  const values = at(map, args[1]).filter(isObject).flatMap((second) => at(second, args[2]));
  return values.length > 0 ? values : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

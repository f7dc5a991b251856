import { RenderedResource, ResourceIndex } from './control';

/**
 * Helpers for reading rendered CloudFormation values. A value that is still an intrinsic
 * function after resolution (a parameter, a condition, an import) cannot be verified at
 * synth: helpers return 'unknown' for it, and controls report it as unverifiable.
 */

/**
 * The marker for a value synth cannot know. A unique symbol, not a string, so that `string | Unknown`
 * does not collapse into `string`: the compiler makes every caller handle it before using the value.
 */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

/** True for `{ Ref }`, `{ Fn::* }` and `{ Condition }` objects. */
export function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition');
}

/** Walks a path of property names / indices; undefined when any step is missing. */
export function dig(value: unknown, ...path: Array<string | number>): any {
  let current: any = value;
  for (const step of path) {
    if (current === undefined || current === null || isIntrinsic(current)) return isIntrinsic(current) ? current : undefined;
    current = current[step];
  }
  return current;
}

/** A boolean property: true/false (also from 'true'/'false' strings), 'unknown' for intrinsics, undefined when absent. */
export function bool(value: unknown): boolean | Unknown | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return UNKNOWN;
}

/** A numeric property (numbers or numeric strings), 'unknown' for intrinsics, undefined when absent. */
export function num(value: unknown): number | Unknown | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !isNaN(Number(value))) return Number(value);
  return UNKNOWN;
}

/** A string property, 'unknown' for intrinsics and non-strings, undefined when absent. */
export function str(value: unknown): string | Unknown | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return UNKNOWN;
}

/** A list property as an array ('unknown' when the list itself is an intrinsic). */
export function list(value: unknown): any[] | Unknown {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  return UNKNOWN;
}

/** What kind of KMS key a key reference names. */
export type KeyKind = 'customer' | 'aws-managed' | 'none' | Unknown;

/**
 * Classifies a KMS key reference (`KmsKeyId`, `KMSMasterKeyID`, `KmsMasterKeyId`...):
 * - absent → 'none';
 * - `alias/aws/...` (or an ARN with it) → 'aws-managed';
 * - a Ref/GetAtt to an `AWS::KMS::Key` (or an alias of one) in the app → 'customer';
 * - a literal key id/ARN or a non-AWS alias → 'customer' (imported keys);
 * - anything else (parameters, imports, conditions) → 'unknown'.
 */
export function keyKind(value: unknown, from: RenderedResource, index: ResourceIndex): KeyKind {
  if (value === undefined || value === null || value === '') return 'none';
  if (typeof value === 'string') {
    return /(^|:)alias\/aws\//.test(value) ? 'aws-managed' : 'customer';
  }
  const target = index.target(value, from);
  if (target?.type === 'AWS::KMS::Key') return 'customer';
  if (target?.type === 'AWS::KMS::Alias') {
    const aliasTarget = index.target(target.properties.TargetKeyId, target);
    return aliasTarget?.type === 'AWS::KMS::Key' ? 'customer' : keyKind(target.properties.TargetKeyId, target, index);
  }
  // Fn::Join of an ARN around a literal key id or alias
  const joined = joinedLiteral(value);
  if (joined !== undefined) return /alias\/aws\//.test(joined) ? 'aws-managed' : 'customer';
  return UNKNOWN;
}

/** The literal text of an `Fn::Join` whose parts are strings or pseudo parameters; undefined otherwise. */
export function joinedLiteral(value: unknown): string | undefined {
  const join = (value as any)?.['Fn::Join'];
  if (!Array.isArray(join) || join.length !== 2 || !Array.isArray(join[1])) return undefined;
  const parts: string[] = [];
  for (const part of join[1]) {
    if (typeof part === 'string') parts.push(part);
    else if (typeof part?.Ref === 'string' && part.Ref.startsWith('AWS::')) parts.push(`\${${part.Ref}}`);
    else return undefined;
  }
  return parts.join(join[0]);
}

/** An IAM-style list that may be a single value. */
export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

import { RenderedResource, ResourceIndex } from './control';
import { asArray, dig, isIntrinsic, Unknown, UNKNOWN } from './values';

/**
 * Reading resource policies (bucket, topic, queue policies) the way the services apply them:
 * shared by the controls of every service that has one.
 */

/** The 45 CFR sections a TLS-only resource policy evidences. */
export const TRANSPORT_CITATIONS = ['164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)'];

/**
 * The statements of every resource policy, of the given types, that names `target` in its
 * `property` (a list such as `Topics` / `Queues`, or a single value such as `TopicArn` / `Queue`).
 */
export function resourcePolicyStatements(
  target: RenderedResource, index: ResourceIndex, policyTypes: Array<{ type: string; property: string }>,
): any[] {
  const statements: any[] = [];
  for (const { type, property } of policyTypes) {
    for (const policy of index.referencing(target, type)) {
      const named = asArray<unknown>(policy.properties[property] as any).some((v) => index.target(v, policy) === target);
      if (named) statements.push(...asArray(dig(policy.properties, 'PolicyDocument', 'Statement')));
    }
  }
  return statements;
}

/**
 * Whether a policy statement denies, to every principal, each of `actions` when the request
 * does not use TLS (`Bool` / `BoolIfExists` `aws:SecureTransport` false).
 */
export function deniesInsecureTransport(statement: any, service: string, actions: string[]): boolean {
  if (statement?.Effect !== 'Deny') return false;
  const p = statement.Principal;
  const everyone = p === '*' || p?.AWS === '*' || (Array.isArray(p?.AWS) && p.AWS.includes('*'));
  if (!everyone) return false;
  const granted = asArray<string>(statement.Action).filter((a) => typeof a === 'string');
  const covers = (action: string) => granted.some((a) => a === '*' || a === `${service}:*`
    || a === action || (a.endsWith('*') && action.startsWith(a.slice(0, -1))));
  if (!actions.every(covers)) return false;
  const values = ['Bool', 'BoolIfExists'].flatMap((op) => asArray<any>(statement.Condition?.[op]?.['aws:SecureTransport']));
  return values.some((v) => String(v) === 'false');
}

/**
 * The statements of a policy resource's `PolicyDocument`.
 *
 * @returns 'unknown' when the document or its statement list is an intrinsic (a condition, an import)
 */
export function policyDocumentStatements(policy: RenderedResource): any[] | Unknown {
  const document = policy.properties.PolicyDocument;
  if (isIntrinsic(document)) return UNKNOWN;
  const statements = dig(document, 'Statement');
  if (isIntrinsic(statements)) return UNKNOWN;
  return asArray<any>(statements);
}

/** Whether a statement's principal is everyone (`*`, or `AWS: *`). */
export function isEveryone(principal: any): boolean {
  return principal === '*' || principal?.AWS === '*' || (Array.isArray(principal?.AWS) && principal.AWS.includes('*'));
}

/** Whether a statement's `Action` grants or denies every action of `service` (`*`, `<service>:*`). */
export function coversEveryAction(statement: any, service: string): boolean {
  return asArray<unknown>(statement?.Action).some((a) => typeof a === 'string' && (a === '*' || a.toLowerCase() === `${service}:*`));
}

/** Whether a statement's `Action` covers `action` (exactly, or through a `*` wildcard). */
export function coversAction(statement: any, action: string): boolean {
  const wanted = action.toLowerCase();
  return asArray<unknown>(statement?.Action).some((a) => {
    if (typeof a !== 'string') return false;
    const pattern = new RegExp(`^${a.toLowerCase().split('*').map(escapeRegExp).join('.*')}$`);
    return pattern.test(wanted);
  });
}

/** The `aws:SecureTransport` values a statement's `Bool` / `BoolIfExists` conditions test, as strings. */
export function secureTransportValues(statement: any): string[] {
  return ['Bool', 'BoolIfExists'].flatMap((op) => asArray<any>(statement?.Condition?.[op]?.['aws:SecureTransport'])).map(String);
}

/**
 * The text of a policy `Resource` entry (an ARN or ARN pattern), with references written as
 * placeholders that compare equal when they name the same thing:
 * - a literal string, with its partition written `aws` (`arn:aws-us-gov:...` → `arn:aws:...`);
 * - `{ Ref: AWS::Partition }` → `aws`; other pseudo parameters → `${AWS::...}`;
 * - a `Ref` to a resource of the app → `§<key>§` (for a bucket, its name);
 * - a `Ref` to anything else (a parameter) → `§ref:<name>§`;
 * - `Fn::GetAtt [X, Arn]` of a bucket of the app → `arn:aws:s3:::§<key>§`;
 * - `Fn::Join` and `Fn::Sub` (without a variable map) of the above, joined.
 *
 * @returns 'unknown' for anything else (an import, a condition, another attribute)
 */
export function arnText(value: unknown, from: RenderedResource, index: ResourceIndex): string | Unknown {
  if (typeof value === 'string') return value.replace(/^arn:aws[a-z-]*:/, 'arn:aws:');
  if (value === null || typeof value !== 'object' || !isIntrinsic(value)) return UNKNOWN;
  const v = value as any;
  if (typeof v.Ref === 'string') return refText(v.Ref, from, index);
  if (Array.isArray(v['Fn::GetAtt'])) return getAttText(v['Fn::GetAtt'][0], v['Fn::GetAtt'][1], from, index);
  const join = v['Fn::Join'];
  if (Array.isArray(join) && join.length === 2 && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map((p: unknown) => arnText(p, from, index));
    return parts.includes(UNKNOWN) ? UNKNOWN : arnText(parts.join(join[0]), from, index);
  }
  if (typeof v['Fn::Sub'] === 'string') {
    let unknown = false;
    const text = v['Fn::Sub'].replace(/\$\{([^}!][^}]*)\}/g, (_: string, name: string) => {
      const [id, attribute] = name.split('.');
      const part = attribute === undefined ? refText(id, from, index) : getAttText(id, attribute, from, index);
      if (part === UNKNOWN) unknown = true;
      return part === UNKNOWN ? '' : part;
    });
    return unknown ? UNKNOWN : arnText(text, from, index);
  }
  return UNKNOWN;
}

function refText(name: string, from: RenderedResource, index: ResourceIndex): string {
  if (name === 'AWS::Partition') return 'aws';
  if (name.startsWith('AWS::')) return `\${${name}}`;
  const target = index.target({ Ref: name }, from);
  return target ? placeholder(target) : `§ref:${name}§`;
}

function getAttText(id: unknown, attribute: unknown, from: RenderedResource, index: ResourceIndex): string | Unknown {
  const target = index.target({ 'Fn::GetAtt': [id, attribute] }, from);
  if (target?.type === 'AWS::S3::Bucket' && attribute === 'Arn') return `arn:aws:s3:::${placeholder(target)}`;
  return UNKNOWN;
}

/** Whether an IAM resource pattern (`*` and `?` wildcards) matches a concrete ARN. */
export function arnMatches(pattern: string, arn: string): boolean {
  const regex = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : escapeRegExp(c))).join('');
  return new RegExp(`^${regex}$`, 's').test(arn);
}

/** Whether `text` holds a placeholder of a value synth cannot know (a parameter). */
export function hasUnknownPart(text: string): boolean {
  return text.includes('§ref:');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How {@link arnText} writes a reference to a resource of the app. */
export function placeholder(resource: RenderedResource): string {
  return `§${resource.key.replace(/\//g, '|')}§`;
}

import { fail, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { asArray, dig, isIntrinsic, Unknown, UNKNOWN } from './values';

/**
 * Reading resource policies (bucket, topic, queue policies) the way the services apply them:
 * shared by the controls of every service that has one.
 */

/** The 45 CFR sections a TLS-only resource policy evidences. */
export const TRANSPORT_CITATIONS = ['164.312(e)(1)', '164.312(e)(2)(i)', '164.312(e)(2)(ii)'];

/** The 45 CFR sections a resource policy closed to everyone outside the account evidences. */
export const PUBLIC_ACCESS_CITATIONS = ['164.312(a)(1)', '164.308(a)(4)(ii)(B)'];

/** A resource policy (a topic or queue policy) and its statements. */
export interface ResourcePolicy {
  readonly policy: RenderedResource;
  readonly statements: readonly any[];
  /** The document, its statement list or one of its statements is an intrinsic synth cannot decide (an Fn::If on a parameter). */
  readonly undecided: boolean;
}

/**
 * Every resource policy, of the given types, that names `target` in its `property` (a list such
 * as `Topics` / `Queues`, or a single value such as `TopicArn` / `Queue`), with its statements.
 */
export function resourcePolicies(
  target: RenderedResource, index: ResourceIndex, policyTypes: Array<{ type: string; property: string }>,
): ResourcePolicy[] {
  const policies: ResourcePolicy[] = [];
  for (const { type, property } of policyTypes) {
    for (const policy of index.referencing(target, type)) {
      const named = asArray<unknown>(policy.properties[property] as any).some((v) => index.target(v, policy) === target);
      if (!named) continue;
      const document = policy.properties.PolicyDocument;
      const statements = asArray<any>(dig(document, 'Statement'));
      policies.push({ policy, statements, undecided: isIntrinsic(document) || statements.some(isIntrinsic) });
    }
  }
  return policies;
}

/** What tlsOnlyVerdict needs to know of a service. */
export interface TlsOnlyTerms {
  /** 'topic' or 'queue', for messages. */
  readonly what: string;
  /** Whether a statement denies the requests that carry messages without TLS. */
  readonly denies: (statement: any) => boolean;
  /** The failure when no policy names the resource. */
  readonly none: string;
  /** The failure when its one policy has no such statement. */
  readonly missing: string;
}

/**
 * The TLS-only verdict of a topic or queue on the policies that name it. The service keeps one
 * policy per topic or queue, and each policy resource sets it whole, so with several the one
 * CloudFormation applies last is in effect: each must deny requests without TLS on its own. A
 * policy synth cannot read (an undecided Fn::If) is unverifiable, unless another fails for certain.
 */
export function tlsOnlyVerdict(policies: readonly ResourcePolicy[], terms: TlsOnlyTerms): Verdict {
  if (policies.length === 0) return fail(terms.none);
  const lacking = policies.filter((p) => !p.statements.some(terms.denies));
  if (lacking.length === 0) return pass();
  if (lacking.every((p) => p.undecided)) {
    return unverifiable(`${lacking.map((p) => p.policy.logicalId).join(', ')} cannot be read at synth (a condition or parameter decides its statements), `
      + 'so whether it denies requests with aws:SecureTransport false is unknown.');
  }
  if (policies.length === 1) return fail(terms.missing);
  const names = (list: readonly ResourcePolicy[]) => list.map((p) => p.policy.logicalId).join(', ');
  return fail(`${policies.length} ${terms.what} policies (${names(policies)}) name the ${terms.what}, and the service keeps only the one `
    + `applied last; ${names(lacking)} ${lacking.length === 1 ? 'does' : 'do'} not deny requests with aws:SecureTransport false, `
    + 'so the policy in effect may not. Merge them into one policy.');
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
  // Two cursors; on a mismatch after a `*`, that `*` takes one more character (linear in practice).
  let p = 0;
  let a = 0;
  let star = -1;
  let resume = 0;
  while (a < arn.length) {
    const c = pattern.charCodeAt(p);
    if (p < pattern.length && c !== STAR && (c === QUESTION || c === arn.charCodeAt(a))) {
      p++;
      a++;
    } else if (p < pattern.length && c === STAR) {
      star = p++;
      resume = a;
    } else if (star >= 0) {
      p = star + 1;
      a = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}

const STAR = '*'.charCodeAt(0);
const QUESTION = '?'.charCodeAt(0);

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

/**
 * Condition keys that narrow a grant to everyone down to an account, an organization, a source
 * resource or a network, when a positive operator compares them with concrete values.
 * `kms:ViaService` is not one: alone, it lets a principal of any account use a key through the service.
 */
export const NARROWING_CONDITION_KEYS: ReadonlySet<string> = new Set([
  'aws:principalaccount', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalarn', 'aws:userid',
  'aws:sourceaccount', 'aws:sourceowner', 'aws:sourcearn', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceip',
  'kms:calleraccount',
]);

/** Operators that hold only when the key is present and matches (`ForAnyValue:` prefixed or not). */
const NARROWING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'ipaddress']);

/** Policy variables that name the resource's own account or organization, and so narrow like a literal. */
const OWN_SCOPE_VARIABLES = /\$\{aws:resource(account|orgid|orgpaths)\}/gi;

/**
 * The text of a policy value, with references written as placeholders (`§...§`) that are concrete:
 * pseudo parameters, resources of the app and their attributes, and `Fn::Join` / `Fn::Sub` of them.
 *
 * @returns 'unknown' for a parameter, an import, a condition or anything else synth cannot read
 */
function policyValueText(value: unknown, from: RenderedResource, index: ResourceIndex): string | Unknown {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (!isIntrinsic(value)) return UNKNOWN;
  const v = value as any;
  const refPart = (name: string) => (name.startsWith('AWS::') || index.target({ Ref: name }, from) ? `§${name}§` : UNKNOWN);
  if (typeof v.Ref === 'string') return refPart(v.Ref);
  if (Array.isArray(v['Fn::GetAtt'])) return index.target(v, from) ? `§${v['Fn::GetAtt'].join('.')}§` : UNKNOWN;
  const join = v['Fn::Join'];
  if (Array.isArray(join) && join.length === 2 && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map((p: unknown) => policyValueText(p, from, index));
    return parts.includes(UNKNOWN) ? UNKNOWN : parts.join(join[0]);
  }
  if (typeof v['Fn::Sub'] === 'string') {
    let unknown = false;
    const text = v['Fn::Sub'].replace(/\$\{(!?)([^}]*)\}/g, (_: string, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      const [id, attribute] = name.split('.');
      const part = attribute === undefined ? refPart(id) : policyValueText({ 'Fn::GetAtt': [id, attribute] }, from, index);
      if (part === UNKNOWN) unknown = true;
      return part === UNKNOWN ? '' : part;
    });
    return unknown ? UNKNOWN : text;
  }
  return UNKNOWN;
}

/** Whether a principal entry names everyone: true, false, or 'unknown' when synth cannot read it. */
function principalIsEveryone(principal: unknown, from: RenderedResource, index: ResourceIndex): boolean | Unknown {
  if (principal === undefined || principal === null) return false;
  if (Array.isArray(principal)) return anyOf(principal.map((p) => principalIsEveryone(p, from, index)));
  if (typeof principal === 'string' || isIntrinsic(principal)) {
    const text = policyValueText(principal, from, index);
    return text === UNKNOWN ? UNKNOWN : text === '*';
  }
  if (typeof principal !== 'object') return false;
  const aws = (principal as any).AWS;
  if (aws === undefined) return false;
  if (isIntrinsic(aws) && policyValueText(aws, from, index) === UNKNOWN) return UNKNOWN;
  return anyOf(asArray<unknown>(aws).map((p) => principalIsEveryone(p, from, index)));
}

/** true when one is true, else 'unknown' when one is, else false. */
function anyOf(values: Array<boolean | Unknown>): boolean | Unknown {
  if (values.includes(true)) return true;
  return values.includes(UNKNOWN) ? UNKNOWN : false;
}

/** Whether a condition value is concrete (names something), a wildcard (matches anything), or unknown. */
function conditionValueKind(value: unknown, from: RenderedResource, index: ResourceIndex): 'concrete' | 'wildcard' | Unknown {
  const text = policyValueText(value, from, index);
  if (text === UNKNOWN) return UNKNOWN;
  const literal = text.replace(OWN_SCOPE_VARIABLES, '§own§');
  // other policy variables (${aws:PrincipalAccount}...) match whoever asks
  if (/\$\{[^}]*\}/.test(literal)) return 'wildcard';
  if (/^[*?]*$/.test(literal) || literal === '0.0.0.0/0' || literal === '::/0') return 'wildcard';
  return 'concrete';
}

/**
 * Whether a statement's conditions narrow it to an account, organization, source or network: true
 * when one narrowing key is compared with a positive operator (not `...IfExists`, not `ForAllValues:`,
 * not negated) to concrete values only; 'unknown' when that depends on values synth cannot read.
 */
function conditionNarrows(condition: unknown, from: RenderedResource, index: ResourceIndex, keys: ReadonlySet<string>): boolean | Unknown {
  if (condition === undefined || condition === null) return false;
  if (isIntrinsic(condition) || typeof condition !== 'object') return UNKNOWN;
  let unknown = false;
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    const op = operator.toLowerCase().replace(/^foranyvalue:/, '');
    if (!NARROWING_OPERATORS.has(op)) continue;
    if (isIntrinsic(block) || block === null || typeof block !== 'object') {
      unknown = true;
      continue;
    }
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      if (!keys.has(key.toLowerCase())) continue;
      // a single intrinsic is one value (a Ref to AWS::AccountId); one that yields a list (Fn::Split) reads as unknown
      const kinds = asArray<unknown>(values as any).map((v) => conditionValueKind(v, from, index));
      if (kinds.length === 0 || kinds.includes('wildcard')) continue;
      if (kinds.includes(UNKNOWN)) unknown = true;
      else return true;
    }
  }
  return unknown ? UNKNOWN : false;
}

/** Options of {@link isOpenToEveryone}. */
export interface OpennessOptions {
  /** Service-specific condition keys that also narrow a grant (e.g. `s3:DataAccessPointAccount`), lowercase. */
  readonly extraNarrowingKeys?: readonly string[];
}

/**
 * Whether a resource-policy statement lets everyone in: an Allow to `*` (`Principal: '*'`,
 * `{ AWS: '*' }`, or `*` in an `AWS` list), or with `NotPrincipal` (everyone but the few it names),
 * and no condition that narrows it (see {@link NARROWING_CONDITION_KEYS}).
 *
 * @returns 'unknown' when the effect, a principal or a narrowing condition's value cannot be read at synth
 */
export function isOpenToEveryone(statement: any, from: RenderedResource, index: ResourceIndex, options: OpennessOptions = {}): boolean | Unknown {
  if (isIntrinsic(statement)) return UNKNOWN;
  if (isIntrinsic(statement?.Effect)) return UNKNOWN;
  if (statement?.Effect !== 'Allow') return false;
  const everyone = statement.NotPrincipal !== undefined ? true : principalIsEveryone(statement.Principal, from, index);
  if (everyone === false) return false;
  const keys = options.extraNarrowingKeys ? new Set([...NARROWING_CONDITION_KEYS, ...options.extraNarrowingKeys]) : NARROWING_CONDITION_KEYS;
  const narrowed = conditionNarrows(statement.Condition, from, index, keys);
  if (narrowed === true) return false;
  return narrowed === UNKNOWN ? UNKNOWN : everyone;
}

/** Whether an Allow statement grants `action`: its `Action` covers it, or its `NotAction` leaves it out. */
export function grantsAction(statement: any, action: string): boolean {
  if (statement?.NotAction !== undefined) return !coversAction({ Action: statement.NotAction }, action);
  return coversAction(statement, action);
}

/**
 * The statements of a policy document given as an object or as a JSON string.
 *
 * @returns 'unknown' when the document or its statement list is an intrinsic, or a string that is not JSON
 */
export function documentStatements(document: unknown): any[] | Unknown {
  let parsed = document;
  if (typeof parsed === 'string') {
    try {
      parsed = JSON.parse(parsed);
    } catch {
      return UNKNOWN;
    }
  }
  if (parsed === undefined || parsed === null) return [];
  if (isIntrinsic(parsed)) return UNKNOWN;
  const statements = dig(parsed, 'Statement');
  if (isIntrinsic(statements)) return UNKNOWN;
  return asArray<any>(statements);
}

/** The first of some statements open to everyone (see {@link isOpenToEveryone}) that grants one of `actions` (any action when absent). */
export function openGrant(
  statements: readonly any[], from: RenderedResource, index: ResourceIndex, actions?: readonly string[], options: OpennessOptions = {},
): { readonly statement: any } | Unknown | undefined {
  let unknown = false;
  for (const statement of statements) {
    if (actions && !isIntrinsic(statement) && !actions.some((a) => grantsAction(statement, a))) continue;
    const open = isOpenToEveryone(statement, from, index, options);
    if (open === true) return { statement };
    if (open === UNKNOWN) unknown = true;
  }
  return unknown ? UNKNOWN : undefined;
}

/** How a message names whom an open statement (see {@link isOpenToEveryone}) lets in. */
export function openPrincipalText(statement: any): string {
  return statement?.NotPrincipal !== undefined ? 'everyone but the NotPrincipal it names' : 'everyone (Principal *)';
}

/** How a message names what a statement grants: its actions, or everything but its NotAction. */
export function grantedActionsText(statement: any): string {
  if (statement?.NotAction !== undefined) return `every action but ${asArray<string>(statement.NotAction).join(', ')}`;
  return asArray<unknown>(statement?.Action).map((a) => (typeof a === 'string' ? a : '(unresolved)')).join(', ') || '(no action)';
}

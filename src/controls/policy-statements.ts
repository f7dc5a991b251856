import { RenderedResource, ResourceIndex } from './control';
import { asArray, dig } from './values';

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

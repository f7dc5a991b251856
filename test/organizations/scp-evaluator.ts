/**
 * A small evaluator of service control policies, for tests: does any Deny statement of the given
 * policies apply to a request? (Allows are left to the `FullAWSAccess` policy AWS attaches by
 * default, which allows everything.) It supports what the guardrails use: Action / NotAction and
 * Resource with `*` and `?` wildcards, and the condition operators StringEquals, StringNotEquals,
 * StringLike, StringNotLike, ArnLike and ArnNotLike, with IAM's rules: every operator of a
 * statement must match; a positive operator matches when the value equals (or matches) any listed
 * value, a negated one when it matches none; a missing context key fails a positive operator and
 * satisfies a negated one.
 */
export interface ScpRequest {
  readonly action: string;
  readonly resource?: string;
  readonly principalArn: string;
  readonly region?: string;
}

const CONTEXT_KEYS: Record<string, (r: ScpRequest) => string | undefined> = {
  'aws:principalarn': (r) => r.principalArn,
  'aws:requestedregion': (r) => r.region,
};

function wildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, caseInsensitive ? 'i' : '').test(value);
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function conditionHolds(condition: Record<string, Record<string, unknown>> | undefined, request: ScpRequest): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const read = CONTEXT_KEYS[key.toLowerCase()];
      if (!read) throw new Error(`the evaluator does not know the condition key ${key}`);
      const value = read(request);
      const values = list(expected);
      const negated = operator.includes('Not');
      const like = operator.includes('Like');
      if (!/^(String|Arn)(Not)?(Equals|Like)$/.test(operator)) throw new Error(`the evaluator does not know the operator ${operator}`);
      const any = value !== undefined && values.some((v) => (like ? wildcard(v, value, false) : v === value));
      if (negated ? any : !any) return false;
    }
  }
  return true;
}

/** The Sids of the Deny statements that deny the request, empty when it is allowed. */
export function denyingStatements(policies: any[], request: ScpRequest): string[] {
  const out: string[] = [];
  for (const policy of policies) {
    for (const s of Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]) {
      if (s.Effect !== 'Deny') continue;
      const actionMatches = s.Action !== undefined
        ? list(s.Action).some((a) => wildcard(a, request.action, true))
        : !list(s.NotAction).some((a) => wildcard(a, request.action, true));
      if (!actionMatches) continue;
      const resources = list(s.Resource);
      if (!resources.some((r) => r === '*' || (request.resource !== undefined && wildcard(r, request.resource, false)))) continue;
      if (!conditionHolds(s.Condition, request)) continue;
      out.push(s.Sid);
    }
  }
  return out;
}

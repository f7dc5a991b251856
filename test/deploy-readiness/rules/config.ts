/**
 * AWS Config: rules need a configuration recorder, and one managed rule is enough per account-region.
 */
import { hipaaMetadata, indexOf, problemsFor, render } from '../cfn';
import { DeployProblem, DeployTemplate } from '../model';

const RECORDER = 'AWS::Config::ConfigurationRecorder';
const CONFIG_RULE = 'AWS::Config::ConfigRule';

/**
 * `ConfigRuleNeedsRecorder`: AWS Config refuses `PutConfigRule` with
 * `NoAvailableConfigurationRecorderException` while the account-region has no customer managed
 * configuration recorder, so a Config rule must be created after one.
 *
 * Source: AWS Config API, "NoAvailableConfigurationRecorderException" (listed among the errors of
 * PutConfigRule) — https://docs.aws.amazon.com/botocore/latest/reference/services/config/client/exceptions/NoAvailableConfigurationRecorderException.html
 * and "PutConfigurationRecorder" (one customer managed recorder per account per region) —
 * https://docs.aws.amazon.com/goto/WebAPI/config/PutConfigurationRecorder
 *
 * Scenarios:
 * - PASS: the rule depends (DependsOn or a reference, transitively) on an `AWS::Config::ConfigurationRecorder` of the same template.
 * - PASS: the stack deploys after (directly or transitively) a stack that holds a recorder.
 * - PASS: the rule's Metadata has `cdk_hipaa.configRecorder: "exists"` (the user stated that the account records).
 * - FAIL: otherwise, including a recorder in the same template that the rule does not depend on (CloudFormation may create both at once).
 * - SKIP: templates without Config rules.
 */
export function configRuleNeedsRecorder(t: DeployTemplate, all: DeployTemplate[]): DeployProblem[] {
  const index = indexOf(t);
  const rules = index.ofType(CONFIG_RULE);
  if (rules.length === 0) return [];
  const problem = problemsFor('ConfigRuleNeedsRecorder', t);
  const afterRecorderStack = dependsOnStackWith(t, all, (d) => indexOf(d).ofType(RECORDER).length > 0);
  const problems: DeployProblem[] = [];
  for (const id of rules) {
    if (afterRecorderStack) continue;
    if (hipaaMetadata(index.resources[id], 'configRecorder') === 'exists') continue;
    if (index.createdAfter(id, (dep) => index.resources[dep]?.Type === RECORDER)) continue;
    problems.push(problem(id,
      'AWS Config rejects this rule (NoAvailableConfigurationRecorderException) unless a configuration recorder exists when it is created. '
      + 'Make the rule depend on the AWS::Config::ConfigurationRecorder of its stack, deploy it after a stack that creates one, '
      + 'or, when the account already records, say so (Metadata cdk_hipaa.configRecorder = "exists").'));
  }
  return problems;
}

/** Whether `t` deploys after (directly or transitively) a stack among `all` for which `holds` is true. */
export function dependsOnStackWith(t: DeployTemplate, all: DeployTemplate[], holds: (d: DeployTemplate) => boolean): boolean {
  const byName = new Map(all.map((d) => [d.stackName, d]));
  const seen = new Set<string>([t.stackName]);
  const pending = [...(t.dependencies ?? [])];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const d = byName.get(name);
    if (!d) continue;
    if (holds(d)) return true;
    pending.push(...(d.dependencies ?? []));
  }
  return false;
}

interface ManagedRuleUse { readonly stack: string; readonly logicalId: string; readonly env: string; readonly key: string }

const managedRuleUses = new WeakMap<DeployTemplate[], Map<string, ManagedRuleUse[]>>();

/**
 * `DuplicateManagedConfigRule`: the same AWS managed rule (`Source.Owner` `AWS`, same
 * `SourceIdentifier`, same `InputParameters` and `Scope`) created more than once in one account and
 * region. Each copy is a separate rule that AWS Config evaluates and bills on its own, so the
 * account gets two verdicts per resource; when the copies carry a `ConfigRuleName` they also collide
 * (rule names are unique per account-region, see `FixedNamePerAccountRegion`). Copies that differ
 * in parameters or scope are deliberate (e.g. two `REQUIRED_TAGS` rules for different tags) and pass.
 *
 * Source: AWS Config managed rules, e.g. "sns-encrypted-kms" (identifier SNS_ENCRYPTED_KMS) —
 * https://docs.aws.amazon.com/config/latest/developerguide/sns-encrypted-kms.html
 *
 * Scenarios:
 * - PASS: each managed rule configuration once per account-region; custom rules (`Owner` other than `AWS`).
 * - FAIL: a second identical managed rule among the templates of the same account and region
 *   (templates without an account or region are compared by their identical unknown environment).
 */
export function duplicateManagedConfigRule(t: DeployTemplate, all: DeployTemplate[]): DeployProblem[] {
  const uses = managedRuleIndex(all.includes(t) ? all : [...all, t]);
  const problem = problemsFor('DuplicateManagedConfigRule', t);
  const problems: DeployProblem[] = [];
  for (const use of managedRulesOf(t)) {
    const same = uses.get(`${use.env}|${use.key}`) ?? [];
    if (same.length < 2) continue;
    const where = same.map((u) => `${u.stack}/${u.logicalId}`).join(', ');
    problems.push(problem(use.logicalId,
      `The managed Config rule ${use.key.split('|')[0]} is created ${same.length} times in ${use.env}: ${where}. `
      + 'Create it once per account and region (or give the copies different parameters or scope on purpose).'));
  }
  return problems;
}

function managedRuleIndex(all: DeployTemplate[]): Map<string, ManagedRuleUse[]> {
  let uses = managedRuleUses.get(all);
  if (!uses) {
    uses = new Map();
    for (const d of all) {
      for (const use of managedRulesOf(d)) {
        const k = `${use.env}|${use.key}`;
        uses.set(k, [...(uses.get(k) ?? []), use]);
      }
    }
    managedRuleUses.set(all, uses);
  }
  return uses;
}

function managedRulesOf(t: DeployTemplate): ManagedRuleUse[] {
  const index = indexOf(t);
  const env = `aws://${t.account ?? 'unknown-account'}/${t.region ?? 'unknown-region'}`;
  const out: ManagedRuleUse[] = [];
  for (const id of index.ofType(CONFIG_RULE)) {
    const props = index.resources[id].Properties ?? {};
    if (render(props.Source?.Owner) !== 'AWS') continue;
    const identifier = render(props.Source?.SourceIdentifier) ?? JSON.stringify(props.Source?.SourceIdentifier);
    const key = [identifier, canonical(props.InputParameters), canonical(props.Scope)].join('|');
    out.push({ stack: t.stackName, logicalId: id, env, key });
  }
  return out;
}

/** JSON with sorted keys; `InputParameters` may be a JSON string or an object. */
function canonical(v: any): string {
  if (typeof v === 'string') {
    try { return canonical(JSON.parse(v)); } catch { return JSON.stringify(v); }
  }
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

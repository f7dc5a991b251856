import { End, FlowGraph, ROLE } from './flow-graph';
import { RenderedResource } from '../controls/control';
import { isOpenToEveryone } from '../controls/policy-statements';
import { asArray, dig, UNKNOWN } from '../controls/values';

/** Flows access grants declare: IAM policies of roles, users and groups, and resource policies (bucket, queue, topic, secret, domain, vault, key, function). */
export class AccessFlows {
  constructor(private readonly graph: FlowGraph) {}

  /** Reads every access flow into the graph. */
  public read(): void {
    this.identityPolicies();
    this.resourcePolicies();
  }

  /** IAM policies (managed, inline, on roles): each Allow statement's resources that are PHI-relevant resources of the app. */
  private identityPolicies(): void {
    const grants: Array<{ principals: End[]; statements: unknown; declaredBy: RenderedResource }> = [];
    const principalEnds = (policy: RenderedResource): End[] => [
      ...asArray<unknown>(policy.properties.Roles).flatMap((v) => {
        const role = this.graph.ctx.index.target(v, policy);
        return role ? this.graph.principalsOf(role) : [this.graph.unresolved(v, 'role')];
      }),
      ...[...asArray<unknown>(policy.properties.Users), ...asArray<unknown>(policy.properties.Groups)].flatMap((v) => this.graph.ends(v, policy, 'principal')),
    ];
    for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
      for (const policy of this.graph.ctx.index.ofType(type)) {
        grants.push({ principals: principalEnds(policy), statements: dig(policy.properties, 'PolicyDocument', 'Statement'), declaredBy: policy });
      }
    }
    for (const type of [ROLE, 'AWS::IAM::User', 'AWS::IAM::Group']) {
      for (const holder of this.graph.ctx.index.ofType(type)) {
        const principals = type === ROLE ? this.graph.principalsOf(holder) : [this.graph.resourceEnd(holder)];
        for (const p of asArray<any>(holder.properties.Policies)) grants.push({ principals, statements: dig(p, 'PolicyDocument', 'Statement'), declaredBy: holder });
      }
    }
    for (const { principals, statements, declaredBy } of grants) {
      if (principals.length === 0) continue;
      for (const statement of asArray<any>(statements)) {
        if (statement?.Effect !== 'Allow') continue;
        const label = actionsLabel(statement);
        const actions = statementActions(statement);
        for (const target of this.statementTargets(statement.Resource, declaredBy)) {
          for (const principal of principals) this.graph.add(principal, target, 'identity', label, declaredBy, actions);
        }
      }
    }
  }

  /** The PHI-relevant resources (and unresolved values, and other accounts' ARNs) a statement's Resource names. */
  private statementTargets(resources: unknown, from: RenderedResource): End[] {
    return asArray<unknown>(resources as any).flatMap((v) => this.graph.ends(v, from, 'resource'))
      .filter((e) => e.node === undefined || e.node.kind === 'unresolved' || e.node.kind === 'account');
  }

  /** Resource policies of buckets, queues, topics, secrets, domains and vaults; key policies (outside principals only); Lambda permissions. */
  private resourcePolicies(): void {
    const policies: Array<{ type: string; target: string; document: (p: RenderedResource) => unknown }> = [
      { type: 'AWS::S3::BucketPolicy', target: 'Bucket', document: (p) => p.properties.PolicyDocument },
      { type: 'AWS::SQS::QueuePolicy', target: 'Queues', document: (p) => p.properties.PolicyDocument },
      { type: 'AWS::SQS::QueueInlinePolicy', target: 'Queue', document: (p) => p.properties.PolicyDocument },
      { type: 'AWS::SNS::TopicPolicy', target: 'Topics', document: (p) => p.properties.PolicyDocument },
      { type: 'AWS::SNS::TopicInlinePolicy', target: 'TopicArn', document: (p) => p.properties.PolicyDocument },
      { type: 'AWS::SecretsManager::ResourcePolicy', target: 'SecretId', document: (p) => p.properties.ResourcePolicy },
    ];
    for (const { type, target, document } of policies) {
      for (const policy of this.graph.ctx.index.ofType(type)) {
        const targets = asArray<unknown>(policy.properties[target]).map((v) => this.graph.ctx.index.target(v, policy))
          .filter((t): t is RenderedResource => !!t);
        this.policyFlows(document(policy), policy, targets.map((t) => ({ id: t.key })), false);
      }
    }
    for (const domain of [...this.graph.ctx.index.ofType('AWS::OpenSearchService::Domain'), ...this.graph.ctx.index.ofType('AWS::Elasticsearch::Domain')]) {
      this.policyFlows(domain.properties.AccessPolicies, domain, [{ id: domain.key }], false);
    }
    for (const vault of this.graph.ctx.index.ofType('AWS::Backup::BackupVault')) this.policyFlows(vault.properties.AccessPolicy, vault, [{ id: vault.key }], false);
    // Key policies: principals outside the account can decrypt every store the key encrypts.
    const storesByKey = new Map<RenderedResource, RenderedResource[]>();
    for (const r of this.graph.ctx.index.resources) {
      if (this.graph.ctx.classification(r)?.role !== 'store') continue;
      const keys = new Set<RenderedResource>();
      for (const t of this.graph.ctx.referenced(r)) {
        const key = t.type === 'AWS::KMS::Alias' ? this.graph.ctx.index.target(t.properties.TargetKeyId, t) : t;
        if (key?.type === 'AWS::KMS::Key') keys.add(key);
      }
      for (const key of keys) {
        const list = storesByKey.get(key) ?? [];
        list.push(r);
        storesByKey.set(key, list);
      }
    }
    for (const key of this.graph.ctx.index.ofType('AWS::KMS::Key')) {
      const stores = storesByKey.get(key) ?? [];
      if (stores.length > 0) this.policyFlows(key.properties.KeyPolicy, key, stores.map((s) => ({ id: s.key })), true);
    }
    for (const permission of this.graph.ctx.index.ofType('AWS::Lambda::Permission')) {
      const fn = this.graph.ctx.index.target(permission.properties.FunctionName, permission);
      if (!fn) continue;
      const source = permission.properties.SourceArn !== undefined ? this.graph.ends(permission.properties.SourceArn, permission, 'source') : [];
      const principal = permission.properties.Principal;
      const ends = source.length > 0 ? source : this.graph.principalEnds(principal, permission);
      const action = permission.properties.Action ?? 'lambda:InvokeFunction';
      for (const end of ends) this.graph.add(end, { id: fn.key }, 'resource-policy', String(action), permission, [typeof action === 'string' ? action : '?']);
    }
  }

  /** Flows from the principals of a policy document's Allow statements to `targets`; `outsideOnly` keeps only other accounts, everyone and unresolved ones. */
  private policyFlows(document: unknown, declaredBy: RenderedResource, targets: End[], outsideOnly: boolean): void {
    let parsed = document;
    if (typeof parsed === 'string') {
      try {
        parsed = JSON.parse(parsed);
      } catch {
        return;
      }
    }
    for (const statement of asArray<any>(dig(parsed, 'Statement'))) {
      if (statement?.Effect !== 'Allow') continue;
      let principals: End[];
      if (statement.NotPrincipal !== undefined || namesEveryone(statement.Principal)) {
        const open = isOpenToEveryone(statement, declaredBy, this.graph.ctx.index);
        principals = open === true ? [this.graph.internet('Everyone (Principal *)')]
          : open === UNKNOWN ? [this.graph.unresolved(statement.Principal ?? statement.NotPrincipal, 'principal')] : [];
      } else {
        principals = this.graph.principalEnds(statement.Principal, declaredBy);
      }
      if (outsideOnly) principals = principals.filter((p) => p.node && ['account', 'internet', 'unresolved'].includes(p.node.kind));
      const label = actionsLabel(statement);
      const actions = statementActions(statement);
      for (const principal of principals) for (const target of targets) this.graph.add(principal, target, 'resource-policy', label, declaredBy, actions);
    }
  }
}

/** `*`, `{ AWS: '*' }` or `*` in an AWS list. */
function namesEveryone(principal: any): boolean {
  return principal === '*' || asArray<unknown>(principal?.AWS).includes('*');
}

/** Every action of a statement: `NotAction:<action>` for a NotAction statement, `?` for one resolved at deploy. */
function statementActions(statement: any): string[] {
  const notAction = statement?.NotAction !== undefined;
  const actions = asArray<unknown>(notAction ? statement.NotAction : statement?.Action);
  return actions.map((a) => (typeof a !== 'string' ? '?' : notAction ? `NotAction:${a}` : a));
}

/** A statement's actions, at most three then a count. */
function actionsLabel(statement: any): string {
  const actions = asArray<unknown>(statement?.Action).filter((a): a is string => typeof a === 'string').sort();
  if (statement?.NotAction !== undefined) return 'every action but some (NotAction)';
  if (actions.length <= 3) return actions.join(', ');
  return `${actions.slice(0, 3).join(', ')} +${actions.length - 3}`;
}

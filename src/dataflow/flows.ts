import { MapContext } from './context';
import { DataFlow, DataMapNode, FlowKind } from './model';
import { RenderedResource } from '../controls/control';
import { isOpenToEveryone } from '../controls/policy-statements';
import { referencedLogicalId } from '../controls/references';
import { asArray, dig, isIntrinsic, joinedLiteral, UNKNOWN } from '../controls/values';

/** Ids of the nodes outside the app. */
export const INTERNET = 'internet';

/** One end of a flow, before merging: a node id, and the node if it is not a resource of the inventory. */
interface End {
  readonly id: string;
  readonly node?: DataMapNode;
}

/**
 * Reads the flows the templates declare: network rules, IAM grants, resource policies and service
 * integrations. One pass per kind over the index; flows between the same two ends merge.
 */
export class FlowReader {
  private readonly flows = new Map<string, { from: string; to: string; kinds: Set<FlowKind>; labels: Set<string>; declaredBy: Set<string> }>();
  private readonly extraNodes = new Map<string, DataMapNode>();
  private roleOwners?: Map<string, RenderedResource[]>;
  private sgMembers?: Map<string, RenderedResource[]>;
  private byKey?: Map<string, RenderedResource>;

  constructor(private readonly ctx: MapContext) {}

  /** Every flow and the nodes outside the inventory they need. */
  public read(): { flows: DataFlow[]; nodes: DataMapNode[] } {
    this.networkRules();
    this.loadBalancers();
    this.identityPolicies();
    this.resourcePolicies();
    this.serviceIntegrations();
    const nodes = [...this.extraNodes.values()];
    const kindOf = (id: string) => this.extraNodes.get(id)?.kind ?? 'resource';
    const flows: DataFlow[] = [...this.flows.values()].map((f) => {
      const kinds = [kindOf(f.from), kindOf(f.to)];
      const source = this.resourceOf(f.from);
      const target = this.resourceOf(f.to);
      return {
        from: f.from,
        to: f.to,
        kinds: [...f.kinds].sort(),
        label: [...f.labels].sort().join('; '),
        declaredBy: [...f.declaredBy].sort(),
        leavesAccount: kinds.includes('account') || kinds.includes('internet') || [f.from, f.to].some((id) => this.extraNodes.get(id)?.kind === 'external' && id.includes(':other-account:')),
        crossesInternet: kinds.includes('internet'),
        reachesPhiFromPublicSubnet: source !== undefined && target !== undefined && this.ctx.inPublicSubnet(source)
          && this.ctx.classification(target)?.role === 'store' && this.ctx.mayHoldPhi(target),
        unverifiable: kinds.includes('unresolved'),
      };
    });
    flows.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
    return { flows, nodes };
  }

  private resourceOf(id: string): RenderedResource | undefined {
    if (this.extraNodes.has(id)) return undefined;
    this.byKey ??= new Map(this.ctx.index.resources.map((r) => [r.key, r]));
    return this.byKey.get(id);
  }

  private add(from: End, to: End, kind: FlowKind, label: string, declaredBy: RenderedResource): void {
    if (from.id === to.id) return;
    for (const end of [from, to]) if (end.node && !this.extraNodes.has(end.id)) this.extraNodes.set(end.id, end.node);
    const key = `${from.id}\u0000${to.id}`;
    let flow = this.flows.get(key);
    if (!flow) {
      flow = { from: from.id, to: to.id, kinds: new Set(), labels: new Set(), declaredBy: new Set() };
      this.flows.set(key, flow);
    }
    flow.kinds.add(kind);
    if (label) flow.labels.add(label);
    flow.declaredBy.add(declaredBy.key);
  }

  // ---- ends -------------------------------------------------------------------------------

  /** A resource of the app as an end: itself when it is PHI-relevant, else a node for it (roles, groups, users). */
  private resourceEnd(r: RenderedResource): End {
    if (this.ctx.classification(r)) return { id: r.key };
    return {
      id: r.key,
      node: { id: r.key, label: r.logicalId, kind: 'resource', type: r.type, stack: this.ctx.stackName(r), ...vpcOf(this.ctx, r) },
    };
  }

  private internet(label = 'Internet (anyone)'): End {
    return { id: INTERNET, node: { id: INTERNET, label, kind: 'internet' } };
  }

  private account(accountId: string): End {
    const id = `account:${accountId}`;
    return { id, node: { id, label: `AWS account ${accountId}`, kind: 'account' } };
  }

  private service(principal: string): End {
    const id = `service:${principal}`;
    return { id, node: { id, label: SERVICE_NAMES[principal] ?? principal, kind: 'service' } };
  }

  private unresolved(value: unknown, what: string): End {
    const text = describe(value);
    const id = `unresolved:${what}:${text}`;
    return { id, node: { id, label: `${what} ${text} (unresolved)`, kind: 'unresolved' } };
  }

  private external(arn: string, from: RenderedResource): End {
    const account = arnAccount(arn);
    const other = account !== undefined && account !== this.accountOf(from);
    const id = `external:${other ? 'other-account:' : ''}${arn}`;
    return { id, node: { id, label: other ? `${arn} (account ${account})` : `${arn} (outside the app)`, kind: other ? 'account' : 'external' } };
  }

  private accountOf(r: RenderedResource): string | undefined {
    return r.account && /^\d{12}$/.test(r.account) ? r.account : undefined;
  }

  /**
   * The ends a value designates (an ARN, a name, a Ref / GetAtt, an Fn::Join around one): resources of
   * the app, literal ARNs outside it, or unresolved values. Pseudo-parameter-only text designates
   * something outside the app, which the map cannot see.
   */
  private ends(value: unknown, from: RenderedResource, what: string): End[] {
    if (value === undefined || value === null || value === '') return [];
    if (Array.isArray(value)) return value.flatMap((v) => this.ends(v, from, what));
    if (typeof value === 'string') return value.startsWith('arn:') ? [this.external(value, from)] : [];
    const target = this.ctx.index.target(value, from);
    if (target) return [this.resourceEnd(target)];
    const refs: RenderedResource[] = [];
    let unresolved = false;
    visitRefs(value, (ref) => {
      const t = this.ctx.index.target(ref, from);
      if (t) refs.push(t);
      else if (!isPseudo(ref)) unresolved = true;
    });
    if (refs.length > 0) return [...new Set(refs)].map((r) => this.resourceEnd(r));
    if (unresolved) return [this.unresolved(value, what)];
    const literal = joinedLiteral(value);
    if (literal?.startsWith('arn:')) {
      const account = arnAccount(literal);
      return account !== undefined && account !== this.accountOf(from) ? [this.external(literal, from)] : [];
    }
    return [];
  }

  // ---- network ----------------------------------------------------------------------------

  /** Resources in each security group: those that name it, through a launch template or a mount target too. */
  private members(sg: RenderedResource): RenderedResource[] {
    if (!this.sgMembers) {
      this.sgMembers = new Map();
      const addMember = (group: RenderedResource, member: RenderedResource) => {
        const list = this.sgMembers!.get(group.key) ?? [];
        if (!list.includes(member)) list.push(member);
        this.sgMembers!.set(group.key, list);
      };
      for (const r of this.ctx.index.resources) {
        if (!this.ctx.classification(r)) continue;
        for (const t of this.ctx.referenced(r)) {
          if (t.type === SG) addMember(t, r);
          if (t.type === 'AWS::EC2::LaunchTemplate') for (const g of this.ctx.referenced(t)) if (g.type === SG) addMember(g, r);
        }
      }
      for (const mount of this.ctx.index.ofType('AWS::EFS::MountTarget')) {
        const fs = this.ctx.index.target(mount.properties.FileSystemId, mount);
        if (fs) for (const g of this.ctx.referenced(mount, mount.properties.SecurityGroups)) if (g.type === SG) addMember(g, fs);
      }
    }
    return this.sgMembers.get(sg.key) ?? [];
  }

  private groupEnds(value: unknown, from: RenderedResource): End[] {
    const group = this.ctx.index.target(value, from);
    if (!group || group.type !== SG) return [this.unresolved(value, 'security group')];
    const members = this.members(group);
    if (members.length > 0) return members.map((m) => ({ id: m.key }));
    return [{ id: group.key, node: { id: group.key, label: `security group ${group.logicalId}`, kind: 'network', stack: this.ctx.stackName(group), ...vpcOf(this.ctx, group) } }];
  }

  /** Ingress rules: inline on security groups and AWS::EC2::SecurityGroupIngress resources. */
  private networkRules(): void {
    const rules: Array<{ group: unknown; rule: any; declaredBy: RenderedResource }> = [];
    for (const sg of this.ctx.index.ofType(SG)) {
      const inline = sg.properties.SecurityGroupIngress;
      if (Array.isArray(inline)) for (const rule of inline) rules.push({ group: { Ref: sg.logicalId }, rule, declaredBy: sg });
    }
    for (const ingress of this.ctx.index.ofType('AWS::EC2::SecurityGroupIngress')) {
      rules.push({ group: ingress.properties.GroupId, rule: ingress.properties, declaredBy: ingress });
    }
    for (const { group, rule, declaredBy } of rules) {
      const targets = declaredBy.type === SG ? this.groupEnds({ Ref: declaredBy.logicalId }, declaredBy) : this.groupEnds(group, declaredBy);
      const label = portsLabel(rule);
      for (const source of this.ruleSources(rule, declaredBy)) {
        for (const target of targets) this.add(source, target, 'network', label, declaredBy);
      }
    }
  }

  private ruleSources(rule: any, from: RenderedResource): End[] {
    const ends: End[] = [];
    if (rule?.SourceSecurityGroupId !== undefined) ends.push(...this.groupEnds(rule.SourceSecurityGroupId, from));
    for (const cidr of [rule?.CidrIp, rule?.CidrIpv6]) {
      if (cidr === undefined) continue;
      if (cidr === '0.0.0.0/0' || cidr === '::/0') ends.push(this.internet());
      else if (typeof cidr === 'string') ends.push({ id: `cidr:${cidr}`, node: { id: `cidr:${cidr}`, label: `addresses ${cidr}`, kind: 'network' } });
      else ends.push(this.unresolved(cidr, 'address range'));
    }
    if (rule?.SourcePrefixListId !== undefined) {
      const pl = rule.SourcePrefixListId;
      if (typeof pl === 'string') ends.push({ id: `prefix-list:${pl}`, node: { id: `prefix-list:${pl}`, label: `prefix list ${pl}`, kind: 'network' } });
      else ends.push(...this.ends(pl, from, 'prefix list'));
    }
    return ends;
  }

  /** Internet-facing load balancers receive from the internet; listeners forward to their target groups' members. */
  private loadBalancers(): void {
    for (const lb of [...this.ctx.index.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer'), ...this.ctx.index.ofType('AWS::ElasticLoadBalancing::LoadBalancer')]) {
      const scheme = lb.properties.Scheme;
      if (scheme === undefined || scheme === 'internet-facing') this.add(this.internet(), { id: lb.key }, 'network', 'internet-facing load balancer', lb);
      else if (isIntrinsic(scheme)) this.add(this.unresolved(scheme, 'load balancer scheme'), { id: lb.key }, 'network', 'scheme resolved at deploy', lb);
    }
    const listeners = [...this.ctx.index.ofType('AWS::ElasticLoadBalancingV2::Listener'), ...this.ctx.index.ofType('AWS::ElasticLoadBalancingV2::ListenerRule')];
    for (const listener of listeners) {
      let lb = this.ctx.index.target(listener.properties.LoadBalancerArn, listener);
      if (!lb && listener.properties.ListenerArn !== undefined) {
        const parent = this.ctx.index.target(listener.properties.ListenerArn, listener);
        lb = parent && this.ctx.index.target(parent.properties.LoadBalancerArn, parent);
      }
      if (!lb) continue;
      const port = listener.properties.Port ?? '';
      for (const tg of this.ctx.referenced(listener, listener.properties.DefaultActions ?? listener.properties.Actions)) {
        if (tg.type !== 'AWS::ElasticLoadBalancingV2::TargetGroup') continue;
        const members = new Set<RenderedResource>();
        for (const t of asArray<any>(tg.properties.Targets)) {
          const m = this.ctx.index.target(t?.Id, tg);
          if (m) members.add(m);
        }
        for (const type of ['AWS::AutoScaling::AutoScalingGroup', 'AWS::ECS::Service']) for (const m of this.ctx.index.referencing(tg, type)) members.add(m);
        for (const m of members) this.add({ id: lb.key }, this.resourceEnd(m), 'network', `${tg.properties.Protocol ?? ''} ${port}`.trim(), listener);
      }
    }
  }

  // ---- identity ---------------------------------------------------------------------------

  /** What acts as a role: the processors that run with it (directly, or through an instance profile or launch template). */
  private principalsOf(role: RenderedResource): End[] {
    if (!this.roleOwners) {
      this.roleOwners = new Map();
      for (const r of this.ctx.index.resources) {
        if (this.ctx.classification(r)?.role !== 'processor') continue;
        const roles = new Set<RenderedResource>();
        for (const t of this.ctx.referenced(r)) {
          if (t.type === ROLE) roles.add(t);
          if (t.type === 'AWS::IAM::InstanceProfile' || t.type === 'AWS::EC2::LaunchTemplate') {
            for (const u of this.ctx.referenced(t)) {
              if (u.type === ROLE) roles.add(u);
              if (u.type === 'AWS::IAM::InstanceProfile') for (const v of this.ctx.referenced(u)) if (v.type === ROLE) roles.add(v);
            }
          }
        }
        for (const role0 of roles) {
          const list = this.roleOwners.get(role0.key) ?? [];
          list.push(r);
          this.roleOwners.set(role0.key, list);
        }
      }
    }
    const owners = this.roleOwners.get(role.key) ?? [];
    return owners.length > 0 ? owners.map((o) => ({ id: o.key })) : [this.resourceEnd(role)];
  }

  /** IAM policies (managed, inline, on roles): each Allow statement's resources that are PHI-relevant resources of the app. */
  private identityPolicies(): void {
    const grants: Array<{ principals: End[]; statements: unknown; declaredBy: RenderedResource }> = [];
    const principalEnds = (policy: RenderedResource): End[] => [
      ...asArray<unknown>(policy.properties.Roles).flatMap((v) => {
        const role = this.ctx.index.target(v, policy);
        return role ? this.principalsOf(role) : [this.unresolved(v, 'role')];
      }),
      ...[...asArray<unknown>(policy.properties.Users), ...asArray<unknown>(policy.properties.Groups)].flatMap((v) => this.ends(v, policy, 'principal')),
    ];
    for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
      for (const policy of this.ctx.index.ofType(type)) {
        grants.push({ principals: principalEnds(policy), statements: dig(policy.properties, 'PolicyDocument', 'Statement'), declaredBy: policy });
      }
    }
    for (const type of [ROLE, 'AWS::IAM::User', 'AWS::IAM::Group']) {
      for (const holder of this.ctx.index.ofType(type)) {
        const principals = type === ROLE ? this.principalsOf(holder) : [this.resourceEnd(holder)];
        for (const p of asArray<any>(holder.properties.Policies)) grants.push({ principals, statements: dig(p, 'PolicyDocument', 'Statement'), declaredBy: holder });
      }
    }
    for (const { principals, statements, declaredBy } of grants) {
      if (principals.length === 0) continue;
      for (const statement of asArray<any>(statements)) {
        if (statement?.Effect !== 'Allow') continue;
        const label = actionsLabel(statement);
        for (const target of this.statementTargets(statement.Resource, declaredBy)) {
          for (const principal of principals) this.add(principal, target, 'identity', label, declaredBy);
        }
      }
    }
  }

  /** The PHI-relevant resources (and unresolved values, and other accounts' ARNs) a statement's Resource names. */
  private statementTargets(resources: unknown, from: RenderedResource): End[] {
    return asArray<unknown>(resources as any).flatMap((v) => this.ends(v, from, 'resource'))
      .filter((e) => e.node === undefined || e.node.kind === 'unresolved' || e.node.kind === 'account');
  }

  // ---- resource policies ------------------------------------------------------------------

  private resourcePolicies(): void {
    const policies: Array<{ type: string; target: string; document: (p: RenderedResource) => unknown }> = [
      { type: 'AWS::S3::BucketPolicy', target: 'Bucket', document: (p) => p.properties.PolicyDocument },
      { type: 'AWS::SQS::QueuePolicy', target: 'Queues', document: (p) => p.properties.PolicyDocument },
      { type: 'AWS::SNS::TopicPolicy', target: 'Topics', document: (p) => p.properties.PolicyDocument },
      { type: 'AWS::SecretsManager::ResourcePolicy', target: 'SecretId', document: (p) => p.properties.ResourcePolicy },
    ];
    for (const { type, target, document } of policies) {
      for (const policy of this.ctx.index.ofType(type)) {
        const targets = asArray<unknown>(policy.properties[target]).map((v) => this.ctx.index.target(v, policy))
          .filter((t): t is RenderedResource => !!t);
        this.policyFlows(document(policy), policy, targets.map((t) => ({ id: t.key })), false);
      }
    }
    for (const domain of [...this.ctx.index.ofType('AWS::OpenSearchService::Domain'), ...this.ctx.index.ofType('AWS::Elasticsearch::Domain')]) {
      this.policyFlows(domain.properties.AccessPolicies, domain, [{ id: domain.key }], false);
    }
    for (const vault of this.ctx.index.ofType('AWS::Backup::BackupVault')) this.policyFlows(vault.properties.AccessPolicy, vault, [{ id: vault.key }], false);
    // Key policies: principals outside the account can decrypt every store the key encrypts.
    for (const key of this.ctx.index.ofType('AWS::KMS::Key')) {
      const stores = this.ctx.index.resources.filter((r) => this.ctx.classification(r)?.role === 'store'
        && this.ctx.referenced(r).some((t) => t === key || (t.type === 'AWS::KMS::Alias' && this.ctx.index.target(t.properties.TargetKeyId, t) === key)));
      if (stores.length > 0) this.policyFlows(key.properties.KeyPolicy, key, stores.map((s) => ({ id: s.key })), true);
    }
    for (const permission of this.ctx.index.ofType('AWS::Lambda::Permission')) {
      const fn = this.ctx.index.target(permission.properties.FunctionName, permission);
      if (!fn) continue;
      const source = permission.properties.SourceArn !== undefined ? this.ends(permission.properties.SourceArn, permission, 'source') : [];
      const principal = permission.properties.Principal;
      const ends = source.length > 0 ? source : this.principalEnds(principal, permission);
      for (const end of ends) this.add(end, { id: fn.key }, 'resource-policy', String(permission.properties.Action ?? 'lambda:InvokeFunction'), permission);
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
        const open = isOpenToEveryone(statement, declaredBy, this.ctx.index);
        principals = open === true ? [this.internet('Everyone (Principal *)')]
          : open === UNKNOWN ? [this.unresolved(statement.Principal ?? statement.NotPrincipal, 'principal')] : [];
      } else {
        principals = this.principalEnds(statement.Principal, declaredBy);
      }
      if (outsideOnly) principals = principals.filter((p) => p.node && ['account', 'internet', 'unresolved'].includes(p.node.kind));
      const label = actionsLabel(statement);
      for (const principal of principals) for (const target of targets) this.add(principal, target, 'resource-policy', label, declaredBy);
    }
  }

  /** The ends a policy Principal names: roles of the app, other accounts, services, unresolved values; the own account is left out. */
  private principalEnds(principal: unknown, from: RenderedResource): End[] {
    if (principal === undefined || principal === '*') return [];
    if (typeof principal === 'string') return principal.endsWith('.amazonaws.com') ? [this.service(principal)] : this.awsPrincipal(principal, from);
    const p = principal as any;
    if (isIntrinsic(p)) return this.awsPrincipal(p, from);
    const ends: End[] = [];
    for (const s of asArray<unknown>(p.Service)) ends.push(typeof s === 'string' ? this.service(s) : this.unresolved(s, 'service principal'));
    for (const a of asArray<unknown>(p.AWS)) ends.push(...this.awsPrincipal(a, from));
    for (const f of asArray<unknown>(p.Federated)) ends.push(typeof f === 'string' ? this.service(f) : this.unresolved(f, 'federated principal'));
    return ends;
  }

  private awsPrincipal(value: unknown, from: RenderedResource): End[] {
    if (value === '*') return [];
    const own = this.accountOf(from);
    const text = typeof value === 'string' ? value : joinedLiteral(value);
    if (text !== undefined) {
      const account = /^\d{12}$/.test(text) ? text : /:iam::(\d{12}):/.exec(text)?.[1];
      if (account) return account === own ? [] : [this.account(account)];
      if (text.includes('${AWS::AccountId}')) return [];
      return [this.unresolved(value, 'principal')];
    }
    const target = this.ctx.index.target(value, from);
    if (target?.type === ROLE) return this.principalsOf(target);
    if (target) return [this.resourceEnd(target)];
    const refs: unknown[] = [];
    visitRefs(value, (ref) => refs.push(ref));
    if (refs.length > 0 && refs.every(isPseudo)) return [];
    return [this.unresolved(value, 'principal')];
  }

  // ---- service integrations ---------------------------------------------------------------

  private serviceIntegrations(): void {
    const idx = this.ctx.index;
    const link = (fromValue: unknown, toValue: unknown, declaredBy: RenderedResource, label: string, what = 'resource') => {
      for (const a of this.ends(fromValue, declaredBy, what)) for (const b of this.ends(toValue, declaredBy, what)) this.add(a, b, 'service', label, declaredBy);
    };
    const fromSelf = (r: RenderedResource, toValue: unknown, label: string) => {
      for (const b of this.ends(toValue, r, 'destination')) this.add({ id: r.key }, b, 'service', label, r);
    };
    for (const m of idx.ofType('AWS::Lambda::EventSourceMapping')) link(m.properties.EventSourceArn, m.properties.FunctionName, m, 'event source mapping');
    for (const s of idx.ofType('AWS::SNS::Subscription')) this.subscription(s.properties.TopicArn, s.properties.Protocol, s.properties.Endpoint, s);
    for (const topic of idx.ofType('AWS::SNS::Topic')) {
      for (const sub of asArray<any>(topic.properties.Subscription)) this.subscription({ Ref: topic.logicalId }, sub?.Protocol, sub?.Endpoint, topic);
    }
    for (const f of idx.ofType('AWS::Logs::SubscriptionFilter')) link(f.properties.LogGroupName, f.properties.DestinationArn, f, 'log subscription');
    for (const stream of idx.ofType('AWS::KinesisFirehose::DeliveryStream')) {
      const p = stream.properties;
      for (const src of this.ends(dig(p, 'KinesisStreamSourceConfiguration', 'KinesisStreamARN'), stream, 'source')) this.add(src, { id: stream.key }, 'service', 'Firehose source', stream);
      for (const dest of ['S3DestinationConfiguration', 'ExtendedS3DestinationConfiguration']) fromSelf(stream, dig(p, dest, 'BucketARN'), 'delivery');
      for (const dest of ['ElasticsearchDestinationConfiguration', 'AmazonopensearchserviceDestinationConfiguration']) fromSelf(stream, dig(p, dest, 'DomainARN'), 'delivery');
      const urls = [dig(p, 'HttpEndpointDestinationConfiguration', 'EndpointConfiguration', 'Url'), dig(p, 'SplunkDestinationConfiguration', 'HECEndpoint'),
        dig(p, 'SnowflakeDestinationConfiguration', 'AccountUrl')].filter((u) => u !== undefined);
      for (const url of urls) this.add({ id: stream.key }, this.endpoint(url, stream), 'service', 'delivery over HTTPS', stream);
    }
    for (const bucket of idx.ofType('AWS::S3::Bucket')) {
      for (const rule of asArray<any>(dig(bucket.properties, 'ReplicationConfiguration', 'Rules'))) {
        const account = dig(rule, 'Destination', 'Account');
        const ends = typeof account === 'string' && account !== this.accountOf(bucket) ? [this.account(account)] : this.ends(dig(rule, 'Destination', 'Bucket'), bucket, 'replica bucket');
        for (const end of ends) this.add({ id: bucket.key }, end, 'service', 'replication', bucket);
      }
      this.notifications(bucket, bucket.properties.NotificationConfiguration, bucket);
    }
    for (const custom of idx.ofType('Custom::S3BucketNotifications')) {
      const bucket = idx.target(custom.properties.BucketName, custom);
      if (bucket) this.notifications(bucket, custom.properties.NotificationConfiguration, custom);
    }
    for (const rule of idx.ofType('AWS::Events::Rule')) {
      for (const target of asArray<any>(rule.properties.Targets)) fromSelf(rule, target?.Arn, 'rule target');
    }
    for (const config of idx.ofType('AWS::Lambda::EventInvokeConfig')) {
      for (const when of ['OnSuccess', 'OnFailure']) link(config.properties.FunctionName, dig(config.properties, 'DestinationConfig', when, 'Destination'), config, `${when} destination`);
    }
    for (const fn of idx.ofType('AWS::Lambda::Function')) fromSelf(fn, dig(fn.properties, 'DeadLetterConfig', 'TargetArn'), 'dead-letter queue');
    for (const q of idx.ofType('AWS::SQS::Queue')) {
      const redrive = q.properties.RedrivePolicy;
      fromSelf(q, typeof redrive === 'string' ? safeJson(redrive)?.deadLetterTargetArn : dig(redrive, 'deadLetterTargetArn'), 'dead-letter queue');
    }
    for (const sm of idx.ofType('AWS::StepFunctions::StateMachine')) {
      for (const t of this.ctx.referenced(sm, [sm.properties.DefinitionString, sm.properties.Definition, sm.properties.DefinitionSubstitutions])) {
        if (this.ctx.classification(t)) this.add({ id: sm.key }, { id: t.key }, 'service', 'state machine task', sm);
      }
    }
    for (const trail of idx.ofType('AWS::CloudTrail::Trail')) {
      for (const v of [trail.properties.S3BucketName, trail.properties.CloudWatchLogsLogGroupArn]) {
        for (const end of this.ends(v, trail, 'trail destination')) this.add(this.service('cloudtrail.amazonaws.com'), end, 'service', 'trail delivery', trail);
      }
    }
    for (const channel of idx.ofType('AWS::Config::DeliveryChannel')) {
      for (const end of this.ends(channel.properties.S3BucketName, channel, 'delivery bucket')) this.add(this.service('config.amazonaws.com'), end, 'service', 'configuration snapshots', channel);
    }
    for (const log of idx.ofType('AWS::EC2::FlowLog')) {
      for (const v of [log.properties.LogGroupName, log.properties.LogDestination]) {
        for (const end of this.ends(v, log, 'flow log destination')) this.add(this.service('vpc-flow-logs.amazonaws.com'), end, 'service', 'flow logs', log);
      }
    }
  }

  private subscription(topicValue: unknown, protocol: unknown, endpoint: unknown, declaredBy: RenderedResource): void {
    const topics = this.ends(topicValue, declaredBy, 'topic');
    let targets: End[];
    if (protocol === 'email' || protocol === 'email-json') targets = [this.email()];
    else if (protocol === 'sms') targets = [{ id: 'sms', node: { id: 'sms', label: 'SMS recipients', kind: 'internet' } }];
    else if (protocol === 'http' || protocol === 'https') targets = [this.endpoint(endpoint, declaredBy)];
    else targets = this.ends(endpoint, declaredBy, 'subscription endpoint');
    for (const topic of topics) for (const target of targets) this.add(topic, target, 'service', `subscription (${String(protocol)})`, declaredBy);
  }

  private email(): End {
    return { id: 'email', node: { id: 'email', label: 'Email recipients', kind: 'internet' } };
  }

  /** An HTTP(S) endpoint outside AWS: over the internet. */
  private endpoint(url: unknown, from: RenderedResource): End {
    if (typeof url !== 'string') return this.unresolved(url, 'endpoint');
    const host = /^[a-z]+:\/\/([^/:]+)/i.exec(url)?.[1] ?? url;
    void from;
    const id = `endpoint:${host}`;
    return { id, node: { id, label: `HTTPS endpoint ${host}`, kind: 'internet' } };
  }

  private notifications(bucket: RenderedResource, config: any, declaredBy: RenderedResource): void {
    const kinds: Array<[string, string]> = [['LambdaConfigurations', 'Function'], ['QueueConfigurations', 'Queue'], ['TopicConfigurations', 'Topic']];
    for (const [list, property] of kinds) {
      for (const entry of asArray<any>(dig(config, list))) {
        for (const end of this.ends(entry?.[property], declaredBy, 'notification target')) this.add({ id: bucket.key }, end, 'service', 'event notification', declaredBy);
      }
    }
  }
}

const SG = 'AWS::EC2::SecurityGroup';
const ROLE = 'AWS::IAM::Role';

/** Names a reader knows for the service principals seen most. */
const SERVICE_NAMES: { readonly [principal: string]: string } = {
  'cloudtrail.amazonaws.com': 'AWS CloudTrail',
  'config.amazonaws.com': 'AWS Config',
  'logging.s3.amazonaws.com': 'S3 server access logging',
  'events.amazonaws.com': 'Amazon EventBridge',
  'delivery.logs.amazonaws.com': 'AWS log delivery',
  'vpc-flow-logs.amazonaws.com': 'VPC Flow Logs',
  'cloudwatch.amazonaws.com': 'Amazon CloudWatch',
  'backup.amazonaws.com': 'AWS Backup',
  'lambda.amazonaws.com': 'AWS Lambda',
  's3.amazonaws.com': 'Amazon S3',
  'sns.amazonaws.com': 'Amazon SNS',
};

function vpcOf(ctx: MapContext, r: RenderedResource): { vpc?: string } {
  const vpc = ctx.vpcOf(r);
  return vpc ? { vpc } : {};
}

/** The 12-digit account of an ARN (pseudo parameters such as `${AWS::Partition}` read as one segment). */
function arnAccount(arn: string): string | undefined {
  const account = arn.replace(/\$\{[^}]*\}/g, 'x').split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** `*`, `{ AWS: '*' }` or `*` in an AWS list. */
function namesEveryone(principal: any): boolean {
  return principal === '*' || asArray<unknown>(principal?.AWS).includes('*');
}

function isPseudo(ref: unknown): boolean {
  const v = ref as any;
  return typeof v?.Ref === 'string' && v.Ref.startsWith('AWS::');
}

/** Calls `visit` on every Ref / GetAtt / ImportValue inside a value, pseudo parameters included. */
function visitRefs(value: unknown, visit: (ref: unknown) => void): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v) => visitRefs(v, visit));
    return;
  }
  const v = value as any;
  if (typeof v.Ref === 'string' || referencedLogicalId(v) !== undefined || v['Fn::ImportValue'] !== undefined) {
    visit(value);
    return;
  }
  Object.values(v).forEach((x) => visitRefs(x, visit));
}

/** A short text for a value synth cannot resolve: `Ref Name`, `ImportValue Name`, or its intrinsic. */
function describe(value: unknown): string {
  const found: string[] = [];
  visitRefs(value, (ref) => {
    const r = ref as any;
    if (typeof r.Ref === 'string' && !r.Ref.startsWith('AWS::')) found.push(`Ref ${r.Ref}`);
    else if (r['Fn::ImportValue'] !== undefined) found.push(`ImportValue ${typeof r['Fn::ImportValue'] === 'string' ? r['Fn::ImportValue'] : '(computed)'}`);
    else if (referencedLogicalId(r) !== undefined) found.push(`GetAtt ${referencedLogicalId(r)}`);
  });
  if (found.length > 0) return [...new Set(found)].join(', ');
  if (value !== null && typeof value === 'object') return Object.keys(value as object)[0] ?? 'value';
  return String(value);
}

/** `tcp 5432`, `tcp 80-443`, `all traffic`. */
function portsLabel(rule: any): string {
  const protocol = String(rule?.IpProtocol ?? 'tcp');
  if (protocol === '-1') return 'all traffic';
  const from = rule?.FromPort;
  const to = rule?.ToPort ?? from;
  if (from === undefined) return `${protocol} all ports`;
  if (typeof from !== 'number' && typeof from !== 'string') return `${protocol} (ports resolved at deploy)`;
  return from === to ? `${protocol} ${from}` : `${protocol} ${from}-${to}`;
}

/** A statement's actions, at most three then a count. */
function actionsLabel(statement: any): string {
  const actions = asArray<unknown>(statement?.Action).filter((a): a is string => typeof a === 'string').sort();
  if (statement?.NotAction !== undefined) return 'every action but some (NotAction)';
  if (actions.length <= 3) return actions.join(', ');
  return `${actions.slice(0, 3).join(', ')} +${actions.length - 3}`;
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

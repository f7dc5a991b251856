import { End, FlowGraph, SG, vpcOf } from './flow-graph';
import { RenderedResource } from '../controls/control';
import { asArray, isIntrinsic } from '../controls/values';

/** Flows the network declares: security group ingress rules, internet-facing load balancers and their targets. */
export class NetworkFlows {
  private sgMembers?: Map<string, RenderedResource[]>;

  constructor(private readonly graph: FlowGraph) {}

  /** Reads every network flow into the graph. */
  public read(): void {
    this.networkRules();
    this.loadBalancers();
  }

  /** Resources in each security group: those that name it, through a launch template or a mount target too. */
  private members(sg: RenderedResource): RenderedResource[] {
    if (!this.sgMembers) {
      this.sgMembers = new Map();
      const addMember = (group: RenderedResource, member: RenderedResource) => {
        const list = this.sgMembers!.get(group.key) ?? [];
        if (!list.includes(member)) list.push(member);
        this.sgMembers!.set(group.key, list);
      };
      for (const r of this.graph.ctx.index.resources) {
        if (!this.graph.ctx.classification(r)) continue;
        for (const t of this.graph.ctx.referenced(r)) {
          if (t.type === SG) addMember(t, r);
          if (t.type === 'AWS::EC2::LaunchTemplate') for (const g of this.graph.ctx.referenced(t)) if (g.type === SG) addMember(g, r);
        }
      }
      for (const mount of this.graph.ctx.index.ofType('AWS::EFS::MountTarget')) {
        const fs = this.graph.ctx.index.target(mount.properties.FileSystemId, mount);
        if (fs) for (const g of this.graph.ctx.referenced(mount, mount.properties.SecurityGroups)) if (g.type === SG) addMember(g, fs);
      }
    }
    return this.sgMembers.get(sg.key) ?? [];
  }

  /** The ends a security group reference stands for: its members, else the group itself, else an unresolved value. */
  private groupEnds(value: unknown, from: RenderedResource): End[] {
    const group = this.graph.ctx.index.target(value, from);
    if (!group || group.type !== SG) return [this.graph.unresolved(value, 'security group')];
    const members = this.members(group);
    if (members.length > 0) return members.map((m) => ({ id: m.key }));
    return [{ id: group.key, node: { id: group.key, label: `security group ${this.graph.ctx.label(group)}`, kind: 'network', stack: this.graph.ctx.stackName(group), ...vpcOf(this.graph.ctx, group) } }];
  }

  /** Ingress rules: inline on security groups and AWS::EC2::SecurityGroupIngress resources. */
  private networkRules(): void {
    const rules: Array<{ group: unknown; rule: any; declaredBy: RenderedResource }> = [];
    for (const sg of this.graph.ctx.index.ofType(SG)) {
      const inline = sg.properties.SecurityGroupIngress;
      if (Array.isArray(inline)) for (const rule of inline) rules.push({ group: { Ref: sg.logicalId }, rule, declaredBy: sg });
    }
    for (const ingress of this.graph.ctx.index.ofType('AWS::EC2::SecurityGroupIngress')) {
      rules.push({ group: ingress.properties.GroupId, rule: ingress.properties, declaredBy: ingress });
    }
    for (const { group, rule, declaredBy } of rules) {
      const targets = declaredBy.type === SG ? this.groupEnds({ Ref: declaredBy.logicalId }, declaredBy) : this.groupEnds(group, declaredBy);
      const label = portsLabel(rule);
      for (const source of this.ruleSources(rule, declaredBy)) {
        for (const target of targets) this.graph.add(source, target, 'network', label, declaredBy);
      }
    }
  }

  /** Where an ingress rule lets traffic come from: a group's members, an address range, the internet, a prefix list. */
  private ruleSources(rule: any, from: RenderedResource): End[] {
    const ends: End[] = [];
    if (rule?.SourceSecurityGroupId !== undefined) ends.push(...this.groupEnds(rule.SourceSecurityGroupId, from));
    for (const cidr of [rule?.CidrIp, rule?.CidrIpv6]) {
      if (cidr === undefined) continue;
      if (cidr === '0.0.0.0/0' || cidr === '::/0') ends.push(this.graph.internet());
      else if (typeof cidr === 'string') ends.push({ id: `cidr:${cidr}`, node: { id: `cidr:${cidr}`, label: `addresses ${cidr}`, kind: 'network' } });
      else ends.push(this.vpcRange(cidr, from) ?? this.graph.unresolved(cidr, 'address range'));
    }
    if (rule?.SourcePrefixListId !== undefined) {
      const pl = rule.SourcePrefixListId;
      if (typeof pl === 'string') ends.push({ id: `prefix-list:${pl}`, node: { id: `prefix-list:${pl}`, label: `prefix list ${pl}`, kind: 'network' } });
      else ends.push(...this.graph.ends(pl, from, 'prefix list'));
    }
    return ends;
  }

  /** A VPC's own address range (`vpc.vpcCidrBlock`, a GetAtt of a VPC of the app): never the internet. */
  private vpcRange(cidr: unknown, from: RenderedResource): End | undefined {
    const vpc = this.graph.ctx.index.target(cidr, from);
    if (vpc?.type !== 'AWS::EC2::VPC') return undefined;
    const id = `vpc-cidr:${vpc.key}`;
    return { id, node: { id, label: `addresses of VPC ${this.graph.ctx.label(vpc)}`, kind: 'network', stack: this.graph.ctx.stackName(vpc), vpc: vpc.logicalId } };
  }

  /** Internet-facing load balancers receive from the internet; listeners forward to their target groups' members. */
  private loadBalancers(): void {
    for (const lb of [...this.graph.ctx.index.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer'), ...this.graph.ctx.index.ofType('AWS::ElasticLoadBalancing::LoadBalancer')]) {
      const scheme = lb.properties.Scheme;
      if (scheme === undefined || scheme === 'internet-facing') this.graph.add(this.graph.internet(), { id: lb.key }, 'network', 'internet-facing load balancer', lb);
      else if (isIntrinsic(scheme)) this.graph.add(this.graph.unresolved(scheme, 'load balancer scheme'), { id: lb.key }, 'network', 'scheme resolved at deploy', lb);
    }
    const listeners = [...this.graph.ctx.index.ofType('AWS::ElasticLoadBalancingV2::Listener'), ...this.graph.ctx.index.ofType('AWS::ElasticLoadBalancingV2::ListenerRule')];
    for (const listener of listeners) {
      let lb = this.graph.ctx.index.target(listener.properties.LoadBalancerArn, listener);
      if (!lb && listener.properties.ListenerArn !== undefined) {
        const parent = this.graph.ctx.index.target(listener.properties.ListenerArn, listener);
        lb = parent && this.graph.ctx.index.target(parent.properties.LoadBalancerArn, parent);
      }
      if (!lb) continue;
      const port = listener.properties.Port ?? '';
      for (const tg of this.graph.ctx.referenced(listener, listener.properties.DefaultActions ?? listener.properties.Actions)) {
        if (tg.type !== 'AWS::ElasticLoadBalancingV2::TargetGroup') continue;
        const members = new Set<RenderedResource>();
        for (const t of asArray<any>(tg.properties.Targets)) {
          const m = this.graph.ctx.index.target(t?.Id, tg);
          if (m) members.add(m);
        }
        for (const type of ['AWS::AutoScaling::AutoScalingGroup', 'AWS::ECS::Service']) for (const m of this.graph.ctx.index.referencing(tg, type)) members.add(m);
        for (const m of members) this.graph.add({ id: lb.key }, this.graph.resourceEnd(m), 'network', `${tg.properties.Protocol ?? ''} ${port}`.trim(), listener);
      }
    }
  }
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

import { MapContext } from './context';
import { DataFlow, DataMapNode, FlowKind } from './model';
import { RenderedResource } from '../controls/control';
import { referencedLogicalId } from '../controls/references';
import { asArray, isIntrinsic, joinedLiteral } from '../controls/values';

/** Ids of the nodes outside the app. */
export const INTERNET = 'internet';

/** One end of a flow, before merging: a node id, and the node if it is not a resource of the inventory. */
export interface End {
  readonly id: string;
  readonly node?: DataMapNode;
}

/** A flow as read so far: what merges into it from every declaration between the same ends. */
interface PendingFlow {
  readonly from: string;
  readonly to: string;
  readonly kinds: Set<FlowKind>;
  readonly labels: Set<string>;
  readonly declaredBy: Set<string>;
  readonly actions: Set<string>;
}

/**
 * The flows read so far and the nodes outside the inventory they need; flows between the same two
 * ends merge. Also how the readers name the ends of a flow: resources of the app, the internet,
 * other accounts, AWS services, values synth cannot resolve.
 */
export class FlowGraph {
  private readonly flows = new Map<string, PendingFlow>();
  private readonly extraNodes = new Map<string, DataMapNode>();
  private roleOwners?: Map<string, RenderedResource[]>;
  private byKey?: Map<string, RenderedResource>;

  constructor(public readonly ctx: MapContext) {}

  /** Every flow added, merged and sorted, and the nodes outside the inventory they need. */
  public result(): { flows: DataFlow[]; nodes: DataMapNode[] } {
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
        ...(f.actions.size > 0 ? { actions: [...f.actions].sort() } : {}),
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

  /** The resource of the app a node id names, if any. */
  private resourceOf(id: string): RenderedResource | undefined {
    if (this.extraNodes.has(id)) return undefined;
    this.byKey ??= new Map(this.ctx.index.resources.map((r) => [r.key, r]));
    return this.byKey.get(id);
  }

  /**
   * Adds a flow (merged with one between the same ends); `declaredBy` is the resource whose properties
   * declare it, `actions` the actions of the policy statement that declares it.
   */
  public add(from: End, to: End, kind: FlowKind, label: string, declaredBy: RenderedResource, actions: readonly string[] = []): void {
    if (from.id === to.id) return;
    for (const end of [from, to]) if (end.node && !this.extraNodes.has(end.id)) this.extraNodes.set(end.id, end.node);
    const key = `${from.id}\u0000${to.id}`;
    let flow = this.flows.get(key);
    if (!flow) {
      flow = { from: from.id, to: to.id, kinds: new Set(), labels: new Set(), declaredBy: new Set(), actions: new Set() };
      this.flows.set(key, flow);
    }
    flow.kinds.add(kind);
    if (label) flow.labels.add(label);
    flow.declaredBy.add(declaredBy.key);
    for (const a of actions) flow.actions.add(a);
  }

  /** A resource of the app as an end: itself when it is PHI-relevant, else a node for it (roles, groups, users). */
  public resourceEnd(r: RenderedResource): End {
    if (this.ctx.classification(r)) return { id: r.key };
    return {
      id: r.key,
      node: { id: r.key, label: this.ctx.label(r), kind: 'resource', type: r.type, stack: this.ctx.stackName(r), ...vpcOf(this.ctx, r) },
    };
  }

  /** The internet: everyone, or endpoints outside AWS. */
  public internet(label = 'Internet (anyone)'): End {
    return { id: INTERNET, node: { id: INTERNET, label, kind: 'internet' } };
  }

  /** Another AWS account. */
  public account(accountId: string): End {
    const id = `account:${accountId}`;
    return { id, node: { id, label: `AWS account ${accountId}`, kind: 'account' } };
  }

  /** An AWS service acting as a principal (`cloudtrail.amazonaws.com`). */
  public service(principal: string): End {
    const id = `service:${principal}`;
    return { id, node: { id, label: SERVICE_NAMES[principal] ?? principal, kind: 'service' } };
  }

  /** A value synth cannot resolve: the flow it ends is unverifiable. */
  public unresolved(value: unknown, what: string): End {
    const text = describe(value);
    const id = `unresolved:${what}:${text}`;
    return { id, node: { id, label: `${what} ${text} (unresolved)`, kind: 'unresolved' } };
  }

  /** A resource outside the app named by a literal ARN: another account's, or this account's outside the app. */
  private external(arn: string, from: RenderedResource): End {
    const account = arnAccount(arn);
    const other = account !== undefined && account !== this.accountOf(from);
    const id = `external:${other ? 'other-account:' : ''}${arn}`;
    return { id, node: { id, label: other ? `${arn} (account ${account})` : `${arn} (outside the app)`, kind: other ? 'account' : 'external' } };
  }

  /** The account the resource is deployed to, as far as the templates tell. */
  public accountOf(r: RenderedResource): string | undefined {
    return this.ctx.ownAccount(r);
  }

  /**
   * The ends a value designates (an ARN, a name, a Ref / GetAtt, an Fn::Join around one): resources of
   * the app, literal ARNs outside it, or unresolved values. Pseudo-parameter-only text designates
   * something outside the app, which the map cannot see.
   */
  public ends(value: unknown, from: RenderedResource, what: string): End[] {
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
    const literal = literalText(value);
    if (literal?.startsWith('arn:')) {
      const account = arnAccount(literal);
      return account !== undefined && account !== this.accountOf(from) ? [this.external(literal, from)] : [];
    }
    return [];
  }

  /** What acts as a role: the processors that run with it (directly, or through an instance profile or launch template). */
  public principalsOf(role: RenderedResource): End[] {
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

  /** The ends a policy Principal names: roles of the app, other accounts, services, unresolved values; the own account is left out. */
  public principalEnds(principal: unknown, from: RenderedResource): End[] {
    if (principal === undefined || principal === '*') return [];
    if (typeof principal === 'string') return principal.endsWith('.amazonaws.com') ? [this.service(principal)] : this.awsPrincipal(principal, from);
    const p = principal as any;
    if (isIntrinsic(p)) return this.awsPrincipal(p, from);
    const ends: End[] = [];
    for (const s of asArray<unknown>(p.Service)) {
      const text = literalText(s);
      ends.push(text !== undefined ? this.service(text) : this.unresolved(s, 'service principal'));
    }
    for (const a of asArray<unknown>(p.AWS)) ends.push(...this.awsPrincipal(a, from));
    for (const f of asArray<unknown>(p.Federated)) ends.push(typeof f === 'string' ? this.service(f) : this.unresolved(f, 'federated principal'));
    return ends;
  }

  /** The ends an `AWS` principal names: roles of the app (as what runs with them), other accounts, unresolved values; the own account is left out. */
  public awsPrincipal(value: unknown, from: RenderedResource): End[] {
    if (value === '*') return [];
    const own = this.accountOf(from);
    const text = literalText(value);
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

  /** Email recipients of a subscription: outside AWS. */
  public email(): End {
    return { id: 'email', node: { id: 'email', label: 'Email recipients', kind: 'internet' } };
  }

  /** An HTTP(S) endpoint outside AWS: over the internet. */
  public endpoint(url: unknown, from: RenderedResource): End {
    if (typeof url !== 'string') return this.unresolved(url, 'endpoint');
    const host = /^[a-z]+:\/\/([^/:]+)/i.exec(url)?.[1] ?? url;
    void from;
    const id = `endpoint:${host}`;
    return { id, node: { id, label: `HTTPS endpoint ${host}`, kind: 'internet' } };
  }
}

export const SG = 'AWS::EC2::SecurityGroup';
export const ROLE = 'AWS::IAM::Role';

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

export function vpcOf(ctx: MapContext, r: RenderedResource): { vpc?: string } {
  const vpc = ctx.vpcOf(r);
  return vpc ? { vpc } : {};
}

/**
 * The text of a value written with pseudo parameters only: a string, an `Fn::Join` of strings and
 * pseudo parameters, or an `Fn::Sub` string whose variables are pseudo parameters (`${AWS::AccountId}`).
 */
export function literalText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const joined = joinedLiteral(value);
  if (joined !== undefined) return joined;
  const sub = (value as any)?.['Fn::Sub'];
  if (typeof sub === 'string' && [...sub.matchAll(/\$\{([^}]*)\}/g)].every((m) => m[1].startsWith('AWS::'))) return sub;
  return undefined;
}

/** The 12-digit account of an ARN (pseudo parameters such as `${AWS::Partition}` read as one segment). */
function arnAccount(arn: string): string | undefined {
  const account = arn.replace(/\$\{[^}]*\}/g, 'x').split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

export function isPseudo(ref: unknown): boolean {
  const v = ref as any;
  return typeof v?.Ref === 'string' && v.Ref.startsWith('AWS::');
}

/** Calls `visit` on every Ref / GetAtt / ImportValue inside a value, pseudo parameters included. */
export function visitRefs(value: unknown, visit: (ref: unknown) => void): void {
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

import { Classifier, roleOf } from './classify';
import { shortLabel } from './labels';
import { ResourceClassification } from './model';
import { RenderedResource } from '../controls/control';
import { collectReferences } from '../controls/references';
import { LoadedTemplate, TemplateInputs } from '../engine/template';
import { TemplateResourceIndex } from '../engine/template-index';

/** One finding of a control on a resource, as the engine or the aspect reports it. */
export interface EvidenceFinding {
  readonly controlId: string;
  readonly status: string;
  readonly logicalId: string;
  /** Construct path of the resource (matched first). */
  readonly constructPath?: string;
  /** The stack's name (matched with the logical id when there is no construct path). */
  readonly template?: string;
}

/** What the data map reads: templates (and assembly metadata), plus what is known beyond them. */
export interface DataMapInputs extends TemplateInputs {
  /** Construct paths of the library's PHI store constructs (see LIBRARY_STORE_CONSTRUCTS). */
  readonly libraryStores?: readonly string[];
  /** The controls' findings, for the evidence column; evaluated from the templates when absent. */
  readonly findings?: readonly EvidenceFinding[];
}

const SUBNET = 'AWS::EC2::Subnet';
const VPC = 'AWS::EC2::VPC';
const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';

/** The templates read once: the resource index, classifications, and where each resource sits in the network. */
export class MapContext {
  public readonly index: TemplateResourceIndex;
  public readonly templates: ReadonlyMap<string, LoadedTemplate>;
  private readonly classifications = new Map<string, ResourceClassification | undefined>();
  private readonly classifier: Classifier;
  private readonly publicSubnets = new Set<string>();
  private readonly vpcs = new Map<string, string | undefined>();
  /** What each resource's properties reference, by resource key (read many times while a map is built). */
  private readonly referencedByProperties = new Map<string, readonly RenderedResource[]>();
  private readonly inferredAccounts = new Map<string, string | undefined>();

  constructor(inputs: DataMapInputs) {
    this.index = new TemplateResourceIndex(inputs.templates);
    this.templates = new Map(inputs.templates.map((t) => [t.stackKey, t]));
    this.classifier = new Classifier(inputs.metadata ?? [], inputs.libraryStores ?? []);
    this.findPublicSubnets();
  }

  /** The resource's stack name (the template's display name). */
  public stackName(r: RenderedResource): string {
    return this.templates.get(r.stackKey)?.name ?? r.stackKey;
  }

  /** Construct path of the resource, when the assembly (or app) gives it. */
  public constructPath(r: RenderedResource): string | undefined {
    return this.templates.get(r.stackKey)?.constructPaths?.get(r.logicalId);
  }

  /** How the map names the resource: its construct path below the stack, else its logical id. */
  public label(r: RenderedResource): string {
    const constructPath = this.constructPath(r);
    return shortLabel({ ...(constructPath ? { constructPath } : {}), stack: this.stackName(r), logicalId: r.logicalId });
  }

  /** The resource's `Metadata` in its template. */
  public metadata(r: RenderedResource): unknown {
    return this.templates.get(r.stackKey)?.template?.Resources?.[r.logicalId]?.Metadata;
  }

  /** Role and classification; undefined for resources outside PHI scope. */
  public classification(r: RenderedResource): ResourceClassification | undefined {
    if (!this.classifications.has(r.key)) {
      const role = roleOf(r);
      this.classifications.set(r.key, role && this.classifier.classify(r, role, this.constructPath(r), this.metadata(r)));
    }
    return this.classifications.get(r.key);
  }

  /** Whether the resource may hold PHI: classified PHI, or unclassified (never assumed safe). */
  public mayHoldPhi(r: RenderedResource): boolean {
    const c = this.classification(r);
    return c !== undefined && c.classification !== 'NO_PHI';
  }

  /** Resources the properties of `r` reference (Ref / GetAtt, resolved in the app). */
  public referenced(r: RenderedResource, value: unknown = r.properties): readonly RenderedResource[] {
    const whole = value === r.properties;
    const known = whole ? this.referencedByProperties.get(r.key) : undefined;
    if (known) return known;
    const out: RenderedResource[] = [];
    collectReferences(value, (ref) => {
      const t = this.index.target(ref, r);
      if (t && !out.includes(t)) out.push(t);
    });
    if (whole) this.referencedByProperties.set(r.key, out);
    return out;
  }

  /**
   * The account the resource is deployed to: the stack's when known; for a template read without
   * one, the account most ARNs of the template name (synthesized templates spell it out).
   */
  public ownAccount(r: RenderedResource): string | undefined {
    if (r.account && /^\d{12}$/.test(r.account)) return r.account;
    if (!this.inferredAccounts.has(r.stackKey)) {
      const counts = new Map<string, number>();
      const text = JSON.stringify(this.templates.get(r.stackKey)?.template ?? {});
      for (const m of text.matchAll(/:(\d{12}):/g)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
      const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
      this.inferredAccounts.set(r.stackKey, best?.[0]);
    }
    return this.inferredAccounts.get(r.stackKey);
  }

  /** Whether the resource is placed in a public subnet (directly, or through its subnet group). */
  public inPublicSubnet(r: RenderedResource): boolean {
    return this.subnetsOf(r).some((s) => this.publicSubnets.has(s.key));
  }

  /** The VPC the resource runs in: referenced directly, or through subnets, security groups or subnet groups. */
  public vpcOf(r: RenderedResource): string | undefined {
    if (this.vpcs.has(r.key)) return this.vpcs.get(r.key);
    let found: string | undefined;
    if (r.type === VPC) found = r.logicalId;
    const queue = [r];
    const seen = new Set<string>([r.key]);
    for (let depth = 0; depth < 3 && !found && queue.length > 0; depth++) {
      const next: RenderedResource[] = [];
      for (const from of queue) {
        for (const t of this.referenced(from)) {
          if (t.type === VPC) {
            found = t.logicalId;
            break;
          }
          if (!seen.has(t.key) && (t.type === SUBNET || t.type === SECURITY_GROUP || t.type.endsWith('SubnetGroup') || t.type === 'AWS::EC2::LaunchTemplate')) {
            seen.add(t.key);
            next.push(t);
          }
        }
        if (found) break;
      }
      queue.splice(0, queue.length, ...next);
    }
    this.vpcs.set(r.key, found);
    return found;
  }

  private subnetsOf(r: RenderedResource): RenderedResource[] {
    const direct = this.referenced(r);
    const subnets = direct.filter((t) => t.type === SUBNET);
    for (const group of direct.filter((t) => t.type.endsWith('SubnetGroup'))) subnets.push(...this.referenced(group).filter((t) => t.type === SUBNET));
    return subnets;
  }

  /** Subnets that assign public IPs, or whose route table routes to an internet gateway. */
  private findPublicSubnets(): void {
    const igwTables = new Set<string>();
    for (const route of this.index.ofType('AWS::EC2::Route')) {
      const gateway = this.index.target(route.properties.GatewayId, route);
      const table = this.index.target(route.properties.RouteTableId, route);
      if (gateway?.type === 'AWS::EC2::InternetGateway' && table) igwTables.add(table.key);
    }
    for (const association of this.index.ofType('AWS::EC2::SubnetRouteTableAssociation')) {
      const table = this.index.target(association.properties.RouteTableId, association);
      const subnet = this.index.target(association.properties.SubnetId, association);
      if (table && subnet && igwTables.has(table.key)) this.publicSubnets.add(subnet.key);
    }
    for (const subnet of this.index.ofType(SUBNET)) {
      if (subnet.properties.MapPublicIpOnLaunch === true || subnet.properties.MapPublicIpOnLaunch === 'true') this.publicSubnets.add(subnet.key);
    }
  }
}

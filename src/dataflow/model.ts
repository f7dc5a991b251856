import { DataMapFinding } from './data-map-finding';

/**
 * What the data map is made of: the inventory of resources that store, process or carry PHI, and
 * the flows between them and the world outside the app. Plain data, so that the JSON rendering is
 * the model itself and the renderers are pure functions of it.
 */

/** What a resource does with PHI, by its CloudFormation type (see classify.ts for the table). */
export type PhiRole = 'store' | 'processor' | 'pipe';

/** What a resource holds, as far as it was declared (never assumed: undeclared is 'unclassified'). */
export type DataClass = 'PHI' | 'NO_PHI' | 'unclassified';

/**
 * Where a classification came from: the construct metadata HipaaData.classify records (nearest
 * scope wins), the resource's own `Metadata.cdk_hipaa.dataClassification` in a template, the
 * library's default for its own stores, or nothing.
 */
export type ClassificationSource = 'construct' | 'template' | 'library' | 'none';

/** A resource's classification and why. */
export interface ResourceClassification {
  readonly role: PhiRole;
  readonly classification: DataClass;
  readonly source: ClassificationSource;
  /** The reason recorded with the classification, or why the default applies. */
  readonly reason?: string;
  /** The construct path (or logical id) the classification was recorded on. */
  readonly at?: string;
}

/** Encryption at rest as the template declares it. */
export interface EncryptionAtRest {
  /**
   * `customer-managed`: a KMS key of the app or a literal key ARN other than an AWS alias;
   * `aws-managed`: an AWS managed or AWS owned key (the service default included);
   * `none`: not encrypted; `unverifiable`: a parameter, import or condition decides;
   * `not-applicable`: the type keeps nothing at rest.
   */
  readonly status: 'customer-managed' | 'aws-managed' | 'none' | 'unverifiable' | 'not-applicable';
  /** The key: logical id of a key in the app, a literal ARN or alias, or a description of the default. */
  readonly key?: string;
}

/** Encryption in transit, as the catalog's transport controls read it. */
export interface EncryptionInTransit {
  /** `not-readable`: no control of the catalog reads transport for this type. */
  readonly status: 'enforced' | 'not-enforced' | 'unverifiable' | 'not-readable';
  /** The controls it was read from. */
  readonly controls: readonly string[];
}

/** Whether an AWS Backup plan of the app selects the resource. */
export type BackupStatus = 'in-plan' | 'not-in-plan' | 'unverifiable' | 'not-applicable';

/** Where the resource's own logs go and how long they are kept. */
export interface LogDestination {
  /** Log group logical ids, log type names (RDS exports) or a description; empty when none is declared. */
  readonly destinations: readonly string[];
  /** Retention in days of the destinations, when one log group is named and declares it; 'never expires' when it declares none. */
  readonly retention?: string;
}

/** One control's verdict on the resource, from the engine's findings. */
export interface Evidence {
  readonly controlId: string;
  readonly status: string;
}

/** One PHI-relevant resource of the app. */
export interface InventoryEntry {
  /** `<stack>/<logical id>`; the node id in the map. */
  readonly id: string;
  readonly type: string;
  readonly stack: string;
  readonly logicalId: string;
  readonly constructPath?: string;
  readonly role: PhiRole;
  readonly classification: DataClass;
  readonly classificationSource: ClassificationSource;
  readonly classificationReason?: string;
  readonly encryptionAtRest: EncryptionAtRest;
  readonly encryptionInTransit: EncryptionInTransit;
  readonly backup: BackupStatus;
  readonly logs: LogDestination;
  /** Values of the `owner`, `Owner`, `team` and `Team` tags. */
  readonly owners: readonly string[];
  /** Logical id of the VPC it runs in, when it references one through its subnets or security groups. */
  readonly vpc?: string;
  /** It sits in a subnet with a route to an internet gateway (or that assigns public IPs). */
  readonly inPublicSubnet: boolean;
  readonly evidence: readonly Evidence[];
}

/**
 * What a node of the map stands for: a resource of the app; the internet (everyone); another AWS
 * account; an AWS service acting as a principal; an address range, prefix list or security group
 * without members; a resource outside the app named by a literal ARN; or a value synth cannot resolve.
 */
export type NodeKind = 'resource' | 'internet' | 'account' | 'service' | 'network' | 'external' | 'unresolved';

/** One node of the map: a resource of the app, or something outside it. */
export interface DataMapNode {
  readonly id: string;
  readonly label: string;
  readonly kind: NodeKind;
  readonly type?: string;
  readonly stack?: string;
  readonly vpc?: string;
  readonly role?: PhiRole;
  readonly classification?: DataClass;
}

/** How the templates say data moves along an edge. */
export type FlowKind = 'network' | 'identity' | 'resource-policy' | 'service';

/** One flow between two nodes. */
export interface DataFlow {
  readonly from: string;
  readonly to: string;
  /** How the templates declare it (one flow may be declared several ways: a grant and a network rule). */
  readonly kinds: readonly FlowKind[];
  /** Ports, actions or the service integration, in a few words. */
  readonly label: string;
  /**
   * Every action of the IAM and resource policy statements that declare the flow, sorted; a
   * `NotAction` statement's actions are prefixed `NotAction:`, an action resolved at deploy is `?`.
   * Absent on flows no policy statement declares.
   */
  readonly actions?: readonly string[];
  /** The logical ids (`<stack>/<id>`) of the resources that declare the flow. */
  readonly declaredBy: readonly string[];
  /** One end is another AWS account (or everyone). */
  readonly leavesAccount: boolean;
  /** One end is the internet (a 0.0.0.0/0 or ::/0 rule, an internet-facing load balancer, an email or HTTP(S) endpoint). */
  readonly crossesInternet: boolean;
  /** The source sits in a public subnet and the target stores PHI or is unclassified. */
  readonly reachesPhiFromPublicSubnet: boolean;
  /** An end could not be resolved at synth (a parameter, an import of another app, a condition). */
  readonly unverifiable: boolean;
}

/** The whole map: what the JSON rendering writes. */
export interface DataMap {
  /** Name of what was mapped (a stack, an app). */
  readonly name: string;
  readonly inventory: readonly InventoryEntry[];
  readonly nodes: readonly DataMapNode[];
  readonly flows: readonly DataFlow[];
  /** The verdicts of the checks over the whole map (map-findings.ts), in the order of MAP_FINDINGS, then by resource. */
  readonly findings: readonly DataMapFinding[];
}

/** Whether a flow is one the map draws as risky. */
export function isRisky(flow: DataFlow): boolean {
  return flow.leavesAccount || flow.crossesInternet || flow.reachesPhiFromPublicSubnet || flow.unverifiable;
}

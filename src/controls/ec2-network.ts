import { Control, fail, pass, RenderedResource, ResourceIndex, unverifiable } from './control';
import { HipaaSeverity } from './severity';
import { bool, isIntrinsic, list, num, str, Unknown, UNKNOWN } from './values';

const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';
const INGRESS = 'AWS::EC2::SecurityGroupIngress';
const VPC = 'AWS::EC2::VPC';
const SUBNET = 'AWS::EC2::Subnet';
const FLOW_LOG = 'AWS::EC2::FlowLog';
const ROUTE_TABLE = 'AWS::EC2::RouteTable';
const ROUTE_TABLE_ASSOCIATION = 'AWS::EC2::SubnetRouteTableAssociation';
const ROUTE = 'AWS::EC2::Route';
const INTERNET_GATEWAY = 'AWS::EC2::InternetGateway';

/**
 * Remote administration and plain-text file transfer ports: SSH, RDP, and FTP's data (20) and
 * control (21) ports, which carry credentials and files in clear text.
 */
const ADMIN_PORTS: ReadonlyMap<number, string> = new Map([[20, 'FTP data'], [21, 'FTP'], [22, 'SSH'], [3389, 'RDP']]);

/** Default ports of database, cache and search engines that hold PHI. */
const DATABASE_PORTS: ReadonlyMap<number, string> = new Map([
  [1433, 'SQL Server'], [1521, 'Oracle'], [2484, 'Oracle TLS'], [3306, 'MySQL/MariaDB'], [3309, 'MySQL/MariaDB (alternate)'],
  [4333, 'mSQL'], [5432, 'PostgreSQL'],
  [5439, 'Redshift'], [5984, 'CouchDB'], [6379, 'Redis/Valkey'], [8182, 'Neptune'], [9042, 'Cassandra'],
  [9200, 'OpenSearch'], [9300, 'OpenSearch transport'], [11211, 'Memcached'], [27017, 'MongoDB/DocumentDB'], [50000, 'Db2'],
]);

/**
 * Whether a subnet (a SubnetId value) gives instances a public IPv4 address on launch.
 *
 * @returns 'unknown' for a subnet outside the app or an unresolvable value
 */
export function subnetAssignsPublicIp(subnetId: unknown, from: RenderedResource, index: ResourceIndex): boolean | Unknown {
  const subnet = index.target(subnetId, from);
  if (subnet?.type !== SUBNET) return UNKNOWN;
  const map = bool(subnet.properties.MapPublicIpOnLaunch);
  return map === undefined ? false : map;
}

/**
 * The routes of the route tables a subnet is associated with (AWS::EC2::SubnetRouteTableAssociation of the app).
 *
 * @returns 'unknown' for a subnet without an association in the app (it then uses the VPC's main route
 * table, which the template does not show) or one whose route table synth cannot resolve
 */
function subnetRoutes(subnet: RenderedResource, index: ResourceIndex): RenderedResource[] | Unknown {
  const tables = index.referencing(subnet, ROUTE_TABLE_ASSOCIATION)
    .filter((a) => index.target(a.properties.SubnetId, a)?.key === subnet.key)
    .map((a) => index.target(a.properties.RouteTableId, a));
  if (tables.length === 0 || tables.some((t) => t?.type !== ROUTE_TABLE)) return UNKNOWN;
  return (tables as RenderedResource[]).flatMap((table) => index.referencing(table, ROUTE)
    .filter((rt) => index.target(rt.properties.RouteTableId, rt)?.key === table.key));
}

/**
 * Whether a route's GatewayId is an internet gateway: a literal `igw-` id, or an AWS::EC2::InternetGateway
 * of the app; undefined when the route has no GatewayId.
 *
 * @returns 'unknown' for a gateway synth cannot resolve (a parameter, an import)
 */
function toInternetGateway(route: RenderedResource, index: ResourceIndex): boolean | Unknown | undefined {
  const gateway = route.properties.GatewayId;
  if (gateway === undefined) return undefined;
  if (typeof gateway === 'string') return gateway.startsWith('igw-') ? true : gateway.startsWith('vgw-') ? false : UNKNOWN;
  const target = index.target(gateway, route);
  if (target === undefined) return UNKNOWN;
  return target.type === INTERNET_GATEWAY;
}

/**
 * Whether a subnet (a SubnetId value) is public: it maps public IPv4 addresses on launch, or its
 * route table (an AWS::EC2::SubnetRouteTableAssociation of the app) routes to an internet gateway.
 *
 * @returns 'unknown' for a subnet outside the app, one without an association in the app (it then uses
 * the VPC's main route table, which the template does not show), or a route synth cannot resolve
 */
export function subnetIsPublic(subnetId: unknown, from: RenderedResource, index: ResourceIndex): boolean | Unknown {
  const subnet = index.target(subnetId, from);
  if (subnet?.type !== SUBNET) return UNKNOWN;
  const map = bool(subnet.properties.MapPublicIpOnLaunch);
  if (map !== false && map !== undefined) return map;
  const routes = subnetRoutes(subnet, index);
  if (routes === UNKNOWN) return UNKNOWN;
  let unresolved = false;
  for (const route of routes) {
    const igw = toInternetGateway(route, index);
    if (igw === true) return true;
    if (igw === UNKNOWN && typeof route.properties.GatewayId !== 'string') unresolved = true;
  }
  return unresolved ? UNKNOWN : false;
}

/**
 * Whether a subnet's route tables send every IPv6 address (::/0) to an internet gateway, which makes the
 * IPv6 addresses of what runs there reachable from the internet (an egress-only internet gateway does not).
 *
 * @returns 'unknown' when the route table or a route cannot be resolved at synth
 */
function routesIpv6ToInternet(subnet: RenderedResource, index: ResourceIndex): boolean | Unknown {
  const routes = subnetRoutes(subnet, index);
  if (routes === UNKNOWN) return UNKNOWN;
  let unresolved = false;
  for (const route of routes) {
    const destination = route.properties.DestinationIpv6CidrBlock;
    if (destination === undefined) continue;
    const igw = toInternetGateway(route, index);
    if (igw === false || igw === undefined) continue;
    if (isIntrinsic(destination) || igw === UNKNOWN) {
      unresolved = true;
    } else if (isWorld(destination)) {
      return true;
    }
  }
  return unresolved ? UNKNOWN : false;
}

/** A CIDR that covers every address (`0.0.0.0/0`, `::/0`, or any other `/0`). */
function isWorld(cidr: unknown): boolean {
  return typeof cidr === 'string' && /\/0$/.test(cidr.trim());
}

/** Whether a rule's source is an address range (CidrIp / CidrIpv6), not a security group or prefix list. */
function hasCidrSource(rule: any): boolean {
  return rule?.CidrIp !== undefined || rule?.CidrIpv6 !== undefined;
}

/**
 * The ports of `ports` an ingress rule opens to the whole internet: every port for protocol
 * -1, the covered ones for TCP; 'unknown' when the rule may cover some but cannot be resolved.
 *
 * Only CIDR sources reach the internet: a rule from a security group or prefix list
 * (`connections.allowDefaultPortFrom(otherGroup)`) opens nothing to it, whatever its port, so
 * its port (often a token such as a database endpoint's port) is never read.
 *
 * EC2 requires both FromPort and ToPort for TCP and rejects -1 ("Must specify both from and
 * to ports with TCP/UDP", "TCP/UDP port (-1) out of range"), so such a rule fails to deploy. It is
 * still read for what it asks for, so that a template never passes on a typo: a lone FromPort or
 * ToPort is that one port, and -1 is every port (what -1 means with IpProtocol -1).
 */
function worldOpenPorts(rule: any, ports: ReadonlyMap<number, string>): number[] | Unknown {
  if (!hasCidrSource(rule)) return [];
  const cidrUnknown = isIntrinsic(rule?.CidrIp) || isIntrinsic(rule?.CidrIpv6);
  if (!cidrUnknown && !isWorld(rule?.CidrIp) && !isWorld(rule?.CidrIpv6)) return [];
  const protocol = str(rule?.IpProtocol);
  if (protocol === UNKNOWN) return UNKNOWN;
  let from = 0;
  let to = 65535;
  const p = (protocol ?? '').toLowerCase();
  if (p === 'tcp' || p === '6') {
    const f = num(rule?.FromPort);
    const t = num(rule?.ToPort);
    if (f === UNKNOWN || t === UNKNOWN) return UNKNOWN;
    if (f === undefined && t === undefined) return [];
    const start = f ?? t!;
    const end = t ?? f!;
    if (start < 0 || end < 0) {
      from = 0;
      to = 65535;
    } else {
      from = start;
      to = end;
    }
  } else if (p !== '-1' && p !== 'all') {
    return [];
  }
  const covered = [...ports.keys()].filter((port) => from <= port && port <= to);
  if (covered.length === 0) return [];
  return cidrUnknown ? UNKNOWN : covered;
}

interface PublicIngressOptions {
  readonly id: string;
  readonly title: string;
  readonly what: string;
  readonly ports: ReadonlyMap<number, string>;
  readonly nagRule: string;
  readonly fix: string;
}

/** A control that fails when a security group (or standalone ingress rule) opens `ports` to the internet. */
function publicIngressControl(o: PublicIngressOptions): Control {
  return {
    id: o.id,
    title: o.title,
    resourceTypes: [SECURITY_GROUP, INGRESS],
    citations: ['164.312(a)(1)', '164.312(e)(1)'],
    severity: HipaaSeverity.ERROR,
    nagRule: o.nagRule,
    fix: o.fix,
    check: (r) => {
      const rules = r.type === SECURITY_GROUP ? list(r.properties.SecurityGroupIngress) : [r.properties];
      if (rules === UNKNOWN) return unverifiable('SecurityGroupIngress cannot be resolved at synth.');
      const exposed: string[] = [];
      let unresolved = false;
      for (const rule of rules) {
        const open = worldOpenPorts(rule, o.ports);
        if (open === UNKNOWN) {unresolved = true;} else if (open.length > 0) {
          exposed.push(`${rule.CidrIp ?? rule.CidrIpv6} reaches ${open.map((port) => `${port} (${o.ports.get(port)})`).join(', ')}`);
        }
      }
      if (exposed.length > 0) return fail(`ingress from the internet opens ${o.what}: ${exposed.join('; ')}.`);
      if (unresolved) return unverifiable(`an ingress rule may open ${o.what} to the internet, but its CIDR, protocol or port cannot be resolved at synth.`);
      return pass();
    },
  };
}

/**
 * EC2.NoPublicAdminPorts: no security group rule opens SSH (22), RDP (3389) or FTP (20, 21) to the internet.
 * - given ingress on 22, 3389, 20 or 21 from a CIDR other than 0.0.0.0/0 or ::/0, then PASS
 * - given ingress from a security group or prefix list, whatever its port (a token port
 *   included: connections.allowDefaultPortFrom(otherGroup)), then PASS: it opens nothing to the internet
 * - given 0.0.0.0/0 ingress on TCP 22 as a lone FromPort (no ToPort), then FAIL: EC2 rejects the rule at
 *   deploy, and it asks for port 22 (it is read as that one port, not as open up to 65535)
 * - given 0.0.0.0/0 ingress on TCP with ToPort -1, then FAIL: -1 is read as every port
 * - given 0.0.0.0/0 or ::/0 ingress on TCP 22 or 3389, a TCP range that covers them, or IpProtocol -1, then FAIL
 * - given the same in a standalone AWS::EC2::SecurityGroupIngress, then FAIL
 * - given a standalone AWS::EC2::SecurityGroupIngress opening FTP (TCP 20-21) to 0.0.0.0/0, then FAIL
 * - given such a rule whose CIDR comes from a parameter, or 0.0.0.0/0 ingress whose port is a token, then UNVERIFIABLE
 */
const noPublicAdminPorts = publicIngressControl({
  id: 'EC2.NoPublicAdminPorts',
  title: 'Security group does not open SSH, RDP or FTP to the internet',
  what: 'remote administration or file transfer ports',
  ports: ADMIN_PORTS,
  nagRule: 'EC2RestrictedSSH',
  fix: 'Remove the 0.0.0.0/0 and ::/0 rules; reach instances with Systems Manager Session Manager or from a known CIDR, and move files over SFTP or HTTPS.',
});

/**
 * EC2.NoPublicDatabasePorts: no security group rule opens a database, cache or search port
 * (3306, 3309, 4333, 5432, 1433, 1521, 6379, 11211, 27017, 9200, 5439, 5984, ...) to the internet.
 * - given ingress on a database port from a private CIDR, then PASS
 * - given ingress from a security group or prefix list, whatever its port (connections.allowDefaultPortFrom(otherGroup)
 *   renders the database endpoint's port as a token), then PASS: it opens nothing to the internet
 * - given 0.0.0.0/0 or ::/0 ingress on such a port, a TCP range that covers one, or IpProtocol -1, then FAIL
 * - given such a rule whose CIDR comes from a parameter, or 0.0.0.0/0 ingress whose port is a token, then UNVERIFIABLE
 */
const noPublicDatabasePorts = publicIngressControl({
  id: 'EC2.NoPublicDatabasePorts',
  title: 'Security group does not open database ports to the internet',
  what: 'database ports',
  ports: DATABASE_PORTS,
  nagRule: 'EC2RestrictedCommonPorts',
  fix: 'Allow database ports only from the security groups of the clients (connections.allowDefaultPortFrom).',
});

/** Ports that carry plain HTTP. */
const PLAIN_HTTP_PORTS: ReadonlyMap<number, string> = new Map([[80, 'HTTP'], [8080, 'HTTP alternate']]);

/** Resources that can stand in front of servers and take plain HTTP only to redirect or forward it (their listeners are judged by ELB controls). */
const LOAD_BALANCERS = ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancing::LoadBalancer'];

/**
 * EC2.NoPublicPlainHttp: no server of the app accepts plain HTTP (80, 8080) from the internet.
 * A load balancer may: its port-80 listener is judged by ELBv2.ListenerEncrypted (a redirect to HTTPS passes).
 * - given ingress on 80 or 8080 from a private CIDR or a security group only, then PASS
 * - given 0.0.0.0/0 or ::/0 ingress on 80 to a group that only load balancers use (an internet-facing ALB), then PASS
 * - given 0.0.0.0/0 or ::/0 ingress on 80, 8080, a TCP range covering them or IpProtocol -1 to a group an instance,
 *   launch template, launch configuration, Auto Scaling group, ECS service or other server uses, then FAIL
 * - given a standalone AWS::EC2::SecurityGroupIngress doing the same for such a group, then FAIL
 * - given such ingress to a group nothing in the app uses, or a standalone rule for a group outside the app, then UNVERIFIABLE:
 *   what the group fronts is not in the template
 * - given such a rule whose CIDR or port comes from a parameter, then UNVERIFIABLE
 */
const noPublicPlainHttp: Control = {
  id: 'EC2.NoPublicPlainHttp',
  title: 'Servers do not accept plain HTTP from the internet',
  resourceTypes: [SECURITY_GROUP, INGRESS],
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'A server that answers plain HTTP on the internet receives whatever a client sends, PHI and session cookies included, in clear text across networks nobody controls.',
  fix: 'Serve HTTPS only, behind a load balancer with an HTTPS listener that redirects port 80 (or remove the 0.0.0.0/0 rule for 80 and 8080).',
  check: (r, index) => {
    const rules = r.type === SECURITY_GROUP ? list(r.properties.SecurityGroupIngress) : [r.properties];
    if (rules === UNKNOWN) return unverifiable('SecurityGroupIngress cannot be resolved at synth.');
    let open: number[] = [];
    let unresolved = false;
    for (const rule of rules) {
      const ports = worldOpenPorts(rule, PLAIN_HTTP_PORTS);
      if (ports === UNKNOWN) unresolved = true;
      else open = [...open, ...ports.filter((p) => !open.includes(p))];
    }
    if (open.length === 0) {
      return unresolved ? unverifiable('an ingress rule may open plain HTTP to the internet, but its CIDR, protocol or port cannot be resolved at synth.') : pass();
    }
    const ports = open.map((p) => `${p} (${PLAIN_HTTP_PORTS.get(p)})`).join(', ');
    const group = r.type === SECURITY_GROUP ? r : index.target(r.properties.GroupId, r);
    if (group?.type !== SECURITY_GROUP) return unverifiable(`the rule opens ${ports} to the internet for a security group outside the app, so what it fronts cannot be seen.`);
    const servers = SERVERS.flatMap((type) => index.referencing(group, type));
    if (servers.length > 0) {
      return fail(`the internet reaches ${ports} on ${servers.map((s) => `${s.logicalId} (${s.type})`).join(', ')}, which then take plain HTTP.`);
    }
    if (LOAD_BALANCERS.some((type) => index.referencing(group, type).length > 0)) return pass();
    return unverifiable(`the group opens ${ports} to the internet, but nothing in the app uses it, so what it fronts cannot be seen.`);
  },
};

/**
 * EC2.VpcFlowLogs: the VPC's traffic is recorded by a flow log.
 * - given an AWS::EC2::FlowLog anywhere in the app whose ResourceId references the VPC, with
 *   TrafficType ALL, then PASS (vpc.addFlowLog, or the `flowLogs` prop)
 * - given no such flow log, then FAIL
 * - given flow logs of REJECT or ACCEPT traffic only, then FAIL
 */
const vpcFlowLogs: Control = {
  id: 'EC2.VpcFlowLogs',
  title: 'VPC flow logs are enabled',
  resourceTypes: [VPC],
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'VPCFlowLogsEnabled',
  fix: 'Call vpc.addFlowLog(...) (or set flowLogs) with trafficType ALL.',
  check: (r, index) => {
    const logs = index.referencing(r, FLOW_LOG).filter((f) => index.target(f.properties.ResourceId, f) === r);
    if (logs.length === 0) return fail('no AWS::EC2::FlowLog records this VPC\'s traffic.');
    const types = logs.map((f) => str(f.properties.TrafficType));
    if (types.some((t) => t === undefined || t === 'ALL')) return pass();
    if (types.includes(UNKNOWN)) return unverifiable('TrafficType cannot be resolved at synth.');
    return fail(`the flow logs record ${types.join(', ')} traffic only.`);
  },
};

/** Resources that launch instances or network interfaces into the subnets they name. */
const SUBNET_LAUNCHERS = [
  'AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate', 'AWS::EC2::NetworkInterface', 'AWS::EC2::SpotFleet', 'AWS::EC2::EC2Fleet',
  'AWS::AutoScaling::AutoScalingGroup', 'AWS::ECS::Service', 'AWS::ECS::TaskSet', 'AWS::EKS::Nodegroup', 'AWS::EKS::Cluster',
  'AWS::Batch::ComputeEnvironment', 'AWS::EMR::Cluster', 'AWS::SageMaker::NotebookInstance', 'AWS::Cloud9::EnvironmentEC2',
  'AWS::ElasticBeanstalk::Environment', 'AWS::WorkSpaces::Workspace',
];
/** Resources that run servers behind the security groups they name. */
const SERVERS = [...SUBNET_LAUNCHERS.filter((t) => t !== 'AWS::EKS::Cluster'), 'AWS::AutoScaling::LaunchConfiguration'];

/** What belongs in a public subnet: NAT gateways and internet-facing load balancers. */
const PUBLIC_SUBNET_TENANTS = ['AWS::EC2::NatGateway', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancing::LoadBalancer'];

/**
 * What the app places in a subnet: 'compute' when a launcher names it, 'entry points' when only NAT
 * gateways or load balancers do, 'nothing' otherwise.
 */
function subnetTenants(subnet: RenderedResource, index: ResourceIndex): { kind: 'compute'; launchers: RenderedResource[] } | { kind: 'entry points' | 'nothing' } {
  const launchers = SUBNET_LAUNCHERS.flatMap((type) => index.referencing(subnet, type));
  if (launchers.length > 0) return { kind: 'compute', launchers };
  return PUBLIC_SUBNET_TENANTS.some((type) => index.referencing(subnet, type).length > 0) ? { kind: 'entry points' } : { kind: 'nothing' };
}

/**
 * EC2.SubnetNoAutoPublicIp: no compute of the app lands in a subnet that gives it a public IP address.
 * An IPv6 address is public when the subnet routes ::/0 to an internet gateway (not an egress-only one).
 * - given MapPublicIpOnLaunch false or absent (private and isolated subnets) and AssignIpv6AddressOnCreation
 *   false or absent, then PASS
 * - given AssignIpv6AddressOnCreation true in a subnet that routes ::/0 only to an egress-only internet
 *   gateway or not at all, then PASS: its IPv6 addresses cannot be reached from the internet
 * - given MapPublicIpOnLaunch true, or AssignIpv6AddressOnCreation true with ::/0 routed to an internet gateway,
 *   and an instance, launch template, Auto Scaling group, ECS service, EKS node group or other launcher of
 *   the app placed in the subnet, then FAIL
 * - given either and only NAT gateways or load balancers placed in it (what public subnets are for; their
 *   addresses are Elastic IPs or managed by the service), then PASS
 * - given either and nothing of the app placed in it, then FAIL (warning: anything launched there later gets a public address)
 * - given a parameter, or AssignIpv6AddressOnCreation true in a subnet whose route table is outside the app
 *   (the VPC's main route table) or cannot be resolved, then UNVERIFIABLE
 */
const subnetNoAutoPublicIp: Control = {
  id: 'EC2.SubnetNoAutoPublicIp',
  title: 'No compute lands in a subnet that assigns public IP addresses on launch',
  resourceTypes: [SUBNET],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'VPCSubnetAutoAssignPublicIpDisabled',
  fix: 'Put PHI workloads in PRIVATE_WITH_EGRESS or PRIVATE_ISOLATED subnets, and set mapPublicIpOnLaunch: false on public subnets '
    + '(and ipv6AssignAddressOnCreation: false where ::/0 goes to the internet gateway).',
  check: (r, index) => {
    const map = bool(r.properties.MapPublicIpOnLaunch);
    if (map === UNKNOWN) return unverifiable('MapPublicIpOnLaunch cannot be resolved at synth.');
    const ipv6 = bool(r.properties.AssignIpv6AddressOnCreation);
    if (ipv6 === UNKNOWN) return unverifiable('AssignIpv6AddressOnCreation cannot be resolved at synth.');
    let reason: string;
    if (map === true) {
      reason = 'MapPublicIpOnLaunch is true';
    } else if (ipv6 === true) {
      const routed = routesIpv6ToInternet(r, index);
      if (routed === UNKNOWN) {
        return unverifiable('AssignIpv6AddressOnCreation is true, and whether the subnet routes ::/0 to an internet gateway cannot be told at synth '
          + '(its route table is the VPC\'s main one, outside the template, or a route cannot be resolved).');
      }
      if (!routed) return pass();
      reason = 'AssignIpv6AddressOnCreation is true and the subnet routes ::/0 to an internet gateway';
    } else {
      return pass();
    }
    const tenants = subnetTenants(r, index);
    if (tenants.kind === 'compute') {
      const launchers = tenants.launchers;
      return fail(`${reason}, and ${launchers.map((l) => l.logicalId).join(', ')} launch${launchers.length === 1 ? 'es' : ''} into it with public IP addresses.`);
    }
    if (tenants.kind === 'entry points') return pass();
    return fail(`${reason}, so every instance launched here gets a public IP address.`);
  },
};

/**
 * EC2.NoUnrestrictedRouteToIgw: no route sends every address to an internet gateway, except in the
 * route tables of public subnets that hold only NAT gateways and load balancers. Such a route is what
 * makes a subnet public; public subnets are expected for those entry points, and nothing else of the
 * app belongs behind one (EC2.SubnetNoAutoPublicIp and EC2.InstanceNoPublicIp judge what runs there).
 * - given DestinationCidrBlock 0.0.0.0/0 or DestinationIpv6CidrBlock ::/0 and a GatewayId that is an
 *   AWS::EC2::InternetGateway of the app or a literal igw- id, in a route table whose every associated
 *   subnet holds NAT gateways or load balancers of the app and no compute (ec2.Vpc's public subnets), then PASS
 * - given such a route whose subnets hold nothing of the app and assign no public address on launch
 *   (MapPublicIpOnLaunch and AssignIpv6AddressOnCreation false or absent), then PASS
 * - given such a route in a route table with an associated subnet the app launches compute into, or one
 *   that holds nothing of the app and assigns public addresses on launch, or with no associated subnet
 *   in the app, then FAIL (warning)
 * - given such a route whose empty subnet's address assignment comes from a parameter, then UNVERIFIABLE
 * - given a narrower destination to an internet gateway, then PASS
 * - given a route to a NAT gateway, transit gateway, peering connection, egress-only internet gateway,
 *   network interface or virtual private gateway, then PASS
 * - given a gateway or destination from a parameter, or a destination prefix list, then UNVERIFIABLE
 */
const noUnrestrictedRouteToIgw: Control = {
  id: 'EC2.NoUnrestrictedRouteToIgw',
  title: 'No route sends every address to an internet gateway unless the subnet is meant to be public',
  resourceTypes: [ROUTE],
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'VPCNoUnrestrictedRouteToIGW',
  fix: 'Keep PHI workloads in PRIVATE_WITH_EGRESS or PRIVATE_ISOLATED subnets; place only NAT gateways and internet-facing load balancers in public subnets.',
  rationale: 'A route from 0.0.0.0/0 or ::/0 to an internet gateway makes every address in the subnet with a public IP reachable from the internet; '
    + 'only the entry points (NAT gateways, load balancers) belong there, never the systems that store or process PHI.',
  check: (r, index) => {
    const igw = toInternetGateway(r, index);
    if (igw === undefined || igw === false) return pass();
    if (igw === UNKNOWN) return unverifiable(`GatewayId ${JSON.stringify(r.properties.GatewayId)} cannot be resolved at synth, so whether it is an internet gateway is unknown.`);
    const v4 = r.properties.DestinationCidrBlock;
    const v6 = r.properties.DestinationIpv6CidrBlock;
    const open = [v4, v6].find((cidr) => isWorld(cidr));
    if (open !== undefined) {
      const subnets = routeTableSubnets(r, index);
      const tenants = subnets.map((subnet) => ({ subnet, tenants: subnetTenants(subnet, index), assigns: assignsPublicAddresses(subnet) }));
      if (tenants.some((t) => t.tenants.kind === 'nothing' && t.assigns === UNKNOWN)) {
        return unverifiable('the route sends every address to an internet gateway, and whether a subnet behind it assigns public addresses cannot be resolved at synth.');
      }
      const acceptable = (t: typeof tenants[number]) => t.tenants.kind === 'entry points' || (t.tenants.kind === 'nothing' && t.assigns === false);
      if (tenants.length > 0 && tenants.every(acceptable)) return pass();
      const compute = tenants.filter((t) => t.tenants.kind === 'compute').map((t) => t.subnet.logicalId);
      const where = compute.length > 0 ? `compute of the app runs in ${compute.join(', ')} behind it`
        : tenants.length === 0 ? 'no subnet of the app is associated with its route table'
          : 'a subnet behind it assigns public addresses on launch and holds nothing of the app yet';
      return fail(`the route sends ${open} to an internet gateway and ${where}, so anything there with a public address is reachable from the internet. `
        + 'Only NAT gateways and internet-facing load balancers belong in public subnets; PHI workloads belong in subnets without this route.');
    }
    if (isIntrinsic(v4) || isIntrinsic(v6) || (v4 === undefined && v6 === undefined)) {
      return unverifiable('the route\'s destination (a parameter or a prefix list) cannot be resolved at synth.');
    }
    return pass();
  },
};

/** Whether a subnet gives what launches into it a public IPv4 or IPv6 address by default. */
function assignsPublicAddresses(subnet: RenderedResource): boolean | Unknown {
  const v4 = bool(subnet.properties.MapPublicIpOnLaunch);
  const v6 = bool(subnet.properties.AssignIpv6AddressOnCreation);
  if (v4 === true || v6 === true) return true;
  return v4 === UNKNOWN || v6 === UNKNOWN ? UNKNOWN : false;
}

/** The subnets of the app associated with a route's route table. */
function routeTableSubnets(route: RenderedResource, index: ResourceIndex): RenderedResource[] {
  const table = index.target(route.properties.RouteTableId, route);
  if (table?.type !== ROUTE_TABLE) return [];
  return index.referencing(table, ROUTE_TABLE_ASSOCIATION)
    .filter((a) => index.target(a.properties.RouteTableId, a)?.key === table.key)
    .map((a) => index.target(a.properties.SubnetId, a))
    .filter((subnet): subnet is RenderedResource => subnet?.type === SUBNET);
}

/** The custom resource aws-cdk-lib's ec2.Vpc adds to remove the default security group's rules (restrictDefaultSecurityGroup). */
const RESTRICT_DEFAULT_SG = 'Custom::VpcRestrictDefaultSG';

/**
 * EC2.DefaultSecurityGroupClosed: the VPC's default security group has no rules, so nothing placed in it
 * by omission can talk to anything.
 * - given a Custom::VpcRestrictDefaultSG whose DefaultSecurityGroupId is the VPC's DefaultSecurityGroup
 *   (ec2.Vpc with restrictDefaultSecurityGroup, the default under the @aws-cdk/aws-ec2:restrictDefaultSecurityGroup
 *   feature flag), then PASS
 * - given no such custom resource (an L1 VPC, or the flag off: CloudFormation leaves the default group's
 *   allow-all egress and self-referencing ingress in place), then FAIL (warning)
 * - given such a custom resource whose DefaultSecurityGroupId cannot be resolved at synth, then UNVERIFIABLE
 */
const defaultSecurityGroupClosed: Control = {
  id: 'EC2.DefaultSecurityGroupClosed',
  title: 'VPC default security group has no rules',
  resourceTypes: [VPC],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'VPCDefaultSecurityGroupClosed',
  fix: 'Set restrictDefaultSecurityGroup: true on the ec2.Vpc (or enable the @aws-cdk/aws-ec2:restrictDefaultSecurityGroup feature flag).',
  rationale: 'Resources launched without a security group land in the default one, whose rules let them reach each other and the internet; '
    + 'with no rules, access has to be granted on purpose.',
  check: (r, index) => {
    const restrictors = index.referencing(r, RESTRICT_DEFAULT_SG);
    if (restrictors.some((c) => index.target(c.properties.DefaultSecurityGroupId, c) === r)) return pass();
    const unresolved = index.ofType(RESTRICT_DEFAULT_SG).some((c) => isIntrinsic(c.properties.DefaultSecurityGroupId)
      && index.target(c.properties.DefaultSecurityGroupId, c) === undefined);
    if (unresolved) return unverifiable(`a ${RESTRICT_DEFAULT_SG} custom resource names a security group synth cannot resolve, which may be this VPC's default one.`);
    return fail('nothing removes the rules of the VPC\'s default security group, which allow all egress and all traffic between its members.');
  },
};

/** Controls for the EC2 network: security groups, VPCs and subnets. */
export const EC2_NETWORK_CONTROLS: readonly Control[] = [
  noPublicAdminPorts,
  noPublicDatabasePorts,
  noPublicPlainHttp,
  vpcFlowLogs,
  subnetNoAutoPublicIp,
  noUnrestrictedRouteToIgw,
  defaultSecurityGroupClosed,
];

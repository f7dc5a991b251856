import { CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { ControlFixture } from './harness';

// The controls of src/controls/ec2-network.ts (security groups, VPCs, subnets, routes).

function vpcOf(f: ControlFixture): ec2.Vpc {
  return new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
}

describe('EC2.NoPublicAdminPorts and EC2.NoPublicDatabasePorts', () => {
  function sg(f: ControlFixture): ec2.SecurityGroup {
    return new ec2.SecurityGroup(f.stack, 'Sg', { vpc: vpcOf(f) });
  }
  test('PASS given rules from a security group, a private CIDR, and HTTPS from the internet', () => {
    const f = new ControlFixture();
    const group = sg(f);
    group.addIngressRule(ec2.Peer.securityGroupId('sg-0123456789abcdef0'), ec2.Port.tcp(5432));
    group.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(22));
    group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.udp(22));
    expect(f.status('EC2.NoPublicAdminPorts', 'Sg')).toBe('PASS');
    expect(f.status('EC2.NoPublicDatabasePorts', 'Sg')).toBe('PASS');
  });
  test('FAIL given SSH from 0.0.0.0/0', () => {
    const f = new ControlFixture();
    sg(f).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    expect(f.status('EC2.NoPublicAdminPorts', 'Sg')).toBe('FAIL');
    expect(f.message('EC2.NoPublicAdminPorts', 'Sg')).toMatch(/0\.0\.0\.0\/0 reaches 22 \(SSH\)/);
    expect(f.status('EC2.NoPublicDatabasePorts', 'Sg')).toBe('PASS');
  });
  test('FAIL given an IPv6 port range that covers RDP and MySQL', () => {
    const f = new ControlFixture();
    sg(f).addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcpRange(3000, 4000));
    expect(f.status('EC2.NoPublicAdminPorts', 'Sg')).toBe('FAIL');
    expect(f.message('EC2.NoPublicAdminPorts', 'Sg')).toMatch(/::\/0 reaches 3389 \(RDP\)/);
    expect(f.status('EC2.NoPublicDatabasePorts', 'Sg')).toBe('FAIL');
    expect(f.message('EC2.NoPublicDatabasePorts', 'Sg')).toMatch(/3306 \(MySQL\/MariaDB\)/);
  });
  test('FAIL given all traffic from the internet', () => {
    const f = new ControlFixture();
    sg(f).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic());
    expect(f.status('EC2.NoPublicAdminPorts', 'Sg')).toBe('FAIL');
    expect(f.status('EC2.NoPublicDatabasePorts', 'Sg')).toBe('FAIL');
    expect(f.message('EC2.NoPublicDatabasePorts', 'Sg')).toMatch(/5432 \(PostgreSQL\)/);
  });
  test('FAIL given an L1 SecurityGroupIngress opening PostgreSQL', () => {
    const f = new ControlFixture();
    new ec2.CfnSecurityGroupIngress(f.stack, 'Rule', { groupId: 'sg-0123456789abcdef0', ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIp: '0.0.0.0/0' });
    expect(f.status('EC2.NoPublicDatabasePorts', 'Rule')).toBe('FAIL');
    expect(f.message('EC2.NoPublicDatabasePorts', 'Rule')).toMatch(/5432/);
  });
  test('FAIL given a standalone L1 ingress opening FTP (TCP 20-21) to 0.0.0.0/0', () => {
    const f = new ControlFixture();
    new ec2.CfnSecurityGroupIngress(f.stack, 'Rule', { groupId: 'sg-0123456789abcdef0', ipProtocol: 'tcp', fromPort: 20, toPort: 21, cidrIp: '0.0.0.0/0' });
    expect(f.status('EC2.NoPublicAdminPorts', 'Rule')).toBe('FAIL');
    expect(f.message('EC2.NoPublicAdminPorts', 'Rule')).toMatch(/20 \(FTP data\), 21 \(FTP\)/);
    expect(f.status('EC2.NoPublicDatabasePorts', 'Rule')).toBe('PASS');
  });
  test('PASS given FTP from a private CIDR', () => {
    const f = new ControlFixture();
    sg(f).addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcpRange(20, 21));
    expect(f.status('EC2.NoPublicAdminPorts', 'Sg')).toBe('PASS');
  });
  test('FAIL given mSQL (4333) or the alternate MySQL port (3309) open to the internet', () => {
    const f = new ControlFixture();
    sg(f).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(4333));
    new ec2.CfnSecurityGroupIngress(f.stack, 'Rule', { groupId: 'sg-0123456789abcdef0', ipProtocol: 'tcp', fromPort: 3309, toPort: 3309, cidrIp: '0.0.0.0/0' });
    expect(f.status('EC2.NoPublicDatabasePorts', 'Sg')).toBe('FAIL');
    expect(f.message('EC2.NoPublicDatabasePorts', 'Sg')).toMatch(/4333 \(mSQL\)/);
    expect(f.status('EC2.NoPublicDatabasePorts', 'Rule')).toBe('FAIL');
    expect(f.status('EC2.NoPublicAdminPorts', 'Sg')).toBe('PASS');
  });
  test('UNVERIFIABLE given SSH from a CIDR parameter', () => {
    const f = new ControlFixture();
    const cidr = new CfnParameter(f.stack, 'Cidr', { type: 'String' });
    new ec2.CfnSecurityGroupIngress(f.stack, 'Rule', { groupId: 'sg-0123456789abcdef0', ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIp: cidr.valueAsString });
    expect(f.status('EC2.NoPublicAdminPorts', 'Rule')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a database port open to a CIDR parameter', () => {
    const f = new ControlFixture();
    const cidr = new CfnParameter(f.stack, 'Cidr', { type: 'String' });
    new ec2.CfnSecurityGroupIngress(f.stack, 'Rule', { groupId: 'sg-0123456789abcdef0', ipProtocol: 'tcp', fromPort: 3306, toPort: 3306, cidrIp: cidr.valueAsString });
    expect(f.status('EC2.NoPublicDatabasePorts', 'Rule')).toBe('UNVERIFIABLE');
    expect(f.status('EC2.NoPublicAdminPorts', 'Rule')).toBe('PASS');
  });
  test('PASS given allowDefaultPortFrom another security group: the port is a token, the source is not the internet', () => {
    const f = new ControlFixture();
    const vpc = vpcOf(f);
    const clients = new ec2.SecurityGroup(f.stack, 'Clients', { vpc });
    const db = new rds.DatabaseInstance(f.stack, 'Db', { engine: rds.DatabaseInstanceEngine.POSTGRES, vpc });
    db.connections.allowDefaultPortFrom(clients);
    db.connections.allowDefaultPortFrom(ec2.Peer.prefixList('pl-0123456789abcdef0'));
    const rules = f.stack.node.findAll().filter((c) => c instanceof ec2.CfnSecurityGroupIngress).map((c) => c.node.path);
    // each renders a standalone ingress whose FromPort/ToPort are Fn::GetAtt of the endpoint's port
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      expect([rule, f.status('EC2.NoPublicAdminPorts', rule)]).toEqual([rule, 'PASS']);
      expect([rule, f.status('EC2.NoPublicDatabasePorts', rule)]).toEqual([rule, 'PASS']);
    }
  });
  test('FAIL given 0.0.0.0/0 ingress on TCP 22 as a lone FromPort: read as port 22 only, not as open to 65535', () => {
    const f = new ControlFixture();
    new ec2.CfnSecurityGroupIngress(f.stack, 'Rule', { groupId: 'sg-0123456789abcdef0', ipProtocol: 'tcp', fromPort: 22, cidrIp: '0.0.0.0/0' });
    new ec2.CfnSecurityGroupIngress(f.stack, 'ToOnly', { groupId: 'sg-0123456789abcdef0', ipProtocol: 'tcp', toPort: 5432, cidrIp: '0.0.0.0/0' });
    expect(f.status('EC2.NoPublicAdminPorts', 'Rule')).toBe('FAIL');
    expect(f.status('EC2.NoPublicDatabasePorts', 'Rule')).toBe('PASS');
    expect(f.status('EC2.NoPublicAdminPorts', 'ToOnly')).toBe('PASS');
    expect(f.status('EC2.NoPublicDatabasePorts', 'ToOnly')).toBe('FAIL');
  });
  test('FAIL given 0.0.0.0/0 ingress on TCP with ToPort -1: read as every port', () => {
    const f = new ControlFixture();
    new ec2.CfnSecurityGroupIngress(f.stack, 'Rule', { groupId: 'sg-0123456789abcdef0', ipProtocol: 'tcp', fromPort: 1, toPort: -1, cidrIp: '0.0.0.0/0' });
    expect(f.status('EC2.NoPublicAdminPorts', 'Rule')).toBe('FAIL');
    expect(f.status('EC2.NoPublicDatabasePorts', 'Rule')).toBe('FAIL');
  });
  test('UNVERIFIABLE given 0.0.0.0/0 ingress whose port is a token', () => {
    const f = new ControlFixture();
    const port = new CfnParameter(f.stack, 'Port', { type: 'Number' }).valueAsNumber;
    new ec2.CfnSecurityGroupIngress(f.stack, 'Rule', { groupId: 'sg-0123456789abcdef0', ipProtocol: 'tcp', fromPort: port, toPort: port, cidrIp: '0.0.0.0/0' });
    expect(f.status('EC2.NoPublicAdminPorts', 'Rule')).toBe('UNVERIFIABLE');
    expect(f.message('EC2.NoPublicAdminPorts', 'Rule')).toMatch(/cannot be resolved at synth/);
    expect(f.status('EC2.NoPublicDatabasePorts', 'Rule')).toBe('UNVERIFIABLE');
  });
});

describe('EC2.NoPublicPlainHttp', () => {
  function webTier(f: ControlFixture): { vpc: ec2.Vpc; group: ec2.SecurityGroup } {
    const vpc = vpcOf(f);
    return { vpc, group: new ec2.SecurityGroup(f.stack, 'Sg', { vpc }) };
  }
  function instanceIn(f: ControlFixture, vpc: ec2.Vpc, group: ec2.ISecurityGroup): void {
    new ec2.Instance(f.stack, 'Web', {
      vpc,
      securityGroup: group,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    });
  }
  test('PASS given HTTP from a private CIDR and HTTPS from the internet to an instance', () => {
    const f = new ControlFixture();
    const { vpc, group } = webTier(f);
    group.addIngressRule(ec2.Peer.ipv4('10.0.0.0/8'), ec2.Port.tcp(80));
    group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    instanceIn(f, vpc, group);
    expect(f.status('EC2.NoPublicPlainHttp', 'Sg')).toBe('PASS');
  });
  test('PASS given HTTP from the internet to an internet-facing load balancer only', () => {
    const f = new ControlFixture();
    const vpc = vpcOf(f);
    const alb = new elbv2.ApplicationLoadBalancer(f.stack, 'Alb', { vpc, internetFacing: true });
    alb.addListener('Http', { port: 80, open: true, defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443' }) });
    expect(f.status('EC2.NoPublicPlainHttp', 'Alb/SecurityGroup')).toBe('PASS');
  });
  test('FAIL given HTTP from the internet to an instance', () => {
    const f = new ControlFixture();
    const { vpc, group } = webTier(f);
    group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80));
    instanceIn(f, vpc, group);
    expect(f.status('EC2.NoPublicPlainHttp', 'Sg')).toBe('FAIL');
    expect(f.message('EC2.NoPublicPlainHttp', 'Sg')).toMatch(/80 \(HTTP\) on Web[0-9A-F]{8} \(AWS::EC2::Instance\)/);
  });
  test('FAIL given all traffic from ::/0 to an Auto Scaling group\'s launch template', () => {
    const f = new ControlFixture();
    const { vpc, group } = webTier(f);
    group.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.allTraffic());
    new autoscaling.AutoScalingGroup(f.stack, 'Asg', {
      vpc,
      securityGroup: group,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    });
    expect(f.status('EC2.NoPublicPlainHttp', 'Sg')).toBe('FAIL');
    expect(f.message('EC2.NoPublicPlainHttp', 'Sg')).toMatch(/80 \(HTTP\), 8080 \(HTTP alternate\)/);
  });
  test('FAIL given a standalone ingress on 8080 from the internet to an instance\'s group', () => {
    const f = new ControlFixture();
    const { vpc, group } = webTier(f);
    instanceIn(f, vpc, group);
    new ec2.CfnSecurityGroupIngress(f.stack, 'Rule', { groupId: group.securityGroupId, ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, cidrIp: '0.0.0.0/0' });
    expect(f.status('EC2.NoPublicPlainHttp', 'Rule')).toBe('FAIL');
    expect(f.status('EC2.NoPublicPlainHttp', 'Sg')).toBe('PASS');
  });
  test('UNVERIFIABLE given HTTP from the internet to a group nothing in the app uses, or to a group outside the app', () => {
    const f = new ControlFixture();
    webTier(f).group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80));
    new ec2.CfnSecurityGroupIngress(f.stack, 'Rule', { groupId: 'sg-0123456789abcdef0', ipProtocol: 'tcp', fromPort: 80, toPort: 80, cidrIp: '0.0.0.0/0' });
    expect(f.status('EC2.NoPublicPlainHttp', 'Sg')).toBe('UNVERIFIABLE');
    expect(f.message('EC2.NoPublicPlainHttp', 'Sg')).toMatch(/nothing in the app uses it/);
    expect(f.status('EC2.NoPublicPlainHttp', 'Rule')).toBe('UNVERIFIABLE');
    expect(f.message('EC2.NoPublicPlainHttp', 'Rule')).toMatch(/outside the app/);
  });
  test('UNVERIFIABLE given a CIDR from a parameter on port 80', () => {
    const f = new ControlFixture();
    const { vpc, group } = webTier(f);
    group.addIngressRule(ec2.Peer.ipv4(new CfnParameter(f.stack, 'Cidr').valueAsString), ec2.Port.tcp(80));
    instanceIn(f, vpc, group);
    expect(f.status('EC2.NoPublicPlainHttp', 'Sg')).toBe('UNVERIFIABLE');
  });
});

describe('EC2.VpcFlowLogs', () => {
  test('FAIL given the ec2.Vpc default', () => {
    const f = new ControlFixture();
    vpcOf(f);
    expect(f.status('EC2.VpcFlowLogs', 'Vpc/Resource')).toBe('FAIL');
    expect(f.message('EC2.VpcFlowLogs', 'Vpc/Resource')).toMatch(/no AWS::EC2::FlowLog/);
  });
  test('PASS given flowLogs', () => {
    const f = new ControlFixture();
    new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, flowLogs: { All: {} } });
    expect(f.status('EC2.VpcFlowLogs', 'Vpc/Resource')).toBe('PASS');
  });
  test('PASS given a flow log defined in another stack', () => {
    const f = new ControlFixture();
    const vpc = vpcOf(f);
    const other = new Stack(f.app, 'Other', { env: { account: '123456789012', region: 'us-east-1' } });
    new ec2.CfnFlowLog(other, 'Log', { resourceId: vpc.vpcId, resourceType: 'VPC', trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::flow-logs' });
    expect(f.status('EC2.VpcFlowLogs', 'Vpc/Resource')).toBe('PASS');
  });
  test('FAIL given a flow log of rejected traffic only', () => {
    const f = new ControlFixture();
    const vpc = vpcOf(f);
    vpc.addFlowLog('Rejects', { trafficType: ec2.FlowLogTrafficType.REJECT });
    expect(f.status('EC2.VpcFlowLogs', 'Vpc/Resource')).toBe('FAIL');
    expect(f.message('EC2.VpcFlowLogs', 'Vpc/Resource')).toMatch(/REJECT traffic only/);
  });
});

describe('EC2.SubnetNoAutoPublicIp', () => {
  test('PASS given public subnets that hold only the NAT gateways (the ec2.Vpc default); PASS given a private one', () => {
    const f = new ControlFixture();
    vpcOf(f);
    expect(f.status('EC2.SubnetNoAutoPublicIp', 'Vpc/PublicSubnet1/Subnet')).toBe('PASS');
    expect(f.status('EC2.SubnetNoAutoPublicIp', 'Vpc/PrivateSubnet1/Subnet')).toBe('PASS');
  });
  test('PASS given a public subnet that holds an internet-facing load balancer', () => {
    const f = new ControlFixture();
    const subnet = new ec2.CfnSubnet(f.stack, 'S', { vpcId: 'vpc-0123456789abcdef0', cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: true });
    new elbv2.CfnLoadBalancer(f.stack, 'Lb', { scheme: 'internet-facing', subnets: [subnet.ref] });
    expect(f.status('EC2.SubnetNoAutoPublicIp', 'S')).toBe('PASS');
  });
  test('FAIL given an instance placed in a public subnet', () => {
    const f = new ControlFixture();
    const vpc = vpcOf(f);
    new ec2.CfnInstance(f.stack, 'Host', { imageId: 'ami-12345678', subnetId: vpc.publicSubnets[0].subnetId });
    expect(f.status('EC2.SubnetNoAutoPublicIp', 'Vpc/PublicSubnet1/Subnet')).toBe('FAIL');
    expect(f.message('EC2.SubnetNoAutoPublicIp', 'Vpc/PublicSubnet1/Subnet')).toMatch(/MapPublicIpOnLaunch is true, and Host launches into it/);
  });
  test('FAIL given an Auto Scaling group spanning public subnets, even beside a NAT gateway', () => {
    const f = new ControlFixture();
    const vpc = vpcOf(f);
    new autoscaling.CfnAutoScalingGroup(f.stack, 'Group', { maxSize: '1', minSize: '0', vpcZoneIdentifier: vpc.publicSubnets.map((s) => s.subnetId) });
    expect(f.status('EC2.SubnetNoAutoPublicIp', 'Vpc/PublicSubnet1/Subnet')).toBe('FAIL');
  });
  test('FAIL (warning) given an L1 subnet mapping public IPs that the app puts nothing in', () => {
    const f = new ControlFixture();
    new ec2.CfnSubnet(f.stack, 'S', { vpcId: 'vpc-0123456789abcdef0', cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: true });
    expect(f.status('EC2.SubnetNoAutoPublicIp', 'S')).toBe('FAIL');
    expect(f.message('EC2.SubnetNoAutoPublicIp', 'S')).toMatch(/every instance launched here gets a public IP address/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    const map = new CfnParameter(f.stack, 'Map', { type: 'String' });
    new ec2.CfnSubnet(f.stack, 'S', { vpcId: 'vpc-0123456789abcdef0', cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: map.valueAsString as any });
    expect(f.status('EC2.SubnetNoAutoPublicIp', 'S')).toBe('UNVERIFIABLE');
  });
  test('FAIL given a dual-stack VPC\'s public subnet with an instance: its IPv6 address is reachable through the internet gateway', () => {
    const f = new ControlFixture();
    const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 1, ipProtocol: ec2.IpProtocol.DUAL_STACK });
    (vpc.publicSubnets[0].node.defaultChild as ec2.CfnSubnet).mapPublicIpOnLaunch = false;
    new ec2.CfnInstance(f.stack, 'Host', { imageId: 'ami-12345678', subnetId: vpc.publicSubnets[0].subnetId });
    expect(f.status('EC2.SubnetNoAutoPublicIp', 'Vpc/PublicSubnet1/Subnet')).toBe('FAIL');
    expect(f.message('EC2.SubnetNoAutoPublicIp', 'Vpc/PublicSubnet1/Subnet')).toMatch(/AssignIpv6AddressOnCreation is true and the subnet routes ::\/0 to an internet gateway, and Host launches/);
  });
  test('PASS given a dual-stack VPC\'s private subnet: ::/0 goes to the egress-only internet gateway', () => {
    const f = new ControlFixture();
    const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 1, ipProtocol: ec2.IpProtocol.DUAL_STACK });
    new ec2.CfnInstance(f.stack, 'Host', { imageId: 'ami-12345678', subnetId: vpc.privateSubnets[0].subnetId });
    expect(f.status('EC2.SubnetNoAutoPublicIp', 'Vpc/PrivateSubnet1/Subnet')).toBe('PASS');
  });
  test('UNVERIFIABLE given an L1 subnet assigning IPv6 addresses without a route table of the app (the main route table)', () => {
    const f = new ControlFixture();
    new ec2.CfnSubnet(f.stack, 'S', { vpcId: 'vpc-0123456789abcdef0', ipv6CidrBlock: '2001:db8::/64', assignIpv6AddressOnCreation: true });
    expect(f.status('EC2.SubnetNoAutoPublicIp', 'S')).toBe('UNVERIFIABLE');
    expect(f.message('EC2.SubnetNoAutoPublicIp', 'S')).toMatch(/main one/);
  });
  test('FAIL (warning) given an L1 subnet assigning IPv6 addresses whose route table sends ::/0 to an internet gateway', () => {
    const f = new ControlFixture();
    const igw = new ec2.CfnInternetGateway(f.stack, 'Igw');
    const table = new ec2.CfnRouteTable(f.stack, 'Table', { vpcId: 'vpc-0123456789abcdef0' });
    new ec2.CfnRoute(f.stack, 'Route', { routeTableId: table.ref, destinationIpv6CidrBlock: '::/0', gatewayId: igw.ref });
    const subnet = new ec2.CfnSubnet(f.stack, 'S', { vpcId: 'vpc-0123456789abcdef0', ipv6CidrBlock: '2001:db8::/64', assignIpv6AddressOnCreation: true });
    new ec2.CfnSubnetRouteTableAssociation(f.stack, 'Assoc', { subnetId: subnet.ref, routeTableId: table.ref });
    expect(f.status('EC2.SubnetNoAutoPublicIp', 'S')).toBe('FAIL');
    expect(f.message('EC2.SubnetNoAutoPublicIp', 'S')).toMatch(/::\/0 to an internet gateway, so every instance launched here gets a public IP address/);
  });
  test('UNVERIFIABLE given AssignIpv6AddressOnCreation from a parameter', () => {
    const f = new ControlFixture();
    const assign = new CfnParameter(f.stack, 'Assign', { type: 'String' });
    new ec2.CfnSubnet(f.stack, 'S', { vpcId: 'vpc-0123456789abcdef0', ipv6CidrBlock: '2001:db8::/64', assignIpv6AddressOnCreation: assign.valueAsString as any });
    expect(f.status('EC2.SubnetNoAutoPublicIp', 'S')).toBe('UNVERIFIABLE');
  });
});

describe('EC2.NoUnrestrictedRouteToIgw', () => {
  test('PASS given the default route of ec2.Vpc public subnets that hold only NAT gateways, and the NAT route of a private subnet', () => {
    const f = new ControlFixture();
    new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 2 });
    expect(f.status('EC2.NoUnrestrictedRouteToIgw', 'Vpc/PublicSubnet1/DefaultRoute')).toBe('PASS');
    expect(f.status('EC2.NoUnrestrictedRouteToIgw', 'Vpc/PrivateSubnet1/DefaultRoute')).toBe('PASS');
  });
  test('FAIL (warning) given the default route of a public subnet an instance is launched into, or one that holds nothing', () => {
    const f = new ControlFixture();
    const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new ec2.Instance(f.stack, 'Bastion', {
      vpc,
      vpcSubnets: { subnets: [vpc.publicSubnets[0]] },
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    });
    expect(f.status('EC2.NoUnrestrictedRouteToIgw', 'Vpc/PublicSubnet1/DefaultRoute')).toBe('FAIL');
    expect(f.message('EC2.NoUnrestrictedRouteToIgw', 'Vpc/PublicSubnet1/DefaultRoute')).toMatch(/sends 0\.0\.0\.0\/0 to an internet gateway and compute of the app runs in VpcPublicSubnet1/);
    expect(f.status('EC2.NoUnrestrictedRouteToIgw', 'Vpc/PublicSubnet2/DefaultRoute')).toBe('FAIL');
    expect(f.message('EC2.NoUnrestrictedRouteToIgw', 'Vpc/PublicSubnet2/DefaultRoute')).toMatch(/assigns public addresses on launch and holds nothing of the app yet/);
  });
  test('PASS given the default route of an empty public subnet that assigns no public address; UNVERIFIABLE when that comes from a parameter', () => {
    const f = new ControlFixture();
    new ec2.Vpc(f.stack, 'Vpc', {
      maxAzs: 1,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false }],
    });
    expect(f.status('EC2.NoUnrestrictedRouteToIgw', 'Vpc/publicSubnet1/DefaultRoute')).toBe('PASS');
    const g = new ControlFixture();
    const map = new CfnParameter(g.stack, 'Map', { type: 'String' }).valueAsString;
    const vpc = new ec2.Vpc(g.stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }] });
    (vpc.publicSubnets[0].node.defaultChild as ec2.CfnSubnet).mapPublicIpOnLaunch = map as any;
    expect(g.status('EC2.NoUnrestrictedRouteToIgw', 'Vpc/publicSubnet1/DefaultRoute')).toBe('UNVERIFIABLE');
  });
  test('FAIL given ::/0 to a literal internet gateway id', () => {
    const f = new ControlFixture();
    new ec2.CfnRoute(f.stack, 'Route', { routeTableId: 'rtb-0123456789abcdef0', destinationIpv6CidrBlock: '::/0', gatewayId: 'igw-0123456789abcdef0' });
    expect(f.status('EC2.NoUnrestrictedRouteToIgw', 'Route')).toBe('FAIL');
    expect(f.message('EC2.NoUnrestrictedRouteToIgw', 'Route')).toMatch(/sends ::\/0 to an internet gateway and no subnet of the app is associated with its route table/);
  });
  test('PASS given a narrower destination to an internet gateway', () => {
    const f = new ControlFixture();
    const igw = new ec2.CfnInternetGateway(f.stack, 'Igw');
    new ec2.CfnRoute(f.stack, 'Route', { routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: '203.0.113.0/24', gatewayId: igw.ref });
    expect(f.status('EC2.NoUnrestrictedRouteToIgw', 'Route')).toBe('PASS');
  });
  test('PASS given a default route to a virtual private gateway', () => {
    const f = new ControlFixture();
    const vgw = new ec2.CfnVPNGateway(f.stack, 'Vgw', { type: 'ipsec.1' });
    new ec2.CfnRoute(f.stack, 'Route', { routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: '0.0.0.0/0', gatewayId: vgw.ref });
    expect(f.status('EC2.NoUnrestrictedRouteToIgw', 'Route')).toBe('PASS');
  });
  test('UNVERIFIABLE given a gateway from a parameter, or a destination from a parameter', () => {
    const f = new ControlFixture();
    const gateway = new CfnParameter(f.stack, 'Gateway', { type: 'String' }).valueAsString;
    const cidr = new CfnParameter(f.stack, 'Cidr', { type: 'String' }).valueAsString;
    new ec2.CfnRoute(f.stack, 'ByGateway', { routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: '0.0.0.0/0', gatewayId: gateway });
    new ec2.CfnRoute(f.stack, 'ByCidr', { routeTableId: 'rtb-0123456789abcdef0', destinationCidrBlock: cidr, gatewayId: 'igw-0123456789abcdef0' });
    expect(f.status('EC2.NoUnrestrictedRouteToIgw', 'ByGateway')).toBe('UNVERIFIABLE');
    expect(f.message('EC2.NoUnrestrictedRouteToIgw', 'ByGateway')).toMatch(/whether it is an internet gateway is unknown/);
    expect(f.status('EC2.NoUnrestrictedRouteToIgw', 'ByCidr')).toBe('UNVERIFIABLE');
  });
});

describe('EC2.DefaultSecurityGroupClosed', () => {
  test('PASS given restrictDefaultSecurityGroup', () => {
    const f = new ControlFixture();
    new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: true });
    expect(f.status('EC2.DefaultSecurityGroupClosed', 'Vpc/Resource')).toBe('PASS');
  });
  test('FAIL (warning) given restrictDefaultSecurityGroup false, and given an L1 VPC', () => {
    const f = new ControlFixture();
    new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: false });
    new ec2.CfnVPC(f.stack, 'L1', { cidrBlock: '10.1.0.0/16' });
    expect(f.status('EC2.DefaultSecurityGroupClosed', 'Vpc/Resource')).toBe('FAIL');
    expect(f.message('EC2.DefaultSecurityGroupClosed', 'Vpc/Resource')).toMatch(/nothing removes the rules of the VPC's default security group/);
    expect(f.status('EC2.DefaultSecurityGroupClosed', 'L1')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a restricting custom resource whose group comes from a parameter', () => {
    const f = new ControlFixture();
    new ec2.CfnVPC(f.stack, 'L1', { cidrBlock: '10.1.0.0/16' });
    new CfnResource(f.stack, 'Restrict', {
      type: 'Custom::VpcRestrictDefaultSG',
      properties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:restrict', DefaultSecurityGroupId: new CfnParameter(f.stack, 'Sg').valueAsString },
    });
    expect(f.status('EC2.DefaultSecurityGroupClosed', 'L1')).toBe('UNVERIFIABLE');
  });
});

import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagCase } from './types';

/** A two-AZ VPC with public and private subnets and one NAT gateway; `props` adds or overrides properties. */
function vpc(stack: Stack, props: ec2.VpcProps = {}): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, ...props });
}

/** A raw VPC with an internet gateway attached; returns the VPC and the gateway. */
function cfnVpcWithIgw(stack: Stack): { vpc: ec2.CfnVPC; igw: ec2.CfnInternetGateway } {
  const v = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
  const igw = new ec2.CfnInternetGateway(stack, 'Igw');
  new ec2.CfnVPCGatewayAttachment(stack, 'IgwAttachment', { vpcId: v.ref, internetGatewayId: igw.ref });
  return { vpc: v, igw };
}

const DEFAULT_SG: NagCase[] = [
  {
    rule: 'VPCDefaultSecurityGroupClosed',
    compliant: true,
    title: 'VPC whose default security group rules are removed',
    build: (stack) => {
      vpc(stack, { restrictDefaultSecurityGroup: true });
      return 'Vpc/Resource';
    },
  },
  {
    rule: 'VPCDefaultSecurityGroupClosed',
    compliant: false,
    title: 'VPC keeping the default security group rules',
    build: (stack) => {
      vpc(stack, { restrictDefaultSecurityGroup: false });
      return 'Vpc/Resource';
    },
  },
  {
    rule: 'VPCDefaultSecurityGroupClosed',
    compliant: false,
    title: 'L1 VPC',
    build: (stack) => {
      new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
      return 'Vpc';
    },
  },
];

const FLOW_LOGS: NagCase[] = [
  {
    rule: 'VPCFlowLogsEnabled',
    compliant: true,
    title: 'VPC with a flow log to CloudWatch Logs',
    build: (stack) => {
      vpc(stack).addFlowLog('FlowLog');
      return 'Vpc/Resource';
    },
  },
  {
    rule: 'VPCFlowLogsEnabled',
    compliant: true,
    title: 'rejected-traffic flow log declared in the VPC props',
    build: (stack) => {
      vpc(stack, { flowLogs: { Rejected: { trafficType: ec2.FlowLogTrafficType.REJECT } } });
      return 'Vpc/Resource';
    },
  },
  {
    rule: 'VPCFlowLogsEnabled',
    compliant: false,
    title: 'VPC without flow logs',
    build: (stack) => {
      vpc(stack);
      return 'Vpc/Resource';
    },
  },
  {
    rule: 'VPCFlowLogsEnabled',
    compliant: false,
    title: 'flow log on one subnet, not the VPC',
    build: (stack) => {
      const v = vpc(stack);
      new ec2.FlowLog(stack, 'SubnetFlowLog', { resourceType: ec2.FlowLogResourceType.fromSubnet(v.privateSubnets[0]) });
      return 'Vpc/Resource';
    },
  },
];

const ROUTE_TO_IGW: NagCase[] = [
  {
    rule: 'VPCNoUnrestrictedRouteToIGW',
    compliant: true,
    title: 'private subnet default route through a NAT gateway',
    build: (stack) => {
      vpc(stack);
      return 'Vpc/PrivateSubnet1/DefaultRoute';
    },
  },
  {
    rule: 'VPCNoUnrestrictedRouteToIGW',
    compliant: true,
    title: 'route to the internet gateway for one partner CIDR',
    build: (stack) => {
      const { vpc: v, igw } = cfnVpcWithIgw(stack);
      const table = new ec2.CfnRouteTable(stack, 'RouteTable', { vpcId: v.ref });
      new ec2.CfnRoute(stack, 'PartnerRoute', { routeTableId: table.ref, destinationCidrBlock: '203.0.113.0/24', gatewayId: igw.ref });
      return 'PartnerRoute';
    },
  },
  {
    rule: 'VPCNoUnrestrictedRouteToIGW',
    compliant: false,
    title: 'public subnet default route to the internet gateway',
    build: (stack) => {
      vpc(stack);
      return 'Vpc/PublicSubnet1/DefaultRoute';
    },
  },
  {
    rule: 'VPCNoUnrestrictedRouteToIGW',
    compliant: false,
    title: 'IPv6 default route (::/0) to the internet gateway',
    build: (stack) => {
      const { vpc: v, igw } = cfnVpcWithIgw(stack);
      const table = new ec2.CfnRouteTable(stack, 'RouteTable', { vpcId: v.ref });
      new ec2.CfnRoute(stack, 'Ipv6Route', { routeTableId: table.ref, destinationIpv6CidrBlock: '::/0', gatewayId: igw.ref });
      return 'Ipv6Route';
    },
  },
];

const AUTO_PUBLIC_IP: NagCase[] = [
  {
    rule: 'VPCSubnetAutoAssignPublicIpDisabled',
    compliant: true,
    title: 'private subnet',
    build: (stack) => {
      vpc(stack);
      return 'Vpc/PrivateSubnet1/Subnet';
    },
  },
  {
    rule: 'VPCSubnetAutoAssignPublicIpDisabled',
    compliant: true,
    title: 'public subnet with public IP mapping turned off',
    build: (stack) => {
      vpc(stack, {
        subnetConfiguration: [
          { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
          { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        ],
      });
      return 'Vpc/PublicSubnet1/Subnet';
    },
  },
  {
    rule: 'VPCSubnetAutoAssignPublicIpDisabled',
    compliant: false,
    title: 'public subnet with the L2 default (maps public IPs)',
    build: (stack) => {
      vpc(stack);
      return 'Vpc/PublicSubnet1/Subnet';
    },
  },
  {
    rule: 'VPCSubnetAutoAssignPublicIpDisabled',
    compliant: false,
    title: 'public subnet an EC2 instance is launched into',
    build: (stack) => {
      const v = vpc(stack);
      new ec2.Instance(stack, 'Instance', {
        vpc: v,
        vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
        machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      });
      return 'Vpc/PublicSubnet1/Subnet';
    },
  },
  {
    rule: 'VPCSubnetAutoAssignPublicIpDisabled',
    compliant: false,
    title: 'L1 subnet mapping public IPs on launch',
    build: (stack) => {
      const v = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
      new ec2.CfnSubnet(stack, 'Subnet', { vpcId: v.ref, cidrBlock: '10.0.0.0/24', mapPublicIpOnLaunch: true });
      return 'Subnet';
    },
  },
  {
    rule: 'VPCSubnetAutoAssignPublicIpDisabled',
    compliant: false,
    title: 'L1 subnet assigning IPv6 addresses on creation',
    build: (stack) => {
      const v = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
      new ec2.CfnSubnet(stack, 'Subnet', {
        vpcId: v.ref,
        cidrBlock: '10.0.0.0/24',
        ipv6CidrBlock: '2600:1f18:abcd:1200::/64',
        assignIpv6AddressOnCreation: true,
      });
      return 'Subnet';
    },
  },
];

export const CASES: readonly NagCase[] = [...DEFAULT_SG, ...FLOW_LOGS, ...ROUTE_TO_IGW, ...AUTO_PUBLIC_IP];

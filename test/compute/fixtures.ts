import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CentralLogGroup } from '../../src';

/** Why the test VPC's own findings are acknowledged: it is the fixture, not the construct under test. */
const FIXTURE_REASON = 'Test fixture: the VPC around the construct under test, with public subnets for its NAT gateways.';

/**
 * `new ec2.Vpc(stack, 'Vpc')` with flow logs to a CentralLogGroup, and the findings cdk-nag raises on
 * a default VPC (public subnets, the default security group) acknowledged on the VPC, so that
 * `expectNagClean(stack)` judges the construct under test.
 */
export function testVpc(stack: Stack): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, 'Vpc');
  vpc.addFlowLog('FlowLog', { destination: new CentralLogGroup(stack, 'FlowLogs').flowLogDestination() });
  for (const rule of ['VPCSubnetAutoAssignPublicIpDisabled', 'VPCNoUnrestrictedRouteToIGW', 'VPCDefaultSecurityGroupClosed']) {
    Validations.of(vpc).acknowledge({ id: `HIPAA.Security::HIPAA.Security-${rule}`, reason: FIXTURE_REASON });
  }
  return vpc;
}

/** The paths of the fixture's resources, which tests of the construct leave out of their judgement. */
export function isFixture(path: string): boolean {
  return /^\/?TestStack\/(Vpc|FlowLogs)(\/|$)/.test(path);
}

/** The CloudWatch agent configuration: the JSON between the heredoc markers of a rendered user data script. */
export function agentConfigOf(script: string): any {
  const match = /<<'CDK_HIPAA_AGENT_CONFIG'\n([\s\S]*?)\nCDK_HIPAA_AGENT_CONFIG\n/.exec(script);
  if (!match) throw new Error('the user data holds no CloudWatch agent configuration');
  return JSON.parse(match[1]);
}

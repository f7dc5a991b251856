import { Template } from 'aws-cdk-lib/assertions';
import { AuditTrail } from '../../src';
import { testStack } from '../util';

const API_CALL = 'AWS API Call via CloudTrail';
const SIGN_IN = 'AWS Console Sign In via CloudTrail';

/** API calls to an AWS service, as EventBridge receives them from CloudTrail. */
function apiCalls(source: string, eventSource: string, eventName: string[]) {
  return { 'source': [source], 'detail-type': [API_CALL], 'detail': { eventSource: [eventSource], eventName } };
}

/** Every EventBridge rule of AuditTrail and its exact event pattern, as CloudFormation receives it. */
const EXPECTED_PATTERNS: Record<string, unknown> = {
  SecurityGroupChanges: apiCalls('aws.ec2', 'ec2.amazonaws.com', [
    'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress',
    'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup',
  ]),
  NetworkAclChanges: apiCalls('aws.ec2', 'ec2.amazonaws.com', [
    'CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry',
    'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation',
  ]),
  RouteTableChanges: apiCalls('aws.ec2', 'ec2.amazonaws.com', [
    'CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable',
    'DeleteRoute', 'DisassociateRouteTable',
  ]),
  NetworkGatewayChanges: apiCalls('aws.ec2', 'ec2.amazonaws.com', [
    'CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway',
    'DeleteInternetGateway', 'DetachInternetGateway',
  ]),
  VpcChanges: apiCalls('aws.ec2', 'ec2.amazonaws.com', [
    'CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection',
    'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc',
    'DisableVpcClassicLink', 'EnableVpcClassicLink',
  ]),
  IamPolicyChanges: apiCalls('aws.iam', 'iam.amazonaws.com', [
    'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
    'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
    'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
  ]),
  CloudTrailChanges: apiCalls('aws.cloudtrail', 'cloudtrail.amazonaws.com', [
    'CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors',
  ]),
  ConfigChanges: apiCalls('aws.config', 'config.amazonaws.com', [
    'StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'PutConfigurationRecorder',
    'DeleteDeliveryChannel', 'PutDeliveryChannel', 'DeleteConfigRule',
  ]),
  KmsKeyChanges: apiCalls('aws.kms', 'kms.amazonaws.com', ['DisableKey', 'ScheduleKeyDeletion', 'DisableKeyRotation']),
  RootAccountUsage: {
    'detail-type': [API_CALL, SIGN_IN],
    'detail': {
      userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] },
      eventType: [{ 'anything-but': ['AwsServiceEvent'] }],
    },
  },
  ConsoleSignInWithoutMfa: {
    'source': ['aws.signin'],
    'detail-type': [SIGN_IN],
    'detail': {
      eventName: ['ConsoleLogin'],
      userIdentity: { type: ['IAMUser', 'Root'] },
      additionalEventData: { MFAUsed: [{ 'anything-but': ['Yes'] }] },
      responseElements: { ConsoleLogin: ['Success'] },
    },
  },
  ConsoleSignInFailures: {
    'source': ['aws.signin'],
    'detail-type': [SIGN_IN],
    'detail': { eventName: ['ConsoleLogin'], responseElements: { ConsoleLogin: ['Failure'] } },
  },
  ConfigRuleNonCompliance: {
    'source': ['aws.config'],
    'detail-type': ['Config Rules Compliance Change'],
    'detail': {
      messageType: ['ComplianceChangeNotification'],
      newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
    },
  },
  BackupJobFailures: {
    'source': ['aws.backup'],
    'detail-type': ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
    'detail': { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
  },
};

describe('AuditTrail EventBridge rules', () => {
  let rules: Record<string, any>;
  let topicId: string;

  beforeAll(() => {
    const stack = testStack();
    new AuditTrail(stack, 'Audit');
    const template = Template.fromStack(stack);
    rules = template.findResources('AWS::Events::Rule');
    topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
  });

  /** The rule whose construct id is `Audit/Events/<id>`. */
  function ruleFor(id: string): any {
    const found = Object.entries(rules).filter(([logicalId]) => new RegExp(`^AuditEvents${id}[0-9A-F]{8}$`).test(logicalId));
    expect(found).toHaveLength(1);
    return found[0][1].Properties;
  }

  test('one rule per alert, and no others', () => {
    expect(Object.keys(rules)).toHaveLength(Object.keys(EXPECTED_PATTERNS).length);
    for (const id of Object.keys(EXPECTED_PATTERNS)) ruleFor(id);
  });

  test.each(Object.entries(EXPECTED_PATTERNS))('%s: the event pattern is exactly as expected', (id, pattern) => {
    expect(ruleFor(id).EventPattern).toEqual(pattern);
  });

  test.each(Object.keys(EXPECTED_PATTERNS))('%s: the rule is enabled, notifies the topic only, and cites 45 CFR', (id) => {
    const rule = ruleFor(id);
    expect(rule.State).toBe('ENABLED');
    expect(rule.Targets).toEqual([{ Arn: { Ref: topicId }, Id: 'Target0' }]);
    expect(rule.Description).toMatch(/\(45 CFR 164\.\d{3}\([a-z]\)/);
  });
});

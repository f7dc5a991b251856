import { Template } from 'aws-cdk-lib/assertions';
import { AuditTrail } from '../../src';
import { testStack } from '../util';

/**
 * The metric filter patterns, written out exactly as AWS Security Hub's CloudWatch.1-14
 * controls (and CIS 1.4.0 4.15 for AWS Organizations) give them; Security Hub fails a
 * control whose filter differs in any term.
 */
const EXPECTED_PATTERNS: Record<string, string> = {
  RootAccountUsage: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  UnauthorizedApiCalls: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  ConsoleSignInWithoutMfa: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  IamPolicyChanges: '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
  CloudTrailChanges: '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
  ConsoleAuthenticationFailures: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  KmsKeyDisabledOrScheduledForDeletion: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
  S3BucketPolicyChanges: '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
  ConfigChanges: '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
  SecurityGroupChanges: '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
  NetworkAclChanges: '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
  NetworkGatewayChanges: '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
  RouteTableChanges: '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
  VpcChanges: '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
  OrganizationsChanges: '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
};

const NAMESPACE = 'CdkHipaa/AuditTrail';

describe('AuditTrail CIS metric filters and alarms', () => {
  let template: Template;
  let filters: Record<string, any>;
  let alarms: Record<string, any>;
  let logGroupId: string;
  let topicId: string;

  beforeAll(() => {
    const stack = testStack();
    new AuditTrail(stack, 'Audit');
    template = Template.fromStack(stack);
    filters = template.findResources('AWS::Logs::MetricFilter');
    alarms = template.findResources('AWS::CloudWatch::Alarm');
    logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup')).find((id) => id.startsWith('AuditLogGroup') && !id.includes('DataProtection'))!;
    topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
  });

  /** The metric filter that emits metric `name`. */
  function filterFor(name: string): any {
    const found = Object.values(filters).filter((f) => f.Properties.MetricTransformations[0].MetricName === name);
    expect(found).toHaveLength(1);
    return found[0].Properties;
  }

  /** The alarm on metric `name`. */
  function alarmFor(name: string): any {
    const found = Object.values(alarms).filter((a) => a.Properties.MetricName === name);
    expect(found).toHaveLength(1);
    return found[0].Properties;
  }

  test('one metric filter and one alarm per CIS monitoring control, and no others', () => {
    const names = Object.values(filters).map((f) => f.Properties.MetricTransformations[0].MetricName).sort();
    expect(names).toEqual(Object.keys(EXPECTED_PATTERNS).sort());
    expect(Object.values(alarms).map((a) => a.Properties.MetricName).sort()).toEqual(names);
  });

  test.each(Object.entries(EXPECTED_PATTERNS))('%s: the filter pattern is exactly the benchmark\'s, on the trail\'s log group', (name, pattern) => {
    expect(filterFor(name)).toEqual({
      FilterPattern: pattern,
      LogGroupName: { Ref: logGroupId },
      MetricTransformations: [{ MetricName: name, MetricNamespace: NAMESPACE, MetricValue: '1' }],
    });
  });

  test.each(Object.keys(EXPECTED_PATTERNS))('%s: the alarm fires on one event in five minutes, treats missing data as OK, and notifies the topic', (name) => {
    expect(alarmFor(name)).toMatchObject({
      Namespace: NAMESPACE,
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  test('alarm descriptions name the benchmark control and the 45 CFR citations', () => {
    expect(alarmFor('RootAccountUsage').AlarmDescription)
      .toBe('The root user was used. Security Hub CloudWatch.1 (CIS 1.4.0 4.3); 45 CFR 164.308(a)(5)(ii)(C), 164.308(a)(3)(ii)(A), 164.308(a)(6)(ii).');
    expect(alarmFor('OrganizationsChanges').AlarmDescription).toMatch(/CIS 1\.4\.0 4\.15; 45 CFR 164\.308\(a\)\(4\)/);
  });
});

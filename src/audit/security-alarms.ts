/**
 * A CloudWatch Logs metric filter on the trail's log group, with its alarm: the CIS AWS
 * Foundations Benchmark monitoring set. Patterns are written exactly as AWS Security Hub's
 * CloudWatch.1-14 controls require them ("Additional fields or terms cannot be added").
 */
export interface SecurityMetricFilter {
  /** Construct id of the filter and alarm, and the metric name; stable. */
  readonly id: string;
  /** What the alarm reports, in one line (also the alarm's description). */
  readonly description: string;
  /** The benchmark control the filter satisfies, e.g. `Security Hub CloudWatch.1 (CIS 1.4.0 4.3)`. */
  readonly benchmark: string;
  /** The 45 CFR Part 164 sections the alarm evidences. */
  readonly citations: readonly string[];
  /** The filter pattern, verbatim. */
  readonly pattern: string;
}

const INCIDENT = '164.308(a)(6)(ii)';
const ACTIVITY_REVIEW = '164.308(a)(1)(ii)(D)';
const LOGIN_MONITORING = '164.308(a)(5)(ii)(C)';
const NETWORK_CITATIONS = ['164.312(a)(1)', ACTIVITY_REVIEW, INCIDENT];

/** `{(a) || (b) || ...}` over `$.eventName=<name>`, the form of CloudWatch.4 and .10-.14. */
function anyEventName(names: string[]): string {
  return `{${names.map((n) => `($.eventName=${n})`).join(' || ')}}`;
}

/** The metric namespace of every filter. */
export const SECURITY_METRIC_NAMESPACE = 'CdkHipaa/AuditTrail';

/** The CIS monitoring metric filters of AuditTrail, each with an alarm that notifies the alert topic. */
export const SECURITY_METRIC_FILTERS: readonly SecurityMetricFilter[] = [
  {
    id: 'RootAccountUsage',
    description: 'The root user was used',
    benchmark: 'Security Hub CloudWatch.1 (CIS 1.4.0 4.3)',
    citations: [LOGIN_MONITORING, '164.308(a)(3)(ii)(A)', INCIDENT],
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  },
  {
    id: 'UnauthorizedApiCalls',
    description: 'API calls were refused as unauthorized',
    benchmark: 'Security Hub CloudWatch.2 (CIS 1.2.0 3.1)',
    citations: [ACTIVITY_REVIEW, '164.308(a)(4)', INCIDENT],
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    description: 'An IAM user signed in to the console without MFA',
    benchmark: 'Security Hub CloudWatch.3 (CIS 1.2.0 3.2)',
    citations: [LOGIN_MONITORING, '164.312(d)', INCIDENT],
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  {
    id: 'IamPolicyChanges',
    description: 'An IAM policy was changed',
    benchmark: 'Security Hub CloudWatch.4 (CIS 1.4.0 4.4)',
    citations: ['164.308(a)(4)', ACTIVITY_REVIEW, INCIDENT],
    pattern: anyEventName([
      'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
      'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
      'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
    ]),
  },
  {
    id: 'CloudTrailChanges',
    description: 'A CloudTrail trail was created, changed, deleted, started or stopped',
    benchmark: 'Security Hub CloudWatch.5 (CIS 1.4.0 4.5)',
    citations: ['164.312(b)', ACTIVITY_REVIEW, INCIDENT],
    pattern: anyEventName(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging']),
  },
  {
    id: 'ConsoleAuthenticationFailures',
    description: 'A console sign-in failed authentication',
    benchmark: 'Security Hub CloudWatch.6 (CIS 1.4.0 4.6)',
    citations: [LOGIN_MONITORING, INCIDENT],
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  },
  {
    id: 'KmsKeyDisabledOrScheduledForDeletion',
    description: 'A customer-managed KMS key was disabled or scheduled for deletion',
    benchmark: 'Security Hub CloudWatch.7 (CIS 1.4.0 4.7)',
    citations: ['164.312(a)(2)(iv)', '164.308(a)(7)(ii)(A)', INCIDENT],
    pattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
  },
  {
    id: 'S3BucketPolicyChanges',
    description: 'An S3 bucket policy, ACL, CORS, lifecycle or replication configuration changed',
    benchmark: 'Security Hub CloudWatch.8 (CIS 1.4.0 4.8)',
    citations: ['164.312(a)(1)', ACTIVITY_REVIEW, INCIDENT],
    pattern: '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
  },
  {
    id: 'ConfigChanges',
    description: 'AWS Config recording or delivery was stopped or changed',
    benchmark: 'Security Hub CloudWatch.9 (CIS 1.4.0 4.9)',
    citations: ['164.312(b)', ACTIVITY_REVIEW, INCIDENT],
    pattern: '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
  },
  {
    id: 'SecurityGroupChanges',
    description: 'A security group changed',
    benchmark: 'Security Hub CloudWatch.10 (CIS 1.4.0 4.10)',
    citations: NETWORK_CITATIONS,
    pattern: anyEventName([
      'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup',
    ]),
  },
  {
    id: 'NetworkAclChanges',
    description: 'A network ACL changed',
    benchmark: 'Security Hub CloudWatch.11 (CIS 1.4.0 4.11)',
    citations: NETWORK_CITATIONS,
    pattern: anyEventName([
      'CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry',
      'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation',
    ]),
  },
  {
    id: 'NetworkGatewayChanges',
    description: 'A network gateway changed',
    benchmark: 'Security Hub CloudWatch.12 (CIS 1.4.0 4.12)',
    citations: NETWORK_CITATIONS,
    pattern: anyEventName([
      'CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway',
      'DeleteInternetGateway', 'DetachInternetGateway',
    ]),
  },
  {
    id: 'RouteTableChanges',
    description: 'A route table changed',
    benchmark: 'Security Hub CloudWatch.13 (CIS 1.4.0 4.13)',
    citations: NETWORK_CITATIONS,
    pattern: anyEventName([
      'CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable',
      'DeleteRoute', 'DisassociateRouteTable',
    ]),
  },
  {
    id: 'VpcChanges',
    description: 'A VPC or VPC peering connection changed',
    benchmark: 'Security Hub CloudWatch.14 (CIS 1.4.0 4.14)',
    citations: NETWORK_CITATIONS,
    pattern: anyEventName([
      'CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc',
      'DisableVpcClassicLink', 'EnableVpcClassicLink',
    ]),
  },
  {
    id: 'OrganizationsChanges',
    description: 'AWS Organizations changed (accounts, organizational units, policies, handshakes)',
    benchmark: 'CIS 1.4.0 4.15',
    citations: ['164.308(a)(4)', ACTIVITY_REVIEW, INCIDENT],
    pattern: '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  },
];

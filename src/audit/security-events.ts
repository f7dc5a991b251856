import * as events from 'aws-cdk-lib/aws-events';

/**
 * An EventBridge rule AuditTrail creates: which CloudTrail events it matches, why HIPAA
 * asks for it (45 CFR citations, for the docs), and a stable construct id.
 */
export interface SecurityEventRule {
  /** Construct id of the rule; stable, since a changed id replaces the rule. */
  readonly id: string;
  /** What the rule catches, in one line (also the rule's description). */
  readonly description: string;
  /** The 45 CFR Part 164 sections the alert evidences. */
  readonly citations: readonly string[];
  /** The EventBridge event pattern. */
  readonly pattern: events.EventPattern;
}

/** The detail-type of management events CloudTrail hands to EventBridge. */
const API_CALL = 'AWS API Call via CloudTrail';
/** The detail-type of console sign-in events. */
const SIGN_IN = 'AWS Console Sign In via CloudTrail';

/** Alerts are reviewed and acted on: incident response (and, for the log itself, activity review). */
const INCIDENT = '164.308(a)(6)(ii)';
const ACTIVITY_REVIEW = '164.308(a)(1)(ii)(D)';
const LOGIN_MONITORING = '164.308(a)(5)(ii)(C)';
const ACCESS_CONTROL = '164.312(a)(1)';
const AUDIT_CONTROLS = '164.312(b)';
const BACKUP_PLAN = '164.308(a)(7)(ii)(A)';

/** API calls named `eventNames` to `service` (e.g. `ec2`), as CloudTrail reports them to EventBridge. */
function apiCalls(service: string, eventNames: string[]): events.EventPattern {
  return {
    source: [`aws.${service}`],
    detailType: [API_CALL],
    detail: {
      eventSource: [`${service}.amazonaws.com`],
      eventName: eventNames,
    },
  };
}

/** Network changes: the same EC2 API calls the CIS metric filters watch. */
const NETWORK_CITATIONS = [ACCESS_CONTROL, ACTIVITY_REVIEW, INCIDENT];

/**
 * The EventBridge rules of AuditTrail, each notifying the alert topic. They complement the
 * CIS metric filters: EventBridge delivers within seconds, but only the events of the region
 * the rule is in (IAM, STS and console sign-in events arrive in us-east-1).
 */
export const SECURITY_EVENT_RULES: readonly SecurityEventRule[] = [
  {
    id: 'SecurityGroupChanges',
    description: 'A security group was created, deleted, or its ingress or egress rules changed',
    citations: NETWORK_CITATIONS,
    pattern: apiCalls('ec2', [
      'AuthorizeSecurityGroupIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress',
      'CreateSecurityGroup',
      'DeleteSecurityGroup',
    ]),
  },
  {
    id: 'NetworkAclChanges',
    description: 'A network ACL or one of its entries or associations changed',
    citations: NETWORK_CITATIONS,
    pattern: apiCalls('ec2', [
      'CreateNetworkAcl',
      'CreateNetworkAclEntry',
      'DeleteNetworkAcl',
      'DeleteNetworkAclEntry',
      'ReplaceNetworkAclEntry',
      'ReplaceNetworkAclAssociation',
    ]),
  },
  {
    id: 'RouteTableChanges',
    description: 'A route table, route or route table association changed',
    citations: NETWORK_CITATIONS,
    pattern: apiCalls('ec2', [
      'CreateRoute',
      'CreateRouteTable',
      'ReplaceRoute',
      'ReplaceRouteTableAssociation',
      'DeleteRouteTable',
      'DeleteRoute',
      'DisassociateRouteTable',
    ]),
  },
  {
    id: 'NetworkGatewayChanges',
    description: 'An internet or customer gateway was created, deleted, attached or detached',
    citations: NETWORK_CITATIONS,
    pattern: apiCalls('ec2', [
      'CreateCustomerGateway',
      'DeleteCustomerGateway',
      'AttachInternetGateway',
      'CreateInternetGateway',
      'DeleteInternetGateway',
      'DetachInternetGateway',
    ]),
  },
  {
    id: 'VpcChanges',
    description: 'A VPC, its attributes, or a VPC peering connection changed',
    citations: NETWORK_CITATIONS,
    pattern: apiCalls('ec2', [
      'CreateVpc',
      'DeleteVpc',
      'ModifyVpcAttribute',
      'AcceptVpcPeeringConnection',
      'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection',
      'RejectVpcPeeringConnection',
      'AttachClassicLinkVpc',
      'DetachClassicLinkVpc',
      'DisableVpcClassicLink',
      'EnableVpcClassicLink',
    ]),
  },
  {
    id: 'IamPolicyChanges',
    description: 'An IAM policy was created, changed, deleted, attached or detached',
    citations: ['164.308(a)(4)', ACTIVITY_REVIEW, INCIDENT],
    pattern: apiCalls('iam', [
      'DeleteGroupPolicy',
      'DeleteRolePolicy',
      'DeleteUserPolicy',
      'PutGroupPolicy',
      'PutRolePolicy',
      'PutUserPolicy',
      'CreatePolicy',
      'DeletePolicy',
      'CreatePolicyVersion',
      'DeletePolicyVersion',
      'AttachRolePolicy',
      'DetachRolePolicy',
      'AttachUserPolicy',
      'DetachUserPolicy',
      'AttachGroupPolicy',
      'DetachGroupPolicy',
    ]),
  },
  {
    id: 'CloudTrailChanges',
    description: 'A trail was created, changed, deleted, stopped or started, or its event selectors changed',
    citations: [AUDIT_CONTROLS, ACTIVITY_REVIEW, INCIDENT],
    pattern: apiCalls('cloudtrail', [
      'CreateTrail',
      'UpdateTrail',
      'DeleteTrail',
      'StartLogging',
      'StopLogging',
      'PutEventSelectors',
    ]),
  },
  {
    id: 'ConfigChanges',
    description: 'AWS Config recording or delivery was stopped, changed or deleted, or a Config rule was deleted',
    citations: [AUDIT_CONTROLS, ACTIVITY_REVIEW, INCIDENT],
    pattern: apiCalls('config', [
      'StopConfigurationRecorder',
      'DeleteConfigurationRecorder',
      'PutConfigurationRecorder',
      'DeleteDeliveryChannel',
      'PutDeliveryChannel',
      'DeleteConfigRule',
    ]),
  },
  {
    id: 'KmsKeyChanges',
    description: 'A KMS key was disabled, scheduled for deletion, or its automatic rotation turned off',
    citations: ['164.312(a)(2)(iv)', '164.308(a)(7)(ii)(A)', INCIDENT],
    pattern: apiCalls('kms', [
      'DisableKey',
      'ScheduleKeyDeletion',
      'DisableKeyRotation',
    ]),
  },
  {
    id: 'RootAccountUsage',
    description: 'The root user signed in or made an API call (not a service acting on its behalf)',
    citations: [LOGIN_MONITORING, '164.308(a)(3)(ii)(A)', INCIDENT],
    pattern: {
      detailType: [API_CALL, SIGN_IN],
      detail: {
        userIdentity: {
          type: ['Root'],
          invokedBy: events.Match.doesNotExist(),
        },
        eventType: events.Match.anythingBut('AwsServiceEvent'),
      },
    },
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    description: 'An IAM user or the root user signed in to the console without MFA',
    citations: [LOGIN_MONITORING, '164.312(d)', INCIDENT],
    pattern: {
      source: ['aws.signin'],
      detailType: [SIGN_IN],
      detail: {
        eventName: ['ConsoleLogin'],
        userIdentity: { type: ['IAMUser', 'Root'] },
        additionalEventData: { MFAUsed: events.Match.anythingBut('Yes') },
        responseElements: { ConsoleLogin: ['Success'] },
      },
    },
  },
  {
    id: 'ConsoleSignInFailures',
    description: 'A console sign-in failed',
    citations: [LOGIN_MONITORING, INCIDENT],
    pattern: {
      source: ['aws.signin'],
      detailType: [SIGN_IN],
      detail: {
        eventName: ['ConsoleLogin'],
        responseElements: { ConsoleLogin: ['Failure'] },
      },
    },
  },
  {
    id: 'ConfigRuleNonCompliance',
    description: 'An AWS Config rule found a resource NON_COMPLIANT',
    citations: [ACTIVITY_REVIEW, INCIDENT],
    pattern: {
      source: ['aws.config'],
      detailType: ['Config Rules Compliance Change'],
      detail: {
        messageType: ['ComplianceChangeNotification'],
        newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
      },
    },
  },
  {
    // AWS Backup sends job state changes to EventBridge itself (AWS Backup developer guide,
    // "Monitoring AWS Backup events using Amazon EventBridge"); a backup that silently stops
    // leaves PHI without a recoverable copy.
    id: 'BackupJobFailures',
    description: 'An AWS Backup backup, copy or restore job failed, was aborted or expired',
    citations: [BACKUP_PLAN, INCIDENT],
    pattern: {
      source: ['aws.backup'],
      detailType: ['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change'],
      detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
    },
  },
];

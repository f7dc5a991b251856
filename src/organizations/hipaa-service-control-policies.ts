import { Names, Token } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { allowedServicePrefixes } from './eligible-service-actions';

/**
 * The largest service control policy AWS Organizations accepts, in characters (AWS Organizations
 * user guide, "Quotas and service limits": maximum size of a service control policy document).
 */
const SCP_MAX_CHARACTERS = 5120;

/** What AWS Organizations accepts as a policy target: a root, an OU or an account id. */
const TARGET_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

/** What the guardrails keep in force unless told otherwise. */
const GUARDRAIL_DEFAULTS = {
  eligibleServicesOnly: true,
  protectAuditServices: true,
  denyLeavingOrganization: true,
  denyRootUser: true,
} as const;

/** Actions that stop, delete or re-point the account's audit trail and its detectors. */
const AUDIT_PROTECTED_ACTIONS = [
  'cloudtrail:DeleteTrail', 'cloudtrail:StopLogging', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors',
  'cloudtrail:DeleteEventDataStore', 'cloudtrail:StopEventDataStoreIngestion',
  'config:DeleteConfigurationRecorder', 'config:StopConfigurationRecorder', 'config:DeleteDeliveryChannel',
  'config:DeleteConfigurationAggregator', 'config:DeleteRetentionConfiguration',
  'guardduty:DeleteDetector', 'guardduty:DisassociateFromMasterAccount', 'guardduty:DisassociateFromAdministratorAccount',
  'guardduty:StopMonitoringMembers', 'guardduty:UpdateDetector',
  'securityhub:DisableSecurityHub', 'securityhub:DisassociateFromMasterAccount', 'securityhub:DisassociateFromAdministratorAccount',
  'securityhub:DeleteMembers',
];

/** Actions that would delete or weaken the log archive's buckets. */
const LOG_BUCKET_PROTECTED_ACTIONS = [
  's3:DeleteBucket', 's3:DeleteBucketPolicy', 's3:PutBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutBucketObjectLockConfiguration',
  's3:PutEncryptionConfiguration', 's3:PutBucketVersioning', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention',
];

/** Actions that would make the log archive's keys unusable or hand them to someone else. */
const LOG_KEY_PROTECTED_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 'kms:DisableKeyRotation'];

/**
 * Services whose calls are not tied to one region (their endpoints sit in us-east-1 or are
 * global): the region allow-list leaves them alone, or IAM, Organizations and billing stop working.
 */
const GLOBAL_SERVICE_ACTIONS = [
  'account:*', 'aws-portal:*', 'budgets:*', 'ce:*', 'cloudfront:*', 'globalaccelerator:*', 'health:*', 'iam:*', 'organizations:*',
  'route53:*', 'route53domains:*', 'shield:*', 'sso:*', 'sts:*', 'support:*', 'trustedadvisor:*', 'waf:*', 'wafv2:*',
];

/** Properties of {@link HipaaServiceControlPolicies}. */
export interface HipaaServiceControlPoliciesProps {
  /**
   * The organization root, OUs (`ou-...`) or accounts the policies are attached to.
   */
  readonly targetIds: string[];

  /**
   * Names of IAM roles exempt from every guardrail, for emergencies (in every member account).
   * Keep it to one role that is assumed through a logged, alarmed procedure.
   *
   * @default - no exemption
   */
  readonly breakGlassRoleNames?: string[];

  /**
   * Deny the actions of every service that is not on AWS's HIPAA eligible services list (the
   * catalog's list, as `General.HipaaEligibleService` uses it), except account management
   * services that hold no customer content (IAM, STS, Organizations, billing, support,
   * CloudFormation...).
   *
   * @default true
   */
  readonly eligibleServicesOnly?: boolean;

  /**
   * Deny stopping, deleting or re-pointing CloudTrail, AWS Config, GuardDuty and Security Hub.
   *
   * @default true
   */
  readonly protectAuditServices?: boolean;

  /**
   * Names of the log archive's buckets: deleting them or weakening their policy, versioning,
   * lifecycle, encryption or Object Lock is denied.
   *
   * @default - no bucket is protected by name
   */
  readonly logArchiveBucketNames?: string[];

  /**
   * ARNs of the log archive's KMS keys: scheduling their deletion, disabling them or changing their
   * policy is denied.
   *
   * @default - no key is protected by ARN
   */
  readonly logArchiveKeyArns?: string[];

  /**
   * Deny member accounts leaving the organization (and with it these guardrails).
   *
   * @default true
   */
  readonly denyLeavingOrganization?: boolean;

  /**
   * Deny every action by the root user of member accounts.
   *
   * @default true
   */
  readonly denyRootUser?: boolean;

  /**
   * Regions where member accounts may use regional services; calls elsewhere are denied (global
   * services such as IAM, Organizations, CloudFront and Route 53 are not affected).
   *
   * @default - every region
   */
  readonly allowedRegions?: string[];
}

/**
 * Service control policies that keep the member accounts of an AWS Organization HIPAA-safe:
 * only HIPAA-eligible services, an audit trail and detectors nobody can switch off, a log archive
 * nobody can delete or weaken, no leaving the organization, no root user, and optionally a region
 * allow-list. A named break-glass role is exempt.
 *
 * Deploy it in the organization's management account (or a delegated administrator for policy
 * management). Two policies are created so that, with the `FullAWSAccess` policy AWS attaches by
 * default, each target stays within the five policies it may hold: the eligible-services policy
 * (an allow-list cannot be split across deny policies, since each would deny what the other
 * allows) and the baseline policy with every other guardrail. Synth fails if either passes
 * `HipaaServiceControlPolicies.MAX_POLICY_CHARACTERS`.
 *
 * Evidence for 45 CFR 164.308(a)(3)(ii)(A), 164.308(b)(1) and 164.312(b).
 *
 * @example
 * new HipaaServiceControlPolicies(this, 'Guardrails', {
 *   targetIds: ['ou-abcd-11111111'],
 *   breakGlassRoleNames: ['BreakGlass'],
 *   logArchiveBucketNames: ['org-trail-logs-123456789012'],
 * });
 */
export class HipaaServiceControlPolicies extends Construct {
  /** The largest service control policy AWS Organizations accepts, in characters. */
  public static readonly MAX_POLICY_CHARACTERS = SCP_MAX_CHARACTERS;

  /** Every policy created, in order: eligible services (when on), then the baseline. */
  public readonly policies: organizations.CfnPolicy[] = [];

  constructor(scope: Construct, id: string, props: HipaaServiceControlPoliciesProps) {
    super(scope, id);
    if (props.targetIds.length === 0) throw new Error(`${this.node.path}: targetIds must name at least one root, OU or account.`);
    const malformed = props.targetIds.filter((t) => !Token.isUnresolved(t) && !TARGET_ID.test(t));
    if (malformed.length > 0) {
      throw new Error(`${this.node.path}: targetIds ${malformed.join(', ')} are not a root (r-...), an OU (ou-...-...) or a 12-digit account id.`);
    }
    const exemption = breakGlassCondition(props.breakGlassRoleNames ?? []);

    if (props.eligibleServicesOnly ?? GUARDRAIL_DEFAULTS.eligibleServicesOnly) {
      this.addPolicy('EligibleServices', 'Denies the actions of AWS services outside the HIPAA eligible services list (cdk-hipaa)', [
        deny('DenyIneligibleServices', { NotAction: allowedServicePrefixes().map((p) => `${p}:*`) }, exemption),
      ], props.targetIds);
    }

    const baseline: Record<string, unknown>[] = [];
    if (props.protectAuditServices ?? GUARDRAIL_DEFAULTS.protectAuditServices) {
      baseline.push(deny('ProtectAuditServices', { Action: AUDIT_PROTECTED_ACTIONS }, exemption));
    }
    const buckets = props.logArchiveBucketNames ?? [];
    if (buckets.length > 0) {
      baseline.push(deny('ProtectLogArchiveBuckets', {
        Action: LOG_BUCKET_PROTECTED_ACTIONS,
        Resource: buckets.flatMap((b) => [`arn:*:s3:::${b}`, `arn:*:s3:::${b}/*`]),
      }, exemption));
    }
    const keys = props.logArchiveKeyArns ?? [];
    if (keys.length > 0) baseline.push(deny('ProtectLogArchiveKeys', { Action: LOG_KEY_PROTECTED_ACTIONS, Resource: keys }, exemption));
    if (props.denyLeavingOrganization ?? GUARDRAIL_DEFAULTS.denyLeavingOrganization) {
      baseline.push(deny('DenyLeavingOrganization', { Action: ['organizations:LeaveOrganization'] }));
    }
    if (props.denyRootUser ?? GUARDRAIL_DEFAULTS.denyRootUser) {
      baseline.push(deny('DenyRootUser', { Action: ['*'] }, { StringLike: { 'aws:PrincipalArn': ['arn:*:iam::*:root'] } }));
    }
    if (props.allowedRegions) {
      if (props.allowedRegions.length === 0) throw new Error(`${this.node.path}: allowedRegions is empty, which would deny every regional service.`);
      baseline.push(deny('DenyOtherRegions', { NotAction: GLOBAL_SERVICE_ACTIONS }, {
        ...exemption,
        StringNotEquals: { 'aws:RequestedRegion': props.allowedRegions },
      }));
    }
    if (baseline.length > 0) {
      this.addPolicy('Baseline', 'Protects the audit trail, detectors and log archive; denies leaving the organization and the root user (cdk-hipaa)', baseline, props.targetIds);
    }
  }

  private addPolicy(id: string, description: string, statements: Record<string, unknown>[], targetIds: string[]): void {
    const content = { Version: '2012-10-17', Statement: statements };
    const size = JSON.stringify(content).length;
    if (size > SCP_MAX_CHARACTERS) {
      throw new Error(`${this.node.path}/${id}: the service control policy is ${size} characters; AWS Organizations accepts at most ${SCP_MAX_CHARACTERS}.`);
    }
    this.policies.push(new organizations.CfnPolicy(this, id, {
      // Policy names are unique in the organization: derived from this construct's path.
      name: `${Names.uniqueResourceName(this, { maxLength: 100, separator: '-' })}-${id}`,
      description,
      type: 'SERVICE_CONTROL_POLICY',
      content,
      targetIds,
    }));
  }
}

/** A Deny statement on every resource (or the given ones), with conditions. */
function deny(sid: string, what: Record<string, unknown>, condition?: Record<string, unknown>): Record<string, unknown> {
  return {
    Sid: sid,
    Effect: 'Deny',
    ...what,
    Resource: (what.Resource as string[] | undefined) ?? '*',
    ...(condition && Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

/** The condition that leaves the break-glass roles out of a guardrail. */
function breakGlassCondition(roleNames: string[]): Record<string, unknown> {
  if (roleNames.length === 0) return {};
  return { ArnNotLike: { 'aws:PrincipalArn': roleNames.map((name) => `arn:*:iam::*:role/${name}`) } };
}

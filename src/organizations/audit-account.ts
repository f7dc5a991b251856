import { Names, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { HIPAA_CONFIG_RULES, HipaaConfigRule } from '../audit/config-rules';
import { SECURITY_EVENT_RULES } from '../audit/security-events';
import { allowPublishers, CLOUDWATCH_PUBLISHER, EVENTBRIDGE_PUBLISHER } from '../internal/topic-publishers';
import { HipaaKey } from '../kms/hipaa-key';
import { ORGANIZATION_FINDING_RULES, TopicArnTarget } from './private/security-findings';

/** What an AuditAccount is unless told otherwise. */
const AUDIT_ACCOUNT_DEFAULTS = {
  ruleNamePrefix: 'hipaa-',
  aggregatorRolePolicy: 'service-role/AWSConfigRoleForOrganizations',
  guardDutyPublishingFrequency: 'FIFTEEN_MINUTES',
  /** GuardDuty protections that watch where PHI is stored. */
  guardDutyFeatures: ['S3_DATA_EVENTS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS'],
  securityHubAutoEnableStandards: 'DEFAULT',
  securityHubConfigurationType: 'LOCAL',
} as const;

/** OrganizationConfigRuleName: at most 64 characters; the Description at most 256. */
const MAX_RULE_NAME = 64;
const MAX_DESCRIPTION = 256;

/** Properties of an {@link AuditAccount}. */
export interface AuditAccountProps {
  /**
   * Email addresses subscribed to the alert topic (each confirms by email).
   *
   * @default - no subscriptions; add them with `addSubscription`
   */
  readonly emailSubscribers?: string[];

  /**
   * Prefix of the organization Config rules' names, which are unique in the organization.
   *
   * @default 'hipaa-'
   */
  readonly ruleNamePrefix?: string;
}

/**
 * The audit (security tooling) account of a HIPAA organization, deployed in that account once it is
 * the delegated administrator of AWS Config, GuardDuty and Security Hub (see
 * {@link OrganizationDelegatedAdmins}, deployed in the management account first):
 *
 * - an AWS Config aggregator of every account and region of the organization, with the role it
 *   assumes (`AWSConfigRoleForOrganizations`);
 * - this library's HIPAA managed Config rules, once each, as organization Config rules deployed to
 *   every member account (each needs a configuration recorder: the account baseline);
 * - a GuardDuty detector (S3 data events, EBS malware protection, RDS login events) and a Security
 *   Hub hub with the default standards and an organization configuration that enables new accounts;
 * - one SNS topic, encrypted with a {@link HipaaKey} whose policy lets EventBridge and CloudWatch
 *   publish, that high-severity GuardDuty and Security Hub findings of the organization and the
 *   library's security events of this account notify.
 *
 * CloudFormation has no resource for GuardDuty's organization auto-enable; after the first deploy,
 * run `aws guardduty update-organization-configuration --detector-id <guardDutyDetector.attrId>
 * --auto-enable-organization-members ALL` in this account (GuardDuty User Guide, "Managing
 * GuardDuty accounts with AWS Organizations").
 *
 * Covers 45 CFR 164.308(a)(1)(ii)(D), 164.308(a)(6)(ii), 164.312(b) and 164.308(a)(8).
 *
 * @example
 * new AuditAccount(this, 'Audit', { emailSubscribers: ['security@example.com'] });
 */
export class AuditAccount extends Construct {
  /** The organization aggregator. */
  public readonly aggregator: config.CfnConfigurationAggregator;
  /** The role the aggregator assumes to read the organization's accounts. */
  public readonly aggregatorRole: iam.Role;
  /** The HIPAA managed rules, as organization Config rules (one per rule of the library's list). */
  public readonly organizationRules: config.CfnOrganizationConfigRule[];
  /** The GuardDuty detector of this account. */
  public readonly guardDutyDetector: guardduty.CfnDetector;
  /** The Security Hub hub of this account. */
  public readonly securityHub: securityhub.CfnHub;
  /** Security Hub's organization configuration: new accounts are enabled with the default standards. */
  public readonly securityHubOrganizationConfiguration: securityhub.CfnOrganizationConfiguration;
  /** The topic security alerts are aggregated in. */
  public readonly topic: sns.Topic;
  /** The customer-managed key of the topic. */
  public readonly encryptionKey: kms.IKey;
  /** The EventBridge rules notifying the topic. */
  public readonly eventRules: events.IRule[];

  constructor(scope: Construct, id: string, props: AuditAccountProps = {}) {
    super(scope, id);
    const prefix = props.ruleNamePrefix ?? AUDIT_ACCOUNT_DEFAULTS.ruleNamePrefix;

    // AWS Config Developer Guide, "Setting up an aggregator using AWS CloudFormation" and
    // "Permissions for the IAM role assigned to AWS Config for an organization aggregator":
    // the role trusts config.amazonaws.com and carries AWSConfigRoleForOrganizations.
    this.aggregatorRole = new iam.Role(this, 'AggregatorRole', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(AUDIT_ACCOUNT_DEFAULTS.aggregatorRolePolicy)],
      description: 'Lets AWS Config read the configuration and compliance of every account of the organization',
    });
    this.aggregator = new config.CfnConfigurationAggregator(this, 'Aggregator', {
      configurationAggregatorName: Names.uniqueResourceName(this, { maxLength: 256, separator: '-' }),
      organizationAggregationSource: { roleArn: this.aggregatorRole.roleArn, allAwsRegions: true },
    });
    this.aggregator.node.addDependency(this.aggregatorRole);

    const rules = new Construct(this, 'OrganizationRules');
    this.organizationRules = HIPAA_CONFIG_RULES.map((r) => organizationRule(rules, prefix, r));

    this.guardDutyDetector = new guardduty.CfnDetector(this, 'GuardDuty', {
      enable: true,
      findingPublishingFrequency: AUDIT_ACCOUNT_DEFAULTS.guardDutyPublishingFrequency,
      features: AUDIT_ACCOUNT_DEFAULTS.guardDutyFeatures.map((name) => ({ name, status: 'ENABLED' })),
    });

    this.securityHub = new securityhub.CfnHub(this, 'SecurityHub', {
      enableDefaultStandards: true,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
    });
    this.securityHubOrganizationConfiguration = new securityhub.CfnOrganizationConfiguration(this, 'SecurityHubOrganization', {
      autoEnable: true,
      autoEnableStandards: AUDIT_ACCOUNT_DEFAULTS.securityHubAutoEnableStandards,
      configurationType: AUDIT_ACCOUNT_DEFAULTS.securityHubConfigurationType,
    });
    this.securityHubOrganizationConfiguration.node.addDependency(this.securityHub);

    this.encryptionKey = new HipaaKey(this, 'Key', { description: 'Customer-managed key of the organization security alerts (cdk-hipaa AuditAccount)' });
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'HIPAA organization security alerts',
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    allowPublishers(this.topic, [EVENTBRIDGE_PUBLISHER, CLOUDWATCH_PUBLISHER]);
    for (const email of props.emailSubscribers ?? []) this.topic.addSubscription(new subs.EmailSubscription(email));
    this.eventRules = this.createEventRules();
  }

  /** Subscribes an endpoint (e.g. `new subs.EmailSubscription(...)`, a queue, a Lambda function) to the alert topic. */
  public addSubscription(subscription: sns.ITopicSubscription): void {
    this.topic.addSubscription(subscription);
  }

  /** The organization's findings, and the library's security events of this account, each notifying the topic. */
  private createEventRules(): events.IRule[] {
    const scope = new Construct(this, 'Events');
    const target = new TopicArnTarget(this.topic);
    return [...ORGANIZATION_FINDING_RULES, ...SECURITY_EVENT_RULES].map((r) => new events.Rule(scope, r.id, {
      description: `${r.description} (45 CFR ${r.citations.join(', ')})`,
      eventPattern: r.pattern,
      targets: [target],
    }));
  }
}

/** One HIPAA managed rule as an organization Config rule. */
function organizationRule(scope: Construct, prefix: string, rule: HipaaConfigRule): config.CfnOrganizationConfigRule {
  const name = `${prefix}${kebab(rule.id)}`.slice(0, MAX_RULE_NAME);
  const description = `${rule.description} (45 CFR ${rule.citations.join(', ')})`;
  return new config.CfnOrganizationConfigRule(scope, rule.id, {
    organizationConfigRuleName: name,
    organizationManagedRuleMetadata: {
      ruleIdentifier: rule.identifier,
      description: description.length > MAX_DESCRIPTION ? `${description.slice(0, MAX_DESCRIPTION - 3)}...` : description,
      inputParameters: rule.inputParameters ? Stack.of(scope).toJsonString(rule.inputParameters) : undefined,
    },
  });
}

function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

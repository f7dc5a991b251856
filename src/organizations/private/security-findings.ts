import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';

/** An EventBridge rule of the audit account over the organization's security findings. */
export interface FindingEventRule {
  /** Construct id of the rule; stable, since a changed id replaces the rule. */
  readonly id: string;
  readonly description: string;
  readonly citations: readonly string[];
  readonly pattern: events.EventPattern;
}

const INCIDENT = '164.308(a)(6)(ii)';
const ACTIVITY_REVIEW = '164.308(a)(1)(ii)(D)';

/**
 * Findings of every member account reach the administrator account's EventBridge: GuardDuty
 * sends "GuardDuty Finding" events of its members to the administrator (GuardDuty User Guide,
 * "Creating custom responses to GuardDuty findings with Amazon EventBridge"), Security Hub sends
 * "Security Hub Findings - Imported" of its members to the administrator (Security Hub User Guide,
 * "Using EventBridge for automated response and remediation").
 */
export const ORGANIZATION_FINDING_RULES: readonly FindingEventRule[] = [
  {
    id: 'GuardDutyHighSeverityFindings',
    description: 'GuardDuty reported a finding of severity 7 or more (high or critical) in an account of the organization',
    citations: [INCIDENT, ACTIVITY_REVIEW],
    pattern: {
      source: ['aws.guardduty'],
      detailType: ['GuardDuty Finding'],
      detail: { severity: [{ numeric: ['>=', 7] }] },
    },
  },
  {
    id: 'SecurityHubCriticalFindings',
    description: 'Security Hub imported a new critical or high finding from an account of the organization',
    citations: [INCIDENT, ACTIVITY_REVIEW],
    pattern: {
      source: ['aws.securityhub'],
      detailType: ['Security Hub Findings - Imported'],
      detail: {
        findings: {
          Severity: { Label: ['CRITICAL', 'HIGH'] },
          Workflow: { Status: ['NEW'] },
          RecordState: ['ACTIVE'],
        },
      },
    },
  },
];

/**
 * An EventBridge target that publishes to a topic and grants nothing itself: the topic and key
 * policies let EventBridge publish for this account only.
 */
export class TopicArnTarget implements events.IRuleTarget {
  constructor(private readonly topic: sns.ITopic) {}

  public bind(_rule: events.IRuleRef, _id?: string): events.RuleTargetConfig {
    return { arn: this.topic.topicArn };
  }
}

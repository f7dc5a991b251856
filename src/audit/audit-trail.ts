import { Annotations, Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { createConfigRecording, createConfigRules } from './config-recording';
import { SECURITY_METRIC_FILTERS, SECURITY_METRIC_NAMESPACE } from './security-alarms';
import { SECURITY_EVENT_RULES } from './security-events';
import { catalogControl } from '../controls/catalog';
import { allowPublishers, CLOUDWATCH_PUBLISHER, EVENTBRIDGE_PUBLISHER } from '../internal/topic-publishers';
import { HipaaKey } from '../kms/hipaa-key';
import { CentralLogGroup } from '../logs/central-log-group';
import { cloudTrailBucketStatements, cloudTrailKeyStatements, TopicTarget, trailLogDeliveryStatement } from './private/audit-policies';
import { HipaaData, HipaaDataClassification } from '../policy/data-classification';
import { refuseUnlessAcknowledged } from '../policy/refusals';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';
import { EncryptedBucket, ObjectLockMode } from '../s3/encrypted-bucket';

/** What an AuditTrail is unless told otherwise. */
const AUDIT_TRAIL_DEFAULTS = {
  objectLockMode: ObjectLockMode.GOVERNANCE,
  /** Six years (45 CFR 164.316(b)(2)(i)). */
  objectLockRetention: Duration.days(HIPAA_THRESHOLDS.documentationRetentionDays),
  retention: logs.RetentionDays.SIX_YEARS,
  logFileValidation: true,
  multiRegion: true,
  includeGlobalServiceEvents: true,
  managementEvents: cloudtrail.ReadWriteType.ALL,
  configRecorder: true,
  includeGlobalResources: true,
  alarmPeriod: Duration.minutes(5),
  alarmThreshold: 1,
} as const;

/** Properties of an {@link AuditTrail}. */
export interface AuditTrailProps {
  /**
   * The customer-managed key the trail, its buckets, its log group and the alert topic are
   * encrypted with. Pass the key itself, not an alias. Statements for CloudTrail, AWS Config,
   * EventBridge and CloudWatch are added to its key policy (an imported key's policy must
   * already hold them).
   *
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Name of the trail. The bucket and key policies name the trail's ARN, so the name is fixed at synth.
   *
   * @default - a name unique to this construct's path
   */
  readonly trailName?: string;

  /**
   * Object Lock mode of the trail's bucket; every log file is locked for six years.
   * `COMPLIANCE` means nobody, not even the root user, can delete a log file early.
   *
   * @default ObjectLockMode.GOVERNANCE
   */
  readonly objectLockMode?: ObjectLockMode;

  /**
   * How long the trail's CloudWatch Logs log group keeps events.
   *
   * Below six years is refused (45 CFR 164.316(b)(2)(i)) unless `CdkHipaa::Logs.RetentionSixYears`
   * is acknowledged.
   *
   * @default logs.RetentionDays.SIX_YEARS
   */
  readonly retention?: logs.RetentionDays;

  /**
   * Whether CloudTrail writes digest files that prove log files unaltered.
   *
   * `false` is refused (45 CFR 164.312(c)(2)) unless `CdkHipaa::CloudTrail.LogFileValidation` is acknowledged.
   *
   * @default true
   */
  readonly logFileValidation?: boolean;

  /**
   * Whether the trail records every region.
   *
   * `false` is refused (45 CFR 164.312(b)) unless `CdkHipaa::CloudTrail.MultiRegion` is acknowledged.
   *
   * @default true
   */
  readonly multiRegion?: boolean;

  /**
   * Which management events the trail records.
   *
   * Anything but `ALL` is refused (45 CFR 164.312(b)) unless `CdkHipaa::CloudTrail.ManagementEvents`
   * is acknowledged.
   *
   * @default cloudtrail.ReadWriteType.ALL
   */
  readonly managementEvents?: cloudtrail.ReadWriteType;

  /**
   * Buckets holding PHI whose object-level reads and writes (S3 data events) the trail records.
   *
   * @default - no data events
   */
  readonly dataEventBuckets?: s3.IBucket[];

  /**
   * Create the AWS Config configuration recorder, delivery channel and their bucket and role.
   * Set `false` in accounts that already record with AWS Config (a region holds one recorder);
   * the Config rules are created either way.
   *
   * @default true
   */
  readonly configRecorder?: boolean;

  /**
   * Whether the recorder also records global resources (IAM users, roles, policies). Record them
   * in one region only (set `false` in the others), or every region records them again.
   *
   * @default true
   */
  readonly includeGlobalResources?: boolean;

  /**
   * Email addresses subscribed to the alert topic (each confirms by email).
   *
   * @default - no subscriptions; add them with `addSubscription`
   */
  readonly emailSubscribers?: string[];
}

/**
 * The audit controls of a HIPAA account in one construct: a multi-region CloudTrail trail with
 * log file validation, encrypted with a customer-managed key, delivered to an Object-Locked bucket
 * and to a log group kept six years; AWS Config recording with managed rules that re-check this
 * library's controls on the live account; and alerts on sensitive activity (CIS monitoring metric
 * filters and EventBridge rules) to an encrypted SNS topic.
 *
 * Covers 45 CFR 164.312(b), 164.308(a)(1)(ii)(D), 164.308(a)(5)(ii)(C), 164.308(a)(6)(ii),
 * 164.316(b)(2)(i), 164.312(c)(1) and 164.312(c)(2).
 *
 * @example
 * const audit = new AuditTrail(this, 'Audit', { emailSubscribers: ['security@example.com'] });
 */
export class AuditTrail extends Construct {
  /** The CloudTrail trail. */
  public readonly trail: cloudtrail.Trail;
  /** The Object-Locked bucket the trail delivers log files and digest files to. */
  public readonly bucket: EncryptedBucket;
  /**
   * The bucket AWS Config delivers configuration history and snapshots to.
   *
   * @default - none when `configRecorder` is false
   */
  public readonly configBucket?: EncryptedBucket;
  /** The log group the trail delivers events to, read by the metric filters. */
  public readonly logGroup: CentralLogGroup;
  /** The encrypted topic every alarm and alert rule notifies. */
  public readonly topic: sns.Topic;
  /** The customer-managed key of the trail, buckets, log group and topic. */
  public readonly encryptionKey: kms.IKey;
  /** The AWS Config managed rules. */
  public readonly configRules: config.IRule[];
  /** The CloudWatch alarms on the CIS metric filters. */
  public readonly alarms: cloudwatch.IAlarm[];
  /** The EventBridge rules that notify the topic. */
  public readonly eventRules: events.IRule[];
  /**
   * The AWS Config configuration recorder.
   *
   * @default - none when `configRecorder` is false
   */
  public readonly configurationRecorder?: config.CfnConfigurationRecorder;

  private readonly keyStatementsMissing: string[] = [];

  constructor(scope: Construct, id: string, props: AuditTrailProps = {}) {
    super(scope, id);
    const retention = props.retention ?? AUDIT_TRAIL_DEFAULTS.retention;
    const logFileValidation = props.logFileValidation ?? AUDIT_TRAIL_DEFAULTS.logFileValidation;
    const multiRegion = props.multiRegion ?? AUDIT_TRAIL_DEFAULTS.multiRegion;
    const managementEvents = props.managementEvents ?? AUDIT_TRAIL_DEFAULTS.managementEvents;
    // A retention below six years is refused by the CentralLogGroup (CdkHipaa::Logs.RetentionSixYears).
    this.refuseWeakenings(logFileValidation, multiRegion, managementEvents);

    const stack = Stack.of(this);
    this.encryptionKey = props.encryptionKey ?? new HipaaKey(this, 'Key', { description: 'Customer-managed key for audit logs and alerts (cdk-hipaa AuditTrail)' });
    const trailName = props.trailName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    const trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: trailName });

    this.bucket = new EncryptedBucket(this, 'Bucket', {
      encryptionKey: this.encryptionKey,
      objectLockMode: props.objectLockMode ?? AUDIT_TRAIL_DEFAULTS.objectLockMode,
      objectLockRetention: AUDIT_TRAIL_DEFAULTS.objectLockRetention,
    });
    for (const statement of cloudTrailBucketStatements(this.bucket.bucketArn, this.bucket.bucket.arnForObjects(`AWSLogs/${stack.account}/*`), trailArn)) {
      this.bucket.addToResourcePolicy(statement);
    }
    this.addKeyStatements(cloudTrailKeyStatements({
      trailArn,
      accountTrailsArnPattern: stack.formatArn({ service: 'cloudtrail', region: '*', resource: 'trail', resourceName: '*' }),
    }));

    this.logGroup = new CentralLogGroup(this, 'LogGroup', { encryptionKey: this.encryptionKey, retention });
    this.trail = this.createTrail(trailName, logFileValidation, multiRegion, managementEvents, props.dataEventBuckets ?? []);

    this.topic = this.createTopic(props.emailSubscribers ?? []);
    this.alarms = this.createAlarms();
    this.eventRules = this.createEventRules();

    if (props.configRecorder ?? AUDIT_TRAIL_DEFAULTS.configRecorder) {
      const recording = createConfigRecording(this, {
        encryptionKey: this.encryptionKey,
        serverAccessLogsBucket: this.bucket.serverAccessLogsBucket,
        includeGlobalResources: props.includeGlobalResources ?? AUDIT_TRAIL_DEFAULTS.includeGlobalResources,
      });
      this.configBucket = recording.bucket;
      this.configurationRecorder = recording.recorder;
    }
    this.configRules = createConfigRules(new Construct(this, 'ConfigRules'), this.configurationRecorder);

    if (this.keyStatementsMissing.length > 0) {
      Annotations.of(this).addWarningV2('cdk-hipaa:AuditTrail.importedKey',
        `encryptionKey is imported, so its key policy cannot be changed here; it must hold these statements (see docs/audit-trail.md): ${this.keyStatementsMissing.join(', ')}.`);
    }
  }

  /** Subscribes an endpoint (e.g. `new subs.EmailSubscription(...)`, a queue, a Lambda function) to the alert topic. */
  public addSubscription(subscription: sns.ITopicSubscription): void {
    this.topic.addSubscription(subscription);
  }

  private refuseWeakenings(logFileValidation: boolean, multiRegion: boolean, managementEvents: cloudtrail.ReadWriteType): void {
    if (!logFileValidation) {
      refuseUnlessAcknowledged(this, { control: catalogControl('CloudTrail.LogFileValidation'), prop: 'logFileValidation', value: 'false' });
    }
    if (!multiRegion) {
      refuseUnlessAcknowledged(this, { control: catalogControl('CloudTrail.MultiRegion'), prop: 'multiRegion', value: 'false' });
    }
    if (managementEvents !== cloudtrail.ReadWriteType.ALL) {
      refuseUnlessAcknowledged(this, { control: catalogControl('CloudTrail.ManagementEvents'), prop: 'managementEvents', value: managementEvents });
    }
  }

  /** Adds statements to the key policy; an imported key's policy cannot change, which is reported once. */
  private addKeyStatements(statements: iam.PolicyStatement[]): void {
    for (const statement of statements) {
      if (!this.encryptionKey.addToResourcePolicy(statement).statementAdded) this.keyStatementsMissing.push(statement.sid ?? '(no sid)');
    }
  }

  private createTrail(
    trailName: string, logFileValidation: boolean, multiRegion: boolean,
    managementEvents: cloudtrail.ReadWriteType, dataEventBuckets: s3.IBucket[],
  ): cloudtrail.Trail {
    // The L2 adds bucket policy statements of its own to the bucket it is given, without
    // aws:SourceArn; given a reference instead, it adds none and the statements above are the only ones.
    const bucketRef = s3.Bucket.fromBucketAttributes(this, 'TrailBucketRef', {
      bucketArn: this.bucket.bucketArn,
      bucketName: this.bucket.bucketName,
      encryptionKey: this.encryptionKey,
    });
    const trail = new cloudtrail.Trail(this, 'Trail', {
      trailName,
      bucket: bucketRef,
      encryptionKey: this.encryptionKey,
      isMultiRegionTrail: multiRegion,
      includeGlobalServiceEvents: AUDIT_TRAIL_DEFAULTS.includeGlobalServiceEvents,
      enableFileValidation: logFileValidation,
      managementEvents,
    });
    if (dataEventBuckets.length > 0) {
      trail.addS3EventSelector(dataEventBuckets.map((bucket) => ({ bucket })), {
        readWriteType: cloudtrail.ReadWriteType.ALL,
        includeManagementEvents: false,
      });
    }

    // Delivery to CloudWatch Logs with a role whose permissions are a managed policy: the L2's
    // sendToCloudWatchLogs would give its role an inline policy (cdk-nag's IAMNoInlinePolicy).
    const logsRole = new iam.Role(this, 'TrailLogsRole', {
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets CloudTrail deliver the audit trail to its CloudWatch Logs log group',
    });
    const logsPolicy = new iam.ManagedPolicy(this, 'TrailLogsPolicy', {
      roles: [logsRole],
      statements: [trailLogDeliveryStatement(this.logGroup.logGroup.logGroupArn)],
    });
    const cfnTrail = trail.node.defaultChild as cloudtrail.CfnTrail;
    cfnTrail.cloudWatchLogsLogGroupArn = this.logGroup.logGroup.logGroupArn;
    cfnTrail.cloudWatchLogsRoleArn = logsRole.roleArn;
    cfnTrail.node.addDependency(logsPolicy);
    if (this.bucket.bucket.policy) cfnTrail.node.addDependency(this.bucket.bucket.policy);
    return trail;
  }

  private createTopic(emailSubscribers: string[]): sns.Topic {
    const topic = new sns.Topic(this, 'Topic', {
      displayName: 'HIPAA audit alerts',
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    this.keyStatementsMissing.push(...allowPublishers(topic, [EVENTBRIDGE_PUBLISHER, CLOUDWATCH_PUBLISHER]));
    for (const email of emailSubscribers) topic.addSubscription(new subs.EmailSubscription(email));
    HipaaData.of(topic).classify(HipaaDataClassification.NO_PHI,
      'Security alerts: which alarm fired, which API call changed what and by whom; never the data of a PHI store.');
    return topic;
  }

  /** The CIS monitoring metric filters on the trail's log group, each with an alarm notifying the topic. */
  private createAlarms(): cloudwatch.IAlarm[] {
    const scope = new Construct(this, 'Alarms');
    const action = new cw_actions.SnsAction(this.topic);
    return SECURITY_METRIC_FILTERS.map((f) => {
      const filter = new logs.MetricFilter(scope, `${f.id}Filter`, {
        logGroup: this.logGroup.logGroup,
        filterPattern: logs.FilterPattern.literal(f.pattern),
        metricNamespace: SECURITY_METRIC_NAMESPACE,
        metricName: f.id,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(scope, `${f.id}Alarm`, {
        metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: AUDIT_TRAIL_DEFAULTS.alarmPeriod }),
        threshold: AUDIT_TRAIL_DEFAULTS.alarmThreshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${f.description}. ${f.benchmark}; 45 CFR ${f.citations.join(', ')}.`,
      });
      alarm.addAlarmAction(action);
      return alarm;
    });
  }

  /** The EventBridge rules, each notifying the topic. */
  private createEventRules(): events.IRule[] {
    const scope = new Construct(this, 'Events');
    const target = new TopicTarget(this.topic);
    return SECURITY_EVENT_RULES.map((r) => new events.Rule(scope, r.id, {
      description: `${r.description} (45 CFR ${r.citations.join(', ')})`,
      eventPattern: r.pattern,
      targets: [target],
    }));
  }
}

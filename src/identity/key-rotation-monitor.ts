import { Annotations, ArnFormat, Duration, Names, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as config from 'aws-cdk-lib/aws-config';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { KeyRotationScannerFunction } from './key-rotation-scanner-function';
import { catalogControl } from '../controls/catalog';
import { managedConfigRule } from '../internal/managed-config-rules';
import { CLOUDWATCH_PUBLISHER, publisherTopicStatement } from '../internal/topic-publishers';
import { HipaaKey } from '../kms/hipaa-key';
import { CentralLogGroup } from '../logs/central-log-group';
import { acknowledgeNagRule, qualifiedControlId } from '../policy/acknowledgements';
import { HipaaData, HipaaDataClassification } from '../policy/data-classification';
import { refuseUnlessAcknowledged } from '../policy/refusals';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

/** What a KeyRotationMonitor is unless told otherwise. */
const KEY_ROTATION_DEFAULTS = {
  maxKeyAge: Duration.days(90),
  maxUnusedAge: Duration.days(90),
  /** DEACTIVATE's bound defaults to maxKeyAge plus this grace period. */
  deactivateGrace: Duration.days(30),
  /** Nightly at 03:00 UTC. */
  schedule: events.Schedule.cron({ minute: '0', hour: '3' }),
  /** Long enough for IAM pagination and throttling in accounts with thousands of users. */
  timeout: Duration.minutes(15),
  memorySize: 256,
  /** Failed events stay in the dead-letter queue for the longest SQS allows. */
  deadLetterRetention: Duration.days(14),
} as const;

/** The longest `maxKeyAge` and `maxUnusedAge` accepted without an acknowledgement. */
const MAX_ACCEPTED_AGE_DAYS = HIPAA_THRESHOLDS.maximumAccessKeyAgeDays;

/** Why the function runs outside a VPC when no `vpc` is given (cdk-nag LambdaInsideVPC). */
const KEY_ROTATION_NOT_IN_VPC_REASON =
  'The access-key scanner calls only the IAM and SNS APIs and never touches PHI; without a vpc prop it runs outside a VPC '
  + 'so it needs no NAT gateway or VPC endpoints. Pass vpc to run it inside one.';

/** Why the function reserves no concurrency unless asked (cdk-nag LambdaConcurrency, Lambda.ReservedConcurrency). */
const KEY_ROTATION_NO_RESERVATION_REASON =
  'The scan runs once a night on a schedule with retries off, so it cannot crowd out other functions; reserving concurrency '
  + 'needs spare account concurrency that new accounts lack (Lambda keeps a minimum unreserved pool and rejects the function). '
  + 'Set reservedConcurrency to reserve some.';

/** What the monitor does with the keys it reports. */
export enum KeyRotationAction {
  /** Report the keys past a bound to the topic; change nothing. */
  NOTIFY = 'NOTIFY',
  /** Report, and also deactivate (set Inactive) the keys older than `deactivateAfter`. */
  DEACTIVATE = 'DEACTIVATE',
}

/** Properties of a {@link KeyRotationMonitor}. */
export interface KeyRotationMonitorProps {
  /**
   * Access keys created longer ago than this are reported.
   *
   * Above 365 days is refused (45 CFR 164.308(a)(5)(ii)(D), 164.312(d)) unless
   * `CdkHipaa::IAM.AccessKeyRotation` is acknowledged. Whole days only.
   *
   * @default Duration.days(90)
   */
  readonly maxKeyAge?: Duration;

  /**
   * Access keys not used for longer than this (never-used keys: since their creation) are reported.
   *
   * Above 365 days is refused (45 CFR 164.308(a)(5)(ii)(D), 164.312(d)) unless
   * `CdkHipaa::IAM.AccessKeyUnused` is acknowledged. Whole days only.
   *
   * @default Duration.days(90)
   */
  readonly maxUnusedAge?: Duration;

  /**
   * What to do with the keys past a bound.
   *
   * @default KeyRotationAction.NOTIFY
   */
  readonly action?: KeyRotationAction;

  /**
   * With `KeyRotationAction.DEACTIVATE`: keys older than this are deactivated. At least `maxKeyAge`.
   * Only valid with DEACTIVATE.
   *
   * @default - `maxKeyAge` plus 30 days
   */
  readonly deactivateAfter?: Duration;

  /**
   * When the scan runs.
   *
   * @default - nightly at 03:00 UTC (`cron(0 3 * * ? *)`)
   */
  readonly schedule?: events.Schedule;

  /**
   * Customer-managed key for the topic, the dead-letter queue, the function's environment and its log group.
   *
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The topic the report and the error alarm go to. It should be encrypted with a customer-managed key
   * whose policy lets `cloudwatch.amazonaws.com` use it (the alarm publishes to it).
   *
   * @default - a new topic encrypted with `encryptionKey`, TLS-only
   */
  readonly topic?: sns.ITopic;

  /**
   * Email addresses subscribed to the topic (each must confirm the subscription).
   *
   * @default - no subscription; add some with `addSubscription`
   */
  readonly emailSubscribers?: string[];

  /**
   * Run the function in this VPC. Its subnets need a route to the IAM and SNS APIs
   * (a NAT gateway, or VPC endpoints for SNS and KMS plus a route to IAM's global endpoint).
   *
   * @default - not in a VPC (the function reads IAM metadata only; see the docs)
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Where in `vpc` to place the function.
   *
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Concurrent executions reserved for the scanner. Lambda refuses a reservation that would leave
   * the account less than its minimum unreserved concurrency, which new accounts (whose quota is
   * often 10) always hit: reserve only where the account's quota allows it.
   *
   * @default - none: the scan runs nightly and on its own schedule
   */
  readonly reservedConcurrency?: number;

  /**
   * Also deploy the AWS Config managed rule ACCESS_KEYS_ROTATED with `maxAccessKeyAge` = `maxKeyAge`
   * (once per account and region: an AuditTrail of the app shares it). Set false when an
   * organization conformance pack deploys that rule already.
   *
   * @default true
   */
  readonly configRule?: boolean;

  /**
   * The account and region already record with AWS Config outside this app (Control Tower, an
   * organization, an earlier stack). AWS Config rejects a rule while no configuration recorder
   * exists, so without this the rule waits for a recorder of the app (e.g. an AuditTrail's) and
   * synth fails when there is none.
   *
   * @default false
   */
  readonly configRecorderExists?: boolean;
}

/**
 * Finds IAM access keys past their rotation bounds, every night, and says so.
 *
 * A Lambda function lists every IAM user's active access keys and reports, in one
 * message per run to an encrypted SNS topic, the keys older than `maxKeyAge` or unused
 * for longer than `maxUnusedAge` (user, key id, age, last use; never a secret). With
 * `KeyRotationAction.DEACTIVATE` it also deactivates keys older than `deactivateAfter`.
 * A failed run (throttling past the retries, access denied, a publish failure) makes the
 * function fail, and an alarm on its errors notifies the same topic.
 *
 * The AWS Config managed rule ACCESS_KEYS_ROTATED is deployed beside it as continuous evidence.
 *
 * Evidence for 45 CFR 164.308(a)(5)(ii)(D) (password management), 164.312(a)(1) (access
 * control) and 164.312(d) (person or entity authentication).
 *
 * @example
 * const monitor = new KeyRotationMonitor(this, 'KeyRotation', {
 *   emailSubscribers: ['security@example.org'],
 * });
 */
export class KeyRotationMonitor extends Construct {
  /** The scanner function. */
  public readonly function: lambda.Function;
  /** The topic the reports and the error alarm go to. */
  public readonly topic: sns.ITopic;
  /** The customer-managed key of the topic (when created here), queue, environment and logs. */
  public readonly encryptionKey: kms.IKey;
  /** The function's dead-letter queue. */
  public readonly deadLetterQueue: sqs.IQueue;
  /** The function's log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The function's execution role. */
  public readonly role: iam.IRole;
  /** The schedule that runs the scan. */
  public readonly scheduleRule: events.Rule;
  /** The alarm on the function's errors; it notifies `topic`. */
  public readonly errorAlarm: cloudwatch.Alarm;
  /** The AWS Config rule ACCESS_KEYS_ROTATED, unless `configRule` is false. */
  public readonly configRule?: config.IRule;
  /** The bound past which keys are reported, in days. */
  public readonly maxKeyAgeDays: number;

  constructor(scope: Construct, id: string, props: KeyRotationMonitorProps = {}) {
    super(scope, id);

    const action = props.action ?? KeyRotationAction.NOTIFY;
    const maxKeyAge = wholeDays(this, 'maxKeyAge', props.maxKeyAge ?? KEY_ROTATION_DEFAULTS.maxKeyAge);
    const maxUnusedAge = wholeDays(this, 'maxUnusedAge', props.maxUnusedAge ?? KEY_ROTATION_DEFAULTS.maxUnusedAge);
    if (props.deactivateAfter && action !== KeyRotationAction.DEACTIVATE) {
      throw new Error(`${this.node.path}: deactivateAfter applies only with action KeyRotationAction.DEACTIVATE.`);
    }
    const deactivateAfter = wholeDays(this, 'deactivateAfter',
      props.deactivateAfter ?? Duration.days(maxKeyAge + KEY_ROTATION_DEFAULTS.deactivateGrace.toDays()));
    if (deactivateAfter < maxKeyAge) {
      throw new Error(`${this.node.path}: deactivateAfter (${deactivateAfter} days) must be at least maxKeyAge (${maxKeyAge} days).`);
    }
    this.maxKeyAgeDays = maxKeyAge;
    this.refuseWeakBounds(maxKeyAge, maxUnusedAge);

    this.encryptionKey = props.encryptionKey ?? new HipaaKey(this, 'Key', { description: 'cdk-hipaa access-key rotation monitor' });
    if (props.topic) {
      this.topic = props.topic;
    } else {
      const topic = new sns.Topic(this, 'Topic', {
        displayName: 'IAM access key rotation',
        masterKey: this.encryptionKey,
        enforceSSL: true,
      });
      HipaaData.of(topic).classify(HipaaDataClassification.NO_PHI, 'Stale access-key reports: IAM user names, key ids and ages, never PHI.');
      // The error alarm publishes as CloudWatch; the key statement is added, scoped to the alarm, below.
      topic.addToResourcePolicy(publisherTopicStatement(topic, CLOUDWATCH_PUBLISHER));
      this.topic = topic;
    }
    for (const email of props.emailSubscribers ?? []) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.encryptionKey,
      enforceSSL: true,
      retentionPeriod: KEY_ROTATION_DEFAULTS.deadLetterRetention,
    });
    HipaaData.of(this.deadLetterQueue).classify(HipaaDataClassification.NO_PHI, 'Failed runs of the nightly access-key scan: the scheduled event only, never PHI.');
    this.logGroup = new CentralLogGroup(this, 'Logs', { encryptionKey: this.encryptionKey }).logGroup;

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Access-key rotation scanner (cdk-hipaa)',
    });
    this.role = role;
    if (props.vpc) {
      role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'));
    }

    const environment: Record<string, string> = {
      TOPIC_ARN: this.topic.topicArn,
      MAX_KEY_AGE_DAYS: String(maxKeyAge),
      MAX_UNUSED_AGE_DAYS: String(maxUnusedAge),
      ACTION: action,
    };
    if (action === KeyRotationAction.DEACTIVATE) environment.DEACTIVATE_AFTER_DAYS = String(deactivateAfter);

    this.function = new KeyRotationScannerFunction(this, 'Function', {
      description: 'cdk-hipaa: reports IAM access keys past their rotation bounds',
      // CDK's own grants would land in an inline policy; the managed policy below holds every permission.
      role: role.withoutPolicyUpdates(),
      environment,
      environmentEncryption: this.encryptionKey,
      timeout: KEY_ROTATION_DEFAULTS.timeout,
      memorySize: KEY_ROTATION_DEFAULTS.memorySize,
      reservedConcurrentExecutions: props.reservedConcurrency,
      deadLetterQueue: this.deadLetterQueue,
      // A retried scan would publish the same report again; a failure alarms instead.
      retryAttempts: 0,
      logGroup: this.logGroup,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? props.vpcSubnets : undefined,
    });

    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Least privilege of the access-key rotation scanner (cdk-hipaa)',
      roles: [role],
      statements: this.policyStatements(action),
    });
    // Lambda checks the role's permissions (dead-letter queue, VPC) when the function is created.
    this.function.node.addDependency(policy);

    this.scheduleRule = new events.Rule(this, 'Schedule', {
      description: 'Runs the access-key rotation scan',
      schedule: props.schedule ?? KEY_ROTATION_DEFAULTS.schedule,
      targets: [new targets.LambdaFunction(this.function)],
    });

    const alarmName = `${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}-errors`;
    this.errorAlarm = new cloudwatch.Alarm(this, 'ErrorAlarm', {
      alarmName,
      alarmDescription: 'The access-key rotation scan failed: some keys may not have been checked. See the function\'s log.',
      metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.errorAlarm.addAlarmAction(new cwActions.SnsAction(this.topic));
    this.allowAlarmToUseTopicKey(alarmName);

    if (props.configRule ?? true) {
      this.configRule = managedConfigRule(this, 'AccessKeysRotated', {
        identifier: config.ManagedRuleIdentifiers.ACCESS_KEYS_ROTATED,
        description: `Active IAM access keys are rotated within ${maxKeyAge} days (cdk-hipaa)`,
        inputParameters: { maxAccessKeyAge: String(maxKeyAge) },
        decidesParameters: true,
        recorderExists: props.configRecorderExists ?? false,
        requester: 'KeyRotationMonitor',
      });
    }

    if (props.reservedConcurrency === undefined) {
      acknowledgeNagRule(this.function, 'LambdaConcurrency', KEY_ROTATION_NO_RESERVATION_REASON);
      Validations.of(this.function).acknowledge({ id: qualifiedControlId('Lambda.ReservedConcurrency'), reason: KEY_ROTATION_NO_RESERVATION_REASON });
    }
    if (!props.vpc) {
      // The same exception for cdk-nag and for this library's catalog, with one reason.
      acknowledgeNagRule(this.function, 'LambdaInsideVPC', KEY_ROTATION_NOT_IN_VPC_REASON);
      Validations.of(this.function).acknowledge({ id: qualifiedControlId('Lambda.InsideVpc'), reason: KEY_ROTATION_NOT_IN_VPC_REASON });
    }
  }

  /** Subscribes an endpoint (email, SQS, Lambda, HTTPS...) to the reports and the error alarm. */
  public addSubscription(subscription: sns.ITopicSubscription): void {
    this.topic.addSubscription(subscription);
  }

  private refuseWeakBounds(maxKeyAge: number, maxUnusedAge: number): void {
    if (maxKeyAge > MAX_ACCEPTED_AGE_DAYS) {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('IAM.AccessKeyRotation'),
        prop: 'maxKeyAge',
        value: `${maxKeyAge} days`,
      });
    }
    if (maxUnusedAge > MAX_ACCEPTED_AGE_DAYS) {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('IAM.AccessKeyUnused'),
        prop: 'maxUnusedAge',
        value: `${maxUnusedAge} days`,
      });
    }
  }

  /** Exactly what the scanner calls, on the narrowest resources; no wildcard actions. */
  private policyStatements(action: KeyRotationAction): iam.PolicyStatement[] {
    const users = Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'user', resourceName: '*' });
    const statements = [
      // ListUsers has no resource type: it can only be granted on '*'.
      new iam.PolicyStatement({ sid: 'ListUsers', actions: ['iam:ListUsers'], resources: ['*'] }),
      new iam.PolicyStatement({ sid: 'ReadAccessKeys', actions: ['iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed'], resources: [users] }),
    ];
    if (action === KeyRotationAction.DEACTIVATE) {
      statements.push(new iam.PolicyStatement({ sid: 'DeactivateAccessKeys', actions: ['iam:UpdateAccessKey'], resources: [users] }));
    }
    statements.push(
      new iam.PolicyStatement({ sid: 'PublishReport', actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
      new iam.PolicyStatement({ sid: 'SendToDeadLetterQueue', actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
      new iam.PolicyStatement({ sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
    );
    // The topic, the queue and the environment are encrypted: publishing and sending need a data key.
    const keyArns = [this.encryptionKey.keyArn];
    const topicKey = this.topic.masterKey;
    if (topicKey && topicKey !== this.encryptionKey) keyArns.push(topicKey.keyArn);
    statements.push(new iam.PolicyStatement({ sid: 'UseKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: keyArns }));
    return statements;
  }

  /** CloudWatch publishes the alarm to the encrypted topic as itself: the key policy must let it. */
  private allowAlarmToUseTopicKey(alarmName: string): void {
    const key = this.topic.masterKey;
    if (!key) return;
    const alarmArn = Stack.of(this).formatArn({
      service: 'cloudwatch', resource: 'alarm', resourceName: alarmName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const { statementAdded } = key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowKeyRotationAlarm',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { ArnEquals: { 'aws:SourceArn': alarmArn } },
    }));
    if (!statementAdded) {
      Annotations.of(this).addWarningV2('cdk-hipaa:KeyRotationMonitor.AlarmKeyPolicy',
        'The topic\'s key is imported, so its policy cannot be changed here: allow cloudwatch.amazonaws.com kms:Decrypt and '
        + `kms:GenerateDataKey on it for the alarm '${alarmName}', or alarm notifications are dropped.`);
    }
  }
}

/** A duration as whole days, refusing fractions and non-positive values. */
function wholeDays(scope: Construct, prop: string, duration: Duration): number {
  if (duration.isUnresolved()) {
    throw new Error(`${scope.node.path}: ${prop} must be a literal duration, not a token.`);
  }
  const days = duration.toSeconds({ integral: false }) / 86_400;
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`${scope.node.path}: ${prop} must be a whole number of days, at least 1 (got ${duration.toHumanString()}).`);
  }
  return days;
}

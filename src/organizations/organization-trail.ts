import { Arn, ArnFormat, Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { catalogControl } from '../controls/catalog';
import { CentralLogGroup } from '../logs/central-log-group';
import { refuseUnlessAcknowledged } from '../policy/refusals';

/** What an OrganizationTrail is unless told otherwise. */
const ORGANIZATION_TRAIL_DEFAULTS = {
  cloudWatchLogs: true,
  retention: logs.RetentionDays.SIX_YEARS,
  isOrganizationTrail: true,
  isMultiRegionTrail: true,
  includeGlobalServiceEvents: true,
  enableLogFileValidation: true,
  readWriteType: 'All',
} as const;

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Properties of an {@link OrganizationTrail}. */
export interface OrganizationTrailProps {
  /**
   * Name of the log-archive bucket the trail delivers to ({@link LogArchive}'s `bucketName`), in
   * the log-archive account. Its policy must let `cloudtrail.amazonaws.com` check its ACL and
   * write under `AWSLogs/<organization id>/`, as LogArchive's does.
   */
  readonly bucketName: string;

  /**
   * ARN of the log-archive key ({@link LogArchive}'s `keyArn`), in the log-archive account and in
   * the bucket's region. Its policy must let CloudTrail generate data keys for the organization's
   * trails, as LogArchive's does. A key ARN, not an alias ARN.
   */
  readonly keyArn: string;

  /**
   * Name of the trail.
   *
   * @default - a name unique to this construct's path
   */
  readonly trailName?: string;

  /**
   * Also deliver the events of every account to a CloudWatch Logs log group of this (the
   * management) account, kept six years and encrypted with a key of its own, for metric filters
   * and alarms.
   *
   * `false` is refused (45 CFR 164.308(a)(1)(ii)(D)) unless `CdkHipaa::CloudTrail.CloudWatchLogs`
   * is acknowledged.
   *
   * @default true
   */
  readonly cloudWatchLogs?: boolean;

  /**
   * How long the CloudWatch Logs log group keeps events. Below six years is refused by the
   * log group (`CdkHipaa::Logs.RetentionSixYears`).
   *
   * @default logs.RetentionDays.SIX_YEARS
   */
  readonly retention?: logs.RetentionDays;
}

/**
 * A CloudTrail organization trail: one trail, created in the management account (or by the
 * CloudTrail delegated administrator), that records every account and region of the organization,
 * including global service events, with log file validation, encrypted with the log-archive key
 * and delivered to the log-archive bucket of another account ({@link LogArchive}); optionally
 * (by default) also to a CloudWatch Logs log group of this account.
 *
 * Before the first deploy, CloudTrail needs trusted access in AWS Organizations
 * (`aws organizations enable-aws-service-access --service-principal cloudtrail.amazonaws.com`,
 * from the management account), and the LogArchive stack must be deployed: CloudTrail checks the
 * bucket and key policies when it creates the trail.
 *
 * Covers 45 CFR 164.312(b), 164.308(a)(1)(ii)(D), 164.312(c)(2) and 164.312(a)(2)(iv).
 *
 * @example
 * new OrganizationTrail(this, 'Trail', { bucketName: 'example-org-trail', keyArn: 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
 */
export class OrganizationTrail extends Construct {
  /** The trail. */
  public readonly trail: cloudtrail.CfnTrail;
  /** Name of the trail. */
  public readonly trailName: string;
  /**
   * The log group the trail also delivers to.
   *
   * @default - none when `cloudWatchLogs` is false
   */
  public readonly logGroup?: CentralLogGroup;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    validateTarget(this, props);
    const cloudWatchLogs = props.cloudWatchLogs ?? ORGANIZATION_TRAIL_DEFAULTS.cloudWatchLogs;
    if (!cloudWatchLogs) this.refuseNoCloudWatchLogs();
    this.trailName = props.trailName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });

    this.trail = new cloudtrail.CfnTrail(this, 'Trail', {
      trailName: this.trailName,
      isLogging: true,
      isOrganizationTrail: ORGANIZATION_TRAIL_DEFAULTS.isOrganizationTrail,
      isMultiRegionTrail: ORGANIZATION_TRAIL_DEFAULTS.isMultiRegionTrail,
      includeGlobalServiceEvents: ORGANIZATION_TRAIL_DEFAULTS.includeGlobalServiceEvents,
      enableLogFileValidation: ORGANIZATION_TRAIL_DEFAULTS.enableLogFileValidation,
      s3BucketName: props.bucketName,
      kmsKeyId: props.keyArn,
      eventSelectors: [{ readWriteType: ORGANIZATION_TRAIL_DEFAULTS.readWriteType, includeManagementEvents: true }],
    });
    if (cloudWatchLogs) this.logGroup = this.deliverToCloudWatchLogs(props.retention ?? ORGANIZATION_TRAIL_DEFAULTS.retention);
  }

  /** ARN of the trail. */
  public get trailArn(): string {
    return this.trail.attrArn;
  }

  /**
   * Delivery to a log group of this account. The role's permissions cover every log stream of
   * the group: CloudTrail names an organization trail's streams after the management account and
   * after the organization (`<account>_CloudTrail_<region>*`, `o-..._*`), per the CloudTrail
   * User Guide, "Role policy document for CloudTrail to use CloudWatch Logs for monitoring".
   * A managed policy, not an inline one (cdk-nag's IAMNoInlinePolicy).
   */
  private deliverToCloudWatchLogs(retention: logs.RetentionDays): CentralLogGroup {
    const logGroup = new CentralLogGroup(this, 'LogGroup', { retention });
    const role = new iam.Role(this, 'LogsRole', {
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets CloudTrail deliver the organization trail to its CloudWatch Logs log group',
    });
    const policy = new iam.ManagedPolicy(this, 'LogsPolicy', {
      roles: [role],
      statements: [new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroup.logGroupArn],
      })],
    });
    this.trail.cloudWatchLogsLogGroupArn = logGroup.logGroup.logGroupArn;
    this.trail.cloudWatchLogsRoleArn = role.roleArn;
    // CloudTrail checks that it can assume the role and write when the trail is created.
    this.trail.node.addDependency(policy);
    return logGroup;
  }

  private refuseNoCloudWatchLogs(): void {
    const control = catalogControl('CloudTrail.CloudWatchLogs');
    refuseUnlessAcknowledged(this, {
      control: {
        id: control.id,
        citations: control.citations,
        rationale: control.rationale
          ?? 'Without CloudWatch Logs, nobody is alerted to sensitive activity in any account until the log files are read',
      },
      prop: 'cloudWatchLogs',
      value: 'false',
    });
  }
}

function validateTarget(scope: Construct, props: OrganizationTrailProps): void {
  if (!Token.isUnresolved(props.bucketName) && !BUCKET_NAME.test(props.bucketName)) {
    throw new Error(`OrganizationTrail ${scope.node.path}: bucketName '${props.bucketName}' is not an S3 bucket name.`);
  }
  if (Token.isUnresolved(props.keyArn)) return;
  const problem = `OrganizationTrail ${scope.node.path}: keyArn '${props.keyArn}'`;
  let resource: string | undefined;
  try {
    const arn = Arn.split(props.keyArn, ArnFormat.SLASH_RESOURCE_NAME);
    if (arn.service === 'kms') resource = arn.resource;
  } catch {
    resource = undefined;
  }
  if (resource !== 'key') {
    throw new Error(`${problem} is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>); the log-archive key is in another account, so name it by its full ARN, not an alias.`);
  }
}

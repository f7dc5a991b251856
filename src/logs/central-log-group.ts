import { Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  acknowledgeNeverExpires, allowLogsToUseKey, arnsOfLogGroup, createEvidenceLogGroup, KEY_PROTECTED_ACTIONS,
  LOG_PROTECTED_ACTIONS, LOG_QUERY_RESULT_ACTIONS, LOG_READ_ACTIONS, logGroupArnFromName, validateLogGroupName,
} from './log-groups';
import { phiDataProtectionPolicy } from './phi-data-protection';
import { PhiMaskingMode } from './phi-masking-mode';
import { catalogControl } from '../controls/catalog';
import { HipaaKey } from '../kms/hipaa-key';
import { refuseUnlessAcknowledged } from '../policy/refusals';
import { EncryptedBucket, ObjectLockMode } from '../s3/encrypted-bucket';
import { LogArchive } from './private/log-archive';

/** What a CentralLogGroup is unless told otherwise. */
const CENTRAL_LOG_GROUP_DEFAULTS = {
  retention: logs.RetentionDays.SIX_YEARS,
  removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  dataProtection: true,
  maskingMode: PhiMaskingMode.AUDIT_AND_MASK,
  archive: false,
  archiveObjectLockMode: ObjectLockMode.COMPLIANCE,
  namePrefix: '/hipaa/',
  findingsSuffix: '/data-protection-findings',
} as const;

const FINDINGS_NO_DATA_PROTECTION = 'Holds the data protection audit findings of its CentralLogGroup (which identifier matched in which log event), not the log events, so there is no PHI to mask.';

/** Properties of a {@link CentralLogGroup}. */
export interface CentralLogGroupProps {
  /**
   * The customer-managed key log events are encrypted with. For a HipaaKey or a kms.Key of the
   * same stack, the key policy lets CloudWatch Logs use it for this construct's log groups only;
   * for any other key, add that statement yourself (a synth warning says what it is). Pass the
   * key, not an alias.
   *
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Name of the log group. The data protection findings log group is named after it.
   *
   * @default - `/hipaa/` followed by a name unique to this construct's path
   */
  readonly logGroupName?: string;

  /**
   * How long log events are kept.
   *
   * Below six years is refused (45 CFR 164.316(b)(2)(i)) unless `CdkHipaa::Logs.RetentionSixYears`
   * is acknowledged. `RetentionDays.INFINITE` is allowed.
   *
   * @default logs.RetentionDays.SIX_YEARS - 2,192 days
   */
  readonly retention?: logs.RetentionDays;

  /**
   * What happens to the log groups when they leave the stack.
   *
   * `DESTROY` is refused (45 CFR 164.316(b)(2)(i), 164.312(b)) unless `CdkHipaa::Logs.DataRetained`
   * is acknowledged.
   *
   * @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Audit (and mask) PHI identifiers in log events with a CloudWatch Logs data protection policy.
   * CloudWatch Logs charges for the data it scans.
   *
   * `false` is refused (45 CFR 164.312(a)(1), 164.312(b)) unless `CdkHipaa::Logs.DataProtectionPolicy`
   * is acknowledged.
   *
   * @default true
   */
  readonly dataProtection?: boolean;

  /**
   * Data identifiers audited and masked in addition to the default PHI identifiers, e.g.
   * `DataIdentifier.IPADDRESS`, or a `CustomDataIdentifier` for medical record numbers.
   *
   * @default - the default PHI identifiers only
   */
  readonly additionalDataIdentifiers?: logs.DataIdentifier[];

  /**
   * Whether readers see PHI masked.
   *
   * `PhiMaskingMode.AUDIT_ONLY` is refused (45 CFR 164.312(a)(1)) unless `CdkHipaa::Logs.PhiMasking`
   * is acknowledged.
   *
   * @default PhiMaskingMode.AUDIT_AND_MASK
   */
  readonly maskingMode?: PhiMaskingMode;

  /**
   * Where data protection audit findings go. It must exist before the policy is created.
   *
   * @default - a log group named `<logGroupName>/data-protection-findings` (child id `DataProtectionFindings`), encrypted with the same key, with the same retention, retained
   */
  readonly findingsLogGroup?: logs.ILogGroup;

  /**
   * Also keep a WORM copy of every log event: a subscription filter into a Firehose delivery
   * stream (encrypted with the key) that writes to an EncryptedBucket with Object Lock in
   * COMPLIANCE mode for the retention (six years when the retention is `INFINITE`).
   *
   * @default false
   */
  readonly archive?: boolean;

  /**
   * Object Lock mode of the archive bucket. `COMPLIANCE`: nobody, the root user included, can delete
   * an archived event before its retention ends. `GOVERNANCE`: principals with
   * `s3:BypassGovernanceRetention` can (useful for test stacks whose data must be removable).
   *
   * @default ObjectLockMode.COMPLIANCE
   */
  readonly archiveObjectLockMode?: ObjectLockMode;
}

/**
 * A CloudWatch Logs log group for audit evidence and application logs that may contain PHI:
 * encrypted with a customer-managed key, kept six years, retained when its stack is deleted,
 * with a data protection policy that audits and masks PHI identifiers, a managed policy that
 * keeps attached identities from deleting or weakening it, and an optional WORM archive in S3.
 *
 * Covers 45 CFR 164.312(b), 164.316(b)(2)(i), 164.312(a)(2)(iv) and 164.312(a)(1).
 *
 * @example
 * const central = new CentralLogGroup(this, 'AppLogs');
 * new lambda.Function(this, 'Fn', { ...props, logGroup: central.logGroup });
 * central.grantRead(auditorRole);
 */
export class CentralLogGroup extends Construct {
  /**
   * A CentralLogGroup for an RDS DB instance's log export, named
   * `/aws/rds/instance/<instanceIdentifier>/<logType>` as RDS expects. Create it before the
   * instance (`instance.node.addDependency(group)`), or RDS creates the log group itself.
   *
   * @param instanceIdentifier the DB instance identifier (RDS lowercases it)
   * @param logType the exported log type, e.g. `postgresql`, `error`, `audit`
   */
  public static forRdsInstance(scope: Construct, id: string, instanceIdentifier: string, logType: string,
    props: CentralLogGroupProps = {}): CentralLogGroup {
    return CentralLogGroup.withFixedName(scope, id, `/aws/rds/instance/${lowerCase(instanceIdentifier)}/${logType}`, props);
  }

  /**
   * A CentralLogGroup for an Aurora DB cluster's log export, named
   * `/aws/rds/cluster/<clusterIdentifier>/<logType>` as RDS expects. Create it before the
   * cluster (`cluster.node.addDependency(group)`), or RDS creates the log group itself.
   *
   * @param clusterIdentifier the DB cluster identifier (RDS lowercases it)
   * @param logType the exported log type, e.g. `postgresql`, `error`, `audit`, `slowquery`
   */
  public static forRdsCluster(scope: Construct, id: string, clusterIdentifier: string, logType: string,
    props: CentralLogGroupProps = {}): CentralLogGroup {
    return CentralLogGroup.withFixedName(scope, id, `/aws/rds/cluster/${lowerCase(clusterIdentifier)}/${logType}`, props);
  }

  private static withFixedName(scope: Construct, id: string, logGroupName: string, props: CentralLogGroupProps): CentralLogGroup {
    if (props.logGroupName !== undefined) {
      throw new Error(`CentralLogGroup ${id}: logGroupName is fixed by the service (${logGroupName}); do not set it.`);
    }
    return new CentralLogGroup(scope, id, { ...props, logGroupName });
  }

  /** The log group. */
  public readonly logGroup: logs.LogGroup;
  /** The customer-managed key log events are encrypted with. */
  public readonly encryptionKey: kms.IKey;
  /** How long log events are kept. */
  public readonly retention: logs.RetentionDays;
  /** Where data protection audit findings go; undefined without data protection. */
  public readonly findingsLogGroup?: logs.ILogGroup;
  /**
   * Denies deleting the log groups or their streams, changing their retention, key, data
   * protection policy or subscription filters, and disabling or deleting the key, to every
   * identity it is attached to (see `protect`).
   */
  public readonly protectionPolicy: iam.ManagedPolicy;
  /** The Object Lock bucket of the archive; undefined without `archive`. */
  public readonly archiveBucket?: EncryptedBucket;
  /** The Firehose delivery stream of the archive; undefined without `archive`. */
  public readonly archiveDeliveryStream?: firehose.CfnDeliveryStream;

  private readonly baseArn: string;
  private readonly maskingMode?: PhiMaskingMode;
  private flowLogsRole?: iam.Role;

  constructor(scope: Construct, id: string, props: CentralLogGroupProps = {}) {
    super(scope, id);
    const retention = props.retention ?? CENTRAL_LOG_GROUP_DEFAULTS.retention;
    const removalPolicy = props.removalPolicy ?? CENTRAL_LOG_GROUP_DEFAULTS.removalPolicy;
    const dataProtection = props.dataProtection ?? CENTRAL_LOG_GROUP_DEFAULTS.dataProtection;
    this.checkCombinations(props, dataProtection);
    this.refuseWeakenings(props, retention, removalPolicy, dataProtection);

    this.encryptionKey = props.encryptionKey ?? new HipaaKey(this, 'Key');
    if ('aliasTargetKey' in this.encryptionKey) {
      throw new Error(`CentralLogGroup ${this.node.path}: encryptionKey is an alias; pass the key itself (e.g. alias.aliasTargetKey), because CloudWatch Logs needs the key ARN.`);
    }
    this.retention = retention;
    const logGroupName = props.logGroupName ?? this.defaultLogGroupName();
    validateLogGroupName(this, logGroupName);
    this.baseArn = logGroupArnFromName(this, logGroupName);

    // The log groups the protection policy covers, as IAM names them.
    const protectedLogGroups = this.logGroupResources();
    let dataProtectionPolicy: logs.DataProtectionPolicy | undefined;
    if (dataProtection) {
      this.maskingMode = props.maskingMode ?? CENTRAL_LOG_GROUP_DEFAULTS.maskingMode;
      if (props.findingsLogGroup) {
        this.findingsLogGroup = props.findingsLogGroup;
        protectedLogGroups.push(props.findingsLogGroup.logGroupArn);
      } else {
        const findingsName = `${logGroupName}${CENTRAL_LOG_GROUP_DEFAULTS.findingsSuffix}`;
        this.findingsLogGroup = createEvidenceLogGroup(this, 'DataProtectionFindings', {
          logGroupName: findingsName,
          encryptionKey: this.encryptionKey,
          retention,
          removalPolicy,
          noDataProtectionReason: FINDINGS_NO_DATA_PROTECTION,
        });
        protectedLogGroups.push(...arnsOfLogGroup(this, findingsName));
      }
      dataProtectionPolicy = phiDataProtectionPolicy(this.findingsLogGroup, props.additionalDataIdentifiers);
    }

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      encryptionKey: this.encryptionKey,
      retention,
      removalPolicy,
      dataProtectionPolicy,
    });
    allowLogsToUseKey(this, this.encryptionKey, this.baseArn);
    acknowledgeNeverExpires(this.logGroup, retention);

    if (props.archive ?? CENTRAL_LOG_GROUP_DEFAULTS.archive) {
      const archive = new LogArchive(this, 'Archive', {
        logGroup: this.logGroup,
        logGroupName,
        encryptionKey: this.encryptionKey,
        retention,
        removalPolicy,
        objectLockMode: props.archiveObjectLockMode ?? CENTRAL_LOG_GROUP_DEFAULTS.archiveObjectLockMode,
      });
      this.archiveBucket = archive.bucket;
      this.archiveDeliveryStream = archive.deliveryStream;
      protectedLogGroups.push(...arnsOfLogGroup(this, archive.deliveryLogGroupName));
    }

    this.protectionPolicy = new iam.ManagedPolicy(this, 'ProtectionPolicy', {
      description: 'Denies deleting or weakening the audit logs of a CentralLogGroup (cdk-hipaa)',
      statements: this.protectionStatements(protectedLogGroups),
    });
  }

  /** The name of the log group. */
  public get logGroupName(): string {
    return this.logGroup.logGroupName;
  }

  /** The ARN of the log group, as CloudFormation returns it (ending in `:*`). */
  public get logGroupArn(): string {
    return this.logGroup.logGroupArn;
  }

  /**
   * Lets a principal read log events and run Logs Insights queries on the log group, and
   * decrypt with the key for this log group only. Logs are evidence: grant few readers.
   * With `PhiMaskingMode.AUDIT_ONLY`, readers also get `logs:Unmask`.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    const actions = this.maskingMode === PhiMaskingMode.AUDIT_ONLY ? [...LOG_READ_ACTIONS, 'logs:Unmask'] : LOG_READ_ACTIONS;
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: this.logGroupResources() })
      .combine(iam.Grant.addToPrincipal({ grantee, actions: LOG_QUERY_RESULT_ACTIONS, resourceArns: ['*'] }))
      .combine(iam.Grant.addToPrincipal({
        grantee,
        actions: ['kms:Decrypt'],
        resourceArns: [this.encryptionKey.keyArn],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': this.baseArn } },
      }));
  }

  /** Lets a principal create log streams in the log group and put log events. */
  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return this.logGroup.grantWrite(grantee);
  }

  /**
   * Lets a principal see PHI unmasked (`logs:Unmask`) when it reads the log group, e.g. an
   * investigator; grant read access separately.
   */
  public grantUnmask(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['logs:Unmask'], resourceArns: this.logGroupResources() });
  }

  /**
   * Attaches the protection policy to a role, user or group. It is a guard rail for the
   * identities it is attached to, not for the account: an organization SCP with the same
   * statements is the account-wide form. Do not attach it to the role that deploys this stack.
   */
  public protect(identity: iam.IIdentity): void {
    identity.addManagedPolicy(this.protectionPolicy);
  }

  /**
   * A destination for VPC flow logs (`new ec2.FlowLog(..., { destination })` or
   * `vpc.addFlowLog(id, { destination })`), with a role the flow logs service assumes, limited to
   * this account, whose permissions are a managed policy on this log group.
   */
  public flowLogDestination(): ec2.FlowLogDestination {
    return ec2.FlowLogDestination.toCloudWatchLogs(this.logGroup, this.createFlowLogsRole().withoutPolicyUpdates());
  }

  private createFlowLogsRole(): iam.Role {
    if (this.flowLogsRole) return this.flowLogsRole;
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'FlowLogsRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:ec2:${stack.region}:${stack.account}:vpc-flow-log/*` },
      }),
      description: 'VPC flow logs delivery to a CentralLogGroup',
    });
    new iam.ManagedPolicy(this, 'FlowLogsPolicy', {
      description: 'Lets VPC flow logs write to a CentralLogGroup',
      roles: [role],
      statements: [new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: this.logGroupResources(),
      })],
    });
    this.flowLogsRole = role;
    return role;
  }

  /** The log group and its streams, as IAM names them. */
  private logGroupResources(): string[] {
    return [this.baseArn, `${this.baseArn}:*`];
  }

  private protectionStatements(protectedLogGroups: string[]): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        sid: 'DenyDeletingOrWeakeningAuditLogs',
        effect: iam.Effect.DENY,
        actions: LOG_PROTECTED_ACTIONS,
        resources: protectedLogGroups,
      }),
      new iam.PolicyStatement({
        sid: 'DenyDisablingTheAuditLogKey',
        effect: iam.Effect.DENY,
        actions: KEY_PROTECTED_ACTIONS,
        resources: [this.encryptionKey.keyArn],
      }),
    ];
  }

  private defaultLogGroupName(): string {
    return `${CENTRAL_LOG_GROUP_DEFAULTS.namePrefix}${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`;
  }

  /** Props that only make sense with data protection, given without it. */
  private checkCombinations(props: CentralLogGroupProps, dataProtection: boolean): void {
    if (dataProtection) return;
    const stray = (['additionalDataIdentifiers', 'maskingMode', 'findingsLogGroup'] as const).filter((p) => props[p] !== undefined);
    if (stray.length > 0) {
      throw new Error(`CentralLogGroup ${this.node.path}: ${stray.join(', ')} ${stray.length > 1 ? 'need' : 'needs'} data protection, but dataProtection is false.`);
    }
  }

  private refuseWeakenings(props: CentralLogGroupProps, retention: logs.RetentionDays, removalPolicy: RemovalPolicy, dataProtection: boolean): void {
    if (Token.isUnresolved(retention) || retention < logs.RetentionDays.SIX_YEARS) {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('Logs.RetentionSixYears'),
        prop: 'retention',
        value: Token.isUnresolved(retention) ? 'an unresolved token' : `RetentionDays.${logs.RetentionDays[retention] ?? retention} (${retention} days)`,
      });
    }
    if (removalPolicy === RemovalPolicy.DESTROY) {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('Logs.DataRetained'),
        prop: 'removalPolicy',
        value: String(removalPolicy),
        detail: 'Audit evidence must be kept six years.',
      });
    }
    if (!dataProtection) {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('Logs.DataProtectionPolicy'),
        prop: 'dataProtection',
        value: 'false',
      });
    }
    if (props.maskingMode === PhiMaskingMode.AUDIT_ONLY) {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('Logs.PhiMasking'),
        prop: 'maskingMode',
        value: 'PhiMaskingMode.AUDIT_ONLY',
      });
    }
  }
}

function lowerCase(identifier: string): string {
  return Token.isUnresolved(identifier) ? identifier : identifier.toLowerCase();
}

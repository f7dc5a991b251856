import { Duration, Lazy, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { HipaaKey } from '../kms/hipaa-key';
import { backupableResources } from './private/backupable-resources';
import { catalogControl } from '../controls/catalog';
import { refuseUnlessAcknowledged } from '../policy/refusals';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

/** What a HipaaBackupPlan is unless told otherwise. */
const HIPAA_BACKUP_PLAN_DEFAULTS = {
  dailyRetention: Duration.days(35),
  /** Seven years: 7 * 365 + 2 leap days. */
  monthlyRetention: Duration.days(2557),
  vaultLock: false,
  blockRecoveryPointDeletion: true,
  /** Daily at 05:00 UTC. */
  dailySchedule: events.Schedule.cron({ minute: '0', hour: '5' }),
  /** On the first of each month at 05:00 UTC. */
  monthlySchedule: events.Schedule.cron({ minute: '0', hour: '5', day: '1' }),
  startWindow: Duration.hours(1),
  completionWindow: Duration.hours(24),
  removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
} as const;

/** Daily recovery points kept for less than this are refused (`CdkHipaa::Backup.RetentionMinimum`). */
const MIN_DAILY_RETENTION_DAYS = HIPAA_THRESHOLDS.minimumBackupRetentionDays;

/** The construct id of the stack's shared plan, see {@link HipaaBackupPlan.of}. */
const SHARED_PLAN_ID = 'HipaaBackupPlan';

/** The managed policies AWS Backup needs to take and restore backups of the selected resources. */
const BACKUP_ROLE_MANAGED_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
];

/** Properties of a {@link HipaaBackupPlan}. */
export interface HipaaBackupPlanProps {
  /**
   * The customer-managed key the backup vault encrypts recovery points with.
   *
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long the daily recovery points are kept.
   *
   * Below 7 days is refused (45 CFR 164.308(a)(7)(ii)(A): a problem noticed after a weekend
   * must still be recoverable) unless `CdkHipaa::Backup.RetentionMinimum` is acknowledged.
   *
   * @default Duration.days(35)
   */
  readonly dailyRetention?: Duration;

  /**
   * How long the monthly recovery points (taken on the first of each month) are kept.
   *
   * @default Duration.days(2557) (seven years)
   */
  readonly monthlyRetention?: Duration;

  /**
   * Lock the vault with AWS Backup Vault Lock, so that no recovery point can be deleted
   * before `vaultLockMinRetention`, whoever asks (45 CFR 164.312(c)(1)).
   *
   * Without `vaultLockChangeableFor` the lock is in governance mode: principals with
   * `backup:DeleteBackupVaultLockConfiguration` may remove it.
   *
   * @default false
   */
  readonly vaultLock?: boolean;

  /**
   * The shortest retention the vault lock accepts; backup jobs asking for less fail.
   * Only with `vaultLock: true`; must not exceed `dailyRetention`.
   *
   * @default - `dailyRetention`
   */
  readonly vaultLockMinRetention?: Duration;

  /**
   * Puts the vault lock in compliance mode: after this grace time (at least 3 days) the lock
   * can no longer be changed or removed by anyone, and the vault cannot be deleted while it
   * holds recovery points. Only with `vaultLock: true`.
   *
   * @default - governance mode (the lock can be removed with the right permissions)
   */
  readonly vaultLockChangeableFor?: Duration;

  /**
   * Deny `backup:DeleteRecoveryPoint` and `backup:UpdateRecoveryPointLifecycle` to everyone in
   * the vault's access policy, so recovery points expire only by their lifecycle.
   *
   * @default true
   */
  readonly blockRecoveryPointDeletion?: boolean;

  /**
   * Name of the backup plan (unique in the account and region).
   *
   * @default - a name made of the stack's name and this construct's path
   */
  readonly backupPlanName?: string;

  /**
   * Name of the backup vault.
   *
   * @default - generated
   */
  readonly backupVaultName?: string;
}

/**
 * A data backup plan for PHI (45 CFR 164.308(a)(7)(ii)(A)): an AWS Backup vault encrypted
 * with a customer-managed key and retained when the stack goes away, and a plan with a daily
 * rule (kept 35 days) and a monthly rule (kept seven years). Vault Lock is one prop.
 *
 * Resources join the plan with {@link HipaaBackupPlan.addConstruct} or
 * {@link HipaaBackupPlan.addResource}; the constructs of this library that hold PHI join
 * the stack's shared plan ({@link HipaaBackupPlan.of}) on their own.
 *
 * @example
 * const plan = new HipaaBackupPlan(this, 'HipaaBackupPlan', { vaultLock: true });
 * plan.addConstruct(table);
 */
export class HipaaBackupPlan extends Construct {
  /**
   * The stack's shared backup plan: the HipaaBackupPlan with id `HipaaBackupPlan` directly
   * under the stack of `scope`, created with defaults on first use.
   *
   * To customize the shared plan, create it yourself with that id before any construct asks
   * for it: `new HipaaBackupPlan(stack, 'HipaaBackupPlan', { ... })`.
   */
  public static of(scope: IConstruct): HipaaBackupPlan {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SHARED_PLAN_ID);
    if (existing instanceof HipaaBackupPlan) return existing;
    if (existing) {
      throw new Error(`'${existing.node.path}' is not a HipaaBackupPlan: the id '${SHARED_PLAN_ID}' directly under a stack is reserved for the stack's shared backup plan.`);
    }
    return new HipaaBackupPlan(stack, SHARED_PLAN_ID);
  }

  /** The AWS Backup plan with its daily and monthly rules. */
  public readonly plan: backup.BackupPlan;

  /** The vault recovery points are stored in. */
  public readonly vault: backup.BackupVault;

  /** The customer-managed key the vault encrypts recovery points with. */
  public readonly encryptionKey: kms.IKey;

  private readonly arns: string[] = [];
  private readonly constructs: IConstruct[] = [];
  private readonly tags: backup.CfnBackupSelection.ConditionResourceTypeProperty[] = [];
  private selection?: backup.CfnBackupSelection;

  constructor(scope: Construct, id: string, props: HipaaBackupPlanProps = {}) {
    super(scope, id);
    const dailyRetention = props.dailyRetention ?? HIPAA_BACKUP_PLAN_DEFAULTS.dailyRetention;
    const monthlyRetention = props.monthlyRetention ?? HIPAA_BACKUP_PLAN_DEFAULTS.monthlyRetention;
    const vaultLock = props.vaultLock ?? HIPAA_BACKUP_PLAN_DEFAULTS.vaultLock;

    this.encryptionKey = props.encryptionKey ?? new HipaaKey(this, 'Key', {
      description: 'Customer-managed key for AWS Backup recovery points of PHI (cdk-hipaa)',
    });

    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.backupVaultName,
      encryptionKey: this.encryptionKey,
      removalPolicy: HIPAA_BACKUP_PLAN_DEFAULTS.removalPolicy,
      blockRecoveryPointDeletion: props.blockRecoveryPointDeletion ?? HIPAA_BACKUP_PLAN_DEFAULTS.blockRecoveryPointDeletion,
      lockConfiguration: vaultLock ? lockConfiguration(props, dailyRetention) : undefined,
    });
    if (!vaultLock && (props.vaultLockMinRetention || props.vaultLockChangeableFor)) {
      throw new Error('vaultLockMinRetention and vaultLockChangeableFor apply only to a locked vault: set vaultLock: true or remove them.');
    }

    this.plan = new backup.BackupPlan(this, 'Plan', {
      // The L2 names the plan after its construct id ('Plan'), which a second copy of the stack in the
      // same account and region would collide with.
      backupPlanName: props.backupPlanName ?? Names.uniqueResourceName(this, { maxLength: 50, separator: '-' }),
      backupVault: this.vault,
    });
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Daily',
      scheduleExpression: HIPAA_BACKUP_PLAN_DEFAULTS.dailySchedule,
      startWindow: HIPAA_BACKUP_PLAN_DEFAULTS.startWindow,
      completionWindow: HIPAA_BACKUP_PLAN_DEFAULTS.completionWindow,
      deleteAfter: dailyRetention,
    }));
    this.plan.addRule(new backup.BackupPlanRule({
      ruleName: 'Monthly',
      scheduleExpression: HIPAA_BACKUP_PLAN_DEFAULTS.monthlySchedule,
      startWindow: HIPAA_BACKUP_PLAN_DEFAULTS.startWindow,
      completionWindow: HIPAA_BACKUP_PLAN_DEFAULTS.completionWindow,
      deleteAfter: monthlyRetention,
    }));

    if (!dailyRetention.isUnresolved() && dailyRetention.toDays() < MIN_DAILY_RETENTION_DAYS) {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('Backup.RetentionMinimum'),
        prop: 'dailyRetention',
        value: `${dailyRetention.toDays()} days`,
      });
    }

    this.node.addValidation({ validate: () => this.validateSelection() });
  }

  /**
   * Adds every resource AWS Backup can protect inside `construct` (EBS volumes, EC2 instances,
   * RDS instances and clusters, DynamoDB tables, EFS file systems) to the plan.
   *
   * The construct's tree is read at synth, so resources added to it later are included too.
   * RDS instances that belong to a cluster are backed up through their cluster.
   */
  public addConstruct(construct: Construct): void {
    if (!this.constructs.includes(construct)) this.constructs.push(construct);
    this.ensureSelection();
  }

  /**
   * Adds a resource to the plan: an ARN or ARN pattern (`BackupResource.fromArn`), a tag
   * condition (`BackupResource.fromTag`), or a construct (`BackupResource.fromConstruct` and
   * the other `from...` factories, which this method treats like {@link addConstruct}).
   */
  public addResource(resource: backup.BackupResource): void {
    if (resource.construct) {
      this.addConstruct(resource.construct);
    }
    if (resource.resource && !this.arns.includes(resource.resource)) {
      this.arns.push(resource.resource);
    }
    if (resource.tagCondition) {
      this.tags.push({
        conditionKey: resource.tagCondition.key,
        conditionType: resource.tagCondition.operation ?? backup.TagOperation.STRING_EQUALS,
        conditionValue: resource.tagCondition.value,
      });
    }
    this.ensureSelection();
  }

  /**
   * One selection for everything added to the plan, made on first use (an empty selection is
   * invalid). Its resource list is computed at synth from the added constructs' trees, so it
   * does not depend on the order aspects run in, and cdk-nag's `*InBackupPlan` rules see it.
   */
  private ensureSelection(): void {
    if (this.selection) return;
    const role = new iam.Role(this, 'SelectionRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'Lets AWS Backup back up and restore the resources of this plan',
      managedPolicies: BACKUP_ROLE_MANAGED_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    this.selection = new backup.CfnBackupSelection(this, 'Selection', {
      backupPlanId: this.plan.backupPlanId,
      backupSelection: {
        selectionName: 'hipaa-resources',
        iamRoleArn: role.roleArn,
        resources: Lazy.list({ produce: () => this.selectedArns() }, { omitEmpty: true }),
        listOfTags: Lazy.any({ produce: () => this.tags }, { omitEmptyArray: true }),
      },
    });
  }

  private selectedArns(): string[] {
    const arns = [...this.arns];
    for (const construct of this.constructs) {
      for (const arn of backupableResources(construct).map((r) => r.arn)) {
        if (!arns.includes(arn)) arns.push(arn);
      }
    }
    return arns;
  }

  private validateSelection(): string[] {
    const errors: string[] = [];
    for (const construct of this.constructs) {
      if (backupableResources(construct).length === 0) {
        errors.push(`'${construct.node.path}' was added to the backup plan but holds no resource AWS Backup can protect (EBS volume, EC2 instance, RDS instance or cluster, DynamoDB table, EFS file system).`);
      }
    }
    return errors;
  }
}

function lockConfiguration(props: HipaaBackupPlanProps, dailyRetention: Duration): backup.LockConfiguration {
  const minRetention = props.vaultLockMinRetention ?? dailyRetention;
  if (!minRetention.isUnresolved() && !dailyRetention.isUnresolved() && minRetention.toDays() > dailyRetention.toDays()) {
    throw new Error(`vaultLockMinRetention: ${minRetention.toDays()} days exceeds dailyRetention (${dailyRetention.toDays()} days): the locked vault would refuse every daily backup. Lower vaultLockMinRetention or raise dailyRetention.`);
  }
  return { minRetention, changeableFor: props.vaultLockChangeableFor };
}

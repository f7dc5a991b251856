import { CfnOutput, Stack, Stage, StageProps } from 'aws-cdk-lib';
import {
  AccountBaselineStackSet, AuditAccount, BaselineConfigRecording, HipaaServiceControlPolicies, LogArchive, OrganizationDelegatedAdmins,
  OrganizationTrail,
} from 'cdk-hipaa';
import { Construct, IConstruct } from 'constructs';
import { WorkloadStack } from './workload-stack';

/** The ids this app is deployed with; read from context (cdk.json, or `-c key=value`). */
export interface OrganizationSettings {
  /** The organization (`o-...`). */
  readonly organizationId: string;
  /** The organizational units the guardrails and the account baseline apply to. */
  readonly securityOuId: string;
  readonly workloadsOuId: string;
  readonly managementAccountId: string;
  readonly logArchiveAccountId: string;
  readonly auditAccountId: string;
  readonly workloadAccountId: string;
  /** The home region: the log archive, the trail and the workload live there. */
  readonly region: string;
  /** The regions every member account gets the baseline in; the first is the home region. */
  readonly baselineRegions: string[];
  /** The log archive key's ARN, an output of the log-archive stage (`KeyArn`) after its first deploy. */
  readonly logArchiveKeyArn: string;
}

const CONTEXT_KEYS = [
  'organizationId', 'securityOuId', 'workloadsOuId', 'managementAccountId', 'logArchiveAccountId', 'auditAccountId', 'workloadAccountId',
  'region', 'baselineRegions', 'logArchiveKeyArn',
] as const;

/** The settings from context; fails naming every missing key. */
export function settingsFromContext(scope: IConstruct): OrganizationSettings {
  const value = (key: string): string | undefined => {
    const v = scope.node.tryGetContext(key);
    return v === undefined ? undefined : String(v);
  };
  const missing = CONTEXT_KEYS.filter((k) => value(k) === undefined);
  if (missing.length > 0) throw new Error(`Missing context: ${missing.join(', ')} (set them in cdk.json or with -c key=value).`);
  const v = (key: typeof CONTEXT_KEYS[number]) => value(key)!;
  return {
    organizationId: v('organizationId'),
    securityOuId: v('securityOuId'),
    workloadsOuId: v('workloadsOuId'),
    managementAccountId: v('managementAccountId'),
    logArchiveAccountId: v('logArchiveAccountId'),
    auditAccountId: v('auditAccountId'),
    workloadAccountId: v('workloadAccountId'),
    region: v('region'),
    baselineRegions: v('baselineRegions').split(',').map((r) => r.trim()).filter((r) => r.length > 0),
    logArchiveKeyArn: v('logArchiveKeyArn'),
  };
}

/**
 * The log archive's bucket names, fixed so that the other accounts can name them at synth (a stack
 * cannot reference a resource of another account): unique per account and region, and led by the
 * log archive stack's name (LogArchive-Archive), so that a second copy of the stack under another
 * name gets buckets of its own instead of failing with "already exists".
 */
export function archiveBucketNames(s: OrganizationSettings): { trail: string; config: string } {
  return {
    trail: `logarchive-archive-trail-${s.logArchiveAccountId}-${s.region}`,
    config: `logarchive-archive-config-${s.logArchiveAccountId}-${s.region}`,
  };
}

interface AccountStageProps extends StageProps {
  readonly settings: OrganizationSettings;
}

/** The log-archive account: the organization trail's and AWS Config's buckets, six years, Object Lock on the trail's. */
export class LogArchiveStage extends Stage {
  public readonly stack: Stack;
  public readonly archive: LogArchive;

  constructor(scope: Construct, id: string, props: AccountStageProps) {
    super(scope, id, props);
    const s = props.settings;
    this.stack = new Stack(this, 'Archive', { description: 'Organization log archive (cdk-hipaa)' });
    const names = archiveBucketNames(s);
    this.archive = new LogArchive(this.stack, 'Archive', {
      organizationId: s.organizationId,
      auditAccountId: s.auditAccountId,
      bucketName: names.trail,
      configBucketName: names.config,
    });
    // The trail and the delivery channels of the other accounts name the key by ARN: set logArchiveKeyArn to this output.
    new CfnOutput(this.stack, 'KeyArn', { value: this.archive.keyArn, description: 'Set the context value logArchiveKeyArn to this ARN' });
  }
}

/**
 * The management account: the guardrails (SCPs), the organization trail, the audit account as
 * Security Hub delegated administrator, and the StackSet that gives every account of the security
 * and workload OUs the per-account baseline.
 */
export class ManagementStage extends Stage {
  public readonly stack: Stack;
  public readonly trail: OrganizationTrail;
  public readonly delegatedAdmins: OrganizationDelegatedAdmins;
  public readonly baseline: AccountBaselineStackSet;

  constructor(scope: Construct, id: string, props: AccountStageProps) {
    super(scope, id, props);
    const s = props.settings;
    const names = archiveBucketNames(s);
    this.stack = new Stack(this, 'Organization', { description: 'Organization guardrails, trail and account baseline (cdk-hipaa)' });
    new HipaaServiceControlPolicies(this.stack, 'Guardrails', {
      targetIds: [s.securityOuId, s.workloadsOuId],
      logArchiveBucketNames: [names.trail, names.config],
    });
    this.trail = new OrganizationTrail(this.stack, 'Trail', { bucketName: names.trail, keyArn: s.logArchiveKeyArn });
    // Also run OrganizationDelegatedAdmins.setupCommands(auditAccountId, region) once (see docs/organization.md).
    this.delegatedAdmins = new OrganizationDelegatedAdmins(this.stack, 'DelegatedAdmins', { auditAccountId: s.auditAccountId });
    this.baseline = new AccountBaselineStackSet(this.stack, 'AccountBaseline', {
      organizationalUnitIds: [s.securityOuId, s.workloadsOuId],
      regions: s.baselineRegions,
      // No Control Tower here: each account records with AWS Config and delivers to the log archive.
      configRecording: BaselineConfigRecording.CREATE,
      configDeliveryBucketName: names.config,
      configDeliveryKeyArn: s.logArchiveKeyArn,
    });
  }
}

/**
 * The audit account: the organization's Config aggregator and organization rules, GuardDuty,
 * Security Hub, and the alert topic (deployed once it is the delegated administrator).
 */
export class AuditStage extends Stage {
  public readonly stack: Stack;
  public readonly audit: AuditAccount;

  constructor(scope: Construct, id: string, props: AccountStageProps) {
    super(scope, id, props);
    this.stack = new Stack(this, 'Security', { description: 'Organization audit account (cdk-hipaa)' });
    this.audit = new AuditAccount(this.stack, 'Audit');
  }
}

/** A workload account: the application's encrypted data (its account baseline comes from the StackSet). */
export class WorkloadStage extends Stage {
  public readonly stack: WorkloadStack;

  constructor(scope: Construct, id: string, props: AccountStageProps) {
    super(scope, id, props);
    this.stack = new WorkloadStack(this, 'App');
  }
}

/** Every account's stage of the organization, each in its own account and the home region. */
export interface Organization {
  readonly logArchive: LogArchiveStage;
  readonly management: ManagementStage;
  readonly audit: AuditStage;
  readonly workload: WorkloadStage;
}

/** Adds the organization's stages to `scope` (an App). */
export function addOrganization(scope: Construct, settings: OrganizationSettings): Organization {
  const env = (account: string) => ({ account, region: settings.region });
  return {
    logArchive: new LogArchiveStage(scope, 'LogArchive', { env: env(settings.logArchiveAccountId), settings }),
    management: new ManagementStage(scope, 'Management', { env: env(settings.managementAccountId), settings }),
    audit: new AuditStage(scope, 'Audit', { env: env(settings.auditAccountId), settings }),
    workload: new WorkloadStage(scope, 'Workload', { env: env(settings.workloadAccountId), settings }),
  };
}

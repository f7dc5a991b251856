import { Annotations, CfnResource, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { HipaaBackupPlan } from '../backup/hipaa-backup-plan';
import { HipaaKey } from '../kms/hipaa-key';
import { acknowledgeNagRule } from '../policy/acknowledgements';
import { checkEngineProps, databaseSubnets, refuseDatabaseWeakenings } from './private/rds-checks';
import { createDatabaseLogGroups, databaseIdentifier } from './private/rds-logs';
import { TlsParameterGroup } from './private/rds-parameter-group';
import {
  backupPlanStartWindows, createDatabaseCluster, createDatabaseInstance, DatabaseSettings, DatabaseWindows, formatDaily, overlaps, parseDailyWindow,
  pinIngressPorts, windowsClearOf,
} from './private/rds-resources';

/** What an EncryptedDatabase is unless told otherwise. */
const ENCRYPTED_DATABASE_DEFAULTS = {
  rotation: Duration.days(30),
  backupRetention: Duration.days(35),
  removalPolicy: RemovalPolicy.SNAPSHOT,
  deletionProtection: true,
  multiAz: true,
  readers: 1,
  monitoringInterval: Duration.seconds(60),
  allocatedStorage: 100,
  storageType: rds.StorageType.GP3,
  backup: true,
} as const;

/**
 * The removal policy of the stateful resources created with the database (its log groups and the
 * secret): kept on update and delete like the data (CloudFormation `RetainExceptOnCreate`,
 * "DeletionPolicy attribute"), but deleted when the stack operation that created them rolls back,
 * so that a failed first deploy leaves no fixed-name log group behind to make the retry fail with
 * "already exists". Deleted with the database only when `DESTROY` was acknowledged.
 */
function relatedRemovalPolicy(databasePolicy: RemovalPolicy): RemovalPolicy {
  return databasePolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
}

/**
 * Deliberate exceptions to cdk-nag HIPAA rules, with their reasons (listed in docs/encrypted-database.md).
 * The catalog's matching control needs none: Backup.ResourceInPlan does not apply to the DB
 * instances of a cluster, which are backed up with it.
 */
const EXCEPTIONS = {
  auroraInstanceBackup: {
    nagRule: 'RDSInBackupPlan',
    reason: 'AWS Backup protects an Aurora cluster as a whole: the cluster is selected by the backup plan, and its DB instances cannot be selected on their own.',
  },
} as const;

/** Properties of an {@link EncryptedDatabase}. Give exactly one of `engine` and `clusterEngine`. */
export interface EncryptedDatabaseProps {
  /** The VPC the database is placed in. */
  readonly vpc: ec2.IVpc;

  /**
   * The engine of a single DB instance (`rds.DatabaseInstanceEngine.postgres({ version })`,
   * `mysql`, `mariaDb`, `sqlServerSe`, ...), with its version. Exactly one of `engine` and
   * `clusterEngine` is required.
   *
   * @default - no DB instance; `clusterEngine` must be given
   */
  readonly engine?: rds.IInstanceEngine;

  /**
   * The engine of an Aurora cluster (`rds.DatabaseClusterEngine.auroraPostgres({ version })` or
   * `auroraMysql`), with its version. Exactly one of `engine` and `clusterEngine` is required.
   *
   * @default - no Aurora cluster; `engine` must be given
   */
  readonly clusterEngine?: rds.IClusterEngine;

  /**
   * The customer-managed key for storage, Performance Insights, the credentials secret and the
   * log groups. A key of this app gets a key policy statement that lets CloudWatch Logs use it
   * for the database's log groups; for an imported key, add that statement yourself.
   *
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The instance class of the DB instance, or of each instance of the cluster.
   *
   * @default - db.t4g.medium for PostgreSQL, MySQL and MariaDB instances; db.m6i.large for SQL
   * Server, Oracle and Db2; db.r6g.large for Aurora
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * The subnets of the DB subnet group. Public subnets are refused (45 CFR 164.312(a)(1)) unless
   * `CdkHipaa::RDS.PrivateSubnets` is acknowledged.
   *
   * @default - the VPC's isolated subnets if it has any, else its private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The name of a database created with the instance or cluster.
   *
   * @default - no database is created
   */
  readonly databaseName?: string;

  /**
   * The port the database listens on.
   *
   * @default - the engine's default port
   */
  readonly port?: number;

  /**
   * The name of the master user, whose password is generated into Secrets Manager.
   *
   * @default - the engine's default user name (`postgres` for PostgreSQL, `admin` otherwise)
   */
  readonly masterUsername?: string;

  /**
   * The identifier of the DB instance or cluster. It names the log groups, which are created
   * before the database; a change of identifier replaces the database, so CloudFormation refuses
   * it while the identifier is set.
   *
   * @default - derived from the construct path, unique in the account and region
   */
  readonly identifier?: string;

  /**
   * Storage of the DB instance, in GiB (gp3). Only for `engine`.
   *
   * @default 100
   */
  readonly allocatedStorage?: number;

  /**
   * An option group for the DB instance, e.g. with `MARIADB_AUDIT_PLUGIN` so that the exported
   * MySQL or MariaDB audit log is filled. Only for `engine`.
   *
   * @default - the engine's default option group
   */
  readonly optionGroup?: rds.IOptionGroup;

  /**
   * How often the master password is rotated, by a single-user rotation function.
   *
   * @default Duration.days(30)
   */
  readonly rotation?: Duration;

  /**
   * How long automated backups (and point-in-time recovery) reach back, from 1 to 35 days.
   *
   * Below 7 days is refused (45 CFR 164.308(a)(7)(ii)(A)) unless `CdkHipaa::RDS.BackupRetention`
   * is acknowledged.
   *
   * @default Duration.days(35)
   */
  readonly backupRetention?: Duration;

  /**
   * The daily time range (`hh24:mi-hh24:mi`, UTC, at least 30 minutes) of the automated backups.
   * A window that overlaps a start window of the AWS Backup plan the database joins throws.
   *
   * @default - a window that ends at least an hour before the earliest start window of the backup
   * plan (02:00-02:30 for HipaaBackupPlan's 05:00 UTC schedule); RDS's own choice when `backup` is
   * false or the plan's schedule gives no fixed UTC time
   */
  readonly preferredBackupWindow?: string;

  /**
   * The weekly time range (`ddd:hh24:mi-ddd:hh24:mi`, UTC, at least 30 minutes) of system
   * maintenance. RDS refuses one that overlaps the backup window.
   *
   * @default - Sundays, an hour after the default backup window and an hour before the backup
   * plan's earliest start (sun:03:30-sun:04:00 for HipaaBackupPlan); RDS's own choice (random) when
   * the default backup window is not set either
   */
  readonly preferredMaintenanceWindow?: string;

  /**
   * Whether deletion protection is on.
   *
   * `false` is refused (45 CFR 164.308(a)(7)(ii)(A)) unless `CdkHipaa::RDS.DeletionProtection`
   * is acknowledged.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to the database when it leaves the stack: `SNAPSHOT`, `RETAIN_ON_UPDATE_OR_DELETE`
   * or `RETAIN`. Its log groups and secret are kept on update and delete whichever is chosen, and
   * deleted if the stack operation that created them rolls back (`RETAIN_ON_UPDATE_OR_DELETE`).
   * Deletion protection still blocks the rollback of a failed first deploy: see "A failed first
   * deploy" in docs/encrypted-database.md.
   *
   * `DESTROY` is refused (45 CFR 164.308(a)(7)(ii)(A)) unless `CdkHipaa::RDS.DataRetained` is
   * acknowledged; the log groups and secret are then deleted with the database.
   *
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Whether the DB instance has a standby in a second Availability Zone. For a cluster, `false`
   * means no reader instance.
   *
   * `false` is refused (45 CFR 164.308(a)(7)(ii)(B)) unless `CdkHipaa::RDS.MultiAz` is acknowledged.
   *
   * @default true
   */
  readonly multiAz?: boolean;

  /**
   * The number of reader instances of the cluster, besides the writer. Only for `clusterEngine`.
   *
   * `0` is refused (45 CFR 164.308(a)(7)(ii)(B)) unless `CdkHipaa::RDS.MultiAz` is acknowledged.
   *
   * @default 1
   */
  readonly readers?: number;

  /**
   * The interval of enhanced monitoring: 1, 5, 10, 15, 30 or 60 seconds.
   *
   * `Duration.seconds(0)` (off) is refused (45 CFR 164.308(a)(1)(ii)(D)) unless
   * `CdkHipaa::RDS.EnhancedMonitoring` is acknowledged.
   *
   * @default Duration.seconds(60)
   */
  readonly monitoringInterval?: Duration;

  /**
   * Another AWS Backup plan to add the database to.
   *
   * @default - the stack's shared plan, `HipaaBackupPlan.of(this)`
   */
  readonly backupPlan?: HipaaBackupPlan;

  /**
   * Whether the database is added to an AWS Backup plan.
   *
   * `false` is refused (45 CFR 164.308(a)(7)(ii)(A)) unless `CdkHipaa::Backup.ResourceInPlan` is
   * acknowledged.
   *
   * @default true
   */
  readonly backup?: boolean;
}

/**
 * An RDS DB instance or an Aurora cluster for PHI, compliant with only a VPC and an engine:
 * storage, Performance Insights, credentials and logs encrypted with a customer-managed key;
 * TLS forced by a parameter group; the master password generated into Secrets Manager and
 * rotated; private subnets, no public access and a security group closed until `allowFrom`;
 * IAM authentication; deletion protection and a final snapshot; 35 days of automated backups
 * and a place in the stack's AWS Backup plan; Multi-AZ (or a reader); enhanced monitoring;
 * automatic minor version upgrades; log exports kept six years.
 *
 * Covers 45 CFR 164.312(a)(2)(iv), 164.312(e)(1), 164.312(a)(1), 164.312(d), 164.312(b),
 * 164.308(a)(7) and 164.316(b)(2)(i).
 *
 * @example
 * const db = new EncryptedDatabase(this, 'Records', {
 *   vpc,
 *   engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
 * });
 * db.allowFrom(appService);
 */
export class EncryptedDatabase extends Construct implements ec2.IConnectable {
  /** The DB instance, when `engine` was given. */
  public readonly instance?: rds.DatabaseInstance;
  /** The Aurora cluster, when `clusterEngine` was given. */
  public readonly cluster?: rds.DatabaseCluster;
  /** The customer-managed key storage, Performance Insights, the secret and the logs are encrypted with. */
  public readonly encryptionKey: kms.IKey;
  /** The master user's credentials (`username`, `password`, `host`, `port`, ...), rotated. */
  public readonly secret: secretsmanager.ISecret;
  /** Network access to the database; nothing is allowed in until `allowFrom`. */
  public readonly connections: ec2.Connections;
  /** The security group of the database. */
  public readonly securityGroup: ec2.ISecurityGroup;
  /**
   * The parameter group (instance) or cluster parameter group (Aurora) that forces TLS. More
   * parameters can be added; another value for a TLS parameter is refused unless
   * `CdkHipaa::RDS.TlsEnforced` is acknowledged.
   */
  public readonly parameterGroup: rds.IParameterGroup;
  /** The endpoint to connect to: the instance, or the cluster's writer. */
  public readonly endpoint: rds.Endpoint;
  /** The reader endpoint of the cluster; undefined for an instance. */
  public readonly readEndpoint?: rds.Endpoint;
  /** The identifier of the DB instance or cluster. */
  public readonly identifier: string;
  /** The log groups the database exports its logs to, encrypted and kept six years. */
  public readonly logGroups: logs.ILogGroup[];

  private readonly iamAuthentication: boolean;

  constructor(scope: Construct, id: string, props: EncryptedDatabaseProps) {
    super(scope, id);
    const profile = checkEngineProps(this, props);
    const engine: rds.IEngine = (props.engine ?? props.clusterEngine)!;
    const removalPolicy = props.removalPolicy ?? ENCRYPTED_DATABASE_DEFAULTS.removalPolicy;
    const multiAz = props.multiAz ?? ENCRYPTED_DATABASE_DEFAULTS.multiAz;
    const readers = props.readers ?? (multiAz ? ENCRYPTED_DATABASE_DEFAULTS.readers : 0);
    const vpcSubnets = databaseSubnets(this, props);
    const port = props.port ?? profile.defaultPort;
    const common = {
      removalPolicy,
      backupRetention: props.backupRetention ?? ENCRYPTED_DATABASE_DEFAULTS.backupRetention,
      deletionProtection: props.deletionProtection ?? ENCRYPTED_DATABASE_DEFAULTS.deletionProtection,
      monitoringInterval: props.monitoringInterval ?? ENCRYPTED_DATABASE_DEFAULTS.monitoringInterval,
    };
    refuseDatabaseWeakenings(this, profile, {
      ...common, multiAz, readers, backup: props.backup ?? ENCRYPTED_DATABASE_DEFAULTS.backup,
    }, props.clusterEngine !== undefined);
    const keepsData = relatedRemovalPolicy(removalPolicy);

    this.encryptionKey = props.encryptionKey ?? new HipaaKey(this, 'Key');
    if ('aliasTargetKey' in this.encryptionKey) {
      throw new Error(`EncryptedDatabase ${this.node.path}: encryptionKey is an alias; pass the key itself (e.g. alias.aliasTargetKey), because CloudWatch Logs needs the key ARN.`);
    }
    this.iamAuthentication = profile.iamAuthentication;
    this.identifier = databaseIdentifier(this, props.identifier, profile.kind === 'sqlserver');
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${this.node.path}: no inbound rule until allowFrom`,
      allowAllOutbound: false,
    });
    this.parameterGroup = new TlsParameterGroup(this, 'ParameterGroup', {
      engine,
      description: `${this.node.path}: TLS forced`,
      parameters: { ...profile.auditParameters, ...profile.tlsParameters },
    }, { owner: this, tlsParameters: profile.tlsParameters ?? {} });
    const logGroups = createDatabaseLogGroups(this, {
      resource: props.engine ? 'instance' : 'cluster',
      identifier: this.identifier,
      logTypes: profile.logExports,
      encryptionKey: this.encryptionKey,
      removalPolicy: keepsData,
    });
    this.logGroups = logGroups;

    const backupOn = props.backup ?? ENCRYPTED_DATABASE_DEFAULTS.backup;
    const plan = backupOn ? props.backupPlan ?? HipaaBackupPlan.of(this) : undefined;
    const windows = this.databaseWindows(props, plan);
    const settings: DatabaseSettings = {
      ...common,
      preferredBackupWindow: props.preferredBackupWindow ?? windows?.preferredBackupWindow,
      // The default maintenance window is placed after the default backup window only.
      preferredMaintenanceWindow: props.preferredMaintenanceWindow
        ?? (props.preferredBackupWindow === undefined ? windows?.preferredMaintenanceWindow : undefined),
      profile,
      identifier: this.identifier,
      vpc: props.vpc,
      vpcSubnets,
      securityGroup: this.securityGroup,
      parameterGroup: this.parameterGroup,
      credentials: rds.Credentials.fromGeneratedSecret(props.masterUsername ?? engine.defaultUsername ?? 'admin', {
        encryptionKey: this.encryptionKey,
      }),
      encryptionKey: this.encryptionKey,
      instanceType: props.instanceType ?? profile.defaultInstanceType,
      port,
      databaseName: props.databaseName,
    };
    let database: rds.DatabaseInstance | rds.DatabaseCluster;
    if (props.engine) {
      this.instance = createDatabaseInstance(this, props.engine, settings, {
        multiAz,
        storageType: ENCRYPTED_DATABASE_DEFAULTS.storageType,
        allocatedStorage: props.allocatedStorage ?? ENCRYPTED_DATABASE_DEFAULTS.allocatedStorage,
        optionGroup: props.optionGroup,
      });
      this.endpoint = this.instance.instanceEndpoint;
      database = this.instance;
    } else {
      this.cluster = createDatabaseCluster(this, props.clusterEngine!, settings, readers);
      this.endpoint = this.cluster.clusterEndpoint;
      this.readEndpoint = this.cluster.clusterReadEndpoint;
      database = this.cluster;
    }
    // RDS creates a missing log group itself, unencrypted and never expiring: ours come first.
    database.node.defaultChild!.node.addDependency(...logGroups);
    if (settings.deletionProtection) {
      // A protected database cannot be deleted by the rollback of a failed first deploy (the stack
      // ends in ROLLBACK_FAILED; docs/encrypted-database.md, "A failed first deploy", says how to
      // retry). Kept on purpose, PHI first; the deploy-readiness checks read this mark.
      (database.node.defaultChild as CfnResource).addMetadata('cdk_hipaa', { deletionProtectionOnCreate: 'accepted' });
    }
    this.secret = database.secret!;
    // `secret` is the attachment to the database; the secret itself follows the data.
    database.node.findAll().filter((c) => c instanceof secretsmanager.CfnSecret)
      .forEach((c) => (c as secretsmanager.CfnSecret).applyRemovalPolicy(keepsData));
    this.rotateSecret(props, database, vpcSubnets);
    // The L2 opens its port as a deploy-time token, which no reviewer (nor cdk-nag) can check:
    // name the port itself wherever it is known.
    this.connections = port === undefined ? database.connections
      : new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(port) });
    if (port !== undefined) pinIngressPorts(this.securityGroup, port);
    if (plan) this.joinBackupPlan(plan);
  }

  /**
   * Opens the database port to a peer (a security group, an instance, a Lambda function, ...).
   * Nothing else is ever allowed in.
   *
   * @param peer what may connect
   * @param description the description of the ingress rule (by default, one naming the peer)
   */
  public allowFrom(peer: ec2.IConnectable, description?: string): void {
    this.connections.allowDefaultPortFrom(peer, description);
  }

  /**
   * Lets a principal connect as a database user with IAM authentication (`rds-db:connect`).
   * The user must exist in the database and be set up for IAM authentication.
   *
   * @param grantee the principal
   * @param dbUser the database user name
   */
  public grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    if (!this.iamAuthentication) {
      throw new Error(`EncryptedDatabase ${this.node.path}: the engine does not support IAM database authentication, so grantConnect cannot be used.`);
    }
    return this.instance ? this.instance.grantConnect(grantee, dbUser) : this.cluster!.grantConnect(grantee, dbUser);
  }

  /**
   * Rotates the master password with the single-user rotation function of the engine. The
   * function runs in private subnets with egress when the VPC has them (it calls Secrets Manager),
   * else next to the database, where it needs a Secrets Manager interface endpoint.
   */
  private rotateSecret(props: EncryptedDatabaseProps, database: rds.DatabaseInstance | rds.DatabaseCluster, vpcSubnets: ec2.SubnetSelection): void {
    const hasEgress = props.vpc.privateSubnets.length > 0;
    if (!hasEgress) {
      Annotations.of(this).addWarningV2('cdk-hipaa:databaseRotationEndpoint',
        'The VPC has no private subnets with egress: the password rotation function runs next to the database and reaches Secrets Manager only through an interface VPC endpoint (ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER).');
    }
    database.addRotationSingleUser({
      automaticallyAfter: props.rotation ?? ENCRYPTED_DATABASE_DEFAULTS.rotation,
      vpcSubnets: hasEgress ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : vpcSubnets,
    });
  }

  /**
   * The default backup and maintenance windows, clear of the start windows of the AWS Backup plan
   * the database joins (read from the plan, not repeated here), so that the plan's snapshot does not
   * meet RDS's automated backup or maintenance. Throws when a given `preferredBackupWindow`
   * overlaps a plan window.
   */
  private databaseWindows(props: EncryptedDatabaseProps, plan: HipaaBackupPlan | undefined): DatabaseWindows | undefined {
    const where = `EncryptedDatabase ${this.node.path}`;
    const given = props.preferredBackupWindow;
    if (given !== undefined && !Token.isUnresolved(given) && !parseDailyWindow(given)) {
      throw new Error(`${where}: preferredBackupWindow '${given}' is not in the form hh24:mi-hh24:mi (UTC), e.g. '02:00-02:30'.`);
    }
    if (!plan) return undefined;
    const planWindows = backupPlanStartWindows(plan);
    if (!planWindows) {
      Annotations.of(this).addWarningV2('cdk-hipaa:EncryptedDatabase.backupWindow',
        `The schedule of the backup plan ${plan.node.path} has no fixed UTC start time, so no backup window clear of it can be chosen: set preferredBackupWindow and preferredMaintenanceWindow outside the plan's start window.`);
      return undefined;
    }
    const windows = windowsClearOf(planWindows);
    const parsed = given !== undefined && !Token.isUnresolved(given) ? parseDailyWindow(given) : undefined;
    if (parsed && planWindows.some((w) => overlaps(parsed, w))) {
      throw new Error(`${where}: preferredBackupWindow '${given}' overlaps the start window of the AWS Backup plan ${plan.node.path} (${planWindows.map(formatDaily).join(', ')} UTC); RDS's automated backup and the plan's snapshot would meet. Choose a window outside it${windows ? `, e.g. '${windows.preferredBackupWindow}'` : ''}.`);
    }
    return windows;
  }

  /** Adds the instance, or the cluster (its Aurora instances are backed up with it), to the plan. */
  private joinBackupPlan(plan: HipaaBackupPlan): void {
    if (this.instance) {
      const cfn = this.instance.node.defaultChild as rds.CfnDBInstance;
      plan.addResource(backup.BackupResource.fromArn(cfn.attrDbInstanceArn));
      return;
    }
    const cfn = this.cluster!.node.defaultChild as rds.CfnDBCluster;
    plan.addResource(backup.BackupResource.fromArn(cfn.attrDbClusterArn));
    const exception = EXCEPTIONS.auroraInstanceBackup;
    for (const child of this.cluster!.node.findAll()) {
      if (!(child instanceof rds.CfnDBInstance)) continue;
      // On the cluster instance construct (e.g. Cluster/Writer) that owns the DB instance resource.
      const owner = child.node.scope!;
      acknowledgeNagRule(owner, exception.nagRule, exception.reason);
    }
  }
}

import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { catalogControl } from '../controls/catalog';
import { HipaaKey } from '../kms/hipaa-key';
import {
  archiveKeyStatements, auditReadBucketStatements, CONFIG_OBJECTS_PATTERN, denyVersionDeletion,
  organizationConfigBucketStatements, organizationTrailBucketStatements, organizationTrailPrefix,
} from './private/archive-policies';
import { refuseUnlessAcknowledged } from '../policy/refusals';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';
import { EncryptedBucket, ObjectLockMode } from '../s3/encrypted-bucket';

/** What a LogArchive is unless told otherwise. */
const LOG_ARCHIVE_DEFAULTS = {
  /** Six years (45 CFR 164.316(b)(2)(i)). */
  retention: Duration.days(HIPAA_THRESHOLDS.documentationRetentionDays),
  objectLockMode: ObjectLockMode.GOVERNANCE,
} as const;

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_ID = /^\d{12}$/;

/** Properties of a {@link LogArchive}. */
export interface LogArchiveProps {
  /**
   * The AWS Organizations organization id (`o-...`). Only CloudTrail and AWS Config deliveries on
   * behalf of this organization's accounts are admitted (`aws:SourceOrgID`).
   */
  readonly organizationId: string;

  /**
   * The 12-digit id of the audit (security tooling) account, the only account besides this one
   * allowed to read the archive (list, get objects and versions, decrypt through S3).
   */
  readonly auditAccountId: string;

  /**
   * How long Object Lock keeps each log file version of the trail bucket from being deleted or
   * overwritten; noncurrent versions of both buckets are kept as long.
   *
   * Below six years is refused (45 CFR 164.316(b)(2)(i)) unless `CdkHipaa::S3.AuditLogObjectLock`
   * is acknowledged.
   *
   * @default Duration.days(2192) - six years
   */
  readonly retention?: Duration;

  /**
   * Object Lock mode of the trail bucket. `COMPLIANCE` means nobody, not even the root user of the
   * log-archive account, can delete a log file before its retention ends.
   *
   * @default ObjectLockMode.GOVERNANCE
   */
  readonly objectLockMode?: ObjectLockMode;
}

/**
 * The log-archive account's half of an organization's audit trail: where every account's
 * CloudTrail logs (an organization trail, see {@link OrganizationTrail}) and AWS Config history
 * are delivered, kept six years, readable by the audit account.
 *
 * - `bucket`: an Object-Locked {@link EncryptedBucket} for the organization trail, admitting
 *   `cloudtrail.amazonaws.com` to check its ACL and to write under `AWSLogs/<organization id>/`,
 *   both only on behalf of the organization (`aws:SourceOrgID`).
 * - `configBucket`: an {@link EncryptedBucket} for AWS Config delivery channels of every account
 *   (`AWSLogs/<account>/Config/`, no key prefix), without Object Lock, which AWS Config cannot
 *   deliver to; versioned, versions kept six years, deleting versions denied to everyone.
 * - `encryptionKey`: one {@link HipaaKey} for both, whose policy lets the organization's trails
 *   and Config encrypt, and the audit account decrypt through S3.
 *
 * Both buckets are TLS-only, SSE-KMS, versioned, access-logged and retained with their stack.
 * Member delivery channels should name the key (`s3KmsKeyArn`) and no key prefix.
 *
 * Covers 45 CFR 164.312(b), 164.312(c)(1), 164.312(a)(2)(iv), 164.312(e)(1) and 164.316(b)(2)(i).
 *
 * @example
 * const archive = new LogArchive(this, 'Archive', { organizationId: 'o-a1b2c3d4e5', auditAccountId: '222222222222' });
 */
export class LogArchive extends Construct {
  /** The Object-Locked bucket the organization trail delivers to. */
  public readonly bucket: EncryptedBucket;
  /** The bucket AWS Config delivery channels of the organization's accounts deliver to. */
  public readonly configBucket: EncryptedBucket;
  /** The customer-managed key both buckets are encrypted with; trails and delivery channels name its ARN. */
  public readonly encryptionKey: kms.IKey;
  /** The organization whose deliveries are admitted. */
  public readonly organizationId: string;
  /** The account allowed to read the archive. */
  public readonly auditAccountId: string;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    validateIds(this, props);
    this.organizationId = props.organizationId;
    this.auditAccountId = props.auditAccountId;
    const retention = props.retention ?? LOG_ARCHIVE_DEFAULTS.retention;
    this.refuseShortRetention(retention);

    const stack = Stack.of(this);
    const key = new HipaaKey(this, 'Key', { description: 'Customer-managed key of the organization log archive (cdk-hipaa LogArchive)' });
    this.encryptionKey = key;
    for (const statement of archiveKeyStatements({
      organizationId: props.organizationId,
      auditAccountId: props.auditAccountId,
      anyTrailArnPattern: stack.formatArn({ service: 'cloudtrail', region: '*', account: '*', resource: 'trail', resourceName: '*' }),
      s3ViaService: `s3.${stack.region}.${stack.urlSuffix}`,
    })) {
      key.addToResourcePolicy(statement);
    }

    this.bucket = new EncryptedBucket(this, 'TrailBucket', {
      encryptionKey: key,
      objectLockMode: props.objectLockMode ?? LOG_ARCHIVE_DEFAULTS.objectLockMode,
      objectLockRetention: retention,
      noncurrentVersionExpiration: retention,
    });
    const trailBucket = this.bucket.bucket;
    for (const statement of [
      ...organizationTrailBucketStatements(trailBucket.bucketArn, trailBucket.arnForObjects(`${organizationTrailPrefix(props.organizationId)}*`), props.organizationId),
      ...auditReadBucketStatements(trailBucket.bucketArn, trailBucket.arnForObjects('*'), props.auditAccountId),
    ]) {
      this.bucket.addToResourcePolicy(statement);
    }

    this.configBucket = new EncryptedBucket(this, 'ConfigBucket', {
      encryptionKey: key,
      serverAccessLogsBucket: this.bucket.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'config-bucket/',
      noncurrentVersionExpiration: retention,
    });
    const configBucket = this.configBucket.bucket;
    for (const statement of [
      ...organizationConfigBucketStatements(configBucket.bucketArn, configBucket.arnForObjects(CONFIG_OBJECTS_PATTERN), props.organizationId),
      ...auditReadBucketStatements(configBucket.bucketArn, configBucket.arnForObjects('*'), props.auditAccountId),
      denyVersionDeletion(configBucket.arnForObjects('*')),
    ]) {
      this.configBucket.addToResourcePolicy(statement);
    }
  }

  /** Name of the bucket the organization trail delivers to (the `OrganizationTrail`'s `bucketName`). */
  public get bucketName(): string {
    return this.bucket.bucketName;
  }

  /** Name of the bucket AWS Config delivery channels deliver to. */
  public get configBucketName(): string {
    return this.configBucket.bucketName;
  }

  /** ARN of the archive key (the `OrganizationTrail`'s `keyArn`, and delivery channels' `s3KmsKeyArn`). */
  public get keyArn(): string {
    return this.encryptionKey.keyArn;
  }

  private refuseShortRetention(retention: Duration): void {
    if (retention.toDays({ integral: false }) >= HIPAA_THRESHOLDS.documentationRetentionDays) return;
    const control = catalogControl('S3.AuditLogObjectLock');
    refuseUnlessAcknowledged(this, {
      control: {
        id: control.id,
        citations: control.citations,
        rationale: control.rationale
          ?? `Audit logs are documentation HIPAA requires to be kept ${HIPAA_THRESHOLDS.documentationRetentionDays} days (six years); locked for less, they can be deleted before then`,
      },
      prop: 'retention',
      value: `${retention.toDays({ integral: false })} days`,
    });
  }
}

function validateIds(scope: Construct, props: LogArchiveProps): void {
  if (!Token.isUnresolved(props.organizationId) && !ORGANIZATION_ID.test(props.organizationId)) {
    throw new Error(`LogArchive ${scope.node.path}: organizationId '${props.organizationId}' is not an organization id (o- followed by 10 to 32 lowercase letters or digits).`);
  }
  if (!Token.isUnresolved(props.auditAccountId) && !ACCOUNT_ID.test(props.auditAccountId)) {
    throw new Error(`LogArchive ${scope.node.path}: auditAccountId '${props.auditAccountId}' is not a 12-digit account id.`);
  }
}

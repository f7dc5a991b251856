import * as config from 'aws-cdk-lib/aws-config';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

/**
 * An AWS Config managed rule AuditTrail deploys: its identifier, what it checks at run time,
 * and the 45 CFR sections it evidences (for the docs). Together they re-check, on the live
 * account, what this library's controls check at synth.
 */
export interface HipaaConfigRule {
  /** Construct id of the rule; stable, since a changed id replaces the rule. */
  readonly id: string;
  /** The managed rule identifier (`config.ManagedRuleIdentifiers.*`). */
  readonly identifier: string;
  /** What a compliant resource looks like, in one line (also the rule's description). */
  readonly description: string;
  /** The 45 CFR Part 164 sections the rule evidences. */
  readonly citations: readonly string[];
  /** Parameters of the managed rule, as AWS Config expects them (strings). */
  readonly inputParameters?: Record<string, string>;
}

const ENCRYPTION = '164.312(a)(2)(iv)';
const ACCESS_CONTROL = '164.312(a)(1)';
const AUDIT_CONTROLS = '164.312(b)';
const ACTIVITY_REVIEW = '164.308(a)(1)(ii)(D)';
const BACKUP = '164.308(a)(7)(ii)(A)';
const AUTHENTICATION = '164.312(d)';
const PASSWORDS = '164.308(a)(5)(ii)(D)';
const TRANSMISSION = '164.312(e)(1)';
const INTEGRITY = '164.312(c)(1)';

const R = config.ManagedRuleIdentifiers;

/** The AWS Config managed rules of AuditTrail, in the order the docs list them. */
export const HIPAA_CONFIG_RULES: readonly HipaaConfigRule[] = [
  // S3
  { id: 'S3DefaultEncryptionKms', identifier: R.S3_DEFAULT_ENCRYPTION_KMS, description: 'S3 buckets encrypt by default with SSE-KMS', citations: [ENCRYPTION] },
  { id: 'S3SslRequestsOnly', identifier: R.S3_BUCKET_SSL_REQUESTS_ONLY, description: 'S3 bucket policies deny requests without TLS', citations: [TRANSMISSION, '164.312(e)(2)(i)'] },
  { id: 'S3PublicReadProhibited', identifier: R.S3_BUCKET_PUBLIC_READ_PROHIBITED, description: 'S3 buckets allow no public read access', citations: [ACCESS_CONTROL] },
  { id: 'S3PublicWriteProhibited', identifier: R.S3_BUCKET_PUBLIC_WRITE_PROHIBITED, description: 'S3 buckets allow no public write access', citations: [ACCESS_CONTROL] },
  { id: 'S3BucketLevelPublicAccessProhibited', identifier: R.S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED, description: 'S3 buckets block all public access', citations: [ACCESS_CONTROL, '164.308(a)(4)'] },
  { id: 'S3VersioningEnabled', identifier: R.S3_BUCKET_VERSIONING_ENABLED, description: 'S3 buckets have versioning on', citations: [BACKUP, INTEGRITY] },
  { id: 'S3LoggingEnabled', identifier: R.S3_BUCKET_LOGGING_ENABLED, description: 'S3 buckets deliver server access logs', citations: [AUDIT_CONTROLS] },
  // EC2, EBS, VPC
  { id: 'EbsVolumesEncrypted', identifier: R.EBS_ENCRYPTED_VOLUMES, description: 'Attached EBS volumes are encrypted', citations: [ENCRYPTION] },
  { id: 'EbsEncryptionByDefault', identifier: R.EC2_EBS_ENCRYPTION_BY_DEFAULT, description: 'EBS encryption by default is on in the region', citations: [ENCRYPTION] },
  { id: 'Ec2Imdsv2Required', identifier: R.EC2_IMDSV2_CHECK, description: 'EC2 instances require IMDSv2', citations: [ACCESS_CONTROL] },
  { id: 'IncomingSshRestricted', identifier: R.EC2_SECURITY_GROUPS_INCOMING_SSH_DISABLED, description: 'No security group allows SSH (22) from anywhere', citations: [ACCESS_CONTROL, TRANSMISSION] },
  { id: 'CommonPortsRestricted', identifier: R.EC2_SECURITY_GROUPS_RESTRICTED_INCOMING_TRAFFIC, description: 'No security group allows common high-risk ports from anywhere', citations: [ACCESS_CONTROL, TRANSMISSION] },
  { id: 'DefaultSecurityGroupClosed', identifier: R.VPC_DEFAULT_SECURITY_GROUP_CLOSED, description: 'Default security groups allow no traffic', citations: [ACCESS_CONTROL] },
  { id: 'VpcFlowLogsEnabled', identifier: R.VPC_FLOW_LOGS_ENABLED, description: 'VPCs have flow logs', citations: [AUDIT_CONTROLS] },
  // RDS, DynamoDB, EFS
  { id: 'RdsStorageEncrypted', identifier: R.RDS_STORAGE_ENCRYPTED, description: 'RDS instances encrypt their storage', citations: [ENCRYPTION] },
  { id: 'RdsNotPublic', identifier: R.RDS_INSTANCE_PUBLIC_ACCESS_CHECK, description: 'RDS instances are not publicly accessible', citations: [ACCESS_CONTROL] },
  { id: 'RdsSnapshotsNotPublic', identifier: R.RDS_SNAPSHOTS_PUBLIC_PROHIBITED, description: 'RDS snapshots are not public', citations: [ACCESS_CONTROL] },
  { id: 'RdsBackupEnabled', identifier: R.RDS_DB_INSTANCE_BACKUP_ENABLED, description: 'RDS instances keep automated backups at least 7 days', citations: [BACKUP], inputParameters: { backupRetentionMinimum: String(HIPAA_THRESHOLDS.minimumBackupRetentionDays) } },
  { id: 'RdsDeletionProtection', identifier: R.RDS_INSTANCE_DELETION_PROTECTION_ENABLED, description: 'RDS instances have deletion protection', citations: [BACKUP] },
  { id: 'DynamoDbPitrEnabled', identifier: R.DYNAMODB_PITR_ENABLED, description: 'DynamoDB tables have point-in-time recovery', citations: [BACKUP] },
  { id: 'EfsEncrypted', identifier: R.EFS_ENCRYPTED_CHECK, description: 'EFS file systems are encrypted', citations: [ENCRYPTION] },
  // CloudTrail, CloudWatch, KMS, SNS, Secrets Manager
  { id: 'CloudTrailEnabled', identifier: R.CLOUD_TRAIL_ENABLED, description: 'A CloudTrail trail is logging', citations: [AUDIT_CONTROLS, ACTIVITY_REVIEW] },
  { id: 'CloudTrailMultiRegion', identifier: R.CLOUDTRAIL_MULTI_REGION_ENABLED, description: 'A multi-region trail records read and write management events', citations: [AUDIT_CONTROLS] },
  { id: 'CloudTrailLogFileValidation', identifier: R.CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED, description: 'Trails have log file validation', citations: [INTEGRITY, '164.312(c)(2)'] },
  { id: 'CloudTrailEncrypted', identifier: R.CLOUD_TRAIL_ENCRYPTION_ENABLED, description: 'Trails encrypt log files with KMS', citations: [ENCRYPTION] },
  { id: 'CloudTrailCloudWatchLogs', identifier: R.CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED, description: 'Trails deliver to CloudWatch Logs', citations: [ACTIVITY_REVIEW, AUDIT_CONTROLS] },
  { id: 'LogGroupEncrypted', identifier: R.CLOUDWATCH_LOG_GROUP_ENCRYPTED, description: 'CloudWatch log groups are encrypted with KMS', citations: [ENCRYPTION] },
  { id: 'LogGroupRetentionSixYears', identifier: R.CW_LOGGROUP_RETENTION_PERIOD_CHECK, description: 'CloudWatch log groups keep events at least six years', citations: ['164.316(b)(2)(i)', AUDIT_CONTROLS], inputParameters: { MinRetentionTime: String(HIPAA_THRESHOLDS.documentationRetentionDays) } },
  { id: 'AlarmActionConfigured', identifier: R.CLOUDWATCH_ALARM_ACTION_CHECK, description: 'CloudWatch alarms have an action for the ALARM state', citations: ['164.308(a)(6)(ii)'], inputParameters: { alarmActionRequired: 'true', insufficientDataActionRequired: 'false', okActionRequired: 'false' } },
  { id: 'KmsKeyRotation', identifier: R.CMK_BACKING_KEY_ROTATION_ENABLED, description: 'Customer-managed KMS keys rotate', citations: [ENCRYPTION] },
  { id: 'KmsKeyNotScheduledForDeletion', identifier: R.KMS_CMK_NOT_SCHEDULED_FOR_DELETION, description: 'No customer-managed KMS key is scheduled for deletion', citations: [BACKUP] },
  { id: 'SnsEncryptedKms', identifier: R.SNS_ENCRYPTED_KMS, description: 'SNS topics are encrypted with KMS', citations: [ENCRYPTION] },
  { id: 'SecretsRotationEnabled', identifier: R.SECRETSMANAGER_ROTATION_ENABLED_CHECK, description: 'Secrets Manager secrets rotate', citations: [PASSWORDS] },
  // IAM
  { id: 'IamPasswordPolicy', identifier: R.IAM_PASSWORD_POLICY, description: 'The account password policy asks for 14 or more characters with upper- and lowercase letters, numbers and symbols, expiry within 90 days, and no reuse of the last 24', citations: [PASSWORDS], inputParameters: { RequireUppercaseCharacters: 'true', RequireLowercaseCharacters: 'true', RequireSymbols: 'true', RequireNumbers: 'true', MinimumPasswordLength: '14', PasswordReusePrevention: '24', MaxPasswordAge: '90' } },
  { id: 'AccessKeysRotated', identifier: R.ACCESS_KEYS_ROTATED, description: 'IAM access keys are rotated within 90 days', citations: [PASSWORDS, AUTHENTICATION], inputParameters: { maxAccessKeyAge: '90' } },
  { id: 'RootAccountMfa', identifier: R.ROOT_ACCOUNT_MFA_ENABLED, description: 'The root user has MFA', citations: [AUTHENTICATION] },
  { id: 'RootAccessKeyAbsent', identifier: R.IAM_ROOT_ACCESS_KEY_CHECK, description: 'The root user has no access keys', citations: [ACCESS_CONTROL, AUTHENTICATION] },
  { id: 'IamUserMfa', identifier: R.IAM_USER_MFA_ENABLED, description: 'IAM users have MFA', citations: [AUTHENTICATION] },
  { id: 'ConsoleUserMfa', identifier: R.MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS, description: 'IAM users with a console password have MFA', citations: [AUTHENTICATION, '164.308(a)(5)(ii)(C)'] },
];

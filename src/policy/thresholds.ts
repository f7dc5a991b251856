/**
 * The numbers HIPAA compliance turns on, written once: the controls judge templates against
 * them and the constructs refuse props below them.
 */
export const HIPAA_THRESHOLDS = {
  /** Six years (45 CFR 164.316(b)(2)(i)): audit logs, evidence and the versions that recover PHI. */
  documentationRetentionDays: 2192,
  /** The shortest automated backup (RDS) or daily recovery point (AWS Backup) retention. */
  minimumBackupRetentionDays: 7,
  /** A key scheduled for deletion stays recoverable this long (the KMS maximum). */
  keyPendingWindowDays: 30,
  /** The shortest noncurrent-version retention of a PHI bucket accepted without acknowledgement. */
  minimumNoncurrentVersionDays: 30,
  /** NIST SP 800-63B's minimum length of a memorized secret. */
  minimumPasswordLength: 8,
  /** Passwords expire within this many days. */
  maximumPasswordAgeDays: 365,
  /** At least this many previous passwords may not be reused. */
  minimumPasswordReusePrevention: 1,
  /** Access keys are rotated, and unused keys reported, within this many days. */
  maximumAccessKeyAgeDays: 365,
} as const;

import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { asArray, bool, dig, isIntrinsic, list, num, str, UNKNOWN } from './values';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

const BUCKET = 'AWS::S3::Bucket';
const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

/** The SSE rules of a bucket, or 'unknown'. */
function sseRules(r: RenderedResource): any[] | typeof UNKNOWN {
  return list(dig(r.properties, 'BucketEncryption', 'ServerSideEncryptionConfiguration'));
}

/** The statements of every bucket policy attached to a bucket (by reference or by literal name). */
export function bucketPolicyStatements(bucket: RenderedResource, index: ResourceIndex): any[] {
  const policies = [...index.referencing(bucket, 'AWS::S3::BucketPolicy')];
  const name = bucket.properties.BucketName;
  if (typeof name === 'string') {
    for (const p of index.ofType('AWS::S3::BucketPolicy')) {
      if (p.properties.Bucket === name && !policies.includes(p)) policies.push(p);
    }
  }
  return policies.flatMap((p) => asArray(dig(p.properties, 'PolicyDocument', 'Statement')));
}

function isDeny(statement: any): boolean {
  return statement?.Effect === 'Deny';
}

function coversEveryone(statement: any): boolean {
  const p = statement?.Principal;
  return p === '*' || p?.AWS === '*' || (Array.isArray(p?.AWS) && p.AWS.includes('*'));
}

function coversAction(statement: any, action: string): boolean {
  const actions = asArray<string>(statement?.Action);
  return actions.some((a) => a === '*' || a === 's3:*' || a === action || (a.endsWith('*') && action.startsWith(a.slice(0, -1))));
}

function conditionValues(statement: any, operator: string, key: string): string[] {
  const value = statement?.Condition?.[operator]?.[key];
  return asArray<any>(value).map((v) => String(v));
}

/**
 * S3.DefaultEncryptionKms: default encryption is SSE-KMS.
 * - given SSEAlgorithm aws:kms or aws:kms:dsse, then PASS
 * - given AES256 (SSE-S3) or no BucketEncryption, then FAIL
 * - given the algorithm from a parameter, then UNVERIFIABLE
 */
const defaultEncryptionKms: Control = {
  id: 'S3.DefaultEncryptionKms',
  title: 'S3 bucket default encryption is SSE-KMS',
  resourceTypes: [BUCKET],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'S3DefaultEncryptionKMS',
  fix: 'Use EncryptedBucket, or set encryption: BucketEncryption.KMS with a customer-managed key.',
  check: (r) => {
    const rules = sseRules(r);
    if (rules === UNKNOWN) return unverifiable('BucketEncryption cannot be resolved at synth.');
    if (rules.length === 0) return fail('no default encryption is configured (S3 falls back to SSE-S3).');
    for (const rule of rules) {
      const algorithm = str(dig(rule, 'ServerSideEncryptionByDefault', 'SSEAlgorithm'));
      if (algorithm === UNKNOWN) return unverifiable('SSEAlgorithm cannot be resolved at synth.');
      if (algorithm !== undefined && KMS_ALGORITHMS.has(algorithm)) return pass();
    }
    return fail('default encryption is SSE-S3 (AES256), whose keys cannot be restricted or audited.');
  },
};

/**
 * S3.CustomerManagedKey: SSE-KMS uses a customer-managed key, not the AWS-managed aws/s3 key.
 * - given SSE-KMS with KMSMasterKeyID referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given SSE-KMS without KMSMasterKeyID (aws/s3) or with alias/aws/s3, then FAIL
 * - given a key from a parameter or import, then UNVERIFIABLE
 * - given no SSE-KMS (S3.DefaultEncryptionKms reports it), then N/A
 */
const customerManagedKey: Control = {
  id: 'S3.CustomerManagedKey',
  title: 'S3 bucket is encrypted with a customer-managed KMS key',
  resourceTypes: [BUCKET],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Pass encryptionKey (a HipaaKey) to the bucket.',
  check: (r, index) => {
    const rules = sseRules(r);
    if (rules === UNKNOWN) return unverifiable('BucketEncryption cannot be resolved at synth.');
    const i = rules.findIndex((rule) => KMS_ALGORITHMS.has(dig(rule, 'ServerSideEncryptionByDefault', 'SSEAlgorithm')));
    if (i < 0) return notApplicable();
    return customerKeyVerdict(r, index,
      ['BucketEncryption', 'ServerSideEncryptionConfiguration', i, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID'],
      'the AWS-managed aws/s3 key');
  },
};

/**
 * S3.PublicAccessBlock: no Block Public Access flag is turned off.
 * - given all four flags true, then PASS
 * - given no PublicAccessBlockConfiguration (S3 blocks all public access on new buckets since April 2023), then PASS
 * - given any flag false (or left out of a configuration that sets others), then FAIL
 * - given a flag from a parameter, then UNVERIFIABLE
 */
const publicAccessBlock: Control = {
  id: 'S3.PublicAccessBlock',
  title: 'S3 bucket blocks all public access',
  resourceTypes: [BUCKET],
  citations: ['164.312(a)(1)', '164.308(a)(4)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'S3BucketLevelPublicAccessProhibited',
  fix: 'Set blockPublicAccess: BlockPublicAccess.BLOCK_ALL.',
  check: (r) => {
    const config = r.properties.PublicAccessBlockConfiguration;
    if (config === undefined) return pass();
    if (isIntrinsic(config)) return unverifiable('PublicAccessBlockConfiguration cannot be resolved at synth.');
    const flags = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];
    const values = flags.map((f) => bool(config?.[f]));
    if (values.includes(UNKNOWN)) return unverifiable('a Block Public Access flag cannot be resolved at synth.');
    const off = flags.filter((_, i) => values[i] !== true);
    return off.length === 0 ? pass() : fail(`${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} not true.`);
  },
};

/**
 * S3.NoAcls: ACLs are disabled and no canned ACL grants public or authenticated-user access.
 * - given no AccessControl (or Private / BucketOwner* / LogDeliveryWrite) and ownership BucketOwnerEnforced or absent (the S3 default since 2023), then PASS
 * - given AccessControl PublicRead, PublicReadWrite or AuthenticatedRead, then FAIL
 * - given ObjectOwnership ObjectWriter or BucketOwnerPreferred (ACLs enabled), then FAIL
 */
const noAcls: Control = {
  id: 'S3.NoAcls',
  title: 'S3 bucket has ACLs disabled and no public canned ACL',
  resourceTypes: [BUCKET],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'S3BucketPublicReadProhibited',
  fix: 'Set objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED and remove accessControl.',
  check: (r) => {
    const acl = str(r.properties.AccessControl);
    if (acl === UNKNOWN) return unverifiable('AccessControl cannot be resolved at synth.');
    if (acl && ['PublicRead', 'PublicReadWrite', 'AuthenticatedRead'].includes(acl)) return fail(`AccessControl is ${acl}.`);
    const rules = list(dig(r.properties, 'OwnershipControls', 'Rules'));
    if (rules === UNKNOWN) return unverifiable('OwnershipControls cannot be resolved at synth.');
    const ownership = rules.map((rule) => rule?.ObjectOwnership).find((o) => o !== undefined);
    if (ownership === undefined || ownership === 'BucketOwnerEnforced') return pass();
    if (isIntrinsic(ownership)) return unverifiable('ObjectOwnership cannot be resolved at synth.');
    return fail(`ObjectOwnership is ${ownership}, which keeps ACLs enabled.`);
  },
};

/**
 * S3.Versioning: versioning is enabled.
 * - given VersioningConfiguration.Status Enabled, then PASS
 * - given Suspended or absent, then FAIL
 */
const versioning: Control = {
  id: 'S3.Versioning',
  title: 'S3 bucket versioning is enabled',
  resourceTypes: [BUCKET],
  citations: ['164.308(a)(7)(ii)(A)', '164.312(c)(1)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'S3BucketVersioningEnabled',
  fix: 'Set versioned: true.',
  check: (r) => {
    const status = str(dig(r.properties, 'VersioningConfiguration', 'Status'));
    if (status === UNKNOWN) return unverifiable('VersioningConfiguration cannot be resolved at synth.');
    return status === 'Enabled' ? pass() : fail(`versioning is ${status ?? 'not configured'}.`);
  },
};

/**
 * S3.AccessLogging: server access logs are delivered to a bucket.
 * - given LoggingConfiguration with a DestinationBucketName, then PASS
 * - given no LoggingConfiguration, then FAIL
 */
const accessLogging: Control = {
  id: 'S3.AccessLogging',
  title: 'S3 bucket server access logging is enabled',
  resourceTypes: [BUCKET],
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'S3BucketLoggingEnabled',
  fix: 'Set serverAccessLogsBucket (EncryptedBucket creates one).',
  check: (r) => {
    const logging = r.properties.LoggingConfiguration;
    if (logging === undefined) return fail('no LoggingConfiguration.');
    if (isIntrinsic(logging)) return unverifiable('LoggingConfiguration cannot be resolved at synth.');
    return logging.DestinationBucketName !== undefined ? pass() : fail('LoggingConfiguration has no DestinationBucketName.');
  },
};

/**
 * S3.TlsOnly: a bucket policy denies every request that does not use TLS.
 * - given a bucket policy on the bucket with Deny, Principal *, s3:* (or *) and Bool aws:SecureTransport false, then PASS
 * - given no bucket policy, or none with such a statement, then FAIL
 */
const tlsOnly: Control = {
  id: 'S3.TlsOnly',
  title: 'S3 bucket policy denies requests without TLS',
  resourceTypes: [BUCKET],
  citations: ['164.312(e)(1)', '164.312(e)(2)(i)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'S3BucketSSLRequestsOnly',
  fix: 'Set enforceSSL: true (EncryptedBucket does).',
  check: (r, index) => {
    const statements = bucketPolicyStatements(r, index);
    const ok = statements.some((s) => isDeny(s) && coversEveryone(s) && coversAction(s, 's3:GetObject')
      && [...conditionValues(s, 'Bool', 'aws:SecureTransport'), ...conditionValues(s, 'BoolIfExists', 'aws:SecureTransport')].includes('false'));
    return ok ? pass() : fail(statements.length === 0
      ? 'the bucket has no bucket policy.'
      : 'no bucket policy statement denies requests with aws:SecureTransport false.');
  },
};

/**
 * S3.DenyWrongEncryptionHeader: uploads that ask for an encryption other than SSE-KMS are denied.
 * - given a Deny on s3:PutObject with StringNotEquals s3:x-amz-server-side-encryption limited to aws:kms / aws:kms:dsse, then PASS
 * - given no such statement, then FAIL (warning: default encryption still applies to uploads without the header)
 */
const denyWrongEncryptionHeader: Control = {
  id: 'S3.DenyWrongEncryptionHeader',
  title: 'S3 bucket policy denies uploads with an encryption header other than SSE-KMS',
  resourceTypes: [BUCKET],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Use EncryptedBucket, or add a Deny on s3:PutObject when s3:x-amz-server-side-encryption is not aws:kms.',
  check: (r, index) => {
    const ok = bucketPolicyStatements(r, index).some((s) => {
      if (!isDeny(s) || !coversEveryone(s) || !coversAction(s, 's3:PutObject')) return false;
      const values = [
        ...conditionValues(s, 'StringNotEquals', 's3:x-amz-server-side-encryption'),
        ...conditionValues(s, 'StringNotEqualsIfExists', 's3:x-amz-server-side-encryption'),
      ];
      return values.length > 0 && values.every((v) => KMS_ALGORITHMS.has(v));
    });
    return ok ? pass() : fail('no bucket policy statement denies PutObject with a non-KMS s3:x-amz-server-side-encryption header.');
  },
};

/**
 * S3.Replication: the bucket replicates to another bucket (disaster recovery).
 * - given a ReplicationConfiguration with at least one enabled rule, then PASS
 * - given none, then FAIL (warning; acknowledge where versioning plus AWS Backup is the recovery plan)
 */
const replication: Control = {
  id: 'S3.Replication',
  title: 'S3 bucket replicates to another bucket',
  resourceTypes: [BUCKET],
  citations: ['164.308(a)(7)(ii)(B)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'S3BucketReplicationEnabled',
  fix: 'Set replicationDestination on EncryptedBucket, or acknowledge with the recovery plan that applies instead.',
  check: (r) => {
    const rules = list(dig(r.properties, 'ReplicationConfiguration', 'Rules'));
    if (rules === UNKNOWN) return unverifiable('ReplicationConfiguration cannot be resolved at synth.');
    return rules.some((rule) => rule?.Status === 'Enabled') ? pass() : fail('no enabled replication rule.');
  },
};

/** The buckets that receive CloudTrail or AWS Config audit logs. */
function isAuditLogBucket(bucket: RenderedResource, index: ResourceIndex): boolean {
  return index.referencing(bucket, 'AWS::CloudTrail::Trail').some((t) => index.target(t.properties.S3BucketName, t) === bucket)
    || index.referencing(bucket, 'AWS::Config::DeliveryChannel').some((d) => index.target(d.properties.S3BucketName, d) === bucket);
}

/**
 * S3.AuditLogObjectLock: a bucket that receives CloudTrail or AWS Config logs has Object Lock.
 * - given a bucket named by a trail's or delivery channel's S3BucketName with ObjectLockEnabled true, then PASS
 * - given such a bucket without Object Lock, then FAIL
 * - given any other bucket, then N/A
 */
const auditLogObjectLock: Control = {
  id: 'S3.AuditLogObjectLock',
  title: 'S3 bucket holding audit logs has Object Lock enabled',
  resourceTypes: [BUCKET],
  citations: ['164.312(c)(1)', '164.316(b)(2)(i)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Use AuditTrail, or create the log bucket with objectLockMode set.',
  check: (r, index): Verdict => {
    if (!isAuditLogBucket(r, index)) return notApplicable();
    const enabled = bool(r.properties.ObjectLockEnabled);
    if (enabled === UNKNOWN) return unverifiable('ObjectLockEnabled cannot be resolved at synth.');
    return enabled === true ? pass() : fail('the bucket receives audit logs but Object Lock is not enabled, so logs can be altered or deleted.');
  },
};

/**
 * S3.NoncurrentVersionLifecycle: a versioned bucket has a lifecycle rule for noncurrent versions.
 * - given versioning and a rule with NoncurrentVersionExpiration or NoncurrentVersionTransitions, then PASS
 * - given versioning and no such rule, then FAIL (warning)
 * - given an unversioned bucket (S3.Versioning reports it), then N/A
 */
const noncurrentVersionLifecycle: Control = {
  id: 'S3.NoncurrentVersionLifecycle',
  title: 'S3 bucket manages noncurrent versions with a lifecycle rule',
  resourceTypes: [BUCKET],
  citations: ['164.316(b)(2)(i)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Add a lifecycle rule with noncurrentVersionExpiration (EncryptedBucket keeps them six years).',
  check: (r) => {
    if (dig(r.properties, 'VersioningConfiguration', 'Status') !== 'Enabled') return notApplicable();
    const rules = list(dig(r.properties, 'LifecycleConfiguration', 'Rules'));
    if (rules === UNKNOWN) return unverifiable('LifecycleConfiguration cannot be resolved at synth.');
    const ok = rules.some((rule) => rule?.Status !== 'Disabled'
      && (rule?.NoncurrentVersionExpiration !== undefined || rule?.NoncurrentVersionExpirationInDays !== undefined
        || rule?.NoncurrentVersionTransitions !== undefined || rule?.NoncurrentVersionTransition !== undefined));
    return ok ? pass() : fail('no enabled lifecycle rule handles noncurrent versions.');
  },
};

/**
 * S3.NoncurrentVersionRetention: noncurrent versions, which recover overwritten or deleted objects,
 * are kept at least 30 days.
 * - given versioning and every enabled NoncurrentVersionExpiration at 30 days or more (or none), then PASS
 * - given an enabled rule expiring noncurrent versions sooner, then FAIL
 * - given an unversioned bucket (S3.Versioning reports it), then N/A
 * - given lifecycle rules that cannot be resolved at synth, then UNVERIFIABLE
 */
const noncurrentVersionRetention: Control = {
  id: 'S3.NoncurrentVersionRetention',
  title: `S3 bucket keeps noncurrent versions at least ${HIPAA_THRESHOLDS.minimumNoncurrentVersionDays} days`,
  resourceTypes: [BUCKET],
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.WARNING,
  fix: `Keep noncurrent versions ${HIPAA_THRESHOLDS.minimumNoncurrentVersionDays} days or more (EncryptedBucket keeps them six years).`,
  rationale: `Noncurrent versions are how an overwritten or deleted object is recovered; kept less than ${HIPAA_THRESHOLDS.minimumNoncurrentVersionDays} days, a mistake noticed late is unrecoverable.`,
  check: (r) => {
    if (dig(r.properties, 'VersioningConfiguration', 'Status') !== 'Enabled') return notApplicable();
    const rules = list(dig(r.properties, 'LifecycleConfiguration', 'Rules') ?? []);
    if (rules === UNKNOWN) return unverifiable('LifecycleConfiguration cannot be resolved at synth.');
    for (const rule of rules) {
      if (rule?.Status === 'Disabled') continue;
      const days = num(dig(rule, 'NoncurrentVersionExpiration', 'NoncurrentDays') ?? rule?.NoncurrentVersionExpirationInDays);
      if (days === UNKNOWN) return unverifiable('a noncurrent version expiration cannot be resolved at synth.');
      if (days !== undefined && days < HIPAA_THRESHOLDS.minimumNoncurrentVersionDays) {
        return fail(`lifecycle rule ${rule?.Id ?? '(unnamed)'} deletes noncurrent versions after ${days} days.`);
      }
    }
    return pass();
  },
};

export const S3_CONTROLS: readonly Control[] = [
  defaultEncryptionKms,
  customerManagedKey,
  publicAccessBlock,
  noAcls,
  versioning,
  accessLogging,
  tlsOnly,
  denyWrongEncryptionHeader,
  replication,
  auditLogObjectLock,
  noncurrentVersionLifecycle,
  noncurrentVersionRetention,
  retainedControl({ id: 'S3.DataRetained', resourceTypes: [BUCKET], what: 'S3 bucket' }),
];

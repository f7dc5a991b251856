import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { customerKeyVerdict } from './key-verdicts';
import {
  arnMatches, arnText, coversAction, coversEveryAction, grantedActionsText, hasUnknownPart, isEveryone, openGrant, openPrincipalText, placeholder,
  policyDocumentStatements, PUBLIC_ACCESS_CITATIONS, secureTransportValues,
} from './policy-statements';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { asArray, bool, dig, isIntrinsic, list, num, str, UNKNOWN } from './values';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

const BUCKET = 'AWS::S3::Bucket';
const BUCKET_POLICY = 'AWS::S3::BucketPolicy';
const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

/** The SSE rules of a bucket, or 'unknown'. */
function sseRules(r: RenderedResource): any[] | typeof UNKNOWN {
  return list(dig(r.properties, 'BucketEncryption', 'ServerSideEncryptionConfiguration'));
}

/** A bucket policy's view of the bucket it names: the app's bucket, or the texts naming one outside the app. */
interface PolicyTarget {
  /** The bucket of the app the policy names, if any. */
  readonly bucket?: RenderedResource;
  /** Texts that name the bucket in a `Resource` (see arnText); empty when synth cannot read the policy's `Bucket`. */
  readonly names: readonly string[];
}

/** The texts that name a bucket of the app in policy ARNs: its reference, and its BucketName when synth can read it. */
function bucketNames(bucket: RenderedResource, index: ResourceIndex): string[] {
  const names = [placeholder(bucket)];
  const name = bucket.properties.BucketName === undefined ? UNKNOWN : arnText(bucket.properties.BucketName, bucket, index);
  if (name !== UNKNOWN) names.push(name);
  return names;
}

/** The bucket a bucket policy applies to: by reference, or by a literal name equal to an app bucket's BucketName. */
function policyTarget(policy: RenderedResource, index: ResourceIndex): PolicyTarget {
  const referenced = index.target(policy.properties.Bucket, policy);
  if (referenced?.type === BUCKET) return { bucket: referenced, names: bucketNames(referenced, index) };
  const text = arnText(policy.properties.Bucket, policy, index);
  if (text === UNKNOWN) return { names: [] };
  if (!text.includes('§')) {
    const named = index.ofType(BUCKET).find((b) => b.properties.BucketName === text);
    if (named) return { bucket: named, names: bucketNames(named, index) };
  }
  return { names: [text] };
}

/**
 * The bucket policies (AWS::S3::BucketPolicy) of the app that apply to a bucket. S3 keeps one
 * policy per bucket: each policy resource replaces the bucket's policy when CloudFormation
 * applies it, so with two, the one applied last is in effect.
 */
function bucketPolicies(bucket: RenderedResource, index: ResourceIndex): RenderedResource[] {
  const policies = index.referencing(bucket, BUCKET_POLICY).filter((p) => policyTarget(p, index).bucket === bucket);
  if (typeof bucket.properties.BucketName === 'string') {
    for (const p of index.ofType(BUCKET_POLICY)) {
      if (!policies.includes(p) && policyTarget(p, index).bucket === bucket) policies.push(p);
    }
  }
  return policies;
}

/** The other bucket policies of the app that name the same bucket outside the app as `policy` does, `policy` first. */
function policiesOfExternalBucket(policy: RenderedResource, name: string | undefined, index: ResourceIndex): RenderedResource[] {
  if (name === undefined || hasUnknownPart(name)) return [policy];
  const same = index.ofType(BUCKET_POLICY).filter((p) => p !== policy && arnText(p.properties.Bucket, p, index) === name);
  return [policy, ...same];
}

/** The verdict on one bucket policy alone: 'ok', or why not. */
type PolicyJudgement = { readonly ok: true } | { readonly ok: false; readonly unknown: boolean; readonly reason: string };
const OK: PolicyJudgement = { ok: true };

/** Which parts of a bucket the `Resource` entries of some statements cover. */
function resourceCoverage(statements: any[], policy: RenderedResource, names: readonly string[], index: ResourceIndex) {
  // A name synth cannot read is probed with a sentinel: only wildcards cover it.
  const probes = names.length > 0 ? names : ['\u0007unknown-bucket\u0007'];
  let bucket = false;
  let objects = false;
  let unknown = names.length === 0;
  for (const statement of statements) {
    for (const entry of asArray<unknown>(statement?.Resource)) {
      const text = arnText(entry, policy, index);
      if (text === UNKNOWN) {
        unknown = true;
        continue;
      }
      const coversBucket = probes.some((n) => arnMatches(text, `arn:aws:s3:::${n}`));
      // every object key: the pattern must match keys of any length, not one in particular
      const coversObjects = probes.some((n) => ['\u0001', '\u0001\u0002\u0003\u0004\u0005/\u0006'].every((key) => arnMatches(text, `arn:aws:s3:::${n}/${key}`)));
      bucket ||= coversBucket;
      objects ||= coversObjects;
      if (!coversBucket && !coversObjects && (hasUnknownPart(text) || probes.some(hasUnknownPart))) unknown = true;
    }
  }
  return { bucket, objects, unknown };
}

/** Names a policy in messages. */
function policyName(policy: RenderedResource): string {
  return `bucket policy ${policy.logicalId}`;
}

/** A bucket policy alone denies every S3 request to the bucket and its objects without TLS. */
function policyDeniesInsecureTransport(policy: RenderedResource, names: readonly string[], index: ResourceIndex): PolicyJudgement {
  const statements = policyDocumentStatements(policy);
  if (statements === UNKNOWN) return { ok: false, unknown: true, reason: `the document of ${policyName(policy)} cannot be resolved at synth.` };
  const denying = statements.filter((s) => s?.Effect === 'Deny' && isEveryone(s.Principal) && coversEveryAction(s, 's3')
    && secureTransportValues(s).includes('false'));
  if (denying.length === 0) {
    return { ok: false, unknown: false, reason: `no statement of ${policyName(policy)} denies every S3 action (s3:*) to everyone when aws:SecureTransport is false.` };
  }
  const covered = resourceCoverage(denying, policy, names, index);
  if (covered.bucket && covered.objects) return OK;
  if (covered.unknown) {
    return { ok: false, unknown: true, reason: `the Resource of ${policyName(policy)}'s aws:SecureTransport statement cannot be resolved at synth, so whether it covers the bucket and its objects is unknown.` };
  }
  const gap = !covered.bucket && !covered.objects ? 'covers neither the bucket ARN nor its objects (<bucket ARN>/*), so no request to the bucket is refused for lacking TLS'
    : !covered.bucket ? 'leaves out the bucket ARN itself (it covers only the objects), so bucket-level requests (listing, policy and configuration reads) may use plain HTTP'
      : 'leaves out the objects (<bucket ARN>/*; it covers only the bucket ARN), so object reads and writes may use plain HTTP';
  return { ok: false, unknown: false, reason: `the aws:SecureTransport statement of ${policyName(policy)} ${gap}.` };
}

/** A bucket policy alone denies uploads whose encryption header asks for anything but SSE-KMS. */
function policyDeniesWrongEncryptionHeader(policy: RenderedResource, names: readonly string[], index: ResourceIndex): PolicyJudgement {
  const statements = policyDocumentStatements(policy);
  if (statements === UNKNOWN) return { ok: false, unknown: true, reason: `the document of ${policyName(policy)} cannot be resolved at synth.` };
  const denying = statements.filter((s) => {
    if (s?.Effect !== 'Deny' || !isEveryone(s.Principal) || !coversAction(s, 's3:PutObject')) return false;
    const values = ['StringNotEquals', 'StringNotEqualsIfExists']
      .flatMap((op) => asArray<any>(s.Condition?.[op]?.['s3:x-amz-server-side-encryption'])).map(String);
    return values.length > 0 && values.every((v) => KMS_ALGORITHMS.has(v));
  });
  if (denying.length === 0) {
    return { ok: false, unknown: false, reason: `no statement of ${policyName(policy)} denies PutObject with a non-KMS s3:x-amz-server-side-encryption header.` };
  }
  const covered = resourceCoverage(denying, policy, names, index);
  if (covered.objects) return OK;
  if (covered.unknown) return { ok: false, unknown: true, reason: `the Resource of ${policyName(policy)}'s encryption-header statement cannot be resolved at synth.` };
  return { ok: false, unknown: false, reason: `the encryption-header statement of ${policyName(policy)} does not cover the bucket's objects (<bucket ARN>/*).` };
}

/**
 * The verdict on the policies that apply to one bucket. S3 keeps one policy per bucket, the one
 * applied last: with several, each must comply on its own, and one that does not may be the one in effect.
 */
function policiesVerdict(policies: RenderedResource[], judge: (p: RenderedResource) => PolicyJudgement, none: string): Verdict {
  if (policies.length === 0) return fail(none);
  const judged = policies.map((p) => ({ p, j: judge(p) }));
  const failing = judged.filter((x): x is { p: RenderedResource; j: Extract<PolicyJudgement, { ok: false }> } => !x.j.ok);
  if (failing.length === 0) return pass();
  const definite = failing.filter((x) => !x.j.unknown);
  const reasons = (definite.length > 0 ? definite : failing).map((x) => x.j.reason).join(' ');
  if (policies.length > 1) {
    const several = `${policies.length} bucket policies (${policies.map((p) => p.logicalId).join(', ')}) target the bucket, and S3 keeps only the one applied last`;
    if (definite.length > 0) return fail(`${several}, so the policy in effect may not comply: ${reasons} Merge them into one policy.`);
    return unverifiable(`${several}: ${reasons}`);
  }
  return definite.length > 0 ? fail(reasons) : unverifiable(reasons);
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
 * S3.AccessLogging: server access logs are delivered to another bucket.
 * - given LoggingConfiguration with a DestinationBucketName naming another bucket, then PASS
 * - given no LoggingConfiguration, then FAIL
 * - given LoggingConfiguration without a DestinationBucketName (s3.Bucket with serverAccessLogsPrefix only), or one
 *   that repeats the bucket's own BucketName, then FAIL: S3 then delivers the logs to the bucket
 *   itself, which AWS advises against (each delivery is itself logged, without end)
 * - given a LoggingConfiguration from a parameter or condition, then UNVERIFIABLE
 * - given the bucket other buckets deliver their access logs to, with no logging of its own, then FAIL: acknowledge it
 *   (EncryptedBucket does for the log bucket it creates), so the exception is a recorded decision
 */
const accessLogging: Control = {
  id: 'S3.AccessLogging',
  title: 'S3 bucket server access logging is enabled',
  resourceTypes: [BUCKET],
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'S3BucketLoggingEnabled',
  fix: 'Set serverAccessLogsBucket to another bucket (EncryptedBucket creates one).',
  check: (r) => {
    const logging = r.properties.LoggingConfiguration;
    if (logging === undefined) return fail('no LoggingConfiguration.');
    if (isIntrinsic(logging)) return unverifiable('LoggingConfiguration cannot be resolved at synth.');
    const destination = logging.DestinationBucketName;
    const self = 'so S3 delivers the access logs to the bucket itself, where each delivery is logged again, without end.';
    if (destination === undefined) return fail(`LoggingConfiguration has no DestinationBucketName, ${self}`);
    const sameName = r.properties.BucketName !== undefined && JSON.stringify(r.properties.BucketName) === JSON.stringify(destination);
    if (sameName) return fail(`DestinationBucketName names the bucket itself, ${self}`);
    return pass();
  },
};

/**
 * S3.TlsOnly: a bucket policy denies every request that does not use TLS, to the bucket and to its objects.
 * - given a bucket policy on the bucket with Deny, Principal *, s3:* (or *), Bool aws:SecureTransport false and a
 *   Resource covering both the bucket ARN and its objects (`arn`, `arn/*`, `*`; enforceSSL renders Fn::GetAtt and Fn::Join), then PASS
 * - given no bucket policy, or none with such a statement, then FAIL
 * - given such a statement whose Resource leaves out the objects (`arn/*`) or the bucket ARN itself, then FAIL
 * - given such a statement whose Resource or policy document cannot be resolved at synth, then UNVERIFIABLE
 * - given two AWS::S3::BucketPolicy resources on the bucket, one of them without the statement, then FAIL: S3
 *   keeps one policy per bucket, the one applied last, so the one in effect may not deny plain HTTP
 * - given two bucket policies that each deny plain HTTP, then PASS: whichever is applied last complies
 * - given an AWS::S3::BucketPolicy on a bucket outside the app (a literal name, a parameter), the policy is
 *   judged itself: with the statement, then PASS; without, then FAIL
 * - given an AWS::S3::BucketPolicy on a bucket of the app (its bucket is judged), then N/A
 */
const tlsOnly: Control = {
  id: 'S3.TlsOnly',
  title: 'S3 bucket policy denies requests without TLS',
  resourceTypes: [BUCKET, BUCKET_POLICY],
  citations: ['164.312(e)(1)', '164.312(e)(2)(i)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'S3BucketSSLRequestsOnly',
  fix: 'Set enforceSSL: true (EncryptedBucket does), with a single bucket policy per bucket.',
  check: (r, index) => {
    if (r.type === BUCKET_POLICY) {
      const target = policyTarget(r, index);
      if (target.bucket) return notApplicable();
      const policies = policiesOfExternalBucket(r, target.names[0], index);
      return policiesVerdict(policies, (p) => policyDeniesInsecureTransport(p, target.names, index), '');
    }
    const names = bucketNames(r, index);
    return policiesVerdict(bucketPolicies(r, index), (p) => policyDeniesInsecureTransport(p, names, index), 'the bucket has no bucket policy.');
  },
};

/**
 * S3.DenyWrongEncryptionHeader: uploads that ask for an encryption other than SSE-KMS are denied.
 * - given a Deny on s3:PutObject to the bucket's objects with StringNotEquals s3:x-amz-server-side-encryption
 *   limited to aws:kms / aws:kms:dsse, then PASS
 * - given no such statement, or one whose Resource leaves out the objects, then FAIL (warning: default encryption
 *   still applies to uploads without the header)
 * - given two bucket policies on the bucket, one of them without the statement, then FAIL (S3 keeps only the one applied last)
 * - given a statement whose Resource cannot be resolved at synth, then UNVERIFIABLE
 */
const denyWrongEncryptionHeader: Control = {
  id: 'S3.DenyWrongEncryptionHeader',
  title: 'S3 bucket policy denies uploads with an encryption header other than SSE-KMS',
  resourceTypes: [BUCKET],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Use EncryptedBucket, or add a Deny on s3:PutObject when s3:x-amz-server-side-encryption is not aws:kms.',
  check: (r, index) => {
    const names = bucketNames(r, index);
    return policiesVerdict(bucketPolicies(r, index), (p) => policyDeniesWrongEncryptionHeader(p, names, index),
      'the bucket has no bucket policy, so no statement denies PutObject with a non-KMS s3:x-amz-server-side-encryption header.');
  },
};

/** S3 condition keys that, like the global ones, keep an Allow to `*` from being public (access through one's access points). */
const S3_NARROWING_KEYS = ['s3:dataaccesspointarn', 's3:dataaccesspointaccount'];

/**
 * The verdict on the bucket policies of a bucket: FAIL when a statement lets everyone (see isOpenToEveryone)
 * do one of `actions`, UNVERIFIABLE when a document, principal or condition cannot be read at synth.
 */
function publicGrantVerdict(bucket: RenderedResource, index: ResourceIndex, actions: readonly string[], consequence: string): Verdict {
  let unknown: string | undefined;
  for (const policy of bucketPolicies(bucket, index)) {
    const statements = policyDocumentStatements(policy);
    if (statements === UNKNOWN) {
      unknown = `the document of ${policyName(policy)} cannot be resolved at synth.`;
      continue;
    }
    const open = openGrant(statements, policy, index, actions, { extraNarrowingKeys: S3_NARROWING_KEYS });
    if (open === UNKNOWN) {
      unknown = `a Principal or Condition of ${policyName(policy)} cannot be resolved at synth, so whether it grants everyone is unknown.`;
      continue;
    }
    if (open !== undefined) {
      return fail(`${policyName(policy)} allows ${openPrincipalText(open.statement)} to ${grantedActionsText(open.statement)} `
        + `without a source, account or organization condition, ${consequence}.`);
    }
  }
  return unknown ? unverifiable(unknown) : pass();
}

/** Object and bucket writes a public grant must not include. */
const WRITE_ACTIONS = ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectAcl', 's3:PutBucketPolicy', 's3:DeleteBucket'];

/**
 * S3.NoPublicWrite: no one outside the account can write to or delete from the bucket, by ACL or bucket policy.
 * - given no AccessControl PublicReadWrite and no bucket policy statement that allows everyone (Principal *
 *   without a source, account or organization condition) to put or delete objects, then PASS
 * - given AccessControl PublicReadWrite, then FAIL
 * - given a bucket policy that allows s3:PutObject, s3:DeleteObject, s3:* or * to everyone (or with NotPrincipal) without such a
 *   condition (a negated or IfExists operator, or a `*` value, does not narrow), then FAIL
 * - given the ACL or a bucket policy document from a parameter or condition, then UNVERIFIABLE
 */
const noPublicWrite: Control = {
  id: 'S3.NoPublicWrite',
  title: 'S3 bucket does not let everyone write or delete objects',
  resourceTypes: [BUCKET],
  citations: ['164.312(a)(1)', '164.312(c)(1)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'S3BucketPublicWriteProhibited',
  fix: 'Remove accessControl PUBLIC_READ_WRITE and grant writes to named principals (bucket.grantWrite) instead of AnyPrincipal.',
  rationale: 'Anyone who can write to or delete from a bucket of PHI can alter or destroy it, and can plant data that the application then trusts.',
  check: (r, index) => {
    const acl = str(r.properties.AccessControl);
    if (acl === UNKNOWN) return unverifiable('AccessControl cannot be resolved at synth.');
    if (acl === 'PublicReadWrite') return fail('AccessControl is PublicReadWrite, which lets anyone write to and delete from the bucket.');
    return publicGrantVerdict(r, index, WRITE_ACTIONS, 'so anyone may alter or destroy its objects');
  },
};

/** Object reads and listings a public grant must not include. */
const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:ListBucketVersions'];

/**
 * S3.NoPublicReadPolicy: no bucket policy lets everyone read or list the bucket's objects. (S3.NoAcls covers public-read
 * ACLs and S3.PublicAccessBlock the bucket's Block Public Access flags; neither reads the policy.)
 * - given no bucket policy, or one whose Allow statements name accounts, roles or services (bucket.grantRead(role)), then PASS
 * - given an Allow to Principal * narrowed by a concrete aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:SourceVpce
 *   or similar condition with a positive operator (a CloudFront origin access control statement), then PASS
 * - given an Allow to Principal * (or NotPrincipal) of s3:GetObject, s3:ListBucket, s3:Get*, s3:* or * without such a condition
 *   (bucket.grantPublicAccess(), publicReadAccess: true), then FAIL
 * - given a bucket policy document, a principal or a narrowing condition's value from a parameter, then UNVERIFIABLE
 */
const noPublicReadPolicy: Control = {
  id: 'S3.NoPublicReadPolicy',
  title: 'S3 bucket policy does not let everyone read objects',
  resourceTypes: [BUCKET],
  citations: PUBLIC_ACCESS_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: 'Remove publicReadAccess and grantPublicAccess; grant reads to named principals (bucket.grantRead(role)) or serve through CloudFront with origin access control.',
  rationale: 'A bucket policy that lets everyone read hands every object, PHI included, to anyone on the internet who knows or guesses its key.',
  check: (r, index) => publicGrantVerdict(r, index, READ_ACTIONS, 'so anyone may read its objects'),
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
  rationale: 'Audit logs are documentation HIPAA requires to be kept six years; Object Lock keeps anyone, an administrator or an intruder included, from deleting or rewriting them before then.',
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
  noPublicWrite,
  replication,
  auditLogObjectLock,
  noncurrentVersionLifecycle,
  noncurrentVersionRetention,
  retainedControl({ id: 'S3.DataRetained', resourceTypes: [BUCKET], what: 'S3 bucket' }),
  noPublicReadPolicy,
];

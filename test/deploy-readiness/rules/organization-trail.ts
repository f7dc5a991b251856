/**
 * CloudTrail organization trails: the bucket they target must admit CloudTrail under the
 * organization's prefix, or CreateTrail fails (InsufficientS3BucketPolicyException).
 */
import { allowsService, asArray, coversAction, indexOf, isTrue, problemsFor, refTarget, render, statementsOf } from '../cfn';
import { DeployProblem, DeployTemplate } from '../model';

const TRAIL = 'AWS::CloudTrail::Trail';
const BUCKET = 'AWS::S3::Bucket';
const BUCKET_POLICY = 'AWS::S3::BucketPolicy';
const CLOUDTRAIL = 'cloudtrail.amazonaws.com';
/** A key an organization trail writes: `[prefix/]AWSLogs/<org id>/<account>/CloudTrail/<region>/...`. */
const sampleKey = (prefix: string, org: string) => `${prefix}AWSLogs/${org}/111111111111/CloudTrail/us-east-1/2026/01/01/log.json.gz`;

/** Where the trail's bucket is: its template and logical id, and how policies may name it. */
interface BucketLocation {
  readonly template: DeployTemplate;
  readonly logicalId: string;
  /** Renderings of the bucket name (`{Ref:X}` and, when fixed, the literal name). */
  readonly names: string[];
}

/**
 * `OrganizationTrailBucketPolicy`: the bucket an organization trail (`IsOrganizationTrail: true`)
 * delivers to must have a bucket policy that allows `cloudtrail.amazonaws.com` `s3:GetBucketAcl`
 * on the bucket and `s3:PutObject` on `[S3KeyPrefix/]AWSLogs/<organization id>/*`. CloudTrail checks
 * both when the trail is created; a policy written for a single-account trail
 * (`AWSLogs/<account id>/*` only) is refused. The bucket usually lives in another account's
 * template (the log archive), found by its fixed `BucketName`.
 *
 * Source: CloudTrail User Guide, "Creating a trail for an organization with the AWS CLI" (the
 * bucket policy of an organization trail: GetBucketAcl, and PutObject on
 * `AWSLogs/o-organizationID/*`) — https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-an-organizational-trail-by-using-the-aws-cli.html ;
 * "Amazon S3 bucket policy for CloudTrail" — https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 *
 * Scenarios:
 * - PASS: the bucket (a Ref in the same template, or a bucket of any template whose BucketName is the trail's S3BucketName) has a
 *   policy allowing CloudTrail both actions, the PutObject resource covering the organization prefix (the organization named by
 *   the statement's `aws:SourceOrgID`, by the resource itself, or any).
 * - FAIL: the bucket has no bucket policy, or none allowing CloudTrail `s3:GetBucketAcl` on it.
 * - FAIL: no statement allows CloudTrail `s3:PutObject` under `AWSLogs/<organization id>/` (e.g. only `AWSLogs/<account id>/*`).
 * - SKIP: trails that are not organization trails; buckets found in no template (created elsewhere).
 */
export function organizationTrailBucketPolicy(t: DeployTemplate, all: DeployTemplate[]): DeployProblem[] {
  const index = indexOf(t);
  const problem = problemsFor('OrganizationTrailBucketPolicy', t);
  const problems: DeployProblem[] = [];
  for (const id of index.ofType(TRAIL)) {
    const props = index.resources[id].Properties ?? {};
    if (!isTrue(props.IsOrganizationTrail)) continue;
    const bucket = locateBucket(t, props.S3BucketName, all);
    if (!bucket) continue;
    const prefix = typeof props.S3KeyPrefix === 'string' && props.S3KeyPrefix !== '' ? `${props.S3KeyPrefix.replace(/\/$/, '')}/` : '';
    const statements = bucketPolicyStatements(bucket).filter((s) => allowsService(s, CLOUDTRAIL));
    const where = `bucket ${bucket.logicalId} of ${bucket.template.stackName}`;
    if (!statements.some((s) => coversAction(s, 's3:GetBucketAcl') && resourcesOf(s).some((r) => namesBucket(r, bucket)))) {
      problems.push(problem(id, `CloudTrail refuses to create this organization trail: the policy of ${where} must allow `
        + `${CLOUDTRAIL} s3:GetBucketAcl on the bucket.`));
    }
    if (!statements.some((s) => coversAction(s, 's3:PutObject') && coversOrganizationPrefix(s, bucket, prefix))) {
      problems.push(problem(id, `CloudTrail refuses to create this organization trail: the policy of ${where} must allow `
        + `${CLOUDTRAIL} s3:PutObject on ${prefix}AWSLogs/<organization id>/* (a single-account AWSLogs/<account id>/* is not enough).`));
    }
  }
  return problems;
}

function locateBucket(t: DeployTemplate, name: any, all: DeployTemplate[]): BucketLocation | undefined {
  const ref = refTarget(name);
  if (ref) {
    const r = indexOf(t).resources[ref];
    return r?.Type === BUCKET ? { template: t, logicalId: ref, names: bucketNames(ref, r.Properties) } : undefined;
  }
  if (typeof name !== 'string') return undefined;
  for (const d of all) {
    const index = indexOf(d);
    const found = index.ofType(BUCKET).find((b) => index.resources[b].Properties?.BucketName === name);
    if (found) return { template: d, logicalId: found, names: bucketNames(found, index.resources[found].Properties) };
  }
  return undefined;
}

function bucketNames(logicalId: string, props: any): string[] {
  return [`{Ref:${logicalId}}`, ...(typeof props?.BucketName === 'string' ? [props.BucketName] : [])];
}

function bucketPolicyStatements(bucket: BucketLocation): any[] {
  const index = indexOf(bucket.template);
  return index.ofType(BUCKET_POLICY)
    .map((id) => index.resources[id].Properties ?? {})
    .filter((p) => refTarget(p.Bucket) === bucket.logicalId || (typeof p.Bucket === 'string' && bucket.names.includes(p.Bucket)))
    .flatMap((p) => statementsOf(p.PolicyDocument));
}

function resourcesOf(statement: any): string[] {
  return asArray(statement.Resource).map(render).filter((r): r is string => r !== undefined);
}

/** The bucket ARN as the rendered resource names it, or undefined. */
function bucketArnPrefixes(bucket: BucketLocation): string[] {
  return [`{GetAtt:${bucket.logicalId}.Arn}`, ...bucket.names.map((n) => `:s3:::${n}`)];
}

function namesBucket(resource: string, bucket: BucketLocation): boolean {
  return bucketArnPrefixes(bucket).some((p) => resource === p || (p.startsWith(':') && resource.endsWith(p) && resource.startsWith('arn:')));
}

function coversOrganizationPrefix(statement: any, bucket: BucketLocation, prefix: string): boolean {
  const orgs = asArray(statement.Condition?.StringEquals?.['aws:SourceOrgID']).filter((o): o is string => typeof o === 'string');
  for (const resource of resourcesOf(statement)) {
    const objects = objectPattern(resource, bucket);
    if (objects === undefined) continue;
    const named = /AWSLogs\/(o-[a-z0-9]+)\//.exec(objects)?.[1];
    const candidates = orgs.length > 0 ? orgs : [named ?? 'o-exampleorgid'];
    if (candidates.every((org) => wildcardMatch(objects, sampleKey(prefix, org)))) return true;
  }
  return false;
}

/** The object-key pattern of a resource `<bucket ARN>/<pattern>`, or undefined for another bucket. */
function objectPattern(resource: string, bucket: BucketLocation): string | undefined {
  for (const p of bucketArnPrefixes(bucket)) {
    if (p.startsWith(':')) {
      const at = resource.indexOf(`${p}/`);
      if (resource.startsWith('arn:') && at >= 0) return resource.slice(at + p.length + 1);
    } else if (resource.startsWith(`${p}/`)) {
      return resource.slice(p.length + 1);
    }
  }
  return undefined;
}

function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(value);
}

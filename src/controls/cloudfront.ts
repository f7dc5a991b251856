import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';
import { bool, dig, isIntrinsic, list, str, Unknown, UNKNOWN } from './values';

const DISTRIBUTION = 'AWS::CloudFront::Distribution';
const ORIGIN_ACCESS_CONTROL = 'AWS::CloudFront::OriginAccessControl';
const DELIVERY_SOURCE = 'AWS::Logs::DeliverySource';
const DELIVERY = 'AWS::Logs::Delivery';

/** Viewer security policies of TLSv1.2_2021 or later (TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025, ...). */
const MODERN_VIEWER_POLICY = /^TLSv1\.[2-9]_20(2[1-9]|[3-9]\d)$/;
/** Origin protocols older than TLS 1.2. */
const OUTDATED_ORIGIN_PROTOCOLS = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);
const HTTPS_VIEWER_POLICIES = new Set(['redirect-to-https', 'https-only']);

/** The distribution's `DistributionConfig`, or 'unknown' when it is an intrinsic. */
function config(r: RenderedResource): any | Unknown {
  const c = r.properties.DistributionConfig;
  return isIntrinsic(c) ? UNKNOWN : c ?? {};
}

/** The default cache behavior and every other one, with a name for messages; 'unknown' when the list is an intrinsic. */
function behaviors(c: any): Array<{ name: string; behavior: any }> | Unknown {
  const others = list(c.CacheBehaviors);
  if (others === UNKNOWN) return UNKNOWN;
  return [
    { name: 'the default cache behavior', behavior: c.DefaultCacheBehavior ?? {} },
    ...others.map((b) => ({ name: `the ${typeof b?.PathPattern === 'string' ? b.PathPattern : '(unnamed)'} cache behavior`, behavior: b ?? {} })),
  ];
}

/** The distribution's origins; 'unknown' when the list is an intrinsic. */
function origins(c: any): any[] | Unknown {
  return list(c.Origins);
}

/**
 * CloudFront.ViewerTlsPolicy: viewers connect with TLS 1.2 or later under a current security policy.
 * - given ViewerCertificate with an ACM or IAM certificate and MinimumProtocolVersion TLSv1.2_2021 or later
 *   (minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021, the L2 default with a certificate), then PASS
 * - given no ViewerCertificate or CloudFrontDefaultCertificate true (the *.cloudfront.net certificate, which always accepts TLSv1), then FAIL
 * - given a custom certificate without MinimumProtocolVersion (CloudFront's default is TLSv1), or TLSv1, TLSv1.1_2016, TLSv1.2_2018 or
 *   TLSv1.2_2019, then FAIL
 * - given the configuration, certificate or version from a parameter, then UNVERIFIABLE
 */
const viewerTlsPolicy: Control = {
  id: 'CloudFront.ViewerTlsPolicy',
  title: 'CloudFront distribution accepts viewers on TLS 1.2 or later only',
  resourceTypes: [DISTRIBUTION],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  rationale: 'TLS 1.0 and 1.1 have known weaknesses; PHI sent to or from viewers needs a current protocol and cipher suite.',
  fix: 'Give the Distribution domainNames and an ACM certificate, and keep minimumProtocolVersion at SecurityPolicyProtocol.TLS_V1_2_2021 or later.',
  check: (r) => {
    const c = config(r);
    if (c === UNKNOWN) return unverifiable('DistributionConfig cannot be resolved at synth.');
    const certificate = c.ViewerCertificate;
    if (isIntrinsic(certificate)) return unverifiable('ViewerCertificate cannot be resolved at synth.');
    const usesDefault = bool(certificate?.CloudFrontDefaultCertificate);
    if (usesDefault === UNKNOWN) return unverifiable('ViewerCertificate.CloudFrontDefaultCertificate cannot be resolved at synth.');
    const custom = certificate?.AcmCertificateArn !== undefined || certificate?.IamCertificateId !== undefined;
    if (usesDefault === true || !custom) {
      return fail('the distribution uses the default *.cloudfront.net certificate, with which CloudFront accepts TLSv1 whatever MinimumProtocolVersion says.');
    }
    const version = str(certificate.MinimumProtocolVersion);
    if (version === UNKNOWN) return unverifiable('ViewerCertificate.MinimumProtocolVersion cannot be resolved at synth.');
    if (version === undefined) return fail('MinimumProtocolVersion is not set, so CloudFront accepts viewers on TLSv1.');
    return MODERN_VIEWER_POLICY.test(version) ? pass()
      : fail(`MinimumProtocolVersion is ${version}; use TLSv1.2_2021 or later so viewers cannot negotiate older protocols or ciphers.`);
  },
};

/**
 * CloudFront.ViewerHttps: every cache behavior sends viewers over HTTPS.
 * - given ViewerProtocolPolicy redirect-to-https or https-only on the default and every other cache behavior, then PASS
 * - given allow-all on any of them (the L2 default), or a behavior without it, then FAIL
 * - given the configuration, the behaviors or a policy from a parameter, then UNVERIFIABLE
 */
const viewerHttps: Control = {
  id: 'CloudFront.ViewerHttps',
  title: 'CloudFront distribution serves every path over HTTPS only',
  resourceTypes: [DISTRIBUTION],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  rationale: 'A behavior that allows HTTP sends PHI in requests and responses across the internet in clear text.',
  fix: 'Set viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS (or HTTPS_ONLY) on defaultBehavior and every additionalBehaviors entry.',
  check: (r) => {
    const c = config(r);
    if (c === UNKNOWN) return unverifiable('DistributionConfig cannot be resolved at synth.');
    const all = behaviors(c);
    if (all === UNKNOWN) return unverifiable('CacheBehaviors cannot be resolved at synth.');
    const plain: string[] = [];
    for (const { name, behavior } of all) {
      const policy = str(behavior.ViewerProtocolPolicy);
      if (policy === UNKNOWN) return unverifiable(`the ViewerProtocolPolicy of ${name} cannot be resolved at synth.`);
      if (policy === undefined || !HTTPS_VIEWER_POLICIES.has(policy)) plain.push(`${name} (${policy ?? 'not set'})`);
    }
    return plain.length === 0 ? pass() : fail(`${plain.join(', ')} ${plain.length === 1 ? 'lets' : 'let'} viewers use plain HTTP.`);
  },
};

/** Whether every cache behavior that reaches an origin (directly or through an origin group) requires HTTPS. */
function viewersUseHttps(c: any, originId: unknown): boolean | Unknown {
  const all = behaviors(c);
  const groups = list(dig(c, 'OriginGroups', 'Items'));
  if (all === UNKNOWN || groups === UNKNOWN) return UNKNOWN;
  const targets = new Set<unknown>([originId]);
  for (const group of groups) {
    const members = list(dig(group, 'Members', 'Items'));
    if (members === UNKNOWN) return UNKNOWN;
    if (members.some((m) => m?.OriginId === originId)) targets.add(group?.Id);
  }
  let unknown = false;
  for (const { behavior } of all) {
    if (!targets.has(behavior.TargetOriginId)) continue;
    const policy = str(behavior.ViewerProtocolPolicy);
    if (policy === UNKNOWN) unknown = true;
    else if (policy === undefined || !HTTPS_VIEWER_POLICIES.has(policy)) return false;
  }
  return unknown ? UNKNOWN : true;
}

/** The verdict on one custom origin's protocol policy and TLS versions. */
function customOriginVerdict(c: any, origin: any): Verdict {
  const name = typeof origin?.Id === 'string' ? `origin ${origin.Id}` : 'an origin';
  const custom = origin.CustomOriginConfig;
  if (isIntrinsic(custom)) return unverifiable(`the CustomOriginConfig of ${name} cannot be resolved at synth.`);
  const policy = str(custom.OriginProtocolPolicy);
  if (policy === UNKNOWN) return unverifiable(`the OriginProtocolPolicy of ${name} cannot be resolved at synth.`);
  if (policy === 'match-viewer') {
    const https = viewersUseHttps(c, origin.Id);
    if (https === UNKNOWN) return unverifiable(`${name} matches the viewer's protocol, and the viewer protocol policies that reach it cannot be resolved at synth.`);
    if (!https) return fail(`${name} matches the viewer's protocol and a cache behavior that reaches it allows HTTP, so CloudFront forwards those requests in clear text.`);
  } else if (policy !== 'https-only') {
    return fail(`the OriginProtocolPolicy of ${name} is ${policy ?? 'not set'}, so CloudFront sends requests to it over plain HTTP.`);
  }
  const protocols = list(custom.OriginSSLProtocols);
  if (protocols === UNKNOWN || protocols.some((p) => str(p) === UNKNOWN)) return unverifiable(`the OriginSSLProtocols of ${name} cannot be resolved at synth.`);
  if (protocols.length === 0) return fail(`${name} does not set OriginSSLProtocols, so the template does not keep CloudFront off protocols older than TLSv1.2.`);
  const outdated = protocols.filter((p) => OUTDATED_ORIGIN_PROTOCOLS.has(p));
  return outdated.length === 0 ? pass() : fail(`the OriginSSLProtocols of ${name} include ${outdated.join(', ')}; allow TLSv1.2 only.`);
}

/**
 * CloudFront.OriginHttps: CloudFront reaches custom origins over HTTPS with TLS 1.2.
 * - given every custom origin with OriginProtocolPolicy https-only and OriginSSLProtocols [TLSv1.2] (HttpOrigin with protocolPolicy HTTPS_ONLY), then PASS
 * - given match-viewer on an origin that only HTTPS-only or redirect-to-https cache behaviors reach, with OriginSSLProtocols [TLSv1.2], then PASS
 * - given http-only (S3StaticWebsiteOrigin, HttpOrigin with HTTP_ONLY), or match-viewer reached by an allow-all behavior, then FAIL
 * - given OriginSSLProtocols absent, or with SSLv3, TLSv1 or TLSv1.1, then FAIL
 * - given only S3 REST or VPC origins (no CustomOriginConfig), then N/A
 * - given the configuration, the origins or a policy from a parameter, then UNVERIFIABLE
 */
const originHttps: Control = {
  id: 'CloudFront.OriginHttps',
  title: 'CloudFront distribution reaches custom origins over HTTPS with TLS 1.2',
  resourceTypes: [DISTRIBUTION],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  rationale: 'Between CloudFront and the origin, PHI crosses networks AWS does not own; it needs the same TLS protection as the viewer connection.',
  fix: 'Use HttpOrigin (or LoadBalancerV2Origin) with protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY and originSslProtocols: [OriginSslPolicy.TLS_V1_2].',
  check: (r) => {
    const c = config(r);
    if (c === UNKNOWN) return unverifiable('DistributionConfig cannot be resolved at synth.');
    const all = origins(c);
    if (all === UNKNOWN) return unverifiable('Origins cannot be resolved at synth.');
    const custom = all.filter((o) => o?.CustomOriginConfig !== undefined);
    if (custom.length === 0) return notApplicable();
    const verdicts = custom.map((o) => customOriginVerdict(c, o));
    return verdicts.find((v) => v.status === 'fail') ?? verdicts.find((v) => v.status === 'unverifiable') ?? pass();
  },
};

/** Whether an AWS::Logs::Delivery of the app sends a delivery source's logs somewhere. */
function delivered(source: RenderedResource, index: ResourceIndex): boolean {
  const name = source.properties.Name;
  return index.ofType(DELIVERY).some((d) => index.target(d.properties.DeliverySourceName, d) === source
    || (typeof name === 'string' && d.properties.DeliverySourceName === name));
}

/**
 * CloudFront.AccessLogging: the distribution records viewer requests.
 * - given DistributionConfig.Logging with a Bucket, of the app or not (enableLogging / logBucket, standard logging to S3), then PASS
 * - given an AWS::Logs::DeliverySource whose ResourceArn is this distribution with LogType ACCESS_LOGS, and an
 *   AWS::Logs::Delivery of that source (standard logging v2), then PASS
 * - given neither (the L2 default), or a delivery source without a delivery, then FAIL (warning)
 * - given Logging from a parameter, then UNVERIFIABLE
 */
const accessLogging: Control = {
  id: 'CloudFront.AccessLogging',
  title: 'CloudFront distribution access logging is enabled',
  resourceTypes: [DISTRIBUTION],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'Access logs record who requested which path and when, the trail needed to investigate access to PHI served through the distribution.',
  fix: 'Set enableLogging: true with a logBucket, or deliver the distribution\'s ACCESS_LOGS through AWS::Logs::DeliverySource and AWS::Logs::Delivery.',
  check: (r, index) => {
    const c = config(r);
    if (c === UNKNOWN) return unverifiable('DistributionConfig cannot be resolved at synth.');
    if (isIntrinsic(c.Logging)) return unverifiable('Logging cannot be resolved at synth.');
    if (c.Logging?.Bucket !== undefined && c.Logging.Bucket !== '') return pass();
    const sources = index.referencing(r, DELIVERY_SOURCE).filter((s) => s.properties.LogType === 'ACCESS_LOGS');
    if (sources.some((s) => delivered(s, index))) return pass();
    if (sources.length > 0) return fail('an AWS::Logs::DeliverySource collects the access logs, but no AWS::Logs::Delivery sends them to a destination.');
    return fail('neither standard logging to S3 (Logging) nor a log delivery of ACCESS_LOGS is configured, so viewer requests are not recorded.');
  },
};

/** How a distribution origin reaches S3: 'rest' (the bucket endpoint), 'website' (static website hosting), or undefined for other origins. */
function s3Kind(origin: any, from: RenderedResource, index: ResourceIndex): 'rest' | 'website' | undefined {
  if (origin?.S3OriginConfig !== undefined) return 'rest';
  const domain = origin?.DomainName;
  const getAtt = domain?.['Fn::GetAtt'];
  if (Array.isArray(getAtt) && index.target(domain, from)?.type === 'AWS::S3::Bucket') {
    return getAtt[1] === 'DomainName' || getAtt[1] === 'RegionalDomainName' || getAtt[1] === 'DualStackDomainName' ? 'rest' : undefined;
  }
  if (typeof domain !== 'string') return undefined;
  if (/\.s3-website[.-][a-z0-9.-]*amazonaws\.com(\.cn)?$/.test(domain)) return 'website';
  if (/\.s3([.-][a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(domain)) return 'rest';
  return undefined;
}

/** The verdict on one S3 origin. */
function s3OriginVerdict(origin: any, kind: 'rest' | 'website', from: RenderedResource, index: ResourceIndex): Verdict {
  const name = typeof origin?.Id === 'string' ? `origin ${origin.Id}` : 'an S3 origin';
  if (kind === 'website') return fail(`${name} is an S3 website endpoint, which serves only buckets open to everyone; use the bucket's REST endpoint with origin access control.`);
  const oac = origin.OriginAccessControlId;
  if (typeof oac === 'string' && oac !== '') return pass();
  if (oac !== undefined && oac !== '') {
    return index.target(oac, from)?.type === ORIGIN_ACCESS_CONTROL ? pass()
      : unverifiable(`the OriginAccessControlId of ${name} cannot be resolved at synth.`);
  }
  const oai = origin.S3OriginConfig?.OriginAccessIdentity;
  if (oai !== undefined && oai !== '') {
    return fail(`${name} uses a legacy origin access identity, which cannot read objects encrypted with SSE-KMS; use origin access control.`);
  }
  return fail(`${name} has neither origin access control nor an origin access identity, so the bucket must be readable by everyone to serve it.`);
}

/**
 * CloudFront.S3OriginAccessControl: S3 origins are reached through origin access control, not a public bucket.
 * - given every S3 origin with an OriginAccessControlId (S3BucketOrigin.withOriginAccessControl, the L2 default), then PASS
 * - given an S3 origin with only an origin access identity (S3BucketOrigin.withOriginAccessIdentity), then FAIL
 * - given an S3 origin with neither, or an S3 website endpoint origin (S3StaticWebsiteOrigin), then FAIL
 * - given no S3 origin, then N/A
 * - given the configuration, the origins or an OriginAccessControlId from a parameter, then UNVERIFIABLE
 */
const s3OriginAccessControl: Control = {
  id: 'CloudFront.S3OriginAccessControl',
  title: 'CloudFront distribution reaches S3 origins through origin access control',
  resourceTypes: [DISTRIBUTION],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'Without origin access control the bucket must be public, or be read through a legacy identity that cannot decrypt SSE-KMS objects, so PHI is either open to anyone or not under a customer key.',
  fix: 'Use S3BucketOrigin.withOriginAccessControl(bucket) for every S3 origin.',
  check: (r, index) => {
    const c = config(r);
    if (c === UNKNOWN) return unverifiable('DistributionConfig cannot be resolved at synth.');
    const all = origins(c);
    if (all === UNKNOWN) return unverifiable('Origins cannot be resolved at synth.');
    const verdicts: Verdict[] = [];
    for (const origin of all) {
      const kind = s3Kind(origin, r, index);
      if (kind !== undefined) verdicts.push(s3OriginVerdict(origin, kind, r, index));
    }
    if (verdicts.length === 0) return notApplicable();
    return verdicts.find((v) => v.status === 'fail') ?? verdicts.find((v) => v.status === 'unverifiable') ?? pass();
  },
};

export const CLOUDFRONT_CONTROLS: readonly Control[] = [
  viewerTlsPolicy,
  viewerHttps,
  originHttps,
  accessLogging,
  s3OriginAccessControl,
];

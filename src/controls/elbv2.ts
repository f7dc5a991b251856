import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable } from './control';
import { AVAILABILITY_CITATIONS, CertificateSource, certificateSource } from './elb';
import { TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';
import { bool, list, str, Unknown, UNKNOWN } from './values';

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const LISTENER_CERTIFICATE = 'AWS::ElasticLoadBalancingV2::ListenerCertificate';

const ENCRYPTED_PROTOCOLS = new Set(['HTTPS', 'TLS']);
const PASSTHROUGH_PROTOCOLS = new Set(['TCP', 'UDP', 'TCP_UDP']);

/**
 * Predefined ELB security policies whose minimum version is TLS 1.2 or later:
 * `ELBSecurityPolicy-TLS13-1-2-*` and `-TLS13-1-3-*`, `-TLS-1-2-*`, `-FS-1-2-*`.
 * `-2016-08`, `-2015-05`, `-TLS-1-0/1-1-*`, `-FS-2018-06`, `-FS-1-1-*` and `-TLS13-1-0/1-1-*` accept older versions.
 */
const MODERN_SSL_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-/;

function isRedirectToHttps(action: any): boolean {
  return action?.Type === 'redirect' && action?.RedirectConfig?.Protocol === 'HTTPS';
}

/** The actions of every listener rule attached to a listener. */
function ruleActions(listener: RenderedResource, index: ResourceIndex): any[] | typeof UNKNOWN {
  const actions: any[] = [];
  for (const rule of index.referencing(listener, LISTENER_RULE)) {
    if (index.target(rule.properties.ListenerArn, rule) !== listener) continue;
    const ruleList = list(rule.properties.Actions);
    if (ruleList === UNKNOWN) return UNKNOWN;
    actions.push(...ruleList);
  }
  return actions;
}

/**
 * Why a listener sets no Protocol, which only a Gateway Load Balancer's listener may omit (its
 * traffic is GENEVE to the appliances; Application and Network Load Balancers need one):
 * undefined when its load balancer is a gateway one in the templates, else the reason synth cannot tell.
 */
function noProtocolDoubt(r: RenderedResource, index: ResourceIndex): string | undefined {
  const lb = index.target(r.properties.LoadBalancerArn, r);
  const type = lb?.type === LOAD_BALANCER ? str(lb.properties.Type) : undefined;
  if (type === 'gateway') return undefined;
  const why = lb?.type !== LOAD_BALANCER ? 'its load balancer is not in the templates checked, so synth cannot tell what clients speak to it.'
    : type === UNKNOWN ? 'its load balancer\'s Type cannot be resolved at synth.'
      : `it is a listener of ${type === 'network' ? 'a Network' : 'an Application'} Load Balancer: synth cannot tell what clients would speak to it (the service asks such a listener for a protocol).`;
  return `no Protocol is set, which only a Gateway Load Balancer's listener may omit, and ${why}`;
}

/**
 * ELBv2.ListenerEncrypted: clients reach the load balancer over TLS; plain HTTP only redirects to HTTPS.
 * - given Protocol HTTPS or TLS, then PASS
 * - given Protocol HTTP whose default actions and listener rules all redirect to HTTPS (ApplicationLoadBalancer.addRedirect()), then PASS
 * - given Protocol HTTP that forwards, or answers with a fixed response, then FAIL
 * - given Protocol TCP, UDP or TCP_UDP (the load balancer passes bytes through unencrypted unless the targets speak TLS), then FAIL
 * - given Protocol GENEVE, or no Protocol on a listener of a Gateway Load Balancer in the templates, then N/A
 * - given no Protocol on a listener whose load balancer is not in the templates, or is an Application or Network Load Balancer, then UNVERIFIABLE
 * - given the protocol or actions from a parameter, then UNVERIFIABLE
 */
const listenerEncrypted: Control = {
  id: 'ELBv2.ListenerEncrypted',
  title: 'Load balancer listener uses HTTPS or TLS, or only redirects HTTP to HTTPS',
  resourceTypes: [LISTENER],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  nagRule: 'ALBHttpToHttpsRedirection',
  fix: 'Use protocol HTTPS (or TLS) with a certificate, and ApplicationLoadBalancer.addRedirect() for port 80.',
  check: (r, index) => {
    const protocol = str(r.properties.Protocol);
    if (protocol === UNKNOWN) return unverifiable('Protocol cannot be resolved at synth.');
    if (protocol === 'GENEVE') return notApplicable();
    if (protocol === undefined) {
      const doubt = noProtocolDoubt(r, index);
      return doubt === undefined ? notApplicable() : unverifiable(doubt);
    }
    if (ENCRYPTED_PROTOCOLS.has(protocol)) return pass();
    if (PASSTHROUGH_PROTOCOLS.has(protocol)) {
      return fail(`Protocol is ${protocol}, so the load balancer does not terminate TLS; use TLS, or acknowledge when the targets terminate TLS themselves.`);
    }
    if (protocol !== 'HTTP') return unverifiable(`Protocol ${protocol} is not one this control knows.`);
    const defaults = list(r.properties.DefaultActions);
    const rules = ruleActions(r, index);
    if (defaults === UNKNOWN || rules === UNKNOWN) return unverifiable('the listener actions cannot be resolved at synth.');
    const plain = [...defaults, ...rules].filter((a) => !isRedirectToHttps(a));
    return plain.length === 0 ? pass()
      : fail(`Protocol is HTTP and ${plain.length === 1 ? 'an action' : `${plain.length} actions`} (${plain.map((a) => a?.Type).join(', ')}) `
        + `${plain.length === 1 ? 'answers' : 'answer'} over plain HTTP instead of redirecting to HTTPS.`);
  },
};

/**
 * ELBv2.ListenerTlsPolicy: an HTTPS or TLS listener accepts TLS 1.2 or later only.
 * - given SslPolicy ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-* or -FS-1-2-*, then PASS
 * - given ELBSecurityPolicy-2016-08 or another policy that accepts TLS 1.0/1.1, then FAIL
 * - given no SslPolicy (the L2 default; the service then picks its default policy), then FAIL
 * - given any other protocol, then N/A
 * - given the policy from a parameter, then UNVERIFIABLE
 */
const listenerTlsPolicy: Control = {
  id: 'ELBv2.ListenerTlsPolicy',
  title: 'Load balancer HTTPS/TLS listener uses a TLS 1.2+ security policy',
  resourceTypes: [LISTENER],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: 'Set sslPolicy: SslPolicy.RECOMMENDED_TLS (ELBSecurityPolicy-TLS13-1-2-2021-06) or another TLS 1.2+ policy.',
  check: (r) => {
    const protocol = str(r.properties.Protocol);
    if (protocol === UNKNOWN) return unverifiable('Protocol cannot be resolved at synth.');
    if (protocol === undefined || !ENCRYPTED_PROTOCOLS.has(protocol)) return notApplicable();
    const policy = str(r.properties.SslPolicy);
    if (policy === UNKNOWN) return unverifiable('SslPolicy cannot be resolved at synth.');
    if (policy === undefined) return fail('SslPolicy is not set, so the minimum TLS version is a service default the template does not pin (historically ELBSecurityPolicy-2016-08, which accepts TLS 1.0).');
    return MODERN_SSL_POLICY.test(policy) ? pass() : fail(`SslPolicy is ${policy}, which accepts TLS versions older than 1.2.`);
  },
};

/**
 * ELBv2.AccessLogs: the load balancer writes access logs to S3.
 * - given LoadBalancerAttributes access_logs.s3.enabled true, then PASS
 * - given it absent (the L2 default) or false, then FAIL (warning)
 * - given a Gateway Load Balancer (no access logs), then N/A
 * - given the value from a parameter, then UNVERIFIABLE
 */
const accessLogs: Control = {
  id: 'ELBv2.AccessLogs',
  title: 'Load balancer access logging is enabled',
  resourceTypes: [LOAD_BALANCER],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'ELBLoggingEnabled',
  fix: 'Call loadBalancer.logAccessLogs(bucket).',
  check: (r) => {
    if (r.properties.Type === 'gateway') return notApplicable();
    const attributes = list(r.properties.LoadBalancerAttributes);
    if (attributes === UNKNOWN) return unverifiable('LoadBalancerAttributes cannot be resolved at synth.');
    const attribute = attributes.find((a) => a?.Key === 'access_logs.s3.enabled');
    const enabled = bool(attribute?.Value);
    if (enabled === UNKNOWN) return unverifiable('access_logs.s3.enabled cannot be resolved at synth.');
    return enabled === true ? pass() : fail('access_logs.s3.enabled is not true, so requests to the load balancer are not recorded.');
  },
};

/**
 * A boolean load balancer attribute: its value, 'unknown' when the attribute list or the value is an
 * intrinsic, undefined when the attribute is not set.
 */
function attributeFlag(r: RenderedResource, key: string): boolean | Unknown | undefined {
  const attributes = list(r.properties.LoadBalancerAttributes);
  if (attributes === UNKNOWN) return UNKNOWN;
  const attribute = attributes.find((a) => a?.Key === key);
  return bool(attribute?.Value);
}

/**
 * ELBv2.DropInvalidHeaders: an Application Load Balancer drops HTTP headers that are not valid.
 * - given Type application (or no Type) and routing.http.drop_invalid_header_fields.enabled true (dropInvalidHeaderFields: true), then PASS
 * - given the attribute absent (the service and L2 default is false) or false, then FAIL (warning)
 * - given a network or gateway load balancer (the attribute does not exist there), then N/A
 * - given the type, the attributes or the value from a parameter, then UNVERIFIABLE
 */
const dropInvalidHeaders: Control = {
  id: 'ELBv2.DropInvalidHeaders',
  title: 'Application Load Balancer drops invalid HTTP headers',
  resourceTypes: [LOAD_BALANCER],
  citations: ['164.312(e)(1)', '164.312(e)(2)(i)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'ALBHttpDropInvalidHeaderEnabled',
  rationale: 'Malformed headers passed on to the targets are a way to smuggle or alter requests on their way to the systems that hold PHI.',
  fix: 'Set dropInvalidHeaderFields: true on the ApplicationLoadBalancer.',
  check: (r) => {
    const type = str(r.properties.Type);
    if (type === UNKNOWN) return unverifiable('Type cannot be resolved at synth.');
    if (type !== undefined && type !== 'application') return notApplicable();
    const enabled = attributeFlag(r, 'routing.http.drop_invalid_header_fields.enabled');
    if (enabled === UNKNOWN) return unverifiable('routing.http.drop_invalid_header_fields.enabled cannot be resolved at synth.');
    return enabled === true ? pass()
      : fail('routing.http.drop_invalid_header_fields.enabled is not true, so headers that are not valid HTTP reach the targets.');
  },
};

/** The certificates a listener or listener certificate resource presents ('unknown' when the list is an intrinsic). */
function certificateSources(r: RenderedResource, index: ResourceIndex): CertificateSource[] | Unknown {
  const certificates = list(r.properties.Certificates);
  if (certificates === UNKNOWN) return UNKNOWN;
  return certificates.map((c) => certificateSource(c?.CertificateArn, r, index));
}

/**
 * ELBv2.AcmCertificate: HTTPS and TLS listeners present certificates from ACM.
 * - given an HTTPS or TLS listener whose Certificates are ACM ARNs or Refs to AWS::CertificateManager::Certificate, then PASS
 * - given an AWS::ElasticLoadBalancingV2::ListenerCertificate whose certificates all come from ACM, then PASS
 * - given an IAM server certificate (arn:...:iam::...:server-certificate/...), another value, or an HTTPS/TLS listener with no certificate, then FAIL (warning)
 * - given an HTTP, TCP, UDP or Gateway Load Balancer listener, then N/A
 * - given the protocol, the certificate list or an ARN from a parameter or another stack, then UNVERIFIABLE
 */
const acmCertificate: Control = {
  id: 'ELBv2.AcmCertificate',
  title: 'Load balancer HTTPS/TLS listener uses ACM certificates',
  resourceTypes: [LISTENER, LISTENER_CERTIFICATE],
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'ELBv2ACMCertificateRequired',
  rationale: 'ACM renews and deploys certificates itself, so TLS to clients does not lapse when a hand-managed certificate expires.',
  fix: 'Pass ListenerCertificate.fromCertificateManager(certificate) (an acm.Certificate) instead of an IAM server certificate ARN.',
  check: (r, index) => {
    if (r.type === LISTENER) {
      const protocol = str(r.properties.Protocol);
      if (protocol === UNKNOWN) return unverifiable('Protocol cannot be resolved at synth.');
      if (protocol === undefined || !ENCRYPTED_PROTOCOLS.has(protocol)) return notApplicable();
    }
    const sources = certificateSources(r, index);
    if (sources === UNKNOWN) return unverifiable('Certificates cannot be resolved at synth.');
    if (sources.length === 0) return fail('no certificate is set; an HTTPS or TLS listener needs an ACM certificate.');
    const wrong = new Set(sources.filter((s) => s !== 'acm' && s !== UNKNOWN)
      .map((s) => s === 'iam' ? 'an IAM server certificate' : s === 'none' ? 'an entry without CertificateArn' : 'a certificate that is not from ACM'));
    if (wrong.size > 0) return fail(`the listener presents ${[...wrong].join(' and ')}; use ACM certificates.`);
    if (sources.includes(UNKNOWN)) return unverifiable('a CertificateArn cannot be resolved at synth, so synth cannot see whether it comes from ACM.');
    return pass();
  },
};

/**
 * ELBv2.DeletionProtection: the load balancer (application, network or gateway) cannot be deleted by one call or stack change.
 * - given LoadBalancerAttributes deletion_protection.enabled true (deletionProtection: true), then PASS
 * - given the attribute absent (the service and L2 default is false) or false, then FAIL (warning)
 * - given the attributes or the value from a parameter, then UNVERIFIABLE
 */
const deletionProtection: Control = {
  id: 'ELBv2.DeletionProtection',
  title: 'Load balancer deletion protection is enabled',
  resourceTypes: [LOAD_BALANCER],
  citations: AVAILABILITY_CITATIONS,
  severity: HipaaSeverity.WARNING,
  nagRule: 'ELBDeletionProtectionEnabled',
  rationale: 'Deleting the load balancer by mistake cuts off every client from the systems that serve PHI until it is rebuilt and its DNS name changes.',
  fix: 'Set deletionProtection: true on the load balancer.',
  check: (r) => {
    const enabled = attributeFlag(r, 'deletion_protection.enabled');
    if (enabled === UNKNOWN) return unverifiable('deletion_protection.enabled cannot be resolved at synth.');
    return enabled === true ? pass() : fail('deletion_protection.enabled is not true, so the load balancer can be deleted by a single call or stack change.');
  },
};

export const ELBV2_CONTROLS: readonly Control[] = [
  listenerEncrypted,
  listenerTlsPolicy,
  accessLogs,
  dropInvalidHeaders,
  acmCertificate,
  deletionProtection,
];

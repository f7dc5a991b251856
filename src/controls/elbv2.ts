import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable } from './control';
import { TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';
import { bool, list, str, UNKNOWN } from './values';

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

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
 * ELBv2.ListenerEncrypted: clients reach the load balancer over TLS; plain HTTP only redirects to HTTPS.
 * - given Protocol HTTPS or TLS, then PASS
 * - given Protocol HTTP whose default actions and listener rules all redirect to HTTPS (ApplicationLoadBalancer.addRedirect()), then PASS
 * - given Protocol HTTP that forwards, or answers with a fixed response, then FAIL
 * - given Protocol TCP, UDP or TCP_UDP (the load balancer passes bytes through unencrypted unless the targets speak TLS), then FAIL
 * - given no Protocol (a Gateway Load Balancer listener), then N/A
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
    if (protocol === undefined || protocol === 'GENEVE') return notApplicable();
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

export const ELBV2_CONTROLS: readonly Control[] = [
  listenerEncrypted,
  listenerTlsPolicy,
  accessLogs,
];

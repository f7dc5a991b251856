import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable } from './control';
import { TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';
import { bool, isIntrinsic, joinedLiteral, list, str, Unknown, UNKNOWN } from './values';

const LOAD_BALANCER = 'AWS::ElasticLoadBalancing::LoadBalancer';

/** Front-end protocols of a classic listener that carry TLS (CloudFormation accepts them in any case). */
const ENCRYPTED_PROTOCOLS = new Set(['HTTPS', 'SSL']);

/** Citations for controls that keep the service available when a zone or a stack change fails. */
export const AVAILABILITY_CITATIONS = ['164.308(a)(7)(i)', '164.308(a)(7)(ii)(C)'];

/** Where a load balancer certificate comes from. */
export type CertificateSource = 'acm' | 'iam' | 'other' | 'none' | Unknown;

const ACM_ARN = /^arn:[^:]+:acm:/;
const IAM_SERVER_CERTIFICATE_ARN = /^arn:[^:]+:iam::[^:]*:server-certificate\//;

/** Classifies ARN text; the `${AWS::Partition}`-style placeholders of joinedLiteral count as one ARN field each. */
function certificateSourceOfText(text: string): CertificateSource {
  const arn = text.replace(/\$\{AWS::\w+\}/g, 'pseudo');
  if (ACM_ARN.test(arn)) return 'acm';
  if (IAM_SERVER_CERTIFICATE_ARN.test(arn)) return 'iam';
  return 'other';
}

/**
 * Classifies a load balancer certificate reference (`SSLCertificateId`, `CertificateArn`):
 * - absent → 'none';
 * - an `arn:<partition>:acm:` ARN (literal or an `Fn::Join` of literals and pseudo parameters),
 *   or a Ref to an `AWS::CertificateManager::Certificate` of the app → 'acm';
 * - an IAM server certificate ARN, or a reference to an `AWS::IAM::ServerCertificate` → 'iam';
 * - any other literal → 'other';
 * - anything else (parameters, imports, custom resources) → 'unknown'.
 */
export function certificateSource(value: unknown, from: RenderedResource, index: ResourceIndex): CertificateSource {
  if (value === undefined || value === null || value === '') return 'none';
  if (typeof value === 'string') return certificateSourceOfText(value);
  const target = index.target(value, from);
  if (target?.type === 'AWS::CertificateManager::Certificate') return 'acm';
  if (target?.type === 'AWS::IAM::ServerCertificate') return 'iam';
  const joined = joinedLiteral(value);
  return joined === undefined ? UNKNOWN : certificateSourceOfText(joined);
}

interface Listener {
  readonly port: unknown;
  /** Upper-cased; '' when the listener has none. */
  readonly protocol: string | Unknown;
  readonly certificate: unknown;
  /** Upper-cased InstanceProtocol; undefined when the listener sets none. */
  readonly instanceProtocol: string | Unknown | undefined;
}

/** The listeners of a classic load balancer ('unknown' when synth cannot read the list). */
function listeners(r: RenderedResource): Listener[] | Unknown {
  const all = list(r.properties.Listeners);
  if (all === UNKNOWN) return UNKNOWN;
  return all.map((listener): Listener => {
    const protocol = str(listener?.Protocol);
    const instanceProtocol = str(listener?.InstanceProtocol);
    return {
      instanceProtocol: typeof instanceProtocol === 'string' ? instanceProtocol.toUpperCase() : instanceProtocol,
      port: listener?.LoadBalancerPort,
      protocol: protocol === UNKNOWN ? UNKNOWN : (protocol ?? '').toUpperCase(),
      certificate: listener?.SSLCertificateId,
    };
  });
}

/**
 * ELB.AccessLogs: the classic load balancer writes access logs to S3.
 * - given AccessLoggingPolicy with Enabled true (accessLoggingPolicy on the L2), then PASS
 * - given no AccessLoggingPolicy (the default: no access logs) or Enabled false, then FAIL (warning)
 * - given the policy or Enabled from a parameter, then UNVERIFIABLE
 */
const accessLogs: Control = {
  id: 'ELB.AccessLogs',
  title: 'Classic load balancer access logging is enabled',
  resourceTypes: [LOAD_BALANCER],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'ELBLoggingEnabled',
  rationale: 'Access logs record who sent which request to the systems behind the load balancer, and when: the trail an auditor follows to PHI.',
  fix: 'Set accessLoggingPolicy: { enabled: true, s3BucketName } on the load balancer.',
  check: (r) => {
    const policy = r.properties.AccessLoggingPolicy;
    if (policy === undefined) return fail('AccessLoggingPolicy is not set, so requests to the load balancer are not recorded.');
    if (isIntrinsic(policy)) return unverifiable('AccessLoggingPolicy cannot be resolved at synth.');
    const enabled = bool(policy?.Enabled);
    if (enabled === UNKNOWN) return unverifiable('AccessLoggingPolicy.Enabled cannot be resolved at synth.');
    return enabled === true ? pass() : fail('AccessLoggingPolicy.Enabled is not true, so requests to the load balancer are not recorded.');
  },
};

/**
 * ELB.ListenerEncrypted: every listener of the classic load balancer speaks TLS to clients and to instances.
 * - given every listener with Protocol HTTPS or SSL and InstanceProtocol HTTPS, SSL or unset (the L2 infers it from internalPort: HTTP for 80), then PASS
 * - given a listener with Protocol HTTP or TCP, then FAIL
 * - given an HTTPS or SSL listener whose InstanceProtocol is HTTP or TCP (TLS ends at the load balancer), then FAIL
 * - given no listeners, then N/A
 * - given the listeners or a protocol from a parameter (and no plain listener), then UNVERIFIABLE
 * cdk-nag's ELBTlsHttpsListenersOnly judges only the instance side and lets HTTP and TCP listeners through.
 */
const listenerEncrypted: Control = {
  id: 'ELB.ListenerEncrypted',
  title: 'Classic load balancer listeners use HTTPS or SSL',
  resourceTypes: [LOAD_BALANCER],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  nagRule: 'ELBTlsHttpsListenersOnly',
  rationale: 'PHI crossing a network must be encrypted; a plain HTTP or TCP listener lets anyone on the path read it.',
  fix: 'Give every listener externalProtocol LoadBalancingProtocol.HTTPS or SSL with an ACM certificate and a matching internalProtocol '
    + '(or move to an Application Load Balancer).',
  check: (r) => {
    const all = listeners(r);
    if (all === UNKNOWN) return unverifiable('Listeners cannot be resolved at synth.');
    if (all.length === 0) return notApplicable();
    const plain = all.filter((l) => l.protocol !== UNKNOWN && !ENCRYPTED_PROTOCOLS.has(l.protocol));
    if (plain.length > 0) {
      return fail(`${plain.map((l) => `port ${l.port} (${String(l.protocol) || 'no Protocol'})`).join(', ')} `
        + `${plain.length === 1 ? 'accepts' : 'accept'} clients without TLS; use HTTPS or SSL.`);
    }
    const downgraded = all.filter((l) => typeof l.instanceProtocol === 'string' && !ENCRYPTED_PROTOCOLS.has(l.instanceProtocol));
    if (downgraded.length > 0) {
      return fail(`${downgraded.map((l) => `port ${l.port} (${String(l.protocol)} to instances over ${String(l.instanceProtocol)})`).join(', ')} `
        + `${downgraded.length === 1 ? 'ends' : 'end'} TLS at the load balancer and ${downgraded.length === 1 ? 'sends' : 'send'} PHI to the instances unencrypted; `
        + 'set InstanceProtocol (internalProtocol) to HTTPS or SSL.');
    }
    const unknown = all.some((l) => l.protocol === UNKNOWN || l.instanceProtocol === UNKNOWN);
    if (unknown) return unverifiable('a listener protocol cannot be resolved at synth.');
    return pass();
  },
};

/**
 * ELB.AcmCertificate: the HTTPS and SSL listeners of a classic load balancer use certificates from ACM.
 * - given every HTTPS/SSL listener with an ACM certificate ARN, or a Ref to an AWS::CertificateManager::Certificate, then PASS
 * - given an IAM server certificate (arn:...:iam::...:server-certificate/...) or another value, then FAIL (warning)
 * - given an HTTPS/SSL listener without SSLCertificateId, then FAIL
 * - given no HTTPS or SSL listener (ELB.ListenerEncrypted reports those), then N/A
 * - given the listeners, a protocol or a certificate from a parameter or another stack, then UNVERIFIABLE
 */
const acmCertificate: Control = {
  id: 'ELB.AcmCertificate',
  title: 'Classic load balancer HTTPS/SSL listeners use ACM certificates',
  resourceTypes: [LOAD_BALANCER],
  citations: ['164.312(e)(1)', '164.312(e)(2)(ii)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'ELBACMCertificateRequired',
  rationale: 'ACM renews and deploys certificates itself, so TLS to clients does not lapse when a hand-managed certificate expires.',
  fix: 'Set sslCertificateArn to an ACM certificate (acm.Certificate) instead of an IAM server certificate.',
  check: (r, index) => {
    const all = listeners(r);
    if (all === UNKNOWN) return unverifiable('Listeners cannot be resolved at synth.');
    if (all.some((l) => l.protocol === UNKNOWN)) return unverifiable('a listener Protocol cannot be resolved at synth.');
    const secure = all.filter((l) => l.protocol !== UNKNOWN && ENCRYPTED_PROTOCOLS.has(l.protocol));
    if (secure.length === 0) return notApplicable();
    const sources = secure.map((l): { port: unknown; source: CertificateSource } => ({
      port: l.port,
      source: certificateSource(l.certificate, r, index),
    }));
    const wrong = sources.filter((s) => s.source !== 'acm' && s.source !== UNKNOWN);
    if (wrong.length > 0) {
      const describe = (s: CertificateSource) => s === 'none' ? 'no certificate' : s === 'iam' ? 'an IAM server certificate' : 'a certificate that is not from ACM';
      return fail(wrong.map((s) => `port ${s.port} has ${describe(s.source)}`).join('; ') + '; use an ACM certificate.');
    }
    if (sources.some((s) => s.source === UNKNOWN)) return unverifiable('an SSLCertificateId cannot be resolved at synth, so synth cannot see whether it comes from ACM.');
    return pass();
  },
};

/**
 * ELB.CrossZone: the classic load balancer spans two or more Availability Zones and balances across them.
 * - given CrossZone true (the L2 default) and two or more Subnets or AvailabilityZones, then PASS
 * - given no CrossZone (CloudFormation's default is false, as for the API) or CrossZone false, then FAIL (warning)
 * - given CrossZone true and fewer than two Subnets or AvailabilityZones, then FAIL
 * - given CrossZone, Subnets or AvailabilityZones from a parameter or Fn::GetAZs, then UNVERIFIABLE
 */
const crossZone: Control = {
  id: 'ELB.CrossZone',
  title: 'Classic load balancer balances across at least two Availability Zones',
  resourceTypes: [LOAD_BALANCER],
  citations: AVAILABILITY_CITATIONS,
  severity: HipaaSeverity.WARNING,
  nagRule: 'ELBCrossZoneLoadBalancingEnabled',
  rationale: 'Systems that serve PHI must stay available through the loss of one Availability Zone; without cross-zone balancing, '
    + 'a zone with few healthy instances takes the same share of traffic as the others.',
  fix: 'Keep crossZone: true (the L2 default) and place the load balancer in subnets of at least two Availability Zones.',
  check: (r) => {
    const enabled = bool(r.properties.CrossZone);
    if (enabled === UNKNOWN) return unverifiable('CrossZone cannot be resolved at synth.');
    if (enabled !== true) return fail(`CrossZone is ${enabled === false ? 'false' : 'not set (default false)'}, so each load balancer node serves only its own zone's instances.`);
    const zones = list(r.properties.Subnets ?? r.properties.AvailabilityZones);
    if (zones === UNKNOWN) return unverifiable('the Subnets or AvailabilityZones cannot be counted at synth.');
    return zones.length >= 2 ? pass()
      : fail(`the load balancer is in ${zones.length} ${zones.length === 1 ? 'subnet' : 'subnets'}, so it cannot survive the loss of an Availability Zone; use two or more.`);
  },
};

export const ELB_CONTROLS: readonly Control[] = [
  accessLogs,
  listenerEncrypted,
  acmCertificate,
  crossZone,
];

import { Control, fail, pass, unverifiable } from './control';
import { TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';
import { list, str, UNKNOWN } from './values';

const SERVER = 'AWS::Transfer::Server';

/**
 * Transfer Family server security policies whose date is 2022-03 or later
 * (`TransferSecurityPolicy-2022-03`, `-2023-05`, `-2024-01`, `-FIPS-2023-05`, `-Restricted-2024-06`,
 * `-SshAuditCompliant-2025-02`, ...): they offer no SHA-1 key exchange, MAC or `ssh-rsa` host key
 * signature. `-2018-11` (the CloudFormation default) still offers `diffie-hellman-group14-sha1` and
 * `hmac-sha1`; the 2018 and 2020 policies (`-2020-06`, `-FIPS-2020-06`, `-Restricted-2020-06`) allow
 * `ssh-rsa`. FTPS on every policy is TLS 1.2.
 */
const POLICY_DATE = /^Transfer[A-Za-z0-9]*SecurityPolicy-(?:[A-Za-z0-9-]+-)?(\d{4})-(\d{2})$/;
const MODERN_SINCE = '2022-03';

/**
 * Transfer.NoPlaintextFtp: the server accepts only encrypted file transfer protocols.
 * - given Protocols of SFTP, FTPS and/or AS2, then PASS
 * - given no Protocols (CloudFormation's default is SFTP), then PASS
 * - given FTP among the Protocols, then FAIL
 * - given the list or an entry from a parameter, then UNVERIFIABLE
 */
const noPlaintextFtp: Control = {
  id: 'Transfer.NoPlaintextFtp',
  title: 'Transfer Family server does not accept plain FTP',
  resourceTypes: [SERVER],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  rationale: 'Plain FTP sends user names, passwords and file contents unencrypted, so PHI in transit can be read or altered on the network.',
  fix: "Remove 'FTP' from protocols and use SFTP or FTPS (with an ACM certificate).",
  check: (r) => {
    const protocols = list(r.properties.Protocols);
    if (protocols === UNKNOWN) return unverifiable('Protocols cannot be resolved at synth.');
    const names = protocols.map((p) => str(p));
    if (names.includes('FTP')) return fail('Protocols includes FTP, which sends credentials and files in clear text.');
    if (names.includes(UNKNOWN)) return unverifiable('an entry of Protocols cannot be resolved at synth.');
    return pass();
  },
};

/**
 * Transfer.SecurityPolicy: the server offers only current cryptographic algorithms.
 * - given SecurityPolicyName TransferSecurityPolicy-2022-03 or a later (FIPS, Restricted, ...) policy, then PASS
 * - given no SecurityPolicyName (CloudFormation assigns TransferSecurityPolicy-2018-11), then FAIL
 * - given TransferSecurityPolicy-2018-11, -2020-06 or another policy dated before 2022-03, then FAIL
 * - given a name this control cannot date, or one from a parameter, then UNVERIFIABLE
 */
const securityPolicy: Control = {
  id: 'Transfer.SecurityPolicy',
  title: `Transfer Family server uses a security policy dated ${MODERN_SINCE} or later`,
  resourceTypes: [SERVER],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  rationale: 'Older security policies still negotiate SHA-1 based key exchanges, MACs or host key signatures, which weaken the encryption of PHI in transit.',
  fix: "Set securityPolicyName to 'TransferSecurityPolicy-2024-01' (or a later or FIPS policy).",
  check: (r) => {
    const name = str(r.properties.SecurityPolicyName);
    if (name === UNKNOWN) return unverifiable('SecurityPolicyName cannot be resolved at synth.');
    if (name === undefined) {
      return fail('SecurityPolicyName is not set, so CloudFormation assigns TransferSecurityPolicy-2018-11, which offers SHA-1 key exchange and MACs.');
    }
    const match = POLICY_DATE.exec(name);
    if (!match) return unverifiable(`SecurityPolicyName ${name} is not a policy name this control can date.`);
    const date = `${match[1]}-${match[2]}`;
    return date >= MODERN_SINCE ? pass()
      : fail(`SecurityPolicyName is ${name}, dated before ${MODERN_SINCE}: it still offers SHA-1 based algorithms (ssh-rsa, and in 2018-11 also SHA-1 key exchange and MACs).`);
  },
};

/**
 * Transfer.Logging: the server records user activity in CloudWatch Logs.
 * - given LoggingRole (the role that writes CloudWatch logs) or StructuredLogDestinations with a log group, then PASS
 * - given neither (no logging by default), then FAIL (warning)
 * - given either from a parameter and the other absent, then UNVERIFIABLE
 */
const logging: Control = {
  id: 'Transfer.Logging',
  title: 'Transfer Family server logs user activity to CloudWatch Logs',
  resourceTypes: [SERVER],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'Without logs of sessions, uploads and downloads, no one can review who moved which PHI files in or out.',
  fix: 'Set structuredLogDestinations to a log group ARN (or loggingRole to a role that may write CloudWatch Logs).',
  check: (r) => {
    const role = str(r.properties.LoggingRole);
    const destinations = list(r.properties.StructuredLogDestinations);
    if ((role !== undefined && role !== UNKNOWN && role !== '') || (destinations !== UNKNOWN && destinations.length > 0)) return pass();
    if (role === UNKNOWN || destinations === UNKNOWN) return unverifiable('LoggingRole or StructuredLogDestinations cannot be resolved at synth.');
    return fail('neither LoggingRole nor StructuredLogDestinations is set, so sessions and file operations are not logged.');
  },
};

/**
 * Transfer.EndpointNotPublic: the server's endpoint is in a VPC, where security groups can restrict who reaches it.
 * A PUBLIC endpoint takes connections from any address and has no security group: the user's credentials
 * are the only gate. A VPC endpoint with Elastic IPs is still internet-facing, but its security groups
 * (judged by the EC2 controls) can limit it to partners' addresses.
 * - given EndpointType VPC or VPC_ENDPOINT, then PASS
 * - given EndpointType PUBLIC or absent (CloudFormation's default is PUBLIC), then FAIL (warning)
 * - given the type from a parameter, then UNVERIFIABLE
 */
const endpointNotPublic: Control = {
  id: 'Transfer.EndpointNotPublic',
  title: 'Transfer Family server endpoint is in a VPC',
  resourceTypes: [SERVER],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'A public endpoint accepts connections from every address, with no security group to limit them to the partners that exchange PHI.',
  fix: "Set endpointType: 'VPC' with endpointDetails (subnets, security groups, and Elastic IPs only if partners connect over the internet).",
  check: (r) => {
    const type = str(r.properties.EndpointType);
    if (type === UNKNOWN) return unverifiable('EndpointType cannot be resolved at synth.');
    if (type === 'VPC' || type === 'VPC_ENDPOINT') return pass();
    return fail(`EndpointType is ${type ?? 'not set (PUBLIC)'}, so any address on the internet can connect and no security group can restrict it.`);
  },
};

export const TRANSFER_CONTROLS: readonly Control[] = [
  noPlaintextFtp,
  securityPolicy,
  logging,
  endpointNotPublic,
];

import { Control, fail, pass, RenderedResource, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';
import { bool, dig, isIntrinsic, str, Unknown, UNKNOWN } from './values';

/**
 * Amazon MSK. A serverless cluster (AWS::MSK::ServerlessCluster) takes clients only over TLS with
 * IAM access control (its ClientAuthentication.Sasl.Iam is required), has no public access, and
 * encrypts at rest with a key MSK manages that cannot be chosen: the transport and authentication
 * controls pass it, and the customer-key control does not apply to it.
 */
const CLUSTER = 'AWS::MSK::Cluster';
const SERVERLESS = 'AWS::MSK::ServerlessCluster';

/**
 * MSK.CustomerManagedKey: broker storage is encrypted with a customer-managed KMS key.
 * - given EncryptionInfo.EncryptionAtRest.DataVolumeKMSKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no EncryptionAtRest (MSK uses the AWS-managed aws/kafka key) or alias/aws/kafka, then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 */
const customerManagedKey: Control = {
  id: 'MSK.CustomerManagedKey',
  title: 'MSK cluster storage is encrypted with a customer-managed KMS key',
  resourceTypes: [CLUSTER],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set encryptionInfo.encryptionAtRest.dataVolumeKmsKeyId to a HipaaKey\'s keyArn.',
  rationale: 'Topics hold the PHI that passes through them for their whole retention; a customer-managed key lets you restrict and audit who can decrypt them.',
  check: (r, index) => customerKeyVerdict(r, index, ['EncryptionInfo', 'EncryptionAtRest', 'DataVolumeKMSKeyId'], 'the AWS-managed aws/kafka key'),
};

/**
 * MSK.TlsInTransit: clients reach the brokers only over TLS, and brokers talk to each other over TLS.
 * - given EncryptionInTransit.ClientBroker TLS, or absent (the default is TLS), and InCluster true or absent (the default is true), then PASS
 * - given ClientBroker TLS_PLAINTEXT or PLAINTEXT, then FAIL
 * - given InCluster false, then FAIL
 * - given a serverless cluster (TLS only), then PASS
 * - given either from a parameter, then UNVERIFIABLE
 */
const tlsInTransit: Control = {
  id: 'MSK.TlsInTransit',
  title: 'MSK cluster encrypts client and broker-to-broker traffic with TLS',
  resourceTypes: [CLUSTER, SERVERLESS],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: 'Set encryptionInfo.encryptionInTransit to { clientBroker: \'TLS\', inCluster: true } (or leave both at their defaults).',
  rationale: 'Records carrying PHI cross the network between producers, brokers and consumers; without TLS they do so in clear text.',
  check: (r) => {
    if (r.type === SERVERLESS) return pass();
    const transit = dig(r.properties, 'EncryptionInfo', 'EncryptionInTransit');
    if (isIntrinsic(transit)) return unverifiable('EncryptionInfo.EncryptionInTransit cannot be resolved at synth.');
    const clientBroker = str(dig(transit, 'ClientBroker'));
    const inCluster = bool(dig(transit, 'InCluster'));
    if (clientBroker === UNKNOWN || inCluster === UNKNOWN) return unverifiable('ClientBroker or InCluster cannot be resolved at synth.');
    if (clientBroker !== undefined && clientBroker !== 'TLS') {
      return fail(`ClientBroker is ${clientBroker}, so clients can send and read records in plaintext.`);
    }
    return inCluster === false ? fail('InCluster is false, so brokers replicate records to each other in plaintext.') : pass();
  },
};

/** Whether a client authentication method of the cluster is on: true, false, 'unknown'. */
function methodEnabled(auth: any, path: string[]): boolean | Unknown {
  const method = dig(auth, ...path);
  if (method === undefined) return false;
  if (isIntrinsic(method)) return UNKNOWN;
  if (path[0] === 'Tls' && method.Enabled === undefined) return namesAuthorities(method.CertificateAuthorityArnList);
  return bool(method.Enabled) ?? false;
}

/** A TLS method without an Enabled flag is on when it names certificate authorities. */
function namesAuthorities(value: unknown): boolean | Unknown {
  if (value === undefined) return false;
  return Array.isArray(value) ? value.length > 0 : UNKNOWN;
}

const METHODS: ReadonlyArray<[string[], string]> = [
  [['Sasl', 'Iam'], 'IAM'], [['Sasl', 'Scram'], 'SASL/SCRAM'], [['Tls'], 'mutual TLS'],
];

/**
 * MSK.ClientAuthentication: every client authenticates (IAM, SASL/SCRAM or mutual TLS); unauthenticated access is off.
 * - given ClientAuthentication with Sasl.Iam, Sasl.Scram or Tls enabled and Unauthenticated absent or disabled, then PASS
 * - given no ClientAuthentication (MSK then lets any client that reaches the brokers in), or none of the methods enabled, then FAIL
 * - given Unauthenticated.Enabled true alongside another method, then FAIL
 * - given a serverless cluster (IAM only), then PASS
 * - given the methods from a parameter, then UNVERIFIABLE
 */
const clientAuthentication: Control = {
  id: 'MSK.ClientAuthentication',
  title: 'MSK cluster requires client authentication',
  resourceTypes: [CLUSTER, SERVERLESS],
  citations: ['164.312(d)', '164.312(a)(1)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set clientAuthentication: { sasl: { iam: { enabled: true } }, unauthenticated: { enabled: false } } (or SCRAM or mutual TLS).',
  rationale: 'Without client authentication any host that reaches the brokers can read and write every topic holding PHI.',
  check: (r) => {
    if (r.type === SERVERLESS) return pass();
    const auth = r.properties.ClientAuthentication;
    if (isIntrinsic(auth)) return unverifiable('ClientAuthentication cannot be resolved at synth.');
    if (auth === undefined) return fail('ClientAuthentication is not set, so clients connect without authenticating.');
    const unauthenticated = methodEnabled(auth, ['Unauthenticated']);
    const enabled = METHODS.map(([path]) => methodEnabled(auth, path));
    if (unauthenticated === UNKNOWN || enabled.includes(UNKNOWN)) return unverifiable('a client authentication method cannot be resolved at synth.');
    if (unauthenticated === true) return fail('Unauthenticated.Enabled is true, so clients can connect without authenticating.');
    if (!enabled.includes(true)) return fail('no client authentication method (IAM, SASL/SCRAM, mutual TLS) is enabled.');
    return pass();
  },
};

/**
 * MSK.NotPublic: the brokers have no public endpoints.
 * - given BrokerNodeGroupInfo.ConnectivityInfo.PublicAccess.Type DISABLED, or absent (the default is DISABLED), then PASS
 * - given SERVICE_PROVIDED_EIPS, then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const notPublic: Control = {
  id: 'MSK.NotPublic',
  title: 'MSK cluster brokers are not publicly accessible',
  resourceTypes: [CLUSTER],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Leave brokerNodeGroupInfo.connectivityInfo.publicAccess.type at DISABLED; reach the brokers from the VPC or through multi-VPC private connectivity.',
  rationale: 'Public broker endpoints put the topics holding PHI within reach of the whole internet.',
  check: (r) => {
    const type = str(dig(r.properties, 'BrokerNodeGroupInfo', 'ConnectivityInfo', 'PublicAccess', 'Type'));
    if (type === UNKNOWN) return unverifiable('ConnectivityInfo.PublicAccess.Type cannot be resolved at synth.');
    return type === undefined || type === 'DISABLED' ? pass() : fail(`PublicAccess.Type is ${type}, so the brokers have public IP addresses.`);
  },
};

/** Whether a broker log destination is enabled. */
function destinationEnabled(r: RenderedResource, destination: string): boolean | Unknown | undefined {
  return bool(dig(r.properties, 'LoggingInfo', 'BrokerLogs', destination, 'Enabled'));
}

/**
 * MSK.BrokerLogs: broker logs are delivered to CloudWatch Logs, Firehose or S3.
 * - given LoggingInfo.BrokerLogs with CloudWatchLogs, Firehose or S3 Enabled true, then PASS
 * - given no LoggingInfo (the default) or every destination disabled, then FAIL (warning)
 * - given a destination's flag from a parameter and none enabled, then UNVERIFIABLE
 */
const brokerLogs: Control = {
  id: 'MSK.BrokerLogs',
  title: 'MSK cluster delivers broker logs',
  resourceTypes: [CLUSTER],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Set loggingInfo.brokerLogs.cloudWatchLogs to { enabled: true, logGroup } (or Firehose or S3).',
  rationale: 'Broker logs record connections and authorization failures, evidence for reviewing who reached the topics holding PHI.',
  check: (r) => {
    const flags = ['CloudWatchLogs', 'Firehose', 'S3'].map((d) => destinationEnabled(r, d));
    if (flags.includes(true)) return pass();
    if (flags.includes(UNKNOWN) || isIntrinsic(r.properties.LoggingInfo)) return unverifiable('LoggingInfo.BrokerLogs cannot be resolved at synth.');
    return fail('no broker log destination is enabled, so broker activity is not recorded.');
  },
};

/** Controls for Amazon MSK clusters. */
export const MSK_CONTROLS: readonly Control[] = [
  customerManagedKey,
  tlsInTransit,
  clientAuthentication,
  notPublic,
  brokerLogs,
];

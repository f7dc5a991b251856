import { Control, fail, notApplicable, pass, RenderedResource, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { HipaaSeverity } from './severity';
import { bool, dig, isIntrinsic, str, Unknown, UNKNOWN } from './values';

/**
 * Amazon MQ. Transport needs no control: every broker endpoint, ActiveMQ (OpenWire, AMQP, STOMP,
 * MQTT, WSS) and RabbitMQ (AMQPS) alike, accepts only TLS connections, and no property turns that off.
 */
const BROKER = 'AWS::AmazonMQ::Broker';

/** The broker engine, upper-cased (`ACTIVEMQ` or `RABBITMQ`; CloudFormation also accepts `ActiveMQ`). */
function engine(r: RenderedResource): string | Unknown | undefined {
  const type = str(r.properties.EngineType);
  return typeof type === 'string' ? type.toUpperCase() : type;
}

/**
 * AmazonMQ.NotPubliclyAccessible: the broker has no public endpoint.
 * - given PubliclyAccessible false, then PASS
 * - given PubliclyAccessible true, then FAIL
 * - given a parameter, or the property absent (CloudFormation requires it, so the deployment fails), then UNVERIFIABLE
 */
const notPubliclyAccessible: Control = {
  id: 'AmazonMQ.NotPubliclyAccessible',
  title: 'Amazon MQ broker is not publicly accessible',
  resourceTypes: [BROKER],
  citations: ['164.312(a)(1)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set publiclyAccessible: false and place the broker in private subnets.',
  rationale: 'A public broker endpoint puts the queues and topics carrying PHI within reach of the whole internet, guarded only by broker passwords.',
  check: (r) => {
    const value = bool(r.properties.PubliclyAccessible);
    if (value === UNKNOWN) return unverifiable('PubliclyAccessible cannot be resolved at synth.');
    if (value === undefined) return unverifiable('PubliclyAccessible is not set; CloudFormation requires it, so set it to false.');
    return value ? fail('PubliclyAccessible is true, so the broker endpoints resolve to public addresses.') : pass();
  },
};

/**
 * AmazonMQ.CustomerManagedKey: an ActiveMQ broker encrypts its storage with a customer-managed KMS key.
 * - given an ActiveMQ broker with EncryptionOptions UseAwsOwnedKey false and KmsKeyId referencing an
 *   AWS::KMS::Key or a literal key ARN, then PASS
 * - given no EncryptionOptions or UseAwsOwnedKey true (an AWS-owned key, the default), then FAIL
 * - given UseAwsOwnedKey false without KmsKeyId (the AWS-managed aws/mq key) or alias/aws/mq, then FAIL
 * - given the flag, key or engine from a parameter, then UNVERIFIABLE
 * - given a RabbitMQ broker (RabbitMQ brokers encrypt only with an AWS-owned key; no key can be chosen), then N/A
 */
const customerManagedKey: Control = {
  id: 'AmazonMQ.CustomerManagedKey',
  title: 'Amazon MQ (ActiveMQ) broker is encrypted with a customer-managed KMS key',
  resourceTypes: [BROKER],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set encryptionOptions: { useAwsOwnedKey: false, kmsKeyId: key.keyArn } (a HipaaKey).',
  rationale: 'Messages waiting in the broker hold PHI; a customer-managed key lets you restrict and audit who can decrypt them.',
  check: (r, index) => {
    const type = engine(r);
    if (type === UNKNOWN) return unverifiable('EngineType cannot be resolved at synth.');
    if (type === 'RABBITMQ') return notApplicable();
    const options = r.properties.EncryptionOptions;
    if (isIntrinsic(options)) return unverifiable('EncryptionOptions cannot be resolved at synth.');
    const awsOwned = bool(dig(options, 'UseAwsOwnedKey'));
    if (awsOwned === UNKNOWN) return unverifiable('UseAwsOwnedKey cannot be resolved at synth.');
    if (awsOwned !== false) {
      return fail(`${options === undefined ? 'EncryptionOptions is not set' : 'UseAwsOwnedKey is true'}, so the broker encrypts with an AWS-owned key, `
        + 'whose use you can neither restrict nor audit.');
    }
    return customerKeyVerdict(r, index, ['EncryptionOptions', 'KmsKeyId'], 'the AWS-managed aws/mq key');
  },
};

/**
 * AmazonMQ.Logging: the broker publishes its logs to CloudWatch Logs: audit and general logs for
 * ActiveMQ, general logs for RabbitMQ (which has no audit log).
 * - given an ActiveMQ broker with Logs.Audit and Logs.General true, then PASS
 * - given a RabbitMQ broker with Logs.General true, then PASS
 * - given no Logs (both default to false), or a required log false, then FAIL (warning)
 * - given a flag or the engine from a parameter, then UNVERIFIABLE
 */
const logging: Control = {
  id: 'AmazonMQ.Logging',
  title: 'Amazon MQ broker publishes its audit and general logs',
  resourceTypes: [BROKER],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Set logs: { audit: true, general: true } (general only for RabbitMQ).',
  rationale: 'Broker logs record connections and management actions, evidence for reviewing who reached the messages carrying PHI.',
  check: (r) => {
    const type = engine(r);
    if (type === UNKNOWN) return unverifiable('EngineType cannot be resolved at synth.');
    if (isIntrinsic(r.properties.Logs)) return unverifiable('Logs cannot be resolved at synth.');
    const required = type === 'RABBITMQ' ? ['General'] : ['Audit', 'General'];
    const flags = required.map((name) => [name, bool(dig(r.properties, 'Logs', name))] as const);
    const off = flags.filter(([, on]) => on !== true && on !== UNKNOWN).map(([name]) => name);
    if (off.length > 0) return fail(`Logs.${off.join(' and Logs.')} ${off.length === 1 ? 'is' : 'are'} not true, so broker activity is not recorded.`);
    return flags.some(([, on]) => on === UNKNOWN) ? unverifiable('a Logs flag cannot be resolved at synth.') : pass();
  },
};

/** Controls for Amazon MQ brokers. */
export const AMAZONMQ_CONTROLS: readonly Control[] = [
  notPubliclyAccessible,
  customerManagedKey,
  logging,
];

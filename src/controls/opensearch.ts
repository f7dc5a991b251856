import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';
import { bool, dig, list, str, UNKNOWN } from './values';

/** OpenSearch Service domains and their Elasticsearch predecessors share these property names. */
const DOMAINS = ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'];

/** TLS security policies whose minimum version is TLS 1.2 or later. */
const MODERN_TLS_POLICY = /^Policy-Min-TLS-1-[23]-/;

/** Whether `LogPublishingOptions.<logType>` delivers to a CloudWatch log group: true, false or 'unknown'. */
function publishes(properties: any, logType: string): boolean | typeof UNKNOWN {
  const option = dig(properties, 'LogPublishingOptions', logType);
  if (option === undefined) return false;
  const enabled = bool(option.Enabled);
  if (enabled === UNKNOWN) return UNKNOWN;
  return enabled !== false && option.CloudWatchLogsLogGroupArn !== undefined;
}

/**
 * OpenSearch.EncryptedAtRest: the domain encrypts data at rest.
 * - given EncryptionAtRestOptions.Enabled true, then PASS
 * - given false or absent (the L2 default), then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const encryptedAtRest: Control = {
  id: 'OpenSearch.EncryptedAtRest',
  title: 'OpenSearch domain encrypts data at rest',
  resourceTypes: DOMAINS,
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'OpenSearchEncryptedAtRest',
  fix: 'Set encryptionAtRest: { enabled: true, kmsKey } (a HipaaKey).',
  check: (r) => {
    const enabled = bool(dig(r.properties, 'EncryptionAtRestOptions', 'Enabled'));
    if (enabled === UNKNOWN) return unverifiable('EncryptionAtRestOptions.Enabled cannot be resolved at synth.');
    return enabled === true ? pass() : fail('encryption at rest is not enabled, so indices, logs and snapshots are stored unencrypted.');
  },
};

/**
 * OpenSearch.CustomerManagedKey: encryption at rest uses a customer-managed KMS key.
 * - given encryption at rest with KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given encryption at rest without KmsKeyId (aws/es) or with alias/aws/es, then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 * - given no encryption at rest (OpenSearch.EncryptedAtRest reports it), then N/A
 */
const customerManagedKey: Control = {
  id: 'OpenSearch.CustomerManagedKey',
  title: 'OpenSearch domain is encrypted with a customer-managed KMS key',
  resourceTypes: DOMAINS,
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Pass encryptionAtRest.kmsKey (a HipaaKey) to the domain.',
  check: (r, index) => {
    if (bool(dig(r.properties, 'EncryptionAtRestOptions', 'Enabled')) !== true) return notApplicable();
    return customerKeyVerdict(r, index, ['EncryptionAtRestOptions', 'KmsKeyId'], 'the AWS-managed aws/es key');
  },
};

/**
 * OpenSearch.NodeToNodeEncryption: traffic between the domain's nodes is encrypted.
 * - given NodeToNodeEncryptionOptions.Enabled true, then PASS
 * - given false or absent (the L2 default), then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const nodeToNodeEncryption: Control = {
  id: 'OpenSearch.NodeToNodeEncryption',
  title: 'OpenSearch domain encrypts traffic between nodes',
  resourceTypes: DOMAINS,
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  nagRule: 'OpenSearchNodeToNodeEncryption',
  fix: 'Set nodeToNodeEncryption: true.',
  check: (r) => {
    const enabled = bool(dig(r.properties, 'NodeToNodeEncryptionOptions', 'Enabled'));
    if (enabled === UNKNOWN) return unverifiable('NodeToNodeEncryptionOptions.Enabled cannot be resolved at synth.');
    return enabled === true ? pass() : fail('node-to-node encryption is not enabled, so data moves between nodes in clear text.');
  },
};

/**
 * OpenSearch.TlsEnforced: clients must use HTTPS with TLS 1.2 or later.
 * - given DomainEndpointOptions.EnforceHTTPS true and TLSSecurityPolicy Policy-Min-TLS-1-2-*, then PASS
 * - given EnforceHTTPS false or absent (the L2 default), then FAIL
 * - given Policy-Min-TLS-1-0-2019-07, or no TLSSecurityPolicy (the service default then applies), then FAIL
 * - given either from a parameter, then UNVERIFIABLE
 */
const tlsEnforced: Control = {
  id: 'OpenSearch.TlsEnforced',
  title: 'OpenSearch domain requires HTTPS with TLS 1.2 or later',
  resourceTypes: DOMAINS,
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: 'Set enforceHttps: true and tlsSecurityPolicy: TLSSecurityPolicy.TLS_1_2 (or TLS_1_2_PFS).',
  check: (r) => {
    const enforce = bool(dig(r.properties, 'DomainEndpointOptions', 'EnforceHTTPS'));
    const policy = str(dig(r.properties, 'DomainEndpointOptions', 'TLSSecurityPolicy'));
    if (enforce === UNKNOWN || policy === UNKNOWN) return unverifiable('DomainEndpointOptions cannot be resolved at synth.');
    if (enforce !== true) return fail('EnforceHTTPS is not true, so clients can send PHI over plain HTTP.');
    if (policy === undefined) return fail('TLSSecurityPolicy is not set, so the service default applies, which may accept TLS 1.0.');
    return MODERN_TLS_POLICY.test(policy) ? pass() : fail(`TLSSecurityPolicy is ${policy}, which accepts TLS versions older than 1.2.`);
  },
};

/**
 * OpenSearch.InVpc: the domain has a VPC endpoint, not a public one.
 * - given VPCOptions with at least one subnet, then PASS
 * - given no VPCOptions (a public endpoint), then FAIL
 * - given subnets from a parameter, then UNVERIFIABLE
 */
const inVpc: Control = {
  id: 'OpenSearch.InVpc',
  title: 'OpenSearch domain is reachable only inside a VPC',
  resourceTypes: DOMAINS,
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'OpenSearchInVPCOnly',
  fix: 'Set vpc and vpcSubnets on the domain.',
  check: (r) => {
    const subnets = list(dig(r.properties, 'VPCOptions', 'SubnetIds'));
    if (subnets === UNKNOWN) return unverifiable('VPCOptions.SubnetIds cannot be resolved at synth.');
    return subnets.length > 0 ? pass() : fail('the domain has no VPCOptions, so its endpoint is public.');
  },
};

/**
 * OpenSearch.ApplicationLogs: error logs are published to CloudWatch Logs.
 * - given LogPublishingOptions.ES_APPLICATION_LOGS enabled with a log group, then PASS
 * - given it absent (the L2 default) or Enabled false, then FAIL
 * - given Enabled from a parameter, then UNVERIFIABLE
 */
const applicationLogs: Control = {
  id: 'OpenSearch.ApplicationLogs',
  title: 'OpenSearch domain publishes error logs to CloudWatch Logs',
  resourceTypes: DOMAINS,
  citations: ['164.312(b)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'OpenSearchErrorLogsToCloudWatch',
  fix: 'Set logging: { appLogEnabled: true }.',
  check: (r) => {
    const on = publishes(r.properties, 'ES_APPLICATION_LOGS');
    if (on === UNKNOWN) return unverifiable('LogPublishingOptions.ES_APPLICATION_LOGS cannot be resolved at synth.');
    return on ? pass() : fail('ES_APPLICATION_LOGS are not published to CloudWatch Logs.');
  },
};

/**
 * OpenSearch.AuditLogs: audit logs (who read or changed which index) are published to CloudWatch Logs.
 * - given LogPublishingOptions.AUDIT_LOGS enabled with a log group, then PASS
 * - given it absent or Enabled false, then FAIL (warning: needs fine-grained access control)
 * - given Enabled from a parameter, then UNVERIFIABLE
 */
const auditLogs: Control = {
  id: 'OpenSearch.AuditLogs',
  title: 'OpenSearch domain publishes audit logs to CloudWatch Logs',
  resourceTypes: DOMAINS,
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Enable fineGrainedAccessControl and set logging: { auditLogEnabled: true }.',
  check: (r) => {
    const on = publishes(r.properties, 'AUDIT_LOGS');
    if (on === UNKNOWN) return unverifiable('LogPublishingOptions.AUDIT_LOGS cannot be resolved at synth.');
    return on ? pass() : fail('AUDIT_LOGS are not published to CloudWatch Logs, so access to indices holding PHI is not recorded.');
  },
};

export const OPENSEARCH_CONTROLS: readonly Control[] = [
  encryptedAtRest,
  customerManagedKey,
  nodeToNodeEncryption,
  tlsEnforced,
  inVpc,
  applicationLogs,
  auditLogs,
];

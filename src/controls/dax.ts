import { Control, fail, pass, unverifiable } from './control';
import { TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';
import { bool, dig, str, UNKNOWN } from './values';

/**
 * DynamoDB Accelerator (DAX). DAX encrypts at rest only with the AWS-managed key of the service
 * (no property names a key), so the catalog's customer-managed-key rule cannot apply to it; clusters
 * live in a VPC subnet group and have no public endpoint; DAX keeps no backups and no logs of its own
 * (its API calls reach CloudTrail).
 */
const CLUSTER = 'AWS::DAX::Cluster';

/**
 * DAX.EncryptedAtRest: the cluster encrypts the items it caches at rest (with the service's AWS-managed key,
 * the only choice DAX offers).
 * - given SSESpecification.SSEEnabled true, then PASS
 * - given SSEEnabled false, or no SSESpecification (the default is off), then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const encryptedAtRest: Control = {
  id: 'DAX.EncryptedAtRest',
  title: 'DAX cluster encrypts cached data at rest',
  resourceTypes: [CLUSTER],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set sseSpecification: { sseEnabled: true } on the CfnCluster.',
  rationale: 'Cached items are copies of the PHI in the tables; DAX writes them to disk when it replicates between nodes.',
  check: (r) => {
    const enabled = bool(dig(r.properties, 'SSESpecification', 'SSEEnabled'));
    if (enabled === UNKNOWN) return unverifiable('SSESpecification.SSEEnabled cannot be resolved at synth.');
    return enabled === true ? pass() : fail('SSEEnabled is not true, so the items DAX writes to disk are stored unencrypted.');
  },
};

/**
 * DAX.TlsEndpoint: clients reach the cluster endpoint over TLS.
 * - given ClusterEndpointEncryptionType TLS, then PASS
 * - given NONE, or absent (the default is NONE), then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const tlsEndpoint: Control = {
  id: 'DAX.TlsEndpoint',
  title: 'DAX cluster endpoint requires TLS',
  resourceTypes: [CLUSTER],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: 'Set clusterEndpointEncryptionType: \'TLS\' on the CfnCluster (set at creation; changing it replaces the cluster).',
  rationale: 'Without TLS the items read from and written through the cache, PHI among them, cross the network in clear text.',
  check: (r) => {
    const type = str(r.properties.ClusterEndpointEncryptionType);
    if (type === UNKNOWN) return unverifiable('ClusterEndpointEncryptionType cannot be resolved at synth.');
    return type === 'TLS' ? pass() : fail(`ClusterEndpointEncryptionType is ${type ?? 'not set (default NONE)'}, so clients talk to the cluster in plaintext.`);
  },
};

/** Controls for DynamoDB Accelerator clusters. */
export const DAX_CONTROLS: readonly Control[] = [
  encryptedAtRest,
  tlsEndpoint,
];

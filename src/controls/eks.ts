import { Control, fail, pass, RenderedResource, unverifiable, Verdict } from './control';
import { HipaaSeverity } from './severity';
import { bool, dig, keyKind, list, str, UNKNOWN } from './values';

const CLUSTER = 'AWS::EKS::Cluster';
/** The cluster aws-cdk-lib's `aws-eks` module creates through its own provider. */
const CDK_CLUSTER = 'Custom::AWSCDK-EKS-Cluster';

/** The control-plane log types that record who did what to the cluster. */
const AUDIT_LOG_TYPES = ['api', 'audit', 'authenticator'];

/**
 * The cluster's configuration, in one shape for both resource types. `AWS::EKS::Cluster` spells
 * its properties in PascalCase; `Custom::AWSCDK-EKS-Cluster` passes EKS's CreateCluster request
 * under `Config`, in camelCase.
 */
interface ClusterConfig {
  readonly encryptionConfig: unknown;
  readonly keyOf: (entry: any) => unknown;
  readonly resourcesOf: (entry: any) => unknown;
  readonly endpointPublicAccess: unknown;
  readonly publicAccessCidrs: unknown;
  /** Enabled log types, or UNKNOWN. */
  readonly logTypes: string[] | typeof UNKNOWN;
}

function clusterConfig(r: RenderedResource): ClusterConfig {
  if (r.type === CDK_CLUSTER) {
    const config = r.properties.Config ?? {};
    return {
      encryptionConfig: config.encryptionConfig,
      keyOf: (e) => dig(e, 'provider', 'keyArn'),
      resourcesOf: (e) => e?.resources,
      endpointPublicAccess: dig(config, 'resourcesVpcConfig', 'endpointPublicAccess'),
      publicAccessCidrs: dig(config, 'resourcesVpcConfig', 'publicAccessCidrs'),
      logTypes: customLogTypes(dig(config, 'logging', 'clusterLogging')),
    };
  }
  const p = r.properties;
  return {
    encryptionConfig: p.EncryptionConfig,
    keyOf: (e) => dig(e, 'Provider', 'KeyArn'),
    resourcesOf: (e) => e?.Resources,
    endpointPublicAccess: dig(p, 'ResourcesVpcConfig', 'EndpointPublicAccess'),
    publicAccessCidrs: dig(p, 'ResourcesVpcConfig', 'PublicAccessCidrs'),
    logTypes: nativeLogTypes(dig(p, 'Logging', 'ClusterLogging', 'EnabledTypes')),
  };
}

/** `[{ enabled, types: [...] }]` (EKS's API shape) → the enabled types. */
function customLogTypes(value: unknown): string[] | typeof UNKNOWN {
  const entries = list(value);
  if (entries === UNKNOWN) return UNKNOWN;
  const types: string[] = [];
  for (const entry of entries) {
    const enabled = bool(entry?.enabled);
    const entryTypes = list(entry?.types);
    if (enabled === UNKNOWN || entryTypes === UNKNOWN) return UNKNOWN;
    if (enabled !== true) continue;
    for (const t of entryTypes) {
      const type = str(t);
      if (type === UNKNOWN) return UNKNOWN;
      if (type !== undefined) types.push(type);
    }
  }
  return types;
}

/** `[{ Type }]` (CloudFormation's shape) → the enabled types. */
function nativeLogTypes(value: unknown): string[] | typeof UNKNOWN {
  const entries = list(value);
  if (entries === UNKNOWN) return UNKNOWN;
  const types: string[] = [];
  for (const entry of entries) {
    const type = str(entry?.Type);
    if (type === UNKNOWN) return UNKNOWN;
    if (type !== undefined) types.push(type);
  }
  return types;
}

/**
 * EKS.SecretsEncrypted: Kubernetes secrets are envelope-encrypted with a customer-managed KMS key.
 * Reads `AWS::EKS::Cluster` and the `Custom::AWSCDK-EKS-Cluster` that aws-cdk-lib's `eks.Cluster` creates.
 * - given an encryption config for `secrets` whose provider key is an AWS::KMS::Key of the app or a literal key ARN, then PASS
 * - given no encryption config, or one that does not cover `secrets` (EKS then encrypts with a key AWS owns and you cannot audit), then FAIL
 * - given a Custom::AWSCDK-EKS-Cluster without secretsEncryptionKey, then FAIL
 * - given the key or the config from a parameter or import, then UNVERIFIABLE
 */
const secretsEncrypted: Control = {
  id: 'EKS.SecretsEncrypted',
  title: 'EKS cluster encrypts Kubernetes secrets with a customer-managed KMS key',
  resourceTypes: [CLUSTER, CDK_CLUSTER],
  citations: ['164.312(a)(2)(iv)', '164.312(d)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Give the cluster a customer-managed key for its secrets: `secretsEncryptionKey: new HipaaKey(this, \'ClusterSecretsKey\')`.',
  rationale: 'Kubernetes secrets hold the credentials of the databases and services that keep PHI; a key you manage lets you restrict and audit who can decrypt them.',
  check: (r, index) => {
    const config = clusterConfig(r);
    const entries = list(config.encryptionConfig);
    if (entries === UNKNOWN) return unverifiable('the encryption config cannot be resolved at synth.');
    let sawUnknown = false;
    for (const entry of entries) {
      const resources = list(config.resourcesOf(entry));
      if (resources === UNKNOWN) { sawUnknown = true; continue; }
      if (!resources.includes('secrets')) continue;
      const kind = keyKind(config.keyOf(entry), r, index);
      if (kind === 'customer') return pass();
      if (kind === UNKNOWN) sawUnknown = true;
    }
    if (sawUnknown) return unverifiable('the key that encrypts the cluster\'s secrets cannot be resolved at synth.');
    return fail('the cluster has no customer-managed key for its Kubernetes secrets, so the credentials its workloads use to reach PHI are encrypted '
      + 'only with a key AWS owns and whose use you cannot restrict or audit.');
  },
};

/**
 * EKS.EndpointNotPublic: the Kubernetes API endpoint is private, or public only to named networks.
 * EKS's default is a public endpoint open to 0.0.0.0/0; aws-cdk-lib's default is public and private, open to all.
 * - given EndpointPublicAccess false (EndpointAccess.PRIVATE), then PASS
 * - given a public endpoint whose PublicAccessCidrs leave out 0.0.0.0/0 (EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...)), then PASS
 * - given no EndpointPublicAccess or true, with no PublicAccessCidrs or one that includes 0.0.0.0/0, then FAIL
 * - given a Custom::AWSCDK-EKS-Cluster with the default endpoint access, then FAIL
 * - given the access or the CIDRs from a parameter, then UNVERIFIABLE
 */
const endpointNotPublic: Control = {
  id: 'EKS.EndpointNotPublic',
  title: 'EKS cluster API endpoint is private or restricted to named networks',
  resourceTypes: [CLUSTER, CDK_CLUSTER],
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set `endpointAccess: EndpointAccess.PRIVATE`, or `EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(\'<office CIDR>\')`.',
  rationale: 'Whoever reaches the Kubernetes API can try to run code next to PHI; an endpoint open to the internet leaves only credentials between an attacker and the cluster.',
  check: (r) => endpointVerdict(clusterConfig(r)),
};

function endpointVerdict(config: ClusterConfig): Verdict {
  const publicAccess = bool(config.endpointPublicAccess);
  if (publicAccess === UNKNOWN) return unverifiable('whether the endpoint is public cannot be resolved at synth.');
  if (publicAccess === false) return pass();
  const cidrs = list(config.publicAccessCidrs);
  if (cidrs === UNKNOWN || cidrs.some((c) => str(c) === UNKNOWN)) return unverifiable('the endpoint\'s public access CIDRs cannot be resolved at synth.');
  const open = cidrs.length === 0 || cidrs.includes('0.0.0.0/0');
  return open
    ? fail('the Kubernetes API endpoint is public and open to 0.0.0.0/0, so anyone on the internet can reach the control plane of the cluster that runs PHI workloads.')
    : pass();
}

/**
 * EKS.ControlPlaneLogging: the control plane sends its api, audit and authenticator logs to CloudWatch Logs.
 * - given ClusterLogging with api, audit and authenticator enabled, then PASS
 * - given no logging (EKS's default), or some of those types left out, then FAIL
 * - given a Custom::AWSCDK-EKS-Cluster with clusterLogging that leaves out audit, then FAIL
 * - given the logging config from a parameter, then UNVERIFIABLE
 */
const controlPlaneLogging: Control = {
  id: 'EKS.ControlPlaneLogging',
  title: 'EKS cluster logs API, audit and authenticator events',
  resourceTypes: [CLUSTER, CDK_CLUSTER],
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set `clusterLogging: [ClusterLoggingTypes.API, ClusterLoggingTypes.AUDIT, ClusterLoggingTypes.AUTHENTICATOR]`.',
  rationale: 'The Kubernetes audit log is the record of who read secrets, ran commands in pods or changed access to the workloads that hold PHI.',
  check: (r) => {
    const types = clusterConfig(r).logTypes;
    if (types === UNKNOWN) return unverifiable('the control-plane logging config cannot be resolved at synth.');
    const missing = AUDIT_LOG_TYPES.filter((t) => !types.includes(t));
    return missing.length === 0 ? pass()
      : fail(`the control plane does not log ${missing.join(', ')}, so who accessed the cluster and what they changed is not recorded.`);
  },
};

export const EKS_CONTROLS: readonly Control[] = [secretsEncrypted, endpointNotPublic, controlPlaneLogging];

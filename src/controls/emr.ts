import { Control, fail, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';
import { bool, dig, isIntrinsic, UNKNOWN, Unknown } from './values';

// aws-cdk-lib has no EMR L2: these controls read the L1 resources.
const CLUSTER = 'AWS::EMR::Cluster';
const SECURITY_CONFIGURATION = 'AWS::EMR::SecurityConfiguration';

/** What the template shows of a cluster's security configuration. */
type SecuritySettings =
  | { readonly kind: 'none' }
  | { readonly kind: 'known'; readonly name: string; readonly settings: any }
  | { readonly kind: 'unknown'; readonly why: string };

/**
 * The security configuration a cluster names: followed by reference or by its literal Name to an
 * AWS::EMR::SecurityConfiguration of the app, whose SecurityConfiguration document (an object, or its
 * JSON text) is read.
 */
function securitySettings(r: RenderedResource, index: ResourceIndex): SecuritySettings {
  const value = r.properties.SecurityConfiguration;
  if (value === undefined || value === '') return { kind: 'none' };
  let config = index.target(value, r);
  if (config === undefined && typeof value === 'string') {
    const named = index.ofType(SECURITY_CONFIGURATION).filter((c) => c.properties.Name === value);
    config = named.find((c) => c.stackKey === r.stackKey) ?? (named.length === 1 ? named[0] : undefined);
  }
  if (config?.type !== SECURITY_CONFIGURATION) {
    return {
      kind: 'unknown',
      why: typeof value === 'string'
        ? `the security configuration ${value} is outside the app; synth cannot see what it enables.`
        : 'SecurityConfiguration cannot be resolved at synth.',
    };
  }
  const document = documentOf(config.properties.SecurityConfiguration);
  if (document === UNKNOWN) return { kind: 'unknown', why: `the document of ${config.logicalId} cannot be resolved at synth.` };
  return { kind: 'known', name: config.logicalId, settings: document };
}

/** A security configuration document as an object ('unknown' for intrinsics and text that is not JSON). */
function documentOf(value: unknown): any | Unknown {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value);
    } catch {
      return UNKNOWN;
    }
  }
  if (value === undefined || value === null) return {};
  return isIntrinsic(value) ? UNKNOWN : value;
}

/**
 * EMR.KerberosEnabled: users and services of the cluster authenticate with Kerberos.
 * - given KerberosAttributes and a SecurityConfiguration of the app whose AuthenticationConfiguration
 *   has a KerberosConfiguration, then PASS
 * - given no KerberosAttributes, then FAIL (warning)
 * - given KerberosAttributes without a SecurityConfiguration, or with one of the app that has no
 *   KerberosConfiguration (EMR turns Kerberos on only through the security configuration), then FAIL
 * - given a SecurityConfiguration outside the app or from a parameter, or KerberosAttributes from a
 *   parameter, then UNVERIFIABLE
 */
const kerberosEnabled: Control = {
  id: 'EMR.KerberosEnabled',
  title: 'EMR cluster authenticates with Kerberos',
  resourceTypes: [CLUSTER],
  citations: ['164.312(d)', '164.312(a)(1)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'EMRKerberosEnabled',
  fix: 'Give the cluster a security configuration with a KerberosConfiguration and set kerberosAttributes (realm, KDC admin password from a secret).',
  rationale: 'Without Kerberos, Hadoop services take a user\'s claimed identity on trust, so anyone on the cluster can act as any user on the PHI it processes.',
  check: (r, index) => {
    const attributes = r.properties.KerberosAttributes;
    if (attributes === undefined) return fail('no KerberosAttributes, so the cluster\'s applications take users\' identities on trust.');
    if (isIntrinsic(attributes)) return unverifiable('KerberosAttributes cannot be resolved at synth.');
    const security = securitySettings(r, index);
    if (security.kind === 'unknown') return unverifiable(security.why);
    if (security.kind === 'none') return fail('KerberosAttributes are set but the cluster has no SecurityConfiguration, and only a security configuration turns Kerberos on.');
    const kerberos = dig(security.settings, 'AuthenticationConfiguration', 'KerberosConfiguration');
    if (kerberos === undefined) return fail(`the security configuration ${security.name} has no AuthenticationConfiguration.KerberosConfiguration.`);
    return pass();
  },
};

/** The verdict of an encryption flag of the cluster's security configuration. */
function encryptionVerdict(
  r: RenderedResource, index: ResourceIndex, flag: string, what: string, extra?: (settings: any) => Verdict | undefined,
): Verdict {
  const security = securitySettings(r, index);
  if (security.kind === 'unknown') return unverifiable(security.why);
  if (security.kind === 'none') return fail(`the cluster has no SecurityConfiguration, so ${what} is not encrypted.`);
  const enabled = bool(dig(security.settings, 'EncryptionConfiguration', flag));
  if (enabled === UNKNOWN) return unverifiable(`${flag} of ${security.name} cannot be resolved at synth.`);
  if (enabled !== true) return fail(`the security configuration ${security.name} sets ${flag} to ${enabled ?? 'nothing (false)'}, so ${what} is not encrypted.`);
  return extra?.(security.settings) ?? pass();
}

/**
 * EMR.EncryptionAtRest: the cluster encrypts data at rest, its local disks (instance store and EBS volumes)
 * included; what EMRFS writes to S3 is also covered by the buckets' default encryption.
 * - given a SecurityConfiguration of the app with EnableAtRestEncryption true and a
 *   LocalDiskEncryptionConfiguration, then PASS
 * - given no SecurityConfiguration, or EnableAtRestEncryption false or absent, then FAIL
 * - given EnableAtRestEncryption true with only S3 encryption (local disks, where HDFS and
 *   shuffle data live, stay unencrypted), then FAIL
 * - given a security configuration outside the app, or a flag from a parameter, then UNVERIFIABLE
 */
const encryptionAtRest: Control = {
  id: 'EMR.EncryptionAtRest',
  title: 'EMR cluster encrypts data at rest, local disks included',
  resourceTypes: [CLUSTER],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Give the cluster a security configuration with EnableAtRestEncryption true, a LocalDiskEncryptionConfiguration and an S3EncryptionConfiguration using a HipaaKey.',
  check: (r, index) => encryptionVerdict(r, index, 'EnableAtRestEncryption', 'data at rest', (settings) => {
    const local = dig(settings, 'EncryptionConfiguration', 'AtRestEncryptionConfiguration', 'LocalDiskEncryptionConfiguration');
    return local === undefined ? fail('EnableAtRestEncryption is true but there is no LocalDiskEncryptionConfiguration, so HDFS and local disks are not encrypted.') : undefined;
  }),
};

/**
 * EMR.EncryptionInTransit: traffic between the cluster's nodes and to EMRFS is encrypted with TLS.
 * - given a SecurityConfiguration of the app with EnableInTransitEncryption true, then PASS
 * - given no SecurityConfiguration, or EnableInTransitEncryption false or absent, then FAIL
 * - given a security configuration outside the app, or the flag from a parameter, then UNVERIFIABLE
 */
const encryptionInTransit: Control = {
  id: 'EMR.EncryptionInTransit',
  title: 'EMR cluster encrypts data in transit',
  resourceTypes: [CLUSTER],
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: 'Give the cluster a security configuration with EnableInTransitEncryption true and a TLS certificate provider.',
  check: (r, index) => encryptionVerdict(r, index, 'EnableInTransitEncryption', 'data in transit'),
};

/** Controls for EMR clusters and their security configurations. */
export const EMR_CONTROLS: readonly Control[] = [
  kerberosEnabled,
  encryptionAtRest,
  encryptionInTransit,
];

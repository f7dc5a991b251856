import { Control, fail, pass, RenderedResource, ResourceIndex, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { arnMatches, documentStatements, grantedActionsText, openGrant, openPrincipalText } from './policy-statements';
import { HipaaSeverity } from './severity';
import { bool, dig, list, str, UNKNOWN } from './values';

const REPOSITORY = 'AWS::ECR::Repository';
const REGISTRY_SCANNING = 'AWS::ECR::RegistryScanningConfiguration';
const PUBLIC_REPOSITORY = 'AWS::ECR::PublicRepository';

/** Scan frequencies of registry scanning rules that scan an image when it is pushed. */
const SCANS_ON_PUSH = new Set(['SCAN_ON_PUSH', 'CONTINUOUS_SCAN']);

/**
 * Whether a registry scanning rule's filters cover a repository: 'unknown' when the rule filters by
 * name and the repository's name is generated or from a parameter.
 */
function ruleCovers(rule: any, repositoryName: string | typeof UNKNOWN | undefined): boolean | typeof UNKNOWN {
  const filters = list(rule?.RepositoryFilters);
  if (filters === UNKNOWN) return UNKNOWN;
  const patterns = filters.map((f) => str(f?.Filter));
  if (patterns.includes('*')) return true;
  if (patterns.includes(UNKNOWN) || typeof repositoryName !== 'string') return patterns.length > 0 ? UNKNOWN : false;
  return patterns.some((p) => typeof p === 'string' && arnMatches(p, repositoryName));
}

/** Whether an AWS::ECR::RegistryScanningConfiguration of the app scans the repository on push. */
function registryScansOnPush(r: RenderedResource, index: ResourceIndex): boolean | typeof UNKNOWN {
  const name = str(r.properties.RepositoryName);
  let unknown = false;
  for (const registry of index.ofType(REGISTRY_SCANNING)) {
    if (registry.account !== r.account || registry.region !== r.region) continue;
    const rules = list(registry.properties.Rules);
    if (rules === UNKNOWN) {
      unknown = true;
      continue;
    }
    for (const rule of rules) {
      const frequency = str(rule?.ScanFrequency);
      if (frequency === UNKNOWN) {
        unknown = true;
        continue;
      }
      if (frequency === undefined || !SCANS_ON_PUSH.has(frequency)) continue;
      const covers = ruleCovers(rule, name);
      if (covers === true) return true;
      if (covers === UNKNOWN) unknown = true;
    }
  }
  return unknown ? UNKNOWN : false;
}

/**
 * ECR.ScanOnPush: images are scanned for vulnerabilities when they are pushed.
 * - given ImageScanningConfiguration.ScanOnPush true (imageScanOnPush: true), then PASS
 * - given ScanOnPush absent (the default is false) or false, but an AWS::ECR::RegistryScanningConfiguration of the app in
 *   the same account and region with a SCAN_ON_PUSH or CONTINUOUS_SCAN rule whose filter matches the repository (`*`, or its literal name), then PASS
 * - given ScanOnPush absent or false and no such registry rule, then FAIL (warning)
 * - given ScanOnPush from a parameter, or only a registry rule filtering by name when the repository's name is generated, then UNVERIFIABLE
 */
const scanOnPush: Control = {
  id: 'ECR.ScanOnPush',
  title: 'ECR repository scans images for vulnerabilities on push',
  resourceTypes: [REPOSITORY],
  citations: ['164.308(a)(1)(ii)(B)', '164.308(a)(5)(ii)(B)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'Images with known vulnerabilities become the hosts and tasks that process PHI; scanning on push finds them before they run.',
  fix: 'Set imageScanOnPush: true on the Repository, or configure registry scanning (AWS::ECR::RegistryScanningConfiguration) with a scan-on-push rule that covers it.',
  check: (r, index) => {
    const enabled = bool(dig(r.properties, 'ImageScanningConfiguration', 'ScanOnPush'));
    if (enabled === true) return pass();
    const registry = registryScansOnPush(r, index);
    if (registry === true) return pass();
    if (enabled === UNKNOWN) return unverifiable('ImageScanningConfiguration.ScanOnPush cannot be resolved at synth.');
    if (registry === UNKNOWN) return unverifiable('a registry scanning rule of the app may cover the repository, but its filters or the repository name cannot be resolved at synth.');
    return fail('ScanOnPush is not true and no registry scanning rule of the app scans this repository on push, so vulnerable images go unnoticed.');
  },
};

/**
 * ECR.TagImmutability: image tags cannot be overwritten.
 * - given ImageTagMutability IMMUTABLE, then PASS
 * - given IMMUTABLE_WITH_EXCLUSION (tags outside the exclusion filters stay immutable), then PASS
 * - given it absent (the default is MUTABLE), MUTABLE or MUTABLE_WITH_EXCLUSION, then FAIL (warning)
 * - given it from a parameter, then UNVERIFIABLE
 */
const tagImmutability: Control = {
  id: 'ECR.TagImmutability',
  title: 'ECR repository image tags are immutable',
  resourceTypes: [REPOSITORY],
  citations: ['164.312(c)(1)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'With mutable tags, whoever can push can replace the image a tag names, so the code that runs against PHI changes without a new deployment.',
  fix: 'Set imageTagMutability: TagMutability.IMMUTABLE on the Repository.',
  check: (r) => {
    const mutability = str(r.properties.ImageTagMutability);
    if (mutability === UNKNOWN) return unverifiable('ImageTagMutability cannot be resolved at synth.');
    if (mutability === 'IMMUTABLE' || mutability === 'IMMUTABLE_WITH_EXCLUSION') return pass();
    return fail(`ImageTagMutability is ${mutability ?? 'not set (MUTABLE by default)'}, so a push can silently replace the image a tag names.`);
  },
};

/**
 * ECR.CustomerManagedKey: images are encrypted with a customer-managed KMS key.
 * - given EncryptionConfiguration EncryptionType KMS (or KMS_DSSE) with KmsKey referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no EncryptionConfiguration or EncryptionType AES256 (the default: S3-managed keys), then FAIL
 * - given EncryptionType KMS without KmsKey (the AWS-managed aws/ecr key) or with alias/aws/ecr, then FAIL
 * - given the encryption type or key from a parameter, then UNVERIFIABLE
 */
const customerManagedKey: Control = {
  id: 'ECR.CustomerManagedKey',
  title: 'ECR repository is encrypted with a customer-managed KMS key',
  resourceTypes: [REPOSITORY],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  protectsStoredPhi: true,
  rationale: 'Images can carry PHI baked into layers (test data, models, configuration); a customer-managed key keeps who can read them under a policy you control and audit.',
  fix: 'Set encryption: RepositoryEncryption.KMS with encryptionKey (a HipaaKey) on the Repository.',
  check: (r, index) => {
    const type = str(dig(r.properties, 'EncryptionConfiguration', 'EncryptionType'));
    if (type === UNKNOWN) return unverifiable('EncryptionConfiguration.EncryptionType cannot be resolved at synth.');
    if (type !== 'KMS' && type !== 'KMS_DSSE') {
      return fail(`EncryptionType is ${type ?? 'not set (AES256 by default)'}, so images are encrypted with keys AWS manages, not a customer-managed KMS key.`);
    }
    return customerKeyVerdict(r, index, ['EncryptionConfiguration', 'KmsKey'], 'the AWS-managed aws/ecr key');
  },
};

/**
 * ECR.NoPublicAccess: the repository policy does not grant access to everyone.
 * - given no RepositoryPolicyText, or one (an object or a JSON string) whose Allow statements name accounts, roles or services, then PASS
 * - given an Allow to Principal * (or AWS: *) narrowed by an aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce or similar condition, then PASS
 * - given an Allow to Principal * without such a condition (repository.grantPull(new AnyPrincipal())), or with NotPrincipal, then FAIL
 * - given an AWS::ECR::PublicRepository (ECR Public: anyone can pull), then FAIL (acknowledge when its images hold no PHI or secrets)
 * - given the policy document, its statements or a principal from a parameter or condition, then UNVERIFIABLE
 */
const noPublicAccess: Control = {
  id: 'ECR.NoPublicAccess',
  title: 'ECR repository policy does not grant access to everyone',
  resourceTypes: [REPOSITORY, PUBLIC_REPOSITORY],
  citations: ['164.312(a)(1)', '164.308(a)(4)(ii)(B)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'A repository open to everyone lets anyone pull the images, and whatever PHI or credentials their layers hold, or push images the workloads then run.',
  fix: 'Grant pulls to named accounts or roles (repository.grantPull(role)), or narrow a * principal with an aws:PrincipalOrgID condition.',
  check: (r, index) => {
    if (r.type === PUBLIC_REPOSITORY) return fail('an ECR Public repository lets anyone on the internet pull its images.');
    const statements = documentStatements(r.properties.RepositoryPolicyText);
    if (statements === UNKNOWN) return unverifiable('RepositoryPolicyText cannot be resolved at synth (an intrinsic, or a string that is not JSON).');
    const open = openGrant(statements, r, index);
    if (open === UNKNOWN) return unverifiable('a statement, principal or condition of RepositoryPolicyText cannot be resolved at synth.');
    if (open === undefined) return pass();
    return fail(`RepositoryPolicyText allows ${openPrincipalText(open.statement)} to ${grantedActionsText(open.statement)} without an account, organization or network condition.`);
  },
};

export const ECR_CONTROLS: readonly Control[] = [
  scanOnPush,
  tagImmutability,
  customerManagedKey,
  noPublicAccess,
];

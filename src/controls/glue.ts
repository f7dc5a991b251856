import { Control, fail, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { HipaaSeverity } from './severity';
import { bool, dig, isIntrinsic, list, str, UNKNOWN } from './values';

const SECURITY_CONFIGURATION = 'AWS::Glue::SecurityConfiguration';
const CATALOG_ENCRYPTION = 'AWS::Glue::DataCatalogEncryptionSettings';
const JOB = 'AWS::Glue::Job';
const CRAWLER = 'AWS::Glue::Crawler';
const DEV_ENDPOINT = 'AWS::Glue::DevEndpoint';

/**
 * The verdict on one encryption setting of a security configuration: its mode must be the KMS mode,
 * with a customer-managed key.
 *
 * @param path where the setting lives under the resource's properties
 * @param modeName the mode property's name
 * @param kmsModes the modes that encrypt with a KMS key
 * @param what what the setting protects, for messages
 */
function kmsModeVerdict(
  r: RenderedResource, index: ResourceIndex, path: Array<string | number>, modeName: string, kmsModes: string[], what: string,
): Verdict {
  const setting = dig(r.properties, ...path);
  if (isIntrinsic(setting)) return unverifiable(`${path.join('.')} cannot be resolved at synth.`);
  const mode = str(setting?.[modeName]);
  const name = [...path, modeName].join('.');
  if (mode === UNKNOWN) return unverifiable(`${name} cannot be resolved at synth.`);
  if (mode === undefined || !kmsModes.includes(mode)) {
    return fail(`${name} is ${mode ?? 'not set (DISABLED by default)'}, so ${what} ${mode === 'SSE-S3' ? 'are encrypted with keys AWS manages' : 'are not encrypted with KMS'}.`);
  }
  return customerKeyVerdict(r, index, [...path, 'KmsKeyArn'], 'no customer-managed key');
}

/**
 * Glue.S3Encryption: a security configuration encrypts the data Glue writes to S3 with a customer-managed key.
 * - given EncryptionConfiguration.S3Encryptions with S3EncryptionMode SSE-KMS and KmsKeyArn referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no S3Encryptions or mode DISABLED (the default), or SSE-S3, then FAIL
 * - given SSE-KMS without KmsKeyArn or with an alias/aws/... key, then FAIL
 * - given the setting, mode or key from a parameter, then UNVERIFIABLE
 */
const s3Encryption: Control = {
  id: 'Glue.S3Encryption',
  title: 'Glue security configuration encrypts S3 output with a customer-managed KMS key',
  resourceTypes: [SECURITY_CONFIGURATION],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'Jobs, crawlers and development endpoints write the PHI they process to S3; SSE-KMS with a customer key keeps who can read it under a policy you control.',
  fix: 'Set encryptionConfiguration.s3Encryptions to [{ s3EncryptionMode: \'SSE-KMS\', kmsKeyArn }] with a HipaaKey.',
  check: (r, index) => {
    const settings = list(dig(r.properties, 'EncryptionConfiguration', 'S3Encryptions'));
    if (settings === UNKNOWN) return unverifiable('EncryptionConfiguration.S3Encryptions cannot be resolved at synth.');
    if (settings.length === 0) return fail('EncryptionConfiguration.S3Encryptions is not set (DISABLED by default), so data written to S3 is not encrypted with KMS.');
    const verdicts = settings.map((_, i) => kmsModeVerdict(r, index, ['EncryptionConfiguration', 'S3Encryptions', i], 'S3EncryptionMode', ['SSE-KMS'], 'objects written to S3'));
    return verdicts.find((v) => v.status === 'fail') ?? verdicts.find((v) => v.status === 'unverifiable') ?? pass();
  },
};

/**
 * Glue.CloudWatchEncryption: a security configuration encrypts the logs Glue writes to CloudWatch Logs with a customer-managed key.
 * - given CloudWatchEncryption.CloudWatchEncryptionMode SSE-KMS with KmsKeyArn referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no CloudWatchEncryption or mode DISABLED (the default), then FAIL
 * - given SSE-KMS without KmsKeyArn, then FAIL
 * - given the mode or key from a parameter, then UNVERIFIABLE
 */
const cloudWatchEncryption: Control = {
  id: 'Glue.CloudWatchEncryption',
  title: 'Glue security configuration encrypts CloudWatch logs with a customer-managed KMS key',
  resourceTypes: [SECURITY_CONFIGURATION],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'Job logs and error messages can quote the records being processed, PHI included; they need the same customer-key encryption as the data.',
  fix: 'Set encryptionConfiguration.cloudWatchEncryption to { cloudWatchEncryptionMode: \'SSE-KMS\', kmsKeyArn } with a HipaaKey.',
  check: (r, index) => kmsModeVerdict(r, index, ['EncryptionConfiguration', 'CloudWatchEncryption'], 'CloudWatchEncryptionMode', ['SSE-KMS'], 'logs'),
};

/**
 * Glue.JobBookmarksEncryption: a security configuration encrypts job bookmarks with a customer-managed key.
 * - given JobBookmarksEncryption.JobBookmarksEncryptionMode CSE-KMS with KmsKeyArn referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no JobBookmarksEncryption or mode DISABLED (the default), then FAIL (warning)
 * - given CSE-KMS without KmsKeyArn, then FAIL (warning)
 * - given the mode or key from a parameter, then UNVERIFIABLE
 */
const jobBookmarksEncryption: Control = {
  id: 'Glue.JobBookmarksEncryption',
  title: 'Glue security configuration encrypts job bookmarks with a customer-managed KMS key',
  resourceTypes: [SECURITY_CONFIGURATION],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'Bookmarks record which objects and partitions a job has processed, which describes where PHI lives; they should be encrypted like the data.',
  fix: 'Set encryptionConfiguration.jobBookmarksEncryption to { jobBookmarksEncryptionMode: \'CSE-KMS\', kmsKeyArn } with a HipaaKey.',
  check: (r, index) => kmsModeVerdict(r, index, ['EncryptionConfiguration', 'JobBookmarksEncryption'], 'JobBookmarksEncryptionMode', ['CSE-KMS'], 'bookmarks'),
};

/** The property naming the security configuration, per resource type. */
const SECURITY_CONFIGURATION_PROPERTY: Record<string, string> = {
  [JOB]: 'SecurityConfiguration',
  [CRAWLER]: 'CrawlerSecurityConfiguration',
  [DEV_ENDPOINT]: 'SecurityConfiguration',
};

/**
 * Glue.SecurityConfigurationAttached: jobs, crawlers and development endpoints run with a security configuration.
 * - given a Job or DevEndpoint with SecurityConfiguration, or a Crawler with CrawlerSecurityConfiguration, naming a
 *   configuration (a Ref to an AWS::Glue::SecurityConfiguration of the app, or a literal name), then PASS
 * - given it absent (the default: no security configuration) or empty, then FAIL
 * - given the name from a parameter, then UNVERIFIABLE
 */
const securityConfigurationAttached: Control = {
  id: 'Glue.SecurityConfigurationAttached',
  title: 'Glue job, crawler or development endpoint uses a security configuration',
  resourceTypes: [JOB, CRAWLER, DEV_ENDPOINT],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'Without a security configuration Glue writes the job\'s S3 output, logs and bookmarks without the customer-key encryption PHI needs.',
  fix: 'Create an AWS::Glue::SecurityConfiguration with SSE-KMS settings and name it in the job\'s securityConfiguration (crawlerSecurityConfiguration for crawlers).',
  check: (r, index) => {
    const property = SECURITY_CONFIGURATION_PROPERTY[r.type];
    const value = r.properties[property];
    if (isIntrinsic(value)) {
      return index.target(value, r)?.type === SECURITY_CONFIGURATION ? pass() : unverifiable(`${property} cannot be resolved at synth.`);
    }
    const name = str(value);
    if (name === UNKNOWN) return unverifiable(`${property} cannot be resolved at synth.`);
    return name ? pass() : fail(`${property} is not set, so Glue encrypts neither the S3 output, the logs nor the bookmarks with a customer-managed key.`);
  },
};

/**
 * Glue.DataCatalogEncrypted: the Data Catalog is encrypted at rest with a customer-managed key.
 * - given EncryptionAtRest.CatalogEncryptionMode SSE-KMS (or SSE-KMS-WITH-SERVICE-ROLE) with SseAwsKmsKeyId referencing an
 *   AWS::KMS::Key or a literal key ARN, then PASS
 * - given no EncryptionAtRest or mode DISABLED (the default), then FAIL
 * - given SSE-KMS without SseAwsKmsKeyId (the AWS-managed aws/glue key) or with alias/aws/glue, then FAIL
 * - given the mode or key from a parameter, then UNVERIFIABLE
 */
const dataCatalogEncrypted: Control = {
  id: 'Glue.DataCatalogEncrypted',
  title: 'Glue Data Catalog is encrypted with a customer-managed KMS key',
  resourceTypes: [CATALOG_ENCRYPTION],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'Catalog metadata (table definitions, partition values, connection details) can reveal PHI and where it is stored.',
  fix: 'Set dataCatalogEncryptionSettings.encryptionAtRest to { catalogEncryptionMode: \'SSE-KMS\', sseAwsKmsKeyId } with a HipaaKey.',
  check: (r, index) => {
    const path = ['DataCatalogEncryptionSettings', 'EncryptionAtRest'];
    const mode = str(dig(r.properties, ...path, 'CatalogEncryptionMode'));
    if (mode === UNKNOWN) return unverifiable('EncryptionAtRest.CatalogEncryptionMode cannot be resolved at synth.');
    if (mode !== 'SSE-KMS' && mode !== 'SSE-KMS-WITH-SERVICE-ROLE') {
      return fail(`CatalogEncryptionMode is ${mode ?? 'not set (DISABLED by default)'}, so the Data Catalog is not encrypted at rest with KMS.`);
    }
    return customerKeyVerdict(r, index, [...path, 'SseAwsKmsKeyId'], 'the AWS-managed aws/glue key');
  },
};

/**
 * Glue.ConnectionPasswordEncrypted: connection passwords in the Data Catalog are encrypted with a customer-managed key.
 * - given ConnectionPasswordEncryption.ReturnConnectionPasswordEncrypted true with KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given it absent or false (the default), then FAIL
 * - given it true without KmsKeyId, or with an alias/aws/... key, then FAIL
 * - given the flag or key from a parameter, then UNVERIFIABLE
 */
const connectionPasswordEncrypted: Control = {
  id: 'Glue.ConnectionPasswordEncrypted',
  title: 'Glue connection passwords are encrypted with a customer-managed KMS key',
  resourceTypes: [CATALOG_ENCRYPTION],
  citations: ['164.312(a)(2)(iv)', '164.312(d)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'Connection passwords open the databases that hold PHI; returned in clear text, anyone who can read the catalog can use them.',
  fix: 'Set dataCatalogEncryptionSettings.connectionPasswordEncryption to { returnConnectionPasswordEncrypted: true, kmsKeyId } with a HipaaKey.',
  check: (r, index) => {
    const path = ['DataCatalogEncryptionSettings', 'ConnectionPasswordEncryption'];
    const enabled = bool(dig(r.properties, ...path, 'ReturnConnectionPasswordEncrypted'));
    if (enabled === UNKNOWN) return unverifiable('ConnectionPasswordEncryption.ReturnConnectionPasswordEncrypted cannot be resolved at synth.');
    if (enabled !== true) return fail('ReturnConnectionPasswordEncrypted is not true (false by default), so connection passwords are returned in clear text.');
    return customerKeyVerdict(r, index, [...path, 'KmsKeyId'], 'no customer-managed key');
  },
};

export const GLUE_CONTROLS: readonly Control[] = [
  s3Encryption,
  cloudWatchEncryption,
  jobBookmarksEncryption,
  securityConfigurationAttached,
  dataCatalogEncrypted,
  connectionPasswordEncrypted,
];

import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { bool, dig, isIntrinsic, str, UNKNOWN } from './values';

const DATABASE = 'AWS::Timestream::Database';
const TABLE = 'AWS::Timestream::Table';
const INFLUXDB_INSTANCE = 'AWS::Timestream::InfluxDBInstance';
const INFLUXDB_CLUSTER = 'AWS::Timestream::InfluxDBCluster';

/**
 * Timestream.CustomerManagedKey: the database (and every table in it) is encrypted with a customer-managed KMS key.
 * - given KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no KmsKeyId (the default: the AWS-managed aws/timestream key) or alias/aws/timestream, then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 */
const customerManagedKey: Control = {
  id: 'Timestream.CustomerManagedKey',
  title: 'Timestream database is encrypted with a customer-managed KMS key',
  resourceTypes: [DATABASE],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  protectsStoredPhi: true,
  rationale: 'Time series of device and patient measurements are PHI; a customer-managed key keeps who can decrypt them under a policy you control and audit.',
  fix: 'Set kmsKeyId on the CfnDatabase to a HipaaKey.',
  check: (r, index) => customerKeyVerdict(r, index, ['KmsKeyId'], 'the AWS-managed aws/timestream key'),
};

/**
 * Timestream.RejectedRecordsEncrypted: records the magnetic store rejects are written to S3 under a customer-managed key.
 * - given MagneticStoreWriteProperties.MagneticStoreRejectedDataLocation.S3Configuration EncryptionOption SSE_KMS with
 *   KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given EncryptionOption SSE_S3, or SSE_KMS without a customer key, then FAIL
 * - given no rejected-data location (magnetic store writes off, the default, or no S3 location), then N/A
 * - given the location, option or key from a parameter, then UNVERIFIABLE
 */
const rejectedRecordsEncrypted: Control = {
  id: 'Timestream.RejectedRecordsEncrypted',
  title: 'Timestream table writes rejected records to S3 under a customer-managed KMS key',
  resourceTypes: [TABLE],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  protectsStoredPhi: true,
  rationale: 'Rejected records are the measurements themselves, copied to S3; they need the same customer-key encryption as the table.',
  fix: 'Set the rejected-data S3Configuration to encryptionOption SSE_KMS with kmsKeyId a HipaaKey.',
  check: (r, index) => {
    const path = ['MagneticStoreWriteProperties', 'MagneticStoreRejectedDataLocation', 'S3Configuration'];
    const location = dig(r.properties, ...path);
    if (isIntrinsic(location)) return unverifiable('the rejected-data S3Configuration cannot be resolved at synth.');
    if (location === undefined) return notApplicable();
    const option = str(location.EncryptionOption);
    if (option === UNKNOWN) return unverifiable('S3Configuration.EncryptionOption cannot be resolved at synth.');
    if (option !== 'SSE_KMS') return fail(`the rejected-data S3Configuration uses ${option ?? 'no EncryptionOption'}, not a customer-managed KMS key.`);
    return customerKeyVerdict(r, index, [...path, 'KmsKeyId'], 'the AWS-managed aws/s3 key');
  },
};

/**
 * Timestream.InfluxDbNotPublic: a Timestream for InfluxDB instance or cluster has no public endpoint.
 * - given PubliclyAccessible false or absent (the default is false), then PASS
 * - given PubliclyAccessible true, then FAIL
 * - given it from a parameter, then UNVERIFIABLE
 */
const influxDbNotPublic: Control = {
  id: 'Timestream.InfluxDbNotPublic',
  title: 'Timestream for InfluxDB is not publicly accessible',
  resourceTypes: [INFLUXDB_INSTANCE, INFLUXDB_CLUSTER],
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'A public endpoint exposes the database that holds PHI to the whole internet, one leaked token away from a breach.',
  fix: 'Leave publiclyAccessible unset (false) and reach the database from inside the VPC.',
  check: (r) => {
    const open = bool(r.properties.PubliclyAccessible);
    if (open === UNKNOWN) return unverifiable('PubliclyAccessible cannot be resolved at synth.');
    return open === true ? fail('PubliclyAccessible is true, so the database has an endpoint reachable from the internet.') : pass();
  },
};

export const TIMESTREAM_CONTROLS: readonly Control[] = [
  customerManagedKey,
  rejectedRecordsEncrypted,
  influxDbNotPublic,
  retainedControl({
    id: 'Timestream.DataRetained',
    resourceTypes: [DATABASE, TABLE, INFLUXDB_INSTANCE, INFLUXDB_CLUSTER],
    what: 'Timestream database, table or InfluxDB database',
    protectsStoredPhi: true,
  }),
];

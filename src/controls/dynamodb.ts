import { Control, fail, pass, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { retainedControl } from './retained-control';
import { HipaaSeverity } from './severity';
import { bool, dig, isIntrinsic, list, str, UNKNOWN } from './values';

const TABLE = 'AWS::DynamoDB::Table';
const GLOBAL_TABLE = 'AWS::DynamoDB::GlobalTable';

const AWS_OWNED = 'no SSESpecification enables KMS encryption, so DynamoDB encrypts with an AWS-owned key, whose use you can neither restrict nor audit.';

/**
 * DynamoDB.CustomerManagedKey: the table is encrypted with a customer-managed KMS key.
 * - given a Table with SSESpecification SSEEnabled true and KMSMasterKeyId referencing an
 *   AWS::KMS::Key or a literal key ARN (TableEncryption.CUSTOMER_MANAGED), then PASS
 * - given a GlobalTable (TableV2) with SSEEnabled true, SSEType KMS and a customer key on every
 *   replica (TableEncryptionV2.customerManagedKey), then PASS
 * - given no SSESpecification (an AWS-owned key: the Table and TableV2 default), then FAIL
 * - given KMS without a key (the AWS-managed aws/dynamodb key: TableEncryption.AWS_MANAGED) or alias/aws/dynamodb, then FAIL
 * - given a key or flag from a parameter, then UNVERIFIABLE
 */
const customerManagedKey: Control = {
  id: 'DynamoDB.CustomerManagedKey',
  title: 'DynamoDB table is encrypted with a customer-managed KMS key',
  resourceTypes: [TABLE, GLOBAL_TABLE],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set encryption: TableEncryption.CUSTOMER_MANAGED with encryptionKey (Table), or TableEncryptionV2.customerManagedKey(key) (TableV2), using a HipaaKey.',
  check: (r, index) => {
    const sse = r.properties.SSESpecification;
    if (isIntrinsic(sse)) return unverifiable('SSESpecification cannot be resolved at synth.');
    const enabled = bool(dig(sse, 'SSEEnabled'));
    const type = str(dig(sse, 'SSEType'));
    if (enabled === UNKNOWN || type === UNKNOWN) return unverifiable('SSEEnabled or SSEType cannot be resolved at synth.');
    if (enabled !== true || (r.type === GLOBAL_TABLE && type !== 'KMS')) return fail(AWS_OWNED);
    if (r.type === TABLE) return customerKeyVerdict(r, index, ['SSESpecification', 'KMSMasterKeyId'], 'the AWS-managed aws/dynamodb key');
    const replicas = list(r.properties.Replicas);
    if (replicas === UNKNOWN) return unverifiable('Replicas cannot be resolved at synth.');
    for (let i = 0; i < replicas.length; i++) {
      const verdict = customerKeyVerdict(r, index, ['Replicas', i, 'SSESpecification', 'KMSMasterKeyId'], 'the AWS-managed aws/dynamodb key');
      if (verdict.status !== 'pass') return verdict;
    }
    return pass();
  },
};

/**
 * DynamoDB.PointInTimeRecovery: point-in-time recovery is enabled (on every replica of a global table).
 * - given PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled true, then PASS
 * - given it false or absent (the Table and TableV2 default), or absent on a replica, then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const pointInTimeRecovery: Control = {
  id: 'DynamoDB.PointInTimeRecovery',
  title: 'DynamoDB point-in-time recovery is enabled',
  resourceTypes: [TABLE, GLOBAL_TABLE],
  citations: ['164.308(a)(7)(ii)(A)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'DynamoDBPITREnabled',
  fix: 'Set pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true }.',
  check: (r) => {
    const specs = r.type === TABLE ? [{ where: 'the table', spec: r.properties }] : [];
    if (r.type === GLOBAL_TABLE) {
      const replicas = list(r.properties.Replicas);
      if (replicas === UNKNOWN) return unverifiable('Replicas cannot be resolved at synth.');
      specs.push(...replicas.map((replica) => ({ where: `the replica in ${replica?.Region}`, spec: replica })));
    }
    const off: string[] = [];
    for (const { where, spec } of specs) {
      const enabled = bool(dig(spec, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled'));
      if (enabled === UNKNOWN) return unverifiable(`PointInTimeRecoveryEnabled of ${where} cannot be resolved at synth.`);
      if (enabled !== true) off.push(where);
    }
    return off.length === 0 ? pass() : fail(`point-in-time recovery is off for ${off.join(', ')}, so a bad write or delete cannot be undone.`);
  },
};

/** Controls for DynamoDB tables and global tables (TableV2). */
export const DYNAMODB_CONTROLS: readonly Control[] = [
  customerManagedKey,
  pointInTimeRecovery,
  retainedControl({ id: 'DynamoDB.DataRetained', resourceTypes: [TABLE, GLOBAL_TABLE], what: 'DynamoDB table' }),
];

import { Control, fail, pass, RenderedResource, ResourceIndex } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { HipaaSeverity } from './severity';
import { dig } from './values';

const SECRET = 'AWS::SecretsManager::Secret';
const ROTATION_SCHEDULE = 'AWS::SecretsManager::RotationSchedule';
const TARGET_ATTACHMENT = 'AWS::SecretsManager::SecretTargetAttachment';

/** Rotation schedules of a secret, directly or through a target attachment (a database secret). */
function rotationSchedules(secret: RenderedResource, index: ResourceIndex): RenderedResource[] {
  const ids = new Set<RenderedResource>([secret]);
  for (const attachment of index.referencing(secret, TARGET_ATTACHMENT)) {
    if (index.target(attachment.properties.SecretId, attachment) === secret) ids.add(attachment);
  }
  const schedules: RenderedResource[] = [];
  for (const id of ids) {
    for (const schedule of index.referencing(id, ROTATION_SCHEDULE)) {
      if (ids.has(index.target(schedule.properties.SecretId, schedule)!) && !schedules.includes(schedule)) schedules.push(schedule);
    }
  }
  return schedules;
}

/**
 * SecretsManager.CustomerManagedKey: the secret is encrypted with a customer-managed KMS key.
 * - given KmsKeyId referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given no KmsKeyId (aws/secretsmanager), alias/aws/secretsmanager, or the bare name aws/secretsmanager
 *   (Secrets Manager reads it as the AWS-managed key too), then FAIL
 * - given a key from a parameter, then UNVERIFIABLE
 */
const customerManagedKey: Control = {
  id: 'SecretsManager.CustomerManagedKey',
  title: 'Secrets Manager secret is encrypted with a customer-managed KMS key',
  resourceTypes: [SECRET],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'SecretsManagerUsingKMSKey',
  fix: 'Set encryptionKey (a HipaaKey) on the secret.',
  check: (r, index) => {
    const key = r.properties.KmsKeyId;
    if (typeof key === 'string' && /^(alias\/)?aws\/secretsmanager$/i.test(key.trim())) {
      return fail(`KmsKeyId names the AWS-managed key (${JSON.stringify(key)}); its policy cannot be restricted or audited like a customer-managed key's.`);
    }
    return customerKeyVerdict(r, index, ['KmsKeyId'], 'the AWS-managed aws/secretsmanager key');
  },
};

/** What rotates the secret: a Lambda function (by ARN or hosted), or a partner's managed rotation for an external secret. */
const ROTATORS = ['RotationLambdaARN', 'HostedRotationLambda', 'ExternalSecretRotationMetadata'];

/**
 * SecretsManager.Rotation: the secret rotates automatically.
 * - given an AWS::SecretsManager::RotationSchedule anywhere in the app whose SecretId references the
 *   secret (or a SecretTargetAttachment of it) with RotationRules and a rotation function (RotationLambdaARN or
 *   HostedRotationLambda, or ExternalSecretRotationMetadata for a partner's managed rotation), then PASS
 * - given no such schedule, then FAIL (warning: not every secret can be rotated; acknowledge those)
 * - given a schedule without RotationRules, then FAIL
 * - given a schedule with RotationRules but no rotation function, then FAIL: Secrets Manager has nothing to rotate it with
 */
const rotation: Control = {
  id: 'SecretsManager.Rotation',
  title: 'Secrets Manager secret has automatic rotation scheduled',
  resourceTypes: [SECRET],
  citations: ['164.308(a)(5)(ii)(D)', '164.308(a)(4)(ii)(B)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'SecretsManagerRotationEnabled',
  fix: 'Call secret.addRotationSchedule() with rotationLambda or hostedRotation (or addRotationSingleUser() on the database).',
  check: (r, index) => {
    const schedules = rotationSchedules(r, index);
    if (schedules.length === 0) return fail('no rotation schedule references the secret, so a leaked value stays valid indefinitely.');
    const scheduled = schedules.filter((s) => dig(s.properties, 'RotationRules') !== undefined);
    if (scheduled.length === 0) return fail('the rotation schedule has no RotationRules, so the secret never rotates automatically.');
    if (scheduled.some((s) => ROTATORS.some((p) => s.properties[p] !== undefined))) return pass();
    return fail(`the rotation schedule ${scheduled.map((s) => s.logicalId).join(', ')} has RotationRules but no RotationLambdaARN or HostedRotationLambda, `
      + 'so no function rotates the secret.');
  },
};

export const SECRETSMANAGER_CONTROLS: readonly Control[] = [
  customerManagedKey,
  rotation,
];

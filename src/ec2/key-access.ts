import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * What the account's principals may do with a key through EC2: the permissions the AWS-managed
 * `aws/ebs` key gives them, so that instances launched by anyone in the account (the Auto Scaling
 * service-linked role included) get encrypted volumes.
 */
export const EC2_KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'];

/** Keys whose policy already holds the statement (several constructs may share one key). */
const keysDone = new WeakSet<kms.IKey>();

/**
 * Lets any principal of the stack's account use `key` through EC2 in the stack's region
 * (`kms:CallerAccount` and `kms:ViaService`), the way the `aws/ebs` key does. It names no role, so
 * the key policy is valid in an account where a service-linked role such as
 * `AWSServiceRoleForAutoScaling` does not exist yet (KMS refuses a policy whose principal does not
 * exist: MalformedPolicyDocumentException).
 *
 * @returns false when the key's policy cannot be changed here (an imported key)
 */
export function allowAccountUseThroughEc2(stack: Stack, key: kms.IKey): boolean {
  if (keysDone.has(key)) return true;
  const statement = new iam.PolicyStatement({
    sid: 'AllowAccountUseThroughEc2',
    principals: [new iam.AnyPrincipal()],
    actions: EC2_KEY_ACTIONS,
    resources: ['*'],
    conditions: {
      StringEquals: {
        'kms:CallerAccount': stack.account,
        'kms:ViaService': `ec2.${stack.region}.amazonaws.com`,
      },
    },
  });
  if (!key.addToResourcePolicy(statement).statementAdded) return false;
  keysDone.add(key);
  return true;
}

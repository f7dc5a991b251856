import { Annotations, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { allowAccountUseThroughEc2, EC2_KEY_ACTIONS } from './key-access';
import { HipaaKey } from '../kms/hipaa-key';
import { createHipaaAwsCustomResource } from '../logs/aws-custom-resource';

/** What EbsEncryptionByDefault does unless told otherwise. */
const EBS_ENCRYPTION_BY_DEFAULT_DEFAULTS = {
  disableOnDelete: false,
  allowAccountUseThroughEc2: true,
} as const;

/** Properties of {@link EbsEncryptionByDefault}. */
export interface EbsEncryptionByDefaultProps {
  /**
   * The customer-managed key new EBS volumes of the account and region are encrypted with.
   *
   * @default - a new HipaaKey
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * When this construct is removed, turn EBS encryption by default off and reset the default
   * key to `aws/ebs`. By default the account stays encrypted with the key.
   *
   * @default false
   */
  readonly disableOnDelete?: boolean;

  /**
   * Add to the key policy what the AWS-managed `aws/ebs` key allows: any principal of this
   * account may use the key through EC2 in this region (`kms:CallerAccount`, `kms:ViaService`).
   * Without it, only principals whose IAM policies allow the key can create volumes, and
   * launches by service-linked roles such as Auto Scaling's fail. Possible only for a key of
   * this stack; for another key a warning says what its policy needs.
   *
   * @default true
   */
  readonly allowAccountUseThroughEc2?: boolean;
}

/**
 * Turns on EBS encryption by default for the account in the stack's region, with a
 * customer-managed key: every new EBS volume and snapshot copy is encrypted with it, whoever
 * creates it (45 CFR 164.312(a)(2)(iv)).
 *
 * CloudFormation has no resource for this account setting: two custom resources call
 * `ModifyEbsDefaultKmsKeyId` (first) and `EnableEbsEncryptionByDefault`. On removal the
 * account stays encrypted unless `disableOnDelete` is true.
 *
 * There is one setting per account and region: declare this construct once per account and region.
 *
 * @example
 * new EbsEncryptionByDefault(this, 'EbsEncryption');
 */
export class EbsEncryptionByDefault extends Construct {
  /** The key new EBS volumes are encrypted with. */
  public readonly encryptionKey: kms.IKey;

  /** The custom resource that calls `ModifyEbsDefaultKmsKeyId` (and `ResetEbsDefaultKmsKeyId` on delete if asked). */
  public readonly defaultKmsKeyId: cr.AwsCustomResource;

  /** The custom resource that calls `EnableEbsEncryptionByDefault` (and `DisableEbsEncryptionByDefault` on delete if asked). */
  public readonly encryptionByDefault: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: EbsEncryptionByDefaultProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const disableOnDelete = props.disableOnDelete ?? EBS_ENCRYPTION_BY_DEFAULT_DEFAULTS.disableOnDelete;

    this.encryptionKey = props.encryptionKey ?? new HipaaKey(this, 'Key', {
      description: 'Customer-managed key for EBS encryption by default (cdk-hipaa)',
    });
    if (props.allowAccountUseThroughEc2 ?? EBS_ENCRYPTION_BY_DEFAULT_DEFAULTS.allowAccountUseThroughEc2) {
      this.allowAccountUseThroughEc2(stack);
    }

    // ModifyEbsDefaultKmsKeyId, EnableEbsEncryptionByDefault and their reverses act on an account
    // setting, not on a resource: EC2 supports no resource-level permissions for them, so '*'.
    const keyId = `${stack.account}-${stack.region}-ebs-default-kms-key-id`;
    const modifyKey: cr.AwsSdkCall = {
      service: 'EC2',
      action: 'ModifyEbsDefaultKmsKeyId',
      parameters: { KmsKeyId: this.encryptionKey.keyArn },
      physicalResourceId: cr.PhysicalResourceId.of(keyId),
    };
    this.defaultKmsKeyId = createHipaaAwsCustomResource(this, 'DefaultKmsKeyId', {
      resourceType: 'Custom::EbsDefaultKmsKeyId',
      onCreate: modifyKey,
      onUpdate: modifyKey,
      onDelete: disableOnDelete
        ? { service: 'EC2', action: 'ResetEbsDefaultKmsKeyId', physicalResourceId: cr.PhysicalResourceId.of(keyId) }
        : undefined,
      actions: disableOnDelete ? ['ec2:ModifyEbsDefaultKmsKeyId', 'ec2:ResetEbsDefaultKmsKeyId'] : ['ec2:ModifyEbsDefaultKmsKeyId'],
      resources: ['*'],
    });

    const enabledId = `${stack.account}-${stack.region}-ebs-encryption-by-default`;
    const enable: cr.AwsSdkCall = {
      service: 'EC2',
      action: 'EnableEbsEncryptionByDefault',
      physicalResourceId: cr.PhysicalResourceId.of(enabledId),
    };
    this.encryptionByDefault = createHipaaAwsCustomResource(this, 'EncryptionByDefault', {
      resourceType: 'Custom::EbsEncryptionByDefault',
      onCreate: enable,
      onUpdate: enable,
      onDelete: disableOnDelete
        ? { service: 'EC2', action: 'DisableEbsEncryptionByDefault', physicalResourceId: cr.PhysicalResourceId.of(enabledId) }
        : undefined,
      actions: disableOnDelete ? ['ec2:EnableEbsEncryptionByDefault', 'ec2:DisableEbsEncryptionByDefault'] : ['ec2:EnableEbsEncryptionByDefault'],
      resources: ['*'],
    });
    // The key is the default before encryption is switched on (no volume gets aws/ebs in
    // between), and on delete encryption is switched off before the key is reset.
    this.encryptionByDefault.node.addDependency(this.defaultKmsKeyId);

    this.node.addValidation({
      validate: () => {
        const others = stack.node.findAll().filter((c) => c !== this && c instanceof EbsEncryptionByDefault);
        return others.length > 0
          ? [`EBS encryption by default is one setting per account and region; it is also declared at ${others.map((c) => `'${c.node.path}'`).join(', ')}. Keep one.`]
          : [];
      },
    });
  }

  private allowAccountUseThroughEc2(stack: Stack): void {
    if (!allowAccountUseThroughEc2(stack, this.encryptionKey)) {
      Annotations.of(this).addWarningV2('cdk-hipaa:ebsDefaultKeyPolicy',
        `The key policy of encryptionKey cannot be changed from here: let the account's principals use it through EC2 (${EC2_KEY_ACTIONS.join(', ')}; `
        + `conditions kms:CallerAccount ${stack.account}, kms:ViaService ec2.${stack.region}.amazonaws.com), or launches by principals `
        + 'without IAM permissions on the key, such as the Auto Scaling service-linked role, fail.');
    }
  }
}

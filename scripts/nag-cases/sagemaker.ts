import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { NagCase } from './types';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/sagemaker-execution';

/** An endpoint configuration with one variant; `props` adds or overrides properties. */
function endpointConfig(stack: Stack, props: Partial<sagemaker.CfnEndpointConfigProps> = {}): string {
  new sagemaker.CfnEndpointConfig(stack, 'EndpointConfig', {
    productionVariants: [{ variantName: 'primary', modelName: 'triage-model', initialInstanceCount: 1, instanceType: 'ml.m5.large' }],
    ...props,
  });
  return 'EndpointConfig';
}

/** A notebook instance; `props` adds or overrides properties. */
function notebook(stack: Stack, props: Partial<sagemaker.CfnNotebookInstanceProps> = {}): string {
  new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.t3.medium', roleArn: ROLE_ARN, ...props });
  return 'Notebook';
}

/** Notebook properties that place it in a VPC subnet. */
const IN_SUBNET = { subnetId: 'subnet-0123456789abcdef0', securityGroupIds: ['sg-0123456789abcdef0'] };

export const CASES: readonly NagCase[] = [
  {
    rule: 'SageMakerEndpointConfigurationKMSKeyConfigured',
    compliant: true,
    title: 'endpoint configuration with a customer-managed key',
    build: (stack) => endpointConfig(stack, { kmsKeyId: new kms.Key(stack, 'Key', { enableKeyRotation: true }).keyArn }),
  },
  {
    rule: 'SageMakerEndpointConfigurationKMSKeyConfigured',
    compliant: true,
    title: 'endpoint configuration with a key alias',
    build: (stack) => endpointConfig(stack, { kmsKeyId: 'alias/sagemaker-endpoints' }),
  },
  {
    rule: 'SageMakerEndpointConfigurationKMSKeyConfigured',
    compliant: false,
    title: 'endpoint configuration without a KMS key',
    build: (stack) => endpointConfig(stack),
  },
  {
    rule: 'SageMakerEndpointConfigurationKMSKeyConfigured',
    compliant: false,
    title: 'key set only for async inference output, not the endpoint volume',
    build: (stack) => endpointConfig(stack, {
      asyncInferenceConfig: { outputConfig: { s3OutputPath: 's3://triage-output/', kmsKeyId: 'alias/sagemaker-output' } },
    }),
  },
  {
    rule: 'SageMakerNotebookInstanceKMSKeyConfigured',
    compliant: true,
    title: 'notebook with a customer-managed key',
    build: (stack) => notebook(stack, { kmsKeyId: new kms.Key(stack, 'Key', { enableKeyRotation: true }).keyId }),
  },
  {
    rule: 'SageMakerNotebookInstanceKMSKeyConfigured',
    compliant: false,
    title: 'notebook without a KMS key',
    build: (stack) => notebook(stack),
  },
  {
    rule: 'SageMakerNotebookInstanceKMSKeyConfigured',
    compliant: false,
    title: 'notebook in a VPC without internet access but no KMS key',
    build: (stack) => notebook(stack, { ...IN_SUBNET, directInternetAccess: 'Disabled' }),
  },
  {
    rule: 'SageMakerNotebookNoDirectInternetAccess',
    compliant: true,
    title: 'notebook in a VPC subnet with direct internet access disabled',
    build: (stack) => notebook(stack, { ...IN_SUBNET, directInternetAccess: 'Disabled' }),
  },
  {
    rule: 'SageMakerNotebookNoDirectInternetAccess',
    compliant: false,
    title: 'notebook with DirectInternetAccess not set (service default Enabled)',
    build: (stack) => notebook(stack),
  },
  {
    rule: 'SageMakerNotebookNoDirectInternetAccess',
    compliant: false,
    title: 'notebook in a VPC subnet with direct internet access enabled',
    build: (stack) => notebook(stack, { ...IN_SUBNET, directInternetAccess: 'Enabled' }),
  },
];

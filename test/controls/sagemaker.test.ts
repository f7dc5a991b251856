import { CfnParameter } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { ControlFixture } from './harness';

// aws-cdk-lib has no stable SageMaker L2: these controls are exercised on L1 resources.
const ROLE = 'arn:aws:iam::123456789012:role/sagemaker';

function notebook(f: ControlFixture, props: Partial<sagemaker.CfnNotebookInstanceProps> = {}): sagemaker.CfnNotebookInstance {
  return new sagemaker.CfnNotebookInstance(f.stack, 'Notebook', {
    instanceType: 'ml.t3.medium',
    roleArn: ROLE,
    kmsKeyId: new kms.Key(f.stack, 'Key').keyId,
    directInternetAccess: 'Disabled',
    subnetId: 'subnet-1',
    securityGroupIds: ['sg-1'],
    ...props,
  });
}

describe('SageMaker.NotebookCustomerManagedKey', () => {
  test('PASS given a customer key', () => {
    const f = new ControlFixture();
    notebook(f);
    expect(f.status('SageMaker.NotebookCustomerManagedKey', 'Notebook')).toBe('PASS');
  });
  test('FAIL given no KmsKeyId', () => {
    const f = new ControlFixture();
    notebook(f, { kmsKeyId: undefined });
    expect(f.status('SageMaker.NotebookCustomerManagedKey', 'Notebook')).toBe('FAIL');
    expect(f.message('SageMaker.NotebookCustomerManagedKey', 'Notebook')).toMatch(/KmsKeyId is not set/);
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    notebook(f, { kmsKeyId: new CfnParameter(f.stack, 'KeyId').valueAsString });
    expect(f.status('SageMaker.NotebookCustomerManagedKey', 'Notebook')).toBe('UNVERIFIABLE');
  });
});

describe('SageMaker.NotebookNoDirectInternet', () => {
  test('PASS given Disabled in a subnet', () => {
    const f = new ControlFixture();
    notebook(f);
    expect(f.status('SageMaker.NotebookNoDirectInternet', 'Notebook')).toBe('PASS');
  });
  test('FAIL given DirectInternetAccess absent (Enabled)', () => {
    const f = new ControlFixture();
    notebook(f, { directInternetAccess: undefined, subnetId: undefined, securityGroupIds: undefined });
    expect(f.status('SageMaker.NotebookNoDirectInternet', 'Notebook')).toBe('FAIL');
    expect(f.message('SageMaker.NotebookNoDirectInternet', 'Notebook')).toMatch(/not set \(Enabled\)/);
  });
  test('FAIL given Disabled without a subnet', () => {
    const f = new ControlFixture();
    notebook(f, { subnetId: undefined });
    expect(f.status('SageMaker.NotebookNoDirectInternet', 'Notebook')).toBe('FAIL');
    expect(f.message('SageMaker.NotebookNoDirectInternet', 'Notebook')).toMatch(/SubnetId is not set/);
  });
  test('UNVERIFIABLE given access from a parameter', () => {
    const f = new ControlFixture();
    notebook(f, { directInternetAccess: new CfnParameter(f.stack, 'Access').valueAsString });
    expect(f.status('SageMaker.NotebookNoDirectInternet', 'Notebook')).toBe('UNVERIFIABLE');
  });
});

describe('SageMaker.EndpointConfigCustomerManagedKey', () => {
  test('PASS given a customer key', () => {
    const f = new ControlFixture();
    new sagemaker.CfnEndpointConfig(f.stack, 'Config', {
      kmsKeyId: new kms.Key(f.stack, 'Key').keyArn,
      productionVariants: [{ variantName: 'main', modelName: 'm', initialInstanceCount: 1, instanceType: 'ml.m5.large' }],
    });
    expect(f.status('SageMaker.EndpointConfigCustomerManagedKey', 'Config')).toBe('PASS');
  });
  test('FAIL given no KmsKeyId', () => {
    const f = new ControlFixture();
    new sagemaker.CfnEndpointConfig(f.stack, 'Config', {
      productionVariants: [{ variantName: 'main', modelName: 'm', initialInstanceCount: 1, instanceType: 'ml.m5.large' }],
    });
    expect(f.status('SageMaker.EndpointConfigCustomerManagedKey', 'Config')).toBe('FAIL');
    expect(f.message('SageMaker.EndpointConfigCustomerManagedKey', 'Config')).toMatch(/KmsKeyId is not set/);
  });
  test('N/A given serverless variants only', () => {
    const f = new ControlFixture();
    new sagemaker.CfnEndpointConfig(f.stack, 'Config', {
      productionVariants: [{ variantName: 'main', modelName: 'm', serverlessConfig: { maxConcurrency: 1, memorySizeInMb: 2048 } }],
    });
    expect(f.status('SageMaker.EndpointConfigCustomerManagedKey', 'Config')).toBe('N/A');
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    new sagemaker.CfnEndpointConfig(f.stack, 'Config', {
      kmsKeyId: new CfnParameter(f.stack, 'KeyId').valueAsString,
      productionVariants: [{ variantName: 'main', modelName: 'm', initialInstanceCount: 1, instanceType: 'ml.m5.large' }],
    });
    expect(f.status('SageMaker.EndpointConfigCustomerManagedKey', 'Config')).toBe('UNVERIFIABLE');
  });
});

describe('SageMaker.ModelInVpc', () => {
  test('PASS given a VpcConfig', () => {
    const f = new ControlFixture();
    new sagemaker.CfnModel(f.stack, 'Model', { executionRoleArn: ROLE, vpcConfig: { subnets: ['subnet-1'], securityGroupIds: ['sg-1'] } });
    expect(f.status('SageMaker.ModelInVpc', 'Model')).toBe('PASS');
  });
  test('FAIL given no VpcConfig', () => {
    const f = new ControlFixture();
    new sagemaker.CfnModel(f.stack, 'Model', { executionRoleArn: ROLE });
    expect(f.status('SageMaker.ModelInVpc', 'Model')).toBe('FAIL');
    expect(f.message('SageMaker.ModelInVpc', 'Model')).toMatch(/no VpcConfig/);
  });
  test('UNVERIFIABLE given subnets from a parameter', () => {
    const f = new ControlFixture();
    const subnets = new CfnParameter(f.stack, 'Subnets', { type: 'List<AWS::EC2::Subnet::Id>' }).valueAsList;
    new sagemaker.CfnModel(f.stack, 'Model', { executionRoleArn: ROLE, vpcConfig: { subnets, securityGroupIds: ['sg-1'] } });
    expect(f.status('SageMaker.ModelInVpc', 'Model')).toBe('UNVERIFIABLE');
  });
});

describe('SageMaker.ModelNetworkIsolation', () => {
  test('PASS given network isolation', () => {
    const f = new ControlFixture();
    new sagemaker.CfnModel(f.stack, 'Model', { executionRoleArn: ROLE, enableNetworkIsolation: true });
    expect(f.status('SageMaker.ModelNetworkIsolation', 'Model')).toBe('PASS');
  });
  test('fails when EnableNetworkIsolation is absent (false)', () => {
    const f = new ControlFixture();
    new sagemaker.CfnModel(f.stack, 'Model', { executionRoleArn: ROLE, vpcConfig: { subnets: ['subnet-1'], securityGroupIds: ['sg-1'] } });
    expect(f.status('SageMaker.ModelNetworkIsolation', 'Model')).toBe('FAIL');
    expect(f.message('SageMaker.ModelNetworkIsolation', 'Model')).toMatch(/not set \(false\)/);
  });
  test('fails when EnableNetworkIsolation is false', () => {
    const f = new ControlFixture();
    new sagemaker.CfnModel(f.stack, 'Model', { executionRoleArn: ROLE, enableNetworkIsolation: false });
    expect(f.status('SageMaker.ModelNetworkIsolation', 'Model')).toBe('FAIL');
    expect(f.message('SageMaker.ModelNetworkIsolation', 'Model')).toMatch(/EnableNetworkIsolation is false/);
  });
  test('UNVERIFIABLE given the value from a parameter', () => {
    const f = new ControlFixture();
    const isolated = new CfnParameter(f.stack, 'Isolated', { allowedValues: ['true', 'false'] }).valueAsString;
    new sagemaker.CfnModel(f.stack, 'Model', { executionRoleArn: ROLE, enableNetworkIsolation: isolated as any });
    expect(f.status('SageMaker.ModelNetworkIsolation', 'Model')).toBe('UNVERIFIABLE');
  });
});

describe('SageMaker domain', () => {
  function domain(f: ControlFixture, props: Partial<sagemaker.CfnDomainProps> = {}): sagemaker.CfnDomain {
    return new sagemaker.CfnDomain(f.stack, 'Domain', {
      authMode: 'IAM',
      domainName: 'research',
      defaultUserSettings: { executionRole: ROLE, securityGroups: ['sg-1'] },
      vpcId: 'vpc-1',
      subnetIds: ['subnet-1'],
      appNetworkAccessType: 'VpcOnly',
      kmsKeyId: new kms.Key(f.stack, 'Key').keyArn,
      ...props,
    });
  }

  describe('SageMaker.DomainCustomerManagedKey', () => {
    test('PASS given a customer key', () => {
      const f = new ControlFixture();
      domain(f);
      expect(f.status('SageMaker.DomainCustomerManagedKey', 'Domain')).toBe('PASS');
    });
    test('fails when no KmsKeyId is given', () => {
      const f = new ControlFixture();
      domain(f, { kmsKeyId: undefined });
      expect(f.status('SageMaker.DomainCustomerManagedKey', 'Domain')).toBe('FAIL');
      expect(f.message('SageMaker.DomainCustomerManagedKey', 'Domain')).toMatch(/KmsKeyId is not set/);
    });
    test('UNVERIFIABLE given a key from a parameter', () => {
      const f = new ControlFixture();
      domain(f, { kmsKeyId: new CfnParameter(f.stack, 'KeyId').valueAsString });
      expect(f.status('SageMaker.DomainCustomerManagedKey', 'Domain')).toBe('UNVERIFIABLE');
    });
  });

  describe('SageMaker.DomainVpcOnly', () => {
    test('PASS given VpcOnly', () => {
      const f = new ControlFixture();
      domain(f);
      expect(f.status('SageMaker.DomainVpcOnly', 'Domain')).toBe('PASS');
    });
    test('fails when AppNetworkAccessType is absent (PublicInternetOnly)', () => {
      const f = new ControlFixture();
      domain(f, { appNetworkAccessType: undefined });
      expect(f.status('SageMaker.DomainVpcOnly', 'Domain')).toBe('FAIL');
      expect(f.message('SageMaker.DomainVpcOnly', 'Domain')).toMatch(/not set \(PublicInternetOnly\)/);
    });
    test('fails when AppNetworkAccessType is PublicInternetOnly', () => {
      const f = new ControlFixture();
      domain(f, { appNetworkAccessType: 'PublicInternetOnly' });
      expect(f.status('SageMaker.DomainVpcOnly', 'Domain')).toBe('FAIL');
      expect(f.message('SageMaker.DomainVpcOnly', 'Domain')).toMatch(/AppNetworkAccessType is PublicInternetOnly/);
    });
    test('UNVERIFIABLE given the value from a parameter', () => {
      const f = new ControlFixture();
      domain(f, { appNetworkAccessType: new CfnParameter(f.stack, 'Access').valueAsString });
      expect(f.status('SageMaker.DomainVpcOnly', 'Domain')).toBe('UNVERIFIABLE');
    });
  });
});

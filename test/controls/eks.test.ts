import { CfnParameter } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ControlFixture } from './harness';

const IDS = ['EKS.SecretsEncrypted', 'EKS.EndpointNotPublic', 'EKS.ControlPlaneLogging'];

/** aws-cdk-lib's `aws-eks` cluster: a Custom::AWSCDK-EKS-Cluster at `<id>/Resource/Resource`. */
function cdkCluster(f: ControlFixture, props: Partial<Omit<eks.ClusterProps, 'kubectlLayer'>> = {}): string {
  const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(f.stack, 'Kubectl', 'arn:aws:lambda:us-east-1:123456789012:layer:kubectl:1');
  new eks.Cluster(f.stack, 'Cluster', { vpc, version: eks.KubernetesVersion.V1_31, defaultCapacity: 0, kubectlLayer, ...props });
  return 'Cluster/Resource/Resource';
}

/** A native AWS::EKS::Cluster with the properties given (subnets only, by default). */
function nativeCluster(f: ControlFixture, props: Partial<eks.CfnClusterProps> = {}, id = 'Native'): string {
  new eks.CfnCluster(f.stack, id, { roleArn: 'arn:aws:iam::123456789012:role/eks', resourcesVpcConfig: { subnetIds: ['subnet-1'] }, ...props });
  return id;
}

describe('an aws-eks Cluster with the defaults', () => {
  test('FAIL on every EKS control: public endpoint, no secrets key, no control-plane logs', () => {
    const f = new ControlFixture();
    const path = cdkCluster(f);
    expect(f.status('EKS.SecretsEncrypted', path)).toBe('FAIL');
    expect(f.status('EKS.EndpointNotPublic', path)).toBe('FAIL');
    expect(f.status('EKS.ControlPlaneLogging', path)).toBe('FAIL');
    expect(f.message('EKS.SecretsEncrypted', path)).toMatch(/no customer-managed key for its Kubernetes secrets/);
    expect(f.message('EKS.EndpointNotPublic', path)).toMatch(/open to 0\.0\.0\.0\/0/);
    expect(f.message('EKS.ControlPlaneLogging', path)).toMatch(/does not log api, audit, authenticator/);
  });

  test('PASS with a secrets key, a private endpoint and audit logging', () => {
    const f = new ControlFixture();
    const path = cdkCluster(f, {
      secretsEncryptionKey: new kms.Key(f.stack, 'Key', { enableKeyRotation: true }),
      endpointAccess: eks.EndpointAccess.PRIVATE,
      clusterLogging: [eks.ClusterLoggingTypes.API, eks.ClusterLoggingTypes.AUDIT, eks.ClusterLoggingTypes.AUTHENTICATOR],
    });
    for (const id of IDS) expect(f.status(id, path)).toBe('PASS');
  });
});

describe('EKS.SecretsEncrypted', () => {
  test('PASS given a native cluster with a secrets provider key of the app', () => {
    const f = new ControlFixture();
    const key = new kms.Key(f.stack, 'Key', { enableKeyRotation: true });
    const path = nativeCluster(f, { encryptionConfig: [{ provider: { keyArn: key.keyArn }, resources: ['secrets'] }] });
    expect(f.status('EKS.SecretsEncrypted', path)).toBe('PASS');
  });
  test('FAIL given no encryption config, or one that does not cover secrets', () => {
    const f = new ControlFixture();
    nativeCluster(f);
    nativeCluster(f, { encryptionConfig: [{ provider: { keyArn: 'arn:aws:kms:us-east-1:123456789012:key/abc' }, resources: ['configmaps'] }] }, 'Other');
    expect(f.status('EKS.SecretsEncrypted', 'Native')).toBe('FAIL');
    expect(f.status('EKS.SecretsEncrypted', 'Other')).toBe('FAIL');
  });
  test('FAIL given a Custom::AWSCDK-EKS-Cluster without secretsEncryptionKey', () => {
    const f = new ControlFixture();
    const path = cdkCluster(f, { endpointAccess: eks.EndpointAccess.PRIVATE });
    expect(f.status('EKS.SecretsEncrypted', path)).toBe('FAIL');
  });
  test('UNVERIFIABLE given the key from a parameter', () => {
    const f = new ControlFixture();
    const keyArn = new CfnParameter(f.stack, 'KeyArn').valueAsString;
    const path = nativeCluster(f, { encryptionConfig: [{ provider: { keyArn }, resources: ['secrets'] }] });
    expect(f.status('EKS.SecretsEncrypted', path)).toBe('UNVERIFIABLE');
  });
});

describe('EKS.EndpointNotPublic', () => {
  test('PASS given EndpointPublicAccess false', () => {
    const f = new ControlFixture();
    const path = nativeCluster(f, { resourcesVpcConfig: { subnetIds: [], endpointPublicAccess: false, endpointPrivateAccess: true } });
    expect(f.status('EKS.EndpointNotPublic', path)).toBe('PASS');
  });
  test('PASS given a public endpoint restricted to named networks (onlyFrom)', () => {
    const f = new ControlFixture();
    const path = cdkCluster(f, { endpointAccess: eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom('203.0.113.0/24') });
    expect(f.status('EKS.EndpointNotPublic', path)).toBe('PASS');
  });
  test('FAIL given no EndpointPublicAccess (EKS makes it public), or public CIDRs that include 0.0.0.0/0', () => {
    const f = new ControlFixture();
    nativeCluster(f);
    nativeCluster(f, { resourcesVpcConfig: { subnetIds: ['subnet-1'], endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24', '0.0.0.0/0'] } }, 'Open');
    expect(f.status('EKS.EndpointNotPublic', 'Native')).toBe('FAIL');
    expect(f.status('EKS.EndpointNotPublic', 'Open')).toBe('FAIL');
  });
  test('FAIL given a Custom::AWSCDK-EKS-Cluster with the default endpoint access', () => {
    const f = new ControlFixture();
    const path = cdkCluster(f);
    expect(f.status('EKS.EndpointNotPublic', path)).toBe('FAIL');
  });
  test('FAIL given an aws-eks-v2 cluster with the default endpoint access', () => {
    const f = new ControlFixture();
    const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new eksv2.Cluster(f.stack, 'V2', { vpc, version: eksv2.KubernetesVersion.V1_31 });
    expect(f.status('EKS.EndpointNotPublic', 'V2/Resource')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the access or the CIDRs from a parameter', () => {
    const f = new ControlFixture();
    const open = new CfnParameter(f.stack, 'Public', { type: 'String' }).valueAsString;
    const cidrs = new CfnParameter(f.stack, 'Cidrs', { type: 'CommaDelimitedList' }).valueAsList;
    nativeCluster(f, { resourcesVpcConfig: { subnetIds: [], endpointPublicAccess: open as any } });
    nativeCluster(f, { resourcesVpcConfig: { subnetIds: ['subnet-1'], publicAccessCidrs: cidrs } }, 'FromCidrs');
    expect(f.status('EKS.EndpointNotPublic', 'Native')).toBe('UNVERIFIABLE');
    expect(f.status('EKS.EndpointNotPublic', 'FromCidrs')).toBe('UNVERIFIABLE');
  });
});

describe('EKS.ControlPlaneLogging', () => {
  test('PASS given api, audit and authenticator enabled on a native cluster', () => {
    const f = new ControlFixture();
    const path = nativeCluster(f, { logging: { clusterLogging: { enabledTypes: [{ type: 'api' }, { type: 'audit' }, { type: 'authenticator' }, { type: 'scheduler' }] } } });
    expect(f.status('EKS.ControlPlaneLogging', path)).toBe('PASS');
  });
  test('FAIL given no logging, or some of those types left out', () => {
    const f = new ControlFixture();
    nativeCluster(f);
    nativeCluster(f, { logging: { clusterLogging: { enabledTypes: [{ type: 'api' }] } } }, 'Partial');
    expect(f.status('EKS.ControlPlaneLogging', 'Native')).toBe('FAIL');
    expect(f.status('EKS.ControlPlaneLogging', 'Partial')).toBe('FAIL');
    expect(f.message('EKS.ControlPlaneLogging', 'Partial')).toMatch(/does not log audit, authenticator/);
  });
  test('FAIL given a Custom::AWSCDK-EKS-Cluster with clusterLogging that leaves out audit', () => {
    const f = new ControlFixture();
    const path = cdkCluster(f, { clusterLogging: [eks.ClusterLoggingTypes.API, eks.ClusterLoggingTypes.AUTHENTICATOR] });
    expect(f.status('EKS.ControlPlaneLogging', path)).toBe('FAIL');
    expect(f.message('EKS.ControlPlaneLogging', path)).toMatch(/does not log audit\b/);
  });
  test('UNVERIFIABLE given the logging config from a parameter', () => {
    const f = new ControlFixture();
    const types = new CfnParameter(f.stack, 'Types', { type: 'CommaDelimitedList' }).valueAsList;
    const path = nativeCluster(f, { logging: { clusterLogging: { enabledTypes: types as any } } });
    expect(f.status('EKS.ControlPlaneLogging', path)).toBe('UNVERIFIABLE');
  });
});

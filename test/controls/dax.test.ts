import { CfnParameter } from 'aws-cdk-lib';
import * as dax from 'aws-cdk-lib/aws-dax';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ControlFixture } from './harness';

function cluster(f: ControlFixture, props: Partial<dax.CfnClusterProps> = {}): dax.CfnCluster {
  const role = new iam.Role(f.stack, 'DaxRole', { assumedBy: new iam.ServicePrincipal('dax.amazonaws.com') });
  return new dax.CfnCluster(f.stack, 'Cache', { iamRoleArn: role.roleArn, nodeType: 'dax.r5.large', replicationFactor: 3, ...props });
}

describe('DAX.EncryptedAtRest', () => {
  test('PASS given SSEEnabled true', () => {
    const f = new ControlFixture();
    cluster(f, { sseSpecification: { sseEnabled: true } });
    expect(f.status('DAX.EncryptedAtRest', 'Cache')).toBe('PASS');
  });
  test('FAIL given no SSESpecification', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('DAX.EncryptedAtRest', 'Cache')).toBe('FAIL');
    expect(f.message('DAX.EncryptedAtRest', 'Cache')).toMatch(/stored unencrypted/);
  });
  test('FAIL given SSEEnabled false', () => {
    const f = new ControlFixture();
    cluster(f, { sseSpecification: { sseEnabled: false } });
    expect(f.status('DAX.EncryptedAtRest', 'Cache')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { sseSpecification: { sseEnabled: new CfnParameter(f.stack, 'Sse').valueAsString as any } });
    expect(f.status('DAX.EncryptedAtRest', 'Cache')).toBe('UNVERIFIABLE');
  });
});

describe('DAX.TlsEndpoint', () => {
  test('PASS given TLS', () => {
    const f = new ControlFixture();
    cluster(f, { clusterEndpointEncryptionType: 'TLS' });
    expect(f.status('DAX.TlsEndpoint', 'Cache')).toBe('PASS');
  });
  test('FAIL given the default (NONE)', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('DAX.TlsEndpoint', 'Cache')).toBe('FAIL');
    expect(f.message('DAX.TlsEndpoint', 'Cache')).toMatch(/not set \(default NONE\)/);
  });
  test('FAIL given NONE', () => {
    const f = new ControlFixture();
    cluster(f, { clusterEndpointEncryptionType: 'NONE' });
    expect(f.status('DAX.TlsEndpoint', 'Cache')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { clusterEndpointEncryptionType: new CfnParameter(f.stack, 'Tls').valueAsString });
    expect(f.status('DAX.TlsEndpoint', 'Cache')).toBe('UNVERIFIABLE');
  });
});

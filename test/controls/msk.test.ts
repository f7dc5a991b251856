import { CfnParameter } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as msk from 'aws-cdk-lib/aws-msk';
import { ControlFixture } from './harness';

const BROKERS: msk.CfnCluster.BrokerNodeGroupInfoProperty = { clientSubnets: ['subnet-a', 'subnet-b'], instanceType: 'kafka.m5.large' };
const IAM_ONLY: msk.CfnCluster.ClientAuthenticationProperty = { sasl: { iam: { enabled: true } }, unauthenticated: { enabled: false } };

function cluster(f: ControlFixture, props: Partial<msk.CfnClusterProps> = {}): msk.CfnCluster {
  return new msk.CfnCluster(f.stack, 'Kafka', { clusterName: 'phi', kafkaVersion: '3.6.0', numberOfBrokerNodes: 2, brokerNodeGroupInfo: BROKERS, ...props });
}

function serverless(f: ControlFixture): msk.CfnServerlessCluster {
  return new msk.CfnServerlessCluster(f.stack, 'Serverless', {
    clusterName: 'phi-serverless',
    clientAuthentication: { sasl: { iam: { enabled: true } } },
    vpcConfigs: [{ subnetIds: ['subnet-a', 'subnet-b'] }],
  });
}

describe('MSK.CustomerManagedKey', () => {
  test('PASS given a key of the app', () => {
    const f = new ControlFixture();
    cluster(f, { encryptionInfo: { encryptionAtRest: { dataVolumeKmsKeyId: new kms.Key(f.stack, 'Key').keyArn } } });
    expect(f.status('MSK.CustomerManagedKey', 'Kafka')).toBe('PASS');
  });
  test('FAIL given no EncryptionAtRest (aws/kafka)', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('MSK.CustomerManagedKey', 'Kafka')).toBe('FAIL');
    expect(f.message('MSK.CustomerManagedKey', 'Kafka')).toMatch(/AWS-managed aws\/kafka key/);
  });
  test('FAIL given alias/aws/kafka', () => {
    const f = new ControlFixture();
    cluster(f, { encryptionInfo: { encryptionAtRest: { dataVolumeKmsKeyId: 'alias/aws/kafka' } } });
    expect(f.status('MSK.CustomerManagedKey', 'Kafka')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { encryptionInfo: { encryptionAtRest: { dataVolumeKmsKeyId: new CfnParameter(f.stack, 'Key').valueAsString } } });
    expect(f.status('MSK.CustomerManagedKey', 'Kafka')).toBe('UNVERIFIABLE');
  });
});

describe('MSK.TlsInTransit', () => {
  test('PASS given the defaults (no EncryptionInTransit)', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('MSK.TlsInTransit', 'Kafka')).toBe('PASS');
  });
  test('PASS given ClientBroker TLS and InCluster true', () => {
    const f = new ControlFixture();
    cluster(f, { encryptionInfo: { encryptionInTransit: { clientBroker: 'TLS', inCluster: true } } });
    expect(f.status('MSK.TlsInTransit', 'Kafka')).toBe('PASS');
  });
  test('FAIL given ClientBroker TLS_PLAINTEXT', () => {
    const f = new ControlFixture();
    cluster(f, { encryptionInfo: { encryptionInTransit: { clientBroker: 'TLS_PLAINTEXT' } } });
    expect(f.status('MSK.TlsInTransit', 'Kafka')).toBe('FAIL');
    expect(f.message('MSK.TlsInTransit', 'Kafka')).toMatch(/ClientBroker is TLS_PLAINTEXT/);
  });
  test('FAIL given ClientBroker PLAINTEXT', () => {
    const f = new ControlFixture();
    cluster(f, { encryptionInfo: { encryptionInTransit: { clientBroker: 'PLAINTEXT' } } });
    expect(f.status('MSK.TlsInTransit', 'Kafka')).toBe('FAIL');
  });
  test('FAIL given InCluster false', () => {
    const f = new ControlFixture();
    cluster(f, { encryptionInfo: { encryptionInTransit: { inCluster: false } } });
    expect(f.status('MSK.TlsInTransit', 'Kafka')).toBe('FAIL');
    expect(f.message('MSK.TlsInTransit', 'Kafka')).toMatch(/InCluster is false/);
  });
  test('PASS given a serverless cluster', () => {
    const f = new ControlFixture();
    serverless(f);
    expect(f.status('MSK.TlsInTransit', 'Serverless')).toBe('PASS');
  });
  test('UNVERIFIABLE given ClientBroker from a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { encryptionInfo: { encryptionInTransit: { clientBroker: new CfnParameter(f.stack, 'Mode').valueAsString } } });
    expect(f.status('MSK.TlsInTransit', 'Kafka')).toBe('UNVERIFIABLE');
  });
});

describe('MSK.ClientAuthentication', () => {
  test('PASS given IAM with unauthenticated access off', () => {
    const f = new ControlFixture();
    cluster(f, { clientAuthentication: IAM_ONLY });
    expect(f.status('MSK.ClientAuthentication', 'Kafka')).toBe('PASS');
  });
  test('PASS given mutual TLS with certificate authorities', () => {
    const f = new ControlFixture();
    cluster(f, { clientAuthentication: { tls: { certificateAuthorityArnList: ['arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/abc'] } } });
    expect(f.status('MSK.ClientAuthentication', 'Kafka')).toBe('PASS');
  });
  test('FAIL given no ClientAuthentication', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('MSK.ClientAuthentication', 'Kafka')).toBe('FAIL');
    expect(f.message('MSK.ClientAuthentication', 'Kafka')).toMatch(/ClientAuthentication is not set/);
  });
  test('FAIL given SCRAM alongside unauthenticated access', () => {
    const f = new ControlFixture();
    cluster(f, { clientAuthentication: { sasl: { scram: { enabled: true } }, unauthenticated: { enabled: true } } });
    expect(f.status('MSK.ClientAuthentication', 'Kafka')).toBe('FAIL');
    expect(f.message('MSK.ClientAuthentication', 'Kafka')).toMatch(/Unauthenticated.Enabled is true/);
  });
  test('FAIL given every method disabled', () => {
    const f = new ControlFixture();
    cluster(f, { clientAuthentication: { sasl: { iam: { enabled: false } } } });
    expect(f.status('MSK.ClientAuthentication', 'Kafka')).toBe('FAIL');
    expect(f.message('MSK.ClientAuthentication', 'Kafka')).toMatch(/no client authentication method/);
  });
  test('PASS given a serverless cluster', () => {
    const f = new ControlFixture();
    serverless(f);
    expect(f.status('MSK.ClientAuthentication', 'Serverless')).toBe('PASS');
  });
  test('UNVERIFIABLE given IAM from a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { clientAuthentication: { sasl: { iam: { enabled: new CfnParameter(f.stack, 'Iam').valueAsString as any } } } });
    expect(f.status('MSK.ClientAuthentication', 'Kafka')).toBe('UNVERIFIABLE');
  });
});

describe('MSK.NotPublic', () => {
  test('PASS given the default', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('MSK.NotPublic', 'Kafka')).toBe('PASS');
  });
  test('PASS given DISABLED', () => {
    const f = new ControlFixture();
    cluster(f, { brokerNodeGroupInfo: { ...BROKERS, connectivityInfo: { publicAccess: { type: 'DISABLED' } } } });
    expect(f.status('MSK.NotPublic', 'Kafka')).toBe('PASS');
  });
  test('FAIL given SERVICE_PROVIDED_EIPS', () => {
    const f = new ControlFixture();
    cluster(f, { clientAuthentication: IAM_ONLY, brokerNodeGroupInfo: { ...BROKERS, connectivityInfo: { publicAccess: { type: 'SERVICE_PROVIDED_EIPS' } } } });
    expect(f.status('MSK.NotPublic', 'Kafka')).toBe('FAIL');
    expect(f.message('MSK.NotPublic', 'Kafka')).toMatch(/public IP addresses/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { brokerNodeGroupInfo: { ...BROKERS, connectivityInfo: { publicAccess: { type: new CfnParameter(f.stack, 'Access').valueAsString } } } });
    expect(f.status('MSK.NotPublic', 'Kafka')).toBe('UNVERIFIABLE');
  });
});

describe('MSK.BrokerLogs', () => {
  test('PASS given CloudWatch Logs delivery', () => {
    const f = new ControlFixture();
    cluster(f, { loggingInfo: { brokerLogs: { cloudWatchLogs: { enabled: true, logGroup: 'msk-brokers' } } } });
    expect(f.status('MSK.BrokerLogs', 'Kafka')).toBe('PASS');
  });
  test('PASS given S3 delivery with CloudWatch off', () => {
    const f = new ControlFixture();
    cluster(f, { loggingInfo: { brokerLogs: { cloudWatchLogs: { enabled: false }, s3: { enabled: true, bucket: 'logs' } } } });
    expect(f.status('MSK.BrokerLogs', 'Kafka')).toBe('PASS');
  });
  test('FAIL given no LoggingInfo', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('MSK.BrokerLogs', 'Kafka')).toBe('FAIL');
    expect(f.message('MSK.BrokerLogs', 'Kafka')).toMatch(/no broker log destination is enabled/);
  });
  test('FAIL given every destination disabled', () => {
    const f = new ControlFixture();
    cluster(f, { loggingInfo: { brokerLogs: { firehose: { enabled: false } } } });
    expect(f.status('MSK.BrokerLogs', 'Kafka')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a flag from a parameter', () => {
    const f = new ControlFixture();
    cluster(f, { loggingInfo: { brokerLogs: { cloudWatchLogs: { enabled: new CfnParameter(f.stack, 'Logs').valueAsString as any } } } });
    expect(f.status('MSK.BrokerLogs', 'Kafka')).toBe('UNVERIFIABLE');
  });
});

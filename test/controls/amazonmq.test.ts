import { CfnParameter } from 'aws-cdk-lib';
import * as amazonmq from 'aws-cdk-lib/aws-amazonmq';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ControlFixture } from './harness';

function broker(f: ControlFixture, props: Partial<amazonmq.CfnBrokerProps> = {}): amazonmq.CfnBroker {
  return new amazonmq.CfnBroker(f.stack, 'Broker', {
    brokerName: 'phi',
    deploymentMode: 'ACTIVE_STANDBY_MULTI_AZ',
    engineType: 'ACTIVEMQ',
    engineVersion: '5.18',
    hostInstanceType: 'mq.m5.large',
    publiclyAccessible: false,
    subnetIds: ['subnet-a', 'subnet-b'],
    users: [{ username: 'app', password: 'resolved-from-secrets-manager' }],
    ...props,
  });
}

function rabbit(f: ControlFixture, props: Partial<amazonmq.CfnBrokerProps> = {}): amazonmq.CfnBroker {
  return broker(f, { engineType: 'RABBITMQ', engineVersion: '3.13', deploymentMode: 'CLUSTER_MULTI_AZ', ...props });
}

describe('AmazonMQ.NotPubliclyAccessible', () => {
  test('PASS given PubliclyAccessible false', () => {
    const f = new ControlFixture();
    broker(f);
    expect(f.status('AmazonMQ.NotPubliclyAccessible', 'Broker')).toBe('PASS');
  });
  test('FAIL given PubliclyAccessible true', () => {
    const f = new ControlFixture();
    rabbit(f, { publiclyAccessible: true });
    expect(f.status('AmazonMQ.NotPubliclyAccessible', 'Broker')).toBe('FAIL');
    expect(f.message('AmazonMQ.NotPubliclyAccessible', 'Broker')).toMatch(/public addresses/);
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    broker(f, { publiclyAccessible: new CfnParameter(f.stack, 'Public').valueAsString as any });
    expect(f.status('AmazonMQ.NotPubliclyAccessible', 'Broker')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given the required property removed by an override', () => {
    const f = new ControlFixture();
    broker(f).addPropertyDeletionOverride('PubliclyAccessible');
    expect(f.status('AmazonMQ.NotPubliclyAccessible', 'Broker')).toBe('UNVERIFIABLE');
    expect(f.message('AmazonMQ.NotPubliclyAccessible', 'Broker')).toMatch(/CloudFormation requires it/);
  });
});

describe('AmazonMQ.CustomerManagedKey', () => {
  test('PASS given an ActiveMQ broker with a key of the app', () => {
    const f = new ControlFixture();
    broker(f, { encryptionOptions: { useAwsOwnedKey: false, kmsKeyId: new kms.Key(f.stack, 'Key').keyArn } });
    expect(f.status('AmazonMQ.CustomerManagedKey', 'Broker')).toBe('PASS');
  });
  test('PASS given the engine type in mixed case', () => {
    const f = new ControlFixture();
    broker(f, { engineType: 'ActiveMQ', encryptionOptions: { useAwsOwnedKey: false, kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc' } });
    expect(f.status('AmazonMQ.CustomerManagedKey', 'Broker')).toBe('PASS');
  });
  test('FAIL given no EncryptionOptions (an AWS-owned key)', () => {
    const f = new ControlFixture();
    broker(f);
    expect(f.status('AmazonMQ.CustomerManagedKey', 'Broker')).toBe('FAIL');
    expect(f.message('AmazonMQ.CustomerManagedKey', 'Broker')).toMatch(/EncryptionOptions is not set, so the broker encrypts with an AWS-owned key/);
  });
  test('FAIL given UseAwsOwnedKey true', () => {
    const f = new ControlFixture();
    broker(f, { encryptionOptions: { useAwsOwnedKey: true } });
    expect(f.status('AmazonMQ.CustomerManagedKey', 'Broker')).toBe('FAIL');
  });
  test('FAIL given UseAwsOwnedKey false without a key (aws/mq)', () => {
    const f = new ControlFixture();
    broker(f, { encryptionOptions: { useAwsOwnedKey: false } });
    expect(f.status('AmazonMQ.CustomerManagedKey', 'Broker')).toBe('FAIL');
    expect(f.message('AmazonMQ.CustomerManagedKey', 'Broker')).toMatch(/AWS-managed aws\/mq key/);
  });
  test('UNVERIFIABLE given the key from a parameter', () => {
    const f = new ControlFixture();
    broker(f, { encryptionOptions: { useAwsOwnedKey: false, kmsKeyId: new CfnParameter(f.stack, 'Key').valueAsString } });
    expect(f.status('AmazonMQ.CustomerManagedKey', 'Broker')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given the engine from a parameter', () => {
    const f = new ControlFixture();
    broker(f, { engineType: new CfnParameter(f.stack, 'Engine').valueAsString });
    expect(f.status('AmazonMQ.CustomerManagedKey', 'Broker')).toBe('UNVERIFIABLE');
  });
  test('N/A given a RabbitMQ broker', () => {
    const f = new ControlFixture();
    rabbit(f);
    expect(f.status('AmazonMQ.CustomerManagedKey', 'Broker')).toBe('N/A');
  });
});

describe('AmazonMQ.Logging', () => {
  test('PASS given ActiveMQ audit and general logs', () => {
    const f = new ControlFixture();
    broker(f, { logs: { audit: true, general: true } });
    expect(f.status('AmazonMQ.Logging', 'Broker')).toBe('PASS');
  });
  test('PASS given RabbitMQ general logs', () => {
    const f = new ControlFixture();
    rabbit(f, { logs: { general: true } });
    expect(f.status('AmazonMQ.Logging', 'Broker')).toBe('PASS');
  });
  test('FAIL given no Logs', () => {
    const f = new ControlFixture();
    broker(f);
    expect(f.status('AmazonMQ.Logging', 'Broker')).toBe('FAIL');
    expect(f.message('AmazonMQ.Logging', 'Broker')).toMatch(/Logs.Audit and Logs.General are not true/);
  });
  test('FAIL given ActiveMQ without the audit log', () => {
    const f = new ControlFixture();
    broker(f, { logs: { general: true, audit: false } });
    expect(f.status('AmazonMQ.Logging', 'Broker')).toBe('FAIL');
    expect(f.message('AmazonMQ.Logging', 'Broker')).toMatch(/Logs.Audit is not true/);
  });
  test('UNVERIFIABLE given a flag from a parameter', () => {
    const f = new ControlFixture();
    broker(f, { logs: { general: true, audit: new CfnParameter(f.stack, 'Audit').valueAsString as any } });
    expect(f.status('AmazonMQ.Logging', 'Broker')).toBe('UNVERIFIABLE');
  });
});

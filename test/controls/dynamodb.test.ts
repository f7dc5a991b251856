import { CfnParameter, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ControlFixture } from './harness';

const KEY = { name: 'pk', type: dynamodb.AttributeType.STRING };
const PITR = { pointInTimeRecoveryEnabled: true };

describe('compliant tables', () => {
  test('a Table with a customer key and point-in-time recovery passes every DynamoDB control', () => {
    const f = new ControlFixture();
    const key = new kms.Key(f.stack, 'Key');
    new dynamodb.Table(f.stack, 'T', {
      partitionKey: KEY, encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: key, pointInTimeRecoverySpecification: PITR,
    });
    for (const id of ['DynamoDB.CustomerManagedKey', 'DynamoDB.PointInTimeRecovery', 'DynamoDB.DataRetained']) {
      expect([id, f.status(id, 'T')]).toEqual([id, 'PASS']);
    }
  });
  test('a TableV2 (GlobalTable) with a customer key and point-in-time recovery passes every DynamoDB control', () => {
    const f = new ControlFixture();
    const key = new kms.Key(f.stack, 'Key');
    new dynamodb.TableV2(f.stack, 'T', {
      partitionKey: KEY, encryption: dynamodb.TableEncryptionV2.customerManagedKey(key), pointInTimeRecoverySpecification: PITR,
    });
    for (const id of ['DynamoDB.CustomerManagedKey', 'DynamoDB.PointInTimeRecovery', 'DynamoDB.DataRetained']) {
      expect([id, f.status(id, 'T')]).toEqual([id, 'PASS']);
    }
  });
});

describe('DynamoDB.CustomerManagedKey', () => {
  test('FAIL given the Table default (an AWS-owned key)', () => {
    const f = new ControlFixture();
    new dynamodb.Table(f.stack, 'T', { partitionKey: KEY });
    expect(f.status('DynamoDB.CustomerManagedKey', 'T')).toBe('FAIL');
    expect(f.message('DynamoDB.CustomerManagedKey', 'T')).toMatch(/AWS-owned key/);
  });
  test('FAIL given the TableV2 default (an AWS-owned key)', () => {
    const f = new ControlFixture();
    new dynamodb.TableV2(f.stack, 'T', { partitionKey: KEY });
    expect(f.status('DynamoDB.CustomerManagedKey', 'T')).toBe('FAIL');
    expect(f.message('DynamoDB.CustomerManagedKey', 'T')).toMatch(/AWS-owned key/);
  });
  test('FAIL given TableEncryption.AWS_MANAGED (aws/dynamodb)', () => {
    const f = new ControlFixture();
    new dynamodb.Table(f.stack, 'T', { partitionKey: KEY, encryption: dynamodb.TableEncryption.AWS_MANAGED });
    expect(f.status('DynamoDB.CustomerManagedKey', 'T')).toBe('FAIL');
    expect(f.message('DynamoDB.CustomerManagedKey', 'T')).toMatch(/aws\/dynamodb/);
  });
  test('FAIL given TableEncryptionV2.awsManagedKey()', () => {
    const f = new ControlFixture();
    new dynamodb.TableV2(f.stack, 'T', { partitionKey: KEY, encryption: dynamodb.TableEncryptionV2.awsManagedKey() });
    expect(f.status('DynamoDB.CustomerManagedKey', 'T')).toBe('FAIL');
  });
  test('FAIL given an L1 table naming alias/aws/dynamodb', () => {
    const f = new ControlFixture();
    new dynamodb.CfnTable(f.stack, 'T', {
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
      sseSpecification: { sseEnabled: true, sseType: 'KMS', kmsMasterKeyId: 'alias/aws/dynamodb' },
    });
    expect(f.status('DynamoDB.CustomerManagedKey', 'T')).toBe('FAIL');
    expect(f.message('DynamoDB.CustomerManagedKey', 'T')).toMatch(/AWS-managed key/);
  });
  test('UNVERIFIABLE given SSEEnabled from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Sse', { type: 'String' });
    new dynamodb.CfnTable(f.stack, 'T', {
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      sseSpecification: { sseEnabled: p.valueAsString as any },
    });
    expect(f.status('DynamoDB.CustomerManagedKey', 'T')).toBe('UNVERIFIABLE');
  });
});

describe('DynamoDB.PointInTimeRecovery', () => {
  test('FAIL given the Table default', () => {
    const f = new ControlFixture();
    new dynamodb.Table(f.stack, 'T', { partitionKey: KEY });
    expect(f.status('DynamoDB.PointInTimeRecovery', 'T')).toBe('FAIL');
    expect(f.message('DynamoDB.PointInTimeRecovery', 'T')).toMatch(/off for the table/);
  });
  test('FAIL given a TableV2 replica without point-in-time recovery', () => {
    const f = new ControlFixture();
    new dynamodb.TableV2(f.stack, 'T', {
      partitionKey: KEY, pointInTimeRecoverySpecification: PITR, replicas: [{ region: 'us-west-2', pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } }],
    });
    expect(f.status('DynamoDB.PointInTimeRecovery', 'T')).toBe('FAIL');
    expect(f.message('DynamoDB.PointInTimeRecovery', 'T')).toMatch(/off for the replica in us-west-2/);
  });
  test('FAIL given point-in-time recovery turned off by an override', () => {
    const f = new ControlFixture();
    const t = new dynamodb.Table(f.stack, 'T', { partitionKey: KEY, pointInTimeRecoverySpecification: PITR });
    (t.node.defaultChild as dynamodb.CfnTable).addPropertyOverride('PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled', false);
    expect(f.status('DynamoDB.PointInTimeRecovery', 'T')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Pitr', { type: 'String' });
    new dynamodb.CfnTable(f.stack, 'T', {
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: p.valueAsString as any },
    });
    expect(f.status('DynamoDB.PointInTimeRecovery', 'T')).toBe('UNVERIFIABLE');
  });
});

describe('DynamoDB.DataRetained', () => {
  test('FAIL given RemovalPolicy.DESTROY', () => {
    const f = new ControlFixture();
    new dynamodb.Table(f.stack, 'T', { partitionKey: KEY, removalPolicy: RemovalPolicy.DESTROY });
    expect(f.status('DynamoDB.DataRetained', 'T')).toBe('FAIL');
    expect(f.message('DynamoDB.DataRetained', 'T')).toMatch(/DeletionPolicy is Delete/);
  });
});

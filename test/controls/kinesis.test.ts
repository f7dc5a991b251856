import { CfnCondition, CfnParameter, Fn, Aws } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ControlFixture } from './harness';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('Kinesis.StreamEncrypted', () => {
  test('PASS given StreamEncryption.KMS with a key', () => {
    const f = new ControlFixture();
    new kinesis.Stream(f.stack, 'Stream', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: new kms.Key(f.stack, 'Key') });
    expect(f.status('Kinesis.StreamEncrypted', 'Stream')).toBe('PASS');
  });
  test('FAIL given the L2 default (a condition between no encryption and alias/aws/kinesis)', () => {
    const f = new ControlFixture();
    new kinesis.Stream(f.stack, 'Stream');
    expect(f.status('Kinesis.StreamEncrypted', 'Stream')).toBe('FAIL');
    expect(f.message('Kinesis.StreamEncrypted', 'Stream')).toMatch(/depends on a condition: StreamEncryption is not set.*Otherwise, .*alias\/aws\/kinesis/);
  });
  test('FAIL given StreamEncryption.MANAGED (alias/aws/kinesis)', () => {
    const f = new ControlFixture();
    new kinesis.Stream(f.stack, 'Stream', { encryption: kinesis.StreamEncryption.MANAGED });
    expect(f.status('Kinesis.StreamEncrypted', 'Stream')).toBe('FAIL');
    expect(f.message('Kinesis.StreamEncrypted', 'Stream')).toMatch(/AWS-managed key "alias\/aws\/kinesis"/);
  });
  test('FAIL given an L1 stream without encryption', () => {
    const f = new ControlFixture();
    new kinesis.CfnStream(f.stack, 'Stream', { shardCount: 1 });
    expect(f.status('Kinesis.StreamEncrypted', 'Stream')).toBe('FAIL');
    expect(f.message('Kinesis.StreamEncrypted', 'Stream')).toMatch(/StreamEncryption is not set, so records are stored unencrypted/);
  });
  test('UNVERIFIABLE given a condition between a customer key and no encryption', () => {
    const f = new ControlFixture();
    const cond = new CfnCondition(f.stack, 'Encrypt', { expression: Fn.conditionEquals(Aws.REGION, 'us-east-1') });
    new kinesis.CfnStream(f.stack, 'Stream', {
      shardCount: 1,
      streamEncryption: Fn.conditionIf(cond.logicalId, { EncryptionType: 'KMS', KeyId: KEY_ARN }, Aws.NO_VALUE) as any,
    });
    expect(f.status('Kinesis.StreamEncrypted', 'Stream')).toBe('UNVERIFIABLE');
    expect(f.message('Kinesis.StreamEncrypted', 'Stream')).toMatch(/depends on a condition/);
    expect(f.status('Kinesis.StreamEncrypted', 'Stream')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    new kinesis.CfnStream(f.stack, 'Stream', { shardCount: 1, streamEncryption: { encryptionType: 'KMS', keyId: new CfnParameter(f.stack, 'KeyArn').valueAsString } });
    expect(f.status('Kinesis.StreamEncrypted', 'Stream')).toBe('UNVERIFIABLE');
  });
});

describe('Firehose.Encrypted', () => {
  test('PASS given StreamEncryption.customerManagedKey', () => {
    const f = new ControlFixture();
    new firehose.DeliveryStream(f.stack, 'Delivery', {
      destination: new firehose.S3Bucket(new s3.Bucket(f.stack, 'Bucket')),
      encryption: firehose.StreamEncryption.customerManagedKey(new kms.Key(f.stack, 'Key')),
    });
    expect(f.status('Firehose.Encrypted', 'Delivery/Resource')).toBe('PASS');
  });
  test('FAIL given the L2 default (no server-side encryption)', () => {
    const f = new ControlFixture();
    new firehose.DeliveryStream(f.stack, 'Delivery', { destination: new firehose.S3Bucket(new s3.Bucket(f.stack, 'Bucket')) });
    expect(f.status('Firehose.Encrypted', 'Delivery/Resource')).toBe('FAIL');
    expect(f.message('Firehose.Encrypted', 'Delivery/Resource')).toMatch(/DeliveryStreamEncryptionConfigurationInput is not set/);
  });
  test('FAIL given an AWS-owned key', () => {
    const f = new ControlFixture();
    new firehose.DeliveryStream(f.stack, 'Delivery', {
      destination: new firehose.S3Bucket(new s3.Bucket(f.stack, 'Bucket')),
      encryption: firehose.StreamEncryption.awsOwnedKey(),
    });
    expect(f.status('Firehose.Encrypted', 'Delivery/Resource')).toBe('FAIL');
    expect(f.message('Firehose.Encrypted', 'Delivery/Resource')).toMatch(/KeyType is AWS_OWNED_CMK/);
  });
  test('PASS given a Kinesis source stream encrypted with a customer key', () => {
    const f = new ControlFixture();
    const stream = new kinesis.Stream(f.stack, 'Stream', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: new kms.Key(f.stack, 'Key') });
    new firehose.DeliveryStream(f.stack, 'Delivery', { destination: new firehose.S3Bucket(new s3.Bucket(f.stack, 'Bucket')), source: new firehose.KinesisStreamSource(stream) });
    expect(f.status('Firehose.Encrypted', 'Delivery/Resource')).toBe('PASS');
  });
  test('FAIL given a Kinesis source stream with the AWS-managed key', () => {
    const f = new ControlFixture();
    const stream = new kinesis.Stream(f.stack, 'Stream', { encryption: kinesis.StreamEncryption.MANAGED });
    new firehose.DeliveryStream(f.stack, 'Delivery', { destination: new firehose.S3Bucket(new s3.Bucket(f.stack, 'Bucket')), source: new firehose.KinesisStreamSource(stream) });
    expect(f.status('Firehose.Encrypted', 'Delivery/Resource')).toBe('FAIL');
    expect(f.message('Firehose.Encrypted', 'Delivery/Resource')).toMatch(/the source stream Stream\w+ is not protected: .*alias\/aws\/kinesis/);
  });
  test('UNVERIFIABLE given a source stream outside the app', () => {
    const f = new ControlFixture();
    const stream = kinesis.Stream.fromStreamArn(f.stack, 'Stream', 'arn:aws:kinesis:us-east-1:123456789012:stream/imported');
    new firehose.DeliveryStream(f.stack, 'Delivery', { destination: new firehose.S3Bucket(new s3.Bucket(f.stack, 'Bucket')), source: new firehose.KinesisStreamSource(stream) });
    expect(f.status('Firehose.Encrypted', 'Delivery/Resource')).toBe('UNVERIFIABLE');
    expect(f.message('Firehose.Encrypted', 'Delivery/Resource')).toMatch(/is not in this app/);
  });
  test('N/A given an MSK source', () => {
    const f = new ControlFixture();
    new firehose.CfnDeliveryStream(f.stack, 'Delivery', {
      deliveryStreamType: 'MSKAsSource',
      mskSourceConfiguration: {
        mskClusterArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/c/1',
        topicName: 't',
        authenticationConfiguration: { connectivity: 'PRIVATE', roleArn: 'arn:aws:iam::123456789012:role/r' },
      },
    });
    expect(f.status('Firehose.Encrypted', 'Delivery')).toBe('N/A');
  });
  test('UNVERIFIABLE given the key type from a parameter', () => {
    const f = new ControlFixture();
    new firehose.CfnDeliveryStream(f.stack, 'Delivery', {
      deliveryStreamEncryptionConfigurationInput: { keyType: new CfnParameter(f.stack, 'KeyType').valueAsString, keyArn: KEY_ARN },
    });
    expect(f.status('Firehose.Encrypted', 'Delivery')).toBe('UNVERIFIABLE');
  });
});

import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ControlFixture } from './harness';

describe('ControlFixture', () => {
  test('returns the status of a control on the resource under a path', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { encryption: s3.BucketEncryption.S3_MANAGED });
    expect(f.status('S3.DefaultEncryptionKms', 'B')).toBe('FAIL');
    expect(f.status('S3.DefaultEncryptionKms', 'TestStack/B/Resource')).toBe('FAIL');
  });

  test('returns N/A only when a resource the control covers exists and the control did not apply', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B', { encryption: s3.BucketEncryption.S3_MANAGED });
    expect(f.status('S3.CustomerManagedKey', 'B')).toBe('N/A');
    expect(f.message('S3.CustomerManagedKey', 'B')).toBe('');
  });

  test('fails when the construct path is misspelled', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Bucket');
    expect(() => f.status('S3.DefaultEncryptionKms', 'Buckett')).toThrow(/TestStack\/Buckett holds no CloudFormation resource/);
    expect(() => f.message('S3.DefaultEncryptionKms', 'Bucket/Typo')).toThrow(/misspelled/);
  });

  test('fails when the path prefix only matches the start of a construct id', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'BucketLogs');
    expect(() => f.status('S3.DefaultEncryptionKms', 'Bucket')).toThrow(/holds no CloudFormation resource/);
  });

  test('fails when the control id is not in the catalog', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'B');
    expect(() => f.status('S3.DefaultEncryptionKMS', 'B')).toThrow(/unknown control 'S3.DefaultEncryptionKMS'/);
  });

  test('fails when no resource under the path is of a type the control covers', () => {
    const f = new ControlFixture();
    new sqs.Queue(f.stack, 'Q');
    expect(() => f.status('S3.DefaultEncryptionKms', 'Q')).toThrow(/covers AWS::S3::Bucket, but TestStack\/Q holds only AWS::SQS::Queue/);
  });

  test('a control of every resource type (*) covers any resource', () => {
    const f = new ControlFixture();
    new sqs.Queue(f.stack, 'Q');
    new iam.Role(f.stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    expect(f.status('General.HipaaEligibleService', 'Q')).toBe('PASS');
    expect(f.status('General.HipaaEligibleService', 'Role')).toBe('N/A');
  });
});

import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ControlFixture } from './harness';

describe('SecretsManager.CustomerManagedKey', () => {
  test('PASS given encryptionKey', () => {
    const f = new ControlFixture();
    new secretsmanager.Secret(f.stack, 'Secret', { encryptionKey: new kms.Key(f.stack, 'Key') });
    expect(f.status('SecretsManager.CustomerManagedKey', 'Secret')).toBe('PASS');
  });
  test('FAIL given the L2 default (aws/secretsmanager)', () => {
    const f = new ControlFixture();
    new secretsmanager.Secret(f.stack, 'Secret');
    expect(f.status('SecretsManager.CustomerManagedKey', 'Secret')).toBe('FAIL');
    expect(f.message('SecretsManager.CustomerManagedKey', 'Secret')).toMatch(/aws\/secretsmanager/);
  });
  test('FAIL given an L1 secret naming alias/aws/secretsmanager', () => {
    const f = new ControlFixture();
    new secretsmanager.CfnSecret(f.stack, 'Secret', { kmsKeyId: 'alias/aws/secretsmanager' });
    expect(f.status('SecretsManager.CustomerManagedKey', 'Secret')).toBe('FAIL');
    expect(f.message('SecretsManager.CustomerManagedKey', 'Secret')).toMatch(/AWS-managed key/);
  });
  test('FAIL given the bare name aws/secretsmanager (the AWS-managed key)', () => {
    const f = new ControlFixture();
    new secretsmanager.CfnSecret(f.stack, 'Secret', { kmsKeyId: 'aws/secretsmanager' });
    expect(f.status('SecretsManager.CustomerManagedKey', 'Secret')).toBe('FAIL');
    expect(f.message('SecretsManager.CustomerManagedKey', 'Secret')).toMatch(/AWS-managed key \("aws\/secretsmanager"\)/);
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    new secretsmanager.CfnSecret(f.stack, 'Secret', { kmsKeyId: new CfnParameter(f.stack, 'KeyArn').valueAsString });
    expect(f.status('SecretsManager.CustomerManagedKey', 'Secret')).toBe('UNVERIFIABLE');
  });
});

describe('SecretsManager.Rotation', () => {
  test('PASS given a hosted rotation schedule', () => {
    const f = new ControlFixture();
    const secret = new secretsmanager.Secret(f.stack, 'Secret');
    secret.addRotationSchedule('Rotation', { hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser(), automaticallyAfter: Duration.days(30) });
    expect(f.status('SecretsManager.Rotation', 'Secret/Resource')).toBe('PASS');
  });
  test('PASS given a database secret rotated through its target attachment', () => {
    const f = new ControlFixture();
    const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const db = new rds.DatabaseInstance(f.stack, 'Db', { engine: rds.DatabaseInstanceEngine.POSTGRES, vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    db.addRotationSingleUser();
    expect(f.status('SecretsManager.Rotation', 'Db/Secret/Resource')).toBe('PASS');
  });
  test('PASS given a rotation schedule in another stack of the app', () => {
    const f = new ControlFixture();
    const secret = new secretsmanager.CfnSecret(f.stack, 'Secret');
    const other = new Stack(f.app, 'Other', { env: { account: '123456789012', region: 'us-east-1' } });
    new secretsmanager.CfnRotationSchedule(other, 'Rotation', {
      secretId: secret.ref,
      rotationLambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:rotate',
      rotationRules: { automaticallyAfterDays: 30 },
    });
    expect(f.status('SecretsManager.Rotation', 'Secret')).toBe('PASS');
  });
  test('FAIL given no rotation schedule (the L2 default)', () => {
    const f = new ControlFixture();
    new secretsmanager.Secret(f.stack, 'Secret');
    expect(f.status('SecretsManager.Rotation', 'Secret')).toBe('FAIL');
    expect(f.message('SecretsManager.Rotation', 'Secret')).toMatch(/no rotation schedule references the secret/);
  });
  test('FAIL given a rotation schedule for another secret only', () => {
    const f = new ControlFixture();
    new secretsmanager.Secret(f.stack, 'Secret');
    new secretsmanager.Secret(f.stack, 'Other').addRotationSchedule('Rotation', { hostedRotation: secretsmanager.HostedRotation.mysqlSingleUser() });
    expect(f.status('SecretsManager.Rotation', 'Secret')).toBe('FAIL');
  });
  test('FAIL given an L1 schedule without RotationRules', () => {
    const f = new ControlFixture();
    const secret = new secretsmanager.CfnSecret(f.stack, 'Secret');
    new secretsmanager.CfnRotationSchedule(f.stack, 'Rotation', { secretId: secret.ref, rotationLambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:rotate' });
    expect(f.status('SecretsManager.Rotation', 'Secret')).toBe('FAIL');
    expect(f.message('SecretsManager.Rotation', 'Secret')).toMatch(/no RotationRules/);
  });
  test('FAIL given an L1 schedule with RotationRules but no rotation function', () => {
    const f = new ControlFixture();
    const secret = new secretsmanager.CfnSecret(f.stack, 'Secret');
    new secretsmanager.CfnRotationSchedule(f.stack, 'Rotation', { secretId: secret.ref, rotationRules: { automaticallyAfterDays: 30 } });
    expect(f.status('SecretsManager.Rotation', 'Secret')).toBe('FAIL');
    expect(f.message('SecretsManager.Rotation', 'Secret')).toMatch(/Rotation has RotationRules but no RotationLambdaARN or HostedRotationLambda/);
  });
});

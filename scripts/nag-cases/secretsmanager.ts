import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagCase } from './types';

/** A secret with id 'Secret'; returns it. */
function secret(stack: Stack, props: secretsmanager.SecretProps = {}): secretsmanager.Secret {
  return new secretsmanager.Secret(stack, 'Secret', props);
}

/** A placeholder rotation function. */
function rotationFunction(stack: Stack): lambda.Function {
  return new lambda.Function(stack, 'Rotator', {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'index.handler',
    code: lambda.Code.fromInline('def handler(event, context):\n    pass\n'),
  });
}

const SECRET = 'Secret/Resource';

const ROTATION: NagCase[] = [
  {
    rule: 'SecretsManagerRotationEnabled',
    compliant: true,
    title: 'secret rotated every 30 days by a hosted rotation function',
    build: (stack) => {
      secret(stack).addRotationSchedule('Rotation', {
        hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser(),
        automaticallyAfter: Duration.days(30),
      });
      return SECRET;
    },
  },
  {
    rule: 'SecretsManagerRotationEnabled',
    compliant: true,
    title: 'secret rotated by the app\'s own rotation function',
    build: (stack) => {
      secret(stack).addRotationSchedule('Rotation', { rotationLambda: rotationFunction(stack) });
      return SECRET;
    },
  },
  {
    rule: 'SecretsManagerRotationEnabled',
    compliant: true,
    title: 'database credentials secret rotated through its target attachment',
    build: (stack) => {
      const db = new rds.DatabaseInstance(stack, 'Database', {
        engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
        vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
      });
      db.addRotationSingleUser();
      return 'Database/Secret/Resource';
    },
  },
  {
    rule: 'SecretsManagerRotationEnabled',
    compliant: false,
    title: 'secret without rotation',
    build: (stack) => {
      secret(stack);
      return SECRET;
    },
  },
  {
    rule: 'SecretsManagerRotationEnabled',
    compliant: false,
    title: 'another secret in the stack is rotated, this one is not',
    build: (stack) => {
      secret(stack);
      new secretsmanager.Secret(stack, 'ApiKey').addRotationSchedule('Rotation', { rotationLambda: rotationFunction(stack) });
      return SECRET;
    },
  },
  {
    rule: 'SecretsManagerRotationEnabled',
    compliant: false,
    title: 'L1 rotation schedule without a rotation function',
    build: (stack) => {
      const s = secret(stack);
      new secretsmanager.CfnRotationSchedule(stack, 'Rotation', { secretId: s.secretArn, rotationRules: { automaticallyAfterDays: 30 } });
      return SECRET;
    },
  },
  {
    rule: 'SecretsManagerRotationEnabled',
    compliant: false,
    title: 'L1 rotation schedule with a function but no rotation rules',
    build: (stack) => {
      const s = secret(stack);
      new secretsmanager.CfnRotationSchedule(stack, 'Rotation', {
        secretId: s.secretArn,
        rotationLambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:rotate-secret',
      });
      return SECRET;
    },
  },
];

const KMS_KEY: NagCase[] = [
  {
    rule: 'SecretsManagerUsingKMSKey',
    compliant: true,
    title: 'secret encrypted with a customer-managed key',
    build: (stack) => {
      secret(stack, { encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) });
      return SECRET;
    },
  },
  {
    rule: 'SecretsManagerUsingKMSKey',
    compliant: true,
    title: 'KmsKeyId alias/aws/secretsmanager (only the bare name is matched)',
    build: (stack) => {
      new secretsmanager.CfnSecret(stack, 'Secret', { kmsKeyId: 'alias/aws/secretsmanager', generateSecretString: {} });
      return 'Secret';
    },
  },
  {
    rule: 'SecretsManagerUsingKMSKey',
    compliant: false,
    title: 'secret with the default AWS-managed key',
    build: (stack) => {
      secret(stack);
      return SECRET;
    },
  },
  {
    rule: 'SecretsManagerUsingKMSKey',
    compliant: false,
    title: 'KmsKeyId aws/secretsmanager',
    build: (stack) => {
      new secretsmanager.CfnSecret(stack, 'Secret', { kmsKeyId: 'aws/secretsmanager', generateSecretString: {} });
      return 'Secret';
    },
  },
];

export const CASES: readonly NagCase[] = [...ROTATION, ...KMS_KEY];

import { CfnCondition, CfnParameter, Fn, SecretValue } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sam from 'aws-cdk-lib/aws-sam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ControlFixture } from './harness';
import {
  decodeBase64Text, findKnownSecrets, isReferenceOrHarmless, isSecretName, maskSecret, secretsInNamedValue, secretsInText,
} from '../../src/controls/secret-patterns';

const ID = 'General.NoPlaintextSecrets';

// Fake credentials in the published formats, built from parts so that no scanner mistakes this file for a leak.
const KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const SECRET_KEY = ['wJalrXUtnFEMI', '/K7MDENG/bPxRfiCYEXAMPLEKEY'].join('');
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.');
const PEM = ['-----BEGIN RSA PRIVATE', ' KEY-----\nMIIEowIBAAKCAQEA7bq\n-----END RSA PRIVATE', ' KEY-----'].join('');
const GITHUB = ['ghp_', 'a'.repeat(36)].join('');
const SLACK = ['xoxb-', '1234567890-abcdefghij'].join('');

function fn(f: ControlFixture, id: string, environment?: Record<string, string>, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  return new lambda.Function(f.stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});'), environment, ...props,
  });
}

describe('secret patterns', () => {
  test('secret-like names, and names about a secret that are not one', () => {
    for (const name of ['DB_PASSWORD', 'dbPassword', 'db-passwd', 'API_KEY', 'apiKey', 'x-api-key', 'CLIENT_SECRET', 'GITHUB_TOKEN', 'PRIVATE_KEY',
      'Authorization', 'SMTP_PASS', 'AWS_SECRET_ACCESS_KEY', 'credentials', 'SECRET_KEY_BASE']) {
      expect([name, isSecretName(name)]).toEqual([name, true]);
    }
    for (const name of ['DB_HOST', 'SECRET_ARN', 'DB_PASSWORD_SECRET_NAME', 'TOKEN_URL', 'TOKEN_TTL', 'API_KEY_HEADER', 'AWS_ACCESS_KEY_ID',
      'PASSWORD_PARAMETER', 'LOG_LEVEL', 'TABLE_NAME', 'keyspace', 'PASS_THROUGH_HEADERS', 'PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL',
      'PARAMETERS_SECRETS_EXTENSION_MAX_CONNECTIONS', 'SECRETS_MANAGER_TIMEOUT_MILLIS', 'SECRETS_MANAGER_TTL',
      // a KMS alias and a JWT algorithm name (found by the corpus in test/controls/fixtures/secrets)
      'ENCRYPTION_KEY_ALIAS', 'TOKEN_SIGNING_ALG']) {
      expect([name, isSecretName(name)]).toEqual([name, false]);
    }
  });
  test('each known format is found, and placeholders are not', () => {
    expect(findKnownSecrets(`key ${KEY_ID} here`).map((m) => m.kind)).toEqual(['AWS access key id']);
    expect(findKnownSecrets(`aws_secret_access_key = ${SECRET_KEY}`)).toEqual([{ kind: 'AWS secret access key', secret: SECRET_KEY }]);
    expect(findKnownSecrets(PEM).map((m) => m.kind)).toEqual(['private key']);
    expect(findKnownSecrets(`Bearer ${JWT}`).map((m) => m.kind)).toEqual(['JSON Web Token']);
    expect(findKnownSecrets(GITHUB).map((m) => m.kind)).toEqual(['GitHub token']);
    expect(findKnownSecrets(SLACK).map((m) => m.kind)).toEqual(['Slack token']);
    expect(findKnownSecrets('postgres://app:s3cretPass@db.example.com:5432/phi')).toEqual([{ kind: 'password in a URL', secret: 's3cretPass' }]);
    expect(findKnownSecrets('postgres://app:${token}@db.example.com/phi')).toEqual([]);
    expect(findKnownSecrets('https://user:{{resolve:secretsmanager:db:SecretString:password}}@db.example.com')).toEqual([]);
    expect(findKnownSecrets('https://example.com/path?x=1 and a KEY_ID_VALUE of AKIA-short')).toEqual([]);
  });
  test('references and values that cannot be a credential', () => {
    for (const v of ['', '{{resolve:secretsmanager:prod/db:SecretString:password}}', '{{resolve:ssm-secure:/app/db/password:1}}',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf', '/app/db/password', '${DB_PASSWORD}', 'true', '3600', '{% $states.input.token %}']) {
      expect([v, isReferenceOrHarmless(v)]).toEqual([v, true]);
    }
    for (const v of ['hunter2', 'changeme', 'prod/db']) expect([v, isReferenceOrHarmless(v)]).toEqual([v, false]);
  });
  test('named values and texts', () => {
    expect(secretsInNamedValue('DB_PASSWORD', 'hunter2')).toEqual([{ kind: 'literal value of a secret-like name', secret: 'hunter2' }]);
    expect(secretsInNamedValue('DB_HOST', 'db.example.com')).toEqual([]);
    expect(secretsInNamedValue('CONFIG', `id=${KEY_ID}`).map((m) => m.kind)).toEqual(['AWS access key id']);
    const script = [
      '#!/bin/bash',
      'export DB_PASSWORD=hunter2prod',
      'API_TOKEN=$(aws secretsmanager get-secret-value --secret-id prod/api --query SecretString --output text)',
      'mysql -u admin --password=Sup3rS3cret -h db',
      'docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com',
      'LOG_LEVEL=debug',
      '{ "principals": { "SecretsManager" : { "privateKeyPath": "file:///greengrass/certs/core.key" } } }',
    ].join('\n');
    expect(secretsInText(script).map((m) => [m.name, m.secret])).toEqual([['DB_PASSWORD', 'hunter2prod'], ['password', 'Sup3rS3cret']]);
  });
  test('masking shows four characters at most, and a third of a short value at most', () => {
    expect(maskSecret('hunter2-production')).toBe('hunt***');
    expect(maskSecret('abcdef')).toBe('ab***');
    expect(maskSecret('ab')).toBe('***');
  });
  test('literal base64 is decoded when it is text', () => {
    expect(decodeBase64Text(Buffer.from('#!/bin/bash\necho hi\n').toString('base64'))).toBe('#!/bin/bash\necho hi\n');
    expect(decodeBase64Text('#!/bin/bash')).toBeUndefined();
    expect(decodeBase64Text(Buffer.from([0, 1, 2, 3, 250, 251, 252, 253]).toString('base64'))).toBeUndefined();
  });
});

describe('General.NoPlaintextSecrets: Lambda and SAM functions', () => {
  test('PASS given ordinary variables and secrets passed by reference', () => {
    const f = new ControlFixture();
    const secret = new secretsmanager.Secret(f.stack, 'Secret');
    const token = new CfnParameter(f.stack, 'ApiToken', { noEcho: true });
    fn(f, 'Fn', {
      TABLE_NAME: 'patients',
      LOG_LEVEL: 'info',
      DB_SECRET_ARN: secret.secretArn,
      API_TOKEN: token.valueAsString,
      DB_PASSWORD: secret.secretValueFromJson('password').unsafeUnwrap(),
      SMTP_PASSWORD: '{{resolve:ssm-secure:/app/smtp/password:1}}',
      SIGNING_KEY: '/app/signing/key',
    }, {
      // The Parameters and Secrets extension's own settings (PARAMETERS_SECRETS_EXTENSION_LOG_LEVEL, ...) are not secrets.
      paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103, {
        logLevel: lambda.ParamsAndSecretsLogLevel.INFO, maxConnections: 3,
      }),
    });
    expect(f.status(ID, 'Fn/Resource')).toBe('PASS');
  });
  test('fails when a password-like variable holds a literal, and masks it', () => {
    const f = new ControlFixture();
    fn(f, 'Fn', { DB_HOST: 'db.example.com', DB_PASSWORD: 'hunter2-production' });
    expect(f.status(ID, 'Fn/Resource')).toBe('FAIL');
    expect(f.message(ID, 'Fn/Resource')).toMatch(/environment variable DB_PASSWORD: literal value of a secret-like name \(hunt\*\*\*\)/);
    expect(f.message(ID, 'Fn/Resource')).not.toMatch(/hunter2/);
  });
  test('fails when a variable of any name holds a known format: access key id, URL with a password, JWT', () => {
    const f = new ControlFixture();
    fn(f, 'Fn', { CONFIG: `key=${KEY_ID}`, DATABASE_URL: 'postgres://app:s3cretPass@db.example.com:5432/phi', UPSTREAM: `Bearer ${JWT}` });
    expect(f.status(ID, 'Fn/Resource')).toBe('FAIL');
    const message = f.message(ID, 'Fn/Resource');
    expect(message).toMatch(/^3 secrets are written in plain sight/);
    expect(message).toMatch(/CONFIG: AWS access key id \(AKIA\*\*\*\)/);
    expect(message).toMatch(/DATABASE_URL: password in a URL \(s3c\*\*\*\)/);
    expect(message).toMatch(/UPSTREAM: JSON Web Token/);
  });
  test('fails when either branch of Fn::If holds a literal password', () => {
    const f = new ControlFixture();
    const prod = new CfnCondition(f.stack, 'IsProd', { expression: Fn.conditionEquals(new CfnParameter(f.stack, 'Stage').valueAsString, 'prod') });
    const fun = fn(f, 'Fn', { DB_HOST: 'db' });
    (fun.node.defaultChild as lambda.CfnFunction).addPropertyOverride('Environment.Variables.DB_PASSWORD',
      Fn.conditionIf(prod.logicalId, '{{resolve:secretsmanager:prod/db:SecretString:password}}', 'devpassword1'));
    expect(f.status(ID, 'Fn/Resource')).toBe('FAIL');
    expect(f.message(ID, 'Fn/Resource')).toMatch(/DB_PASSWORD.*\(devp\*\*\*\)/);
  });
  test('N/A given no environment, or an empty one', () => {
    const f = new ControlFixture();
    fn(f, 'Bare');
    fn(f, 'Empty', {});
    expect(f.status(ID, 'Bare/Resource')).toBe('N/A');
    expect(f.status(ID, 'Empty/Resource')).toBe('N/A');
  });
  test('PASS given a whole environment from an intrinsic (a reference)', () => {
    const f = new ControlFixture();
    const fun = fn(f, 'Fn', { A: 'b' });
    (fun.node.defaultChild as lambda.CfnFunction).addPropertyOverride('Environment.Variables', Fn.importValue('SharedEnvironment'));
    expect(f.status(ID, 'Fn/Resource')).toBe('PASS');
  });
  test('fails when a SAM function\'s environment holds a token', () => {
    const f = new ControlFixture();
    new sam.CfnFunction(f.stack, 'Sam', {
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      codeUri: 's3://bucket/code.zip',
      environment: { variables: { SLACK_BOT_TOKEN: SLACK, STAGE: 'prod' } },
    });
    expect(f.status(ID, 'Sam')).toBe('FAIL');
    expect(f.message(ID, 'Sam')).toMatch(/environment variable SLACK_BOT_TOKEN: Slack token \(xoxb\*\*\*\)/);
  });
});

describe('General.NoPlaintextSecrets: ECS task definitions', () => {
  test('PASS given secrets through ecs.Secret and ordinary environment', () => {
    const f = new ControlFixture();
    const task = new ecs.FargateTaskDefinition(f.stack, 'Task');
    task.addContainer('web', {
      image: ecs.ContainerImage.fromRegistry('nginx'),
      environment: { PORT: '8080' },
      secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(new secretsmanager.Secret(f.stack, 'Db'), 'password') },
    });
    expect(f.status(ID, 'Task/Resource')).toBe('PASS');
  });
  test('fails when a container environment holds an API key, naming the container', () => {
    const f = new ControlFixture();
    const task = new ecs.FargateTaskDefinition(f.stack, 'Task');
    task.addContainer('web', { image: ecs.ContainerImage.fromRegistry('nginx'), environment: { PORT: '8080' } });
    task.addContainer('worker', { image: ecs.ContainerImage.fromRegistry('worker'), environment: { PAYMENTS_API_KEY: 'pk-9f8e7d6c5b4a' } });
    expect(f.status(ID, 'Task/Resource')).toBe('FAIL');
    expect(f.message(ID, 'Task/Resource')).toMatch(/container worker environment PAYMENTS_API_KEY: literal value of a secret-like name \(pk-9\*\*\*\)/);
  });
  test('N/A given containers without environment', () => {
    const f = new ControlFixture();
    const task = new ecs.FargateTaskDefinition(f.stack, 'Task');
    task.addContainer('web', { image: ecs.ContainerImage.fromRegistry('nginx') });
    expect(f.status(ID, 'Task/Resource')).toBe('N/A');
  });
});

describe('General.NoPlaintextSecrets: EC2 user data', () => {
  function vpc(f: ControlFixture): ec2.Vpc {
    return new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  }
  const machineImage = ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' });
  const instanceType = new ec2.InstanceType('t3.micro');

  test('PASS given user data that fetches its secret at boot', () => {
    const f = new ControlFixture();
    const userData = ec2.UserData.forLinux();
    userData.addCommands('DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)', 'systemctl start app');
    new ec2.Instance(f.stack, 'Host', { vpc: vpc(f), machineImage, instanceType, userData });
    expect(f.status(ID, 'Host/Resource')).toBe('PASS');
  });
  test('fails when an instance\'s user data exports a password and an AWS key pair', () => {
    const f = new ControlFixture();
    const userData = ec2.UserData.forLinux();
    userData.addCommands('export DB_PASSWORD=hunter2prod', `aws configure set aws_access_key_id ${KEY_ID}`, `export AWS_SECRET_ACCESS_KEY=${SECRET_KEY}`);
    new ec2.Instance(f.stack, 'Host', { vpc: vpc(f), machineImage, instanceType, userData });
    expect(f.status(ID, 'Host/Resource')).toBe('FAIL');
    const message = f.message(ID, 'Host/Resource');
    expect(message).toMatch(/UserData: AWS access key id/);
    expect(message).toMatch(/UserData: AWS secret access key \(wJal\*\*\*\)/);
    expect(message).toMatch(/UserData \(DB_PASSWORD\): literal value of a secret-like name \(hun\*\*\*\)/);
  });
  test('fails when a launch template\'s user data holds a private key', () => {
    const f = new ControlFixture();
    const userData = ec2.UserData.forLinux();
    userData.addCommands(`cat > /etc/app/key.pem <<'EOF'\n${PEM}\nEOF`);
    new ec2.LaunchTemplate(f.stack, 'Template', { machineImage, instanceType, userData });
    expect(f.status(ID, 'Template/Resource')).toBe('FAIL');
    expect(f.message(ID, 'Template/Resource')).toMatch(/LaunchTemplateData.UserData: private key/);
  });
  test('fails when a launch configuration\'s literal base64 user data holds a token', () => {
    const f = new ControlFixture();
    new autoscaling.CfnLaunchConfiguration(f.stack, 'Config', {
      imageId: 'ami-12345678',
      instanceType: 't3.micro',
      userData: Buffer.from(`#!/bin/bash\ngit clone https://${GITHUB}@github.com/org/app.git\n`).toString('base64'),
    });
    expect(f.status(ID, 'Config')).toBe('FAIL');
    expect(f.message(ID, 'Config')).toMatch(/UserData: GitHub token \(ghp_\*\*\*\)/);
  });
  test('fails when Fn::Sub substitutes a literal password into the user data of a launch configuration', () => {
    const f = new ControlFixture();
    new autoscaling.CfnLaunchConfiguration(f.stack, 'Config', {
      imageId: 'ami-12345678',
      instanceType: 't3.micro',
      userData: Fn.base64(Fn.sub('#!/bin/bash\npsql postgres://app:${Pw}@${Host}/phi -c "select 1"', { Pw: 'Tr0ub4dor3', Host: 'db.internal' })),
    });
    expect(f.status(ID, 'Config')).toBe('FAIL');
    expect(f.message(ID, 'Config')).toMatch(/UserData: password in a URL \(Tr0\*\*\*\)/);
  });
  test('PASS given user data from a parameter; N/A given none', () => {
    const f = new ControlFixture();
    new autoscaling.CfnLaunchConfiguration(f.stack, 'FromParameter', {
      imageId: 'ami-12345678', instanceType: 't3.micro', userData: new CfnParameter(f.stack, 'UserData').valueAsString,
    });
    new autoscaling.CfnLaunchConfiguration(f.stack, 'None', { imageId: 'ami-12345678', instanceType: 't3.micro' });
    expect(f.status(ID, 'FromParameter')).toBe('PASS');
    expect(f.status(ID, 'None')).toBe('N/A');
  });
});

describe('General.NoPlaintextSecrets: CodeBuild projects', () => {
  function project(f: ControlFixture, environmentVariables: Record<string, codebuild.BuildEnvironmentVariable>): codebuild.Project {
    return new codebuild.Project(f.stack, 'Build', {
      buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['make'] } } }), environmentVariables,
    });
  }
  test('PASS given secrets as SECRETS_MANAGER and PARAMETER_STORE variables', () => {
    const f = new ControlFixture();
    project(f, {
      NPM_TOKEN: { type: codebuild.BuildEnvironmentVariableType.SECRETS_MANAGER, value: 'prod/npm:token' },
      SONAR_TOKEN: { type: codebuild.BuildEnvironmentVariableType.PARAMETER_STORE, value: '/ci/sonar/token' },
      STAGE: { value: 'prod' },
    });
    expect(f.status(ID, 'Build/Resource')).toBe('PASS');
  });
  test('fails when a plaintext variable holds a token', () => {
    const f = new ControlFixture();
    project(f, { NPM_TOKEN: { value: 'npm_abcdefghijklmnop' } });
    expect(f.status(ID, 'Build/Resource')).toBe('FAIL');
    expect(f.message(ID, 'Build/Resource')).toMatch(/build environment variable NPM_TOKEN: literal value of a secret-like name \(npm_\*\*\*\)/);
  });
  test('UNVERIFIABLE given a secret-like variable whose Type comes from a parameter', () => {
    const f = new ControlFixture();
    const build = project(f, { NPM_TOKEN: { value: 'npm_abcdefghijklmnop' } });
    (build.node.defaultChild as codebuild.CfnProject).addPropertyOverride('Environment.EnvironmentVariables.0.Type',
      new CfnParameter(f.stack, 'TokenType').valueAsString);
    expect(f.status(ID, 'Build/Resource')).toBe('UNVERIFIABLE');
    expect(f.message(ID, 'Build/Resource')).toMatch(/the Type of build environment variable NPM_TOKEN cannot be resolved/);
  });
  test('N/A given no environment variables', () => {
    const f = new ControlFixture();
    project(f, {});
    expect(f.status(ID, 'Build/Resource')).toBe('N/A');
  });
});

describe('General.NoPlaintextSecrets: Step Functions definitions', () => {
  test('PASS given a definition without secrets', () => {
    const f = new ControlFixture();
    new sfn.StateMachine(f.stack, 'Flow', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(f.stack, 'Start')) });
    expect(f.status(ID, 'Flow/Resource')).toBe('PASS');
  });
  test('fails when an HTTP task sends a literal bearer token, naming its path', () => {
    const f = new ControlFixture();
    new sfn.CfnStateMachine(f.stack, 'Flow', {
      roleArn: 'arn:aws:iam::123456789012:role/flow',
      definitionString: JSON.stringify({
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::http:invoke',
            End: true,
            Parameters: { ApiEndpoint: 'https://api.example.com', Headers: { 'Authorization': `Bearer ${JWT}`, 'x-api-key.$': '$.key' }, Method: 'GET' },
          },
        },
      }),
    });
    expect(f.status(ID, 'Flow')).toBe('FAIL');
    expect(f.message(ID, 'Flow')).toMatch(/DefinitionString.States.Call.Parameters.Headers.Authorization: JSON Web Token \(eyJh\*\*\*\)/);
  });
  test('fails when a definition substitution holds an API key', () => {
    const f = new ControlFixture();
    new sfn.CfnStateMachine(f.stack, 'Flow', {
      roleArn: 'arn:aws:iam::123456789012:role/flow',
      definition: { StartAt: 'Done', States: { Done: { Type: 'Pass', Result: { key: '${ApiKey}' }, End: true } } },
      definitionSubstitutions: { ApiKey: 'k-1234567890abcdef' },
    });
    expect(f.status(ID, 'Flow')).toBe('FAIL');
    expect(f.message(ID, 'Flow')).toMatch(/DefinitionSubstitutions ApiKey: literal value of a secret-like name \(k-12\*\*\*\)/);
  });
  test('PASS given a definition whose secret comes through a reference in Fn::Join', () => {
    const f = new ControlFixture();
    new sfn.CfnStateMachine(f.stack, 'Flow', {
      roleArn: 'arn:aws:iam::123456789012:role/flow',
      definitionString: Fn.join('', ['{"StartAt":"Done","States":{"Done":{"Type":"Pass","Result":{"password":"',
        SecretValue.secretsManager('prod/db', { jsonField: 'password' }).unsafeUnwrap(), '"},"End":true}}}']),
    });
    expect(f.status(ID, 'Flow')).toBe('PASS');
  });
});

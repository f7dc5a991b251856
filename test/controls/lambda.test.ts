import { CfnParameter, Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ControlFixture } from './harness';
import { HipaaControls, HipaaSeverity } from '../../src';

const CODE = lambda.Code.fromInline('exports.handler = async () => {};');

function fn(f: ControlFixture, id: string, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  return new lambda.Function(f.stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: CODE, ...props });
}

describe('a compliant function', () => {
  test('passes every Lambda function control', () => {
    const f = new ControlFixture();
    const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    fn(f, 'Fn', {
      environment: { TABLE: 'patients' },
      environmentEncryption: new kms.Key(f.stack, 'Key'),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      deadLetterQueueEnabled: true,
      reservedConcurrentExecutions: 10,
    });
    for (const id of ['Lambda.EnvironmentCustomerKey', 'Lambda.InsideVpc', 'Lambda.DeadLetterQueue', 'Lambda.ReservedConcurrency']) {
      expect([id, f.status(id, 'Fn/Resource')]).toEqual([id, 'PASS']);
    }
  });
});

describe('Lambda.EnvironmentCustomerKey', () => {
  test('FAIL given variables without environmentEncryption (the L2 default)', () => {
    const f = new ControlFixture();
    fn(f, 'Fn', { environment: { TABLE: 'patients' } });
    expect(f.status('Lambda.EnvironmentCustomerKey', 'Fn/Resource')).toBe('FAIL');
    expect(f.message('Lambda.EnvironmentCustomerKey', 'Fn/Resource')).toMatch(/KmsKeyArn is not set, so the AWS-managed aws\/lambda key/);
  });
  test('N/A given no environment variables', () => {
    const f = new ControlFixture();
    fn(f, 'Fn');
    expect(f.status('Lambda.EnvironmentCustomerKey', 'Fn/Resource')).toBe('N/A');
  });
  test('UNVERIFIABLE given an L1 function with a key from a parameter', () => {
    const f = new ControlFixture();
    new lambda.CfnFunction(f.stack, 'Fn', {
      role: 'arn:aws:iam::123456789012:role/fn',
      code: { zipFile: 'x' },
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      environment: { variables: { A: 'b' } },
      kmsKeyArn: new CfnParameter(f.stack, 'KeyArn').valueAsString,
    });
    expect(f.status('Lambda.EnvironmentCustomerKey', 'Fn')).toBe('UNVERIFIABLE');
  });
});

describe('Lambda.InsideVpc', () => {
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    fn(f, 'Fn');
    expect(f.status('Lambda.InsideVpc', 'Fn/Resource')).toBe('FAIL');
    expect(f.message('Lambda.InsideVpc', 'Fn/Resource')).toMatch(/no VpcConfig/);
  });
  test('FAIL given a VpcConfig with security groups and an empty subnet list: the function is not in the VPC', () => {
    const f = new ControlFixture();
    new lambda.CfnFunction(f.stack, 'Fn', {
      role: 'arn:aws:iam::123456789012:role/fn',
      code: { zipFile: 'x' },
      vpcConfig: { subnetIds: [], securityGroupIds: ['sg-0123456789abcdef0'] },
    });
    expect(f.status('Lambda.InsideVpc', 'Fn')).toBe('FAIL');
    expect(f.message('Lambda.InsideVpc', 'Fn')).toMatch(/VpcConfig has an empty SubnetIds list; Lambda attaches a function to a VPC through its subnets/);
  });
  test('FAIL given a VpcConfig without SubnetIds', () => {
    const f = new ControlFixture();
    new lambda.CfnFunction(f.stack, 'Fn', { role: 'arn:aws:iam::123456789012:role/fn', code: { zipFile: 'x' }, vpcConfig: { securityGroupIds: ['sg-0123456789abcdef0'] } });
    expect(f.status('Lambda.InsideVpc', 'Fn')).toBe('FAIL');
    expect(f.message('Lambda.InsideVpc', 'Fn')).toMatch(/has no SubnetIds/);
  });
  test('UNVERIFIABLE given an L1 function with subnets from a parameter', () => {
    const f = new ControlFixture();
    new lambda.CfnFunction(f.stack, 'Fn', {
      role: 'arn:aws:iam::123456789012:role/fn',
      code: { zipFile: 'x' },
      vpcConfig: { subnetIds: new CfnParameter(f.stack, 'Subnets', { type: 'List<AWS::EC2::Subnet::Id>' }).valueAsList, securityGroupIds: ['sg-1'] },
    });
    expect(f.status('Lambda.InsideVpc', 'Fn')).toBe('UNVERIFIABLE');
  });
});

describe('Lambda.DeadLetterQueue', () => {
  test('PASS given an onFailure destination (EventInvokeConfig)', () => {
    const f = new ControlFixture();
    fn(f, 'Fn', { onFailure: new destinations.SqsDestination(new sqs.Queue(f.stack, 'Failures')) });
    expect(f.status('Lambda.DeadLetterQueue', 'Fn/Resource')).toBe('PASS');
  });
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    fn(f, 'Fn');
    expect(f.status('Lambda.DeadLetterQueue', 'Fn/Resource')).toBe('FAIL');
    expect(f.message('Lambda.DeadLetterQueue', 'Fn/Resource')).toMatch(/no DeadLetterConfig and no OnFailure destination/);
  });
  test('FAIL given an onFailure destination on another function only', () => {
    const f = new ControlFixture();
    fn(f, 'Fn');
    fn(f, 'Other', { onFailure: new destinations.SqsDestination(new sqs.Queue(f.stack, 'Failures')) });
    expect(f.status('Lambda.DeadLetterQueue', 'Fn/Resource')).toBe('FAIL');
  });
});

describe('Lambda.ReservedConcurrency', () => {
  test('is a warning cited under the contingency plan, whose fix says why accounts may refuse it', () => {
    const control = HipaaControls.get('Lambda.ReservedConcurrency')!;
    expect([control.severity, control.citations]).toEqual([HipaaSeverity.WARNING, ['164.308(a)(7)(ii)(B)']]);
    expect(control.fix).toMatch(/refuses reservations in accounts without spare concurrency/);
  });
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    fn(f, 'Fn');
    expect(f.status('Lambda.ReservedConcurrency', 'Fn/Resource')).toBe('FAIL');
    expect(f.message('Lambda.ReservedConcurrency', 'Fn/Resource')).toMatch(/ReservedConcurrentExecutions is not set/);
  });
  test('FAIL given 0', () => {
    const f = new ControlFixture();
    fn(f, 'Fn', { reservedConcurrentExecutions: 0 });
    expect(f.status('Lambda.ReservedConcurrency', 'Fn/Resource')).toBe('FAIL');
    expect(f.message('Lambda.ReservedConcurrency', 'Fn/Resource')).toMatch(/throttles every invocation/);
  });
  test('UNVERIFIABLE given the value from a parameter', () => {
    const f = new ControlFixture();
    fn(f, 'Fn', { reservedConcurrentExecutions: new CfnParameter(f.stack, 'Concurrency', { type: 'Number' }).valueAsNumber });
    expect(f.status('Lambda.ReservedConcurrency', 'Fn/Resource')).toBe('UNVERIFIABLE');
  });
});

describe('Lambda.NoPublicInvoke', () => {
  test('PASS given a service principal scoped to a source ARN', () => {
    const f = new ControlFixture();
    const bucket = new s3.Bucket(f.stack, 'Bucket');
    fn(f, 'Fn').addPermission('FromS3', { principal: new iam.ServicePrincipal('s3.amazonaws.com'), sourceArn: bucket.bucketArn, sourceAccount: '123456789012' });
    expect(f.status('Lambda.NoPublicInvoke', 'Fn/FromS3')).toBe('PASS');
  });
  test('PASS given Principal * scoped to the organization', () => {
    const f = new ControlFixture();
    new lambda.CfnPermission(f.stack, 'Permission', { action: 'lambda:InvokeFunction', functionName: 'fn', principal: '*', principalOrgId: 'o-abc123' });
    expect(f.status('Lambda.NoPublicInvoke', 'Permission')).toBe('PASS');
  });
  test('FAIL given grantInvoke to AnyPrincipal', () => {
    const f = new ControlFixture();
    fn(f, 'Fn').grantInvoke(new iam.AnyPrincipal());
    expect(f.status('Lambda.NoPublicInvoke', 'Fn')).toBe('FAIL');
    expect(f.message('Lambda.NoPublicInvoke', 'Fn')).toMatch(/Principal is \* with no SourceArn, SourceAccount or PrincipalOrgID/);
  });
  test('FAIL given a function URL without authentication', () => {
    const f = new ControlFixture();
    fn(f, 'Fn').addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    expect(f.status('Lambda.NoPublicInvoke', 'Fn/invoke-function-url')).toBe('FAIL');
    expect(f.message('Lambda.NoPublicInvoke', 'Fn/invoke-function-url')).toMatch(/anyone on the internet/);
  });
  test('FAIL given an L1 permission for * with FunctionUrlAuthType AWS_IAM', () => {
    const f = new ControlFixture();
    new lambda.CfnPermission(f.stack, 'Permission', { action: 'lambda:InvokeFunctionUrl', functionName: 'fn', principal: '*', functionUrlAuthType: 'AWS_IAM' });
    expect(f.status('Lambda.NoPublicInvoke', 'Permission')).toBe('FAIL');
    expect(f.message('Lambda.NoPublicInvoke', 'Permission')).toMatch(/any principal of any AWS account/);
  });
  test('UNVERIFIABLE given the principal from a parameter', () => {
    const f = new ControlFixture();
    new lambda.CfnPermission(f.stack, 'Permission', { action: 'lambda:InvokeFunction', functionName: 'fn', principal: new CfnParameter(f.stack, 'Who').valueAsString });
    expect(f.status('Lambda.NoPublicInvoke', 'Permission')).toBe('UNVERIFIABLE');
  });
});

describe('Lambda.FunctionUrlAuth', () => {
  test('PASS given AWS_IAM', () => {
    const f = new ControlFixture();
    fn(f, 'Fn').addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    expect(f.status('Lambda.FunctionUrlAuth', 'Fn/FunctionUrl')).toBe('PASS');
  });
  test('FAIL given NONE', () => {
    const f = new ControlFixture();
    fn(f, 'Fn').addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    expect(f.status('Lambda.FunctionUrlAuth', 'Fn/FunctionUrl')).toBe('FAIL');
    expect(f.message('Lambda.FunctionUrlAuth', 'Fn/FunctionUrl')).toMatch(/AuthType is NONE/);
  });
  test('FAIL given an L1 URL with AuthType NONE', () => {
    const f = new ControlFixture();
    new lambda.CfnUrl(f.stack, 'Url', { authType: 'NONE', targetFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn' });
    expect(f.status('Lambda.FunctionUrlAuth', 'Url')).toBe('FAIL');
  });
  test('UNVERIFIABLE given AuthType from a parameter', () => {
    const f = new ControlFixture();
    new lambda.CfnUrl(f.stack, 'Url', { authType: new CfnParameter(f.stack, 'Auth').valueAsString, targetFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:fn' });
    expect(f.status('Lambda.FunctionUrlAuth', 'Url')).toBe('UNVERIFIABLE');
  });
});

describe('Lambda.ServicePermissionScoped', () => {
  const ID = 'Lambda.ServicePermissionScoped';
  test('PASS given the permissions aws-cdk-lib writes for S3 notifications, SNS subscriptions and EventBridge rules', () => {
    const f = new ControlFixture();
    const handler = fn(f, 'Fn');
    const bucket = new s3.Bucket(f.stack, 'Bucket');
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(handler));
    new sns.Topic(f.stack, 'Topic').addSubscription(new subscriptions.LambdaSubscription(handler));
    new events.Rule(f.stack, 'Rule', { schedule: events.Schedule.rate(Duration.hours(1)), targets: [new targets.LambdaFunction(handler)] });
    const permissions = f.stack.node.findAll().filter((c): c is lambda.CfnPermission => c instanceof lambda.CfnPermission);
    expect(permissions.length).toBe(3);
    for (const p of permissions) expect(f.status(ID, p.node.path)).toBe('PASS');
  });
  test('PASS given SourceAccount from a parameter', () => {
    const f = new ControlFixture();
    new lambda.CfnPermission(f.stack, 'Permission', {
      action: 'lambda:InvokeFunction', functionName: 'fn', principal: 'config.amazonaws.com', sourceAccount: new CfnParameter(f.stack, 'Account').valueAsString,
    });
    expect(f.status(ID, 'Permission')).toBe('PASS');
  });
  test('FAIL given grantInvoke to a service principal', () => {
    const f = new ControlFixture();
    fn(f, 'Fn').grantInvoke(new iam.ServicePrincipal('sns.amazonaws.com'));
    expect(f.status(ID, 'Fn')).toBe('FAIL');
    expect(f.message(ID, 'Fn')).toMatch(/Principal is sns\.amazonaws\.com with no SourceArn or SourceAccount.*any AWS account/);
  });
  test('FAIL given the permission a Secrets Manager RotationSchedule writes', () => {
    const f = new ControlFixture();
    const secret = new secretsmanager.Secret(f.stack, 'Secret');
    secret.addRotationSchedule('Rotation', { rotationLambda: fn(f, 'Rotator') });
    expect(f.status(ID, 'Rotator')).toBe('FAIL');
    expect(f.message(ID, 'Rotator')).toMatch(/secretsmanager\.amazonaws\.com/);
  });
  test('FAIL given an L1 permission whose SourceArn is only a wildcard', () => {
    const f = new ControlFixture();
    new lambda.CfnPermission(f.stack, 'Permission', { action: 'lambda:InvokeFunction', functionName: 'fn', principal: 'events.amazonaws.com', sourceArn: '*' });
    expect(f.status(ID, 'Permission')).toBe('FAIL');
  });
  test('N/A given an account, a role, an Alexa principal or * (Lambda.NoPublicInvoke judges *)', () => {
    const f = new ControlFixture();
    const handler = fn(f, 'Fn');
    handler.grantInvoke(new iam.AccountPrincipal('123456789012'));
    new lambda.CfnPermission(f.stack, 'Alexa', { action: 'lambda:InvokeFunction', functionName: 'fn', principal: 'alexa-appkit.amazon.com', eventSourceToken: 'amzn1.ask.skill.1' });
    new lambda.CfnPermission(f.stack, 'Everyone', { action: 'lambda:InvokeFunction', functionName: 'fn', principal: '*', principalOrgId: 'o-abc123' });
    expect(f.status(ID, 'Fn')).toBe('N/A');
    expect(f.status(ID, 'Alexa')).toBe('N/A');
    expect(f.status(ID, 'Everyone')).toBe('N/A');
  });
  test('UNVERIFIABLE given the principal from a parameter', () => {
    const f = new ControlFixture();
    new lambda.CfnPermission(f.stack, 'Permission', { action: 'lambda:InvokeFunction', functionName: 'fn', principal: new CfnParameter(f.stack, 'Who').valueAsString });
    expect(f.status(ID, 'Permission')).toBe('UNVERIFIABLE');
  });
  test('is a warning', () => {
    expect(HipaaControls.get(ID)?.severity).toBe(HipaaSeverity.WARNING);
  });
});

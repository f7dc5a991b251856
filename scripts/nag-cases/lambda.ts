import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagCase } from './types';

/** A Node.js function with inline code; `props` adds or overrides properties. */
function fn(stack: Stack, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  return new lambda.Function(stack, 'Function', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
    ...props,
  });
}

/** A raw function resource (no role construct); `props` adds or overrides properties. */
function cfnFunction(stack: Stack, props: Partial<lambda.CfnFunctionProps> = {}): string {
  new lambda.CfnFunction(stack, 'Function', {
    role: 'arn:aws:iam::123456789012:role/function-role',
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    code: { zipFile: 'exports.handler = async () => {};' },
    ...props,
  });
  return 'Function';
}

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:intake';

const CONCURRENCY: NagCase[] = [
  {
    rule: 'LambdaConcurrency',
    compliant: true,
    title: 'function with reserved concurrency',
    build: (stack) => {
      fn(stack, { reservedConcurrentExecutions: 10 });
      return 'Function/Resource';
    },
  },
  {
    rule: 'LambdaConcurrency',
    compliant: false,
    title: 'function without reserved concurrency',
    build: (stack) => {
      fn(stack);
      return 'Function/Resource';
    },
  },
  {
    rule: 'LambdaConcurrency',
    compliant: false,
    title: 'reserved concurrency of zero (function throttled)',
    build: (stack) => {
      fn(stack, { reservedConcurrentExecutions: 0 });
      return 'Function/Resource';
    },
  },
];

const DLQ: NagCase[] = [
  {
    rule: 'LambdaDLQ',
    compliant: true,
    title: 'dead-letter queue created by the function',
    build: (stack) => {
      fn(stack, { deadLetterQueueEnabled: true });
      return 'Function/Resource';
    },
  },
  {
    rule: 'LambdaDLQ',
    compliant: true,
    title: 'dead-letter SNS topic',
    build: (stack) => {
      fn(stack, { deadLetterTopic: new sns.Topic(stack, 'DeadLetters') });
      return 'Function/Resource';
    },
  },
  {
    rule: 'LambdaDLQ',
    compliant: false,
    title: 'function without a dead-letter target',
    build: (stack) => {
      fn(stack);
      return 'Function/Resource';
    },
  },
  {
    rule: 'LambdaDLQ',
    compliant: false,
    title: 'on-failure destination instead of a dead-letter queue',
    build: (stack) => {
      fn(stack, { onFailure: new destinations.SqsDestination(new sqs.Queue(stack, 'Failures')) });
      return 'Function/Resource';
    },
  },
  {
    rule: 'LambdaDLQ',
    compliant: false,
    title: 'L1 dead-letter config without a target ARN',
    build: (stack) => cfnFunction(stack, { deadLetterConfig: {} }),
  },
];

const PUBLIC_ACCESS: NagCase[] = [
  {
    rule: 'LambdaFunctionPublicAccessProhibited',
    compliant: true,
    title: 'S3 may invoke the function for one bucket',
    build: (stack) => {
      fn(stack).addPermission('S3Invoke', {
        principal: new iam.ServicePrincipal('s3.amazonaws.com'),
        sourceArn: 'arn:aws:s3:::patient-uploads',
        sourceAccount: '123456789012',
      });
      return 'Function/S3Invoke';
    },
  },
  {
    rule: 'LambdaFunctionPublicAccessProhibited',
    compliant: true,
    title: 'any principal, limited to the organization',
    build: (stack) => {
      new lambda.CfnPermission(stack, 'Permission', {
        action: 'lambda:InvokeFunction',
        functionName: FUNCTION_ARN,
        principal: '*',
        principalOrgId: 'o-abcdefghij',
      });
      return 'Permission';
    },
  },
  {
    rule: 'LambdaFunctionPublicAccessProhibited',
    compliant: true,
    title: 'any principal, limited to one source ARN',
    build: (stack) => {
      new lambda.CfnPermission(stack, 'Permission', {
        action: 'lambda:InvokeFunction',
        functionName: FUNCTION_ARN,
        principal: '*',
        sourceArn: 'arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*/GET/records',
      });
      return 'Permission';
    },
  },
  {
    rule: 'LambdaFunctionPublicAccessProhibited',
    compliant: false,
    title: 'any principal may invoke the function',
    build: (stack) => {
      fn(stack).addPermission('Public', { principal: new iam.AnyPrincipal() });
      return 'Function/Public';
    },
  },
  {
    rule: 'LambdaFunctionPublicAccessProhibited',
    compliant: false,
    title: 'function URL without authentication',
    build: (stack) => {
      fn(stack).addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
      return 'Function/invoke-function-url';
    },
  },
  {
    rule: 'LambdaFunctionPublicAccessProhibited',
    compliant: false,
    title: 'L1 permission for any principal with no condition',
    build: (stack) => {
      new lambda.CfnPermission(stack, 'Permission', { action: 'lambda:InvokeFunction', functionName: FUNCTION_ARN, principal: '*' });
      return 'Permission';
    },
  },
];

const INSIDE_VPC: NagCase[] = [
  {
    rule: 'LambdaInsideVPC',
    compliant: true,
    title: 'function in private subnets of a VPC',
    build: (stack) => {
      fn(stack, { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }), timeout: Duration.seconds(30) });
      return 'Function/Resource';
    },
  },
  {
    rule: 'LambdaInsideVPC',
    compliant: true,
    title: 'L1 VPC config with subnets only',
    build: (stack) => cfnFunction(stack, { vpcConfig: { subnetIds: ['subnet-0123456789abcdef0'] } }),
  },
  {
    rule: 'LambdaInsideVPC',
    compliant: false,
    title: 'function outside any VPC',
    build: (stack) => {
      fn(stack);
      return 'Function/Resource';
    },
  },
  {
    rule: 'LambdaInsideVPC',
    compliant: false,
    title: 'L1 VPC config with empty subnet and security group lists',
    build: (stack) => cfnFunction(stack, { vpcConfig: { subnetIds: [], securityGroupIds: [] } }),
  },
];

export const CASES: readonly NagCase[] = [...CONCURRENCY, ...DLQ, ...PUBLIC_ACCESS, ...INSIDE_VPC];

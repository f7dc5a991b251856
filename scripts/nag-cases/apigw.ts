import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { NagCase } from './types';

/** A REST API with a GET method on /patients (mock unless `integration`); returns the path of its `prod` stage. */
function api(stack: Stack, deployOptions: apigw.StageOptions = {}, integration: apigw.Integration = new apigw.MockIntegration()): string {
  const rest = new apigw.RestApi(stack, 'Api', { deployOptions, cloudWatchRole: false });
  rest.root.addResource('patients').addMethod('GET', integration, { authorizationType: apigw.AuthorizationType.IAM });
  return 'Api/DeploymentStage.prod/Resource';
}

const httpBackend = () => new apigw.HttpIntegration('https://records.internal.example.com/patients');

/** An L1 stage of an L1 REST API; `props` adds or overrides stage properties. */
function cfnStage(stack: Stack, props: Partial<apigw.CfnStageProps>): string {
  const rest = new apigw.CfnRestApi(stack, 'Api', { name: 'patients' });
  const method = new apigw.CfnMethod(stack, 'Get', {
    restApiId: rest.ref, resourceId: rest.attrRootResourceId, httpMethod: 'GET', authorizationType: 'AWS_IAM', integration: { type: 'MOCK' },
  });
  const deployment = new apigw.CfnDeployment(stack, 'Deployment', { restApiId: rest.ref });
  deployment.addDependency(method);
  new apigw.CfnStage(stack, 'Stage', { restApiId: rest.ref, deploymentId: deployment.ref, stageName: 'prod', ...props });
  return 'Stage';
}

export const CASES: readonly NagCase[] = [
  // APIGWCacheEnabledAndEncrypted: a `*` `/*` method setting with caching on and cache data encrypted
  {
    rule: 'APIGWCacheEnabledAndEncrypted',
    compliant: true,
    title: 'stage caches every method and encrypts the cache',
    build: (stack) => api(stack, { cacheClusterEnabled: true, cachingEnabled: true, cacheDataEncrypted: true }),
  },
  {
    rule: 'APIGWCacheEnabledAndEncrypted',
    compliant: true,
    title: 'L1 stage with an encrypted cache method setting for */*',
    build: (stack) => cfnStage(stack, {
      cacheClusterEnabled: true,
      cacheClusterSize: '0.5',
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', cachingEnabled: true, cacheDataEncrypted: true }],
    }),
  },
  {
    rule: 'APIGWCacheEnabledAndEncrypted',
    compliant: false,
    title: 'stage with the defaults: no cache',
    build: (stack) => api(stack),
  },
  {
    rule: 'APIGWCacheEnabledAndEncrypted',
    compliant: false,
    title: 'stage caches every method without encrypting the cache',
    build: (stack) => api(stack, { cacheClusterEnabled: true, cachingEnabled: true }),
  },
  {
    rule: 'APIGWCacheEnabledAndEncrypted',
    compliant: false,
    title: 'encrypted cache on one method only, not on */*',
    build: (stack) => api(stack, {
      cacheClusterEnabled: true,
      methodOptions: { '/patients/GET': { cachingEnabled: true, cacheDataEncrypted: true } },
    }),
  },
  // APIGWExecutionLoggingEnabled: a `*` `/*` method setting with logging level ERROR or INFO
  {
    rule: 'APIGWExecutionLoggingEnabled',
    compliant: true,
    title: 'stage logs every method at INFO',
    build: (stack) => api(stack, { loggingLevel: apigw.MethodLoggingLevel.INFO }),
  },
  {
    rule: 'APIGWExecutionLoggingEnabled',
    compliant: true,
    title: 'stage logs every method at ERROR',
    build: (stack) => api(stack, { loggingLevel: apigw.MethodLoggingLevel.ERROR }),
  },
  {
    rule: 'APIGWExecutionLoggingEnabled',
    compliant: false,
    title: 'stage with the defaults: no execution logging',
    build: (stack) => api(stack),
  },
  {
    rule: 'APIGWExecutionLoggingEnabled',
    compliant: false,
    title: 'stage with execution logging OFF',
    build: (stack) => api(stack, { loggingLevel: apigw.MethodLoggingLevel.OFF }),
  },
  {
    rule: 'APIGWExecutionLoggingEnabled',
    compliant: false,
    title: 'L1 stage logging one method only',
    build: (stack) => cfnStage(stack, { methodSettings: [{ httpMethod: 'GET', resourcePath: '/~1', loggingLevel: 'INFO' }] }),
  },
  // APIGWSSLEnabled: the stage has a client certificate for calls to the backend
  {
    rule: 'APIGWSSLEnabled',
    compliant: true,
    title: 'stage proxying to an HTTP backend with a client certificate',
    build: (stack) => {
      const cert = new apigw.CfnClientCertificate(stack, 'ClientCert', { description: 'backend mTLS' });
      return api(stack, { clientCertificateId: cert.ref }, httpBackend());
    },
  },
  {
    rule: 'APIGWSSLEnabled',
    compliant: false,
    title: 'stage proxying to an HTTP backend without a client certificate',
    build: (stack) => api(stack, {}, httpBackend()),
  },
  {
    rule: 'APIGWSSLEnabled',
    compliant: false,
    title: 'stage of a mock-only API without a client certificate',
    build: (stack) => api(stack),
  },
  {
    rule: 'APIGWSSLEnabled',
    compliant: false,
    title: 'L1 stage of a mock-only API without a client certificate',
    build: (stack) => cfnStage(stack, {}),
  },
  {
    rule: 'APIGWSSLEnabled',
    compliant: false,
    title: 'L1 stage of an API whose methods are not in the app, without a client certificate',
    build: (stack) => {
      const rest = new apigw.CfnRestApi(stack, 'Api', { name: 'patients' });
      new apigw.CfnStage(stack, 'Stage', { restApiId: rest.ref, deploymentId: 'abc123', stageName: 'prod' });
      return 'Stage';
    },
  },
  // APIGWXrayEnabled: TracingEnabled true
  {
    rule: 'APIGWXrayEnabled',
    compliant: true,
    title: 'stage with X-Ray tracing',
    build: (stack) => api(stack, { tracingEnabled: true }),
  },
  {
    rule: 'APIGWXrayEnabled',
    compliant: false,
    title: 'stage with the defaults: no tracing',
    build: (stack) => api(stack),
  },
  {
    rule: 'APIGWXrayEnabled',
    compliant: false,
    title: 'L1 stage with tracing turned off',
    build: (stack) => cfnStage(stack, { tracingEnabled: false }),
  },
];

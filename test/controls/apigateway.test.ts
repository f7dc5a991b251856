import { CfnParameter } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ControlFixture } from './harness';

const STAGE = 'Api/DeploymentStage.prod';

function restApi(f: ControlFixture, deployOptions: apigateway.StageOptions = {}): apigateway.RestApi {
  const api = new apigateway.RestApi(f.stack, 'Api', { deployOptions });
  api.root.addMethod('GET');
  return api;
}

function certificate(f: ControlFixture): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(f.stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
}

describe('a compliant REST API stage', () => {
  test('passes every stage control', () => {
    const f = new ControlFixture();
    restApi(f, {
      loggingLevel: apigateway.MethodLoggingLevel.ERROR,
      accessLogDestination: new apigateway.LogGroupLogDestination(new logs.LogGroup(f.stack, 'AccessLogs')),
      cacheClusterEnabled: true,
      cachingEnabled: true,
      cacheDataEncrypted: true,
      clientCertificateId: 'abc123',
      tracingEnabled: true,
    });
    for (const id of ['APIGateway.ExecutionLogging', 'APIGateway.AccessLogging', 'APIGateway.CacheEncrypted', 'APIGateway.ClientCertificate', 'APIGateway.XrayTracing']) {
      expect([id, f.status(id, STAGE)]).toEqual([id, 'PASS']);
    }
  });
});

describe('APIGateway.ExecutionLogging', () => {
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    restApi(f);
    expect(f.status('APIGateway.ExecutionLogging', STAGE)).toBe('FAIL');
    expect(f.message('APIGateway.ExecutionLogging', STAGE)).toMatch(/execution logging for all methods is not configured/);
  });
  test('FAIL given loggingLevel OFF', () => {
    const f = new ControlFixture();
    restApi(f, { loggingLevel: apigateway.MethodLoggingLevel.OFF });
    expect(f.status('APIGateway.ExecutionLogging', STAGE)).toBe('FAIL');
    expect(f.message('APIGateway.ExecutionLogging', STAGE)).toMatch(/is OFF/);
  });
  test('UNVERIFIABLE given an L1 stage with the level from a parameter', () => {
    const f = new ControlFixture();
    new apigateway.CfnStage(f.stack, 'Stage', {
      restApiId: 'abc',
      deploymentId: 'def',
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', loggingLevel: new CfnParameter(f.stack, 'Level').valueAsString }],
    });
    expect(f.status('APIGateway.ExecutionLogging', 'Stage')).toBe('UNVERIFIABLE');
  });
});

describe('APIGateway.AccessLogging', () => {
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    restApi(f);
    expect(f.status('APIGateway.AccessLogging', STAGE)).toBe('FAIL');
    expect(f.message('APIGateway.AccessLogging', STAGE)).toMatch(/AccessLogSetting is not set/);
  });
});

describe('APIGateway.CacheEncrypted', () => {
  test('N/A given no cache cluster (the L2 default)', () => {
    const f = new ControlFixture();
    restApi(f);
    expect(f.status('APIGateway.CacheEncrypted', STAGE)).toBe('N/A');
  });
  test('FAIL given a cache cluster without cacheDataEncrypted', () => {
    const f = new ControlFixture();
    restApi(f, { cacheClusterEnabled: true, cachingEnabled: true });
    expect(f.status('APIGateway.CacheEncrypted', STAGE)).toBe('FAIL');
    expect(f.message('APIGateway.CacheEncrypted', STAGE)).toMatch(/CacheDataEncrypted is not true for \* \/\*/);
  });
  test('FAIL given a method override that caches unencrypted', () => {
    const f = new ControlFixture();
    restApi(f, {
      cacheClusterEnabled: true,
      cachingEnabled: true,
      cacheDataEncrypted: true,
      methodOptions: { '/records/GET': { cachingEnabled: true, cacheDataEncrypted: false } },
    });
    expect(f.status('APIGateway.CacheEncrypted', STAGE)).toBe('FAIL');
    expect(f.message('APIGateway.CacheEncrypted', STAGE)).toMatch(/without CacheDataEncrypted for GET \/~1records/);
  });
  test('UNVERIFIABLE given the cache flag from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Cache');
    new apigateway.CfnStage(f.stack, 'Stage', { restApiId: 'abc', deploymentId: 'def', cacheClusterEnabled: p.valueAsString as any });
    expect(f.status('APIGateway.CacheEncrypted', 'Stage')).toBe('UNVERIFIABLE');
  });
});

describe('APIGateway.ClientCertificate', () => {
  test('FAIL given an HTTP proxy integration without a client certificate', () => {
    const f = new ControlFixture();
    restApi(f).root.addResource('records').addMethod('POST', new apigateway.HttpIntegration('https://backend.example.com/records'));
    expect(f.status('APIGateway.ClientCertificate', STAGE)).toBe('FAIL');
    expect(f.message('APIGateway.ClientCertificate', STAGE)).toMatch(/HTTP_PROXY integrations and ClientCertificateId is not set/);
  });
  test('FAIL given an inline OpenAPI body with an HTTP integration', () => {
    const f = new ControlFixture();
    const api = new apigateway.CfnRestApi(f.stack, 'Spec', {
      body: { openapi: '3.0.1', paths: { '/records': { get: { 'x-amazon-apigateway-integration': { type: 'http', uri: 'https://backend.example.com' } } } } },
    });
    new apigateway.CfnStage(f.stack, 'Stage', { restApiId: api.ref, deploymentId: 'def' });
    expect(f.status('APIGateway.ClientCertificate', 'Stage')).toBe('FAIL');
  });
  test('N/A given Lambda proxy and mock integrations only (no HTTP backend to verify a certificate)', () => {
    const f = new ControlFixture();
    const handler = new lambda.Function(f.stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};') });
    const api = new apigateway.RestApi(f.stack, 'Api', { defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] } });
    api.root.addProxy({ defaultIntegration: new apigateway.LambdaIntegration(handler) });
    api.root.addResource('health').addMethod('GET', new apigateway.MockIntegration());
    expect(f.status('APIGateway.ClientCertificate', STAGE)).toBe('N/A');
  });
  test('UNVERIFIABLE given a stage of a REST API outside the app', () => {
    const f = new ControlFixture();
    new apigateway.CfnStage(f.stack, 'Stage', { restApiId: 'abc', deploymentId: 'def' });
    expect(f.status('APIGateway.ClientCertificate', 'Stage')).toBe('UNVERIFIABLE');
    expect(f.message('APIGateway.ClientCertificate', 'Stage')).toMatch(/outside the app/);
  });
  test('UNVERIFIABLE given a REST API of the app whose methods are not in the app', () => {
    const f = new ControlFixture();
    const api = new apigateway.CfnRestApi(f.stack, 'Rest', { name: 'rest' });
    new apigateway.CfnStage(f.stack, 'Stage', { restApiId: api.ref, deploymentId: 'def' });
    expect(f.status('APIGateway.ClientCertificate', 'Stage')).toBe('UNVERIFIABLE');
    expect(f.message('APIGateway.ClientCertificate', 'Stage')).toMatch(/no methods in the app/);
  });
  test('UNVERIFIABLE given an integration type from a parameter', () => {
    const f = new ControlFixture();
    const api = new apigateway.CfnRestApi(f.stack, 'Rest', { name: 'rest' });
    new apigateway.CfnMethod(f.stack, 'Method', {
      restApiId: api.ref,
      resourceId: api.attrRootResourceId,
      httpMethod: 'GET',
      authorizationType: 'AWS_IAM',
      integration: { type: new CfnParameter(f.stack, 'Type').valueAsString },
    });
    new apigateway.CfnStage(f.stack, 'Stage', { restApiId: api.ref, deploymentId: 'def' });
    expect(f.status('APIGateway.ClientCertificate', 'Stage')).toBe('UNVERIFIABLE');
  });
});

describe('APIGateway.MethodAuthorization', () => {
  test('PASS given IAM, Cognito and Lambda authorizers', () => {
    const f = new ControlFixture();
    const api = new apigateway.RestApi(f.stack, 'Api');
    const pool = new cognito.UserPool(f.stack, 'Pool');
    const handler = new lambda.Function(f.stack, 'Auth', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};') });
    api.root.addResource('iam').addMethod('GET', undefined, { authorizationType: apigateway.AuthorizationType.IAM });
    api.root.addResource('cognito').addMethod('GET', undefined, { authorizer: new apigateway.CognitoUserPoolsAuthorizer(f.stack, 'Cognito', { cognitoUserPools: [pool] }) });
    api.root.addResource('custom').addMethod('DELETE', undefined, { authorizer: new apigateway.TokenAuthorizer(f.stack, 'Token', { handler }) });
    for (const path of ['Api/Default/iam/GET', 'Api/Default/cognito/GET', 'Api/Default/custom/DELETE']) {
      expect([path, f.status('APIGateway.MethodAuthorization', path)]).toEqual([path, 'PASS']);
    }
  });
  test('FAIL given the RestApi default (no authorizer)', () => {
    const f = new ControlFixture();
    restApi(f);
    expect(f.status('APIGateway.MethodAuthorization', 'Api/Default/GET')).toBe('FAIL');
    expect(f.message('APIGateway.MethodAuthorization', 'Api/Default/GET')).toMatch(/AuthorizationType is NONE on GET, so anyone/);
  });
  test('FAIL given a method that requires an API key only', () => {
    const f = new ControlFixture();
    new apigateway.RestApi(f.stack, 'Api').root.addMethod('POST', undefined, { apiKeyRequired: true });
    expect(f.status('APIGateway.MethodAuthorization', 'Api/Default/POST')).toBe('FAIL');
    expect(f.message('APIGateway.MethodAuthorization', 'Api/Default/POST')).toMatch(/only an API key is required/);
  });
  test('FAIL given an L1 method without AuthorizationType', () => {
    const f = new ControlFixture();
    new apigateway.CfnMethod(f.stack, 'Method', { restApiId: 'abc', resourceId: 'def', httpMethod: 'ANY' });
    expect(f.status('APIGateway.MethodAuthorization', 'Method')).toBe('FAIL');
    expect(f.message('APIGateway.MethodAuthorization', 'Method')).toMatch(/AuthorizationType is not set on ANY/);
  });
  test('N/A given the CORS preflight OPTIONS method', () => {
    const f = new ControlFixture();
    new apigateway.RestApi(f.stack, 'Api', {
      defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] },
      defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM },
    }).root.addMethod('GET');
    expect(f.status('APIGateway.MethodAuthorization', 'Api/Default/OPTIONS')).toBe('N/A');
    expect(f.status('APIGateway.MethodAuthorization', 'Api/Default/GET')).toBe('PASS');
  });
  test('UNVERIFIABLE given AuthorizationType from a parameter', () => {
    const f = new ControlFixture();
    new apigateway.CfnMethod(f.stack, 'Method', { restApiId: 'abc', resourceId: 'def', httpMethod: 'GET', authorizationType: new CfnParameter(f.stack, 'Auth').valueAsString });
    expect(f.status('APIGateway.MethodAuthorization', 'Method')).toBe('UNVERIFIABLE');
  });
});

describe('APIGateway.RouteAuthorization', () => {
  const CODE = lambda.Code.fromInline('exports.handler = async () => {};');
  function handler(f: ControlFixture, id = 'Fn'): lambda.Function {
    return new lambda.Function(f.stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: CODE });
  }
  test('PASS given an HTTP API route with the IAM authorizer', () => {
    const f = new ControlFixture();
    new apigatewayv2.HttpApi(f.stack, 'Http').addRoutes({
      path: '/records', methods: [apigatewayv2.HttpMethod.GET], integration: new integrations.HttpLambdaIntegration('Records', handler(f)), authorizer: new authorizers.HttpIamAuthorizer(),
    });
    expect(f.status('APIGateway.RouteAuthorization', 'Http/GET--records')).toBe('PASS');
  });
  test('FAIL given an HTTP API route without an authorizer (the L2 default)', () => {
    const f = new ControlFixture();
    new apigatewayv2.HttpApi(f.stack, 'Http').addRoutes({ path: '/records', methods: [apigatewayv2.HttpMethod.GET], integration: new integrations.HttpLambdaIntegration('Records', handler(f)) });
    expect(f.status('APIGateway.RouteAuthorization', 'Http/GET--records')).toBe('FAIL');
    expect(f.message('APIGateway.RouteAuthorization', 'Http/GET--records')).toMatch(/AuthorizationType is NONE on route GET \/records/);
  });
  test('N/A given an HTTP API OPTIONS route', () => {
    const f = new ControlFixture();
    const api = new apigatewayv2.CfnApi(f.stack, 'Http', { name: 'http', protocolType: 'HTTP' });
    new apigatewayv2.CfnRoute(f.stack, 'Preflight', { apiId: api.ref, routeKey: 'OPTIONS /{proxy+}' });
    expect(f.status('APIGateway.RouteAuthorization', 'Preflight')).toBe('N/A');
  });
  test('FAIL on $connect without an authorizer; N/A on the other WebSocket routes', () => {
    const f = new ControlFixture();
    new apigatewayv2.WebSocketApi(f.stack, 'Ws', {
      connectRouteOptions: { integration: new integrations.WebSocketLambdaIntegration('Connect', handler(f, 'Connect')) },
      disconnectRouteOptions: { integration: new integrations.WebSocketLambdaIntegration('Disconnect', handler(f, 'Disconnect')) },
    }).addRoute('sendmessage', { integration: new integrations.WebSocketLambdaIntegration('Send', handler(f, 'Send')) });
    expect(f.status('APIGateway.RouteAuthorization', 'Ws/$connect-Route')).toBe('FAIL');
    expect(f.message('APIGateway.RouteAuthorization', 'Ws/$connect-Route')).toMatch(/anyone can open a connection/);
    expect(f.status('APIGateway.RouteAuthorization', 'Ws/$disconnect-Route')).toBe('N/A');
    expect(f.status('APIGateway.RouteAuthorization', 'Ws/sendmessage-Route')).toBe('N/A');
  });
  test('PASS given $connect with a Lambda authorizer', () => {
    const f = new ControlFixture();
    new apigatewayv2.WebSocketApi(f.stack, 'Ws', {
      connectRouteOptions: {
        integration: new integrations.WebSocketLambdaIntegration('Connect', handler(f, 'Connect')),
        authorizer: new authorizers.WebSocketLambdaAuthorizer('Auth', handler(f, 'Auth')),
      },
    });
    expect(f.status('APIGateway.RouteAuthorization', 'Ws/$connect-Route')).toBe('PASS');
  });
  test('UNVERIFIABLE given a route of an API outside the app', () => {
    const f = new ControlFixture();
    new apigatewayv2.CfnRoute(f.stack, 'Route', { apiId: 'abc123', routeKey: 'GET /records', authorizationType: 'NONE' });
    expect(f.status('APIGateway.RouteAuthorization', 'Route')).toBe('UNVERIFIABLE');
    expect(f.message('APIGateway.RouteAuthorization', 'Route')).toMatch(/outside the app/);
  });
});

describe('APIGateway.DomainTlsPolicy', () => {
  test('PASS given SecurityPolicy.TLS_1_2', () => {
    const f = new ControlFixture();
    new apigateway.DomainName(f.stack, 'Domain', { domainName: 'api.example.com', certificate: certificate(f), securityPolicy: apigateway.SecurityPolicy.TLS_1_2 });
    expect(f.status('APIGateway.DomainTlsPolicy', 'Domain')).toBe('PASS');
  });
  test('PASS given an enhanced TLS 1.3 policy', () => {
    const f = new ControlFixture();
    new apigateway.CfnDomainName(f.stack, 'Domain', { domainName: 'api.example.com', securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09' });
    expect(f.status('APIGateway.DomainTlsPolicy', 'Domain')).toBe('PASS');
  });
  test('FAIL given SecurityPolicy.TLS_1_0', () => {
    const f = new ControlFixture();
    new apigateway.DomainName(f.stack, 'Domain', { domainName: 'api.example.com', certificate: certificate(f), securityPolicy: apigateway.SecurityPolicy.TLS_1_0 });
    expect(f.status('APIGateway.DomainTlsPolicy', 'Domain')).toBe('FAIL');
    expect(f.message('APIGateway.DomainTlsPolicy', 'Domain')).toMatch(/TLS_1_0, which accepts TLS versions older than 1.2/);
  });
  test('FAIL given the L2 default (no SecurityPolicy rendered)', () => {
    const f = new ControlFixture();
    new apigateway.DomainName(f.stack, 'Domain', { domainName: 'api.example.com', certificate: certificate(f) });
    expect(f.status('APIGateway.DomainTlsPolicy', 'Domain')).toBe('FAIL');
    expect(f.message('APIGateway.DomainTlsPolicy', 'Domain')).toMatch(/SecurityPolicy is not set/);
  });
  test('PASS given an HTTP API domain name with TLS_1_2', () => {
    const f = new ControlFixture();
    new apigatewayv2.DomainName(f.stack, 'Domain', { domainName: 'api.example.com', certificate: certificate(f), securityPolicy: apigatewayv2.SecurityPolicy.TLS_1_2 });
    expect(f.status('APIGateway.DomainTlsPolicy', 'Domain')).toBe('PASS');
  });
  test('FAIL given an HTTP API domain name without a SecurityPolicy', () => {
    const f = new ControlFixture();
    new apigatewayv2.DomainName(f.stack, 'Domain', { domainName: 'api.example.com', certificate: certificate(f) });
    expect(f.status('APIGateway.DomainTlsPolicy', 'Domain')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the policy from a parameter', () => {
    const f = new ControlFixture();
    new apigateway.CfnDomainName(f.stack, 'Domain', { domainName: 'api.example.com', securityPolicy: new CfnParameter(f.stack, 'Policy').valueAsString });
    expect(f.status('APIGateway.DomainTlsPolicy', 'Domain')).toBe('UNVERIFIABLE');
  });
});

describe('APIGateway.HttpApiAccessLogging', () => {
  test('PASS given accessLogSettings', () => {
    const f = new ControlFixture();
    const api = new apigatewayv2.HttpApi(f.stack, 'Http', { createDefaultStage: false });
    api.addStage('Prod', {
      stageName: 'prod',
      accessLogSettings: { destination: new apigatewayv2.LogGroupLogDestination(new logs.LogGroup(f.stack, 'AccessLogs')) },
    });
    expect(f.status('APIGateway.HttpApiAccessLogging', 'Http/Prod')).toBe('PASS');
  });
  test('FAIL given the L2 default stage', () => {
    const f = new ControlFixture();
    new apigatewayv2.HttpApi(f.stack, 'Http');
    expect(f.status('APIGateway.HttpApiAccessLogging', 'Http/DefaultStage')).toBe('FAIL');
    expect(f.message('APIGateway.HttpApiAccessLogging', 'Http/DefaultStage')).toMatch(/AccessLogSettings is not set/);
  });
});

describe('APIGateway.XrayTracing', () => {
  test('PASS given deployOptions.tracingEnabled', () => {
    const f = new ControlFixture();
    restApi(f, { tracingEnabled: true });
    expect(f.status('APIGateway.XrayTracing', STAGE)).toBe('PASS');
  });
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    restApi(f);
    expect(f.status('APIGateway.XrayTracing', STAGE)).toBe('FAIL');
    expect(f.message('APIGateway.XrayTracing', STAGE)).toMatch(/TracingEnabled is not set/);
  });
  test('FAIL given tracingEnabled false', () => {
    const f = new ControlFixture();
    restApi(f, { tracingEnabled: false });
    expect(f.status('APIGateway.XrayTracing', STAGE)).toBe('FAIL');
    expect(f.message('APIGateway.XrayTracing', STAGE)).toMatch(/TracingEnabled is false/);
  });
  test('UNVERIFIABLE given the value from a parameter', () => {
    const f = new ControlFixture();
    new apigateway.CfnStage(f.stack, 'Stage', {
      restApiId: 'abc',
      deploymentId: 'def',
      tracingEnabled: new CfnParameter(f.stack, 'Tracing', { type: 'String' }).valueAsString as any,
    });
    expect(f.status('APIGateway.XrayTracing', 'Stage')).toBe('UNVERIFIABLE');
  });
});

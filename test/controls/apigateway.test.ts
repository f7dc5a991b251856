import { CfnParameter } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
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
    });
    for (const id of ['APIGateway.ExecutionLogging', 'APIGateway.AccessLogging', 'APIGateway.CacheEncrypted', 'APIGateway.ClientCertificate']) {
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
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    restApi(f);
    expect(f.status('APIGateway.ClientCertificate', STAGE)).toBe('FAIL');
    expect(f.message('APIGateway.ClientCertificate', STAGE)).toMatch(/ClientCertificateId is not set/);
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

import { CfnParameter } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ControlFixture } from './harness';

/** An inline schema, so the L2 needs no file on disk. */
const SCHEMA: appsync.ISchema = {
  bind: (target) => ({ apiId: (target as appsync.IGraphqlApi).apiId, definition: 'type Patient { id: ID! }\ntype Query { patient(id: ID!): Patient }' }),
};

function api(f: ControlFixture, props: Partial<appsync.GraphqlApiProps> = {}): appsync.GraphqlApi {
  return new appsync.GraphqlApi(f.stack, 'Api', {
    name: 'patients',
    definition: appsync.Definition.fromSchema(SCHEMA),
    authorizationConfig: { defaultAuthorization: { authorizationType: appsync.AuthorizationType.IAM } },
    logConfig: { fieldLogLevel: appsync.FieldLogLevel.ERROR },
    ...props,
  });
}

function cfnApi(f: ControlFixture, props: Partial<appsync.CfnGraphQLApiProps> = {}): appsync.CfnGraphQLApi {
  return new appsync.CfnGraphQLApi(f.stack, 'CfnApi', { name: 'patients', authenticationType: 'AWS_IAM', ...props });
}

describe('AppSync.RequestLogging', () => {
  test.each([appsync.FieldLogLevel.ERROR, appsync.FieldLogLevel.ALL])('PASS given fieldLogLevel %s with the L2\'s role', (level) => {
    const f = new ControlFixture();
    api(f, { logConfig: { fieldLogLevel: level } });
    expect(f.status('AppSync.RequestLogging', 'Api')).toBe('PASS');
  });
  test('fails when there is no logConfig', () => {
    const f = new ControlFixture();
    api(f, { logConfig: undefined });
    expect(f.status('AppSync.RequestLogging', 'Api')).toBe('FAIL');
    expect(f.message('AppSync.RequestLogging', 'Api')).toMatch(/LogConfig is not set/);
  });
  test('fails when logConfig leaves the level at NONE (the L2 default)', () => {
    const f = new ControlFixture();
    api(f, { logConfig: {} });
    expect(f.status('AppSync.RequestLogging', 'Api')).toBe('FAIL');
    expect(f.message('AppSync.RequestLogging', 'Api')).toMatch(/FieldLogLevel is NONE/);
  });
  test('fails when the L1 LogConfig has no role', () => {
    const f = new ControlFixture();
    cfnApi(f, { logConfig: { fieldLogLevel: 'ERROR', cloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/appsync-logs' } })
      .addPropertyDeletionOverride('LogConfig.CloudWatchLogsRoleArn');
    expect(f.status('AppSync.RequestLogging', 'CfnApi')).toBe('FAIL');
    expect(f.message('AppSync.RequestLogging', 'CfnApi')).toMatch(/no CloudWatchLogsRoleArn/);
  });
  test('UNVERIFIABLE given the level from a parameter', () => {
    const f = new ControlFixture();
    cfnApi(f, {
      logConfig: { fieldLogLevel: new CfnParameter(f.stack, 'Level').valueAsString, cloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/appsync-logs' },
    });
    expect(f.status('AppSync.RequestLogging', 'CfnApi')).toBe('UNVERIFIABLE');
  });
});

describe('AppSync.NoApiKeyDefault', () => {
  test('PASS given IAM authorization', () => {
    const f = new ControlFixture();
    api(f);
    expect(f.status('AppSync.NoApiKeyDefault', 'Api')).toBe('PASS');
  });
  test('PASS given a user pool with an API key as an additional mode', () => {
    const f = new ControlFixture();
    const userPool = new cognito.UserPool(f.stack, 'Users');
    api(f, {
      authorizationConfig: {
        defaultAuthorization: { authorizationType: appsync.AuthorizationType.USER_POOL, userPoolConfig: { userPool } },
        additionalAuthorizationModes: [{ authorizationType: appsync.AuthorizationType.API_KEY }],
      },
    });
    expect(f.status('AppSync.NoApiKeyDefault', 'Api')).toBe('PASS');
  });
  test('fails when the L2 defaults to an API key', () => {
    const f = new ControlFixture();
    api(f, { authorizationConfig: undefined });
    expect(f.status('AppSync.NoApiKeyDefault', 'Api')).toBe('FAIL');
    expect(f.message('AppSync.NoApiKeyDefault', 'Api')).toMatch(/AuthenticationType is API_KEY/);
  });
  test('fails when an API key is the default even with additional modes', () => {
    const f = new ControlFixture();
    cfnApi(f, { authenticationType: 'API_KEY', additionalAuthenticationProviders: [{ authenticationType: 'AWS_IAM' }] });
    expect(f.status('AppSync.NoApiKeyDefault', 'CfnApi')).toBe('FAIL');
    expect(f.message('AppSync.NoApiKeyDefault', 'CfnApi')).toMatch(/without an auth directive/);
  });
  test('UNVERIFIABLE given the type from a parameter', () => {
    const f = new ControlFixture();
    cfnApi(f, { authenticationType: new CfnParameter(f.stack, 'Auth').valueAsString });
    expect(f.status('AppSync.NoApiKeyDefault', 'CfnApi')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given no AuthenticationType', () => {
    const f = new ControlFixture();
    cfnApi(f).addPropertyDeletionOverride('AuthenticationType');
    expect(f.status('AppSync.NoApiKeyDefault', 'CfnApi')).toBe('UNVERIFIABLE');
  });
});

describe('AppSync.CacheEncrypted', () => {
  function cache(f: ControlFixture, props: Partial<appsync.CfnApiCacheProps> = {}): appsync.CfnApiCache {
    return new appsync.CfnApiCache(f.stack, 'Cache', { apiId: api(f).apiId, apiCachingBehavior: 'FULL_REQUEST_CACHING', ttl: 300, type: 'SMALL', ...props });
  }
  test('PASS given both flags true', () => {
    const f = new ControlFixture();
    cache(f, { atRestEncryptionEnabled: true, transitEncryptionEnabled: true });
    expect(f.status('AppSync.CacheEncrypted', 'Cache')).toBe('PASS');
  });
  test('PASS given no flags (AppSync always encrypts)', () => {
    const f = new ControlFixture();
    cache(f);
    expect(f.status('AppSync.CacheEncrypted', 'Cache')).toBe('PASS');
  });
  test('fails when transit encryption is false', () => {
    const f = new ControlFixture();
    cache(f, { atRestEncryptionEnabled: true, transitEncryptionEnabled: false });
    expect(f.status('AppSync.CacheEncrypted', 'Cache')).toBe('FAIL');
    expect(f.message('AppSync.CacheEncrypted', 'Cache')).toMatch(/^TransitEncryptionEnabled is false/);
  });
  test('UNVERIFIABLE given a flag from a parameter', () => {
    const f = new ControlFixture();
    const flag = new CfnParameter(f.stack, 'AtRest', { allowedValues: ['true', 'false'] }).valueAsString;
    cache(f, { atRestEncryptionEnabled: flag as any });
    expect(f.status('AppSync.CacheEncrypted', 'Cache')).toBe('UNVERIFIABLE');
  });
});

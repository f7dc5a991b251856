import { APIGATEWAY_AUTH_CONTROLS } from './apigateway-auth';
import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable, Verdict } from './control';
import { TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';
import { bool, dig, isIntrinsic, list, str, Unknown, UNKNOWN } from './values';

const STAGE = 'AWS::ApiGateway::Stage';
const HTTP_STAGE = 'AWS::ApiGatewayV2::Stage';
const REST_API = 'AWS::ApiGateway::RestApi';
const METHOD = 'AWS::ApiGateway::Method';
const DOMAIN_NAMES = ['AWS::ApiGateway::DomainName', 'AWS::ApiGateway::DomainNameV2', 'AWS::ApiGatewayV2::DomainName'];

/** Legacy TLS_1_2 and the enhanced SecurityPolicy_TLS12_* / SecurityPolicy_TLS13_* policies accept TLS 1.2 or later only. */
const MODERN_SECURITY_POLICY = /^(TLS_1_2|SecurityPolicy_TLS1[23]_.*)$/;

/** Whether a method setting applies to every method of every resource. */
function isStageWide(setting: any): boolean {
  return setting?.HttpMethod === '*' && setting?.ResourcePath === '/*';
}

/**
 * APIGateway.ExecutionLogging: the stage writes execution logs for every method.
 * - given MethodSettings for * and /* with LoggingLevel INFO or ERROR, then PASS
 * - given no MethodSettings (the L2 default) or LoggingLevel OFF, then FAIL
 * - given method settings from a parameter, then UNVERIFIABLE
 */
const executionLogging: Control = {
  id: 'APIGateway.ExecutionLogging',
  title: 'API Gateway stage writes execution logs for all methods',
  resourceTypes: [STAGE],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'APIGWExecutionLoggingEnabled',
  fix: 'Set deployOptions.loggingLevel to MethodLoggingLevel.ERROR or INFO (and keep dataTraceEnabled off so bodies with PHI are not logged).',
  check: (r) => {
    const settings = list(r.properties.MethodSettings);
    if (settings === UNKNOWN) return unverifiable('MethodSettings cannot be resolved at synth.');
    const stageWide = settings.find(isStageWide);
    const level = str(stageWide?.LoggingLevel);
    if (level === UNKNOWN) return unverifiable('LoggingLevel cannot be resolved at synth.');
    return level === 'INFO' || level === 'ERROR' ? pass()
      : fail(`execution logging for all methods is ${level ?? 'not configured'}; set LoggingLevel ERROR or INFO for * /*.`);
  },
};

/**
 * APIGateway.AccessLogging: the stage writes access logs (who called what, when).
 * - given AccessLogSetting.DestinationArn, then PASS
 * - given none (the L2 default), then FAIL
 */
const accessLogging: Control = {
  id: 'APIGateway.AccessLogging',
  title: 'API Gateway stage writes access logs',
  resourceTypes: [STAGE],
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set deployOptions.accessLogDestination (a LogGroupLogDestination on a CentralLogGroup).',
  check: (r) => dig(r.properties, 'AccessLogSetting', 'DestinationArn') !== undefined
    ? pass() : fail('AccessLogSetting is not set, so calls to the API are not recorded.'),
};

/**
 * APIGateway.CacheEncrypted: a stage cache encrypts the responses it holds.
 * - given CacheClusterEnabled true and every method setting that caches (the * /* one included) with CacheDataEncrypted true, then PASS
 * - given CacheClusterEnabled true and no * /* setting with CacheDataEncrypted true (GET responses are cached unencrypted), then FAIL
 * - given a method setting with CachingEnabled true and CacheDataEncrypted not true, then FAIL
 * - given no cache cluster (the L2 default; nothing is cached), then N/A
 * - given the flags from a parameter, then UNVERIFIABLE
 * Unlike cdk-nag's APIGWCacheEnabledAndEncrypted, a stage without a cache passes nothing and fails nothing.
 */
const cacheEncrypted: Control = {
  id: 'APIGateway.CacheEncrypted',
  title: 'API Gateway stage cache is encrypted',
  resourceTypes: [STAGE],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'APIGWCacheEnabledAndEncrypted',
  fix: 'Set deployOptions.cacheDataEncrypted: true wherever caching is enabled.',
  check: (r): Verdict => {
    const cluster = bool(r.properties.CacheClusterEnabled);
    if (cluster === UNKNOWN) return unverifiable('CacheClusterEnabled cannot be resolved at synth.');
    if (cluster !== true) return notApplicable();
    const settings = list(r.properties.MethodSettings);
    if (settings === UNKNOWN) return unverifiable('MethodSettings cannot be resolved at synth.');
    const flags = settings.map((s) => [bool(s?.CachingEnabled), bool(s?.CacheDataEncrypted)]);
    if (flags.some(([c, e]) => c === UNKNOWN || e === UNKNOWN)) return unverifiable('CachingEnabled or CacheDataEncrypted cannot be resolved at synth.');
    const stageWide = settings.find(isStageWide);
    if (bool(stageWide?.CacheDataEncrypted) !== true) return fail('the stage has a cache but CacheDataEncrypted is not true for * /*, so cached responses are stored unencrypted.');
    const plain = settings.filter((_, i) => flags[i][0] === true && flags[i][1] !== true);
    return plain.length === 0 ? pass()
      : fail(`caching is enabled without CacheDataEncrypted for ${plain.map((s) => `${s.HttpMethod} ${s.ResourcePath}`).join(', ')}.`);
  },
};

/** Integration types that call an HTTP backend, the only backends that can verify API Gateway's client certificate. */
const HTTP_INTEGRATIONS = new Set(['HTTP', 'HTTP_PROXY']);

/** The `x-amazon-apigateway-integration` types of an inline OpenAPI body ('unknown' for a type synth cannot read). */
function bodyIntegrationTypes(body: unknown): Array<string | Unknown> {
  const types: Array<string | Unknown> = [];
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'x-amazon-apigateway-integration') {
        const type = str(dig(value, 'type'));
        types.push(type === undefined || type === UNKNOWN ? UNKNOWN : type.toUpperCase());
      } else {
        visit(value);
      }
    }
  };
  visit(body);
  return types;
}

/**
 * The integration types of every method of the stage's REST API: from its AWS::ApiGateway::Method
 * resources and an inline OpenAPI body; 'unknown' when the API or its methods cannot be read.
 */
function integrationTypes(stage: RenderedResource, index: ResourceIndex): Array<string | Unknown> | Unknown {
  const api = index.target(stage.properties.RestApiId, stage);
  if (api?.type !== REST_API) return UNKNOWN;
  if (api.properties.BodyS3Location !== undefined || isIntrinsic(api.properties.Body)) return UNKNOWN;
  const methods = index.referencing(api, METHOD).filter((m) => index.target(m.properties.RestApiId, m)?.key === api.key);
  const types: Array<string | Unknown> = bodyIntegrationTypes(api.properties.Body);
  for (const method of methods) {
    const type = str(dig(method.properties, 'Integration', 'Type'));
    if (type !== undefined) types.push(type === UNKNOWN ? UNKNOWN : type.toUpperCase());
  }
  return types;
}

/**
 * APIGateway.ClientCertificate: the stage presents a client certificate so HTTP backends can authenticate API Gateway.
 * Only HTTP and HTTP_PROXY integrations can check a client certificate; Lambda (AWS_PROXY), AWS-service
 * and mock integrations are reached with IAM or not at all, so a certificate would protect nothing.
 * - given ClientCertificateId, then PASS
 * - given a REST API of the app with an HTTP or HTTP_PROXY integration (a Method resource or an inline
 *   OpenAPI body) and no ClientCertificateId, then FAIL (warning)
 * - given a REST API of the app whose methods all use Lambda (AWS_PROXY, AWS), AWS-service or MOCK
 *   integrations, then N/A
 * - given a REST API outside the app, an OpenAPI body in S3 or from a parameter, or an integration type
 *   synth cannot read, then UNVERIFIABLE
 * - given a REST API of the app with no method and no OpenAPI body in the app (its methods are added
 *   elsewhere, e.g. by another app that imports it), then UNVERIFIABLE
 */
const clientCertificate: Control = {
  id: 'APIGateway.ClientCertificate',
  title: 'API Gateway stage presents a client certificate to its HTTP backends',
  resourceTypes: [STAGE],
  citations: ['164.312(d)', '164.312(e)(1)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'APIGWSSLEnabled',
  fix: 'Set deployOptions.clientCertificateId (an apigateway.ClientCertificate) on stages whose API calls HTTP backends.',
  check: (r, index) => {
    if (r.properties.ClientCertificateId !== undefined) return pass();
    const types = integrationTypes(r, index);
    if (types === UNKNOWN) return unverifiable('the stage\'s REST API or its OpenAPI definition is outside the app, so synth cannot see whether it calls an HTTP backend.');
    const http = [...new Set(types.filter((t): t is string => typeof t === 'string' && HTTP_INTEGRATIONS.has(t)))];
    if (http.length > 0) return fail(`the API has ${http.join(' and ')} integrations and ClientCertificateId is not set, so its HTTP backends cannot verify that requests come from API Gateway.`);
    if (types.length === 0) return unverifiable('the stage\'s REST API has no methods in the app, so synth cannot see whether it calls an HTTP backend.');
    if (types.includes(UNKNOWN)) return unverifiable('an integration type of the API cannot be resolved at synth, so synth cannot see whether it calls an HTTP backend.');
    return notApplicable();
  },
};

/**
 * APIGateway.DomainTlsPolicy: a custom domain name accepts TLS 1.2 or later only.
 * - given SecurityPolicy TLS_1_2 or an enhanced SecurityPolicy_TLS12_* / SecurityPolicy_TLS13_* policy (every DomainNameConfiguration for API Gateway v2), then PASS
 * - given SecurityPolicy TLS_1_0, then FAIL
 * - given no SecurityPolicy (the L2 default; the service default is then not pinned by the template), then FAIL
 * - given the policy from a parameter, then UNVERIFIABLE
 */
const domainTlsPolicy: Control = {
  id: 'APIGateway.DomainTlsPolicy',
  title: 'API Gateway custom domain accepts TLS 1.2 or later only',
  resourceTypes: DOMAIN_NAMES,
  citations: TRANSPORT_CITATIONS,
  severity: HipaaSeverity.ERROR,
  fix: 'Set securityPolicy: SecurityPolicy.TLS_1_2 (or an enhanced TLS 1.3 policy) on the domain name.',
  check: (r) => {
    const configurations = r.type === 'AWS::ApiGatewayV2::DomainName' ? list(r.properties.DomainNameConfigurations) : [r.properties];
    if (configurations === UNKNOWN) return unverifiable('DomainNameConfigurations cannot be resolved at synth.');
    if (configurations.length === 0) return fail('no DomainNameConfigurations, so no SecurityPolicy is set.');
    for (const configuration of configurations) {
      const policy = str(configuration?.SecurityPolicy);
      if (policy === UNKNOWN) return unverifiable('SecurityPolicy cannot be resolved at synth.');
      if (policy === undefined) return fail('SecurityPolicy is not set, so the minimum TLS version is a service default the template does not pin.');
      if (!MODERN_SECURITY_POLICY.test(policy)) return fail(`SecurityPolicy is ${policy}, which accepts TLS versions older than 1.2.`);
    }
    return pass();
  },
};

/**
 * APIGateway.HttpApiAccessLogging: an HTTP or WebSocket API stage writes access logs.
 * - given AccessLogSettings.DestinationArn, then PASS
 * - given none (the L2 default), then FAIL
 */
const httpApiAccessLogging: Control = {
  id: 'APIGateway.HttpApiAccessLogging',
  title: 'API Gateway v2 (HTTP/WebSocket) stage writes access logs',
  resourceTypes: [HTTP_STAGE],
  citations: ['164.312(b)', '164.308(a)(1)(ii)(D)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set accessLogSettings on the stage (a LogGroupLogDestination on a CentralLogGroup).',
  check: (r) => dig(r.properties, 'AccessLogSettings', 'DestinationArn') !== undefined
    ? pass() : fail('AccessLogSettings is not set, so calls to the API are not recorded.'),
};

/**
 * APIGateway.XrayTracing: a REST API stage traces requests with AWS X-Ray.
 * - given TracingEnabled true (deployOptions.tracingEnabled), then PASS
 * - given no TracingEnabled (the default: off) or false, then FAIL (warning)
 * - given the value from a parameter, then UNVERIFIABLE
 * HTTP and WebSocket API stages cannot trace with X-Ray, so only AWS::ApiGateway::Stage is covered.
 */
const xrayTracing: Control = {
  id: 'APIGateway.XrayTracing',
  title: 'API Gateway REST API stage traces requests with X-Ray',
  resourceTypes: [STAGE],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'APIGWXrayEnabled',
  rationale: 'Traces follow a request from the API to the functions, databases and services it calls, showing which systems touched the data it carried.',
  fix: 'Set deployOptions.tracingEnabled: true.',
  check: (r) => {
    const enabled = bool(r.properties.TracingEnabled);
    if (enabled === UNKNOWN) return unverifiable('TracingEnabled cannot be resolved at synth.');
    return enabled === true ? pass() : fail(`TracingEnabled is ${enabled === false ? 'false' : 'not set'}, so requests through the stage are not traced.`);
  },
};

export const APIGATEWAY_CONTROLS: readonly Control[] = [
  executionLogging,
  accessLogging,
  cacheEncrypted,
  clientCertificate,
  domainTlsPolicy,
  httpApiAccessLogging,
  xrayTracing,
  ...APIGATEWAY_AUTH_CONTROLS,
];

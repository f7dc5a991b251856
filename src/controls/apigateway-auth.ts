import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { HipaaSeverity } from './severity';
import { bool, str, UNKNOWN } from './values';

const METHOD = 'AWS::ApiGateway::Method';
const ROUTE = 'AWS::ApiGatewayV2::Route';
const API_V2 = 'AWS::ApiGatewayV2::Api';

/** Who may call: the authorizer decides before any integration sees the request. */
const WHO_MAY_CALL = ['164.312(a)(1)', '164.312(d)'];

/** REST API authorization types that authenticate the caller. */
const REST_AUTHENTICATING = new Set(['AWS_IAM', 'COGNITO_USER_POOLS', 'CUSTOM']);

/** HTTP and WebSocket API authorization types that authenticate the caller. */
const V2_AUTHENTICATING = new Set(['AWS_IAM', 'JWT', 'CUSTOM']);

/**
 * APIGateway.MethodAuthorization: every REST API method but CORS preflight authenticates its caller.
 * - given AuthorizationType AWS_IAM, COGNITO_USER_POOLS or CUSTOM, then PASS
 * - given AuthorizationType NONE or absent (the apigateway.RestApi default) on any method but OPTIONS, then FAIL
 * - given AuthorizationType NONE with ApiKeyRequired true, then FAIL: an API key identifies a client
 *   application for usage plans, it authenticates no person or entity
 * - given HttpMethod OPTIONS (CORS preflight, which browsers send without credentials), then N/A
 * - given AuthorizationType or HttpMethod from a parameter, then UNVERIFIABLE
 */
const methodAuthorization: Control = {
  id: 'APIGateway.MethodAuthorization',
  title: 'API Gateway REST API method requires an authorizer',
  resourceTypes: [METHOD],
  citations: WHO_MAY_CALL,
  severity: HipaaSeverity.ERROR,
  fix: 'Set authorizationType AWS_IAM, COGNITO or CUSTOM with an authorizer on the method, or defaultMethodOptions on the RestApi.',
  check: (r) => {
    const method = str(r.properties.HttpMethod);
    if (method === UNKNOWN) return unverifiable('HttpMethod cannot be resolved at synth.');
    if (method?.toUpperCase() === 'OPTIONS') return notApplicable();
    const type = str(r.properties.AuthorizationType);
    if (type === UNKNOWN) return unverifiable('AuthorizationType cannot be resolved at synth.');
    if (type !== undefined && REST_AUTHENTICATING.has(type.toUpperCase())) return pass();
    const what = `AuthorizationType is ${type ?? 'not set'} on ${method ?? 'the method'}`;
    return bool(r.properties.ApiKeyRequired) === true
      ? fail(`${what} and only an API key is required; an API key identifies a client application, it authenticates no one.`)
      : fail(`${what}, so anyone who can reach the API can call it.`);
  },
};

/**
 * APIGateway.RouteAuthorization: HTTP API routes, and WebSocket APIs at `$connect`, authenticate their caller.
 * WebSocket APIs authorize once, on `$connect` (a Lambda authorizer can be set on no other route), so the
 * other routes of a WebSocket API are judged through their `$connect`.
 * - given AuthorizationType AWS_IAM, JWT or CUSTOM, then PASS
 * - given AuthorizationType NONE or absent (the L2 default) on a route of an HTTP API ($default included), then FAIL
 * - given AuthorizationType NONE or absent on the `$connect` route of a WebSocket API, then FAIL
 * - given any other route of a WebSocket API ($disconnect, $default, custom keys), then N/A
 * - given an HTTP API route for OPTIONS (CORS preflight), then N/A
 * - given an API outside the app (its ProtocolType unknown), or a type, key or protocol from a parameter, then UNVERIFIABLE
 */
const routeAuthorization: Control = {
  id: 'APIGateway.RouteAuthorization',
  title: 'API Gateway HTTP API route or WebSocket $connect route requires an authorizer',
  resourceTypes: [ROUTE],
  citations: WHO_MAY_CALL,
  severity: HipaaSeverity.ERROR,
  fix: 'Set an authorizer (HttpIamAuthorizer, HttpJwtAuthorizer, a Lambda authorizer) on the route, or defaultAuthorizer on the HTTP API; on WebSocket APIs set it on the $connect route.',
  check: (r, index) => {
    const type = str(r.properties.AuthorizationType);
    if (type === UNKNOWN) return unverifiable('AuthorizationType cannot be resolved at synth.');
    if (type !== undefined && V2_AUTHENTICATING.has(type.toUpperCase())) return pass();
    const key = str(r.properties.RouteKey);
    if (key === UNKNOWN || key === undefined) return unverifiable('RouteKey cannot be resolved at synth.');
    const api = index.target(r.properties.ApiId, r);
    const protocol = api?.type === API_V2 ? str(api.properties.ProtocolType) : UNKNOWN;
    if (protocol === UNKNOWN || protocol === undefined) {
      return unverifiable('the route\'s API is outside the app or its ProtocolType cannot be resolved, so synth cannot tell an HTTP API from a WebSocket API.');
    }
    const unauthenticated = `AuthorizationType is ${type ?? 'not set'} on route ${key}`;
    if (protocol.toUpperCase() === 'WEBSOCKET') {
      return key === '$connect' ? fail(`${unauthenticated}, so anyone can open a connection to the WebSocket API.`) : notApplicable();
    }
    if (/^OPTIONS\s/i.test(key)) return notApplicable();
    return fail(`${unauthenticated}, so anyone who can reach the API can call it.`);
  },
};

/** Controls for who may call API Gateway APIs. */
export const APIGATEWAY_AUTH_CONTROLS: readonly Control[] = [
  methodAuthorization,
  routeAuthorization,
];

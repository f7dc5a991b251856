import { Control, fail, pass, unverifiable } from './control';
import { TRANSPORT_CITATIONS } from './policy-statements';
import { HipaaSeverity } from './severity';
import { bool, dig, isIntrinsic, str, UNKNOWN } from './values';

const GRAPHQL_API = 'AWS::AppSync::GraphQLApi';
const API_CACHE = 'AWS::AppSync::ApiCache';

/** Field log levels that record at least the fields that failed. */
const LOGGING_LEVELS = new Set(['ERROR', 'INFO', 'DEBUG', 'ALL']);

/**
 * AppSync.RequestLogging: the GraphQL API writes field-level logs to CloudWatch Logs.
 * ALL (and, with ExcludeVerboseContent false, the other levels' request and response mapping
 * output) writes resolved field values to the log group: PHI the API returns can land in the logs,
 * so the log group needs the same protection as the data (Logs.CustomerManagedKey, Logs.PhiMasking).
 * ERROR records failures without the data of fields that succeeded.
 * - given LogConfig with FieldLogLevel ERROR, INFO, DEBUG or ALL and a CloudWatchLogsRoleArn (appsync.GraphqlApi logConfig), then PASS
 * - given no LogConfig (no logs by default), FieldLogLevel NONE, or no CloudWatchLogsRoleArn, then FAIL (warning)
 * - given LogConfig or the level from a parameter, then UNVERIFIABLE
 */
const requestLogging: Control = {
  id: 'AppSync.RequestLogging',
  title: 'AppSync GraphQL API writes field-level logs to CloudWatch Logs',
  resourceTypes: [GRAPHQL_API],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.WARNING,
  rationale: 'Without logs of the API\'s requests and errors, no one can review who queried or changed PHI through it; ALL also logs the data itself, so the log group must be protected like the data.',
  fix: 'Set logConfig with fieldLogLevel FieldLogLevel.ERROR (ALL logs field values, which may be PHI) and a role that may write CloudWatch Logs.',
  check: (r) => {
    const config = r.properties.LogConfig;
    if (config === undefined) return fail('LogConfig is not set, so the API writes no request or error logs.');
    if (isIntrinsic(config)) return unverifiable('LogConfig cannot be resolved at synth.');
    const level = str(dig(config, 'FieldLogLevel'));
    if (level === UNKNOWN) return unverifiable('LogConfig.FieldLogLevel cannot be resolved at synth.');
    if (level === undefined || !LOGGING_LEVELS.has(level)) return fail(`FieldLogLevel is ${level ?? 'not set'}, so no field-level errors are logged.`);
    const role = dig(config, 'CloudWatchLogsRoleArn');
    if (role === undefined || role === '') return fail('LogConfig has no CloudWatchLogsRoleArn, so AppSync cannot write its logs.');
    return pass();
  },
};

/**
 * AppSync.NoApiKeyDefault: the GraphQL API's default authorization identifies users or services, not a shared API key.
 * The default (primary) AuthenticationType applies to every type and field without an auth directive;
 * additional providers only cover the fields annotated for them.
 * - given AuthenticationType AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT, AWS_IAM or AWS_LAMBDA, then PASS
 * - given AuthenticationType API_KEY (the appsync.GraphqlApi default when no authorizationConfig is given), then FAIL
 * - given the type from a parameter, or absent (CloudFormation requires it), then UNVERIFIABLE
 */
const noApiKeyDefault: Control = {
  id: 'AppSync.NoApiKeyDefault',
  title: 'AppSync GraphQL API does not use an API key as its default authorization',
  resourceTypes: [GRAPHQL_API],
  citations: ['164.312(a)(1)', '164.312(d)'],
  severity: HipaaSeverity.ERROR,
  rationale: 'An API key is a shared secret shipped in clients: it identifies no person or entity, so anyone holding it reads every field it guards.',
  fix: 'Set authorizationConfig.defaultAuthorization to AuthorizationType.USER_POOL, OIDC, IAM or LAMBDA; keep an API key, if any, as an additional mode on public fields only.',
  check: (r) => {
    const type = str(r.properties.AuthenticationType);
    if (type === UNKNOWN) return unverifiable('AuthenticationType cannot be resolved at synth.');
    if (type === undefined) return unverifiable('AuthenticationType is not set; CloudFormation requires it, so the API\'s authorization cannot be judged.');
    if (type === 'API_KEY') {
      return fail('AuthenticationType is API_KEY, so every type and field without an auth directive is open to anyone holding the shared key.');
    }
    return pass();
  },
};

/**
 * AppSync.CacheEncrypted: the API cache keeps cached responses encrypted at rest and in transit.
 * AppSync deprecated both flags and now encrypts every new cache; a template that sets either to
 * false asks for what the service no longer gives, or describes a cache created without it.
 * - given AtRestEncryptionEnabled and TransitEncryptionEnabled true, or absent (the service now always encrypts), then PASS
 * - given either false, then FAIL
 * - given either from a parameter, then UNVERIFIABLE
 */
const cacheEncrypted: Control = {
  id: 'AppSync.CacheEncrypted',
  title: 'AppSync API cache is encrypted at rest and in transit',
  resourceTypes: [API_CACHE],
  citations: ['164.312(a)(2)(iv)', ...TRANSPORT_CITATIONS],
  severity: HipaaSeverity.ERROR,
  rationale: 'The cache holds resolver responses, which are PHI when the API serves it.',
  fix: 'Remove atRestEncryptionEnabled and transitEncryptionEnabled (AppSync now always encrypts) or set both to true.',
  check: (r) => {
    const flags = ['AtRestEncryptionEnabled', 'TransitEncryptionEnabled'].map((name) => ({ name, value: bool(r.properties[name]) }));
    const off = flags.filter((f) => f.value === false);
    if (off.length > 0) return fail(`${off.map((f) => f.name).join(' and ')} ${off.length > 1 ? 'are' : 'is'} false, so cached responses may be stored or sent unencrypted.`);
    if (flags.some((f) => f.value === UNKNOWN)) return unverifiable('an encryption flag of the cache cannot be resolved at synth.');
    return pass();
  },
};

export const APPSYNC_CONTROLS: readonly Control[] = [
  requestLogging,
  noApiKeyDefault,
  cacheEncrypted,
];

import { Annotations, ArnFormat, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HipaaKey } from '../../kms/hipaa-key';
import { LOGS_ENCRYPTION_CONTEXT_KEY, LOGS_SERVICE_KEY_ACTIONS } from '../../logs/log-groups';
import { PHI_DATA_IDENTIFIERS, PHI_DATA_PROTECTION_POLICY_NAME } from '../../logs/phi-data-protection';

/** Database logs are audit evidence: kept six years (45 CFR 164.316(b)(2)(i)). */
export const DATABASE_LOG_RETENTION = logs.RetentionDays.SIX_YEARS;

/** Longest identifier RDS accepts: 63 characters, 15 for SQL Server instances. */
const MAX_IDENTIFIER_LENGTH = 63;
const MAX_SQLSERVER_IDENTIFIER_LENGTH = 15;
const IDENTIFIER_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * The identifier of the DB instance or cluster: the given one, lower-cased, or one derived from
 * the construct path. It must be known at synth so that the log groups RDS exports to can be
 * created, encrypted and retained, before the database exists.
 */
export function databaseIdentifier(scope: Construct, given: string | undefined, sqlServer: boolean): string {
  const maxLength = sqlServer ? MAX_SQLSERVER_IDENTIFIER_LENGTH : MAX_IDENTIFIER_LENGTH;
  if (given !== undefined) {
    if (Token.isUnresolved(given)) {
      throw new Error(`EncryptedDatabase ${scope.node.path}: identifier must be a literal string, because the log groups are named after it at synth.`);
    }
    const identifier = given.toLowerCase();
    if (!IDENTIFIER_PATTERN.test(identifier) || identifier.length > maxLength) {
      throw new Error(`EncryptedDatabase ${scope.node.path}: identifier '${given}' is invalid: use 1 to ${maxLength} letters, digits and single hyphens, starting with a letter and not ending with a hyphen.`);
    }
    return identifier;
  }
  const derived = Names.uniqueResourceName(scope, { maxLength, separator: '-' })
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return derived.length > 0 ? derived : `db${Names.uniqueId(scope).slice(-8).toLowerCase()}`;
}

/** Where the log groups go and how they are encrypted. */
export interface DatabaseLogGroupOptions {
  /** `instance` for a DB instance, `cluster` for an Aurora cluster (RDS names log groups after it). */
  readonly resource: 'instance' | 'cluster';
  readonly identifier: string;
  readonly logTypes: readonly string[];
  readonly encryptionKey: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Creates the log groups RDS exports to (`/aws/rds/<instance|cluster>/<identifier>/<log type>`),
 * encrypted with the customer key, kept six years, and masking the PHI identifiers CloudWatch
 * Logs detects (query text in error, slow query and general logs can carry PHI); lets CloudWatch
 * Logs use the key for them. RDS writes into a log group that exists; it creates one
 * (unencrypted, never expiring) only when none does, so the database must depend on these.
 */
export function createDatabaseLogGroups(scope: Construct, options: DatabaseLogGroupOptions): logs.LogGroup[] {
  if (options.logTypes.length === 0) return [];
  const prefix = `/aws/rds/${options.resource}/${options.identifier}`;
  allowLogsToUseKey(scope, options.encryptionKey, prefix);
  return options.logTypes.map((logType) => new logs.LogGroup(scope, `${pascalCase(logType)}Log`, {
    logGroupName: `${prefix}/${logType}`,
    encryptionKey: options.encryptionKey,
    retention: DATABASE_LOG_RETENTION,
    removalPolicy: options.removalPolicy,
    dataProtectionPolicy: new logs.DataProtectionPolicy({
      name: PHI_DATA_PROTECTION_POLICY_NAME,
      description: 'Audits and masks PHI identifiers in database log events (cdk-hipaa)',
      identifiers: [...PHI_DATA_IDENTIFIERS],
    }),
  }));
}

/** Lets CloudWatch Logs in this region use the key, only for the log groups under `prefix`. */
function allowLogsToUseKey(scope: Construct, key: kms.IKey, prefix: string): void {
  const stack = Stack.of(scope);
  const servicePrincipal = `logs.${stack.region}.amazonaws.com`;
  const logGroupArns = stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: `${prefix}/*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  if (key instanceof HipaaKey) {
    key.grantToService(servicePrincipal, {
      actions: LOGS_SERVICE_KEY_ACTIONS,
      encryptionContextKey: LOGS_ENCRYPTION_CONTEXT_KEY,
      encryptionContextValue: logGroupArns,
    });
    return;
  }
  if (key instanceof kms.Key && Stack.of(key) === stack) {
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(servicePrincipal)],
      actions: LOGS_SERVICE_KEY_ACTIONS,
      resources: ['*'],
      conditions: { ArnLike: { [`kms:EncryptionContext:${LOGS_ENCRYPTION_CONTEXT_KEY}`]: logGroupArns } },
    }));
    return;
  }
  Annotations.of(scope).addWarningV2('cdk-hipaa:EncryptedDatabase.keyPolicy',
    `The key policy of encryptionKey cannot be changed from here: let ${servicePrincipal} use the key for the log groups ${prefix}/*, or their creation fails.`);
}

function pascalCase(value: string): string {
  return value.split(/[^A-Za-z0-9]+/).filter((p) => p.length > 0).map((p) => p[0].toUpperCase() + p.slice(1)).join('');
}

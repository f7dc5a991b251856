import { Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { catalogControl } from '../controls/catalog';
import { refuseUnlessAcknowledged } from '../policy/refusals';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

/** What a HipaaKey is unless told otherwise. */
const HIPAA_KEY_DEFAULTS = {
  enableKeyRotation: true,
  pendingWindow: Duration.days(HIPAA_THRESHOLDS.keyPendingWindowDays),
  removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
} as const;

/** Properties of a {@link HipaaKey}. */
export interface HipaaKeyProps {
  /**
   * Alias of the key, with or without the `alias/` prefix.
   *
   * @default - `alias/hipaa/` followed by a name unique to this construct's path
   */
  readonly alias?: string;

  /**
   * Description of the key.
   *
   * @default - 'Customer-managed key for PHI (cdk-hipaa)'
   */
  readonly description?: string;

  /**
   * How long KMS waits before deleting the key once deletion is scheduled.
   *
   * Below 30 days is refused (45 CFR 164.308(a)(7): a key deleted by mistake makes
   * its data unrecoverable) unless `CdkHipaa::KMS.PendingWindow` is acknowledged.
   *
   * @default Duration.days(30)
   */
  readonly pendingWindow?: Duration;

  /**
   * What happens to the key when it leaves the stack.
   *
   * `DESTROY` is refused (45 CFR 164.308(a)(7)) unless `CdkHipaa::KMS.KeyRetained` is acknowledged.
   *
   * @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Principals allowed to administer (but not use) the key, in addition to the account.
   *
   * @default - only the account root may administer the key
   */
  readonly admins?: iam.IPrincipal[];
}

/** Options for {@link HipaaKey.grantToService}. */
export interface KeyServiceGrantOptions {
  /**
   * The actions the service may perform.
   *
   * @default - kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey
   */
  readonly actions?: string[];

  /**
   * Restrict use to requests made on behalf of this resource ARN (or ARN pattern), checked
   * with `aws:SourceArn`.
   *
   * @default - restricted to this account with `aws:SourceAccount`
   */
  readonly sourceArn?: string;

  /**
   * The encryption context key the service sends (e.g. `aws:logs:arn`); with
   * `encryptionContextValue`, use is restricted to that context instead of the source.
   *
   * @default - no encryption context condition
   */
  readonly encryptionContextKey?: string;

  /**
   * The ARN (or ARN pattern) expected in the encryption context key.
   *
   * @default - no encryption context condition
   */
  readonly encryptionContextValue?: string;
}

const DEFAULT_SERVICE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/**
 * A customer-managed KMS key for PHI: rotation on, a 30-day deletion window, retained
 * when the stack goes away, with an alias.
 *
 * The key policy lets the account administer the key (the account's IAM policies then
 * decide who may use it); AWS services are allowed to use it one by one with
 * {@link HipaaKey.grantToService}, each restricted to this account or to a source resource.
 *
 * Every construct of this library creates a HipaaKey when it is not given a key.
 *
 * @example
 * const key = new HipaaKey(this, 'PhiKey');
 * new EncryptedBucket(this, 'Documents', { encryptionKey: key });
 */
export class HipaaKey extends kms.Key {
  /** The alias name of the key, `alias/...`. */
  public readonly aliasName: string;

  constructor(scope: Construct, id: string, props: HipaaKeyProps = {}) {
    const pendingWindow = props.pendingWindow ?? HIPAA_KEY_DEFAULTS.pendingWindow;
    const removalPolicy = props.removalPolicy ?? HIPAA_KEY_DEFAULTS.removalPolicy;
    super(scope, id, {
      description: props.description ?? 'Customer-managed key for PHI (cdk-hipaa)',
      enableKeyRotation: HIPAA_KEY_DEFAULTS.enableKeyRotation,
      pendingWindow,
      removalPolicy,
      admins: props.admins,
    });

    const alias = props.alias ?? `hipaa/${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`;
    this.aliasName = alias.startsWith('alias/') ? alias : `alias/${alias}`;
    this.addAlias(this.aliasName);

    if (pendingWindow.toDays() < HIPAA_THRESHOLDS.keyPendingWindowDays) {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('KMS.PendingWindow'),
        prop: 'pendingWindow',
        value: `${pendingWindow.toDays()} days`,
      });
    }
    if (removalPolicy === RemovalPolicy.DESTROY) {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('KMS.KeyRetained'),
        prop: 'removalPolicy',
        value: String(removalPolicy),
        detail: 'Every backup and log encrypted with the key becomes unreadable.',
      });
    }
  }

  /**
   * Lets an AWS service principal (e.g. `logs.amazonaws.com`, `cloudtrail.amazonaws.com`,
   * `events.amazonaws.com`) use the key, restricted to this account, a source ARN, or an
   * encryption context.
   *
   * @param servicePrincipal the service principal name, e.g. `sns.amazonaws.com`
   */
  public grantToService(servicePrincipal: string, options: KeyServiceGrantOptions = {}): void {
    const conditions: Record<string, Record<string, string>> = {};
    if (options.encryptionContextKey && options.encryptionContextValue) {
      conditions.ArnLike = { [`kms:EncryptionContext:${options.encryptionContextKey}`]: options.encryptionContextValue };
    } else if (options.sourceArn) {
      conditions.ArnLike = { 'aws:SourceArn': options.sourceArn };
    } else {
      conditions.StringEquals = { 'aws:SourceAccount': Stack.of(this).account };
    }
    this.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(servicePrincipal)],
      actions: options.actions ?? DEFAULT_SERVICE_ACTIONS,
      resources: ['*'],
      conditions,
    }));
  }
}

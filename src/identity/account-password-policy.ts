import { Duration, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { catalogControl } from '../controls/catalog';
import { managedConfigRule } from '../internal/managed-config-rules';
import { createHipaaAwsCustomResource } from '../logs/aws-custom-resource';
import { refuseUnlessAcknowledged } from '../policy/refusals';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

/** The account password policy unless told otherwise: the CIS AWS Foundations Benchmark's, or stricter. */
const PASSWORD_POLICY_DEFAULTS = {
  minimumPasswordLength: 14,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  requireNumbers: true,
  requireSymbols: true,
  passwordReusePrevention: 24,
  maxPasswordAge: Duration.days(90),
  allowUsersToChangePassword: true,
  hardExpiry: false,
  deleteOnDestroy: false,
} as const;

/** Below these the policy is refused unless acknowledged. */
const PASSWORD_POLICY_FLOOR = {
  /** NIST SP 800-63B's minimum for memorized secrets. */
  minimumPasswordLength: HIPAA_THRESHOLDS.minimumPasswordLength,
  passwordReusePrevention: HIPAA_THRESHOLDS.minimumPasswordReusePrevention,
  maxPasswordAgeDays: HIPAA_THRESHOLDS.maximumPasswordAgeDays,
} as const;

/** What IAM accepts. */
const IAM_LIMITS = { minLength: 6, maxLength: 128, maxReuse: 24, maxAgeDays: 1095 } as const;

/** Properties of an {@link AccountPasswordPolicy}. */
export interface AccountPasswordPolicyProps {
  /**
   * Minimum number of characters of an IAM user's password (IAM accepts 6 to 128).
   *
   * Below 8 is refused (45 CFR 164.308(a)(5)(ii)(D)) unless `CdkHipaa::IAM.PasswordPolicy` is acknowledged.
   *
   * @default 14
   */
  readonly minimumPasswordLength?: number;

  /**
   * Require at least one uppercase letter (A-Z). False is refused unless `CdkHipaa::IAM.PasswordPolicy` is acknowledged.
   *
   * @default true
   */
  readonly requireUppercaseCharacters?: boolean;

  /**
   * Require at least one lowercase letter (a-z). False is refused unless `CdkHipaa::IAM.PasswordPolicy` is acknowledged.
   *
   * @default true
   */
  readonly requireLowercaseCharacters?: boolean;

  /**
   * Require at least one number (0-9). False is refused unless `CdkHipaa::IAM.PasswordPolicy` is acknowledged.
   *
   * @default true
   */
  readonly requireNumbers?: boolean;

  /**
   * Require at least one non-alphanumeric character. False is refused unless `CdkHipaa::IAM.PasswordPolicy` is acknowledged.
   *
   * @default true
   */
  readonly requireSymbols?: boolean;

  /**
   * How many previous passwords a user may not reuse (1 to 24); 0 lets them reuse any, which is
   * refused (45 CFR 164.308(a)(5)(ii)(D)) unless `CdkHipaa::IAM.PasswordReuse` is acknowledged.
   *
   * @default 24
   */
  readonly passwordReusePrevention?: number;

  /**
   * How long a password stays valid, in whole days (IAM accepts up to 1,095). `Duration.days(0)` means
   * passwords never expire. Zero or more than 365 days is refused (45 CFR 164.308(a)(5)(ii)(D)) unless
   * `CdkHipaa::IAM.PasswordMaxAge` is acknowledged.
   *
   * @default Duration.days(90)
   */
  readonly maxPasswordAge?: Duration;

  /**
   * Let IAM users change their own password.
   *
   * @default true
   */
  readonly allowUsersToChangePassword?: boolean;

  /**
   * Stop users whose password expired from setting a new one themselves (an administrator must reset it).
   *
   * @default false
   */
  readonly hardExpiry?: boolean;

  /**
   * Delete the account password policy when this construct is removed from the stack (IAM's own
   * defaults apply again). By default the policy stays in force.
   *
   * @default false
   */
  readonly deleteOnDestroy?: boolean;

  /**
   * Also deploy the AWS Config managed rule IAM_PASSWORD_POLICY with the same parameters (once
   * per account and region: an AuditTrail of the app shares it). Set false when an organization
   * conformance pack deploys that rule already.
   *
   * @default true
   */
  readonly configRule?: boolean;

  /**
   * The account and region already record with AWS Config outside this app (Control Tower, an
   * organization, an earlier stack). AWS Config rejects a rule while no configuration recorder
   * exists, so without this the rule waits for a recorder of the app (e.g. an AuditTrail's) and
   * synth fails when there is none.
   *
   * @default false
   */
  readonly configRecorderExists?: boolean;
}

/**
 * The IAM account password policy, set through a custom resource (CloudFormation has no
 * resource for it), with CIS AWS Foundations Benchmark defaults: 14 characters, upper and lower
 * case, numbers and symbols, no reuse of the last 24 passwords, 90-day expiry.
 *
 * There is one password policy per AWS account: declare this construct once per account.
 * On removal the policy stays in force unless `deleteOnDestroy` is true.
 *
 * The AWS Config managed rule IAM_PASSWORD_POLICY with the same parameters is deployed beside it.
 *
 * Evidence for 45 CFR 164.308(a)(5)(ii)(D) (password management) and 164.312(d) (person or
 * entity authentication).
 *
 * @example
 * new AccountPasswordPolicy(this, 'PasswordPolicy');
 */
export class AccountPasswordPolicy extends Construct {
  /** The custom resource that calls UpdateAccountPasswordPolicy. */
  public readonly customResource: cr.AwsCustomResource;
  /** The AWS Config rule IAM_PASSWORD_POLICY, unless `configRule` is false. */
  public readonly configRule?: config.IRule;
  /** The minimum password length in force. */
  public readonly minimumPasswordLength: number;
  /** Previous passwords that may not be reused (0: no restriction). */
  public readonly passwordReusePrevention: number;
  /** Days a password stays valid (0: never expires). */
  public readonly maxPasswordAgeDays: number;

  constructor(scope: Construct, id: string, props: AccountPasswordPolicyProps = {}) {
    super(scope, id);
    const d = PASSWORD_POLICY_DEFAULTS;
    const length = props.minimumPasswordLength ?? d.minimumPasswordLength;
    const reuse = props.passwordReusePrevention ?? d.passwordReusePrevention;
    const maxAgeDays = passwordAgeDays(this, props.maxPasswordAge ?? d.maxPasswordAge);
    const complexity = {
      requireUppercaseCharacters: props.requireUppercaseCharacters ?? d.requireUppercaseCharacters,
      requireLowercaseCharacters: props.requireLowercaseCharacters ?? d.requireLowercaseCharacters,
      requireNumbers: props.requireNumbers ?? d.requireNumbers,
      requireSymbols: props.requireSymbols ?? d.requireSymbols,
    };
    const deleteOnDestroy = props.deleteOnDestroy ?? d.deleteOnDestroy;
    validateIamLimits(this, length, reuse, maxAgeDays);
    assertSingleInStack(this);
    this.minimumPasswordLength = length;
    this.passwordReusePrevention = reuse;
    this.maxPasswordAgeDays = maxAgeDays;
    this.refuseWeakSettings(length, complexity, reuse, maxAgeDays);

    // IAM treats an omitted MaxPasswordAge / PasswordReusePrevention as "no expiry" / "no restriction".
    const parameters = {
      MinimumPasswordLength: length,
      RequireUppercaseCharacters: complexity.requireUppercaseCharacters,
      RequireLowercaseCharacters: complexity.requireLowercaseCharacters,
      RequireNumbers: complexity.requireNumbers,
      RequireSymbols: complexity.requireSymbols,
      AllowUsersToChangePassword: props.allowUsersToChangePassword ?? d.allowUsersToChangePassword,
      HardExpiry: props.hardExpiry ?? d.hardExpiry,
      ...(reuse > 0 ? { PasswordReusePrevention: reuse } : {}),
      ...(maxAgeDays > 0 ? { MaxPasswordAge: maxAgeDays } : {}),
    };
    const physicalResourceId = cr.PhysicalResourceId.of(`${Stack.of(this).account}-account-password-policy`);
    const update: cr.AwsSdkCall = {
      service: 'IAM',
      action: 'UpdateAccountPasswordPolicy',
      parameters,
      physicalResourceId,
    };
    const actions = ['iam:UpdateAccountPasswordPolicy'];
    if (deleteOnDestroy) actions.push('iam:DeleteAccountPasswordPolicy');

    this.customResource = createHipaaAwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::AccountPasswordPolicy',
      onCreate: update,
      onUpdate: update,
      onDelete: deleteOnDestroy
        ? { service: 'IAM', action: 'DeleteAccountPasswordPolicy', physicalResourceId, ignoreErrorCodesMatching: 'NoSuchEntity' }
        : undefined,
      actions,
      // The account password policy has no ARN: IAM grants these actions only on '*'.
      resources: ['*'],
    });

    if (props.configRule ?? true) {
      this.configRule = managedConfigRule(this, 'IamPasswordPolicy', {
        identifier: config.ManagedRuleIdentifiers.IAM_PASSWORD_POLICY,
        description: 'The IAM account password policy meets the parameters set by cdk-hipaa',
        decidesParameters: true,
        recorderExists: props.configRecorderExists ?? false,
        requester: 'AccountPasswordPolicy',
        inputParameters: {
          RequireUppercaseCharacters: String(complexity.requireUppercaseCharacters),
          RequireLowercaseCharacters: String(complexity.requireLowercaseCharacters),
          RequireSymbols: String(complexity.requireSymbols),
          RequireNumbers: String(complexity.requireNumbers),
          MinimumPasswordLength: String(length),
          ...(reuse > 0 ? { PasswordReusePrevention: String(reuse) } : {}),
          ...(maxAgeDays > 0 ? { MaxPasswordAge: String(maxAgeDays) } : {}),
        },
      });
    }
  }

  private refuseWeakSettings(length: number, complexity: Record<string, boolean>, reuse: number, maxAgeDays: number): void {
    if (length < PASSWORD_POLICY_FLOOR.minimumPasswordLength) {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('IAM.PasswordPolicy'),
        prop: 'minimumPasswordLength',
        value: String(length),
        detail: `Below ${PASSWORD_POLICY_FLOOR.minimumPasswordLength} characters (NIST SP 800-63B's minimum; 14 is the default).`,
      });
    }
    for (const [prop, value] of Object.entries(complexity)) {
      if (value) continue;
      refuseUnlessAcknowledged(this, { control: catalogControl('IAM.PasswordPolicy'), prop, value: 'false' });
    }
    if (reuse < PASSWORD_POLICY_FLOOR.passwordReusePrevention) {
      refuseUnlessAcknowledged(this, { control: catalogControl('IAM.PasswordReuse'), prop: 'passwordReusePrevention', value: String(reuse) });
    }
    if (maxAgeDays === 0 || maxAgeDays > PASSWORD_POLICY_FLOOR.maxPasswordAgeDays) {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('IAM.PasswordMaxAge'),
        prop: 'maxPasswordAge',
        value: maxAgeDays === 0 ? 'no expiry' : `${maxAgeDays} days`,
      });
    }
  }
}

/** The maximum password age in whole days (0 = never expires). */
function passwordAgeDays(scope: Construct, age: Duration): number {
  if (age.isUnresolved()) throw new Error(`${scope.node.path}: maxPasswordAge must be a literal duration, not a token.`);
  const days = age.toSeconds({ integral: false }) / 86_400;
  if (!Number.isInteger(days) || days < 0) {
    throw new Error(`${scope.node.path}: maxPasswordAge must be a whole number of days (got ${age.toHumanString()}).`);
  }
  return days;
}

function validateIamLimits(scope: Construct, length: number, reuse: number, maxAgeDays: number): void {
  const problems: string[] = [];
  if (!Number.isInteger(length) || length < IAM_LIMITS.minLength || length > IAM_LIMITS.maxLength) {
    problems.push(`minimumPasswordLength must be a whole number from ${IAM_LIMITS.minLength} to ${IAM_LIMITS.maxLength} (got ${length})`);
  }
  if (!Number.isInteger(reuse) || reuse < 0 || reuse > IAM_LIMITS.maxReuse) {
    problems.push(`passwordReusePrevention must be a whole number from 0 to ${IAM_LIMITS.maxReuse} (got ${reuse})`);
  }
  if (maxAgeDays > IAM_LIMITS.maxAgeDays) {
    problems.push(`maxPasswordAge must be at most ${IAM_LIMITS.maxAgeDays} days (got ${maxAgeDays})`);
  }
  if (problems.length > 0) throw new Error(`${scope.node.path}: ${problems.join('; ')}.`);
}

/** An account has one password policy: two constructs in one stack would overwrite each other. */
function assertSingleInStack(policy: AccountPasswordPolicy): void {
  const stack = Stack.of(policy);
  const others = stack.node.findAll().filter((c: IConstruct) => c !== policy && c instanceof AccountPasswordPolicy && Stack.of(c) === stack);
  if (others.length > 0) {
    throw new Error(`${policy.node.path}: the stack already sets the account password policy at ${others[0].node.path}; an account has only one.`);
  }
}

import {
  Aws, BootstraplessSynthesizer, CfnCondition, CfnResource, CustomResource, Duration, Fn, IStackSynthesizer, Stack,
  StackProps, Validations,
} from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { catalogControl } from '../controls/catalog';
import { allowAccountUseThroughEc2 } from '../ec2/key-access';
import { managedConfigRule } from '../internal/managed-config-rules';
import { HipaaKey } from '../kms/hipaa-key';
import { keyedLogGroup } from '../logs/log-groups';
import { acknowledgeNagRule, qualifiedControlId } from '../policy/acknowledgements';
import { refuseUnlessAcknowledged } from '../policy/refusals';
import { HIPAA_THRESHOLDS } from '../policy/thresholds';

/** What the account baseline sets unless told otherwise (the library's AccountPasswordPolicy and KeyRotationMonitor defaults). */
const ACCOUNT_BASELINE_DEFAULTS = {
  minimumPasswordLength: 14,
  passwordReusePrevention: 24,
  maxPasswordAge: Duration.days(90),
  maxAccessKeyAge: Duration.days(90),
  snapshotFrequency: 'TwentyFour_Hours',
  functionTimeout: Duration.minutes(2),
} as const;

/** What IAM accepts for the password policy. */
const IAM_LIMITS = { minLength: 6, maxLength: 128, maxReuse: 24, maxAgeDays: 1095 } as const;

/**
 * The settings function: inline Python (CloudFormation puts the `cfnresponse` module beside inline
 * code only, and only for this exact import). It runs the one API call a resource names in its
 * `Create` / `Update` property, rendered as AwsCustomResource renders calls, so the catalog reads
 * them alike; on `Delete` it leaves the account setting in force. Only the calls below are allowed.
 */
const BASELINE_SETTINGS_HANDLER = [
  'import json, re',
  'import boto3',
  'import cfnresponse',
  '',
  'ALLOWED = {("ec2", "ModifyEbsDefaultKmsKeyId"), ("ec2", "EnableEbsEncryptionByDefault"), ("iam", "UpdateAccountPasswordPolicy")}',
  '',
  'def handler(event, context):',
  '    props = event.get("ResourceProperties", {})',
  '    physical_id = event.get("PhysicalResourceId") or props.get("SettingId", "account-setting")',
  '    try:',
  '        if event["RequestType"] in ("Create", "Update"):',
  '            call = json.loads(props[event["RequestType"]])',
  '            service, action = call["service"].lower(), call["action"]',
  '            if (service, action) not in ALLOWED:',
  '                raise ValueError("call not allowed: %s:%s" % (service, action))',
  '            method = re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()',
  '            getattr(boto3.client(service), method)(**call.get("parameters", {}))',
  '        cfnresponse.send(event, context, cfnresponse.SUCCESS, {}, physical_id)',
  '    except Exception as error:',
  '        cfnresponse.send(event, context, cfnresponse.FAILED, {}, physical_id, reason=str(error)[:400])',
  '',
].join('\n');

/** Why the settings function needs none of what cdk-nag's Lambda rules ask for. */
const SETTINGS_FUNCTION_FACTS = 'The baseline settings function handles no PHI: CloudFormation invokes it only while the stack deploys, '
  + 'and it makes only the account-setting calls its role allows (EBS encryption by default, the IAM password policy).';

const SETTINGS_FUNCTION_EXCEPTIONS = [
  {
    nagRule: 'LambdaDLQ',
    controlId: 'Lambda.DeadLetterQueue',
    reason: `${SETTINGS_FUNCTION_FACTS} CloudFormation invokes it synchronously and a failure fails the deployment, so no event is lost.`,
  },
  {
    nagRule: 'LambdaInsideVPC',
    controlId: 'Lambda.InsideVpc',
    reason: `${SETTINGS_FUNCTION_FACTS} It reaches only public AWS API endpoints; a member account's baseline cannot assume a VPC exists.`,
  },
  {
    nagRule: 'LambdaConcurrency',
    controlId: 'Lambda.ReservedConcurrency',
    reason: `${SETTINGS_FUNCTION_FACTS} It runs a few times per deployment; a reservation would fail in new accounts with a small concurrency quota.`,
  },
] as const;

const NO_DATA_PROTECTION_REASON = 'The log group receives only the baseline settings function\'s own logs of account-setting calls; no PHI is written to it.';


/** Whether the account baseline records with AWS Config itself. */
export enum BaselineConfigRecording {
  /**
   * AWS Config records already in every account and region the baseline reaches: AWS Control
   * Tower's landing zone does so in enrolled accounts of governed regions, or an organization
   * setup of your own. The baseline creates no recorder; its Config rules use the existing one.
   */
  EXISTING = 'EXISTING',
  /**
   * The baseline creates a configuration recorder (every supported resource type; global IAM
   * resources in `globalResourcesRegion` only) and a delivery channel to a central bucket, usually
   * the log archive's (`configDeliveryBucketName`).
   */
  CREATE = 'CREATE',
}

/** The settings of the per-account HIPAA baseline, shared by {@link AccountBaselineStack} and AccountBaselineStackSet. */
export interface AccountBaselineOptions {
  /**
   * Minimum length of IAM users' passwords (IAM accepts 6 to 128). Below 8 is refused
   * (45 CFR 164.308(a)(5)(ii)(D)) unless `CdkHipaa::IAM.PasswordPolicy` is acknowledged on the stack.
   *
   * @default 14
   */
  readonly minimumPasswordLength?: number;

  /**
   * Previous passwords a user may not reuse (0 to 24). 0 is refused unless `CdkHipaa::IAM.PasswordReuse` is acknowledged.
   *
   * @default 24
   */
  readonly passwordReusePrevention?: number;

  /**
   * How long a password stays valid, in whole days; `Duration.days(0)` never expires. Zero or more
   * than 365 days is refused unless `CdkHipaa::IAM.PasswordMaxAge` is acknowledged.
   *
   * @default Duration.days(90)
   */
  readonly maxPasswordAge?: Duration;

  /**
   * The age past which the AWS Config rule ACCESS_KEYS_ROTATED reports an access key, in whole
   * days. More than 365 days is refused unless `CdkHipaa::IAM.AccessKeyRotation` is acknowledged.
   *
   * @default Duration.days(90)
   */
  readonly maxAccessKeyAge?: Duration;

  /**
   * Whether the baseline records with AWS Config itself. Its Config rules need a recorder in the
   * account and region: with `EXISTING` one must already be there (Control Tower, an organization setup).
   *
   * @default BaselineConfigRecording.EXISTING
   */
  readonly configRecording?: BaselineConfigRecording;

  /**
   * The bucket AWS Config delivers to with `BaselineConfigRecording.CREATE`, under
   * `AWSLogs/<account>/Config/`: the log archive's Config bucket (`LogArchive.configBucketName`).
   * Delivering to a bucket of another account, AWS Config falls back to its service principal
   * `config.amazonaws.com` when the bucket policy does not admit the recorder's role; LogArchive's
   * bucket admits that principal on behalf of the organization. Required with `CREATE`.
   *
   * @default - none; required with BaselineConfigRecording.CREATE
   */
  readonly configDeliveryBucketName?: string;

  /**
   * The ARN of the KMS key AWS Config encrypts delivered objects with (`LogArchive.keyArn`); it must be
   * in the bucket's region.
   *
   * @default - the bucket's default encryption applies
   */
  readonly configDeliveryKeyArn?: string;

  /**
   * The region where the account-wide settings are made: the IAM password policy, the IAM Config
   * rules and recording of global (IAM) resources. In other regions of the same account these
   * resources are left out by a CloudFormation condition, so a baseline deployed to many regions
   * sets them once.
   *
   * @default - AccountBaselineStack: every region the stack is deployed to sets them (one region
   * per account is enough); AccountBaselineStackSet: the first of its `regions`
   */
  readonly globalResourcesRegion?: string;
}

/** Properties of an {@link AccountBaselineStack}. */
export interface AccountBaselineStackProps extends StackProps, AccountBaselineOptions {}

/**
 * The per-account HIPAA baseline as a stack that needs no CDK assets and no bootstrap: EBS
 * encryption by default with a customer-managed key, the IAM account password policy, and the
 * AWS Config rules ACCESS_KEYS_ROTATED, IAM_PASSWORD_POLICY and EC2_EBS_ENCRYPTION_BY_DEFAULT;
 * optionally AWS Config recording to a central bucket.
 *
 * CloudFormation has no resource for EBS encryption by default nor for the account password
 * policy, and a StackSet instance cannot use CDK file assets (there is no bootstrap bucket in a
 * member account to hold them). So both settings are custom resources served by one Lambda
 * function whose code is inline in the template (`ZipFile`), not the asset-based AwsCustomResource
 * that EbsEncryptionByDefault and AccountPasswordPolicy use. The default synthesizer is
 * `BootstraplessSynthesizer`, which rejects assets and adds no bootstrap-version rule.
 *
 * AccountBaselineStackSet fans it out to every account of an organizational unit; you may also
 * deploy it yourself, once per account and region.
 *
 * @example
 * new AccountBaselineStack(app, 'AccountBaseline', { env: { account: '111111111111', region: 'us-east-1' } });
 */
export class AccountBaselineStack extends Stack {
  /**
   * The Python code of the settings function, inline in the template: it makes the one API call a
   * custom resource names on create and update, from a fixed list, and nothing on delete.
   */
  public static readonly SETTINGS_FUNCTION_CODE: string = BASELINE_SETTINGS_HANDLER;

  /** The key new EBS volumes of the account and region are encrypted with. */
  public readonly ebsKey: HipaaKey;
  /** The function (inline code) that makes the account settings. */
  public readonly settingsFunction: lambda.Function;
  /** The custom resource that sets the account password policy (`Custom::AccountPasswordPolicy`). */
  public readonly passwordPolicy: CustomResource;
  /** The custom resource that turns on EBS encryption by default (`Custom::EbsEncryptionByDefault`). */
  public readonly ebsEncryptionByDefault: CustomResource;
  /** The AWS Config rule ACCESS_KEYS_ROTATED. */
  public readonly accessKeysRotatedRule: config.IRule;
  /** The configuration recorder, with BaselineConfigRecording.CREATE. */
  public readonly configurationRecorder?: config.CfnConfigurationRecorder;
  /** The condition that holds in the global-resources region, when `globalResourcesRegion` is set. */
  public readonly globalResourcesCondition?: CfnCondition;

  constructor(scope: Construct, id: string, props: AccountBaselineStackProps = {}) {
    super(scope, id, { ...props, synthesizer: props.synthesizer ?? defaultSynthesizer() });
    const d = ACCOUNT_BASELINE_DEFAULTS;
    const length = props.minimumPasswordLength ?? d.minimumPasswordLength;
    const reuse = props.passwordReusePrevention ?? d.passwordReusePrevention;
    const maxAgeDays = wholeDays(this, 'maxPasswordAge', props.maxPasswordAge ?? d.maxPasswordAge);
    const keyAgeDays = wholeDays(this, 'maxAccessKeyAge', props.maxAccessKeyAge ?? d.maxAccessKeyAge);
    const recording = props.configRecording ?? BaselineConfigRecording.EXISTING;
    validateSettings(this, { length, reuse, maxAgeDays, keyAgeDays, recording, bucket: props.configDeliveryBucketName });
    this.refuseWeakSettings(length, reuse, maxAgeDays, keyAgeDays);

    if (props.globalResourcesRegion !== undefined) {
      this.globalResourcesCondition = new CfnCondition(this, 'GlobalResourcesRegion', {
        expression: Fn.conditionEquals(Aws.REGION, props.globalResourcesRegion),
      });
    }

    this.settingsFunction = this.createSettingsFunction();

    // EBS encryption by default with a customer-managed key that every principal of the account may use through EC2.
    // Names carry the stack's name: a StackSet names each instance uniquely, so an account that leaves the
    // target OU with its stack retained and comes back later gets a second instance without a name collision.
    this.ebsKey = new HipaaKey(this, 'EbsKey', {
      alias: `hipaa/${Aws.STACK_NAME}/ebs-default`,
      description: 'Customer-managed key for EBS encryption by default (cdk-hipaa account baseline)',
    });
    allowAccountUseThroughEc2(this, this.ebsKey);
    const defaultKey = this.setting('EbsDefaultKmsKeyId', 'Custom::EbsDefaultKmsKeyId',
      { service: 'EC2', action: 'ModifyEbsDefaultKmsKeyId', parameters: { KmsKeyId: this.ebsKey.keyArn } });
    this.ebsEncryptionByDefault = this.setting('EbsEncryptionByDefault', 'Custom::EbsEncryptionByDefault',
      { service: 'EC2', action: 'EnableEbsEncryptionByDefault', parameters: {} });
    // The key is the default before encryption is switched on: no volume gets aws/ebs in between.
    this.ebsEncryptionByDefault.node.addDependency(defaultKey);

    const policy = {
      MinimumPasswordLength: length,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      RequireNumbers: true,
      RequireSymbols: true,
      AllowUsersToChangePassword: true,
      HardExpiry: false,
      ...(reuse > 0 ? { PasswordReusePrevention: reuse } : {}),
      ...(maxAgeDays > 0 ? { MaxPasswordAge: maxAgeDays } : {}),
    };
    this.passwordPolicy = this.setting('PasswordPolicy', 'Custom::AccountPasswordPolicy',
      { service: 'IAM', action: 'UpdateAccountPasswordPolicy', parameters: policy }, true);

    if (recording === BaselineConfigRecording.CREATE) {
      this.configurationRecorder = this.createConfigRecording(props.configDeliveryBucketName!, props.configDeliveryKeyArn);
    }
    const ruleRequest = { recorder: this.configurationRecorder, recorderExists: recording === BaselineConfigRecording.EXISTING, requester: 'AccountBaselineStack' };
    this.accessKeysRotatedRule = managedConfigRule(this, 'AccessKeysRotated', {
      ...ruleRequest,
      identifier: config.ManagedRuleIdentifiers.ACCESS_KEYS_ROTATED,
      description: `IAM access keys are rotated within ${keyAgeDays} days (45 CFR 164.308(a)(5)(ii)(D))`,
      decidesParameters: true,
      inputParameters: { maxAccessKeyAge: String(keyAgeDays) },
    });
    const passwordRule = managedConfigRule(this, 'IamPasswordPolicy', {
      ...ruleRequest,
      identifier: config.ManagedRuleIdentifiers.IAM_PASSWORD_POLICY,
      description: 'The IAM account password policy meets the parameters of the cdk-hipaa account baseline',
      decidesParameters: true,
      inputParameters: {
        RequireUppercaseCharacters: 'true',
        RequireLowercaseCharacters: 'true',
        RequireSymbols: 'true',
        RequireNumbers: 'true',
        MinimumPasswordLength: String(length),
        ...(reuse > 0 ? { PasswordReusePrevention: String(reuse) } : {}),
        ...(maxAgeDays > 0 ? { MaxPasswordAge: String(maxAgeDays) } : {}),
      },
    });
    managedConfigRule(this, 'EbsEncryptionByDefaultRule', {
      ...ruleRequest,
      identifier: config.ManagedRuleIdentifiers.EC2_EBS_ENCRYPTION_BY_DEFAULT,
      description: 'EBS encryption by default is on (45 CFR 164.312(a)(2)(iv))',
      decidesParameters: false,
    });
    for (const rule of [this.accessKeysRotatedRule, passwordRule]) this.onlyInGlobalRegion(rule.node.defaultChild as CfnResource);
  }

  /** A custom resource of the settings function making one API call on create and update. */
  private setting(id: string, resourceType: string, call: SettingCall, global = false): CustomResource {
    const rendered = Stack.of(this).toJsonString(call);
    const resource = new CustomResource(this, id, {
      serviceToken: this.settingsFunction.functionArn,
      resourceType,
      // On delete the function changes nothing: the account setting stays in force.
      properties: { SettingId: resourceType.replace('Custom::', ''), Create: rendered, Update: rendered },
    });
    if (global) this.onlyInGlobalRegion(resource.node.defaultChild as CfnResource);
    return resource;
  }

  private onlyInGlobalRegion(resource: CfnResource): void {
    if (this.globalResourcesCondition) resource.cfnOptions.condition = this.globalResourcesCondition;
  }

  private createSettingsFunction(): lambda.Function {
    const { logGroup } = keyedLogGroup(new Construct(this, 'SettingsLogs'), {
      logGroupName: `/cdk-hipaa/${Aws.STACK_NAME}/account-settings`,
      keyDescription: 'Customer-managed key for the logs of the account baseline settings function (cdk-hipaa)',
      keyAlias: `hipaa/${Aws.STACK_NAME}/account-settings-logs`,
    });
    Validations.of(logGroup).acknowledge({ id: qualifiedControlId('Logs.DataProtectionPolicy'), reason: NO_DATA_PROTECTION_REASON });

    const role = new iam.Role(this, 'SettingsRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Lets the cdk-hipaa account baseline set EBS encryption by default and the IAM password policy',
    });
    const policy = new iam.ManagedPolicy(this, 'SettingsPolicy', {
      roles: [role],
      statements: [
        // Account settings, not resources: EC2 and IAM support no resource-level permissions for these actions.
        new iam.PolicyStatement({
          sid: 'AccountSettings',
          actions: ['ec2:ModifyEbsDefaultKmsKeyId', 'ec2:EnableEbsEncryptionByDefault', 'iam:UpdateAccountPasswordPolicy'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({ sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroup.logGroupArn}`] }),
      ],
    });
    const fn = new lambda.Function(this, 'SettingsFunction', {
      runtime: lambda.Runtime.PYTHON_3_13,
      handler: 'index.handler',
      code: lambda.Code.fromInline(BASELINE_SETTINGS_HANDLER),
      role,
      timeout: ACCOUNT_BASELINE_DEFAULTS.functionTimeout,
      logGroup,
      description: 'Sets account-level HIPAA settings for the cdk-hipaa account baseline (inline code, no assets)',
    });
    // The role's permissions are in place before CloudFormation invokes the function.
    fn.node.addDependency(policy);
    for (const exception of SETTINGS_FUNCTION_EXCEPTIONS) {
      acknowledgeNagRule(fn, exception.nagRule, exception.reason);
      Validations.of(fn).acknowledge({ id: qualifiedControlId(exception.controlId), reason: exception.reason });
    }
    return fn;
  }

  private createConfigRecording(bucketName: string, keyArn: string | undefined): config.CfnConfigurationRecorder {
    // A role of the stack's own rather than the service-linked role AWSServiceRoleForConfig, which
    // CloudFormation cannot create where it already exists.
    const role = new iam.Role(this, 'ConfigRole', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
      description: 'Lets AWS Config record this account and deliver to the central bucket',
    });
    const bucketArn = `arn:${Aws.PARTITION}:s3:::${bucketName}`;
    const statements = [
      new iam.PolicyStatement({ sid: 'CheckBucket', actions: ['s3:GetBucketAcl', 's3:ListBucket'], resources: [bucketArn] }),
      new iam.PolicyStatement({
        sid: 'Deliver',
        actions: ['s3:PutObject', 's3:PutObjectAcl'],
        resources: [`${bucketArn}/AWSLogs/${Aws.ACCOUNT_ID}/Config/*`],
      }),
    ];
    if (keyArn) statements.push(new iam.PolicyStatement({ sid: 'EncryptDeliveries', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [keyArn] }));
    const deliveryPolicy = new iam.ManagedPolicy(this, 'ConfigDeliveryPolicy', { roles: [role], statements });
    const includeGlobal = this.globalResourcesCondition
      ? Fn.conditionIf(this.globalResourcesCondition.logicalId, true, false)
      : true;
    const recorder = new config.CfnConfigurationRecorder(this, 'ConfigRecorder', {
      roleArn: role.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: includeGlobal },
    });
    const channel = new config.CfnDeliveryChannel(this, 'ConfigDeliveryChannel', {
      // No key prefix: LogArchive's Config bucket admits AWSLogs/<account>/Config/ for the organization.
      s3BucketName: bucketName,
      s3KmsKeyArn: keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: ACCOUNT_BASELINE_DEFAULTS.snapshotFrequency },
    });
    // AWS Config refuses a delivery channel without a recorder, and checks the bucket when it is created.
    channel.node.addDependency(recorder);
    channel.node.addDependency(deliveryPolicy);
    return recorder;
  }

  private refuseWeakSettings(length: number, reuse: number, maxAgeDays: number, keyAgeDays: number): void {
    if (length < HIPAA_THRESHOLDS.minimumPasswordLength) {
      refuseUnlessAcknowledged(this, { control: catalogControl('IAM.PasswordPolicy'), prop: 'minimumPasswordLength', value: String(length) });
    }
    if (reuse < HIPAA_THRESHOLDS.minimumPasswordReusePrevention) {
      refuseUnlessAcknowledged(this, { control: catalogControl('IAM.PasswordReuse'), prop: 'passwordReusePrevention', value: String(reuse) });
    }
    if (maxAgeDays === 0 || maxAgeDays > HIPAA_THRESHOLDS.maximumPasswordAgeDays) {
      refuseUnlessAcknowledged(this, {
        control: catalogControl('IAM.PasswordMaxAge'), prop: 'maxPasswordAge', value: maxAgeDays === 0 ? 'no expiry' : `${maxAgeDays} days`,
      });
    }
    if (keyAgeDays > HIPAA_THRESHOLDS.maximumAccessKeyAgeDays) {
      refuseUnlessAcknowledged(this, { control: catalogControl('IAM.AccessKeyRotation'), prop: 'maxAccessKeyAge', value: `${keyAgeDays} days` });
    }
  }
}

function defaultSynthesizer(): IStackSynthesizer {
  return new BootstraplessSynthesizer();
}

function wholeDays(scope: Construct, prop: string, age: Duration): number {
  if (age.isUnresolved()) throw new Error(`${scope.node.path}: ${prop} must be a literal duration, not a token.`);
  const days = age.toSeconds({ integral: false }) / 86_400;
  if (!Number.isInteger(days) || days < 0) throw new Error(`${scope.node.path}: ${prop} must be a whole number of days (got ${age.toHumanString()}).`);
  return days;
}

/** One API call of the settings function, rendered as AwsCustomResource renders its calls. */
interface SettingCall {
  readonly service: string;
  readonly action: string;
  readonly parameters: Record<string, unknown>;
}

interface Settings {
  readonly length: number;
  readonly reuse: number;
  readonly maxAgeDays: number;
  readonly keyAgeDays: number;
  readonly recording: BaselineConfigRecording;
  readonly bucket?: string;
}

/** Values IAM or AWS Config would reject, all reported at once. */
function validateSettings(scope: Construct, s: Settings): void {
  const problems: string[] = [];
  if (!Number.isInteger(s.length) || s.length < IAM_LIMITS.minLength || s.length > IAM_LIMITS.maxLength) {
    problems.push(`minimumPasswordLength must be a whole number from ${IAM_LIMITS.minLength} to ${IAM_LIMITS.maxLength} (got ${s.length})`);
  }
  if (!Number.isInteger(s.reuse) || s.reuse < 0 || s.reuse > IAM_LIMITS.maxReuse) {
    problems.push(`passwordReusePrevention must be a whole number from 0 to ${IAM_LIMITS.maxReuse} (got ${s.reuse})`);
  }
  if (s.maxAgeDays > IAM_LIMITS.maxAgeDays) problems.push(`maxPasswordAge must be at most ${IAM_LIMITS.maxAgeDays} days (got ${s.maxAgeDays})`);
  if (s.keyAgeDays < 1) problems.push(`maxAccessKeyAge must be at least 1 day (got ${s.keyAgeDays})`);
  if (s.recording === BaselineConfigRecording.CREATE && !s.bucket) {
    problems.push('configRecording CREATE needs configDeliveryBucketName, the central bucket AWS Config delivers to (the log archive bucket)');
  }
  if (problems.length > 0) throw new Error(`${scope.node.path}: ${problems.join('; ')}.`);
}

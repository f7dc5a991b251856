import { Control, fail, notApplicable, pass, unverifiable } from './control';
import { customerKeyVerdict } from './key-verdicts';
import { HipaaSeverity } from './severity';
import { dig, isIntrinsic, list, num, str, UNKNOWN } from './values';

const FUNCTION = 'AWS::Lambda::Function';
const PERMISSION = 'AWS::Lambda::Permission';
const FUNCTION_URL = 'AWS::Lambda::Url';
const EVENT_INVOKE_CONFIG = 'AWS::Lambda::EventInvokeConfig';

/**
 * Lambda.EnvironmentCustomerKey: environment variables are encrypted with a customer-managed KMS key.
 * - given Environment.Variables and KmsKeyArn referencing an AWS::KMS::Key or a literal key ARN, then PASS
 * - given Environment.Variables and no KmsKeyArn (aws/lambda), then FAIL
 * - given no or empty Environment.Variables, then N/A
 * - given variables or a key from a parameter, then UNVERIFIABLE
 */
const environmentCustomerKey: Control = {
  id: 'Lambda.EnvironmentCustomerKey',
  title: 'Lambda environment variables are encrypted with a customer-managed KMS key',
  resourceTypes: [FUNCTION],
  citations: ['164.312(a)(2)(iv)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Set environmentEncryption (a HipaaKey) on the function.',
  check: (r, index) => {
    const variables = dig(r.properties, 'Environment', 'Variables');
    if (isIntrinsic(variables)) return unverifiable('Environment.Variables cannot be resolved at synth.');
    if (variables === undefined || Object.keys(variables).length === 0) return notApplicable();
    return customerKeyVerdict(r, index, ['KmsKeyArn'], 'the AWS-managed aws/lambda key');
  },
};

/**
 * Lambda.InsideVpc: the function runs in a VPC, where security groups and endpoints bound what it reaches.
 * - given VpcConfig with at least one subnet, then PASS
 * - given no VpcConfig (the L2 default), then FAIL (warning)
 * - given a VpcConfig without SubnetIds or with an empty list, then FAIL: Lambda attaches a function to a
 *   VPC through its subnets, so the function still runs outside the VPC
 * - given subnets from a parameter, then UNVERIFIABLE
 */
const insideVpc: Control = {
  id: 'Lambda.InsideVpc',
  title: 'Lambda function runs inside a VPC',
  resourceTypes: [FUNCTION],
  citations: ['164.312(a)(1)', '164.312(e)(1)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'LambdaInsideVPC',
  fix: 'Set vpc and vpcSubnets on functions that handle PHI.',
  check: (r) => {
    const config = r.properties.VpcConfig;
    if (config === undefined) return fail('the function has no VpcConfig, so it runs outside your network controls.');
    const subnets = list(dig(config, 'SubnetIds'));
    if (subnets === UNKNOWN) return unverifiable('VpcConfig.SubnetIds cannot be resolved at synth.');
    if (subnets.length > 0) return pass();
    return fail(`the function's VpcConfig ${dig(config, 'SubnetIds') === undefined ? 'has no SubnetIds' : 'has an empty SubnetIds list'}; `
      + 'Lambda attaches a function to a VPC through its subnets, so it runs outside your network controls.');
  },
};

/**
 * Lambda.DeadLetterQueue: failed asynchronous events are kept, not dropped.
 * - given DeadLetterConfig.TargetArn, then PASS
 * - given an AWS::Lambda::EventInvokeConfig for the function with an OnFailure destination, then PASS
 * - given neither (the L2 default), then FAIL (warning)
 */
const deadLetterQueue: Control = {
  id: 'Lambda.DeadLetterQueue',
  title: 'Lambda function keeps failed events in a dead-letter queue or failure destination',
  resourceTypes: [FUNCTION],
  citations: ['164.312(b)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'LambdaDLQ',
  fix: 'Set deadLetterQueueEnabled (or deadLetterQueue) or onFailure on the function.',
  check: (r, index) => {
    if (dig(r.properties, 'DeadLetterConfig', 'TargetArn') !== undefined) return pass();
    const onFailure = index.referencing(r, EVENT_INVOKE_CONFIG).some((c) => index.target(c.properties.FunctionName, c) === r
      && dig(c.properties, 'DestinationConfig', 'OnFailure', 'Destination') !== undefined);
    return onFailure ? pass() : fail('no DeadLetterConfig and no OnFailure destination, so events that fail every retry are lost.');
  },
};

/**
 * Lambda.ReservedConcurrency: the function has reserved concurrency, so a flood of other invocations
 * cannot starve it. An availability measure of the contingency plan (like Multi-AZ), not an audit
 * control, and one many accounts cannot take: Lambda keeps a minimum of the account's concurrency
 * unreserved and rejects reservations below it, and new accounts start with a quota too small to
 * reserve any. Hence a warning, to acknowledge where the function need not be guaranteed capacity.
 * - given ReservedConcurrentExecutions above 0, then PASS
 * - given none (the L2 default), then FAIL (warning)
 * - given 0 (every invocation throttled), then FAIL (warning)
 * - given a parameter, then UNVERIFIABLE
 */
const reservedConcurrency: Control = {
  id: 'Lambda.ReservedConcurrency',
  title: 'Lambda function has reserved concurrency',
  resourceTypes: [FUNCTION],
  citations: ['164.308(a)(7)(ii)(B)'],
  severity: HipaaSeverity.WARNING,
  nagRule: 'LambdaConcurrency',
  fix: 'Set reservedConcurrentExecutions on functions that must keep capacity under load, or acknowledge: Lambda refuses reservations in accounts without spare concurrency above its unreserved minimum, as new accounts are.',
  rationale: 'Reserved concurrency keeps capacity for a function that serves PHI when other functions of the account are flooded, part of keeping critical processes available.',
  check: (r) => {
    const reserved = num(r.properties.ReservedConcurrentExecutions);
    if (reserved === UNKNOWN) return unverifiable('ReservedConcurrentExecutions cannot be resolved at synth.');
    if (reserved === undefined) return fail('ReservedConcurrentExecutions is not set, so other functions of the account can take all its concurrency.');
    return reserved > 0 ? pass() : fail('ReservedConcurrentExecutions is 0, which throttles every invocation.');
  },
};

/**
 * Lambda.NoPublicInvoke: no permission lets everyone invoke a function.
 * - given a Principal other than *, then PASS
 * - given Principal * with SourceArn, SourceAccount or PrincipalOrgID, then PASS
 * - given Principal * without them, then FAIL (with FunctionUrlAuthType AWS_IAM too: any principal of any AWS account could call)
 * - given the principal from a parameter, then UNVERIFIABLE
 */
const noPublicInvoke: Control = {
  id: 'Lambda.NoPublicInvoke',
  title: 'Lambda permission does not let everyone invoke the function',
  resourceTypes: [PERMISSION],
  citations: ['164.312(a)(1)', '164.308(a)(4)(ii)(A)'],
  severity: HipaaSeverity.ERROR,
  nagRule: 'LambdaFunctionPublicAccessProhibited',
  fix: 'Grant invoke to a specific principal, or scope it with sourceArn, sourceAccount or principalOrgID.',
  check: (r) => {
    const principal = str(r.properties.Principal);
    if (principal === UNKNOWN) return unverifiable('Principal cannot be resolved at synth.');
    if (principal !== '*') return pass();
    if (['SourceArn', 'SourceAccount', 'PrincipalOrgID'].some((p) => r.properties[p] !== undefined)) return pass();
    const auth = r.properties.FunctionUrlAuthType;
    if (auth === 'AWS_IAM') return fail('Principal is * with FunctionUrlAuthType AWS_IAM, so any principal of any AWS account may invoke the function URL.');
    if (auth === 'NONE') return fail('Principal is * with FunctionUrlAuthType NONE, so anyone on the internet may invoke the function URL.');
    return fail('Principal is * with no SourceArn, SourceAccount or PrincipalOrgID, so anyone may invoke the function.');
  },
};

/**
 * Lambda.FunctionUrlAuth: function URLs require IAM authentication.
 * - given AuthType AWS_IAM, then PASS
 * - given AuthType NONE, then FAIL
 * - given a parameter, then UNVERIFIABLE
 */
const functionUrlAuth: Control = {
  id: 'Lambda.FunctionUrlAuth',
  title: 'Lambda function URL requires IAM authentication',
  resourceTypes: [FUNCTION_URL],
  citations: ['164.312(a)(1)', '164.312(d)'],
  severity: HipaaSeverity.ERROR,
  fix: 'Use authType: FunctionUrlAuthType.AWS_IAM, or put an authenticating API in front of the function.',
  check: (r) => {
    const auth = str(r.properties.AuthType);
    if (auth === UNKNOWN) return unverifiable('AuthType cannot be resolved at synth.');
    return auth === 'AWS_IAM' ? pass() : fail(`AuthType is ${auth ?? 'not set'}, so anyone who finds the URL can invoke the function.`);
  },
};

/** An AWS service principal (`s3.amazonaws.com`, `lambda.alarms.cloudwatch.amazonaws.com`, China's `.amazonaws.com.cn`). */
const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/;

/** A scope value that matches anything (`*`), and so scopes nothing. */
const ONLY_WILDCARDS = /^[*?]*$/;

/**
 * Lambda.ServicePermissionScoped: a permission granted to an AWS service names the resource or account it serves
 * (confused deputy: without SourceArn or SourceAccount, a resource of that service in any account may invoke the function).
 * Every service that invokes functions on behalf of a resource sends its account; Alexa, which cannot, uses an
 * `*.amazon.com` principal scoped by EventSourceToken and is not matched.
 * - given a service Principal (`*.amazonaws.com`) with SourceArn or SourceAccount (as aws-cdk-lib writes for S3 notifications,
 *   SNS subscriptions, EventBridge rules, API Gateway integrations, log subscriptions and Cognito triggers), then PASS
 * - given SourceArn or SourceAccount from a parameter (some resource or account still scopes it), then PASS
 * - given a service Principal without either (fn.grantInvoke(new ServicePrincipal(...)), a Secrets Manager RotationSchedule,
 *   an ALB LambdaTarget), or with only `*` in them, then FAIL (warning)
 * - given a Principal that is an account, a role ARN, an Alexa principal or `*` (Lambda.NoPublicInvoke judges `*`), then N/A
 * - given the Principal from a parameter, then UNVERIFIABLE
 */
const servicePermissionScoped: Control = {
  id: 'Lambda.ServicePermissionScoped',
  title: 'Lambda permission for an AWS service names its source resource or account',
  resourceTypes: [PERMISSION],
  citations: ['164.312(a)(1)', '164.308(a)(3)(ii)(A)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Pass sourceArn (the bucket, topic, rule or API) or sourceAccount to addPermission; for permissions aws-cdk-lib writes without them, '
    + 'add SourceAccount with addPropertyOverride(\'SourceAccount\', Aws.ACCOUNT_ID).',
  rationale: 'A service permission without a source lets a resource of that service in any account invoke the function, '
    + 'so a stranger can feed it events, and receive what it returns or writes, through a service the function trusts.',
  check: (r) => {
    const principal = str(r.properties.Principal);
    if (principal === UNKNOWN) return unverifiable('Principal cannot be resolved at synth.');
    if (principal === undefined || !SERVICE_PRINCIPAL.test(principal)) return notApplicable();
    const scoped = ['SourceArn', 'SourceAccount'].some((p) => {
      const value = r.properties[p];
      return value !== undefined && !(typeof value === 'string' && ONLY_WILDCARDS.test(value));
    });
    if (scoped) return pass();
    return fail(`Principal is ${principal} with no SourceArn or SourceAccount naming a resource or account, `
      + 'so a resource of that service in any AWS account may invoke the function (confused deputy).');
  },
};

export const LAMBDA_CONTROLS: readonly Control[] = [
  environmentCustomerKey,
  insideVpc,
  deadLetterQueue,
  reservedConcurrency,
  noPublicInvoke,
  functionUrlAuth,
  servicePermissionScoped,
];

import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { keyedLogGroup } from './log-groups';
import { acknowledgeNagRule, qualifiedControlId } from '../policy/acknowledgements';
import { HipaaData, HipaaDataClassification } from '../policy/data-classification';

/**
 * The construct id AwsCustomResource gives its singleton provider function under the stack:
 * `AWS` followed by `AwsCustomResource.PROVIDER_FUNCTION_UUID` without dashes.
 */
export const AWS_CUSTOM_RESOURCE_PROVIDER_ID = `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;

/** The construct id, under the stack, of the log group the provider function writes to. */
export const AWS_CUSTOM_RESOURCE_LOGS_ID = 'HipaaAwsCustomResourceLogs';

/** Why the provider function needs none of what cdk-nag's Lambda rules ask for. */
const PROVIDER_FACTS = 'The AwsCustomResource provider function handles no PHI: it runs only while CloudFormation deploys the stack and calls only the control-plane APIs granted to it, one policy per custom resource, for account settings CloudFormation has no resource for.';

/**
 * The rules the provider function does not meet on purpose: the cdk-nag HIPAA rule and the
 * catalog control, acknowledged together on the function (listed in the docs of each construct
 * that uses {@link createHipaaAwsCustomResource}).
 */
export const PROVIDER_EXCEPTIONS = [
  {
    nagRule: 'LambdaDLQ',
    controlId: 'Lambda.DeadLetterQueue',
    reason: `${PROVIDER_FACTS} CloudFormation invokes it synchronously and reports a failure as a failed deployment, so there is no lost event to keep in a queue.`,
  },
  {
    nagRule: 'LambdaInsideVPC',
    controlId: 'Lambda.InsideVpc',
    reason: `${PROVIDER_FACTS} It reaches only public AWS API endpoints and no resource in a VPC, so a VPC would add NAT or endpoints without protecting any data.`,
  },
  {
    nagRule: 'LambdaConcurrency',
    controlId: 'Lambda.ReservedConcurrency',
    reason: `${PROVIDER_FACTS} It runs a few times per deployment; reserving concurrency for it would only take capacity away from the account.`,
  },
] as const;

/** Why the per-resource policy of an AwsCustomResource is an inline policy. */
export const INLINE_POLICY_REASON = 'AwsCustomResource attaches the permissions of each custom resource to its provider role as a separate policy, scoped to the exact API actions that resource calls and removed with it; the provider handles no PHI.';


/** Why the provider's log group has no data protection policy. */
const NO_DATA_PROTECTION_REASON = 'The log group receives only the AwsCustomResource provider\'s own request and response logs for control-plane API calls; no PHI is written to it.';

/** Options of {@link createHipaaAwsCustomResource}. */
export interface HipaaAwsCustomResourceOptions {
  /** The CloudFormation type of the custom resource, `Custom::<Name>`. */
  readonly resourceType: string;
  /** The SDK call on create. */
  readonly onCreate?: cr.AwsSdkCall;
  /** The SDK call on update. */
  readonly onUpdate?: cr.AwsSdkCall;
  /** The SDK call on delete. */
  readonly onDelete?: cr.AwsSdkCall;
  /** The exact IAM actions the calls need, e.g. `ec2:EnableEbsEncryptionByDefault`; no wildcards. */
  readonly actions: string[];
  /**
   * The resources the actions are allowed on. Pass `['*']` only for actions that support no
   * resource-level permissions, and say so where you call this function.
   */
  readonly resources: string[];
}

/**
 * Creates an `AwsCustomResource` the HIPAA way: least privilege, logs kept, and the cdk-nag
 * HIPAA rules its provider cannot meet acknowledged with their reasons.
 *
 * - The policy allows exactly `actions` on `resources`; an action with a wildcard throws.
 * - The stack's singleton provider function logs to one log group per stack
 *   (`HipaaAwsCustomResourceLogs`): encrypted with its own HipaaKey, kept six years
 *   (45 CFR 164.316(b)(2)(i)), retained.
 * - On the provider function: LambdaDLQ, LambdaInsideVPC and LambdaConcurrency (and the
 *   catalog's Lambda.DeadLetterQueue, Lambda.InsideVpc, Lambda.ReservedConcurrency) are
 *   acknowledged ({@link PROVIDER_EXCEPTIONS}); on the custom resource, IAMNoInlinePolicy
 *   and the catalog's IAM.NoInlinePolicy ({@link INLINE_POLICY_REASON}).
 * - The SDK built into the Lambda runtime is used (`installLatestAwsSdk: false`): nothing is
 *   downloaded at deployment.
 *
 * Use it only for control-plane calls that handle no PHI: the acknowledgements on the shared
 * provider function say so.
 *
 * @param scope the construct the custom resource goes under
 * @param id the custom resource's construct id
 */
export function createHipaaAwsCustomResource(scope: Construct, id: string, options: HipaaAwsCustomResourceOptions): cr.AwsCustomResource {
  const wildcards = options.actions.filter((action) => action.includes('*'));
  if (wildcards.length > 0) {
    throw new Error(`${scope.node.path}/${id}: the custom resource's actions must be named exactly, without wildcards: ${wildcards.join(', ')}.`);
  }
  if (options.actions.length === 0) {
    throw new Error(`${scope.node.path}/${id}: the custom resource needs the IAM actions of its calls.`);
  }
  const stack = Stack.of(scope);
  const logGroup = providerLogGroup(stack);

  const resource = new cr.AwsCustomResource(scope, id, {
    resourceType: options.resourceType,
    onCreate: options.onCreate,
    onUpdate: options.onUpdate,
    onDelete: options.onDelete,
    policy: cr.AwsCustomResourcePolicy.fromStatements([
      new iam.PolicyStatement({ actions: options.actions, resources: options.resources }),
    ]),
    installLatestAwsSdk: false,
    logGroup,
  });
  acknowledgeNagRule(resource, 'IAMNoInlinePolicy', INLINE_POLICY_REASON);
  Validations.of(resource).acknowledge({ id: qualifiedControlId('IAM.NoInlinePolicy'), reason: INLINE_POLICY_REASON });

  const provider = stack.node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER_ID);
  if (provider instanceof lambda.Function) {
    // The singleton was created by an earlier AwsCustomResource without a log group: send its logs to ours.
    const cfn = provider.node.defaultChild as lambda.CfnFunction;
    if (cfn.loggingConfig === undefined) cfn.loggingConfig = { logGroup: logGroup.logGroupName };
    acknowledgeProvider(provider);
  }
  return resource;
}

function acknowledgeProvider(provider: IConstruct): void {
  const acknowledged = provider.node.metadata.some((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY
    && Object.prototype.hasOwnProperty.call(m.data, qualifiedControlId(PROVIDER_EXCEPTIONS[0].controlId)));
  if (acknowledged) return;
  for (const exception of PROVIDER_EXCEPTIONS) {
    acknowledgeNagRule(provider, exception.nagRule, exception.reason);
    Validations.of(provider).acknowledge({ id: qualifiedControlId(exception.controlId), reason: exception.reason });
  }
}

/** The stack's log group for the provider function, created on first use. */
function providerLogGroup(stack: Stack): logs.LogGroup {
  const existing = stack.node.tryFindChild(AWS_CUSTOM_RESOURCE_LOGS_ID);
  if (existing) return existing.node.findChild('LogGroup') as logs.LogGroup;

  const scope = new Construct(stack, AWS_CUSTOM_RESOURCE_LOGS_ID);
  const { logGroup } = keyedLogGroup(scope, {
    logGroupName: `/cdk-hipaa/${stack.stackName}/aws-custom-resource`,
    keyDescription: 'Customer-managed key for the logs of the AwsCustomResource provider (cdk-hipaa)',
  });
  HipaaData.of(scope).classify(HipaaDataClassification.NO_PHI, NO_DATA_PROTECTION_REASON);
  return logGroup;
}

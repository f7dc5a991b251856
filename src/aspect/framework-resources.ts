import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Resources that aws-cdk-lib adds by itself to run deployment-time custom resources: the app
 * never wrote them and cannot configure most of their properties. The engine recognizes them
 * deliberately, by the construct ids and metadata aws-cdk-lib gives them (never by guessing from
 * a resource's properties), so that their findings are reported apart and never fail synth.
 *
 * How each kind is recognized (aws-cdk-lib 2.x):
 * - `CustomResourceProvider` (core): a construct directly under a stack whose id is
 *   `<uniqueid>CustomResourceProvider`, with `uniqueid` starting with `Custom::` (for example
 *   `Custom::S3AutoDeleteObjectsCustomResourceProvider`,
 *   `Custom::VpcRestrictDefaultSGCustomResourceProvider`); its function is the `Handler` child, a
 *   raw `AWS::Lambda::Function`. aws-cdk-lib also marks it with the metadata
 *   `aws:cdk:is-custom-resource-handler-customResourceProvider`.
 * - `SingletonFunction`: one function per stack, created directly under the stack with the id
 *   `<lambdaPurpose or 'SingletonLambda'><uuid without dashes>`; the generated handler classes
 *   mark it with the metadata `aws:cdk:is-custom-resource-handler-singleton`. Known ones:
 *   BucketDeployment's `Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C[-<memory>...]`,
 *   AwsCustomResource's `AWS679f53fac002430cb0da5b7982bd2287`. LogRetention's
 *   `LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a` and `BucketNotificationsHandler050a0587b7544547bf325f094a3db834`
 *   follow the same uuid pattern without the metadata, so they are recognized by id.
 * - custom-resources `Provider`: the functions `framework-onEvent`, `framework-isComplete`,
 *   `framework-onTimeout` and the `waiter-state-machine` it creates under itself (the Provider is
 *   recognized by its jsii type `aws-cdk-lib.custom_resources.Provider`; the user's own handlers
 *   live outside it and are checked as the app's own code).
 * - EKS: the nested stacks `@aws-cdk/aws-eks.ClusterResourceProvider` and
 *   `@aws-cdk/aws-eks.KubectlProvider` directly under the cluster's stack, and everything in them.
 */
export interface FrameworkResource {
  /** Short name of the kind, e.g. `LogRetention function`. */
  readonly kind: string;
  /** Construct path of the framework construct the resource belongs to. */
  readonly scopePath: string;
  /** How to reach that construct in code, for an acknowledgement: e.g. `stack.node.findChild('...')`. */
  readonly locator: string;
  /** What it does and what the finding means for PHI. */
  readonly risk: string;
  /**
   * The one thing a user can do about it; `{ack}` stands for the acknowledgement call on the
   * framework construct (see {@link frameworkAction}).
   */
  readonly action: string;
}

interface KindTemplate {
  readonly kind: string;
  readonly risk: string;
  /** `{ack}` is replaced by the acknowledgement call on the framework construct. */
  readonly action: string;
}

const DEPLOY_ONLY = 'It runs only while CloudFormation deploys the stack, is invoked by CloudFormation alone and receives no application data';
const ACK_ONCE = 'acknowledge it once on the construct aws-cdk-lib creates: {ack}';

const AUTO_DELETE: KindTemplate = {
  kind: 'S3 auto-delete objects provider',
  risk: `${DEPLOY_ONLY}; when the stack deletes a bucket with \`autoDeleteObjects: true\`, it deletes every object in it first.`,
  action: 'A bucket that can hold PHI must be retained: remove `autoDeleteObjects: true` from it; for buckets that never hold PHI, ' + ACK_ONCE,
};
const RESTRICT_DEFAULT_SG: KindTemplate = {
  kind: 'VPC default security group restrictor',
  risk: `${DEPLOY_ONLY}; it removes the rules of the VPC's default security group.`,
  action: ACK_ONCE,
};
const BUCKET_DEPLOYMENT: KindTemplate = {
  kind: 'BucketDeployment function',
  risk: 'It copies the deployment\'s assets into the destination bucket during deployments; it handles the files the app deploys, which must not include PHI.',
  action: 'Keep PHI out of deployed assets and ' + ACK_ONCE,
};
const LOG_RETENTION: KindTemplate = {
  kind: 'LogRetention function',
  risk: `${DEPLOY_ONLY}; it sets the retention of log groups that are not in the template, so their encryption key is not checked.`,
  action: 'Give each function a log group with `logGroup:` (for example a CentralLogGroup) instead of `logRetention:`; the function then disappears. Otherwise ' + ACK_ONCE,
};
const BUCKET_NOTIFICATIONS: KindTemplate = {
  kind: 'S3 bucket notifications handler',
  risk: `${DEPLOY_ONLY}; it writes the notification configuration of buckets.`,
  action: ACK_ONCE,
};
const AWS_CUSTOM_RESOURCE: KindTemplate = {
  kind: 'AwsCustomResource function',
  risk: 'It makes the SDK calls of the app\'s AwsCustomResources during deployments; their parameters and responses pass through it and its logs, so they must not carry PHI.',
  action: 'Keep PHI out of AwsCustomResource calls and ' + ACK_ONCE,
};
const PROVIDER: KindTemplate = {
  kind: 'custom-resources Provider framework',
  risk: 'It relays CloudFormation events to the app\'s own handler functions (checked as the app\'s code); events carry the custom resource\'s properties, which must not carry PHI.',
  action: 'Pass `providerFunctionEnvEncryption: key` (a customer-managed key) and `vpc:` to the Provider where the findings ask for them; otherwise ' + ACK_ONCE,
};
const EKS_CLUSTER_PROVIDER: KindTemplate = {
  kind: 'EKS cluster provider',
  risk: `${DEPLOY_ONLY}; it creates, updates and deletes the EKS cluster.`,
  action: ACK_ONCE,
};
const EKS_KUBECTL_PROVIDER: KindTemplate = {
  kind: 'EKS kubectl provider',
  risk: 'It applies the app\'s Kubernetes manifests and Helm charts to the cluster during deployments; manifests and Helm values must not carry PHI.',
  action: 'Keep PHI out of manifests and Helm values and ' + ACK_ONCE,
};
const OTHER_PROVIDER: KindTemplate = {
  kind: 'aws-cdk-lib custom resource provider',
  risk: `${DEPLOY_ONLY}.`,
  action: ACK_ONCE,
};
const OTHER_SINGLETON: KindTemplate = {
  kind: 'aws-cdk-lib custom resource handler',
  risk: 'It handles a custom resource aws-cdk-lib adds during deployments.',
  action: ACK_ONCE,
};

/** CustomResourceProvider ids (under the stack) whose kind is known. */
const KNOWN_PROVIDERS: ReadonlyArray<[string, KindTemplate]> = [
  ['Custom::S3AutoDeleteObjectsCustomResourceProvider', AUTO_DELETE],
  ['Custom::VpcRestrictDefaultSGCustomResourceProvider', RESTRICT_DEFAULT_SG],
];
/** Singleton function ids (under the stack), by prefix: some append `-<memory>MiB` and the like. */
const KNOWN_SINGLETONS: ReadonlyArray<[string, KindTemplate]> = [
  ['Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C', BUCKET_DEPLOYMENT],
  ['LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a', LOG_RETENTION],
  ['BucketNotificationsHandler050a0587b7544547bf325f094a3db834', BUCKET_NOTIFICATIONS],
  ['AWS679f53fac002430cb0da5b7982bd2287', AWS_CUSTOM_RESOURCE],
];
/** Construct ids replace the '/' of these names with '--' (`@aws-cdk--aws-eks.ClusterResourceProvider`). */
const EKS_PROVIDERS: ReadonlyMap<string, KindTemplate> = new Map([
  ['@aws-cdk/aws-eks.ClusterResourceProvider', EKS_CLUSTER_PROVIDER],
  ['@aws-cdk/aws-eks.KubectlProvider', EKS_KUBECTL_PROVIDER],
]);
const PROVIDER_FQN = 'aws-cdk-lib.custom_resources.Provider';
const PROVIDER_CHILDREN = /^(framework-(onEvent|isComplete|onTimeout)|waiter-state-machine)$/;
const PROVIDER_METADATA = 'aws:cdk:is-custom-resource-handler-customResourceProvider';
const SINGLETON_METADATA = 'aws:cdk:is-custom-resource-handler-singleton';

/** The framework construct `resource` belongs to, if aws-cdk-lib added it by itself. */
export function frameworkResourceOf(resource: IConstruct): FrameworkResource | undefined {
  const scopes = resource.node.scopes;
  for (let i = 1; i < scopes.length; i++) {
    const parent = scopes[i - 1];
    const scope = scopes[i];
    const id = scope.node.id;
    if (Stack.isStack(parent)) {
      const stackLocator = `Stack.of(this).node.findChild('${id}')`;
      const provider = KNOWN_PROVIDERS.find(([known]) => id === known)?.[1];
      if (provider) return make(provider, scope, stackLocator);
      if (/^Custom::.+CustomResourceProvider$/.test(id) && hasMetadata(scope, PROVIDER_METADATA)) return make(OTHER_PROVIDER, scope, stackLocator);
      const singleton = KNOWN_SINGLETONS.find(([known]) => id.startsWith(known))?.[1];
      if (singleton) return make(singleton, scope, stackLocator);
      if (hasMetadata(scope, SINGLETON_METADATA)) return make(OTHER_SINGLETON, scope, stackLocator);
      const eks = EKS_PROVIDERS.get(id.replace(/--/g, '/'));
      if (eks) return make(eks, scope, stackLocator);
    }
    if (jsiiFqn(parent) === PROVIDER_FQN && PROVIDER_CHILDREN.test(id)) return make(PROVIDER, parent, 'provider');
  }
  return undefined;
}

function make(template: KindTemplate, scope: IConstruct, locator: string): FrameworkResource {
  return {
    kind: template.kind,
    scopePath: scope.node.path,
    locator,
    risk: template.risk,
    action: template.action,
  };
}

/**
 * The user action for a framework resource, with the exact acknowledgement call that clears
 * `controlIds` (qualified ids, `CdkHipaa::<id>`) on its framework construct.
 */
export function frameworkAction(framework: FrameworkResource, qualifiedIds: readonly string[]): string {
  const ids = qualifiedIds.length > 0 ? qualifiedIds : ['CdkHipaa::<control id>'];
  const acks = ids.map((id) => `{ id: '${id}', reason: '...' }`).join(', ');
  return framework.action.replace('{ack}', `\`Validations.of(${framework.locator}).acknowledge(${acks})\`.`);
}

function hasMetadata(scope: IConstruct, type: string): boolean {
  return scope.node.metadata.some((m) => m.type === type);
}

/** The jsii type name of a construct's class (set by jsii on every aws-cdk-lib class). */
function jsiiFqn(construct: IConstruct): string | undefined {
  return (construct.constructor as any)?.[Symbol.for('jsii.rtti')]?.fqn;
}

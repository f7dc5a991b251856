import { Control, fail, notApplicable, pass, RenderedResource, ResourceIndex, unverifiable } from './control';
import { HipaaSeverity } from './severity';

/**
 * CloudFormation service prefixes (`AWS::<Service>::`) of the services on AWS's "HIPAA Eligible
 * Services Reference", as published on 29 November 2026 (docs/organization.md says so too). Only services whose place on the list
 * is certain are included: a service missing here gets a warning, never an error.
 *
 * To update: compare with the current reference (aws.amazon.com/compliance/hipaa-eligible-services-reference),
 * add the CloudFormation namespace of each newly listed service (the middle part of its resource
 * types, e.g. `MemoryDB` for `AWS::MemoryDB::Cluster`), and add a test for it.
 */
export const HIPAA_ELIGIBLE_SERVICE_PREFIXES: ReadonlySet<string> = new Set([
  'ACMPCA', 'AmazonMQ', 'ApiGateway', 'ApiGatewayV2', 'ApplicationAutoScaling', 'AppSync', 'Athena', 'AutoScaling',
  'Backup', 'Batch', 'Bedrock', 'CertificateManager', 'CloudFront', 'CloudTrail', 'CloudWatch', 'CodeBuild', 'CodeCommit',
  'CodeDeploy', 'CodePipeline', 'Cognito', 'Comprehend', 'Config', 'Connect', 'DataSync', 'DAX', 'DirectoryService', 'DMS',
  'DocDB', 'DynamoDB', 'EC2', 'ECR', 'ECS', 'EFS', 'EKS', 'ElastiCache', 'ElasticBeanstalk', 'ElasticLoadBalancing',
  'ElasticLoadBalancingV2', 'Elasticsearch', 'EMR', 'Events', 'FMS', 'FSx', 'GlobalAccelerator', 'Glue', 'GuardDuty',
  'HealthLake', 'Inspector', 'InspectorV2', 'IoT', 'Kinesis', 'KinesisAnalytics', 'KinesisAnalyticsV2', 'KinesisFirehose',
  'KinesisVideo', 'KMS', 'LakeFormation', 'Lambda', 'Lex', 'Logs', 'Macie', 'MSK', 'Neptune', 'NetworkFirewall',
  'OpenSearchService', 'QuickSight', 'RDS', 'Redshift', 'Rekognition', 'Route53', 'S3', 'SageMaker', 'SecretsManager',
  'SecurityHub', 'SES', 'Shield', 'SNS', 'SQS', 'SSM', 'StepFunctions', 'StorageGateway', 'Transfer', 'WAF', 'WAFRegional',
  'WAFv2', 'WorkSpaces', 'XRay',
]);

/**
 * Namespaces of control-plane resources that configure access, deployment or billing and hold no
 * customer content, so the BAA question does not arise for them. `Serverless` is the AWS SAM
 * transform: its resources expand into Lambda, API Gateway, DynamoDB, Step Functions resources or
 * nested stacks, all of eligible services; that their own controls cannot run at synth is
 * General.SamResourceExpanded's finding.
 */
const NO_DATA_PREFIXES: ReadonlySet<string> = new Set([
  'AccessAnalyzer', 'Budgets', 'CDK', 'CE', 'CloudFormation', 'IAM', 'IdentityStore', 'Organizations', 'ResourceGroups', 'Serverless', 'SSO',
]);

/** Glue types of eligible services that hold no data either. */
const NO_DATA_TYPES: ReadonlySet<string> = new Set(['AWS::Lambda::Permission']);

/**
 * General.HipaaEligibleService: the resource belongs to an AWS service that AWS's Business
 * Associate Addendum covers.
 * - given a type of a service on the HIPAA Eligible Services Reference (e.g. AWS::S3::Bucket), then PASS
 * - given a type of another AWS service (e.g. AWS::Amplify::App), then FAIL (warning: PHI must
 *   not be stored, processed or transmitted there; acknowledge when none is)
 * - given a third-party registry type (e.g. MongoDB::Atlas::Cluster), then FAIL (warning: a BAA
 *   with its vendor is needed)
 * - given control-plane types (AWS::IAM::*, AWS::CloudFormation::*, AWS::CDK::Metadata, ...) and
 *   custom resources (Custom::*) and glue such as AWS::Lambda::Permission, then N/A
 */
const hipaaEligibleService: Control = {
  id: 'General.HipaaEligibleService',
  title: 'Resource belongs to a HIPAA-eligible AWS service',
  resourceTypes: ['*'],
  citations: ['164.308(b)(1)', '164.314(a)(1)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Keep PHI out of this service (use a HIPAA-eligible one), or acknowledge that it never stores, processes or transmits PHI.',
  check: (r) => {
    const [vendor, service] = r.type.split('::');
    if (vendor === 'Custom' || r.type === 'AWS::CloudFormation::CustomResource') return notApplicable();
    if (vendor !== 'AWS') {
      return fail(`${r.type} is a third-party resource type: AWS's Business Associate Addendum does not cover it; PHI there needs a BAA with its vendor.`);
    }
    if (NO_DATA_PREFIXES.has(service) || NO_DATA_TYPES.has(r.type)) return notApplicable();
    if (HIPAA_ELIGIBLE_SERVICE_PREFIXES.has(service)) return pass();
    return fail(`${service} is not on AWS's HIPAA Eligible Services Reference, so AWS's Business Associate Addendum does not cover PHI in it.`);
  },
};

/** The AWS SAM resource types, which the `AWS::Serverless-2016-10-31` transform expands at deploy. */
const SAM_TYPES = [
  'AWS::Serverless::Function', 'AWS::Serverless::SimpleTable', 'AWS::Serverless::Api', 'AWS::Serverless::HttpApi',
  'AWS::Serverless::StateMachine', 'AWS::Serverless::Application', 'AWS::Serverless::LayerVersion', 'AWS::Serverless::GraphQLApi',
];

/** What each SAM type becomes, for the message. */
const SAM_EXPANSION: Record<string, string> = {
  'AWS::Serverless::Function': 'a Lambda function, its role and event sources',
  'AWS::Serverless::SimpleTable': 'a DynamoDB table',
  'AWS::Serverless::Api': 'an API Gateway REST API, deployment and stage',
  'AWS::Serverless::HttpApi': 'an API Gateway HTTP API and stage',
  'AWS::Serverless::StateMachine': 'a Step Functions state machine and its role',
  'AWS::Serverless::Application': 'a nested stack from the Serverless Application Repository or S3',
  'AWS::Serverless::LayerVersion': 'a Lambda layer version',
  'AWS::Serverless::GraphQLApi': 'an AppSync API and its data sources',
};

/**
 * The Secrets Manager rotation templates AWS publishes in the Serverless Application Repository:
 * one publishing account per partition (those aws-cdk-lib's `SecretRotationApplication` names),
 * templates named `SecretsManager<engine>Rotation<SingleUser|MultiUser>` (the Secrets Manager user
 * guide's "rotation function templates").
 */
const AWS_ROTATION_APPLICATION = new RegExp('^arn:(?:aws:serverlessrepo:us-east-1:297356227824|aws-cn:serverlessrepo:cn-north-1:193023089310'
  + '|aws-us-gov:serverlessrepo:us-gov-west-1:023102451235):applications/SecretsManager[A-Za-z0-9]*Rotation[A-Za-z0-9]*$');

/**
 * True for an application whose location is one of AWS's published Secrets Manager rotation
 * templates: its `ApplicationId` is such an ARN, or an `Fn::FindInMap` every value of which, at the
 * keys synth cannot resolve, is one. That is what aws-cdk-lib's `secretsmanager.SecretRotation`
 * (and so `addRotationSingleUser()` / `addRotationMultiUser()`) writes: a mapping of the
 * template's ARN per partition, read at `{ Ref: AWS::Partition }`.
 */
function isAwsRotationApplication(r: RenderedResource, index: ResourceIndex): boolean {
  if (r.type !== 'AWS::Serverless::Application') return false;
  const id = r.properties.Location?.ApplicationId;
  const candidates = typeof id === 'string' ? [id] : index.findInMapValues(id, r);
  return candidates !== undefined && candidates.length > 0 && candidates.every((c) => typeof c === 'string' && AWS_ROTATION_APPLICATION.test(c));
}

/**
 * General.SamResourceExpanded: the resource is declared as the CloudFormation resources it deploys,
 * so the catalog's controls can check them; an AWS SAM resource is expanded by the SAM transform
 * only at deploy time, and the controls of what it becomes (encryption of a table, a function's
 * environment key and VPC, an API's authorizers and logs) cannot run at synth.
 * - given an AWS SAM resource (AWS::Serverless::Function, ::SimpleTable, ::Api, ::HttpApi,
 *   ::StateMachine, ::Application, ::LayerVersion, ::GraphQLApi), then UNVERIFIABLE
 * - given an application located at one of AWS's published Secrets Manager rotation templates,
 *   by ARN or by an `Fn::FindInMap` whose every value at the keys synth cannot resolve is one (the
 *   rotation application of aws-cdk-lib's SecretRotation: addRotationSingleUser(),
 *   addRotationMultiUser()), then N/A, in a CDK app and in a template alike
 * - given a mapping with any other application among those values, then UNVERIFIABLE
 */
const samResourceExpanded: Control = {
  id: 'General.SamResourceExpanded',
  title: 'Resource is declared as the CloudFormation resources it deploys, not as an AWS SAM resource expanded at deploy',
  resourceTypes: SAM_TYPES,
  citations: ['164.308(a)(1)(ii)(A)', '164.308(a)(1)(ii)(B)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Declare the underlying resources with aws-cdk-lib (lambda.Function, dynamodb.TableV2, apigateway.RestApi...), or run the checks over '
    + 'the transformed template (sam validate, or aws cloudformation get-template --template-stage Processed) and acknowledge this control.',
  rationale: 'The safeguards of a resource that exists only after the SAM transform (encryption, network placement, who may call it) '
    + 'cannot be evaluated before deploy, so a risk analysis built on these checks would not see it.',
  check: (r, index) => {
    if (isAwsRotationApplication(r, index)) return notApplicable();
    return unverifiable(`${r.type} is an AWS SAM resource: the SAM transform expands it at deploy time into ${SAM_EXPANSION[r.type] ?? 'other resources'}, `
      + 'so the controls of those resources cannot run at synth. Declare them with aws-cdk-lib, or check the processed template '
      + '(aws cloudformation get-template --template-stage Processed) and acknowledge.');
  },
};

/** What each resource type that deploys another template deploys, for messages. */
const DEPLOYED_TEMPLATE: { readonly [type: string]: string } = {
  'AWS::CloudFormation::Stack': 'a nested stack',
  'AWS::CloudFormation::StackSet': 'a stack in each account and Region the stack set targets',
  'AWS::ServiceCatalog::CloudFormationProvisionedProduct': 'a stack of the Service Catalog product\'s template',
};

/** The template a resource names as a literal URL, for messages. */
function templateUrlOf(r: RenderedResource): string {
  const url = r.properties.TemplateURL;
  return typeof url === 'string' ? ` (${url})` : '';
}

/**
 * General.DeployedTemplateChecked: the resources a stack, stack set or Service Catalog product
 * deploys are checked with the template that deploys them. Those resources are in another
 * template, and the controls can only run on templates they are given.
 * - given a nested stack whose template is checked with its parent (a CDK NestedStack, or a
 *   cloud assembly's nested template asset), then N/A: its resources are checked as their own
 * - given a nested stack whose template is not among those checked (a TemplateURL of a template
 *   elsewhere, or a parent template checked without its nested ones), then UNVERIFIABLE
 * - given a stack set whose inline template (TemplateBody) is checked with it (the cdk-hipaa
 *   command reads the literal bodies of the template files it is given as templates of their own), then N/A
 * - given a stack set with its template at a TemplateURL, or inline where it is not read (in a
 *   CDK app or a cloud assembly, or a body that is not literal text), then UNVERIFIABLE: it deploys
 *   a stack into other accounts and Regions
 * - given a Service Catalog provisioned product, then UNVERIFIABLE: it deploys the product's template
 */
const deployedTemplateChecked: Control = {
  id: 'General.DeployedTemplateChecked',
  title: 'Resources a nested stack, stack set or provisioned product deploys are checked with the template that deploys them',
  resourceTypes: Object.keys(DEPLOYED_TEMPLATE),
  citations: ['164.308(a)(1)(ii)(A)', '164.308(a)(1)(ii)(B)'],
  severity: HipaaSeverity.WARNING,
  fix: 'Check the template it deploys too (npx cdk-hipaa check <template>, or HipaaAspect on the app that synthesizes it), '
    + 'then acknowledge this control with where that check runs.',
  rationale: 'A risk analysis built on these checks covers only the resources they read; PHI stores in a template that is deployed '
    + 'from this one would otherwise read as checked when they were never seen.',
  check: (r, index) => {
    if (r.type !== 'AWS::ServiceCatalog::CloudFormationProvisionedProduct' && index.nestedTemplate(r) !== undefined) return notApplicable();
    const source = r.type === 'AWS::CloudFormation::StackSet' && r.properties.TemplateBody !== undefined
      ? 'an inline template (TemplateBody)'
      : r.type === 'AWS::ServiceCatalog::CloudFormationProvisionedProduct' ? 'a version of a Service Catalog product' : `a template${templateUrlOf(r)}`;
    return unverifiable(`${r.type} deploys ${DEPLOYED_TEMPLATE[r.type]} from ${source} that was not checked with this one, `
      + 'so its resources\' safeguards are unknown here. Check that template too (npx cdk-hipaa check <template>) and acknowledge.');
  },
};

/** Controls that apply to every resource. */
export const GENERAL_CONTROLS: readonly Control[] = [
  hipaaEligibleService,
  samResourceExpanded,
  deployedTemplateChecked,
];

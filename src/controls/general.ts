import { Control, fail, notApplicable, pass } from './control';
import { HipaaSeverity } from './severity';

/**
 * CloudFormation service prefixes (`AWS::<Service>::`) of the services on AWS's "HIPAA Eligible
 * Services Reference", as published at the time of writing. Only services whose place on the list
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
 * transform, which expands into Lambda, API Gateway, DynamoDB, Step Functions resources or
 * nested stacks.
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

/** Controls that apply to every resource. */
export const GENERAL_CONTROLS: readonly Control[] = [
  hipaaEligibleService,
];

import { HIPAA_ELIGIBLE_SERVICE_PREFIXES } from '../controls/general';

/**
 * The IAM service prefixes (the part of an action before `:`) of each HIPAA-eligible service, by
 * the CloudFormation namespace the catalog lists it under. One namespace can stand for several
 * prefixes (Cognito: user pools, identity pools, sync); some share one (both load balancer versions).
 */
export const IAM_PREFIXES_BY_NAMESPACE: Readonly<Record<string, readonly string[]>> = {
  ACMPCA: ['acm-pca'],
  AmazonMQ: ['mq'],
  ApiGateway: ['apigateway', 'execute-api'],
  ApiGatewayV2: ['apigateway', 'execute-api'],
  ApplicationAutoScaling: ['application-autoscaling'],
  AppSync: ['appsync'],
  Athena: ['athena'],
  AutoScaling: ['autoscaling'],
  Backup: ['backup', 'backup-storage'],
  Batch: ['batch'],
  Bedrock: ['bedrock'],
  CertificateManager: ['acm'],
  CloudFront: ['cloudfront'],
  CloudTrail: ['cloudtrail'],
  CloudWatch: ['cloudwatch'],
  CodeBuild: ['codebuild'],
  CodeCommit: ['codecommit'],
  CodeDeploy: ['codedeploy'],
  CodePipeline: ['codepipeline'],
  Cognito: ['cognito-idp', 'cognito-identity', 'cognito-sync'],
  Comprehend: ['comprehend', 'comprehendmedical'],
  Config: ['config'],
  Connect: ['connect'],
  DataSync: ['datasync'],
  DAX: ['dax'],
  DirectoryService: ['ds'],
  DMS: ['dms'],
  DocDB: ['rds'],
  DynamoDB: ['dynamodb'],
  EC2: ['ec2', 'ebs'],
  ECR: ['ecr'],
  ECS: ['ecs'],
  EFS: ['elasticfilesystem'],
  EKS: ['eks'],
  ElastiCache: ['elasticache'],
  ElasticBeanstalk: ['elasticbeanstalk'],
  ElasticLoadBalancing: ['elasticloadbalancing'],
  ElasticLoadBalancingV2: ['elasticloadbalancing'],
  Elasticsearch: ['es'],
  EMR: ['elasticmapreduce'],
  Events: ['events'],
  FMS: ['fms'],
  FSx: ['fsx'],
  GlobalAccelerator: ['globalaccelerator'],
  Glue: ['glue'],
  GuardDuty: ['guardduty'],
  HealthLake: ['healthlake'],
  Inspector: ['inspector'],
  InspectorV2: ['inspector2'],
  IoT: ['iot'],
  Kinesis: ['kinesis'],
  KinesisAnalytics: ['kinesisanalytics'],
  KinesisAnalyticsV2: ['kinesisanalytics'],
  KinesisFirehose: ['firehose'],
  KinesisVideo: ['kinesisvideo'],
  KMS: ['kms'],
  LakeFormation: ['lakeformation'],
  Lambda: ['lambda'],
  Lex: ['lex'],
  Logs: ['logs'],
  Macie: ['macie2'],
  MSK: ['kafka', 'kafka-cluster'],
  Neptune: ['neptune-db', 'rds'],
  NetworkFirewall: ['network-firewall'],
  OpenSearchService: ['es'],
  QuickSight: ['quicksight'],
  RDS: ['rds', 'rds-db', 'rds-data', 'pi'],
  Redshift: ['redshift', 'redshift-data'],
  Rekognition: ['rekognition'],
  Route53: ['route53', 'route53domains', 'route53resolver'],
  S3: ['s3'],
  SageMaker: ['sagemaker'],
  SecretsManager: ['secretsmanager'],
  SecurityHub: ['securityhub'],
  SES: ['ses'],
  Shield: ['shield'],
  SNS: ['sns'],
  SQS: ['sqs'],
  SSM: ['ssm', 'ssmmessages', 'ec2messages'],
  StepFunctions: ['states'],
  StorageGateway: ['storagegateway'],
  Transfer: ['transfer'],
  WAF: ['waf'],
  WAFRegional: ['waf-regional'],
  WAFv2: ['wafv2'],
  WorkSpaces: ['workspaces'],
  XRay: ['xray'],
};

/**
 * Services that hold no customer content and that running and governing an account needs:
 * identity, sign-in, organizations, billing, support, deployment and the console's own calls.
 * The eligible-services guardrail never denies them.
 */
export const ACCOUNT_MANAGEMENT_PREFIXES: readonly string[] = [
  'access-analyzer', 'account', 'aws-portal', 'billing', 'budgets', 'ce', 'cloudformation', 'consolidatedbilling', 'cur',
  'health', 'iam', 'identitystore', 'invoicing', 'notifications', 'organizations', 'payments', 'pricing', 'resource-explorer-2',
  'resource-groups', 'servicequotas', 'signin', 'sso', 'sso-directory', 'sts', 'support', 'sustainability', 'tag', 'trustedadvisor',
];

/** Every IAM prefix the eligible-services guardrail allows, sorted and without repeats. */
export function allowedServicePrefixes(): string[] {
  const prefixes = new Set<string>(ACCOUNT_MANAGEMENT_PREFIXES);
  for (const namespace of HIPAA_ELIGIBLE_SERVICE_PREFIXES) {
    const mapped = IAM_PREFIXES_BY_NAMESPACE[namespace];
    if (!mapped) throw new Error(`The eligible service ${namespace} has no IAM prefix in IAM_PREFIXES_BY_NAMESPACE.`);
    mapped.forEach((p) => prefixes.add(p));
  }
  return [...prefixes].sort();
}

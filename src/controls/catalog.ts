import { AMAZONMQ_CONTROLS } from './amazonmq';
import { APIGATEWAY_CONTROLS } from './apigateway';
import { APPSYNC_CONTROLS } from './appsync';
import { ATHENA_CONTROLS } from './athena';
import { AUTOSCALING_CONTROLS } from './autoscaling';
import { BACKUP_CONTROLS } from './backup';
import { BEDROCK_CONTROLS } from './bedrock';
import { CLOUDFRONT_CONTROLS } from './cloudfront';
import { CLOUDTRAIL_CONTROLS } from './cloudtrail';
import { CLOUDWATCH_CONTROLS } from './cloudwatch';
import { CODEBUILD_CONTROLS } from './codebuild';
import { COGNITO_CONTROLS } from './cognito';
import { Control } from './control';
import { DAX_CONTROLS } from './dax';
import { DMS_CONTROLS } from './dms';
import { DOCDB_CONTROLS } from './docdb';
import { DYNAMODB_CONTROLS } from './dynamodb';
import { EC2_CONTROLS } from './ec2';
import { ECR_CONTROLS } from './ecr';
import { ECS_CONTROLS } from './ecs';
import { EFS_CONTROLS } from './efs';
import { EKS_CONTROLS } from './eks';
import { ELASTICACHE_CONTROLS } from './elasticache';
import { ELASTICBEANSTALK_CONTROLS } from './elasticbeanstalk';
import { ELB_CONTROLS } from './elb';
import { ELBV2_CONTROLS } from './elbv2';
import { EMR_CONTROLS } from './emr';
import { GENERAL_CONTROLS } from './general';
import { GLUE_CONTROLS } from './glue';
import { IAM_CONTROLS } from './iam';
import { KINESIS_CONTROLS } from './kinesis';
import { KMS_CONTROLS } from './kms';
import { LAMBDA_CONTROLS } from './lambda';
import { LOGS_CONTROLS } from './logs';
import { MSK_CONTROLS } from './msk';
import { NEPTUNE_CONTROLS } from './neptune';
import { OPENSEARCH_CONTROLS } from './opensearch';
import { QLDB_CONTROLS } from './qldb';
import { RDS_CONTROLS } from './rds';
import { REDSHIFT_CONTROLS } from './redshift';
import { S3_CONTROLS } from './s3';
import { SAGEMAKER_CONTROLS } from './sagemaker';
import { SECRETS_IN_PLAIN_SIGHT_CONTROLS } from './secrets-in-plain-sight';
import { SECRETSMANAGER_CONTROLS } from './secretsmanager';
import { SNS_CONTROLS } from './sns';
import { SQS_CONTROLS } from './sqs';
import { SSM_CONTROLS } from './ssm';
import { STEPFUNCTIONS_CONTROLS } from './stepfunctions';
import { TIMESTREAM_CONTROLS } from './timestream';
import { TRANSFER_CONTROLS } from './transfer';
import { WAFV2_CONTROLS } from './wafv2';
import { WORKSPACES_CONTROLS } from './workspaces';

/**
 * The control catalog, one file per AWS service. Order is the order of reports and docs.
 * Ids are stable: the inventory test pins them.
 */
export const CATALOG: readonly Control[] = [
  ...KMS_CONTROLS,
  ...S3_CONTROLS,
  ...EC2_CONTROLS,
  ...AUTOSCALING_CONTROLS,
  ...RDS_CONTROLS,
  ...DMS_CONTROLS,
  ...DYNAMODB_CONTROLS,
  ...EFS_CONTROLS,
  ...TRANSFER_CONTROLS,
  ...WORKSPACES_CONTROLS,
  ...ELASTICACHE_CONTROLS,
  ...REDSHIFT_CONTROLS,
  ...EMR_CONTROLS,
  ...BACKUP_CONTROLS,
  ...GENERAL_CONTROLS,
  ...SECRETS_IN_PLAIN_SIGHT_CONTROLS,
  ...SNS_CONTROLS,
  ...SQS_CONTROLS,
  ...LOGS_CONTROLS,
  ...CLOUDTRAIL_CONTROLS,
  ...CLOUDWATCH_CONTROLS,
  ...SECRETSMANAGER_CONTROLS,
  ...OPENSEARCH_CONTROLS,
  ...KINESIS_CONTROLS,
  ...LAMBDA_CONTROLS,
  ...ECS_CONTROLS,
  ...EKS_CONTROLS,
  ...STEPFUNCTIONS_CONTROLS,
  ...SAGEMAKER_CONTROLS,
  ...BEDROCK_CONTROLS,
  ...ELB_CONTROLS,
  ...ELBV2_CONTROLS,
  ...ELASTICBEANSTALK_CONTROLS,
  ...APIGATEWAY_CONTROLS,
  ...APPSYNC_CONTROLS,
  ...WAFV2_CONTROLS,
  ...CODEBUILD_CONTROLS,
  ...IAM_CONTROLS,
  ...COGNITO_CONTROLS,
  ...SSM_CONTROLS,
  ...ECR_CONTROLS,
  ...DOCDB_CONTROLS,
  ...NEPTUNE_CONTROLS,
  ...MSK_CONTROLS,
  ...AMAZONMQ_CONTROLS,
  ...DAX_CONTROLS,
  ...CLOUDFRONT_CONTROLS,
  ...GLUE_CONTROLS,
  ...ATHENA_CONTROLS,
  ...TIMESTREAM_CONTROLS,
  ...QLDB_CONTROLS,
];

/**
 * The catalog control with this id, for constructs that refuse a prop in its name.
 *
 * @throws when no control has this id: a construct may refuse only in the name of a catalog control
 */
export function catalogControl(id: string): Control {
  const control = CATALOG.find((c) => c.id === id);
  if (!control) throw new Error(`${id} is not a control of the catalog; refusals and acknowledgements name catalog controls.`);
  return control;
}

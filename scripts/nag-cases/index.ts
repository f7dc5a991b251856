/**
 * Every case of every cdk-nag HIPAA Security rule, collected from the per-folder files (one file
 * per folder of node_modules/cdk-nag/lib/rules/ that the pack uses).
 */
import { CASES as APIGW } from './apigw';
import { CASES as AUTOSCALING } from './autoscaling';
import { CASES as CLOUDTRAIL } from './cloudtrail';
import { CASES as CLOUDWATCH } from './cloudwatch';
import { CASES as CODEBUILD } from './codebuild';
import { CASES as DMS } from './dms';
import { CASES as DYNAMODB } from './dynamodb';
import { CASES as EC2 } from './ec2';
import { CASES as ECS } from './ecs';
import { CASES as EFS } from './efs';
import { CASES as ELASTICACHE } from './elasticache';
import { CASES as ELASTICBEANSTALK } from './elasticbeanstalk';
import { CASES as ELB } from './elb';
import { CASES as EMR } from './emr';
import { CASES as IAM } from './iam';
import { CASES as LAMBDA } from './lambda';
import { CASES as OPENSEARCH } from './opensearch';
import { CASES as RDS } from './rds';
import { CASES as REDSHIFT } from './redshift';
import { CASES as S3 } from './s3';
import { CASES as SAGEMAKER } from './sagemaker';
import { CASES as SECRETSMANAGER } from './secretsmanager';
import { CASES as SNS } from './sns';
import { CASES as SQS } from './sqs';
import { NagCase } from './types';
import { CASES as VPC } from './vpc';
import { CASES as WAF } from './waf';

export { NagCase } from './types';

export const ALL_CASES: readonly NagCase[] = [
  ...APIGW,
  ...AUTOSCALING,
  ...CLOUDTRAIL,
  ...CLOUDWATCH,
  ...CODEBUILD,
  ...DMS,
  ...DYNAMODB,
  ...EC2,
  ...ECS,
  ...EFS,
  ...ELASTICACHE,
  ...ELASTICBEANSTALK,
  ...ELB,
  ...EMR,
  ...IAM,
  ...LAMBDA,
  ...OPENSEARCH,
  ...RDS,
  ...REDSHIFT,
  ...S3,
  ...SAGEMAKER,
  ...SECRETSMANAGER,
  ...SNS,
  ...SQS,
  ...VPC,
  ...WAF,
];

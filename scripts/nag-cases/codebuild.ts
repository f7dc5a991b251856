import { Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import { NagCase } from './types';

/** A pipeline build project with the given environment variables; returns its path. */
function pipelineProject(stack: Stack, environmentVariables?: Record<string, codebuild.BuildEnvironmentVariable>): string {
  new codebuild.PipelineProject(stack, 'Build', {
    environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0 },
    environmentVariables,
  });
  return 'Build/Resource';
}

/** An L1 project building a GitHub repository; `source` adds or overrides source properties. */
function gitHubProject(stack: Stack, source: Partial<codebuild.CfnProject.SourceProperty> = {}): string {
  new codebuild.CfnProject(stack, 'Build', {
    serviceRole: 'arn:aws:iam::123456789012:role/codebuild-service',
    artifacts: { type: 'NO_ARTIFACTS' },
    environment: { type: 'LINUX_CONTAINER', computeType: 'BUILD_GENERAL1_SMALL', image: 'aws/codebuild/standard:7.0' },
    source: { type: 'GITHUB', location: 'https://github.com/example/patients.git', ...source },
  });
  return 'Build';
}

export const CASES: readonly NagCase[] = [
  // CodeBuildProjectEnvVarAwsCred: no AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as plaintext variables
  {
    rule: 'CodeBuildProjectEnvVarAwsCred',
    compliant: true,
    title: 'project without environment variables',
    build: (stack) => pipelineProject(stack),
  },
  {
    rule: 'CodeBuildProjectEnvVarAwsCred',
    compliant: true,
    title: 'AWS keys read from Secrets Manager',
    build: (stack) => pipelineProject(stack, {
      AWS_ACCESS_KEY_ID: { type: codebuild.BuildEnvironmentVariableType.SECRETS_MANAGER, value: 'deploy-user:AccessKeyId' },
      AWS_SECRET_ACCESS_KEY: { type: codebuild.BuildEnvironmentVariableType.SECRETS_MANAGER, value: 'deploy-user:SecretAccessKey' },
    }),
  },
  {
    rule: 'CodeBuildProjectEnvVarAwsCred',
    compliant: true,
    title: 'other plaintext variables only',
    build: (stack) => pipelineProject(stack, { STAGE: { value: 'prod' } }),
  },
  {
    rule: 'CodeBuildProjectEnvVarAwsCred',
    compliant: false,
    title: 'access key id as a plaintext variable',
    build: (stack) => pipelineProject(stack, { AWS_ACCESS_KEY_ID: { value: 'AKIAEXAMPLEEXAMPLE00' } }),
  },
  {
    rule: 'CodeBuildProjectEnvVarAwsCred',
    compliant: false,
    title: 'secret key marked PLAINTEXT explicitly',
    build: (stack) => pipelineProject(stack, {
      AWS_SECRET_ACCESS_KEY: { type: codebuild.BuildEnvironmentVariableType.PLAINTEXT, value: 'not-a-real-secret' },
    }),
  },
  // CodeBuildProjectSourceRepoUrl: the source has auth of type OAUTH
  {
    rule: 'CodeBuildProjectSourceRepoUrl',
    compliant: true,
    title: 'GitHub source authenticated with OAuth',
    build: (stack) => gitHubProject(stack, { auth: { type: 'OAUTH' } }),
  },
  {
    rule: 'CodeBuildProjectSourceRepoUrl',
    compliant: false,
    title: 'GitHub source without source auth',
    build: (stack) => gitHubProject(stack),
  },
  {
    rule: 'CodeBuildProjectSourceRepoUrl',
    compliant: false,
    title: 'GitHub source with credentials in the URL',
    build: (stack) => gitHubProject(stack, { location: 'https://user:token@github.com/example/patients.git' }),
  },
  {
    rule: 'CodeBuildProjectSourceRepoUrl',
    compliant: false,
    title: 'CodePipeline source (no repository URL at all; cdk-nag still wants OAuth)',
    build: (stack) => pipelineProject(stack),
  },
];

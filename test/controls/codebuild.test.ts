import { CfnParameter } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ControlFixture } from './harness';

/** A project that builds a GitHub repository with the given environment variables. */
function project(f: ControlFixture, environmentVariables: Record<string, codebuild.BuildEnvironmentVariable> = {}): codebuild.Project {
  return new codebuild.Project(f.stack, 'Build', {
    source: codebuild.Source.gitHub({ owner: 'example-health', repo: 'claims' }),
    environmentVariables,
  });
}

/** An L1 project with the given sources. */
function rawProject(
  f: ControlFixture, source: codebuild.CfnProject.SourceProperty, secondarySources?: codebuild.CfnProject.SourceProperty[],
): codebuild.CfnProject {
  return new codebuild.CfnProject(f.stack, 'Raw', {
    serviceRole: 'arn:aws:iam::123456789012:role/build',
    artifacts: { type: 'NO_ARTIFACTS' },
    environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
    source,
    secondarySources,
  });
}

describe('CodeBuild.NoPlaintextAwsCredentials', () => {
  test('PASS given plaintext variables that are not credentials', () => {
    const f = new ControlFixture();
    project(f, { STAGE: { value: 'prod' } });
    expect(f.status('CodeBuild.NoPlaintextAwsCredentials', 'Build')).toBe('PASS');
  });
  test('PASS given the credentials from Secrets Manager and Parameter Store', () => {
    const f = new ControlFixture();
    project(f, {
      AWS_ACCESS_KEY_ID: { type: codebuild.BuildEnvironmentVariableType.PARAMETER_STORE, value: '/build/access-key-id' },
      AWS_SECRET_ACCESS_KEY: { type: codebuild.BuildEnvironmentVariableType.SECRETS_MANAGER, value: 'build/secret-access-key' },
    });
    expect(f.status('CodeBuild.NoPlaintextAwsCredentials', 'Build')).toBe('PASS');
  });
  test('fails when the access key pair is plaintext (the default type)', () => {
    const f = new ControlFixture();
    project(f, {
      AWS_ACCESS_KEY_ID: { value: 'AKIAIOSFODNN7EXAMPLE' },
      AWS_SECRET_ACCESS_KEY: { type: codebuild.BuildEnvironmentVariableType.PLAINTEXT, value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    });
    expect(f.status('CodeBuild.NoPlaintextAwsCredentials', 'Build')).toBe('FAIL');
    expect(f.message('CodeBuild.NoPlaintextAwsCredentials', 'Build')).toMatch(/AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY hold AWS credentials in a PLAINTEXT/);
  });
  test('fails when an access key id is the value of a plaintext variable of another name', () => {
    const f = new ControlFixture();
    project(f, { DEPLOY_KEY: { value: 'AKIAIOSFODNN7EXAMPLE' } });
    expect(f.status('CodeBuild.NoPlaintextAwsCredentials', 'Build')).toBe('FAIL');
    expect(f.message('CodeBuild.NoPlaintextAwsCredentials', 'Build')).toMatch(/DEPLOY_KEY holds AWS credentials/);
  });
  test('UNVERIFIABLE given the type of a credential variable from a parameter', () => {
    const f = new ControlFixture();
    const cfn = project(f).node.defaultChild as codebuild.CfnProject;
    cfn.addPropertyOverride('Environment.EnvironmentVariables', [
      { Name: 'AWS_SECRET_ACCESS_KEY', Type: new CfnParameter(f.stack, 'Type').valueAsString, Value: 'build/secret' },
    ]);
    expect(f.status('CodeBuild.NoPlaintextAwsCredentials', 'Build')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given the variables from a parameter', () => {
    const f = new ControlFixture();
    const cfn = project(f).node.defaultChild as codebuild.CfnProject;
    cfn.addPropertyOverride('Environment.EnvironmentVariables', { Ref: new CfnParameter(f.stack, 'Variables').logicalId });
    expect(f.status('CodeBuild.NoPlaintextAwsCredentials', 'Build')).toBe('UNVERIFIABLE');
  });
});

describe('CodeBuild.SourceNoCredentialsInUrl', () => {
  test('PASS given Source.gitHub() (credentials kept by GitHubSourceCredentials)', () => {
    const f = new ControlFixture();
    project(f);
    expect(f.status('CodeBuild.SourceNoCredentialsInUrl', 'Build')).toBe('PASS');
  });
  test('fails when a Bitbucket URL embeds a user name and password', () => {
    const f = new ControlFixture();
    rawProject(f, { type: 'BITBUCKET', location: 'https://builder:s3cret@bitbucket.org/example-health/claims.git' });
    expect(f.status('CodeBuild.SourceNoCredentialsInUrl', 'Raw')).toBe('FAIL');
    expect(f.message('CodeBuild.SourceNoCredentialsInUrl', 'Raw')).toMatch(/Location of the primary source embeds credentials/);
  });
  test('fails when a secondary GitHub source embeds a personal access token', () => {
    const f = new ControlFixture();
    rawProject(f, { type: 'GITHUB', location: 'https://github.com/example-health/claims.git' }, [
      { type: 'GITHUB', sourceIdentifier: 'shared', location: 'https://ghp_16C7e42F292c6912E7710c838347Ae178B4a@github.com/example-health/shared.git' },
    ]);
    expect(f.status('CodeBuild.SourceNoCredentialsInUrl', 'Raw')).toBe('FAIL');
    expect(f.message('CodeBuild.SourceNoCredentialsInUrl', 'Raw')).toMatch(/Location of shared embeds credentials/);
  });
  test('N/A given an S3 source', () => {
    const f = new ControlFixture();
    new codebuild.Project(f.stack, 'Build', { source: codebuild.Source.s3({ bucket: new s3.Bucket(f.stack, 'Sources'), path: 'claims.zip' }) });
    expect(f.status('CodeBuild.SourceNoCredentialsInUrl', 'Build')).toBe('N/A');
  });
  test('UNVERIFIABLE given a repository Location from a parameter', () => {
    const f = new ControlFixture();
    rawProject(f, { type: 'GITHUB', location: new CfnParameter(f.stack, 'Repository').valueAsString });
    expect(f.status('CodeBuild.SourceNoCredentialsInUrl', 'Raw')).toBe('UNVERIFIABLE');
  });
});

import { App, Stack } from 'aws-cdk-lib';
import { tpl } from './fixtures';
import { deployReadinessProblems, templatesOfApp } from './index';
import { organizationTrailBucketPolicy } from './rules/organization-trail';
import { EncryptedBucket, LogArchive, OrganizationTrail } from '../../src';

const ORG = 'o-a1b2c3d4e5';
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const trail = (bucket: any, extra: any = {}) => ({ Type: 'AWS::CloudTrail::Trail', Properties: { IsOrganizationTrail: true, S3BucketName: bucket, ...extra } });
const bucketArn = { 'Fn::GetAtt': ['Bucket', 'Arn'] };
const objects = (pattern: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, `/${pattern}`]] });
const cloudTrail = (action: string, resource: any, condition?: any) => ({
  Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}),
});
const policy = (...statements: any[]) => ({ Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Bucket' }, PolicyDocument: { Statement: statements } } });
const bucket = { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'org-logs' } };
const rules = (t: any) => organizationTrailBucketPolicy(t, [t]).map((p) => p.message);

describe('OrganizationTrailBucketPolicy', () => {
  test('passes with GetBucketAcl and PutObject on AWSLogs/<org id>/* (same template, by Ref)', () => {
    const t = tpl({ Trail: trail({ Ref: 'Bucket' }), Bucket: bucket, Policy: policy(cloudTrail('s3:GetBucketAcl', bucketArn), cloudTrail('s3:PutObject', objects(`AWSLogs/${ORG}/*`))) });
    expect(rules(t)).toEqual([]);
  });

  test('passes for the bucket of another template found by its fixed name, with aws:SourceOrgID', () => {
    const archive = tpl({
      Bucket: bucket,
      Policy: policy(cloudTrail('s3:GetBucketAcl', bucketArn), cloudTrail('s3:PutObject', objects(`AWSLogs/${ORG}/*`), { StringEquals: { 'aws:SourceOrgID': ORG } })),
    }, { stackName: 'Archive' });
    const management = tpl({ Trail: trail('org-logs') }, { stackName: 'Management' });
    expect(organizationTrailBucketPolicy(management, [management, archive])).toEqual([]);
  });

  test('passes with a key prefix covered by the policy', () => {
    const t = tpl({ Trail: trail({ Ref: 'Bucket' }, { S3KeyPrefix: 'trail' }), Bucket: bucket, Policy: policy(cloudTrail('s3:GetBucketAcl', bucketArn), cloudTrail('s3:PutObject', objects('trail/AWSLogs/*'))) });
    expect(rules(t)).toEqual([]);
  });

  test('fails with a single-account policy (AWSLogs/<account id>/* only)', () => {
    const t = tpl({ Trail: trail({ Ref: 'Bucket' }), Bucket: bucket, Policy: policy(cloudTrail('s3:GetBucketAcl', bucketArn), cloudTrail('s3:PutObject', objects('AWSLogs/123456789012/*'))) });
    expect(rules(t)).toEqual([expect.stringMatching(/must allow cloudtrail.amazonaws.com s3:PutObject on AWSLogs\/<organization id>\/\*/)]);
  });

  test('fails when the organization in the resource differs from aws:SourceOrgID', () => {
    const t = tpl({
      Trail: trail({ Ref: 'Bucket' }),
      Bucket: bucket,
      Policy: policy(cloudTrail('s3:GetBucketAcl', bucketArn), cloudTrail('s3:PutObject', objects('AWSLogs/o-zzzzzzzzzz/*'), { StringEquals: { 'aws:SourceOrgID': ORG } })),
    });
    expect(rules(t)).toHaveLength(1);
  });

  test('fails when the prefix is not covered', () => {
    const t = tpl({ Trail: trail({ Ref: 'Bucket' }, { S3KeyPrefix: 'trail' }), Bucket: bucket, Policy: policy(cloudTrail('s3:GetBucketAcl', bucketArn), cloudTrail('s3:PutObject', objects(`AWSLogs/${ORG}/*`))) });
    expect(rules(t)).toEqual([expect.stringMatching(/trail\/AWSLogs/)]);
  });

  test('fails without a bucket policy: both permissions reported', () => {
    expect(rules(tpl({ Trail: trail({ Ref: 'Bucket' }), Bucket: bucket }))).toHaveLength(2);
  });

  test('fails when GetBucketAcl is missing', () => {
    const t = tpl({ Trail: trail({ Ref: 'Bucket' }), Bucket: bucket, Policy: policy(cloudTrail('s3:PutObject', objects(`AWSLogs/${ORG}/*`))) });
    expect(rules(t)).toEqual([expect.stringMatching(/s3:GetBucketAcl/)]);
  });

  test('skips trails that are not organization trails, and buckets in no template', () => {
    expect(rules(tpl({ Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { S3BucketName: { Ref: 'Bucket' } } }, Bucket: bucket }))).toEqual([]);
    expect(rules(tpl({ Trail: trail('bucket-elsewhere') }))).toEqual([]);
  });

  test('LogArchive with a fixed name and OrganizationTrail in another account deploy together', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    new LogArchive(new Stack(app, 'Archive', { env: { account: '111111111111', region: 'us-east-1' } }), 'Archive', {
      organizationId: ORG, auditAccountId: '222222222222', bucketName: 'example-org-trail',
    });
    new OrganizationTrail(new Stack(app, 'Management', { env: { account: '333333333333', region: 'us-east-1' } }), 'Trail', { bucketName: 'example-org-trail', keyArn: KEY_ARN });
    // Fixed bucket names are reported by FixedNamePerAccountRegion; this rule finds nothing.
    expect(deployReadinessProblems(templatesOfApp(app)).filter((p) => p.rule === 'OrganizationTrailBucketPolicy')).toEqual([]);
  });

  test('an organization trail to a bucket with only a single-account policy is caught', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Management', { env: { account: '333333333333', region: 'us-east-1' } });
    new EncryptedBucket(stack, 'Logs', { bucketName: 'example-single-account' });
    new OrganizationTrail(stack, 'Trail', { bucketName: 'example-single-account', keyArn: KEY_ARN });
    expect(deployReadinessProblems(templatesOfApp(app)).filter((p) => p.rule === 'OrganizationTrailBucketPolicy')).toHaveLength(2);
  });
});

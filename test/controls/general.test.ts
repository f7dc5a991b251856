import { CfnResource, CustomResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ControlFixture } from './harness';
import { HIPAA_ELIGIBLE_SERVICE_PREFIXES } from '../../src/controls/general';

const ID = 'General.HipaaEligibleService';

describe('General.HipaaEligibleService', () => {
  test('PASS given resources of eligible services (L2 and L1)', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Bucket');
    new CfnResource(f.stack, 'Queue', { type: 'AWS::SQS::Queue' });
    expect(f.status(ID, 'Bucket/Resource')).toBe('PASS');
    expect(f.status(ID, 'Queue')).toBe('PASS');
  });
  test('FAIL (warning) given a service that is not on the reference', () => {
    const f = new ControlFixture();
    new CfnResource(f.stack, 'App', { type: 'AWS::Amplify::App', properties: { Name: 'portal' } });
    expect(f.status(ID, 'App')).toBe('FAIL');
    expect(f.message(ID, 'App')).toMatch(/Amplify is not on AWS's HIPAA Eligible Services Reference/);
  });
  test('FAIL (warning) given a third-party registry type', () => {
    const f = new ControlFixture();
    new CfnResource(f.stack, 'Atlas', { type: 'MongoDB::Atlas::Cluster', properties: { Name: 'records' } });
    expect(f.status(ID, 'Atlas')).toBe('FAIL');
    expect(f.message(ID, 'Atlas')).toMatch(/third-party resource type/);
  });
  test('N/A given IAM, custom resources and Lambda permissions', () => {
    const f = new ControlFixture();
    new iam.Role(f.stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new CustomResource(f.stack, 'Custom', { serviceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider', resourceType: 'Custom::Thing' });
    new lambda.CfnPermission(f.stack, 'Invoke', { action: 'lambda:InvokeFunction', functionName: 'fn', principal: 'events.amazonaws.com' });
    expect(f.status(ID, 'Role/Resource')).toBe('N/A');
    expect(f.status(ID, 'Custom/Default')).toBe('N/A');
    expect(f.status(ID, 'Invoke')).toBe('N/A');
  });
  test('the list holds the core PHI services and leaves out ones the reference does not list', () => {
    for (const service of ['S3', 'RDS', 'DynamoDB', 'KMS', 'Logs', 'Lambda', 'EC2', 'HealthLake', 'OpenSearchService', 'Backup']) {
      expect([service, HIPAA_ELIGIBLE_SERVICE_PREFIXES.has(service)]).toEqual([service, true]);
    }
    expect(HIPAA_ELIGIBLE_SERVICE_PREFIXES.has('Amplify')).toBe(false);
  });
});

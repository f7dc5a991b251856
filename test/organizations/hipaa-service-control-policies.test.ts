import { Template } from 'aws-cdk-lib/assertions';
import { denyingStatements, ScpRequest } from './scp-evaluator';
import { HipaaAspect, HipaaServiceControlPolicies, HipaaServiceControlPoliciesProps } from '../../src';
import { HIPAA_ELIGIBLE_SERVICE_PREFIXES } from '../../src/controls/general';
import { IAM_PREFIXES_BY_NAMESPACE } from '../../src/organizations/eligible-service-actions';
import { templateOf, expectDeployReady } from '../deploy-readiness';
import { expectNagClean, testApp, testStack } from '../util';

const OU = 'ou-abcd-11111111';
const APP_ROLE = 'arn:aws:iam::111122223333:role/app';
const BREAK_GLASS = 'arn:aws:iam::111122223333:role/BreakGlass';
const ROOT = 'arn:aws:iam::111122223333:root';

function guardrails(props: Partial<HipaaServiceControlPoliciesProps> = {}) {
  const app = testApp();
  const stack = testStack(app);
  const scps = new HipaaServiceControlPolicies(stack, 'Guardrails', { targetIds: [OU], breakGlassRoleNames: ['BreakGlass'], ...props });
  const template = Template.fromStack(stack);
  const contents = Object.values(template.findResources('AWS::Organizations::Policy')).map((p: any) => p.Properties.Content);
  const denied = (request: Partial<ScpRequest> & { action: string }) => denyingStatements(contents, { principalArn: APP_ROLE, region: 'us-east-1', ...request });
  return { app, stack, scps, template, contents, denied };
}

describe('HipaaServiceControlPolicies', () => {
  test('defaults: two service control policies attached to the targets, named after the construct, each within the size limit', () => {
    const { template, contents, scps } = guardrails();
    template.resourceCountIs('AWS::Organizations::Policy', 2);
    for (const policy of Object.values(template.findResources('AWS::Organizations::Policy')) as any[]) {
      expect(policy.Properties).toMatchObject({ Type: 'SERVICE_CONTROL_POLICY', TargetIds: [OU], Name: expect.stringMatching(/^TestStack-Guardrails-[0-9A-F]{8}-(EligibleServices|Baseline)$/) });
    }
    for (const content of contents) expect(JSON.stringify(content).length).toBeLessThanOrEqual(HipaaServiceControlPolicies.MAX_POLICY_CHARACTERS);
    expect(scps.policies).toHaveLength(2);
  });

  describe('eligible services only', () => {
    test.each([['s3:GetObject'], ['dynamodb:PutItem'], ['kms:Decrypt'], ['rds:CreateDBInstance'], ['states:StartExecution'], ['es:ESHttpGet']])(
      '%s (an eligible service) is allowed', (action) => expect(guardrails().denied({ action })).toEqual([]));
    test.each([['iam:CreateRole'], ['sts:AssumeRole'], ['organizations:DescribeOrganization'], ['cloudformation:CreateStack'], ['support:CreateCase']])(
      '%s (account management) is allowed', (action) => expect(guardrails().denied({ action })).toEqual([]));
    test.each([['gamelift:CreateFleet'], ['lightsail:CreateInstances'], ['mediaconvert:CreateJob']])(
      '%s (not eligible) is denied', (action) => expect(guardrails().denied({ action })).toEqual(['DenyIneligibleServices']));
    test('the break-glass role is exempt', () => {
      expect(guardrails().denied({ action: 'gamelift:CreateFleet', principalArn: BREAK_GLASS })).toEqual([]);
    });
    test('every eligible service of the catalog maps to IAM prefixes, and those are allowed', () => {
      const { denied } = guardrails();
      for (const namespace of HIPAA_ELIGIBLE_SERVICE_PREFIXES) {
        const prefixes = IAM_PREFIXES_BY_NAMESPACE[namespace];
        expect({ namespace, mapped: prefixes !== undefined }).toEqual({ namespace, mapped: true });
        for (const prefix of prefixes) expect({ prefix, denied: denied({ action: `${prefix}:AnyAction` }) }).toEqual({ prefix, denied: [] });
      }
    });
    test('eligibleServicesOnly: false leaves only the baseline policy', () => {
      const { template, denied } = guardrails({ eligibleServicesOnly: false });
      template.resourceCountIs('AWS::Organizations::Policy', 1);
      expect(denied({ action: 'gamelift:CreateFleet' })).toEqual([]);
    });
  });

  describe('baseline', () => {
    test.each([['cloudtrail:StopLogging'], ['cloudtrail:DeleteTrail'], ['config:StopConfigurationRecorder'], ['guardduty:DeleteDetector'], ['securityhub:DisableSecurityHub']])(
      '%s is denied, except to the break-glass role', (action) => {
        const { denied } = guardrails();
        expect(denied({ action })).toEqual(['ProtectAuditServices']);
        expect(denied({ action, principalArn: BREAK_GLASS })).toEqual([]);
      });
    test('reading the trail stays allowed', () => {
      expect(guardrails().denied({ action: 'cloudtrail:LookupEvents' })).toEqual([]);
    });
    test('the log archive buckets and keys cannot be deleted or weakened; other buckets and reads are untouched', () => {
      const { denied } = guardrails({ logArchiveBucketNames: ['org-logs'], logArchiveKeyArns: ['arn:aws:kms:us-east-1:444455556666:key/1234'] });
      expect(denied({ action: 's3:DeleteBucket', resource: 'arn:aws:s3:::org-logs' })).toEqual(['ProtectLogArchiveBuckets']);
      expect(denied({ action: 's3:DeleteObjectVersion', resource: 'arn:aws:s3:::org-logs/AWSLogs/1.json' })).toEqual(['ProtectLogArchiveBuckets']);
      expect(denied({ action: 's3:DeleteBucket', resource: 'arn:aws:s3:::scratch' })).toEqual([]);
      expect(denied({ action: 's3:GetObject', resource: 'arn:aws:s3:::org-logs/AWSLogs/1.json' })).toEqual([]);
      expect(denied({ action: 'kms:ScheduleKeyDeletion', resource: 'arn:aws:kms:us-east-1:444455556666:key/1234' })).toEqual(['ProtectLogArchiveKeys']);
      expect(denied({ action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:444455556666:key/1234' })).toEqual([]);
    });
    test('leaving the organization is denied to everyone, the break-glass role included', () => {
      expect(guardrails().denied({ action: 'organizations:LeaveOrganization', principalArn: BREAK_GLASS })).toEqual(['DenyLeavingOrganization']);
    });
    test('the root user of a member account can do nothing', () => {
      expect(guardrails().denied({ action: 's3:GetObject', principalArn: ROOT })).toEqual(['DenyRootUser']);
      expect(guardrails({ denyRootUser: false }).denied({ action: 's3:GetObject', principalArn: ROOT })).toEqual([]);
    });
    test('allowedRegions denies regional services elsewhere, but not global ones, nor the break-glass role', () => {
      const { denied } = guardrails({ allowedRegions: ['us-east-1', 'us-west-2'] });
      expect(denied({ action: 'ec2:RunInstances', region: 'eu-west-1' })).toEqual(['DenyOtherRegions']);
      expect(denied({ action: 'ec2:RunInstances', region: 'us-west-2' })).toEqual([]);
      expect(denied({ action: 'iam:CreateRole', region: 'eu-west-1' })).toEqual([]);
      expect(denied({ action: 'ec2:RunInstances', region: 'eu-west-1', principalArn: BREAK_GLASS })).toEqual([]);
    });
  });

  test('fails when targetIds is empty', () => {
    expect(() => guardrails({ targetIds: [] })).toThrow(/targetIds must name at least one root, OU or account/);
  });
  test('fails when a target is not a root, OU or account id', () => {
    expect(() => guardrails({ targetIds: ['ou-x', '123456789012'] })).toThrow(/targetIds ou-x are not a root/);
  });
  test('the template passes CloudFormation validation', () => {
    const app = testApp({ cfnValidation: true });
    new HipaaServiceControlPolicies(testStack(app), 'Guardrails', { targetIds: [OU, 'r-ab12', '123456789012'], allowedRegions: ['us-east-1'] });
    expect(() => app.synth()).not.toThrow();
  });
  test('fails when allowedRegions is empty', () => {
    expect(() => guardrails({ allowedRegions: [] })).toThrow(/allowedRegions is empty/);
  });
  test('fails when a policy would pass the size limit', () => {
    const many = Array.from({ length: 120 }, (_, i) => `log-archive-bucket-number-${i}`);
    expect(() => guardrails({ logArchiveBucketNames: many })).toThrow(/the service control policy is \d+ characters; AWS Organizations accepts at most 5120/);
  });

  test('passes cdk-nag, HipaaAspect and the deploy-readiness checks', () => {
    const { app, stack } = guardrails({ logArchiveBucketNames: ['org-logs'], allowedRegions: ['us-east-1'] });
    HipaaAspect.applyTo(stack);
    expect(() => app.synth()).not.toThrow();
    expectNagClean(stack);
    expectDeployReady([templateOf(stack)]);
  });
});

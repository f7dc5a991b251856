import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { HipaaAspect, HipaaAspectMode, HipaaFindingStatus, OrganizationTrail, OrganizationTrailProps } from '../../src';
import { expectDeployReady, templateOf } from '../deploy-readiness';
import { acknowledgementsIn, expectNagClean, testApp, testStack } from '../util';

const BUCKET = 'example-org-trail';
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ACCOUNT = '123456789012';

function orgTrail(props: Partial<OrganizationTrailProps> = {}, stack: Stack = testStack()) {
  const construct = new OrganizationTrail(stack, 'OrgTrail', { bucketName: BUCKET, keyArn: KEY_ARN, ...props });
  let template: Template | undefined;
  return { stack, trail: construct, get template() { return template ??= Template.fromStack(stack); } };
}

function trailProperties(template: Template): any {
  const trails = Object.values(template.findResources('AWS::CloudTrail::Trail')) as any[];
  expect(trails).toHaveLength(1);
  return trails[0].Properties;
}

describe('OrganizationTrail', () => {
  test('is an organization trail of every region, with global events and log file validation, logging', () => {
    const p = trailProperties(orgTrail().template);
    expect(p.IsOrganizationTrail).toBe(true);
    expect(p.IsMultiRegionTrail).toBe(true);
    expect(p.IncludeGlobalServiceEvents).toBe(true);
    expect(p.EnableLogFileValidation).toBe(true);
    expect(p.IsLogging).toBe(true);
  });

  test('records all read and write management events', () => {
    expect(trailProperties(orgTrail().template).EventSelectors).toEqual([{ ReadWriteType: 'All', IncludeManagementEvents: true }]);
  });

  test('delivers to the log-archive bucket by name, encrypted with the log-archive key by ARN', () => {
    const p = trailProperties(orgTrail().template);
    expect(p.S3BucketName).toBe(BUCKET);
    expect(p.KMSKeyId).toBe(KEY_ARN);
    expect(p.S3KeyPrefix).toBeUndefined();
  });

  test('is named after its path unless named', () => {
    const { template, trail } = orgTrail();
    expect(trailProperties(template).TrailName).toBe(trail.trailName);
    expect(trail.trailName).toMatch(/^TestStack-OrgTrail-[0-9A-F]{8}$/);
    expect(trailProperties(orgTrail({ trailName: 'organization' }).template).TrailName).toBe('organization');
  });

  describe('CloudWatch Logs in the management account', () => {
    test('delivers to an encrypted log group kept six years, through a role only CloudTrail of this account assumes', () => {
      const { template } = orgTrail();
      const p = trailProperties(template);
      const groupId = Object.keys(template.findResources('AWS::Logs::LogGroup')).find((id) => /^OrgTrailLogGroup[0-9A-F]{8}$/.test(id))!;
      const roleId = Object.keys(template.findResources('AWS::IAM::Role'))[0];
      expect(p.CloudWatchLogsLogGroupArn).toEqual({ 'Fn::GetAtt': [groupId, 'Arn'] });
      expect(p.CloudWatchLogsRoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 2192, KmsKeyId: Match.anyValue() });
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [{
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
          }],
        },
      });
    });

    test('the role may create streams and put events in that log group only, by a managed policy the trail waits for', () => {
      const { template } = orgTrail();
      const groupId = Object.keys(template.findResources('AWS::Logs::LogGroup')).find((id) => /^OrgTrailLogGroup[0-9A-F]{8}$/.test(id))!;
      const policies = template.findResources('AWS::IAM::ManagedPolicy');
      const [policyId, policy] = Object.entries(policies).find(([id]) => id.startsWith('OrgTrailLogsPolicy'))! as [string, any];
      expect(policy.Properties.PolicyDocument.Statement).toEqual([{
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [groupId, 'Arn'] },
      }]);
      const trail = Object.values(template.findResources('AWS::CloudTrail::Trail'))[0] as any;
      expect(trail.DependsOn).toContain(policyId);
      template.resourceCountIs('AWS::IAM::Policy', 0);
    });

    test('a shorter retention is refused by the log group', () => {
      const app = testApp();
      orgTrail({ retention: logs.RetentionDays.ONE_YEAR }, testStack(app));
      expect(() => app.synth()).toThrow(/retention.*CdkHipaa::Logs\.RetentionSixYears/s);
    });

    test('fails when cloudWatchLogs is false, naming the prop and the control', () => {
      const app = testApp();
      orgTrail({ cloudWatchLogs: false }, testStack(app));
      expect(() => app.synth()).toThrow(/cloudWatchLogs: false is refused.*CdkHipaa::CloudTrail\.CloudWatchLogs/s);
    });

    test('without CloudWatch Logs once acknowledged: no log group, no role', () => {
      const app = testApp();
      const subject = orgTrail({ cloudWatchLogs: false }, testStack(app));
      Validations.of(subject.trail).acknowledge({ id: 'CdkHipaa::CloudTrail.CloudWatchLogs', reason: 'The audit account alerts on the organization trail through its own pipeline.' });
      expect(() => app.synth()).not.toThrow();
      subject.template.resourceCountIs('AWS::Logs::LogGroup', 0);
      subject.template.resourceCountIs('AWS::IAM::Role', 0);
      expect(trailProperties(subject.template).CloudWatchLogsLogGroupArn).toBeUndefined();
      expect(subject.trail.logGroup).toBeUndefined();
    });
  });

  describe('validation', () => {
    test('fails when keyArn is an alias', () => {
      expect(() => orgTrail({ keyArn: 'arn:aws:kms:us-east-1:111111111111:alias/archive' })).toThrow(/keyArn .* is not a KMS key ARN/);
    });

    test('fails when keyArn is not an ARN', () => {
      expect(() => orgTrail({ keyArn: 'archive-key' })).toThrow(/keyArn 'archive-key' is not a KMS key ARN/);
    });

    test('fails when bucketName is not a bucket name', () => {
      expect(() => orgTrail({ bucketName: 'Not_A_Bucket' })).toThrow(/bucketName 'Not_A_Bucket' is not an S3 bucket name/);
    });
  });

  describe('judged independently', () => {
    test('cdk-nag HIPAA Security finds nothing unacknowledged, and every acknowledgement has a reason', () => {
      const { stack } = orgTrail();
      expectNagClean(stack);
      for (const ack of acknowledgementsIn(stack)) expect(ack.reason.length).toBeGreaterThan(20);
    });

    test('HipaaAspect in ERROR mode passes: no unacknowledged finding', () => {
      const app = testApp();
      const stack = testStack(app);
      orgTrail({}, stack);
      const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.ERROR, report: false });
      expect(() => app.synth()).not.toThrow();
      expect(aspect.findings.some((f) => f.controlId.startsWith('CloudTrail.') && f.status === HipaaFindingStatus.PASS)).toBe(true);
      const open = aspect.findings.filter((f) => f.status !== HipaaFindingStatus.PASS && f.status !== HipaaFindingStatus.ACKNOWLEDGED);
      expect(open.map((f) => `${f.constructPath} ${f.controlId} ${f.status}`)).toEqual([]);
    });

    test('deploy readiness: no problem', () => {
      expectDeployReady([templateOf(orgTrail().stack)]);
    });

    test('CloudFormation validation accepts the template', () => {
      const app = testApp({ cfnValidation: true });
      orgTrail({}, testStack(app));
      expect(() => app.synth()).not.toThrow();
    });
  });
});

import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AuditAccount, AuditAccountProps, HipaaAspect, HipaaAspectMode, HipaaFindingStatus } from '../../src';
import { HIPAA_CONFIG_RULES } from '../../src/audit/config-rules';
import { SECURITY_EVENT_RULES } from '../../src/audit/security-events';
import { expectDeployReady, templateOf } from '../deploy-readiness';
import { acknowledgementsIn, expectNagClean, testApp, testStack } from '../util';

const ACCOUNT = '123456789012';

function audit(props: AuditAccountProps = {}, stack: Stack = testStack()) {
  const construct = new AuditAccount(stack, 'Audit', props);
  let template: Template | undefined;
  return { stack, audit: construct, get template() { return template ??= Template.fromStack(stack); } };
}

function only(template: Template, type: string): [string, any] {
  const found = Object.entries(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0] as [string, any];
}

describe('AuditAccount', () => {
  describe('the organization aggregator', () => {
    test('aggregates every account and region of the organization through its role', () => {
      const { template } = audit();
      const [roleId] = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('AuditAggregatorRole'))!;
      const [, aggregator] = only(template, 'AWS::Config::ConfigurationAggregator');
      expect(aggregator.Properties.OrganizationAggregationSource).toEqual({ RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] }, AllAwsRegions: true });
      expect(aggregator.Properties.AccountAggregationSources).toBeUndefined();
      expect(aggregator.Properties.ConfigurationAggregatorName).toMatch(/^TestStack-Audit-[0-9A-F]{8}$/);
      expect(aggregator.DependsOn).toEqual(expect.arrayContaining([roleId]));
    });

    test('the role trusts AWS Config and carries AWSConfigRoleForOrganizations', () => {
      const { template } = audit();
      const [, role] = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('AuditAggregatorRole'))! as [string, any];
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' } },
      ]);
      expect(role.Properties.ManagedPolicyArns).toEqual([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSConfigRoleForOrganizations']] },
      ]);
    });
  });

  describe('the organization Config rules', () => {
    test('one per managed rule of the library list, no account rule', () => {
      const { template } = audit();
      template.resourceCountIs('AWS::Config::OrganizationConfigRule', HIPAA_CONFIG_RULES.length);
      template.resourceCountIs('AWS::Config::ConfigRule', 0);
      const identifiers = Object.values(template.findResources('AWS::Config::OrganizationConfigRule'))
        .map((r: any) => r.Properties.OrganizationManagedRuleMetadata.RuleIdentifier);
      expect(identifiers).toEqual(HIPAA_CONFIG_RULES.map((r) => r.identifier));
      expect(new Set(identifiers).size).toBe(identifiers.length);
    });

    test('named with the prefix, unique, within 64 characters; descriptions within 256 and citing 45 CFR', () => {
      const { template } = audit();
      const rules = Object.values(template.findResources('AWS::Config::OrganizationConfigRule')).map((r: any) => r.Properties);
      const names = rules.map((p) => p.OrganizationConfigRuleName);
      expect(new Set(names).size).toBe(names.length);
      for (const p of rules) {
        expect(p.OrganizationConfigRuleName).toMatch(/^hipaa-[a-z0-9-]+$/);
        expect(p.OrganizationConfigRuleName.length).toBeLessThanOrEqual(64);
        expect(p.OrganizationManagedRuleMetadata.Description.length).toBeLessThanOrEqual(256);
        expect(p.OrganizationManagedRuleMetadata.Description).toMatch(/45 CFR 164\./);
      }
      expect(names).toContain('hipaa-s3-default-encryption-kms');
      expect(names).toContain('hipaa-cloud-trail-log-file-validation');
    });

    test('rule parameters are passed as a JSON string', () => {
      const { template } = audit();
      template.hasResourceProperties('AWS::Config::OrganizationConfigRule', {
        OrganizationConfigRuleName: 'hipaa-log-group-retention-six-years',
        OrganizationManagedRuleMetadata: { RuleIdentifier: 'CW_LOGGROUP_RETENTION_PERIOD_CHECK', InputParameters: '{"MinRetentionTime":"2192"}' },
      });
      template.hasResourceProperties('AWS::Config::OrganizationConfigRule', {
        OrganizationConfigRuleName: 'hipaa-s3-logging-enabled',
        OrganizationManagedRuleMetadata: { RuleIdentifier: 'S3_BUCKET_LOGGING_ENABLED', InputParameters: Match.absent() },
      });
    });

    test('takes another name prefix', () => {
      const { template } = audit({ ruleNamePrefix: 'phi-' });
      template.hasResourceProperties('AWS::Config::OrganizationConfigRule', { OrganizationConfigRuleName: 'phi-rds-storage-encrypted' });
    });
  });

  describe('GuardDuty and Security Hub', () => {
    test('a GuardDuty detector with the protections where PHI is stored', () => {
      const [, detector] = only(audit().template, 'AWS::GuardDuty::Detector');
      expect(detector.Properties).toEqual({
        Enable: true,
        FindingPublishingFrequency: 'FIFTEEN_MINUTES',
        Features: [
          { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
          { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
          { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
        ],
      });
    });

    test('a Security Hub hub with the default standards and consolidated control findings', () => {
      const [, hub] = only(audit().template, 'AWS::SecurityHub::Hub');
      expect(hub.Properties).toEqual({ EnableDefaultStandards: true, ControlFindingGenerator: 'SECURITY_CONTROL', AutoEnableControls: true });
    });

    test('the Security Hub organization configuration enables new accounts with the default standards, after the hub', () => {
      const { template } = audit();
      const [hubId] = only(template, 'AWS::SecurityHub::Hub');
      const [, org] = only(template, 'AWS::SecurityHub::OrganizationConfiguration');
      expect(org.Properties).toEqual({ AutoEnable: true, AutoEnableStandards: 'DEFAULT', ConfigurationType: 'LOCAL' });
      expect(org.DependsOn).toEqual([hubId]);
    });
  });

  describe('the alert topic', () => {
    test('is encrypted with a rotating customer-managed key', () => {
      const { template } = audit();
      const [keyId] = only(template, 'AWS::KMS::Key');
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    });

    test('the key lets EventBridge (topic encryption context) and CloudWatch (this account) use it', () => {
      const { template } = audit();
      const [, key] = only(template, 'AWS::KMS::Key');
      const statements: any[] = key.Properties.KeyPolicy.Statement;
      expect(statements).toEqual(expect.arrayContaining([
        {
          Sid: 'AllowEventBridgeToUseKey',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sns:us-east-1:${ACCOUNT}:*`]] } } },
        },
        {
          Sid: 'AllowCloudWatchToUseKey',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
        },
      ]));
    });

    test('the topic policy lets EventBridge and CloudWatch of this account publish, and denies non-TLS', () => {
      const { template } = audit();
      const [, policy] = only(template, 'AWS::SNS::TopicPolicy');
      const statements: any[] = policy.Properties.PolicyDocument.Statement;
      for (const [sid, service] of [['AllowEventBridgeToPublish', 'events.amazonaws.com'], ['AllowCloudWatchToPublish', 'cloudwatch.amazonaws.com']]) {
        expect(statements).toContainEqual(expect.objectContaining({
          Sid: sid, Effect: 'Allow', Principal: { Service: service }, Action: 'sns:Publish', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
        }));
      }
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    });

    test('email subscribers are subscribed', () => {
      audit({ emailSubscribers: ['security@example.com'] }).template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@example.com' });
    });
  });

  describe('event rules', () => {
    test('high-severity GuardDuty findings of the organization notify the topic', () => {
      const { template } = audit();
      const [topicId] = only(template, 'AWS::SNS::Topic');
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: { 'source': ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'], 'detail': { severity: [{ numeric: ['>=', 7] }] } },
        Targets: [Match.objectLike({ Arn: { Ref: topicId } })],
      });
    });

    test('new critical and high Security Hub findings notify the topic', () => {
      const { template } = audit();
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          'source': ['aws.securityhub'],
          'detail-type': ['Security Hub Findings - Imported'],
          'detail': { findings: { Severity: { Label: ['CRITICAL', 'HIGH'] }, Workflow: { Status: ['NEW'] }, RecordState: ['ACTIVE'] } },
        },
      });
    });

    test("the library's security events of this account are watched too, each rule notifying the topic", () => {
      const { template, audit: a } = audit();
      const [topicId] = only(template, 'AWS::SNS::Topic');
      template.resourceCountIs('AWS::Events::Rule', SECURITY_EVENT_RULES.length + 2);
      expect(a.eventRules).toHaveLength(SECURITY_EVENT_RULES.length + 2);
      for (const rule of Object.values(template.findResources('AWS::Events::Rule')) as any[]) {
        expect(rule.Properties.Targets).toEqual([{ Arn: { Ref: topicId }, Id: 'Target0' }]);
        expect(rule.Properties.Description).toMatch(/45 CFR 164\./);
      }
    });
  });

  describe('judged independently', () => {
    test('cdk-nag HIPAA Security finds nothing unacknowledged, and every acknowledgement has a reason', () => {
      const { stack } = audit();
      expectNagClean(stack);
      for (const ack of acknowledgementsIn(stack)) expect(ack.reason.length).toBeGreaterThan(20);
    });

    test('HipaaAspect in ERROR mode passes: no unacknowledged finding', () => {
      const app = testApp();
      const stack = testStack(app);
      audit({}, stack);
      const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.ERROR, report: false });
      expect(() => app.synth()).not.toThrow();
      expect(aspect.findings.length).toBeGreaterThan(0);
      const open = aspect.findings.filter((f) => f.status !== HipaaFindingStatus.PASS && f.status !== HipaaFindingStatus.ACKNOWLEDGED);
      expect(open.map((f) => `${f.constructPath} ${f.controlId} ${f.status}`)).toEqual([]);
    });

    test('deploy readiness: no problem', () => {
      expectDeployReady([templateOf(audit().stack)]);
    });

    test('CloudFormation validation accepts the template', () => {
      const app = testApp({ cfnValidation: true });
      audit({}, testStack(app));
      expect(() => app.synth()).not.toThrow();
    });
  });
});

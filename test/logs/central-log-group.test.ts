import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  CentralLogGroup, CentralLogGroupProps, HipaaAspect, HipaaAspectMode, HipaaFindingStatus, HipaaKey, PhiMaskingMode,
} from '../../src';
import { acknowledgementsIn, expectNagClean, testApp, testStack } from '../util';

const NAME = '/phi/app';
const SIX_YEARS = 2192;
const KEY = Match.stringLikeRegexp('^LogsKey[0-9A-F]{8}$');
const LOG_GROUP = Match.stringLikeRegexp('^LogsLogGroup[0-9A-F]{8}$');

/** The ARN of a log group in the test environment, as the templates render it. */
function arn(logGroupName: string): unknown {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:us-east-1:123456789012:log-group:${logGroupName}`]] };
}

/** A stack with one CentralLogGroup `Logs` named {@link NAME} unless props say otherwise. */
function central(props: CentralLogGroupProps = {}, stack: Stack = testStack()) {
  const group = new CentralLogGroup(stack, 'Logs', { logGroupName: NAME, ...props });
  return { stack, group, template: () => Template.fromStack(stack) };
}

/** The properties of the only resource of `type` whose logical id starts with `prefix`. */
function resource(template: Template, type: string, prefix: string): any {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0][1];
}

/** The data protection policy statements of the main log group. */
function dataProtectionStatements(template: Template): any[] {
  return resource(template, 'AWS::Logs::LogGroup', 'LogsLogGroup').Properties.DataProtectionPolicy.Statement;
}

/** Managed data identifier names (`Ssn-US`) of a data protection statement. */
function identifierNames(statement: any): string[] {
  return statement.DataIdentifier.map((id: any) => {
    const text = typeof id === 'string' ? id : id['Fn::Join'][1].at(-1);
    return text.split('/').at(-1);
  });
}

/** The statements of every IAM policy (inline or managed) attached to the role with logical id prefix `role`. */
function roleStatements(template: Template, role: string): any[] {
  const attachedTo = (p: any) => (p.Properties.Roles ?? []).some((r: any) => String(r.Ref).startsWith(role));
  return [
    ...Object.values(template.findResources('AWS::IAM::Policy')),
    ...Object.values(template.findResources('AWS::IAM::ManagedPolicy')),
  ].filter(attachedTo).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

const DEFAULT_IDENTIFIERS = [
  'MedicareBeneficiaryNumber-US',
  'HealthInsuranceClaimNumber-US',
  'NationalProviderId-US',
  'NationalDrugCode-US',
  'DrugEnforcementAgencyNumber-US',
  'HealthcareProcedureCode-US',
  'Name',
  'Address',
  'ZipCode-US',
  'LatLong',
  'EmailAddress',
  'PhoneNumber-US',
  'Ssn-US',
  'IndividualTaxIdentificationNumber-US',
  'DriversLicense-US',
  'PassportNumber-US',
  'BankAccountNumber-US',
  'CreditCardNumber',
  'VehicleIdentificationNumber',
];

describe('CentralLogGroup', () => {
  describe('defaults', () => {
    test('encrypted with a created HipaaKey, kept six years, retained, with a findings log group', () => {
      const stack = testStack(testApp({ cfnValidation: true }));
      new CentralLogGroup(stack, 'Logs');
      const template = Template.fromStack(stack);

      template.resourceCountIs('AWS::KMS::Key', 1);
      template.resourceCountIs('AWS::Logs::LogGroup', 2);
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: {
          LogGroupName: Match.stringLikeRegexp('^/hipaa/TestStack-Logs-[0-9A-F]{8}$'),
          KmsKeyId: { 'Fn::GetAtt': [KEY, 'Arn'] },
          RetentionInDays: SIX_YEARS,
          DataProtectionPolicy: Match.objectLike({ Name: 'cdk-hipaa-phi' }),
        },
        DeletionPolicy: 'RetainExceptOnCreate',
        UpdateReplacePolicy: 'Retain',
      });
      template.resourceCountIs('AWS::Logs::SubscriptionFilter', 0);
      template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
    });

    test('passes cdk-nag HIPAA Security checks with defaults', () => {
      const { stack } = central();
      expectNagClean(stack);
    });

    test('the log group is named after the construct path unless logGroupName is given', () => {
      const stack = testStack();
      const unnamed = new CentralLogGroup(stack, 'Unnamed');
      const named = new CentralLogGroup(stack, 'Named', { logGroupName: NAME });
      expect(stack.resolve(unnamed.logGroupName)).toEqual({ Ref: expect.stringMatching(/^UnnamedLogGroup/) });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^/hipaa/TestStack-Unnamed-[0-9A-F]{8}$') });
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: NAME });
      expect(stack.resolve(named.logGroupArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^NamedLogGroup/), 'Arn'] });
    });

    test('the key policy lets CloudWatch Logs use the key for this log group only', () => {
      const { template } = central();
      template().hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([{
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': arn(NAME) } },
            Effect: 'Allow',
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Resource: '*',
          }]),
        },
      });
    });

    test('the created key is exposed as encryptionKey and retained', () => {
      const { stack, group, template } = central();
      expect(group.encryptionKey).toBeInstanceOf(HipaaKey);
      expect(group.retention).toBe(logs.RetentionDays.SIX_YEARS);
      expect(stack.resolve(group.encryptionKey.keyArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^LogsKey/), 'Arn'] });
      template().hasResource('AWS::KMS::Key', { DeletionPolicy: 'RetainExceptOnCreate' });
    });
  });

  describe('data protection', () => {
    test('audits the default PHI identifiers, findings to the findings log group', () => {
      const statements = dataProtectionStatements(central().template());
      expect(statements).toHaveLength(2);
      const [audit] = statements;
      expect(identifierNames(audit)).toEqual(DEFAULT_IDENTIFIERS);
      expect(audit.Operation).toEqual({ Audit: { FindingsDestination: { CloudWatchLogs: { LogGroup: { Ref: expect.stringMatching(/^LogsDataProtectionFindings/) } } } } });
    });

    test('masks the same identifiers (Deidentify with MaskConfig)', () => {
      const [audit, mask] = dataProtectionStatements(central().template());
      expect(mask.Operation).toEqual({ Deidentify: { MaskConfig: {} } });
      expect(mask.DataIdentifier).toEqual(audit.DataIdentifier);
    });

    test('the findings log group: same key, six years, retained, named after the log group', () => {
      const { template } = central();
      template().hasResource('AWS::Logs::LogGroup', {
        Properties: {
          LogGroupName: `${NAME}/data-protection-findings`,
          KmsKeyId: { 'Fn::GetAtt': [KEY, 'Arn'] },
          RetentionInDays: SIX_YEARS,
          DataProtectionPolicy: Match.absent(),
        },
        DeletionPolicy: 'RetainExceptOnCreate',
        UpdateReplacePolicy: 'Retain',
      });
      template().hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': arn(`${NAME}/data-protection-findings`) } },
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          })]),
        },
      });
    });

    test('the findings log group exists before the policy that sends findings to it', () => {
      const { template } = central();
      // The Ref in the policy makes CloudFormation create the findings log group first.
      expect(JSON.stringify(dataProtectionStatements(template())[0])).toMatch(/"Ref":"LogsDataProtectionFindings[0-9A-F]{8}"/);
      expect(resource(template(), 'AWS::Logs::LogGroup', 'LogsDataProtectionFindings')).toBeDefined();
    });

    test('additionalDataIdentifiers are audited and masked too, without repeats', () => {
      const { template } = central({
        additionalDataIdentifiers: [
          logs.DataIdentifier.IPADDRESS,
          logs.DataIdentifier.SSN_US,
          new logs.CustomDataIdentifier('MedicalRecordNumber', 'MRN-\\d{8}'),
        ],
      });
      const [audit, mask] = dataProtectionStatements(template());
      expect(identifierNames(audit)).toEqual([...DEFAULT_IDENTIFIERS, 'IpAddress', 'MedicalRecordNumber']);
      expect(identifierNames(mask)).toEqual(identifierNames(audit));
      expect(resource(template(), 'AWS::Logs::LogGroup', 'LogsLogGroup').Properties.DataProtectionPolicy.Configuration)
        .toEqual({ CustomDataIdentifier: [{ Name: 'MedicalRecordNumber', Regex: 'MRN-\\d{8}' }] });
    });

    test('a findingsLogGroup of your own receives the findings; none is created', () => {
      const stack = testStack();
      const findings = logs.LogGroup.fromLogGroupName(stack, 'Findings', '/audit/findings');
      const { template, group } = central({ findingsLogGroup: findings }, stack);
      template().resourceCountIs('AWS::Logs::LogGroup', 1);
      expect(group.findingsLogGroup).toBe(findings);
      expect(dataProtectionStatements(template())[0].Operation).toEqual({ Audit: { FindingsDestination: { CloudWatchLogs: { LogGroup: '/audit/findings' } } } });
    });

    test('AUDIT_ONLY keeps the masking statement CloudWatch Logs requires and lets readers unmask', () => {
      const { stack, group, template } = central({ maskingMode: PhiMaskingMode.AUDIT_ONLY });
      Validations.of(group).acknowledge({ id: 'CdkHipaa::Logs.PhiMasking', reason: 'Investigators read raw application logs' });
      const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
      group.grantRead(reader);
      const statements = dataProtectionStatements(template());
      expect(statements.map((s) => Object.keys(s.Operation)[0])).toEqual(['Audit', 'Deidentify']);
      expect(roleStatements(template(), 'Reader')).toEqual(expect.arrayContaining([
        expect.objectContaining({ Action: expect.arrayContaining(['logs:GetLogEvents', 'logs:Unmask']) }),
      ]));
    });

    test('fails when maskingMode is AUDIT_ONLY', () => {
      const app = testApp();
      central({ maskingMode: PhiMaskingMode.AUDIT_ONLY }, testStack(app));
      expect(() => app.synth()).toThrow(/maskingMode: PhiMaskingMode.AUDIT_ONLY is refused.*164\.312\(a\)\(1\).*CdkHipaa::Logs\.PhiMasking/);
    });

    test('fails when dataProtection is false', () => {
      const app = testApp();
      central({ dataProtection: false }, testStack(app));
      expect(() => app.synth()).toThrow(/dataProtection: false is refused.*164\.312\(a\)\(1\).*CdkHipaa::Logs\.DataProtectionPolicy/);
    });

    test('dataProtection false, acknowledged: no policy and no findings log group', () => {
      const app = testApp();
      const { group, template } = central({ dataProtection: false }, testStack(app));
      Validations.of(group).acknowledge({ id: 'CdkHipaa::Logs.DataProtectionPolicy', reason: 'Infrastructure logs only, never PHI' });
      expect(() => app.synth()).not.toThrow();
      template().resourceCountIs('AWS::Logs::LogGroup', 1);
      template().hasResourceProperties('AWS::Logs::LogGroup', { DataProtectionPolicy: Match.absent() });
      expect(group.findingsLogGroup).toBeUndefined();
    });

    test('throws when data protection props are given with dataProtection false', () => {
      const props = { dataProtection: false, maskingMode: PhiMaskingMode.AUDIT_AND_MASK, additionalDataIdentifiers: [logs.DataIdentifier.NAME] };
      expect(() => central(props))
        .toThrow(/additionalDataIdentifiers, maskingMode need data protection, but dataProtection is false/);
    });
  });

  describe('retention and removal', () => {
    test('fails when retention is below six years', () => {
      const app = testApp();
      central({ retention: logs.RetentionDays.TWO_YEARS }, testStack(app));
      expect(() => app.synth()).toThrow(/retention: RetentionDays.TWO_YEARS \(731 days\) is refused.*164\.316\(b\)\(2\)\(i\).*CdkHipaa::Logs\.RetentionSixYears/);
    });

    test('a shorter retention is accepted once acknowledged', () => {
      const app = testApp();
      const { group, template } = central({ retention: logs.RetentionDays.ONE_YEAR }, testStack(app));
      Validations.of(group).acknowledge({ id: 'CdkHipaa::Logs.RetentionSixYears', reason: 'Debug logs without PHI, archived elsewhere' });
      expect(() => app.synth()).not.toThrow();
      template().allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    });

    test('a longer retention applies to the findings log group too', () => {
      const { template } = central({ retention: logs.RetentionDays.TEN_YEARS });
      template().allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 3653 });
    });

    test('INFINITE is allowed: events never expire, cdk-nag retention rule acknowledged', () => {
      const app = testApp();
      const { stack, template } = central({ retention: logs.RetentionDays.INFINITE }, testStack(app));
      expect(() => app.synth()).not.toThrow();
      template().allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.absent() });
      expectNagClean(stack);
      expect(acknowledgementsIn(stack).filter((a) => a.id.endsWith('CloudWatchLogGroupRetentionPeriod')).map((a) => a.path)).toEqual([
        'TestStack/Logs/DataProtectionFindings',
        'TestStack/Logs/LogGroup',
      ]);
    });

    test('fails when removalPolicy is DESTROY', () => {
      const app = testApp();
      central({ removalPolicy: RemovalPolicy.DESTROY }, testStack(app));
      expect(() => app.synth()).toThrow(/removalPolicy: destroy is refused.*164\.316\(b\)\(2\)\(i\).*CdkHipaa::Logs\.DataRetained/);
    });

    test('DESTROY is accepted once acknowledged and applies to both log groups', () => {
      const app = testApp();
      const { group, template } = central({ removalPolicy: RemovalPolicy.DESTROY }, testStack(app));
      Validations.of(group).acknowledge({ id: 'CdkHipaa::Logs.DataRetained', reason: 'Ephemeral test environment without PHI' });
      expect(() => app.synth()).not.toThrow();
      const groups = Object.values(template().findResources('AWS::Logs::LogGroup'));
      expect(groups.map((g: any) => g.DeletionPolicy)).toEqual(['Delete', 'Delete']);
    });

    test('fails when the acknowledgement has no real reason', () => {
      const app = testApp();
      const { stack } = central({ removalPolicy: RemovalPolicy.DESTROY }, testStack(app));
      Validations.of(stack).acknowledge({ id: 'CdkHipaa::Logs.DataRetained', reason: 'ok' });
      expect(() => app.synth()).toThrow(/needs a reason of at least 10 characters/);
    });

    test('every refusal of one construct is reported at once', () => {
      const app = testApp();
      central({ retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY, dataProtection: false }, testStack(app));
      expect(() => app.synth()).toThrow(/retention: RetentionDays.ONE_WEEK[\s\S]*removalPolicy: destroy[\s\S]*dataProtection: false/);
    });
  });

  describe('encryption key', () => {
    test('a HipaaKey of your own gets the CloudWatch Logs statement', () => {
      const stack = testStack();
      const key = new HipaaKey(stack, 'Shared');
      const { group, template } = central({ encryptionKey: key }, stack);
      expect(group.encryptionKey).toBe(key);
      template().resourceCountIs('AWS::KMS::Key', 1);
      template().hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: NAME, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Shared'), 'Arn'] } });
      template().hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': arn(NAME) } } })]) },
      });
    });

    test('a kms.Key of the same stack gets the CloudWatch Logs statement', () => {
      const stack = testStack();
      const key = new kms.Key(stack, 'Plain', { enableKeyRotation: true });
      central({ encryptionKey: key }, stack).template().hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': arn(NAME) } },
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          })]),
        },
      });
    });

    test('an imported key gets a warning saying what its key policy needs', () => {
      const stack = testStack();
      const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555');
      central({ encryptionKey: key }, stack);
      Annotations.fromStack(stack).hasWarning('/TestStack/Logs', Match.stringLikeRegexp('let logs\\.us-east-1\\.amazonaws\\.com use the key.*kms:EncryptionContext:aws:logs:arn'));
    });

    test('throws when encryptionKey is an alias', () => {
      const stack = testStack();
      const alias = new HipaaKey(stack, 'Aliased').addAlias('alias/logs');
      expect(() => central({ encryptionKey: alias }, stack)).toThrow(/encryptionKey is an alias; pass the key itself/);
    });
  });

  describe('grants', () => {
    function granted(build: (group: CentralLogGroup, role: iam.Role) => void) {
      const stack = testStack();
      const { group, template } = central({}, stack);
      const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
      build(group, role);
      return roleStatements(template(), 'Reader');
    }

    test('grantRead: read events and run queries on the log group, decrypt for it only', () => {
      expect(granted((g, r) => g.grantRead(r))).toEqual([
        {
          Action: ['logs:DescribeLogStreams', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:GetLogGroupFields', 'logs:StartQuery'],
          Effect: 'Allow',
          Resource: [arn(NAME), arn(`${NAME}:*`)],
        },
        { Action: ['logs:GetQueryResults', 'logs:StopQuery'], Effect: 'Allow', Resource: '*' },
        {
          Action: 'kms:Decrypt',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': arn(NAME) } },
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^LogsKey/), 'Arn'] },
        },
      ]);
    });

    test('grantRead does not let readers unmask PHI by default', () => {
      expect(JSON.stringify(granted((g, r) => g.grantRead(r)))).not.toContain('logs:Unmask');
    });

    test('grantWrite: create streams and put events', () => {
      expect(granted((g, r) => g.grantWrite(r))).toEqual([{
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^LogsLogGroup/), 'Arn'] },
      }]);
    });

    test('grantUnmask: logs:Unmask on the log group', () => {
      expect(granted((g, r) => g.grantUnmask(r))).toEqual([{
        Action: 'logs:Unmask',
        Effect: 'Allow',
        Resource: [arn(NAME), arn(`${NAME}:*`)],
      }]);
    });
  });

  describe('protection policy', () => {
    test('denies deleting or weakening the log groups, and disabling the key', () => {
      const { template } = central();
      template().hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: [
            {
              Sid: 'DenyDeletingOrWeakeningAuditLogs',
              Effect: 'Deny',
              Action: [
                'logs:DeleteLogGroup',
                'logs:DeleteLogStream',
                'logs:PutRetentionPolicy',
                'logs:DeleteRetentionPolicy',
                'logs:AssociateKmsKey',
                'logs:DisassociateKmsKey',
                'logs:PutDataProtectionPolicy',
                'logs:DeleteDataProtectionPolicy',
                'logs:DeleteSubscriptionFilter',
              ],
              Resource: [
                arn(NAME), arn(`${NAME}:*`),
                arn(`${NAME}/data-protection-findings`), arn(`${NAME}/data-protection-findings:*`),
              ],
            },
            {
              Sid: 'DenyDisablingTheAuditLogKey',
              Effect: 'Deny',
              Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'],
              Resource: { 'Fn::GetAtt': [KEY, 'Arn'] },
            },
          ],
        },
      });
    });

    test('covers a findings log group of your own by its ARN', () => {
      const stack = testStack();
      const findings = logs.LogGroup.fromLogGroupName(stack, 'Findings', '/audit/findings');
      const { group } = central({ findingsLogGroup: findings }, stack);
      const statement = stack.resolve(group.protectionPolicy.document.toJSON()).Statement[0];
      expect(statement.Resource).toEqual([arn(NAME), arn(`${NAME}:*`), arn('/audit/findings:*')]);
    });

    test('protect attaches it to a role, a user or a group', () => {
      const stack = testStack();
      const { group, template } = central({}, stack);
      const role = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
      const user = new iam.User(stack, 'Person');
      const team = new iam.Group(stack, 'Team');
      [role, user, team].forEach((identity) => group.protect(identity));
      const policy = { Ref: Match.stringLikeRegexp('^LogsProtectionPolicy') };
      template().hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: [policy] });
      template().hasResourceProperties('AWS::IAM::User', { ManagedPolicyArns: [policy] });
      template().hasResourceProperties('AWS::IAM::Group', { ManagedPolicyArns: [policy] });
    });
  });

  describe('pointing other things at it', () => {
    test('flowLogDestination: VPC flow logs delivered with a role of its own, limited to this account', () => {
      const stack = testStack();
      const { group, template } = central({}, stack);
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      vpc.addFlowLog('FlowLogs', { destination: group.flowLogDestination() });
      vpc.addFlowLog('RejectedOnly', { destination: group.flowLogDestination(), trafficType: ec2.FlowLogTrafficType.REJECT });

      const role = { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsFlowLogsRole'), 'Arn'] };
      template().resourcePropertiesCountIs('AWS::EC2::FlowLog', { LogDestinationType: 'cloud-watch-logs', LogGroupName: { Ref: LOG_GROUP }, DeliverLogsPermissionArn: role }, 2);
      template().hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [{
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:vpc-flow-log/*']] } },
            },
          }],
        },
      });
      expect(roleStatements(template(), 'LogsFlowLogsRole')).toEqual([{
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Effect: 'Allow',
        Resource: [arn(NAME), arn(`${NAME}:*`)],
      }]);
      template().resourceCountIs('AWS::IAM::Policy', 0);
      expectNagClean(group);
    });

    test('logGroup can be given to a Lambda function', () => {
      const stack = testStack();
      const { group, template } = central({}, stack);
      new lambda.Function(stack, 'Fn', {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => {};'),
        logGroup: group.logGroup,
      });
      template().hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: LOG_GROUP } } });
    });

    test('forRdsInstance: the name RDS exports an instance log type to, lowercased', () => {
      const stack = testStack();
      const group = CentralLogGroup.forRdsInstance(stack, 'PostgresLog', 'PatientDb', 'postgresql');
      expect(group.node.id).toBe('PostgresLog');
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/instance/patientdb/postgresql', RetentionInDays: SIX_YEARS });
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/instance/patientdb/postgresql/data-protection-findings' });
    });

    test('forRdsCluster: the name RDS exports a cluster log type to', () => {
      const stack = testStack();
      CentralLogGroup.forRdsCluster(stack, 'AuditLog', 'claims', 'audit', { retention: logs.RetentionDays.TEN_YEARS });
      Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/cluster/claims/audit', RetentionInDays: 3653 });
    });

    test('throws when a fixed-name group is also given logGroupName', () => {
      expect(() => CentralLogGroup.forRdsInstance(testStack(), 'Log', 'db', 'error', { logGroupName: '/other' }))
        .toThrow(/logGroupName is fixed by the service \(\/aws\/rds\/instance\/db\/error\)/);
    });

    test('throws for a logGroupName CloudWatch Logs would reject', () => {
      expect(() => central({ logGroupName: 'phi logs?' })).toThrow(/logGroupName 'phi logs\?' is not a valid log group name/);
    });
  });

  describe('archive', () => {
    function archived(props: CentralLogGroupProps = {}) {
      return central({ archive: true, ...props });
    }

    test('a subscription filter sends every event to the delivery stream, with a role of its own', () => {
      const { template } = archived();
      template().hasResource('AWS::Logs::SubscriptionFilter', {
        Properties: {
          LogGroupName: { Ref: LOG_GROUP },
          FilterPattern: '',
          DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsArchiveDeliveryStream'), 'Arn'] },
          RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsArchiveSubscriptionRole'), 'Arn'] },
        },
        DependsOn: [Match.stringLikeRegexp('^LogsArchiveSubscriptionPolicy')],
      });
      template().hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Condition: { StringLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:*']] } } },
          })],
        },
      });
      expect(roleStatements(template(), 'LogsArchiveSubscriptionRole')).toEqual([{
        Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^LogsArchiveDeliveryStream/), 'Arn'] },
      }]);
    });

    test('the delivery stream is encrypted with the key and writes SSE-KMS objects to the archive bucket', () => {
      const { template } = archived();
      template().hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        DeliveryStreamType: 'DirectPut',
        DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: { 'Fn::GetAtt': [KEY, 'Arn'] } },
        ExtendedS3DestinationConfiguration: Match.objectLike({
          BucketARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsArchiveBucket[0-9A-F]{8}$'), 'Arn'] },
          EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: { 'Fn::GetAtt': [KEY, 'Arn'] } } },
          CompressionFormat: 'UNCOMPRESSED',
          Prefix: Match.stringLikeRegexp('^cloudwatch-logs/'),
          ErrorOutputPrefix: Match.stringLikeRegexp('^delivery-errors/!\\{firehose:error-output-type\\}/'),
          CloudWatchLoggingOptions: {
            Enabled: true,
            LogGroupName: { Ref: Match.stringLikeRegexp('^LogsArchiveDeliveryLogs') },
            LogStreamName: { Ref: Match.stringLikeRegexp('^LogsArchiveDeliveryLogStream') },
          },
        }),
      });
    });

    test('the archive bucket is an EncryptedBucket with Object Lock in COMPLIANCE mode for six years', () => {
      const { group, template } = archived();
      expect(group.archiveBucket).toBeDefined();
      expect(group.archiveBucket!.encryptionKey).toBe(group.encryptionKey);
      template().hasResource('AWS::S3::Bucket', {
        Properties: {
          ObjectLockEnabled: true,
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: SIX_YEARS } } },
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [KEY, 'Arn'] } } }] },
        },
        DeletionPolicy: 'RetainExceptOnCreate',
      });
    });

    test('Object Lock follows the retention; six years when events never expire', () => {
      const lockDays = (retention: logs.RetentionDays) => {
        const bucket = resource(archived({ retention }).template(), 'AWS::S3::Bucket', 'LogsArchiveBucket0');
        return bucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days;
      };
      expect(lockDays(logs.RetentionDays.TEN_YEARS)).toBe(3653);
      expect(lockDays(logs.RetentionDays.INFINITE)).toBe(SIX_YEARS);
    });

    test('Firehose writes with the key only through S3 and reports errors to its own log group', () => {
      const { template } = archived();
      const bucketArn = { 'Fn::GetAtt': [expect.stringMatching(/^LogsArchiveBucket0/), 'Arn'] };
      expect(roleStatements(template(), 'LogsArchiveDeliveryRole')).toEqual([
        {
          Action: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'],
          Effect: 'Allow',
          Resource: [bucketArn, { 'Fn::Join': ['', [bucketArn, '/*']] }],
        },
        {
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Condition: {
            StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
            StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, { 'Fn::Join': ['', [bucketArn, '/*']] }] },
          },
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^LogsKey/), 'Arn'] },
        },
        { Action: 'logs:PutLogEvents', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^LogsArchiveDeliveryLogs/), 'Arn'] } },
      ]);
      template().hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'firehose.amazonaws.com' }, Condition: { StringEquals: { 'sts:ExternalId': '123456789012' } } })],
        },
      });
      template().resourceCountIs('AWS::IAM::Policy', 0);
    });

    test('the delivery error log group is encrypted, kept six years, retained and protected', () => {
      const { template } = archived();
      template().hasResource('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: `${NAME}/archive-delivery-errors`, KmsKeyId: { 'Fn::GetAtt': [KEY, 'Arn'] }, RetentionInDays: SIX_YEARS },
        DeletionPolicy: 'RetainExceptOnCreate',
      });
      const protection = resource(template(), 'AWS::IAM::ManagedPolicy', 'LogsProtectionPolicy');
      expect(protection.Properties.PolicyDocument.Statement[0].Resource).toEqual(expect.arrayContaining([
        arn(`${NAME}/archive-delivery-errors`), arn(`${NAME}/archive-delivery-errors:*`),
      ]));
    });

    test('passes cdk-nag HIPAA Security checks with the archive', () => {
      expectNagClean(archived().stack);
    });
  });

  describe('acknowledgements', () => {
    test('the construct carries only the acknowledgements listed in its docs', () => {
      const { stack } = central();
      expect(acknowledgementsIn(stack).map((a) => `${a.path} ${a.id}`)).toEqual([
        'TestStack/Logs/DataProtectionFindings CdkHipaa::Logs.DataProtectionPolicy',
      ]);
    });

    test('the HipaaAspect finds nothing unacknowledged, with or without the archive', () => {
      for (const archive of [false, true]) {
        const app = testApp();
        const { stack } = central({ archive }, testStack(app));
        const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
        app.synth();
        const notPassing = aspect.findings.filter((f) => f.status !== HipaaFindingStatus.PASS);
        expect(notPassing.filter((f) => f.status !== HipaaFindingStatus.ACKNOWLEDGED)).toEqual([]);
        expect(notPassing.filter((f) => f.constructPath.startsWith('TestStack/Logs/LogGroup'))).toEqual([]);
      }
    });
  });
});

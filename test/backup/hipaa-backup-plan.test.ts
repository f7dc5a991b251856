import { Duration, Size, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { HipaaBackupPlan, HipaaKey } from '../../src';
import { expectNagClean, nagFindings, testApp, testStack } from '../util';

/** A volume in the stack's first AZ, encrypted so only the backup rules matter to cdk-nag. */
function volume(stack: Stack, id: string): ec2.Volume {
  return new ec2.Volume(stack, id, { availabilityZone: stack.availabilityZones[0], size: Size.gibibytes(10), encrypted: true });
}

const VOLUME_ARN = (logicalId: RegExp) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:volume/', { Ref: Match.stringLikeRegexp(logicalId.source) }]],
});

describe('HipaaBackupPlan', () => {
  test('defaults: vault encrypted with a created HipaaKey and retained, daily and monthly rules', () => {
    const stack = testStack(testApp({ cfnValidation: true }));
    const plan = new HipaaBackupPlan(stack, 'Backup');
    plan.addConstruct(volume(stack, 'Data'));
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'RetainExceptOnCreate' });
    template.hasResource('AWS::Backup::BackupVault', {
      Properties: { EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupKey'), 'Arn'] } },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        // Named after the stack and path: a second copy of the stack in the account and region does not collide.
        BackupPlanName: Match.stringLikeRegexp('^TestStack-Backup-[0-9A-F]{8}$'),
        BackupPlanRule: [
          {
            RuleName: 'Daily',
            ScheduleExpression: 'cron(0 5 * * ? *)',
            StartWindowMinutes: 60,
            CompletionWindowMinutes: 1440,
            Lifecycle: { DeleteAfterDays: 35 },
            TargetBackupVault: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupVault'), 'BackupVaultName'] },
          },
          {
            RuleName: 'Monthly',
            ScheduleExpression: 'cron(0 5 1 * ? *)',
            StartWindowMinutes: 60,
            CompletionWindowMinutes: 1440,
            Lifecycle: { DeleteAfterDays: 2557 },
            TargetBackupVault: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupVault'), 'BackupVaultName'] },
          },
        ],
      },
    });
    expect(plan.encryptionKey).toBeInstanceOf(HipaaKey);
    expectNagClean(stack);
  });

  test('the vault denies deleting recovery points or changing their lifecycle to everyone', () => {
    const stack = testStack();
    new HipaaBackupPlan(stack, 'Backup');
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      AccessPolicy: {
        Statement: [{
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
          Resource: '*',
        }],
      },
    });
  });

  test('the vault is not locked by default', () => {
    const stack = testStack();
    new HipaaBackupPlan(stack, 'Backup');
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: Match.absent() });
  });

  test('blockRecoveryPointDeletion: false leaves the access policy out', () => {
    const stack = testStack();
    new HipaaBackupPlan(stack, 'Backup', { blockRecoveryPointDeletion: false });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', { AccessPolicy: Match.absent() });
  });

  test('a given encryptionKey is used and no key is created', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const plan = new HipaaBackupPlan(stack, 'Backup', { encryptionKey: key });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] },
    });
    expect(plan.encryptionKey).toBe(key);
  });

  test('retentions and names are configurable', () => {
    const stack = testStack();
    new HipaaBackupPlan(stack, 'Backup', {
      dailyRetention: Duration.days(14),
      monthlyRetention: Duration.days(3650),
      backupPlanName: 'phi-plan',
      backupVaultName: 'phi-vault',
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: 'phi-vault' });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanName: 'phi-plan',
        BackupPlanRule: [
          Match.objectLike({ RuleName: 'Daily', Lifecycle: { DeleteAfterDays: 14 } }),
          Match.objectLike({ RuleName: 'Monthly', Lifecycle: { DeleteAfterDays: 3650 } }),
        ],
      },
    });
  });

  test('vaultLock locks the vault in governance mode with the daily retention as minimum', () => {
    const stack = testStack();
    new HipaaBackupPlan(stack, 'Backup', { vaultLock: true });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 35, MaxRetentionDays: Match.absent(), ChangeableForDays: Match.absent() },
    });
  });

  test('vaultLock with a minimum retention and a grace time is in compliance mode', () => {
    const stack = testStack();
    new HipaaBackupPlan(stack, 'Backup', {
      vaultLock: true,
      vaultLockMinRetention: Duration.days(7),
      vaultLockChangeableFor: Duration.days(3),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 7, ChangeableForDays: 3 },
    });
  });

  describe('selection', () => {
    test('nothing is selected until something is added', () => {
      const stack = testStack();
      new HipaaBackupPlan(stack, 'Backup');
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::Backup::BackupSelection', 0);
      template.resourceCountIs('AWS::IAM::Role', 0);
    });

    test('addConstruct selects the backupable resources in the construct, with a role that may back up and restore', () => {
      const stack = testStack();
      const plan = new HipaaBackupPlan(stack, 'Backup');
      const group = new Construct(stack, 'Group');
      volume(stack, 'Outside');
      new ec2.Volume(group, 'Data', { availabilityZone: stack.availabilityZones[0], size: Size.gibibytes(10), encrypted: true });
      plan.addConstruct(group);
      const template = Template.fromStack(stack);

      template.resourceCountIs('AWS::Backup::BackupSelection', 1);
      template.hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupPlanId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupPlan'), 'BackupPlanId'] },
        BackupSelection: {
          SelectionName: 'hipaa-resources',
          IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupSelectionRole'), 'Arn'] },
          Resources: [VOLUME_ARN(/^GroupData/)],
          ListOfTags: Match.absent(),
        },
      });
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' } }],
        },
        ManagedPolicyArns: [
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']] },
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] },
        ],
      });
    });

    test('resources added to a construct after addConstruct are selected too, each once', () => {
      const stack = testStack();
      const plan = new HipaaBackupPlan(stack, 'Backup');
      const group = new Construct(stack, 'Group');
      plan.addConstruct(group);
      new dynamodb.Table(group, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
      plan.addConstruct(group); // twice: selected once
      Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: Match.objectLike({
          Resources: [
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:us-east-1:123456789012:table/', { Ref: Match.stringLikeRegexp('^GroupTable') }]] },
          ],
        }),
      });
    });

    test('RDS instances and clusters are selected; instances of a cluster only through their cluster', () => {
      const stack = testStack();
      const plan = new HipaaBackupPlan(stack, 'Backup');
      const group = new Construct(stack, 'Group');
      new rds.CfnDBInstance(group, 'Standalone', { dbInstanceClass: 'db.t3.micro', engine: 'postgres' });
      const cluster = new rds.CfnDBCluster(group, 'Cluster', { engine: 'aurora-postgresql' });
      new rds.CfnDBInstance(group, 'Member', { dbInstanceClass: 'db.r6g.large', engine: 'aurora-postgresql', dbClusterIdentifier: cluster.ref });
      plan.addConstruct(group);
      const rdsArn = (type: string, logicalId: string) => ({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:rds:us-east-1:123456789012:${type}:`, { Ref: Match.stringLikeRegexp(`^${logicalId}`) }]],
      });
      Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: Match.objectLike({ Resources: [rdsArn('db', 'GroupStandalone'), rdsArn('cluster', 'GroupCluster')] }),
      });
    });

    test('addResource takes ARNs, tag conditions and constructs into one selection', () => {
      const stack = testStack();
      const plan = new HipaaBackupPlan(stack, 'Backup');
      plan.addResource(backup.BackupResource.fromArn('arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-12345678'));
      plan.addResource(backup.BackupResource.fromTag('phi', 'true'));
      plan.addResource(backup.BackupResource.fromConstruct(volume(stack, 'Data')));
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::Backup::BackupSelection', 1);
      template.hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: Match.objectLike({
          Resources: [
            'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-12345678',
            VOLUME_ARN(/^Data/),
          ],
          ListOfTags: [{ ConditionKey: 'phi', ConditionType: 'STRINGEQUALS', ConditionValue: 'true' }],
        }),
      });
    });

    test('a selection made of tags alone has no resource list', () => {
      const stack = testStack();
      const plan = new HipaaBackupPlan(stack, 'Backup');
      plan.addResource(backup.BackupResource.fromTag('phi', 'true'));
      Template.fromStack(stack).hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: Match.objectLike({ Resources: Match.absent(), ListOfTags: Match.arrayWith([Match.objectLike({ ConditionKey: 'phi' })]) }),
      });
    });

    test('cdk-nag sees the selection without a prior synth (EC2EBSInBackupPlan, DynamoDBInBackupPlan)', () => {
      const stack = testStack();
      const table = new dynamodb.Table(stack, 'Table', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      });
      const data = volume(stack, 'Data');
      const rules = () => nagFindings(stack).map((f) => f.rule).filter((r) => r.endsWith('InBackupPlan'));
      expect(rules().sort()).toEqual(['DynamoDBInBackupPlan', 'EC2EBSInBackupPlan']);
      HipaaBackupPlan.of(stack).addConstruct(table);
      HipaaBackupPlan.of(stack).addResource(backup.BackupResource.fromConstruct(data));
      expect(rules()).toEqual([]);
    });
  });

  describe('of', () => {
    test('returns one shared plan per stack, under the stack with id HipaaBackupPlan', () => {
      const stack = testStack();
      const inner = new Construct(stack, 'Inner');
      const plan = HipaaBackupPlan.of(inner);
      expect(HipaaBackupPlan.of(stack)).toBe(plan);
      expect(plan.node.path).toBe('TestStack/HipaaBackupPlan');
      Template.fromStack(stack).resourceCountIs('AWS::Backup::BackupPlan', 1);
    });

    test('returns a plan the user created with that id', () => {
      const stack = testStack();
      const mine = new HipaaBackupPlan(stack, 'HipaaBackupPlan', { vaultLock: true });
      expect(HipaaBackupPlan.of(new Construct(stack, 'Inner'))).toBe(mine);
    });

    test('each stack gets its own plan', () => {
      const app = testApp();
      const one = testStack(app, 'One');
      const two = testStack(app, 'Two');
      expect(HipaaBackupPlan.of(one)).not.toBe(HipaaBackupPlan.of(two));
    });

    test('fails when the id HipaaBackupPlan is taken by another construct', () => {
      const stack = testStack();
      new Construct(stack, 'HipaaBackupPlan');
      expect(() => HipaaBackupPlan.of(stack)).toThrow(/'TestStack\/HipaaBackupPlan' is not a HipaaBackupPlan/);
    });
  });

  test('fails when dailyRetention is below 7 days', () => {
    const app = testApp();
    const stack = testStack(app);
    new HipaaBackupPlan(stack, 'Backup', { dailyRetention: Duration.days(3) });
    expect(() => app.synth()).toThrow(/dailyRetention: 3 days is refused.*164\.308\(a\)\(7\)\(ii\)\(A\).*CdkHipaa::Backup\.RetentionMinimum/);
  });

  test('a short daily retention is accepted once acknowledged', () => {
    const app = testApp();
    const stack = testStack(app);
    const plan = new HipaaBackupPlan(stack, 'Backup', { dailyRetention: Duration.days(3) });
    Validations.of(plan).acknowledge({ id: 'CdkHipaa::Backup.RetentionMinimum', reason: 'Scratch environment holding synthetic data only' });
    expect(() => app.synth()).not.toThrow();
  });

  test('fails when vaultLockMinRetention exceeds dailyRetention', () => {
    const stack = testStack();
    expect(() => new HipaaBackupPlan(stack, 'Backup', { vaultLock: true, vaultLockMinRetention: Duration.days(60) }))
      .toThrow(/vaultLockMinRetention: 60 days exceeds dailyRetention \(35 days\)/);
  });

  test('fails when vault lock settings are given without vaultLock', () => {
    const stack = testStack();
    expect(() => new HipaaBackupPlan(stack, 'Backup', { vaultLockMinRetention: Duration.days(7) }))
      .toThrow(/apply only to a locked vault: set vaultLock: true/);
  });

  test('fails when an added construct holds nothing AWS Backup can protect', () => {
    const app = testApp();
    const stack = testStack(app);
    HipaaBackupPlan.of(stack).addConstruct(new Construct(stack, 'Empty'));
    expect(() => app.synth()).toThrow(/'TestStack\/Empty' was added to the backup plan but holds no resource AWS Backup can protect/);
  });

  test('passes cdk-nag HIPAA Security checks with defaults', () => {
    const stack = testStack();
    HipaaBackupPlan.of(stack);
    expectNagClean(stack);
  });
});

import { tpl } from './fixtures';
import { fixedNamePerAccountRegion } from './rules/names';

describe('FixedNamePerAccountRegion', () => {
  test('passes for generated names, stack-name names, resource references and service-fixed names', () => {
    const t = tpl({
      Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
      A: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { Ref: 'Fn' }]] } } },
      B: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Sub': '${AWS::StackName}-alerts' } } },
      C: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'MyApp-Stack-queue' } },
      D: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'RDSOSMetrics' } },
      E: { Type: 'AWS::KMS::Alias', Properties: { AliasName: { 'Fn::Join': ['', ['alias/', { Ref: 'AWS::StackName' }]] } } },
      F: { Type: 'AWS::Backup::BackupPlan', Properties: { BackupPlan: { BackupPlanName: { 'Fn::Sub': 'plan-${Fn}' } } } },
      G: { Type: 'AWS::S3::Bucket', Properties: {} },
    }, { stackName: 'MyApp-Stack' });
    expect(fixedNamePerAccountRegion(t, [t])).toEqual([]);
  });

  test('fails for literal names, names varying only by account/region/parameter, and unresolvable names', () => {
    const t = tpl({
      Plan: { Type: 'AWS::Backup::BackupPlan', Properties: { BackupPlan: { BackupPlanName: 'hipaa-daily' } } },
      Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: { 'Fn::Sub': 'vault-${AWS::AccountId}-${AWS::Region}' } } },
      Doc: { Type: 'AWS::SSM::Document', Properties: { Name: { Ref: 'DocName' } } },
      Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { TrailName: { 'Fn::ImportValue': 'x' } } },
      Rule: { Type: 'AWS::Config::ConfigRule', Properties: { ConfigRuleName: 's3-versioning' } },
    }, { stackName: 'App' });
    const problems = fixedNamePerAccountRegion(t, [t]);
    expect(problems.map((p) => [p.rule, p.logicalId]).sort()).toEqual([
      ['FixedNamePerAccountRegion', 'Doc'], ['FixedNamePerAccountRegion', 'Plan'], ['FixedNamePerAccountRegion', 'Rule'],
      ['FixedNamePerAccountRegion', 'Trail'], ['FixedNamePerAccountRegion', 'Vault'],
    ]);
    expect(problems.find((p) => p.logicalId === 'Plan')!.message)
      .toBe('AWS::Backup::BackupPlan has the fixed name "hipaa-daily" (BackupPlan.BackupPlanName); a second copy of this stack in the same account and region fails with "already exists". Leave the name to CloudFormation, or include the stack name.');
  });
});

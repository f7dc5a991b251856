/**
 * Physical names: a name written into the template collides with the next copy of the stack.
 */
import { indexOf, problemsFor, render, renderedResourceRefs } from '../cfn';
import { DeployProblem, DeployTemplate } from '../model';

/** Where each resource type carries its physical name (dotted paths go into nested properties). */
export const NAME_PROPERTIES: Record<string, string> = {
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::KMS::Alias': 'AliasName',
  'AWS::Backup::BackupPlan': 'BackupPlan.BackupPlanName',
  'AWS::Backup::BackupVault': 'BackupVaultName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::CloudTrail::Trail': 'TrailName',
  'AWS::Config::ConfigRule': 'ConfigRuleName',
  'AWS::SSM::Document': 'Name',
  'AWS::Events::Rule': 'Name',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::RDS::DBCluster': 'DBClusterIdentifier',
};

/**
 * Names the service fixes: the resource can only have this name, so renaming is no fix (one per
 * account-region, shared by all stacks). `RDSOSMetrics` is the log group RDS Enhanced Monitoring
 * writes to. (Names made of a service prefix and a resource of the template, such as
 * `/aws/lambda/<Ref fn>`, pass anyway: they contain a reference.)
 */
export const SERVICE_FIXED_NAMES: ReadonlyArray<{ readonly type: string; readonly name: RegExp }> = [
  { type: 'AWS::Logs::LogGroup', name: /^RDSOSMetrics$/ },
];

/**
 * `FixedNamePerAccountRegion`: a physical name written into the template (the same for every copy
 * of the stack) makes the second copy in the same account and region fail with "already exists"
 * (IAM names and S3 bucket names collide even more widely: account-wide and globally).
 *
 * Source: CloudFormation "CloudFormation resource custom naming" (names must be unique across all
 * active stacks; a template reused for several stacks must change or drop its custom names) —
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html
 *
 * Scenarios:
 * - PASS: no name property (CloudFormation generates a unique one).
 * - PASS: the name contains `Ref: AWS::StackName` / `${AWS::StackName}`, or the stack's name (case-insensitive, hyphens ignored:
 *   a stage's stack is named `Stage-Stack`, the names derived from its construct path hold `StageStack`).
 * - PASS: the name contains a `Ref`/`Fn::GetAtt` of a resource of the template (unique by construction).
 * - PASS: a name fixed by the service ({@link SERVICE_FIXED_NAMES}).
 * - FAIL: any other literal name, or one that varies only by account, region or a parameter; an unresolvable name.
 */
export function fixedNamePerAccountRegion(t: DeployTemplate, _all: DeployTemplate[]): DeployProblem[] {
  const index = indexOf(t);
  const problem = problemsFor('FixedNamePerAccountRegion', t);
  const stackName = t.stackName.toLowerCase();
  const problems: DeployProblem[] = [];
  for (const [type, path] of Object.entries(NAME_PROPERTIES)) {
    for (const id of index.ofType(type)) {
      const value = path.split('.').reduce((v: any, key) => v?.[key], index.resources[id].Properties);
      if (value === undefined || value === null) continue;
      const name = render(value);
      if (name !== undefined) {
        if (name.includes('{AWS::StackName}') || name.toLowerCase().replace(/-/g, '').includes(stackName.replace(/-/g, ''))) continue;
        if (renderedResourceRefs(name, index).length > 0) continue;
        if (SERVICE_FIXED_NAMES.some((f) => f.type === type && f.name.test(name))) continue;
      }
      const shown = name ?? JSON.stringify(value);
      problems.push(problem(id,
        `${type} has the fixed name ${JSON.stringify(shown)} (${path}); a second copy of this stack in the same account and region fails with "already exists". `
        + 'Leave the name to CloudFormation, or include the stack name.'));
    }
  }
  return problems;
}

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { tpl } from './fixtures';
import {
  DEPLOY_READINESS_RULES, deployReadinessProblems, expectDeployReady, templateOf, templateOfFile, templatesOfApp, templatesOfAssembly,
} from './index';

describe('deploy readiness', () => {
  test('the rule inventory is pinned', () => {
    expect(Object.keys(DEPLOY_READINESS_RULES).sort()).toEqual([
      'ConfigRuleNeedsRecorder', 'DeletionProtectedCreate', 'DuplicateManagedConfigRule', 'EventBridgeKeyConditions',
      'FixedNamePerAccountRegion', 'KeyPolicyPrincipalMustExist', 'NoReservedConcurrency', 'OrganizationTrailBucketPolicy', 'RdsParameterValues',
      'RetainOrphansOnFailedCreate', 'StackSetTemplateBody', 'TopicAllowsPublisher',
    ]);
  });

  test('each rule reports under its own id', () => {
    const t = tpl({
      Rule: { Type: 'AWS::Config::ConfigRule', Properties: { ConfigRuleName: 'r', Source: { Owner: 'AWS', SourceIdentifier: 'X' } } },
      Rule2: { Type: 'AWS::Config::ConfigRule', Properties: { Source: { Owner: 'AWS', SourceIdentifier: 'X' } } },
      Bucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain' },
      Db: { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'sqlserver-ex', MultiAZ: true, DeletionProtection: true } },
      Key: {
        Type: 'AWS::KMS::Key',
        Properties: {
          KeyPolicy: {
            Statement: [
              { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/x' }, Action: 'kms:*', Resource: '*' },
              { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'kms:*', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': '1' } } },
            ],
          },
        },
      },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: 'Key' } } },
      Events: { Type: 'AWS::Events::Rule', Properties: { Targets: [{ Id: 'a', Arn: { Ref: 'Topic' } }] } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 5 } },
      OrgTrail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsOrganizationTrail: true, S3BucketName: { Ref: 'Bucket' } } },
      StackSet: { Type: 'AWS::CloudFormation::StackSet', Properties: { AutoDeployment: { Enabled: true } } },
    });
    const problems = deployReadinessProblems([t]);
    for (const id of Object.keys(DEPLOY_READINESS_RULES)) {
      expect(problems.filter((p) => p.rule === id).length).toBeGreaterThan(0);
    }
  });

  test('expectDeployReady passes for a clean template, fails with one readable line per problem, and refuses no templates', () => {
    expectDeployReady([tpl({ Topic: { Type: 'AWS::SNS::Topic' } })]);
    expect(() => expectDeployReady([tpl({ Fn: { Type: 'AWS::Lambda::Function', Properties: { ReservedConcurrentExecutions: 2 } } })]))
      .toThrow(/NoReservedConcurrency Stack\/Fn: ReservedConcurrentExecutions is 2/);
    expect(() => expectDeployReady([])).toThrow(/no templates/);
  });

  test('templateOf reads name, env and dependencies of a stack', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const base = new Stack(app, 'Base', { env: { account: '123456789012', region: 'us-east-1' } });
    const top = new Stack(app, 'Top', { env: { account: '123456789012', region: 'us-east-1' } });
    const agnostic = new Stack(app, 'Agnostic');
    new CfnResource(base, 'Recorder', { type: 'AWS::Config::ConfigurationRecorder', properties: { RoleARN: 'arn' } });
    new CfnResource(top, 'Rule', { type: 'AWS::Config::ConfigRule', properties: { Source: { Owner: 'AWS', SourceIdentifier: 'X' } } });
    new CfnResource(agnostic, 'Topic', { type: 'AWS::SNS::Topic' });
    top.addDependency(base);
    const t = templateOf(top);
    expect(t).toMatchObject({ stackName: 'Top', account: '123456789012', region: 'us-east-1', dependencies: ['Base'] });
    expect(t.template.Resources.Rule.Type).toBe('AWS::Config::ConfigRule');
    expect(templateOf(agnostic)).toMatchObject({ stackName: 'Agnostic', account: undefined, region: undefined, dependencies: [] });
    expectDeployReady([templateOf(base), t]);
  });

  test('templatesOfApp reads stacks, their dependencies and the stacks of stages', () => {
    const app = new App({ builtinCloudFormationValidation: false, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-readiness-')) });
    const env = { account: '123456789012', region: 'eu-west-1' };
    const base = new Stack(app, 'Base', { env });
    new CfnResource(base, 'Recorder', { type: 'AWS::Config::ConfigurationRecorder', properties: { RoleARN: 'arn' } });
    const top = new Stack(app, 'Top', { env, stackName: 'top-stack' });
    new CfnResource(top, 'Rule', { type: 'AWS::Config::ConfigRule', properties: { Source: { Owner: 'AWS', SourceIdentifier: 'X' } } });
    top.addDependency(base);
    const stage = new Stage(app, 'Prod', { env });
    new CfnResource(new Stack(stage, 'Inner'), 'Fn', { type: 'AWS::Lambda::Function', properties: { ReservedConcurrentExecutions: 3 } });

    const templates = templatesOfApp(app);
    expect(templates.map((t) => [t.stackName, t.account, t.region, t.dependencies]).sort()).toEqual([
      ['Base', '123456789012', 'eu-west-1', []],
      ['Prod-Inner', '123456789012', 'eu-west-1', []],
      ['top-stack', '123456789012', 'eu-west-1', ['Base']],
    ]);
    expect(deployReadinessProblems(templates).map((p) => `${p.rule} ${p.stack}/${p.logicalId}`))
      .toEqual(['NoReservedConcurrency Prod-Inner/Fn']);
  });

  test('templatesOfAssembly maps unknown environments to undefined; templateOfFile names the stack after the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-readiness-'));
    fs.writeFileSync(path.join(dir, 'S.template.json'), JSON.stringify({ Resources: {} }));
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
      artifacts: {
        'S.assets': { type: 'cdk:asset-manifest', properties: { file: 'S.assets.json' } },
        'S': { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/unknown-region', properties: { templateFile: 'S.template.json' }, dependencies: ['S.assets'] },
      },
    }));
    expect(templatesOfAssembly(dir)).toEqual([{ stackName: 'S', template: { Resources: {} }, account: undefined, region: undefined, dependencies: [] }]);
    expect(templateOfFile(path.join(dir, 'S.template.json'), { region: 'us-east-1' })).toEqual({ stackName: 'S', template: { Resources: {} }, region: 'us-east-1' });
  });

  test('checks a 10,000-line template well under a second', () => {
    const resources: Record<string, any> = {};
    for (let i = 0; i < 400; i++) {
      resources[`Key${i}`] = {
        Type: 'AWS::KMS::Key',
        Properties: {
          KeyPolicy: {
            Statement: [
              { Effect: 'Allow', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } }, Action: 'kms:*', Resource: '*' },
              { Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' },
            ],
          },
        },
      };
      resources[`Topic${i}`] = { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { 'Fn::GetAtt': [`Key${i}`, 'Arn'] } } };
      resources[`Alarm${i}`] = { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ Ref: `Topic${i}` }] } };
      resources[`Rule${i}`] = { Type: 'AWS::Config::ConfigRule', DependsOn: [`Alarm${i}`, 'Recorder'], Properties: { Source: { Owner: 'AWS', SourceIdentifier: `R${i}` } } };
      resources[`Log${i}`] = { Type: 'AWS::Logs::LogGroup', DeletionPolicy: 'RetainExceptOnCreate', Properties: { LogGroupName: { 'Fn::Sub': '/aws/x/${AWS::StackName}-' + i } } };
    }
    resources.Recorder = { Type: 'AWS::Config::ConfigurationRecorder', Properties: { RoleARN: 'arn' } };
    const t = tpl(resources);
    expect(JSON.stringify(t.template, undefined, 2).split('\n').length).toBeGreaterThan(10_000);
    const start = process.hrtime.bigint();
    expect(deployReadinessProblems([t])).toEqual([]);
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(1000); // about 0.1 s alone; the margin absorbs a loaded CI machine
  });
});

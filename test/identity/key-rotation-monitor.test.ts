import { Duration, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { HipaaKey, KeyRotationAction, KeyRotationMonitor, KeyRotationMonitorProps } from '../../src';
import { acknowledgementsIn, expectNagClean, nagFindings, testApp, testStack } from '../util';

const KEY = { 'Fn::GetAtt': [Match.stringLikeRegexp('^MonitorKey'), 'Arn'] };
const TOPIC = { Ref: Match.stringLikeRegexp('^MonitorTopic') };
const QUEUE_ARN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^MonitorDeadLetterQueue'), 'Arn'] };
const USERS = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:user/*']] };

function synth(props: KeyRotationMonitorProps = {}) {
  const stack = testStack();
  const monitor = new KeyRotationMonitor(stack, 'Monitor', props);
  return { stack, monitor, template: Template.fromStack(stack) };
}

/** The statements of the scanner's managed policy. */
function scannerStatements(template: Template): any[] {
  const policies = template.findResources('AWS::IAM::ManagedPolicy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^MonitorRole') }] },
  });
  const [policy] = Object.values(policies);
  return policy.Properties.PolicyDocument.Statement;
}

function expectedStatements(extra: any[] = []): any[] {
  return [
    { Sid: 'ListUsers', Action: 'iam:ListUsers', Effect: 'Allow', Resource: '*' },
    { Sid: 'ReadAccessKeys', Action: ['iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed'], Effect: 'Allow', Resource: USERS },
    ...extra,
    { Sid: 'PublishReport', Action: 'sns:Publish', Effect: 'Allow', Resource: TOPIC },
    { Sid: 'SendToDeadLetterQueue', Action: 'sqs:SendMessage', Effect: 'Allow', Resource: QUEUE_ARN },
    {
      Sid: 'WriteLogs',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MonitorLogs'), 'Arn'] },
    },
    { Sid: 'UseKey', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: KEY },
  ];
}

describe('KeyRotationMonitor', () => {
  test('defaults: the scanner function, hardened, and a template CloudFormation accepts', () => {
    const app = testApp({ cfnValidation: true });
    const stack = testStack(app);
    new KeyRotationMonitor(stack, 'Monitor');
    app.synth();
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Timeout: 900,
      MemorySize: 256,
      ReservedConcurrentExecutions: Match.absent(),
      KmsKeyArn: KEY,
      DeadLetterConfig: { TargetArn: QUEUE_ARN },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^MonitorLogs') } },
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MonitorRole'), 'Arn'] },
      Environment: {
        Variables: {
          TOPIC_ARN: TOPIC,
          MAX_KEY_AGE_DAYS: '90',
          MAX_UNUSED_AGE_DAYS: '90',
          ACTION: 'NOTIFY',
          AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
        },
      },
    });
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0];
    expect(fn.Properties.VpcConfig).toBeUndefined();
    expect(fn.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^MonitorPolicy/)]));
  });

  test('a failed run is not retried (it would report twice)', () => {
    synth().template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0, Qualifier: '$LATEST' });
  });

  test('runs nightly at 03:00 UTC', () => {
    synth().template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MonitorFunction'), 'Arn'] } })],
    });
  });

  test('a schedule can be given', () => {
    synth({ schedule: events.Schedule.rate(Duration.hours(6)) }).template
      .hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(6 hours)' });
  });

  test('the role holds exactly what NOTIFY needs, in a managed policy', () => {
    const { template } = synth();
    expect(scannerStatements(template)).toHaveLength(expectedStatements().length);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^MonitorRole') }],
      PolicyDocument: { Statement: expectedStatements().map((st) => Match.objectEquals(st)) },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('no statement has a wildcard action', () => {
    for (const action of [KeyRotationAction.NOTIFY, KeyRotationAction.DEACTIVATE]) {
      const actions = scannerStatements(synth({ action }).template).flatMap((s) => [s.Action].flat());
      expect(actions.filter((a: string) => a.includes('*'))).toEqual([]);
    }
  });

  test('DEACTIVATE adds iam:UpdateAccessKey and the deactivation bound, 30 days past the age bound', () => {
    const { template } = synth({ action: KeyRotationAction.DEACTIVATE });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: expectedStatements([{ Sid: 'DeactivateAccessKeys', Action: 'iam:UpdateAccessKey', Effect: 'Allow', Resource: USERS }])
          .map((st) => Match.objectEquals(st)),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ACTION: 'DEACTIVATE', DEACTIVATE_AFTER_DAYS: '120' }) },
    });
  });

  test('bounds are passed to the function in days', () => {
    synth({
      maxKeyAge: Duration.days(60), maxUnusedAge: Duration.days(45), action: KeyRotationAction.DEACTIVATE, deactivateAfter: Duration.days(75),
    }).template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAX_KEY_AGE_DAYS: '60', MAX_UNUSED_AGE_DAYS: '45', DEACTIVATE_AFTER_DAYS: '75' }) },
    });
  });

  test('the topic is encrypted with the key and TLS-only', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: KEY });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  test('the key is a HipaaKey: rotated and retained', () => {
    synth().template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'RetainExceptOnCreate',
    });
  });

  test('the dead-letter queue is encrypted with the key, TLS-only, and keeps messages 14 days', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: KEY, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
      },
    });
  });

  test('the log group is encrypted with the key', () => {
    synth().template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: KEY });
  });

  test('an alarm on the function\'s errors notifies the topic', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^MonitorFunction') } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [TOPIC],
      AlarmName: Match.stringLikeRegexp('-errors$'),
    });
  });

  test('the key lets CloudWatch publish that alarm to the encrypted topic, and only that alarm', () => {
    const { template } = synth();
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm'))[0];
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'AllowKeyRotationAlarm',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: {
            ArnEquals: {
              'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:us-east-1:123456789012:alarm:${alarm.Properties.AlarmName}`]] },
            },
          },
        }]),
      },
    });
  });

  test('Config rule ACCESS_KEYS_ROTATED checks the same bound', () => {
    synth({ maxKeyAge: Duration.days(45) }).template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { Owner: 'AWS', SourceIdentifier: 'ACCESS_KEYS_ROTATED' },
      InputParameters: { maxAccessKeyAge: '45' },
    });
  });

  test('configRule: false leaves the Config rule out', () => {
    const { template, monitor } = synth({ configRule: false });
    template.resourceCountIs('AWS::Config::ConfigRule', 0);
    expect(monitor.configRule).toBeUndefined();
  });

  test('email subscribers and addSubscription subscribe to the topic', () => {
    const stack = testStack();
    const monitor = new KeyRotationMonitor(stack, 'Monitor', { emailSubscribers: ['security@example.org'] });
    monitor.addSubscription(new subscriptions.SqsSubscription(new sqs.Queue(stack, 'Inbox', { enforceSSL: true })));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@example.org', TopicArn: TOPIC });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', TopicArn: TOPIC });
  });

  test('a given key is used for everything and no key is created', () => {
    const stack = testStack();
    const key = new HipaaKey(stack, 'Shared');
    const monitor = new KeyRotationMonitor(stack, 'Monitor', { encryptionKey: key });
    const template = Template.fromStack(stack);
    const shared = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Shared'), 'Arn'] };
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: shared });
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: shared });
    template.hasResourceProperties('AWS::Lambda::Function', { KmsKeyArn: shared });
    expect(monitor.encryptionKey).toBe(key);
  });

  test('a given topic receives the reports, with its own key usable', () => {
    const stack = testStack();
    const topicKey = new kms.Key(stack, 'TopicKey', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'Security', { masterKey: topicKey, enforceSSL: true });
    new KeyRotationMonitor(stack, 'Monitor', { topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const statements = scannerStatements(template);
    expect(statements).toContainEqual({ Sid: 'PublishReport', Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: expect.stringMatching(/^Security/) } });
    expect(statements.find((s) => s.Sid === 'UseKey').Resource).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^MonitorKey/), 'Arn'] },
      { 'Fn::GetAtt': [expect.stringMatching(/^TopicKey/), 'Arn'] },
    ]);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowKeyRotationAlarm', Principal: { Service: 'cloudwatch.amazonaws.com' } })]) },
    });
  });

  test('warns when the topic\'s key policy cannot be changed for the alarm', () => {
    const stack = testStack();
    const imported = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555');
    const topic = sns.Topic.fromTopicAttributes(stack, 'Existing', { topicArn: 'arn:aws:sns:us-east-1:123456789012:security', keyArn: imported.keyArn });
    new KeyRotationMonitor(stack, 'Monitor', { topic });
    Annotations.fromStack(stack).hasWarning('/TestStack/Monitor', Match.stringLikeRegexp('allow cloudwatch.amazonaws.com kms:Decrypt'));
  });

  test('in a VPC: private subnets, the VPC access policy, no LambdaInsideVPC acknowledgement', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const monitor = new KeyRotationMonitor(stack, 'Monitor', { vpc });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: [{ Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2') }] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole']] }],
    });
    expect(acknowledgementsIn(monitor).filter((a) => /InsideV[Pp][Cc]/.test(a.id))).toEqual([]);
  });

  test('outside a VPC, LambdaInsideVPC and Lambda.InsideVpc are acknowledged on the function with one reason', () => {
    const { monitor } = synth();
    const reason = expect.stringMatching(/calls only the IAM and SNS APIs and never touches PHI/);
    const concurrency = expect.stringMatching(/reserving concurrency needs spare account concurrency/);
    expect(acknowledgementsIn(monitor.function)).toEqual([
      { id: 'HIPAA.Security::HIPAA.Security-LambdaConcurrency', reason: concurrency, path: 'TestStack/Monitor/Function' },
      { id: 'CdkHipaa::Lambda.ReservedConcurrency', reason: concurrency, path: 'TestStack/Monitor/Function' },
      { id: 'HIPAA.Security::HIPAA.Security-LambdaInsideVPC', reason, path: 'TestStack/Monitor/Function' },
      { id: 'CdkHipaa::Lambda.InsideVpc', reason, path: 'TestStack/Monitor/Function' },
    ]);
  });

  test('fails when maxKeyAge is over 365 days', () => {
    const app = testApp();
    new KeyRotationMonitor(testStack(app), 'Monitor', { maxKeyAge: Duration.days(400) });
    expect(() => app.synth()).toThrow(/maxKeyAge: 400 days is refused.*164\.308\(a\)\(5\)\(ii\)\(D\), 164\.312\(d\).*CdkHipaa::IAM\.AccessKeyRotation/);
  });

  test('365 days is accepted', () => {
    const app = testApp();
    new KeyRotationMonitor(testStack(app), 'Monitor', { maxKeyAge: Duration.days(365), maxUnusedAge: Duration.days(365) });
    expect(() => app.synth()).not.toThrow();
  });

  test('fails when maxUnusedAge is over 365 days', () => {
    const app = testApp();
    new KeyRotationMonitor(testStack(app), 'Monitor', { maxUnusedAge: Duration.days(500) });
    expect(() => app.synth()).toThrow(/maxUnusedAge: 500 days is refused.*CdkHipaa::IAM\.AccessKeyUnused/);
  });

  test('a longer bound is accepted once acknowledged with a reason', () => {
    const app = testApp();
    const stack = testStack(app);
    const monitor = new KeyRotationMonitor(stack, 'Monitor', { maxKeyAge: Duration.days(400) });
    Validations.of(monitor).acknowledge({ id: 'CdkHipaa::IAM.AccessKeyRotation', reason: 'Vendor integration rotates yearly plus grace' });
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::Config::ConfigRule', { InputParameters: { maxAccessKeyAge: '400' } });
  });

  test('fails when deactivateAfter is given without DEACTIVATE', () => {
    expect(() => synth({ deactivateAfter: Duration.days(200) })).toThrow(/deactivateAfter applies only with action KeyRotationAction.DEACTIVATE/);
  });

  test('fails when deactivateAfter is shorter than maxKeyAge', () => {
    expect(() => synth({ action: KeyRotationAction.DEACTIVATE, deactivateAfter: Duration.days(30) }))
      .toThrow(/deactivateAfter \(30 days\) must be at least maxKeyAge \(90 days\)/);
  });

  test('fails when a bound is not a whole number of days', () => {
    expect(() => synth({ maxKeyAge: Duration.hours(36) })).toThrow(/maxKeyAge must be a whole number of days, at least 1 \(got 1 day 12 hours\)/);
    expect(() => synth({ maxUnusedAge: Duration.days(0) })).toThrow(/maxUnusedAge must be a whole number of days, at least 1/);
  });

  test('passes cdk-nag HIPAA Security checks with defaults', () => {
    expectNagClean(synth().stack);
  });

  test('passes cdk-nag HIPAA Security checks in DEACTIVATE mode and in a VPC', () => {
    const stack = testStack();
    new KeyRotationMonitor(stack, 'Monitor', { action: KeyRotationAction.DEACTIVATE, vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
    const findings = nagFindings(stack);
    // The VPC itself is not this construct's: only the monitor's resources are judged here.
    expect(findings.filter((f) => f.path.startsWith('TestStack/Monitor'))).toEqual([]);
  });
});

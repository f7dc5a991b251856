import { App, Size, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  CentralLogGroup, HipaaAspect, HipaaAspectMode, HipaaBackupPlan, HipaaFindingStatus, HipaaInstance, HipaaInstanceProps, HipaaKey,
} from '../../src';
import { EncryptedVolume } from '../../src/ec2/encrypted-volume';
import { acknowledgementsIn, expectNagClean, testApp, testStack } from '../util';
import { agentConfigOf, isFixture, testVpc } from './fixtures';

const KEY = Match.stringLikeRegexp('^ServerKey[0-9A-F]{8}$');
const KEY_ARN = { 'Fn::GetAtt': [KEY, 'Arn'] };
/** The same, for jest's own matchers. */
const KEY_ARN_EXPECTED = { 'Fn::GetAtt': [expect.stringMatching(/^ServerKey[0-9A-F]{8}$/), 'Arn'] };
const AZ = 'dummy1a';

/** An AWS managed policy ARN as the templates render it. */
function managedPolicy(name: string): unknown {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]] };
}

/** Props of a HipaaInstance in a test, or a function making them in the test stack (for keys, topics, plans). */
type TestProps = Partial<HipaaInstanceProps> | ((stack: Stack, vpc: ec2.Vpc) => Partial<HipaaInstanceProps>);

/** A stack with the test VPC and one HipaaInstance `Server` (Graviton, Amazon Linux 2023), with `props` on top. */
function server(props: TestProps = {}, app: App = testApp()) {
  const stack = testStack(app);
  const vpc = testVpc(stack);
  const instance = new HipaaInstance(stack, 'Server', {
    vpc,
    instanceType: new ec2.InstanceType('m7g.large'),
    machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
    ...(typeof props === 'function' ? props(stack, vpc) : props),
  });
  return { app, stack, vpc, server: instance, template: () => Template.fromStack(stack) };
}

/** The only resource of `type` whose logical id starts with `prefix`, with its logical id. */
function only(template: Template, type: string, prefix: string): { id: string; resource: any } {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  expect(found.map(([id]) => id)).toHaveLength(1);
  return { id: found[0][0], resource: found[0][1] };
}

/** The user data of the only instance, with `Ref`s written as `<Ref:LogicalId>`. */
function userDataText(template: Template): string {
  const userData = only(template, 'AWS::EC2::Instance', 'Server').resource.Properties.UserData['Fn::Base64'];
  const parts: unknown[] = typeof userData === 'string' ? [userData] : userData['Fn::Join'][1];
  return parts.map((p: any) => (typeof p === 'string' ? p : `<Ref:${p.Ref}>`)).join('');
}

/** The statements of the key policy of the key with logical id prefix `prefix`. */
function keyStatements(template: Template, prefix = 'ServerKey'): any[] {
  return only(template, 'AWS::KMS::Key', prefix).resource.Properties.KeyPolicy.Statement;
}

describe('HipaaInstance', () => {
  describe('defaults', () => {
    let defaults: ReturnType<typeof server>;
    let template: Template;
    beforeAll(() => {
      defaults = server({}, testApp({ cfnValidation: true }));
      template = defaults.template();
    });

    test('synthesizes through CloudFormation validation', () => {
      expect(() => defaults.app.synth()).not.toThrow();
      template.resourceCountIs('AWS::EC2::Instance', 1);
    });

    test('the root volume is encrypted with a new HipaaKey: gp3, 20 GiB, deleted with the instance', () => {
      template.hasResourceProperties('AWS::EC2::Instance', {
        BlockDeviceMappings: [{
          DeviceName: '/dev/xvda',
          Ebs: { DeleteOnTermination: true, Encrypted: true, KmsKeyId: KEY_ARN, VolumeSize: 20, VolumeType: 'gp3' },
        }],
      });
      const key = only(template, 'AWS::KMS::Key', 'ServerKey').resource;
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.DeletionPolicy).toBe('RetainExceptOnCreate');
      expect(defaults.server.encryptionKey).toBeInstanceOf(HipaaKey);
    });

    test('IMDSv2 is required, on the instance and in the uniquely named launch template requireImdsv2 creates', () => {
      const instance = only(template, 'AWS::EC2::Instance', 'Server').resource.Properties;
      const launchTemplate = only(template, 'AWS::EC2::LaunchTemplate', 'Server').resource.Properties;
      expect(instance.MetadataOptions).toEqual({ HttpTokens: 'required' });
      expect(launchTemplate.LaunchTemplateData).toEqual({ MetadataOptions: { HttpTokens: 'required' } });
      expect(launchTemplate.LaunchTemplateName).toMatch(/^TestStackServerInstanceLaunchTemplate[0-9A-F]{8}$/);
      expect(instance.LaunchTemplate.LaunchTemplateName).toBe(launchTemplate.LaunchTemplateName);
    });

    test('sits in the first private subnet, without a public IP, a key pair or network interfaces of its own', () => {
      const instance = only(template, 'AWS::EC2::Instance', 'Server').resource.Properties;
      expect(instance.SubnetId).toEqual({ Ref: expect.stringMatching(/^VpcPrivateSubnet1Subnet/) });
      expect(instance.AvailabilityZone).toBe(AZ);
      expect(instance.NetworkInterfaces).toBeUndefined();
      expect(instance.KeyName).toBeUndefined();
    });

    test('its security group allows no ingress', () => {
      const group = only(template, 'AWS::EC2::SecurityGroup', 'Server').resource.Properties;
      expect(group.SecurityGroupIngress).toBeUndefined();
      expect(template.findResources('AWS::EC2::SecurityGroupIngress')).toEqual({});
      expect(defaults.server.connections.securityGroups).toHaveLength(1);
    });

    test('detailed monitoring and EBS optimization are on', () => {
      template.hasResourceProperties('AWS::EC2::Instance', { Monitoring: true, EbsOptimized: true, PropagateTagsToVolumeOnCreation: true });
    });

    test('the role has the SSM and CloudWatch agent managed policies, the log protection policy, and no inline policy', () => {
      const { id, resource } = only(template, 'AWS::IAM::Role', 'ServerRole');
      expect(resource.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } },
      ]);
      expect(resource.Properties.ManagedPolicyArns).toEqual([
        managedPolicy('AmazonSSMManagedInstanceCore'),
        managedPolicy('CloudWatchAgentServerPolicy'),
        { Ref: only(template, 'AWS::IAM::ManagedPolicy', 'ServerLogsProtectionPolicy').id },
      ]);
      expect(Object.values(template.findResources('AWS::IAM::Policy')).filter((p: any) => JSON.stringify(p).includes(id))).toEqual([]);
      template.hasResourceProperties('AWS::IAM::InstanceProfile', { Roles: [{ Ref: id }] });
      template.hasResourceProperties('AWS::EC2::Instance', { IamInstanceProfile: { Ref: Match.stringLikeRegexp('^ServerInstanceInstanceProfile') } });
    });

    test('the role may decrypt session data with the key (a managed policy)', () => {
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^ServerRole') }],
        PolicyDocument: { Statement: [{ Action: 'kms:Decrypt', Effect: 'Allow', Resource: KEY_ARN }] },
      });
    });

    test('sessions use a Session document that streams them, encrypted, to the log group and ends idle ones after 15 minutes', () => {
      const document = only(template, 'AWS::SSM::Document', 'Server').resource.Properties;
      expect(document).toEqual({
        Name: expect.stringMatching(/^HipaaSession-TestStack-Server-[0-9A-F]{8}$/),
        DocumentType: 'Session',
        DocumentFormat: 'JSON',
        UpdateMethod: 'NewVersion',
        Content: {
          schemaVersion: '1.0',
          description: expect.any(String),
          sessionType: 'Standard_Stream',
          inputs: {
            s3BucketName: '',
            cloudWatchLogGroupName: { Ref: only(template, 'AWS::Logs::LogGroup', 'ServerLogsLogGroup').id },
            cloudWatchEncryptionEnabled: true,
            cloudWatchStreamingEnabled: true,
            kmsKeyId: KEY_ARN_EXPECTED,
            runAsEnabled: false,
            runAsDefaultUser: '',
            idleSessionTimeout: '15',
            shellProfile: { linux: '', windows: '' },
          },
        },
      });
    });

    test('the data volume is an EncryptedVolume in the instance\'s AZ: the key, 100 GiB, gp3, retained, attached at /dev/sdf', () => {
      const { id, resource } = only(template, 'AWS::EC2::Volume', 'ServerDataVolume');
      expect(resource.Properties).toEqual({
        AvailabilityZone: AZ, Encrypted: true, KmsKeyId: KEY_ARN_EXPECTED, MultiAttachEnabled: false, Size: 100, VolumeType: 'gp3',
      });
      expect(resource.DeletionPolicy).toBe('RetainExceptOnCreate');
      template.hasResourceProperties('AWS::EC2::VolumeAttachment', {
        Device: '/dev/sdf',
        InstanceId: { Ref: Match.stringLikeRegexp('^ServerInstance') },
        VolumeId: { Ref: id },
      });
      expect(defaults.server.dataVolume).toBeInstanceOf(EncryptedVolume);
    });

    test('the user data mounts the data volume, found by its id, at /data', () => {
      const volume = only(template, 'AWS::EC2::Volume', 'ServerDataVolume').id;
      const text = userDataText(template);
      expect(text.startsWith('#!/bin/bash\n')).toBe(true);
      expect(text).toContain('set -euo pipefail\n');
      expect(text.trimEnd().endsWith(`mount_data_volume '/dev/sdf' '/data' '<Ref:${volume}>'`)).toBe(true);
    });

    test('the user data configures the CloudWatch agent to ship every host log to the log group and starts it', () => {
      const name = only(template, 'AWS::Logs::LogGroup', 'ServerLogsLogGroup').resource.Properties.LogGroupName;
      const config = agentConfigOf(defaults.server.userData.render());
      const files = config.logs.logs_collected.files.collect_list;
      expect(files.map((f: any) => f.log_stream_name)).toEqual(
        ['dnf', 'yum', 'apt', 'dpkg', 'secure', 'auth', 'audit'].map((s) => `{instance_id}/${s}`));
      expect(new Set(files.map((f: any) => f.log_group_name))).toEqual(new Set([name]));
      expect(userDataText(template)).toContain('"$CW_AGENT_CTL" -a fetch-config -m ec2 -s -c "file:${CW_AGENT_CONFIG}"');
    });

    test('the log group is a CentralLogGroup named after the construct, encrypted with the key, kept six years, created before the instance', () => {
      const { id, resource } = only(template, 'AWS::Logs::LogGroup', 'ServerLogsLogGroup');
      expect(resource.Properties.LogGroupName).toMatch(/^\/hipaa\/ec2\/TestStack-Server-[0-9A-F]{8}$/);
      expect(resource.Properties.KmsKeyId).toEqual(KEY_ARN_EXPECTED);
      expect(resource.Properties.RetentionInDays).toBe(2192);
      expect(resource.DeletionPolicy).toBe('RetainExceptOnCreate');
      expect(only(template, 'AWS::EC2::Instance', 'Server').resource.DependsOn).toEqual(expect.arrayContaining([id]));
      expect(defaults.server.logGroup).toBeInstanceOf(CentralLogGroup);
    });

    test('metric filters count package installs, package removals and sudo/su in a namespace of its own', () => {
      const logGroup = only(template, 'AWS::Logs::LogGroup', 'ServerLogsLogGroup').id;
      const filters = Object.values(template.findResources('AWS::Logs::MetricFilter')).map((f: any) => f.Properties);
      expect(filters.map((f) => [f.FilterPattern, f.MetricTransformations[0].MetricName])).toEqual([
        ['"Installed:"', 'PackageInstalls'],
        ['" install " "<none>"', 'PackageInstalls'],
        ['?"Erase:" ?"Erased:" ?"Removed:"', 'PackageRemovals'],
        ['" remove " "<none>"', 'PackageRemovals'],
        ['" purge " "<none>"', 'PackageRemovals'],
        ['"sudo" "COMMAND="', 'PrivilegedCommands'],
        ['?"(su:session): session opened" ?"(su-l:session): session opened"', 'PrivilegedCommands'],
      ]);
      for (const filter of filters) {
        expect(filter.LogGroupName).toEqual({ Ref: logGroup });
        expect(filter.MetricTransformations).toEqual([{
          MetricName: filter.MetricTransformations[0].MetricName,
          MetricNamespace: expect.stringMatching(/^CdkHipaa\/Host\/TestStack-Server-[0-9A-F]{8}$/),
          MetricValue: '1',
        }]);
      }
    });

    test('one alarm per metric: any occurrence in 5 minutes notifies the topic', () => {
      const topic = only(template, 'AWS::SNS::Topic', 'ServerTopic').id;
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a: any) => a.Properties);
      expect(alarms.map((a) => a.MetricName)).toEqual(['PackageInstalls', 'PackageRemovals', 'PrivilegedCommands']);
      for (const alarm of alarms) {
        expect(alarm).toEqual({
          AlarmActions: [{ Ref: topic }],
          AlarmDescription: expect.stringMatching(/\(instance TestStack\/Server\).*45 CFR 164\.308\(a\)\(1\)\(ii\)\(D\), 164\.312\(b\)\.$/),
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          EvaluationPeriods: 1,
          MetricName: alarm.MetricName,
          Namespace: expect.stringMatching(/^CdkHipaa\/Host\/TestStack-Server-/),
          Period: 300,
          Statistic: 'Sum',
          Threshold: 1,
          TreatMissingData: 'notBreaching',
        });
      }
      expect(defaults.server.alarms).toHaveLength(3);
    });

    test('the topic is encrypted with the key, CloudWatch may publish to it and use the key', () => {
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: KEY_ARN });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Sid: 'AllowCloudWatchToPublish',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          })]),
        },
      });
      expect(keyStatements(template)).toContainEqual(expect.objectContaining({
        Sid: 'AllowCloudWatchToUseKey',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Principal: { Service: 'cloudwatch.amazonaws.com' },
      }));
      expect(defaults.server.topic).toBeInstanceOf(sns.Topic);
    });

    test('an SSM association gathers the software inventory of the instance every 30 minutes', () => {
      const instance = only(template, 'AWS::EC2::Instance', 'Server').id;
      expect(only(template, 'AWS::SSM::Association', 'Server').resource.Properties).toEqual({
        Name: 'AWS-GatherSoftwareInventory',
        ScheduleExpression: 'rate(30 minutes)',
        Targets: [{ Key: 'InstanceIds', Values: [{ Ref: instance }] }],
      });
    });

    test('the instance and its data volume are in the stack\'s shared backup plan', () => {
      const instance = only(template, 'AWS::EC2::Instance', 'Server').id;
      const volume = only(template, 'AWS::EC2::Volume', 'ServerDataVolume').id;
      const arn = (type: string, id: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ec2:us-east-1:123456789012:${type}/`, { Ref: id }]] });
      const selection = only(template, 'AWS::Backup::BackupSelection', 'HipaaBackupPlan').resource.Properties.BackupSelection;
      expect(selection.Resources).toEqual(expect.arrayContaining([arn('instance', instance), arn('volume', volume)]));
      expect(defaults.server.backupPlan).toBe(HipaaBackupPlan.of(defaults.stack));
    });

    test('carries no acknowledgement of its own (only its CentralLogGroup\'s)', () => {
      expect(acknowledgementsIn(defaults.stack).filter((a) => a.path.startsWith('TestStack/Server')).map((a) => `${a.path} ${a.id}`)).toEqual([
        'TestStack/Server/Logs/DataProtectionFindings CdkHipaa::Logs.DataProtectionPolicy',
      ]);
    });

    test('passes cdk-nag HIPAA Security checks with defaults', () => {
      expectNagClean(defaults.stack);
    });
  });

  test('the library\'s own controls find no failure', () => {
    const { app, stack } = server();
    const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
    app.synth();
    expect(aspect.findings.length).toBeGreaterThan(0);
    expect(aspect.findings
      .filter((f) => f.status === HipaaFindingStatus.FAIL || f.status === HipaaFindingStatus.UNVERIFIABLE)
      .filter((f) => !isFixture(f.constructPath))
      .map((f) => `${f.controlId} ${f.constructPath}`)).toEqual([]);
  });

  describe('options', () => {
    test('encryptionKey encrypts the volumes, logs, topic and sessions instead of a new key', () => {
      const template = server((stack) => ({ encryptionKey: new HipaaKey(stack, 'Shared') })).template();
      const shared = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Shared'), 'Arn'] };
      expect(Object.keys(template.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('Server'))).toEqual([]);
      template.hasResourceProperties('AWS::EC2::Instance', { BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ KmsKeyId: shared }) })] });
      template.hasResourceProperties('AWS::EC2::Volume', { KmsKeyId: shared });
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: shared });
      template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^/hipaa/ec2/'), KmsKeyId: shared });
    });

    test('topic receives the alarms instead of a topic of its own', () => {
      let alerts: sns.Topic | undefined;
      const { server: s, template: t } = server((stack) => {
        alerts = new sns.Topic(stack, 'Alerts', { masterKey: new HipaaKey(stack, 'AlertsKey') });
        return { topic: alerts };
      });
      const template = t();
      expect(s.topic).toBe(alerts);
      expect(Object.keys(template.findResources('AWS::SNS::Topic'))).toEqual([expect.stringMatching(/^Alerts/)]);
      for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
        expect((alarm as any).Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alerts/) }]);
      }
    });

    test('createDataVolume: false creates, attaches and mounts no data volume', () => {
      const { template, server: s } = server({ createDataVolume: false });
      const t = template();
      t.resourceCountIs('AWS::EC2::Volume', 0);
      t.resourceCountIs('AWS::EC2::VolumeAttachment', 0);
      expect(s.dataVolume).toBeUndefined();
      expect(s.userData.render()).not.toContain('mount_data_volume');
    });

    test('dataVolumeSize, dataDeviceName and dataMountPath size, attach and mount the data volume', () => {
      const { template } = server({ dataVolumeSize: Size.gibibytes(500), dataDeviceName: '/dev/sdh', dataMountPath: '/srv/phi' });
      const t = template();
      t.hasResourceProperties('AWS::EC2::Volume', { Size: 500 });
      t.hasResourceProperties('AWS::EC2::VolumeAttachment', { Device: '/dev/sdh' });
      expect(userDataText(t)).toMatch(/mount_data_volume '\/dev\/sdh' '\/srv\/phi' '<Ref:ServerDataVolume[^>]+>'\s*$/);
    });

    test('rootDeviceName and rootVolumeSize shape the encrypted root volume (e.g. Ubuntu\'s /dev/sda1)', () => {
      const { template } = server({ rootDeviceName: '/dev/sda1', rootVolumeSize: Size.gibibytes(64) });
      template().hasResourceProperties('AWS::EC2::Instance', {
        BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: Match.objectLike({ Encrypted: true, KmsKeyId: KEY_ARN, VolumeSize: 64 }) }],
      });
    });

    test('vpcSubnets and availabilityZone place the instance and its data volume together', () => {
      const app = testApp();
      const stack = testStack(app);
      const vpc = new ec2.Vpc(stack, 'Vpc', {
        subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      });
      new HipaaInstance(stack, 'Server', {
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        availabilityZone: 'dummy1b',
        instanceType: new ec2.InstanceType('m7g.large'),
        machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EC2::Instance', { AvailabilityZone: 'dummy1b', SubnetId: { Ref: Match.stringLikeRegexp('^VpcIsolatedSubnet2') } });
      template.hasResourceProperties('AWS::EC2::Volume', { AvailabilityZone: 'dummy1b' });
    });

    test('backupPlan puts the instance and its volume in that plan instead of the shared one', () => {
      let plan: HipaaBackupPlan | undefined;
      const { stack, server: s, template } = server((st) => {
        plan = new HipaaBackupPlan(st, 'Plan');
        return { backupPlan: plan };
      });
      expect(stack.node.tryFindChild('HipaaBackupPlan')).toBeUndefined();
      expect(only(template(), 'AWS::Backup::BackupSelection', 'Plan').resource.Properties.BackupSelection.Resources).toHaveLength(2);
      expect(s.backupPlan).toBe(plan);
    });

    test('an instance type that cannot be EBS-optimized leaves EbsOptimized unset', () => {
      const { template } = server({ instanceType: new ec2.InstanceType('t2.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
      expect(only(template(), 'AWS::EC2::Instance', 'Server').resource.Properties.EbsOptimized).toBeUndefined();
    });

    test('securityGroup is used instead of a new one', () => {
      let group: ec2.SecurityGroup | undefined;
      const { server: s, template } = server((stack, vpc) => {
        group = new ec2.SecurityGroup(stack, 'Group', { vpc });
        return { securityGroup: group };
      });
      expect(s.connections.securityGroups).toEqual([group]);
      expect(Object.keys(template().findResources('AWS::EC2::SecurityGroup')).filter((id) => id.startsWith('Server'))).toEqual([]);
    });

    test('two instances in a stack get distinct log groups, documents, namespaces and launch template names', () => {
      const app = testApp();
      const stack = testStack(app);
      const vpc = testVpc(stack);
      for (const id of ['A', 'B']) {
        new HipaaInstance(stack, id, { vpc, instanceType: new ec2.InstanceType('m7g.large'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
      }
      const template = Template.fromStack(stack);
      const names = (type: string, get: (p: any) => string) =>
        new Set(Object.values(template.findResources(type)).map((r: any) => get(r.Properties)));
      expect(names('AWS::SSM::Document', (p) => p.Name).size).toBe(2);
      expect(names('AWS::EC2::LaunchTemplate', (p) => p.LaunchTemplateName).size).toBe(2);
      expect(names('AWS::CloudWatch::Alarm', (p) => p.Namespace).size).toBe(2);
      expect([...names('AWS::Logs::LogGroup', (p) => p.LogGroupName)].filter((n) => /^\/hipaa\/ec2\/[^/]+$/.test(n))).toHaveLength(2);
    });

    test('commands added to userData run after the host setup', () => {
      const { server: s } = server();
      s.userData.addCommands('systemctl start phi-app');
      const lines = s.userData.render().split('\n');
      expect(lines.at(-1)).toBe('systemctl start phi-app');
      expect(lines.at(-2)).toMatch(/^mount_data_volume /);
    });

    test('grantStartSession allows sessions on this instance with its document only, and the key for session data', () => {
      const { stack, server: s } = server();
      const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
      s.grantStartSession(operator);
      const statements = only(Template.fromStack(stack), 'AWS::IAM::Policy', 'OperatorDefaultPolicy').resource.Properties.PolicyDocument.Statement;
      expect(statements).toEqual([
        {
          Action: 'ssm:StartSession',
          Effect: 'Allow',
          Condition: { BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' } },
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:instance/', { Ref: expect.stringMatching(/^ServerInstance/) }]] },
        },
        {
          Action: 'ssm:StartSession',
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1:123456789012:document/', { Ref: expect.stringMatching(/^ServerSessionDocument/) }]] },
        },
        {
          Action: ['ssm:TerminateSession', 'ssm:ResumeSession'],
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1:123456789012:session/${aws:userid}-*']] },
        },
        { Action: 'kms:GenerateDataKey', Effect: 'Allow', Resource: KEY_ARN_EXPECTED },
      ]);
    });

    test('exposes the instance, its key, role, log group and topic', () => {
      const { server: s } = server();
      expect(s.instance).toBeInstanceOf(ec2.Instance);
      expect(s.instanceId).toBe(s.instance.instanceId);
      expect(s.role).toBe(s.grantPrincipal);
      expect(s.role).toBe(s.instance.role);
      expect(s.encryptionKey).toBe(s.logGroup.encryptionKey);
      expect(s.inventoryAssociation).toBeDefined();
      expect(s.sessionDocument.documentType).toBe('Session');
    });
  });

  describe('refusals', () => {
    test('fails when keyPair is given', () => {
      const { app } = server((stack) => ({ keyPair: ec2.KeyPair.fromKeyPairName(stack, 'Legacy', 'legacy') }));
      expect(() => app.synth()).toThrow(/keyPair: a key pair \(TestStack\/Legacy\) is refused\. .*164\.312\(a\)\(1\).*CdkHipaa::EC2\.NoKeyPair/);
    });

    test('a key pair is accepted once acknowledged, and used', () => {
      const { app, server: withKey, template } = server((stack) => ({ keyPair: ec2.KeyPair.fromKeyPairName(stack, 'Legacy', 'legacy') }));
      Validations.of(withKey).acknowledge({ id: 'CdkHipaa::EC2.NoKeyPair', reason: 'Break-glass access while the SSM agent is being rolled out' });
      expect(() => app.synth()).not.toThrow();
      template().hasResourceProperties('AWS::EC2::Instance', { KeyName: 'legacy' });
    });

    test('fails when associatePublicIpAddress is true', () => {
      const { app } = server({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, associatePublicIpAddress: true });
      expect(() => app.synth()).toThrow(/associatePublicIpAddress: true is refused\. .*164\.312\(a\)\(1\).*CdkHipaa::EC2\.InstanceNoPublicIp/);
    });

    test('fails when vpcSubnets selects public subnets', () => {
      const { app } = server({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
      expect(() => app.synth()).toThrow(/vpcSubnets: a selection with public subnets is refused\. .*CdkHipaa::EC2\.InstanceNoPublicIp/);
    });

    test('fails when softwareInventory is false', () => {
      const { app } = server({ softwareInventory: false });
      expect(() => app.synth()).toThrow(/softwareInventory: false is refused\. .*164\.308\(a\)\(1\)\(ii\)\(D\).*CdkHipaa::SSM\.SoftwareInventory/);
    });

    test('softwareInventory: false, acknowledged, creates no association', () => {
      const { app, server: s, template } = server({ softwareInventory: false });
      Validations.of(s).acknowledge({ id: 'CdkHipaa::SSM.SoftwareInventory', reason: 'Quick Setup gathers the inventory of every instance in this account' });
      expect(() => app.synth()).not.toThrow();
      template().resourceCountIs('AWS::SSM::Association', 0);
      expect(s.inventoryAssociation).toBeUndefined();
    });

    test('fails when backup is false', () => {
      const { app } = server({ backup: false });
      expect(() => app.synth()).toThrow(/backup: false is refused\. .*164\.308\(a\)\(7\)\(ii\)\(A\).*CdkHipaa::Backup\.ResourceInPlan/);
    });

    test('backup: false, acknowledged, leaves the instance and volume out of any plan', () => {
      const { app, stack, server: s, template } = server({ backup: false });
      Validations.of(s).acknowledge({ id: 'CdkHipaa::Backup.ResourceInPlan', reason: 'Scratch host; its data is reproduced from the pipeline' });
      expect(() => app.synth()).not.toThrow();
      template().resourceCountIs('AWS::Backup::BackupSelection', 0);
      expect(s.backupPlan).toBeUndefined();
      expectNagClean(stack);
    });

    test('fails when backup is false and backupPlan is given', () => {
      expect(() => server((stack) => ({ backup: false, backupPlan: new HipaaBackupPlan(stack, 'Plan') })))
        .toThrow(/backupPlan is given but backup is false/);
    });

    test('fails when the machine image is Windows', () => {
      expect(() => server({ machineImage: ec2.MachineImage.latestWindows(ec2.WindowsVersion.WINDOWS_SERVER_2022_ENGLISH_FULL_BASE) }))
        .toThrow(/machineImage is a Windows image; the host setup is a bash script/);
    });

    test('fails when the data volume would be mounted over the system or attached at the root device', () => {
      expect(() => server({ dataMountPath: '/usr/local/data' })).toThrow(/dataMountPath: '\/usr\/local\/data' would hide system files/);
      expect(() => server({ dataDeviceName: '/dev/sda' })).toThrow(/dataDeviceName: '\/dev\/sda' is not a data volume device name/);
      expect(() => server({ rootDeviceName: '/dev/sdf' })).toThrow(/dataDeviceName: '\/dev\/sdf' is the root device name/);
      expect(() => server({ rootDeviceName: 'xvda' })).toThrow(/rootDeviceName: 'xvda' is not a device name/);
    });

    test('fails when availabilityZone matches none of the selected subnets', () => {
      expect(() => server({ availabilityZone: 'eu-west-1a' })).toThrow(/vpcSubnets selects no subnet in eu-west-1a/);
    });

    test('an imported key, whose policy cannot be changed, gets a warning naming the statement CloudWatch needs', () => {
      const { app, stack } = server((st) => ({
        encryptionKey: kms.Key.fromKeyArn(st, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555'),
      }));
      const warnings = app.synth().getStackArtifact(stack.artifactId).messages.filter((m) => String(m.entry.data).includes('cdk-hipaa:Host.keyPolicy'));
      expect(warnings.map((w) => String(w.entry.data))).toEqual([expect.stringMatching(/CloudWatch cannot publish alarms to the encrypted topic until it holds: AllowCloudWatchToUseKey \(key policy: cloudwatch\.amazonaws\.com kms:Decrypt/)]);
    });
  });
});

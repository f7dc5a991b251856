import { App, Size, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  CentralLogGroup, HipaaAspect, HipaaAspectMode, HipaaBackupPlan, HipaaFindingStatus, HipaaKey, HipaaLaunchTemplate, HipaaLaunchTemplateProps,
} from '../../src';
import { acknowledgementsIn, expectNagClean, testApp, testStack } from '../util';
import { agentConfigOf, isFixture, testVpc } from './fixtures';

const KEY_ARN = { 'Fn::GetAtt': [expect.stringMatching(/^WorkersKey[0-9A-F]{8}$/), 'Arn'] };
const HOST_GROUP = expect.stringMatching(/^TestStack-Workers-[0-9A-F]{8}$/);

/** Props of a HipaaLaunchTemplate in a test, or a function making them in the test stack. */
type TestProps = Partial<HipaaLaunchTemplateProps> | ((stack: Stack, vpc: ec2.Vpc) => Partial<HipaaLaunchTemplateProps>);

/** A stack with the test VPC and one HipaaLaunchTemplate `Workers` (m7i.large, Amazon Linux 2023), with `props` on top. */
function workers(props: TestProps = {}, app: App = testApp()) {
  const stack = testStack(app);
  const vpc = testVpc(stack);
  const template = new HipaaLaunchTemplate(stack, 'Workers', {
    vpc,
    instanceType: new ec2.InstanceType('m7i.large'),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    ...(typeof props === 'function' ? props(stack, vpc) : props),
  });
  return { app, stack, vpc, workers: template, template: () => Template.fromStack(stack) };
}

/** The only resource of `type` whose logical id starts with `prefix`, with its logical id. */
function only(template: Template, type: string, prefix: string): { id: string; resource: any } {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  expect(found.map(([id]) => id)).toHaveLength(1);
  return { id: found[0][0], resource: found[0][1] };
}

/** The launch template data of the only launch template. */
function launchTemplateData(template: Template): any {
  return only(template, 'AWS::EC2::LaunchTemplate', 'WorkersLaunchTemplate').resource.Properties.LaunchTemplateData;
}

/** The statements of the key policy of the key with logical id prefix `prefix`. */
function keyStatements(template: Template, prefix = 'WorkersKey'): any[] {
  return only(template, 'AWS::KMS::Key', prefix).resource.Properties.KeyPolicy.Statement;
}

describe('HipaaLaunchTemplate', () => {
  describe('defaults', () => {
    let defaults: ReturnType<typeof workers>;
    let template: Template;
    beforeAll(() => {
      defaults = workers({}, testApp({ cfnValidation: true }));
      new autoscaling.AutoScalingGroup(defaults.stack, 'Group', {
        vpc: defaults.vpc,
        launchTemplate: defaults.workers.launchTemplate,
        minCapacity: 1,
        maxCapacity: 2,
      });
      template = defaults.template();
    });

    test('synthesizes through CloudFormation validation, with an Auto Scaling group using it', () => {
      expect(() => defaults.app.synth()).not.toThrow();
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        LaunchTemplate: { LaunchTemplateId: { Ref: Match.stringLikeRegexp('^WorkersLaunchTemplate') } },
      });
    });

    test('the root volume is encrypted with a new HipaaKey; no data volume unless sized', () => {
      expect(launchTemplateData(template).BlockDeviceMappings).toEqual([{
        DeviceName: '/dev/xvda',
        Ebs: { DeleteOnTermination: true, Encrypted: true, KmsKeyId: KEY_ARN, VolumeSize: 20, VolumeType: 'gp3' },
      }]);
      expect(defaults.workers.encryptionKey).toBeInstanceOf(HipaaKey);
      expect(defaults.workers.userData.render()).not.toContain('mount_data_volume');
    });

    test('IMDSv2 is required (HttpTokens required)', () => {
      expect(launchTemplateData(template).MetadataOptions).toEqual({ HttpTokens: 'required' });
    });

    test('the network interface has no public IP and carries the security group; no key pair', () => {
      const data = launchTemplateData(template);
      const group = only(template, 'AWS::EC2::SecurityGroup', 'WorkersSecurityGroup').id;
      expect(data.NetworkInterfaces).toEqual([{ DeviceIndex: 0, AssociatePublicIpAddress: false, Groups: [{ 'Fn::GetAtt': [group, 'GroupId'] }] }]);
      expect(data.SecurityGroupIds).toBeUndefined();
      expect(data.KeyName).toBeUndefined();
    });

    test('its security group allows no ingress', () => {
      expect(only(template, 'AWS::EC2::SecurityGroup', 'WorkersSecurityGroup').resource.Properties.SecurityGroupIngress).toBeUndefined();
      expect(defaults.workers.connections.securityGroups).toHaveLength(1);
    });

    test('the instance profile carries the role with the SSM and CloudWatch agent managed policies', () => {
      const role = only(template, 'AWS::IAM::Role', 'WorkersRole');
      const profile = only(template, 'AWS::IAM::InstanceProfile', 'WorkersLaunchTemplateProfile');
      expect(launchTemplateData(template).IamInstanceProfile).toEqual({ Arn: { 'Fn::GetAtt': [profile.id, 'Arn'] } });
      expect(profile.resource.Properties.Roles).toEqual([{ Ref: role.id }]);
      expect(role.resource.Properties.ManagedPolicyArns).toEqual(expect.arrayContaining([
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/CloudWatchAgentServerPolicy']] },
      ]));
    });

    test('detailed monitoring and EBS optimization are on', () => {
      const data = launchTemplateData(template);
      expect(data.Monitoring).toEqual({ Enabled: true });
      expect(data.EbsOptimized).toBe(true);
    });

    test('the user data sets up the CloudWatch agent for the log group, which exists before the template', () => {
      const logGroup = only(template, 'AWS::Logs::LogGroup', 'WorkersLogsLogGroup');
      const config = agentConfigOf(defaults.workers.userData.render());
      expect(config.logs.logs_collected.files.collect_list).toHaveLength(7);
      expect(config.logs.logs_collected.files.collect_list[0].log_group_name).toBe(logGroup.resource.Properties.LogGroupName);
      expect(only(template, 'AWS::EC2::LaunchTemplate', 'WorkersLaunchTemplate').resource.DependsOn).toEqual(expect.arrayContaining([logGroup.id]));
      expect(defaults.workers.logGroup).toBeInstanceOf(CentralLogGroup);
    });

    test('instances and volumes are tagged with the host group', () => {
      const tags = launchTemplateData(template).TagSpecifications;
      expect(tags.map((t: any) => t.ResourceType)).toEqual(['instance', 'volume']);
      for (const spec of tags) {
        expect(spec.Tags).toContainEqual({ Key: 'cdk-hipaa:host-group', Value: HOST_GROUP });
      }
      expect(defaults.workers.hostGroup).toEqual(HOST_GROUP);
    });

    test('the account may use the key through EC2 in the region, so Auto Scaling launches encrypted volumes; no service-linked role is named', () => {
      const statements = keyStatements(template);
      expect(statements).toContainEqual({
        Sid: 'AllowAccountUseThroughEc2',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': '123456789012', 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } },
      });
      // A key policy naming AWSServiceRoleForAutoScaling is refused by KMS where that role does not exist yet.
      expect(JSON.stringify(statements)).not.toMatch(/aws-service-role/);
    });

    test('an SSM association gathers the software inventory of the tagged instances every 30 minutes', () => {
      expect(only(template, 'AWS::SSM::Association', 'Workers').resource.Properties).toEqual({
        Name: 'AWS-GatherSoftwareInventory',
        ScheduleExpression: 'rate(30 minutes)',
        Targets: [{ Key: 'tag:cdk-hipaa:host-group', Values: [HOST_GROUP] }],
      });
    });

    test('the shared backup plan selects the tagged instances and volumes', () => {
      const selection = only(template, 'AWS::Backup::BackupSelection', 'HipaaBackupPlan').resource.Properties.BackupSelection;
      expect(selection.ListOfTags).toEqual([{ ConditionKey: 'cdk-hipaa:host-group', ConditionType: 'STRINGEQUALS', ConditionValue: HOST_GROUP }]);
      expect(defaults.workers.backupPlan).toBe(HipaaBackupPlan.of(defaults.stack));
    });

    test('change detection filters and alarms on the log group notify an encrypted topic', () => {
      template.resourceCountIs('AWS::Logs::MetricFilter', 7);
      const topic = only(template, 'AWS::SNS::Topic', 'WorkersTopic');
      expect(topic.resource.Properties.KmsMasterKeyId).toEqual(KEY_ARN);
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a: any) => a.Properties);
      expect(alarms).toHaveLength(3);
      for (const alarm of alarms) {
        expect(alarm.AlarmActions).toEqual([{ Ref: topic.id }]);
        expect(alarm.AlarmDescription).toContain('(the instances of launch template TestStack/Workers)');
      }
    });

    test('sessions use a Session document that logs them to the log group', () => {
      const logGroup = only(template, 'AWS::Logs::LogGroup', 'WorkersLogsLogGroup').id;
      const document = only(template, 'AWS::SSM::Document', 'WorkersSessionDocument').resource.Properties;
      expect(document.DocumentType).toBe('Session');
      expect(document.Content.inputs).toEqual(expect.objectContaining({
        cloudWatchLogGroupName: { Ref: logGroup },
        cloudWatchEncryptionEnabled: true,
        cloudWatchStreamingEnabled: true,
        kmsKeyId: KEY_ARN,
        idleSessionTimeout: '15',
      }));
    });

    test('carries no acknowledgement of its own (only its CentralLogGroup\'s)', () => {
      expect(acknowledgementsIn(defaults.stack).filter((a) => a.path.startsWith('TestStack/Workers')).map((a) => `${a.path} ${a.id}`)).toEqual([
        'TestStack/Workers/Logs/DataProtectionFindings CdkHipaa::Logs.DataProtectionPolicy',
      ]);
    });

    test('passes cdk-nag HIPAA Security checks with defaults (and an Auto Scaling group using it)', () => {
      expectNagClean(defaults.stack);
    });
  });

  test('the library\'s own controls find no failure', () => {
    const { app, stack } = workers();
    const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
    app.synth();
    expect(aspect.findings.length).toBeGreaterThan(0);
    expect(aspect.findings
      .filter((f) => f.status === HipaaFindingStatus.FAIL || f.status === HipaaFindingStatus.UNVERIFIABLE)
      .filter((f) => !isFixture(f.constructPath))
      .map((f) => `${f.controlId} ${f.constructPath}`)).toEqual([]);
  });

  describe('options', () => {
    test('dataVolumeSize adds an encrypted data volume mapping, which the user data mounts by device name', () => {
      const { workers: w, template } = workers({ dataVolumeSize: Size.gibibytes(200), dataDeviceName: '/dev/sdg', dataMountPath: '/srv/phi' });
      expect(launchTemplateData(template()).BlockDeviceMappings[1]).toEqual({
        DeviceName: '/dev/sdg',
        Ebs: { DeleteOnTermination: true, Encrypted: true, KmsKeyId: KEY_ARN, VolumeSize: 200, VolumeType: 'gp3' },
      });
      expect(w.userData.render().trimEnd().split('\n').at(-1)).toBe("mount_data_volume '/dev/sdg' '/srv/phi' ''");
    });

    test('securityGroup is used, and then no vpc is needed', () => {
      let group: ec2.SecurityGroup | undefined;
      const { workers: w, template } = workers((stack, vpc) => {
        group = new ec2.SecurityGroup(stack, 'Group', { vpc });
        return { vpc: undefined, securityGroup: group };
      });
      expect(w.connections.securityGroups).toEqual([group]);
      expect(Object.keys(template().findResources('AWS::EC2::SecurityGroup')).filter((id) => id.startsWith('Workers'))).toEqual([]);
    });

    test('without instanceType, the group names the type and EbsOptimized is left unset', () => {
      const { template } = workers({ instanceType: undefined });
      const data = launchTemplateData(template());
      expect(data.InstanceType).toBeUndefined();
      expect(data.EbsOptimized).toBeUndefined();
    });

    test('launchTemplateName names the template', () => {
      const { template } = workers({ launchTemplateName: 'phi-workers' });
      template().hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateName: 'phi-workers' });
    });

    test('autoScalingKeyAccess: false leaves EC2 use by the account out of the key policy', () => {
      const { template } = workers({ autoScalingKeyAccess: false });
      expect(keyStatements(template()).map((s: any) => s.Sid)).not.toEqual(expect.arrayContaining(['AllowAccountUseThroughEc2']));
    });

    test('an imported key gets warnings naming the statements Auto Scaling and CloudWatch need', () => {
      const { app, stack } = workers((st) => ({
        encryptionKey: kms.Key.fromKeyArn(st, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555'),
      }));
      const warnings = app.synth().getStackArtifact(stack.artifactId).messages
        .map((m) => String(m.entry.data)).filter((d) => d.includes('cdk-hipaa:Host.keyPolicy'));
      expect(warnings).toEqual([
        expect.stringMatching(/CloudWatch cannot publish alarms/),
        expect.stringMatching(/Auto Scaling cannot launch instances .*kms:CallerAccount and kms:ViaService/),
      ]);
    });

    test('backupPlan selects the tagged instances in that plan instead of the shared one', () => {
      let plan: HipaaBackupPlan | undefined;
      const { stack, workers: w, template } = workers((st) => {
        plan = new HipaaBackupPlan(st, 'Plan');
        return { backupPlan: plan };
      });
      expect(stack.node.tryFindChild('HipaaBackupPlan')).toBeUndefined();
      expect(only(template(), 'AWS::Backup::BackupSelection', 'Plan').resource.Properties.BackupSelection.ListOfTags).toHaveLength(1);
      expect(w.backupPlan).toBe(plan);
    });

    test('grantStartSession allows sessions on the tagged instances with its document only', () => {
      const { stack, workers: w } = workers();
      const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
      w.grantStartSession(operator);
      const statements = only(Template.fromStack(stack), 'AWS::IAM::Policy', 'OperatorDefaultPolicy').resource.Properties.PolicyDocument.Statement;
      expect(statements[0]).toEqual({
        Action: 'ssm:StartSession',
        Effect: 'Allow',
        Condition: {
          StringEquals: { 'ssm:resourceTag/cdk-hipaa:host-group': HOST_GROUP },
          BoolIfExists: { 'ssm:SessionDocumentAccessCheck': 'true' },
        },
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:instance/*']] },
      });
      expect(statements[1].Resource['Fn::Join'][1]).toContainEqual({ Ref: expect.stringMatching(/^WorkersSessionDocument/) });
      expect(statements[3]).toEqual({ Action: 'kms:GenerateDataKey', Effect: 'Allow', Resource: KEY_ARN });
    });

    test('exposes the launch template, role, key, user data and log group', () => {
      const { workers: w } = workers();
      expect(w.launchTemplate).toBeInstanceOf(ec2.LaunchTemplate);
      expect(w.launchTemplate.role).toBe(w.role);
      expect(w.grantPrincipal).toBe(w.role);
      expect(w.launchTemplate.userData).toBe(w.userData);
      expect(w.encryptionKey).toBe(w.logGroup.encryptionKey);
      expect(w.inventoryAssociation).toBeDefined();
    });
  });

  describe('refusals', () => {
    test('fails when neither vpc nor securityGroup is given', () => {
      expect(() => workers({ vpc: undefined })).toThrow(/give vpc \(a security group without ingress rules is created in it\) or securityGroup/);
    });

    test('fails when keyPair is given', () => {
      const { app } = workers((stack) => ({ keyPair: ec2.KeyPair.fromKeyPairName(stack, 'Legacy', 'legacy') }));
      expect(() => app.synth()).toThrow(/keyPair: a key pair \(TestStack\/Legacy\) is refused\. .*CdkHipaa::EC2\.NoKeyPair/);
    });

    test('fails when associatePublicIpAddress is true', () => {
      const { app } = workers({ associatePublicIpAddress: true });
      expect(() => app.synth()).toThrow(/associatePublicIpAddress: true is refused\. .*164\.312\(a\)\(1\).*CdkHipaa::EC2\.InstanceNoPublicIp/);
    });

    test('associatePublicIpAddress: true, acknowledged, is set on the network interface', () => {
      const { app, workers: w, template } = workers({ associatePublicIpAddress: true });
      Validations.of(w).acknowledge({ id: 'CdkHipaa::EC2.InstanceNoPublicIp', reason: 'Bastion group for a migration window, no PHI on it' });
      expect(() => app.synth()).not.toThrow();
      expect(launchTemplateData(template()).NetworkInterfaces[0].AssociatePublicIpAddress).toBe(true);
    });

    test('fails when softwareInventory is false', () => {
      const { app } = workers({ softwareInventory: false });
      expect(() => app.synth()).toThrow(/softwareInventory: false is refused\. .*CdkHipaa::SSM\.SoftwareInventory/);
    });

    test('fails when backup is false', () => {
      const { app } = workers({ backup: false });
      expect(() => app.synth()).toThrow(/backup: false is refused\. .*164\.308\(a\)\(7\)\(ii\)\(A\).*CdkHipaa::Backup\.ResourceInPlan/);
    });

    test('backup: false, acknowledged, selects nothing', () => {
      const { app, workers: w, template } = workers({ backup: false });
      Validations.of(w).acknowledge({ id: 'CdkHipaa::Backup.ResourceInPlan', reason: 'Stateless workers; their data lives in the database' });
      expect(() => app.synth()).not.toThrow();
      template().resourceCountIs('AWS::Backup::BackupSelection', 0);
      expect(w.backupPlan).toBeUndefined();
    });

    test('fails when the machine image is Windows', () => {
      expect(() => workers({ machineImage: ec2.MachineImage.latestWindows(ec2.WindowsVersion.WINDOWS_SERVER_2022_ENGLISH_FULL_BASE) }))
        .toThrow(/machineImage is a Windows image; the host setup is a bash script/);
    });

    test('fails when the data volume is not a whole number of GiB', () => {
      expect(() => workers({ dataVolumeSize: Size.mebibytes(1536) })).toThrow(/dataVolumeSize: 1\.5 GiB is not a whole number of GiB/);
    });
  });
});

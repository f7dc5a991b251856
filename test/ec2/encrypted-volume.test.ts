import { RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { EncryptedVolume, EncryptedVolumeProps, HipaaBackupPlan, HipaaKey } from '../../src';
import { acknowledgementsIn, expectNagClean, testApp, testStack } from '../util';

function volumeProps(stack: Stack, extra: Partial<EncryptedVolumeProps> = {}): EncryptedVolumeProps {
  return { availabilityZone: stack.availabilityZones[0], size: Size.gibibytes(20), ...extra };
}

function instance(stack: Stack): ec2.Instance {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  return new ec2.Instance(stack, 'Instance', {
    vpc,
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
  });
}

const BACKUP_SELECTION_OF = (volumeLogicalId: RegExp) => ({
  BackupSelection: Match.objectLike({
    Resources: Match.arrayWith([{
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:volume/', { Ref: Match.stringLikeRegexp(volumeLogicalId.source) }]],
    }]),
  }),
});

describe('EncryptedVolume', () => {
  test('defaults: encrypted gp3 volume with a created HipaaKey, retained, in the shared backup plan', () => {
    const stack = testStack(testApp({ cfnValidation: true }));
    const data = new EncryptedVolume(stack, 'Data', volumeProps(stack));
    const template = Template.fromStack(stack);

    template.hasResource('AWS::EC2::Volume', {
      Properties: {
        AvailabilityZone: stack.availabilityZones[0],
        Size: 20,
        Encrypted: true,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] },
        VolumeType: 'gp3',
        MultiAttachEnabled: false,
        Iops: Match.absent(),
        Throughput: Match.absent(),
        SnapshotId: Match.absent(),
      },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    // The volume's key and the backup vault's key.
    template.resourceCountIs('AWS::KMS::Key', 2);
    template.resourceCountIs('AWS::Backup::BackupSelection', 1);
    template.hasResourceProperties('AWS::Backup::BackupSelection', BACKUP_SELECTION_OF(/^DataVolume/));
    expect(data.encryptionKey).toBeInstanceOf(HipaaKey);
    expect(data.backupPlan).toBe(HipaaBackupPlan.of(stack));
    expectNagClean(stack);
  });

  test('the key lets EC2 use it for the volume, for this account only', () => {
    const stack = testStack();
    new EncryptedVolume(stack, 'Data', volumeProps(stack));
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Action: ['kms:DescribeKey', 'kms:GenerateDataKeyWithoutPlainText'],
          Condition: { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com', 'kms:CallerAccount': '123456789012' } },
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] } },
          Resource: '*',
        }]),
      },
    });
  });

  test('a given encryptionKey is used and no key is created for the volume', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const data = new EncryptedVolume(stack, 'Data', volumeProps(stack, { encryptionKey: key }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::Volume', { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] } });
    // MyKey and the backup vault's key.
    template.resourceCountIs('AWS::KMS::Key', 2);
    expect(data.encryptionKey).toBe(key);
  });

  test('volume type, IOPS, throughput, snapshot and name are passed through', () => {
    const stack = testStack();
    new EncryptedVolume(stack, 'Data', volumeProps(stack, {
      volumeType: ec2.EbsDeviceVolumeType.IO2,
      iops: 5000,
      snapshotId: 'snap-0123456789abcdef0',
      volumeName: 'phi-data',
    }));
    new EncryptedVolume(stack, 'Fast', volumeProps(stack, { iops: 6000, throughput: 500 }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::Volume', {
      VolumeType: 'io2',
      Iops: 5000,
      SnapshotId: 'snap-0123456789abcdef0',
      Encrypted: true,
      Tags: [{ Key: 'Name', Value: 'phi-data' }],
    });
    template.hasResourceProperties('AWS::EC2::Volume', { VolumeType: 'gp3', Iops: 6000, Throughput: 500 });
  });

  test('removalPolicy SNAPSHOT keeps a snapshot', () => {
    const stack = testStack();
    new EncryptedVolume(stack, 'Data', volumeProps(stack, { removalPolicy: RemovalPolicy.SNAPSHOT }));
    Template.fromStack(stack).hasResource('AWS::EC2::Volume', { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
  });

  test('a given backupPlan is joined instead of the shared plan', () => {
    const stack = testStack();
    const plan = new HipaaBackupPlan(stack, 'Mine');
    const data = new EncryptedVolume(stack, 'Data', volumeProps(stack, { backupPlan: plan }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Backup::BackupPlan', 1);
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupPlanId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MinePlan'), 'BackupPlanId'] },
      ...BACKUP_SELECTION_OF(/^DataVolume/),
    });
    expect(data.backupPlan).toBe(plan);
    expect(stack.node.tryFindChild('HipaaBackupPlan')).toBeUndefined();
  });

  test('volumes of a stack share one plan and one selection', () => {
    const stack = testStack();
    new EncryptedVolume(stack, 'One', volumeProps(stack));
    new EncryptedVolume(stack, 'Two', volumeProps(stack));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Backup::BackupPlan', 1);
    template.resourceCountIs('AWS::Backup::BackupSelection', 1);
    template.hasResourceProperties('AWS::Backup::BackupSelection', BACKUP_SELECTION_OF(/^OneVolume/));
    template.hasResourceProperties('AWS::Backup::BackupSelection', BACKUP_SELECTION_OF(/^TwoVolume/));
  });

  describe('attachTo', () => {
    test('creates a volume attachment to the instance at the device', () => {
      const stack = testStack();
      const host = instance(stack);
      const data = new EncryptedVolume(stack, 'Data', volumeProps(stack, { availabilityZone: host.instanceAvailabilityZone }));
      const attachment = data.attachTo(host, '/dev/sdf');
      expect(attachment).toBeInstanceOf(ec2.CfnVolumeAttachment);
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::VolumeAttachment', 1);
      template.hasResourceProperties('AWS::EC2::VolumeAttachment', {
        Device: '/dev/sdf',
        InstanceId: { Ref: Match.stringLikeRegexp('^Instance') },
        VolumeId: { Ref: Match.stringLikeRegexp('^DataVolume') },
      });
      template.hasResourceProperties('AWS::EC2::Volume', {
        AvailabilityZone: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Instance'), 'AvailabilityZone'] },
      });
    });

    test('fails when the instance is in another Availability Zone', () => {
      const stack = testStack();
      const data = new EncryptedVolume(stack, 'Data', volumeProps(stack, { availabilityZone: 'us-east-1a' }));
      const elsewhere = { instanceAvailabilityZone: 'us-east-1b', instanceId: 'i-0123456789abcdef0', node: new Construct(stack, 'Elsewhere').node } as unknown as ec2.IInstance;
      expect(() => data.attachTo(elsewhere, '/dev/sdf')).toThrow(/Cannot attach the volume in us-east-1a to 'TestStack\/Elsewhere' in us-east-1b/);
    });
  });

  describe('grants', () => {
    test('grantAttachVolume allows ec2:AttachVolume and a KMS grant for EC2 only', () => {
      const stack = testStack();
      const data = new EncryptedVolume(stack, 'Data', volumeProps(stack));
      const role = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
      data.grantAttachVolume(role);
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^Operator') }],
        PolicyDocument: {
          Statement: [
            Match.objectLike({
              Action: 'ec2:AttachVolume',
              Effect: 'Allow',
              Resource: Match.arrayWith([{
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:volume/', { Ref: Match.stringLikeRegexp('^DataVolume') }]],
              }]),
            }),
            {
              Action: 'kms:CreateGrant',
              Condition: {
                Bool: { 'kms:GrantIsForAWSResource': true },
                StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com', 'kms:GrantConstraintType': 'EncryptionContextSubset' },
              },
              Effect: 'Allow',
              Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] },
            },
          ],
        },
      });
    });

    test('grantDetachVolume allows ec2:DetachVolume on the volume', () => {
      const stack = testStack();
      const data = new EncryptedVolume(stack, 'Data', volumeProps(stack));
      const role = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
      data.grantDetachVolume(role);
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [Match.objectLike({ Action: 'ec2:DetachVolume', Effect: 'Allow' })],
        },
      });
    });

    test('grantAttachVolumeByResourceTag and grantDetachVolumeByResourceTag condition on a shared tag', () => {
      const stack = testStack();
      const data = new EncryptedVolume(stack, 'Data', volumeProps(stack));
      const role = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
      const host = new Construct(stack, 'Host');
      data.grantAttachVolumeByResourceTag(role, [host], 'Host');
      data.grantDetachVolumeByResourceTag(role, [host], 'Host');
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: 'ec2:AttachVolume', Condition: { 'ForAnyValue:StringEquals': { 'ec2:ResourceTag/VolumeGrantAttach-Host': Match.anyValue() } } }),
            Match.objectLike({ Action: 'ec2:DetachVolume', Condition: { 'ForAnyValue:StringEquals': { 'ec2:ResourceTag/VolumeGrantDetach-Host': Match.anyValue() } } }),
          ]),
        },
      });
      template.hasResourceProperties('AWS::EC2::Volume', {
        Tags: Match.arrayWith([Match.objectLike({ Key: 'VolumeGrantAttach-Host' }), Match.objectLike({ Key: 'VolumeGrantDetach-Host' })]),
      });
    });
  });

  test('fails when removalPolicy is DESTROY', () => {
    const app = testApp();
    const stack = testStack(app);
    new EncryptedVolume(stack, 'Data', volumeProps(stack, { removalPolicy: RemovalPolicy.DESTROY }));
    expect(() => app.synth()).toThrow(/removalPolicy: destroy is refused.*164\.308\(a\)\(7\).*CdkHipaa::EC2\.DataRetained/);
  });

  test('removalPolicy DESTROY is accepted once acknowledged', () => {
    const app = testApp();
    const stack = testStack(app);
    const data = new EncryptedVolume(stack, 'Data', volumeProps(stack, { removalPolicy: RemovalPolicy.DESTROY }));
    Validations.of(data).acknowledge({ id: 'CdkHipaa::EC2.DataRetained', reason: 'Scratch volume for synthetic test data' });
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).hasResource('AWS::EC2::Volume', { DeletionPolicy: 'Delete' });
  });

  test('fails when backup is false', () => {
    const app = testApp();
    const stack = testStack(app);
    new EncryptedVolume(stack, 'Data', volumeProps(stack, { backup: false }));
    expect(() => app.synth()).toThrow(/backup: false is refused.*164\.308\(a\)\(7\)\(ii\)\(A\).*CdkHipaa::Backup\.ResourceInPlan/);
  });

  test('backup: false once acknowledged leaves the volume out of any plan and acknowledges EC2EBSInBackupPlan on it', () => {
    const app = testApp();
    const stack = testStack(app);
    const data = new EncryptedVolume(stack, 'Data', volumeProps(stack, { backup: false }));
    Validations.of(data).acknowledge({ id: 'CdkHipaa::Backup.ResourceInPlan', reason: 'Cache volume rebuilt from the database on start' });
    expect(() => app.synth()).not.toThrow();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Backup::BackupPlan', 0);
    template.resourceCountIs('AWS::Backup::BackupSelection', 0);
    expect(data.backupPlan).toBeUndefined();
    expect(acknowledgementsIn(stack)).toContainEqual({
      id: 'HIPAA.Security::HIPAA.Security-EC2EBSInBackupPlan',
      reason: expect.stringMatching(/backup: false.*CdkHipaa::Backup\.ResourceInPlan/),
      path: 'TestStack/Data/Volume',
    });
    expectNagClean(stack);
  });

  test('fails when backupPlan is given with backup: false', () => {
    const stack = testStack();
    const plan = new HipaaBackupPlan(stack, 'Mine');
    expect(() => new EncryptedVolume(stack, 'Data', volumeProps(stack, { backup: false, backupPlan: plan })))
      .toThrow(/backupPlan is given but backup is false/);
  });

  test('passes cdk-nag HIPAA Security checks with defaults', () => {
    const stack = testStack();
    new EncryptedVolume(stack, 'Data', volumeProps(stack));
    expectNagClean(stack);
  });
});

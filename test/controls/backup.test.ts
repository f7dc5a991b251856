import { CfnParameter, Size, Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import { ControlFixture } from './harness';

const KEY = { name: 'pk', type: dynamodb.AttributeType.STRING };

function planOf(f: ControlFixture, stack: Stack = f.stack): backup.BackupPlan {
  const vault = new backup.BackupVault(stack, 'Vault', { encryptionKey: new kms.Key(stack, 'VaultKey') });
  return backup.BackupPlan.daily35DayRetention(stack, 'Plan', vault);
}

function vpcOf(f: ControlFixture): ec2.Vpc {
  return new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
}

function roleArn(f: ControlFixture): string {
  return `arn:aws:iam::${f.stack.account}:role/backup`;
}

describe('Backup.VaultCustomerManagedKey', () => {
  test('PASS given encryptionKey', () => {
    const f = new ControlFixture();
    planOf(f);
    expect(f.status('Backup.VaultCustomerManagedKey', 'Vault')).toBe('PASS');
  });
  test('FAIL given the BackupVault default (aws/backup)', () => {
    const f = new ControlFixture();
    new backup.BackupVault(f.stack, 'Vault');
    expect(f.status('Backup.VaultCustomerManagedKey', 'Vault')).toBe('FAIL');
    expect(f.message('Backup.VaultCustomerManagedKey', 'Vault')).toMatch(/aws\/backup/);
  });
  test('FAIL given the vault a daily plan creates', () => {
    const f = new ControlFixture();
    backup.BackupPlan.daily35DayRetention(f.stack, 'Plan');
    expect(f.status('Backup.VaultCustomerManagedKey', 'Plan/Vault')).toBe('FAIL');
  });
  test('FAIL given an L1 vault naming alias/aws/backup', () => {
    const f = new ControlFixture();
    new backup.CfnBackupVault(f.stack, 'Vault', { backupVaultName: 'phi', encryptionKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/aws/backup' });
    expect(f.status('Backup.VaultCustomerManagedKey', 'Vault')).toBe('FAIL');
    expect(f.message('Backup.VaultCustomerManagedKey', 'Vault')).toMatch(/AWS-managed key/);
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    const key = new CfnParameter(f.stack, 'KeyArn', { type: 'String' });
    new backup.CfnBackupVault(f.stack, 'Vault', { backupVaultName: 'phi', encryptionKeyArn: key.valueAsString });
    expect(f.status('Backup.VaultCustomerManagedKey', 'Vault')).toBe('UNVERIFIABLE');
  });
});

describe('Backup.ResourceInPlan', () => {
  test('FAIL given a table no plan selects', () => {
    const f = new ControlFixture();
    new dynamodb.Table(f.stack, 'T', { partitionKey: KEY });
    expect(f.status('Backup.ResourceInPlan', 'T')).toBe('FAIL');
    expect(f.message('Backup.ResourceInPlan', 'T')).toMatch(/no AWS::Backup::BackupSelection/);
  });
  test('PASS given selections by construct, by ARN helpers, for a table, a file system, a DB instance and a volume', () => {
    const f = new ControlFixture();
    const vpc = vpcOf(f);
    const table = new dynamodb.Table(f.stack, 'T', { partitionKey: KEY });
    const fs = new efs.FileSystem(f.stack, 'Fs', { vpc });
    const db = new rds.DatabaseInstance(f.stack, 'Db', { engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }), vpc });
    const volume = new ec2.Volume(f.stack, 'V', { availabilityZone: 'us-east-1a', size: Size.gibibytes(10), encrypted: true });
    planOf(f).addSelection('Sel', {
      resources: [
        backup.BackupResource.fromConstruct(table),
        backup.BackupResource.fromEfsFileSystem(fs),
        backup.BackupResource.fromRdsDatabaseInstance(db),
        backup.BackupResource.fromArn(Stack.of(volume).formatArn({ service: 'ec2', resource: 'volume', resourceName: volume.volumeId })),
      ],
    });
    expect(f.status('Backup.ResourceInPlan', 'T')).toBe('PASS');
    expect(f.status('Backup.ResourceInPlan', 'Fs/Resource')).toBe('PASS');
    expect(f.status('Backup.ResourceInPlan', 'Db/Resource')).toBe('PASS');
    expect(f.status('Backup.ResourceInPlan', 'V')).toBe('PASS');
  });
  test('PASS given an Aurora cluster selected by construct; its DB instances are N/A', () => {
    const f = new ControlFixture();
    const cluster = new rds.DatabaseCluster(f.stack, 'Cl', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
      vpc: vpcOf(f),
      writer: rds.ClusterInstance.provisioned('Writer'),
    });
    planOf(f).addSelection('Sel', { resources: [backup.BackupResource.fromRdsDatabaseCluster(cluster)] });
    expect(f.status('Backup.ResourceInPlan', 'Cl/Resource')).toBe('PASS');
    expect(f.status('Backup.ResourceInPlan', 'Cl/Writer/Resource')).toBe('N/A');
  });
  test('PASS given a wildcard ARN covering the type; FAIL for another type', () => {
    const f = new ControlFixture();
    new dynamodb.Table(f.stack, 'T', { partitionKey: KEY });
    new efs.CfnFileSystem(f.stack, 'Fs', { encrypted: true });
    planOf(f).addSelection('Sel', { resources: [backup.BackupResource.fromArn('arn:aws:dynamodb:*:*:table/*')] });
    expect(f.status('Backup.ResourceInPlan', 'T')).toBe('PASS');
    expect(f.status('Backup.ResourceInPlan', 'Fs')).toBe('FAIL');
  });
  test('PASS given a selection of every resource (*)', () => {
    const f = new ControlFixture();
    new efs.CfnFileSystem(f.stack, 'Fs', { encrypted: true });
    planOf(f).addSelection('Sel', { resources: [backup.BackupResource.fromArn('*')] });
    expect(f.status('Backup.ResourceInPlan', 'Fs')).toBe('PASS');
  });
  test('PASS given a tag selection (ListOfTags) matching a tag the resource carries; FAIL for an untagged one', () => {
    const f = new ControlFixture();
    const tagged = new dynamodb.Table(f.stack, 'Tagged', { partitionKey: KEY });
    Tags.of(tagged).add('backup', 'daily');
    new dynamodb.Table(f.stack, 'Untagged', { partitionKey: KEY });
    planOf(f).addSelection('Sel', { resources: [backup.BackupResource.fromTag('backup', 'daily')] });
    expect(f.status('Backup.ResourceInPlan', 'Tagged')).toBe('PASS');
    expect(f.status('Backup.ResourceInPlan', 'Untagged')).toBe('FAIL');
  });
  test('PASS given an L1 selection with Conditions on aws:ResourceTag in another stack; FAIL when NotResources excludes the type', () => {
    const f = new ControlFixture();
    const table = new dynamodb.Table(f.stack, 'T', { partitionKey: KEY });
    Tags.of(table).add('data-class', 'phi');
    new efs.CfnFileSystem(f.stack, 'Fs', { encrypted: true, fileSystemTags: [{ key: 'data-class', value: 'phi' }] });
    const other = new Stack(f.app, 'Backups', { env: { account: '123456789012', region: 'us-east-1' } });
    new backup.CfnBackupSelection(other, 'Sel', {
      backupPlanId: 'plan-id',
      backupSelection: {
        selectionName: 'phi',
        iamRoleArn: roleArn(f),
        resources: ['*'],
        notResources: ['arn:aws:elasticfilesystem:*:*:file-system/*'],
        conditions: { StringEquals: [{ ConditionKey: 'aws:ResourceTag/data-class', ConditionValue: 'phi' }] },
      },
    });
    expect(f.status('Backup.ResourceInPlan', 'T')).toBe('PASS');
    expect(f.status('Backup.ResourceInPlan', 'Fs')).toBe('FAIL');
  });
  test('FAIL given Conditions the resource\'s tags do not meet', () => {
    const f = new ControlFixture();
    const table = new dynamodb.Table(f.stack, 'T', { partitionKey: KEY });
    Tags.of(table).add('data-class', 'public');
    new backup.CfnBackupSelection(f.stack, 'Sel', {
      backupPlanId: 'plan-id',
      backupSelection: {
        selectionName: 'phi', iamRoleArn: roleArn(f), resources: ['*'], conditions: { StringLike: [{ ConditionKey: 'aws:ResourceTag/data-class', ConditionValue: 'ph*' }] },
      },
    });
    expect(f.status('Backup.ResourceInPlan', 'T')).toBe('FAIL');
  });
  test('PASS given an EFS file system with automatic backups', () => {
    const f = new ControlFixture();
    new efs.FileSystem(f.stack, 'Fs', { vpc: vpcOf(f), enableAutomaticBackups: true });
    expect(f.status('Backup.ResourceInPlan', 'Fs/Resource')).toBe('PASS');
  });
  test('UNVERIFIABLE given a selection whose resources come from a parameter', () => {
    const f = new ControlFixture();
    new dynamodb.Table(f.stack, 'T', { partitionKey: KEY });
    const arn = new CfnParameter(f.stack, 'Arn', { type: 'String' });
    new backup.CfnBackupSelection(f.stack, 'Sel', {
      backupPlanId: 'plan-id', backupSelection: { selectionName: 'p', iamRoleArn: roleArn(f), resources: [arn.valueAsString] },
    });
    expect(f.status('Backup.ResourceInPlan', 'T')).toBe('UNVERIFIABLE');
    expect(f.message('Backup.ResourceInPlan', 'T')).toMatch(/cannot be resolved/);
  });
  test('FAIL given a selection of another table of the app', () => {
    const f = new ControlFixture();
    new dynamodb.Table(f.stack, 'T', { partitionKey: KEY });
    const selected = new dynamodb.Table(f.stack, 'Other', { partitionKey: KEY });
    planOf(f).addSelection('Sel', { resources: [backup.BackupResource.fromDynamoDbTable(selected)] });
    expect(f.status('Backup.ResourceInPlan', 'T')).toBe('FAIL');
    expect(f.status('Backup.ResourceInPlan', 'Other')).toBe('PASS');
  });
});

describe('Backup.InstanceInPlan', () => {
  function instance(f: ControlFixture): ec2.Instance {
    return new ec2.Instance(f.stack, 'I', { vpc: vpcOf(f), instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
  }
  test('FAIL (warning) given an instance no plan selects', () => {
    const f = new ControlFixture();
    instance(f);
    expect(f.status('Backup.InstanceInPlan', 'I/Resource')).toBe('FAIL');
    expect(f.message('Backup.InstanceInPlan', 'I/Resource')).toMatch(/no AWS::Backup::BackupSelection/);
  });
  test('PASS given BackupResource.fromEc2Instance', () => {
    const f = new ControlFixture();
    const i = instance(f);
    planOf(f).addSelection('Sel', { resources: [backup.BackupResource.fromEc2Instance(i)] });
    expect(f.status('Backup.InstanceInPlan', 'I/Resource')).toBe('PASS');
  });
  test('UNVERIFIABLE given a selection whose tags come from a parameter', () => {
    const f = new ControlFixture();
    instance(f);
    const value = new CfnParameter(f.stack, 'Value', { type: 'String' });
    new backup.CfnBackupSelection(f.stack, 'Sel', {
      backupPlanId: 'plan-id',
      backupSelection: { selectionName: 'p', iamRoleArn: roleArn(f), listOfTags: [{ conditionKey: 'backup', conditionType: 'STRINGEQUALS', conditionValue: value.valueAsString }] },
    });
    expect(f.status('Backup.InstanceInPlan', 'I/Resource')).toBe('UNVERIFIABLE');
  });
});

describe('Backup.RetentionMinimum', () => {
  function plan(f: ControlFixture, deleteAfterDays?: unknown): void {
    new backup.CfnBackupPlan(f.stack, 'Plan', {
      backupPlan: {
        backupPlanName: 'plan',
        backupPlanRule: [{ ruleName: 'Daily', targetBackupVault: 'vault', lifecycle: deleteAfterDays === undefined ? undefined : { deleteAfterDays: deleteAfterDays as any } }],
      },
    });
  }
  test('PASS given recovery points kept 35 days', () => {
    const f = new ControlFixture();
    plan(f, 35);
    expect(f.status('Backup.RetentionMinimum', 'Plan')).toBe('PASS');
  });
  test('PASS given no lifecycle (recovery points kept until deleted)', () => {
    const f = new ControlFixture();
    plan(f);
    expect(f.status('Backup.RetentionMinimum', 'Plan')).toBe('PASS');
  });
  test('FAIL given a rule deleting recovery points after 3 days', () => {
    const f = new ControlFixture();
    plan(f, 3);
    expect(f.status('Backup.RetentionMinimum', 'Plan')).toBe('FAIL');
    expect(f.message('Backup.RetentionMinimum', 'Plan')).toMatch(/rule Daily deletes recovery points after 3 days/);
  });
  test('UNVERIFIABLE given DeleteAfterDays from a parameter', () => {
    const f = new ControlFixture();
    plan(f, new CfnParameter(f.stack, 'Days', { type: 'Number' }).valueAsNumber);
    expect(f.status('Backup.RetentionMinimum', 'Plan')).toBe('UNVERIFIABLE');
  });
});

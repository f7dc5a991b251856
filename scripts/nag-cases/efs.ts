import { Stack, Tags } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import { NagCase } from './types';

const PATH = 'Files/Resource';

/** An L2 file system in an imported VPC; `props` adds or overrides properties. */
function fileSystem(stack: Stack, props: Partial<efs.FileSystemProps> = {}): efs.FileSystem {
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
  });
  return new efs.FileSystem(stack, 'Files', { vpc, ...props });
}

export const CASES: readonly NagCase[] = [
  // EFSEncrypted: Encrypted is not false (cdk-nag passes a missing value)
  {
    rule: 'EFSEncrypted',
    compliant: true,
    title: 'L2 file system with the defaults: encrypted',
    build: (stack) => {
      fileSystem(stack);
      return PATH;
    },
  },
  {
    rule: 'EFSEncrypted',
    compliant: true,
    title: 'L1 file system that leaves Encrypted unset',
    build: (stack) => {
      new efs.CfnFileSystem(stack, 'Files', {});
      return 'Files';
    },
  },
  {
    rule: 'EFSEncrypted',
    compliant: false,
    title: 'L2 file system with encryption turned off',
    build: (stack) => {
      fileSystem(stack, { encrypted: false });
      return PATH;
    },
  },
  {
    rule: 'EFSEncrypted',
    compliant: false,
    title: 'L1 file system with Encrypted false',
    build: (stack) => {
      new efs.CfnFileSystem(stack, 'Files', { encrypted: false });
      return 'Files';
    },
  },
  // EFSInBackupPlan: a backup selection in the file system's stack names it
  {
    rule: 'EFSInBackupPlan',
    compliant: true,
    title: 'file system selected by a backup plan in its stack',
    build: (stack) => {
      const files = fileSystem(stack);
      backup.BackupPlan.daily35DayRetention(stack, 'Plan').addSelection('Selection', { resources: [backup.BackupResource.fromEfsFileSystem(files)] });
      return PATH;
    },
  },
  {
    rule: 'EFSInBackupPlan',
    compliant: false,
    title: 'file system in no backup plan',
    build: (stack) => {
      fileSystem(stack);
      return PATH;
    },
  },
  {
    rule: 'EFSInBackupPlan',
    compliant: false,
    title: 'file system with EFS automatic backups but no selection in the app',
    build: (stack) => {
      fileSystem(stack, { enableAutomaticBackups: true });
      return PATH;
    },
  },
  {
    rule: 'EFSInBackupPlan',
    compliant: false,
    title: 'file system selected by tag (cdk-nag reads only resource ARNs)',
    build: (stack) => {
      Tags.of(fileSystem(stack)).add('backup', 'nag-case-efs');
      backup.BackupPlan.daily35DayRetention(stack, 'Plan').addSelection('Selection', { resources: [backup.BackupResource.fromTag('backup', 'nag-case-efs')] });
      return PATH;
    },
  },
];

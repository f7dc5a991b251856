import { Size, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as lib from '../src';

/**
 * Every public construct of the library, built with only its required props, the way most users
 * start. Shared by the tests that judge the defaults and by the docs generator.
 */
export const LIBRARY_CONSTRUCTS: Record<string, (stack: Stack) => void> = {
  HipaaKey: (s) => new lib.HipaaKey(s, 'Subject'),
  EncryptedBucket: (s) => new lib.EncryptedBucket(s, 'Subject'),
  EncryptedVolume: (s) => new lib.EncryptedVolume(s, 'Subject', { availabilityZone: 'us-east-1a', size: Size.gibibytes(10) }),
  EbsEncryptionByDefault: (s) => new lib.EbsEncryptionByDefault(s, 'Subject'),
  EncryptedDatabase: (s) => new lib.EncryptedDatabase(s, 'Subject', {
    vpc: privateVpc(s),
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
  }),
  HipaaBackupPlan: (s) => new lib.HipaaBackupPlan(s, 'Subject'),
  CentralLogGroup: (s) => new lib.CentralLogGroup(s, 'Subject'),
  AuditTrail: (s) => new lib.AuditTrail(s, 'Subject'),
  // Their Config rules need a configuration recorder: said to exist here, as in an account that records.
  KeyRotationMonitor: (s) => new lib.KeyRotationMonitor(s, 'Subject', { configRecorderExists: true }),
  AccountPasswordPolicy: (s) => new lib.AccountPasswordPolicy(s, 'Subject', { configRecorderExists: true }),
  ...optional('HipaaInstance', (s) => new (lib as any).HipaaInstance(s, 'Subject', {
    vpc: privateVpc(s), instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023(),
  })),
  ...optional('HipaaLaunchTemplate', (s) => new (lib as any).HipaaLaunchTemplate(s, 'Subject', {
    vpc: privateVpc(s), instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023(),
  })),
  // An AWS Organization's accounts: placeholder ids of the right shapes.
  HipaaServiceControlPolicies: (s) => new lib.HipaaServiceControlPolicies(s, 'Subject', { targetIds: ['ou-ab12-cdef3456'] }),
  LogArchive: (s) => new lib.LogArchive(s, 'Subject', { organizationId: 'o-a1b2c3d4e5', auditAccountId: '210987654321' }),
  OrganizationTrail: (s) => new lib.OrganizationTrail(s, 'Subject', {
    bucketName: 'logarchive-archive-trail-210987654321-us-east-1',
    keyArn: 'arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  }),
  AuditAccount: (s) => new lib.AuditAccount(s, 'Subject'),
  OrganizationDelegatedAdmins: (s) => new lib.OrganizationDelegatedAdmins(s, 'Subject', { auditAccountId: '210987654321' }),
  AccountBaselineStackSet: (s) => new lib.AccountBaselineStackSet(s, 'Subject', { organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['us-east-1'] }),
};

function optional(name: string, build: (stack: Stack) => void): Record<string, (stack: Stack) => void> {
  return (lib as any)[name] ? { [name]: build } : {};
}

/** Top-level construct ids of the test fixtures (not of the construct under test), whose acknowledgements are the fixture's. */
export const FIXTURE_IDS: readonly string[] = ['Custom::VpcRestrictDefaultSGCustomResourceProvider'];

/** A VPC for constructs that need one, with flow logs so it meets the controls itself. */
export function privateVpc(stack: Stack): ec2.Vpc {
  const logs = new lib.CentralLogGroup(stack, 'VpcFlowLogs');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    ],
    flowLogs: { all: { destination: logs.flowLogDestination() } },
    restrictDefaultSecurityGroup: true,
  });
  // The deployment-only function that empties the default security group, acknowledged as the starter does.
  const provider = stack.node.findChild(FIXTURE_IDS[0]);
  const reason = 'Runs only during deployments to remove the default security group rules; handles no PHI.';
  Validations.of(provider).acknowledge(
    ...['Lambda.InsideVpc', 'Lambda.DeadLetterQueue', 'Lambda.ReservedConcurrency', 'IAM.NoInlinePolicy'].map((id) => ({ id: `CdkHipaa::${id}`, reason })),
  );
  return vpc;
}

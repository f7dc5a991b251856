import { Size, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import {
  AccountPasswordPolicy,
  AuditTrail,
  CentralLogGroup,
  EbsEncryptionByDefault,
  EncryptedBucket,
  EncryptedDatabase,
  HipaaBackupPlan,
  HipaaInstance,
  HipaaKey,
  KeyRotationMonitor,
} from 'cdk-hipaa';
import { Construct } from 'constructs';

/** Settings a team changes when it copies the starter. */
export interface StarterStackProps extends StackProps {
  /**
   * Who receives security alerts and key-rotation reports.
   * @default - no email subscription (subscribe to the topics later)
   */
  readonly alertEmails?: string[];

  /**
   * The account and region already record with AWS Config (Control Tower, an organization
   * conformance setup, or another stack): AuditTrail then creates no recorder of its own (a region
   * holds one), and the Config rules rely on the existing one.
   * @default false
   */
  readonly configRecorderExists?: boolean;
}

/**
 * A PHI workload skeleton: a private network with flow logs, a PostgreSQL database, a document
 * bucket, an application server with an encrypted data disk, the account's audit trail, password
 * policy and access-key scan, and one backup plan for all of it.
 *
 * Every resource is encrypted with a customer-managed key, kept when the stack is deleted, logged
 * for six years, and checked by HipaaAspect at synth (see app.ts).
 */
export class StarterStack extends Stack {
  constructor(scope: Construct, id: string, props: StarterStackProps = {}) {
    super(scope, id, props);

    // One customer-managed key for the workload's data; its alias is derived from the stack's name,
    // so a second copy of the stack in the same account and region does not collide.
    const key = new HipaaKey(this, 'PhiKey');

    // Every new EBS volume of the account and region is encrypted with it, whoever creates it.
    new EbsEncryptionByDefault(this, 'EbsEncryptionByDefault', { encryptionKey: key });

    const documents = new EncryptedBucket(this, 'Documents', { encryptionKey: key });

    // Account-level audit: CloudTrail (with object-level reads and writes of the PHI bucket),
    // AWS Config rules, alerts on sensitive changes and on failed backups.
    const audit = new AuditTrail(this, 'Audit', {
      emailSubscribers: props.alertEmails,
      dataEventBuckets: [documents.bucket],
      configRecorder: !(props.configRecorderExists ?? false),
    });

    // Private network; every flow recorded in an encrypted, six-year log group.
    const flowLogs = new CentralLogGroup(this, 'FlowLogs');
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
      flowLogs: { all: { destination: flowLogs.flowLogDestination(), trafficType: ec2.FlowLogTrafficType.ALL } },
      restrictDefaultSecurityGroup: true,
    });
    for (const subnet of vpc.publicSubnets) {
      Validations.of(subnet).acknowledge({
        id: 'HIPAA.Security::HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
        reason: 'Public subnets hold only the NAT gateway; nothing else is placed in them and no subnet assigns public IPs.',
      });
    }
    acknowledgeDeploymentOnlyFunction(this);

    // The stack's shared backup plan: the database, the server and its disk join it themselves.
    new HipaaBackupPlan(this, 'HipaaBackupPlan', { encryptionKey: key });

    const database = new EncryptedDatabase(this, 'Database', {
      vpc,
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      encryptionKey: key,
    });

    const server = new HipaaInstance(this, 'AppServer', {
      vpc,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MEDIUM),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      dataVolumeSize: Size.gibibytes(50),
      encryptionKey: key,
      topic: audit.topic,
    });
    database.allowFrom(server, 'application server');

    // Least privilege in a managed policy (cdk-nag's HIPAA pack refuses inline policies).
    new iam.ManagedPolicy(this, 'AppServerDocumentsAccess', {
      roles: [server.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:PutObject'],
          resources: [documents.bucket.arnForObjects('*')],
        }),
        new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [documents.bucketArn] }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
      ],
    });

    // Account security policies.
    new AccountPasswordPolicy(this, 'PasswordPolicy');
    new KeyRotationMonitor(this, 'AccessKeyScan', { topic: audit.topic });
  }
}

/**
 * `restrictDefaultSecurityGroup` removes the default security group's rules with a function that
 * runs only during deployments; it handles no PHI.
 */
function acknowledgeDeploymentOnlyFunction(stack: Stack): void {
  const provider = stack.node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
  if (!provider) return;
  const reason = 'Runs only during deployments to remove the default security group rules; handles no PHI and is invoked only by CloudFormation.';
  for (const [nag, control] of [['LambdaDLQ', 'Lambda.DeadLetterQueue'], ['LambdaInsideVPC', 'Lambda.InsideVpc'], ['LambdaConcurrency', 'Lambda.ReservedConcurrency']]) {
    Validations.of(provider).acknowledge(
      { id: `HIPAA.Security::HIPAA.Security-${nag}`, reason },
      { id: `CdkHipaa::${control}`, reason },
    );
  }
  // aws-cdk-lib writes the provider's role as a plain CfnResource with an inline policy; cdk-nag does not read it, the catalog does.
  Validations.of(provider).acknowledge({ id: 'CdkHipaa::IAM.NoInlinePolicy', reason });
}

import { Size, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { CentralLogGroup, EncryptedBucket, EncryptedDatabase, EncryptedVolume } from 'cdk-hipaa';
import { Construct } from 'constructs';

/**
 * The app of before-stack.ts, fixed: each plain L2 replaced by the cdk-hipaa construct of the
 * same purpose (same construct ids where the resource is the same kind), and the VPC given
 * flow logs. HipaaAspect in ERROR mode and cdk-nag's HIPAA pack find nothing left.
 */
export class AfterStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const flowLogs = new CentralLogGroup(this, 'FlowLogs');
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
      flowLogs: { all: { destination: flowLogs.flowLogDestination() } },
    });

    new EncryptedBucket(this, 'Documents');

    new EncryptedDatabase(this, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });

    new CentralLogGroup(this, 'AppLogs');

    new EncryptedVolume(this, 'Scratch', {
      availabilityZone: vpc.availabilityZones[0],
      size: Size.gibibytes(100),
    });
  }
}

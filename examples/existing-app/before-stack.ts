import { Size, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * An ordinary CDK app, written without cdk-hipaa: the kind of stack teams already have.
 * Synthesized with HipaaAspect, it shows what would put PHI at risk.
 */
export class BeforeStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });

    new s3.Bucket(this, 'Documents');

    new rds.DatabaseInstance(this, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });

    new logs.LogGroup(this, 'AppLogs');

    new ec2.Volume(this, 'Scratch', {
      availabilityZone: vpc.availabilityZones[0],
      size: Size.gibibytes(100),
    });
  }
}

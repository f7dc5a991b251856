/**
 * Runs cdk-nag's HIPAA Security pack and HipaaAspect over the same corpus of resources and
 * lists where they disagree. Used by test/aspect/nag-comparison.test.ts (every disagreement
 * must be explained) and by scripts/docs.ts (docs/cdk-nag-comparison.md).
 */
import { App, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { HIPAASecurityChecks } from 'cdk-nag';
import { HipaaAspect, HipaaAspectMode, HipaaControls, HipaaFindingStatus } from '../src';

/** Plain aws-cdk-lib resources with their defaults, and a few with common mistakes. */
function buildCorpus(stack: Stack): void {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const key = new kms.Key(stack, 'Key');
  new kms.Key(stack, 'RotatedKey', { enableKeyRotation: true });
  new s3.Bucket(stack, 'DefaultBucket');
  new s3.Bucket(stack, 'KmsManagedBucket', { encryption: s3.BucketEncryption.KMS_MANAGED, enforceSSL: true, versioned: true });
  new s3.Bucket(stack, 'CustomerKeyBucket', { encryptionKey: key, enforceSSL: true, versioned: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
  new logs.LogGroup(stack, 'DefaultLogGroup');
  new logs.LogGroup(stack, 'EncryptedLogGroup', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
  new sns.Topic(stack, 'DefaultTopic');
  new sns.Topic(stack, 'EncryptedTopic', { masterKey: key });
  new sqs.Queue(stack, 'DefaultQueue');
  new ec2.Volume(stack, 'DefaultVolume', { availabilityZone: vpc.availabilityZones[0], size: Size.gibibytes(10) });
  new ec2.Volume(stack, 'EncryptedVolume', { availabilityZone: vpc.availabilityZones[0], size: Size.gibibytes(10), encrypted: true, encryptionKey: key });
  new dynamodb.Table(stack, 'DefaultTable', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
  new rds.DatabaseInstance(stack, 'DefaultDatabase', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }), vpc,
  });
  new rds.DatabaseInstance(stack, 'EncryptedDatabase', {
    engine: rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0 }),
    vpc,
    storageEncryptionKey: key,
    multiAz: true,
    deletionProtection: true,
    backupRetention: Duration.days(14),
    removalPolicy: RemovalPolicy.SNAPSHOT,
    cloudwatchLogsExports: ['error'],
  });
  new efs.FileSystem(stack, 'DefaultFileSystem', { vpc });
  new secretsmanager.Secret(stack, 'DefaultSecret');
  new lambda.Function(stack, 'DefaultFunction', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
  new cloudtrail.Trail(stack, 'DefaultTrail');
  const sg = new ec2.SecurityGroup(stack, 'OpenSecurityGroup', { vpc });
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(5432));
}

/** Where one control matches a different cdk-nag rule per resource type. */
const NAG_RULE_BY_TYPE: Record<string, Record<string, string>> = {
  'Backup.ResourceInPlan': {
    'AWS::RDS::DBInstance': 'RDSInBackupPlan',
    'AWS::RDS::DBCluster': 'RDSInBackupPlan',
    'AWS::DynamoDB::Table': 'DynamoDBInBackupPlan',
    'AWS::EC2::Volume': 'EC2EBSInBackupPlan',
    'AWS::EFS::FileSystem': 'EFSInBackupPlan',
  },
};

/** Why the engines disagree, per (control, cdk-nag rule). Every disagreement must have one. */
export const EXPLANATIONS: Record<string, string> = {
  'EC2.NoPublicDatabasePorts|EC2RestrictedCommonPorts':
    'cdk-nag checks a fixed list of common ports (20, 21, 3389, 3306, 4333); cdk-hipaa also refuses the database and cache ports PHI stores listen on (5432, 1433, 1521, 6379, 27017 and others), so a PostgreSQL port open to the world fails only here.',
  'Logs.RetentionSixYears|CloudWatchLogGroupRetentionPeriod':
    'cdk-nag only asks that a retention be set; HIPAA asks that audit evidence be kept six years (45 CFR 164.316(b)(2)(i)), so cdk-hipaa fails any retention under 2,192 days and accepts never-expire.',
  'RDS.BackupRetention|RDSInstanceBackupEnabled':
    'cdk-nag accepts any non-zero retention, including the one-day default; cdk-hipaa asks for at least seven days of point-in-time recovery (45 CFR 164.308(a)(7)(ii)(A)).',
  'S3.NoAcls|S3BucketPublicReadProhibited':
    'cdk-nag fails buckets whose template does not spell out Block Public Access; S3 has blocked public access and disabled ACLs on every new bucket since April 2023, so cdk-hipaa fails only settings that turn that off (S3.PublicAccessBlock, S3.NoAcls).',
  'RDS.LogExports|RDSLoggingEnabled':
    'cdk-nag asks for every log type the engine can export; cdk-hipaa asks for at least one export to CloudWatch Logs, because MySQL\'s general and slow-query logs copy whole statements, PHI included, into the logs, so exporting them is a choice to make deliberately.',
  'RDS.NotPubliclyAccessible|RDSInstancePublicAccess':
    'cdk-nag fails any DB instance whose template does not set PubliclyAccessible false; RDS keeps a database private when its subnet group is not the default VPC\'s, so cdk-hipaa passes an instance whose subnets in the app neither map public IPs nor route to an internet gateway, and fails it in the default VPC or when PubliclyAccessible is true.',
  'EC2.SubnetNoAutoPublicIp|VPCSubnetAutoAssignPublicIpDisabled':
    'cdk-nag fails every subnet that maps public IPs on launch; cdk-hipaa passes public subnets that hold only NAT gateways or load balancers (what public subnets are for) and fails those the app launches instances, Auto Scaling groups, ECS services or node groups into, or puts nothing in.',
  'Backup.ResourceInPlan|EC2EBSInBackupPlan':
    'cdk-nag looks for a backup selection in the resource\'s own stack only; cdk-hipaa also accepts selections in other stacks, by ARN pattern and by tag.',
};

/** cdk-nag HIPAA rules no control matches, and why. */
export const NAG_ONLY_NOTES: Record<string, string> = {
  DynamoDBAutoScalingEnabled: 'Capacity planning, not the confidentiality, integrity or availability of PHI at rest.',
  S3BucketPublicWriteProhibited: 'Covered by S3.PublicAccessBlock and S3.NoAcls, which match S3BucketLevelPublicAccessProhibited and S3BucketPublicReadProhibited.',
  VPCDefaultSecurityGroupClosed: 'Not a control here: no construct of this library uses the default security group; the starter closes it with restrictDefaultSecurityGroup.',
  VPCNoUnrestrictedRouteToIGW: 'Not a control here: public subnets with a route to an internet gateway are how NAT works; EC2.InstanceNoPublicIp and the subnet controls keep PHI hosts out of them.',
};

/** One resource on which the two engines disagree about one matched rule. */
export interface Disagreement {
  readonly controlId: string;
  readonly nagRule: string;
  readonly resourceType: string;
  readonly path: string;
  /** Which engine reports a problem. */
  readonly failsIn: 'cdk-hipaa' | 'cdk-nag';
}

export interface Comparison {
  readonly disagreements: Disagreement[];
  /** cdk-nag rules that no control names as its match. */
  readonly nagOnlyRules: string[];
  /** How many (resource, matched rule) pairs were compared. */
  readonly compared: number;
}

/** Builds the corpus once and compares the engines on it (acknowledgements ignored by both). */
export function compareWithNag(): Comparison {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Corpus', { env: { account: '123456789012', region: 'us-east-1' } });
  buildCorpus(stack);

  const nag = new HIPAASecurityChecks().validateScope(stack);
  const nagFails = new Set<string>();
  for (const v of nag.violations) {
    const rule = baseRule(v.ruleName);
    for (const r of v.violatingResources) nagFails.add(`${r.constructPath}|${rule}`);
  }

  const aspect = HipaaAspect.applyTo(app, { mode: HipaaAspectMode.WARN, report: false });
  app.synth();

  const controls = new Map(HipaaControls.all().map((c) => [c.id, c]));
  const disagreements: Disagreement[] = [];
  let compared = 0;
  for (const f of aspect.findings) {
    const rule = NAG_RULE_BY_TYPE[f.controlId]?.[f.resourceType] ?? controls.get(f.controlId)?.nagRule;
    if (!rule) continue;
    compared++;
    const hipaaFails = f.status !== HipaaFindingStatus.PASS;
    const nagFailsHere = nagFails.has(`${f.constructPath}|${rule}`);
    if (hipaaFails !== nagFailsHere) {
      disagreements.push({
        controlId: f.controlId,
        nagRule: rule,
        resourceType: f.resourceType,
        path: f.constructPath,
        failsIn: hipaaFails ? 'cdk-hipaa' : 'cdk-nag',
      });
    }
  }
  const matched = new Set([
    ...[...controls.values()].map((c) => c.nagRule).filter((r): r is string => !!r),
    ...Object.values(NAG_RULE_BY_TYPE).flatMap((m) => Object.values(m)),
  ]);
  const nagRules = new Set(nag.violations.map((v) => baseRule(v.ruleName)));
  return {
    disagreements: disagreements.sort((a, b) => `${a.controlId}${a.path}`.localeCompare(`${b.controlId}${b.path}`)),
    nagOnlyRules: [...nagRules].filter((r) => !matched.has(r)).sort(),
    compared,
  };
}

/** `HIPAA.Security-RDSLoggingEnabled[LogExport::audit]` → `RDSLoggingEnabled`. */
function baseRule(ruleName: string): string {
  return ruleName.replace(/^HIPAA\.Security-/, '').replace(/\[.*\]$/, '');
}

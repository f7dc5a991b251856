import { App, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ACCOUNT, bucket, mapOf, OTHER_ACCOUNT, sg, vpc } from './util';
import { EncryptedBucket, HipaaData, HipaaDataClassification, HipaaDataMap, DataMapFinding, DataMapFindingStatus, HipaaSeverity } from '../../src';
import { PUBLIC_ACCESS_CITATIONS, TRANSPORT_CITATIONS } from '../../src/controls/policy-statements';
import { isReadAction, MAP_FINDINGS } from '../../src/dataflow/map-findings';
import { DataMap } from '../../src/dataflow/model';
import { renderDataMapMarkdown } from '../../src/dataflow/render-markdown';
import { renderDataMapMermaid } from '../../src/dataflow/render-mermaid';
import { renderDataMapSvg } from '../../src/dataflow/render-svg';
import { DATA_CLASSIFICATION_METADATA } from '../../src/policy/data-classification';
import { testApp, testStack } from '../util';

const REACHABLE = 'DataMap.PhiStoreNotReachableFromInternet';
const CROSS_ACCOUNT = 'DataMap.NoCrossAccountPhiRead';
const ENCRYPTED = 'DataMap.PhiFlowEncrypted';
const CLASSIFIED = 'DataMap.PhiStoreClassified';
const { PASS, FAIL, UNVERIFIABLE } = DataMapFindingStatus;

const PHI = { cdk_hipaa: { dataClassification: 'PHI' } };
const NO_PHI = { cdk_hipaa: { dataClassification: 'NO_PHI', reason: 'Operational alarms only' } };

/** The verdicts of one finding on one node; throws when there is none, so a test cannot pass on nothing. */
function verdicts(map: { findings: readonly DataMapFinding[] }, id: string, resource: string): DataMapFinding[] {
  const found = map.findings.filter((f) => f.id === id && f.resource === resource);
  if (found.length === 0) {
    throw new Error(`no ${id} on ${resource}; findings: ${map.findings.filter((f) => f.id === id).map((f) => `${f.resource} ${f.status}`).join('; ')}`);
  }
  return found;
}

/** The one verdict of a finding on a node. */
function verdict(map: { findings: readonly DataMapFinding[] }, id: string, resource: string): DataMapFinding {
  const found = verdicts(map, id, resource);
  expect(found).toHaveLength(1);
  return found[0];
}

const instance = (groups: string[], extra: Record<string, any> = {}) => ({
  Type: 'AWS::EC2::Instance',
  Properties: { ImageId: 'ami-1', SecurityGroupIds: groups.map((g) => ({ 'Fn::GetAtt': [g, 'GroupId'] })), ...extra },
});
const database = (groups: string[], metadata: unknown = PHI) => ({
  Type: 'AWS::RDS::DBInstance',
  Metadata: metadata,
  Properties: { Engine: 'postgres', StorageEncrypted: true, VPCSecurityGroups: groups.map((g) => ({ 'Fn::GetAtt': [g, 'GroupId'] })) },
});
const open443 = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' };
const fromGroup = (group: string, port = 5432) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, SourceSecurityGroupId: { 'Fn::GetAtt': [group, 'GroupId'] } });
const bucketPolicy = (target: string, statement: Record<string, any>) => ({
  Type: 'AWS::S3::BucketPolicy',
  Properties: { Bucket: { Ref: target }, PolicyDocument: { Statement: [{ Effect: 'Allow', Resource: '*', ...statement }] } },
});
const kmsBucket = (key = 'Key', metadata: unknown = undefined) => ({
  Type: 'AWS::S3::Bucket',
  ...(metadata ? { Metadata: metadata } : {}),
  Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [key, 'Arn'] } } }] } },
});
const key = (statements: any[] = []) => ({ Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: statements } } });

describe('the catalog of map findings', () => {
  test('pins the ids, their order, severities and citations', () => {
    expect(MAP_FINDINGS.map((d) => [d.id, d.severity])).toEqual([
      [REACHABLE, HipaaSeverity.ERROR],
      [CROSS_ACCOUNT, HipaaSeverity.ERROR],
      [ENCRYPTED, HipaaSeverity.ERROR],
      [CLASSIFIED, HipaaSeverity.WARNING],
    ]);
    expect(MAP_FINDINGS[0].citations).toEqual(PUBLIC_ACCESS_CITATIONS);
    expect(MAP_FINDINGS[1].citations).toEqual([...PUBLIC_ACCESS_CITATIONS, '164.308(a)(3)(ii)(A)']);
    expect(MAP_FINDINGS[2].citations).toEqual([...TRANSPORT_CITATIONS, '164.312(a)(2)(iv)']);
    expect(MAP_FINDINGS[3].citations).toEqual(['164.308(a)(1)(ii)(A)', '164.308(a)(1)(ii)(B)']);
    for (const d of MAP_FINDINGS) {
      expect(d.id).toMatch(/^DataMap\.[A-Z][A-Za-z]+$/);
      expect(d.fix).toMatch(/\.$/);
      expect(d.title.length).toBeGreaterThan(20);
    }
  });

  test('each finding carries its id, title, citations, severity and fix', () => {
    const map = mapOf({ Scratch: bucket() });
    expect(verdict(map, CLASSIFIED, 'App/Scratch')).toEqual({
      id: CLASSIFIED,
      title: 'Data store is classified PHI or NO_PHI',
      status: FAIL,
      resource: 'App/Scratch',
      message: 'Scratch (AWS::S3::Bucket) is not classified: it is treated as PHI.',
      citations: ['164.308(a)(1)(ii)(A)', '164.308(a)(1)(ii)(B)'],
      severity: HipaaSeverity.WARNING,
      fix: MAP_FINDINGS[3].fix,
    });
  });
});

describe(`${REACHABLE}: templates`, () => {
  test('fails when a security group rule from 0.0.0.0/0 is on the database\'s own group', () => {
    const map = mapOf({ Vpc: vpc(), DbSg: sg({ SecurityGroupIngress: [{ ...open443, FromPort: 5432, ToPort: 5432 }] }), Db: database(['DbSg']) });
    expect(verdict(map, REACHABLE, 'App/Db')).toMatchObject({
      status: FAIL, path: ['internet', 'App/Db'], message: 'Reachable from the internet: Internet (anyone) → Db (tcp 5432).',
    });
  });

  test('asks for a review (unverifiable) when an instance open to 0.0.0.0/0 is the source of a rule of the database\'s group', () => {
    const map = mapOf({
      Vpc: vpc(),
      WebSg: sg({ SecurityGroupIngress: [open443] }),
      DbSg: sg({ SecurityGroupIngress: [fromGroup('WebSg')] }),
      Web: instance(['WebSg']),
      Db: database(['DbSg']),
    });
    expect(verdict(map, REACHABLE, 'App/Db')).toMatchObject({
      status: UNVERIFIABLE,
      path: ['internet', 'App/Web', 'App/Db'],
      message: 'Reachable from the internet through Web, whose code decides what of it anyone gets: review that every request is authenticated: '
        + 'Internet (anyone) → Web (tcp 443) → Db (tcp 5432).',
    });
  });

  test('asks for a review when an instance open to 0.0.0.0/0 runs with a role that may read a bucket', () => {
    const map = mapOf({
      Vpc: vpc(),
      WebSg: sg({ SecurityGroupIngress: [open443] }),
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      Profile: { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: [{ Ref: 'Role' }] } },
      Web: instance(['WebSg'], { IamInstanceProfile: { Ref: 'Profile' } }),
      Records: { Type: 'AWS::S3::Bucket', Metadata: PHI, Properties: {} },
      Policy: {
        Type: 'AWS::IAM::Policy',
        Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::GetAtt': ['Records', 'Arn'] } }] } },
      },
    });
    expect(verdict(map, REACHABLE, 'App/Records')).toMatchObject({ status: UNVERIFIABLE, path: ['internet', 'App/Web', 'App/Records'] });
  });

  test('asks for a review when an internet-facing load balancer forwards to an instance that reaches the database', () => {
    const map = mapOf({
      Vpc: vpc(),
      AppSg: sg(),
      DbSg: sg({ SecurityGroupIngress: [fromGroup('AppSg')] }),
      App: instance(['AppSg']),
      Db: database(['DbSg']),
      Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing' } },
      Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Protocol: 'HTTP', Port: 80, Targets: [{ Id: { Ref: 'App' } }] } },
      Listener: {
        Type: 'AWS::ElasticLoadBalancingV2::Listener',
        Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 443, DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }] },
      },
    });
    expect(verdict(map, REACHABLE, 'App/Db')).toMatchObject({
      status: UNVERIFIABLE, path: ['internet', 'App/Lb', 'App/App', 'App/Db'], message: expect.stringMatching(/^Reachable from the internet through App, whose code/),
    });
  });

  test('passes when only private address ranges and groups without an internet rule reach the store', () => {
    const map = mapOf({
      Vpc: vpc(),
      AppSg: sg({ SecurityGroupIngress: [{ ...open443, CidrIp: '10.0.0.0/16' }] }),
      DbSg: sg({ SecurityGroupIngress: [fromGroup('AppSg'), { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '10.1.0.0/16' }] }),
      App: instance(['AppSg']),
      Db: database(['DbSg']),
    });
    expect(verdict(map, REACHABLE, 'App/Db')).toMatchObject({ status: PASS, message: expect.stringMatching(/^No path/) });
    expect(verdict(map, REACHABLE, 'App/Db').path).toBeUndefined();
  });

  test('passes for an instance in a public subnet without a rule from the internet, and for a bucket open to everyone by policy', () => {
    const map = mapOf({
      Vpc: vpc(),
      Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} },
      Public: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', MapPublicIpOnLaunch: true } },
      AppSg: sg(),
      DbSg: sg({ SecurityGroupIngress: [fromGroup('AppSg')] }),
      App: instance(['AppSg'], { SubnetId: { Ref: 'Public' } }),
      Db: database(['DbSg']),
      Records: { Type: 'AWS::S3::Bucket', Metadata: PHI, Properties: {} },
      Open: bucketPolicy('Records', { Principal: '*', Action: 's3:GetObject' }),
    });
    expect(map.flows.find((f) => f.to === 'App/Db')).toMatchObject({ reachesPhiFromPublicSubnet: true });
    expect(verdict(map, REACHABLE, 'App/Db').status).toBe(PASS);
    expect(verdict(map, REACHABLE, 'App/Records').status).toBe(PASS);
    expect(verdict(map, CROSS_ACCOUNT, 'App/Records').status).toBe(FAIL);
  });

  test('gives no verdict on a store classified NO_PHI, even open to 0.0.0.0/0', () => {
    const map = mapOf({ Vpc: vpc(), DbSg: sg({ SecurityGroupIngress: [{ ...open443, FromPort: 5432, ToPort: 5432 }] }), Db: database(['DbSg'], NO_PHI) });
    expect(map.findings.filter((f) => f.id === REACHABLE)).toEqual([]);
  });

  test('is unverifiable when the only path starts at an address range from a parameter', () => {
    const map = mapOf({
      Vpc: vpc(),
      DbSg: sg({ SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: { Ref: 'AllowedCidr' } }] }),
      Db: database(['DbSg']),
    });
    expect(verdict(map, REACHABLE, 'App/Db')).toMatchObject({
      status: UNVERIFIABLE,
      path: ['unresolved:address range:Ref AllowedCidr', 'App/Db'],
      message: expect.stringContaining('through an end synth cannot resolve'),
    });
  });

  test('is unverifiable when the only path crosses a security group without members in the map', () => {
    const map = mapOf({
      Vpc: vpc(),
      EdgeSg: sg({ SecurityGroupIngress: [open443] }),
      DbSg: sg({ SecurityGroupIngress: [fromGroup('EdgeSg')] }),
      Db: database(['DbSg']),
    });
    expect(verdict(map, REACHABLE, 'App/Db')).toMatchObject({ status: UNVERIFIABLE, path: ['internet', 'App/EdgeSg', 'App/Db'] });
  });

  test('a verified path wins over an unverifiable one', () => {
    const map = mapOf({
      Vpc: vpc(),
      DbSg: sg({ SecurityGroupIngress: [{ ...open443, FromPort: 5432, ToPort: 5432 }, { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: { Ref: 'AllowedCidr' } }] }),
      Db: database(['DbSg']),
    });
    expect(verdict(map, REACHABLE, 'App/Db')).toMatchObject({ status: FAIL, path: ['internet', 'App/Db'] });
  });
});

describe(`${REACHABLE}: CDK apps`, () => {
  function webApp(openToInternet: boolean): { stack: Stack; app: App } {
    const app = testApp();
    const stack = testStack(app);
    const network = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }, { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const web = new ec2.Instance(stack, 'Web', {
      vpc: network,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' }),
    });
    if (openToInternet) web.connections.allowFromAnyIpv4(ec2.Port.tcp(443));
    else web.connections.allowFrom(ec2.Peer.ipv4(network.vpcCidrBlock), ec2.Port.tcp(443));
    const db = new rds.DatabaseInstance(stack, 'Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpc: network,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
    });
    db.connections.allowDefaultPortFrom(web);
    const records = new s3.Bucket(stack, 'Records');
    records.grantRead(web);
    return { stack, app };
  }
  const id = (map: HipaaDataMap, prefix: string): string => {
    const found = JSON.parse(map.toJson()).inventory.find((e: any) => new RegExp(`^${prefix}[0-9A-F]{8}$`).test(e.logicalId));
    if (!found) throw new Error(`no ${prefix} in the inventory`);
    return found.id;
  };

  test('asks for a review of the instance open to the internet that reaches the database and the bucket; fails when the database itself is open', () => {
    const { app, stack } = webApp(true);
    app.synth();
    const map = HipaaDataMap.fromStack(stack);
    const web = id(map, 'Web');
    const db = id(map, 'Db');
    const records = id(map, 'Records');
    expect(verdict(map, REACHABLE, db)).toMatchObject({ status: UNVERIFIABLE, path: ['internet', web, db] });
    expect(verdict(map, REACHABLE, records)).toMatchObject({ status: UNVERIFIABLE, path: ['internet', web, records] });

    const open = webApp(true);
    (open.stack.node.findChild('Db') as rds.DatabaseInstance).connections.allowDefaultPortFromAnyIpv4();
    open.app.synth();
    const openMap = HipaaDataMap.fromStack(open.stack);
    expect(verdict(openMap, REACHABLE, id(openMap, 'Db'))).toMatchObject({ status: FAIL, path: ['internet', id(openMap, 'Db')] });
  });

  test('passes when the instance accepts connections from the VPC only', () => {
    const { app, stack } = webApp(false);
    app.synth();
    const map = HipaaDataMap.fromStack(stack);
    expect(verdict(map, REACHABLE, id(map, 'Db')).status).toBe(PASS);
    expect(verdict(map, REACHABLE, id(map, 'Records')).status).toBe(PASS);
  });

  test('asks for a review of the instance behind an internet-facing Application Load Balancer', () => {
    const { app, stack } = webApp(false);
    const network = stack.node.findChild('Vpc') as ec2.Vpc;
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc: network, internetFacing: true });
    lb.addListener('Http', { port: 80 }).addTargets('Web', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      targets: [new targets.InstanceTarget(stack.node.findChild('Web') as ec2.Instance)],
    });
    app.synth();
    const map = HipaaDataMap.fromStack(stack);
    const path = verdict(map, REACHABLE, id(map, 'Db')).path!;
    expect(verdict(map, REACHABLE, id(map, 'Db')).status).toBe(UNVERIFIABLE);
    expect(path.map((p) => p.replace(/^TestStack\//, '').replace(/[0-9A-F]{8}$/, ''))).toEqual(['internet', 'Lb', 'Web', 'Db']);
  });
});

describe(`${CROSS_ACCOUNT}: templates`, () => {
  test('fails when a bucket policy allows another account s3:GetObject on a PHI bucket', () => {
    const map = mapOf({
      Records: { Type: 'AWS::S3::Bucket', Metadata: PHI, Properties: {} },
      Share: bucketPolicy('Records', { Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: ['s3:GetObject', 's3:PutObject'] }),
    });
    expect(verdict(map, CROSS_ACCOUNT, 'App/Records')).toMatchObject({
      status: FAIL,
      path: [`account:${OTHER_ACCOUNT}`, 'App/Records'],
      message: `AWS account ${OTHER_ACCOUNT} can read it (s3:GetObject) through the policy of App/Share.`,
    });
  });

  test('fails when the key policy of the store\'s key allows another account kms:Decrypt', () => {
    const map = mapOf({
      Key: key([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' }]),
      Queue: { Type: 'AWS::SQS::Queue', Metadata: PHI, Properties: { KmsMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
    });
    expect(verdict(map, CROSS_ACCOUNT, 'App/Queue')).toMatchObject({ status: FAIL, message: expect.stringContaining('(kms:Decrypt) through the policy of App/Key') });
  });

  test('fails when a queue policy allows everyone sqs:* on an unclassified queue', () => {
    const map = mapOf({
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Open: {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: { Queues: [{ Ref: 'Queue' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' }] } },
      },
    });
    expect(verdict(map, CROSS_ACCOUNT, 'App/Queue')).toMatchObject({ status: FAIL, path: ['internet', 'App/Queue'], message: expect.stringMatching(/^Everyone \(Principal \*\) can read it \(sqs:\*\)/) });
  });

  test('passes when another account may only copy into the backup vault', () => {
    const map = mapOf({
      Vault: {
        Type: 'AWS::Backup::BackupVault',
        Metadata: PHI,
        Properties: { AccessPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: 'backup:CopyIntoBackupVault', Resource: '*' }] } },
      },
    });
    expect(map.flows).toEqual([expect.objectContaining({ from: `account:${OTHER_ACCOUNT}`, to: 'App/Vault', actions: ['backup:CopyIntoBackupVault'] })]);
    expect(verdict(map, CROSS_ACCOUNT, 'App/Vault').status).toBe(PASS);
  });

  test('passes for principals of the own account, AWS services, and another account that may only write', () => {
    const map = mapOf({
      Records: { Type: 'AWS::S3::Bucket', Metadata: PHI, Properties: {} },
      Policy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'Records' },
          PolicyDocument: {
            Statement: [
              { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 's3:*', Resource: '*' },
              { Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:GetObject', Resource: '*' },
              { Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT }, Action: ['s3:PutObject', 's3:GetBucketLocation'], Resource: '*' },
            ],
          },
        },
      },
    });
    expect(verdict(map, CROSS_ACCOUNT, 'App/Records')).toMatchObject({ status: PASS, message: 'No resource or key policy lets a principal outside the account read it.' });
  });

  test('is unverifiable when a principal from a parameter may read it', () => {
    const map = mapOf({
      Records: { Type: 'AWS::S3::Bucket', Metadata: PHI, Properties: {} },
      Share: bucketPolicy('Records', { Principal: { AWS: { Ref: 'PartnerRole' } }, Action: 's3:GetObject' }),
    });
    expect(verdict(map, CROSS_ACCOUNT, 'App/Records')).toMatchObject({ status: UNVERIFIABLE, path: ['unresolved:principal:Ref PartnerRole', 'App/Records'] });
  });

  test.each([
    ['s3:GetObject', true], ['s3:Get*', true], ['s3:*', true], ['*', true], ['kms:Decrypt', true], ['kms:ReEncrypt*', true],
    ['sqs:ReceiveMessage', true], ['secretsmanager:GetSecretValue', true], ['dynamodb:Query', true], ['sns:Subscribe', true],
    ['es:ESHttpGet', true], ['s3:*Object', true], ['NotAction:s3:DeleteObject', true],
    ['s3:PutObject', false], ['s3:GetBucketAcl', false], ['s3:GetBucket*', false], ['kms:Encrypt', false], ['kms:GenerateDataKey*', false],
    ['kms:DescribeKey', false], ['backup:CopyIntoBackupVault', false], ['sqs:SendMessage', false], ['sns:Publish', false],
  ])('%s reads data: %s', (action, read) => {
    expect(isReadAction(action)).toBe(read);
  });
});

describe(`${CROSS_ACCOUNT}: CDK apps`, () => {
  test('fails for a bucket read by another account and a queue whose key another account may use to decrypt', () => {
    const app = testApp();
    const stack = testStack(app);
    const records = new s3.Bucket(stack, 'Records');
    records.grantRead(new iam.AccountPrincipal(OTHER_ACCOUNT));
    const key0 = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    key0.grantDecrypt(new iam.AccountPrincipal(OTHER_ACCOUNT));
    const queue = new sqs.Queue(stack, 'Queue', { encryptionMasterKey: key0 });
    app.synth();
    const map = HipaaDataMap.fromStack(stack);
    const bucketId = `TestStack/${stack.getLogicalId(records.node.defaultChild as s3.CfnBucket)}`;
    const queueId = `TestStack/${stack.getLogicalId(queue.node.defaultChild as sqs.CfnQueue)}`;
    expect(verdict(map, CROSS_ACCOUNT, bucketId)).toMatchObject({ status: FAIL, path: [`account:${OTHER_ACCOUNT}`, bucketId] });
    expect(verdict(map, CROSS_ACCOUNT, queueId)).toMatchObject({ status: FAIL, message: expect.stringContaining('kms:Decrypt') });
  });

  test('passes for a bucket another account may only write to, and a vault another account may only copy into', () => {
    const app = testApp();
    const stack = testStack(app);
    const drop = new s3.Bucket(stack, 'Drop');
    drop.grantPut(new iam.AccountPrincipal(OTHER_ACCOUNT));
    const vault = new backup.BackupVault(stack, 'Vault');
    vault.addToAccessPolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(OTHER_ACCOUNT)], actions: ['backup:CopyIntoBackupVault'], resources: ['*'] }));
    app.synth();
    const map = HipaaDataMap.fromStack(stack);
    const dropId = `TestStack/${stack.getLogicalId(drop.node.defaultChild as s3.CfnBucket)}`;
    const vaultId = `TestStack/${stack.getLogicalId(vault.node.defaultChild as backup.CfnBackupVault)}`;
    const crossAccount = map.findings.filter((f) => f.id === CROSS_ACCOUNT).map((f) => [f.resource, f.status]).sort();
    expect(crossAccount).toEqual([[dropId, PASS], [vaultId, PASS]].sort());
    // The flows that leave the account are still in the map.
    expect(JSON.parse(map.toJson()).flows.filter((f: any) => f.leavesAccount).map((f: any) => f.to).sort()).toEqual([dropId, vaultId].sort());
  });
});

describe(`${ENCRYPTED}: templates`, () => {
  const topic = (metadata?: unknown) => ({ Type: 'AWS::SNS::Topic', ...(metadata ? { Metadata: metadata } : {}), Properties: {} });
  const subscription = (protocol: string, endpoint: unknown) => ({ Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' }, Protocol: protocol, Endpoint: endpoint } });

  test.each(['email', 'email-json', 'sms'])('fails when a topic not classified NO_PHI is subscribed by %s', (protocol) => {
    const map = mapOf({ Topic: topic(), Sub: subscription(protocol, protocol === 'sms' ? '+15555550100' : 'a@example.com') });
    const to = protocol === 'sms' ? 'sms' : 'email';
    expect(verdict(map, ENCRYPTED, to)).toMatchObject({ status: FAIL, path: ['App/Topic', to], message: expect.stringContaining(`by ${protocol}, which is not encrypted end to end`) });
  });

  test('fails over http; passes over https and for a Firehose HTTP endpoint delivery', () => {
    const map = mapOf({
      Topic: topic(),
      Plain: subscription('http', 'http://plain.example.com/hook'),
      Tls: subscription('https', 'https://tls.example.com/hook'),
      Stream: {
        Type: 'AWS::KinesisFirehose::DeliveryStream',
        Properties: { HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: 'https://partner.example.com/ingest' } } },
      },
    });
    expect(verdict(map, ENCRYPTED, 'endpoint:plain.example.com')).toMatchObject({ status: FAIL, message: expect.stringContaining('over plain HTTP') });
    expect(verdict(map, ENCRYPTED, 'endpoint:tls.example.com').status).toBe(PASS);
    expect(verdict(map, ENCRYPTED, 'endpoint:partner.example.com').status).toBe(PASS);
  });

  test('fails when Firehose delivers to, or a bucket replicates to, a bucket without a customer managed KMS key', () => {
    const map = mapOf({
      Source: { Type: 'AWS::S3::Bucket', Metadata: PHI, Properties: { ReplicationConfiguration: { Role: 'arn:aws:iam::123456789012:role/r', Rules: [{ Status: 'Enabled', Destination: { Bucket: { 'Fn::GetAtt': ['Replica', 'Arn'] } } }] } } },
      Replica: bucket(),
      Stream: { Type: 'AWS::KinesisFirehose::DeliveryStream', Properties: { ExtendedS3DestinationConfiguration: { BucketARN: { 'Fn::GetAtt': ['Landing', 'Arn'] } } } },
      Landing: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } } },
    });
    expect(verdict(map, ENCRYPTED, 'App/Replica')).toMatchObject({
      status: FAIL,
      path: ['App/Source', 'App/Replica'],
      message: 'Source sends data (replication): Replica is encrypted at rest only with the service\'s AWS managed or owned key, not a customer managed KMS key.',
    });
    expect(verdict(map, ENCRYPTED, 'App/Landing')).toMatchObject({ status: FAIL, path: ['App/Stream', 'App/Landing'] });
  });

  test('fails when a log subscription delivers into a Kinesis stream without encryption', () => {
    const map = mapOf({
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
      Sink: { Type: 'AWS::Kinesis::Stream', Properties: { ShardCount: 1 } },
      Filter: { Type: 'AWS::Logs::SubscriptionFilter', Properties: { LogGroupName: { Ref: 'Logs' }, DestinationArn: { 'Fn::GetAtt': ['Sink', 'Arn'] }, FilterPattern: '' } },
    });
    expect(verdict(map, ENCRYPTED, 'App/Sink')).toMatchObject({ status: FAIL, message: expect.stringContaining('Sink is not encrypted at rest') });
  });

  test('passes for deliveries into a store with a customer managed key, and to a function', () => {
    const map = mapOf({
      Key: key(),
      Source: { Type: 'AWS::S3::Bucket', Metadata: PHI, Properties: { ReplicationConfiguration: { Role: 'arn:aws:iam::123456789012:role/r', Rules: [{ Status: 'Enabled', Destination: { Bucket: { 'Fn::GetAtt': ['Replica', 'Arn'] } } }] } } },
      Replica: kmsBucket(),
      Topic: topic(),
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x' } },
      Sub: subscription('lambda', { 'Fn::GetAtt': ['Fn', 'Arn'] }),
    });
    expect(verdict(map, ENCRYPTED, 'App/Replica')).toMatchObject({ status: PASS, message: expect.stringContaining('customer managed key Key') });
    expect(verdict(map, ENCRYPTED, 'App/Fn').status).toBe(PASS);
  });

  test('gives no verdict on what a topic classified NO_PHI sends by email', () => {
    const map = mapOf({ Topic: topic(NO_PHI), Sub: subscription('email', 'ops@example.com') });
    expect(map.findings.filter((f) => f.id === ENCRYPTED)).toEqual([]);
  });

  test('is unverifiable for replication to another account, a destination from a parameter, and a store whose key is resolved at deploy', () => {
    const map = mapOf({
      Source: {
        Type: 'AWS::S3::Bucket',
        Metadata: PHI,
        Properties: { ReplicationConfiguration: { Role: 'arn:aws:iam::123456789012:role/r', Rules: [{ Status: 'Enabled', Destination: { Bucket: `arn:aws:s3:::dr-${OTHER_ACCOUNT}`, Account: OTHER_ACCOUNT } }] } },
      },
      Topic: topic(),
      Sub: subscription('sqs', { Ref: 'QueueArn' }),
      Stream: { Type: 'AWS::KinesisFirehose::DeliveryStream', Properties: { ExtendedS3DestinationConfiguration: { BucketARN: { 'Fn::GetAtt': ['Landing', 'Arn'] } } } },
      Landing: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { Ref: 'KeyArn' } } }] } } },
    });
    expect(verdict(map, ENCRYPTED, `account:${OTHER_ACCOUNT}`)).toMatchObject({ status: UNVERIFIABLE, message: expect.stringContaining('outside the templates') });
    expect(verdict(map, ENCRYPTED, 'unresolved:subscription endpoint:Ref QueueArn').status).toBe(UNVERIFIABLE);
    expect(verdict(map, ENCRYPTED, 'App/Landing')).toMatchObject({ status: UNVERIFIABLE, message: expect.stringContaining('resolved at deploy') });
  });

  test('judges service flows only: an IAM grant to an unencrypted queue is the catalog\'s to judge', () => {
    const map = mapOf({
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: false } },
      Policy: {
        Type: 'AWS::IAM::Policy',
        Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] } }] } },
      },
    });
    expect(map.flows).toHaveLength(1);
    expect(map.findings.filter((f) => f.id === ENCRYPTED)).toEqual([]);
  });
});

describe(`${ENCRYPTED}: CDK apps`, () => {
  test('fails for an email and an http subscription and a Firehose into an S3-managed bucket; passes for https and a KMS bucket', () => {
    const app = testApp();
    const stack = testStack(app);
    const alerts = new sns.Topic(stack, 'Topic');
    alerts.addSubscription(new subs.EmailSubscription('ops@example.com'));
    alerts.addSubscription(new subs.UrlSubscription('http://hooks.example.com/plain', { protocol: sns.SubscriptionProtocol.HTTP }));
    alerts.addSubscription(new subs.UrlSubscription('https://hooks.example.org/tls'));
    const landing = new s3.Bucket(stack, 'Landing', { encryption: s3.BucketEncryption.S3_MANAGED });
    new firehose.DeliveryStream(stack, 'ToLanding', { destination: new firehose.S3Bucket(landing, { loggingConfig: new firehose.DisableLogging() }) });
    const archiveKey = new kms.Key(stack, 'ArchiveKey', { enableKeyRotation: true });
    const archive = new s3.Bucket(stack, 'Archive', { encryption: s3.BucketEncryption.KMS, encryptionKey: archiveKey });
    new firehose.DeliveryStream(stack, 'ToArchive', { destination: new firehose.S3Bucket(archive, { loggingConfig: new firehose.DisableLogging() }) });
    app.synth();
    const map = HipaaDataMap.fromStack(stack);
    const landingId = `TestStack/${stack.getLogicalId(landing.node.defaultChild as s3.CfnBucket)}`;
    const archiveId = `TestStack/${stack.getLogicalId(archive.node.defaultChild as s3.CfnBucket)}`;
    expect(verdict(map, ENCRYPTED, 'email').status).toBe(FAIL);
    expect(verdict(map, ENCRYPTED, 'endpoint:hooks.example.com').status).toBe(FAIL);
    expect(verdict(map, ENCRYPTED, 'endpoint:hooks.example.org').status).toBe(PASS);
    expect(verdict(map, ENCRYPTED, landingId)).toMatchObject({ status: FAIL, message: expect.stringContaining('not a customer managed KMS key') });
    expect(verdict(map, ENCRYPTED, archiveId).status).toBe(PASS);
  });

  test('fails for replication to a bucket without KMS; passes when the replica has a customer managed key', () => {
    const app = testApp();
    const stack = testStack(app);
    const key0 = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const plain = new s3.Bucket(stack, 'Plain', { versioned: true });
    const sealed = new s3.Bucket(stack, 'Sealed', { versioned: true, encryptionKey: key0 });
    const source = new s3.Bucket(stack, 'Source', {
      versioned: true,
      replicationRules: [{ destination: plain, priority: 1 }, { destination: sealed, priority: 2 }],
    });
    HipaaData.of(source).classify(HipaaDataClassification.PHI);
    app.synth();
    const map = HipaaDataMap.fromStack(stack);
    const idOf = (b: s3.Bucket) => `TestStack/${stack.getLogicalId(b.node.defaultChild as s3.CfnBucket)}`;
    expect(verdict(map, ENCRYPTED, idOf(plain))).toMatchObject({ status: FAIL, path: [idOf(source), idOf(plain)] });
    expect(verdict(map, ENCRYPTED, idOf(sealed))).toMatchObject({ status: PASS, path: [idOf(source), idOf(sealed)] });
  });
});

describe(`${CLASSIFIED}`, () => {
  test('passes for stores classified in template metadata or with HipaaData, and for the library\'s stores; fails for the others', () => {
    const map = mapOf({
      Tagged: { Type: 'AWS::S3::Bucket', Metadata: PHI, Properties: {} },
      Public: { Type: 'AWS::S3::Bucket', Metadata: NO_PHI, Properties: {} },
      Marked: bucket(),
      Library: bucket(),
      Scratch: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
    }, {
      constructPaths: { Marked: 'App/Marked/Resource', Library: 'App/Docs/Bucket/Resource' },
      metadata: [{ path: 'App/Marked', type: DATA_CLASSIFICATION_METADATA, data: { classification: 'NO_PHI', reason: 'Build artifacts, no patient data' } }],
      libraryStores: ['App/Docs'],
    });
    const of = map.findings.filter((f) => f.id === CLASSIFIED).map((f) => [f.resource, f.status, f.message]);
    expect(of).toEqual([
      ['App/Library', PASS, 'Classified PHI (library default).'],
      ['App/Marked', PASS, 'Classified NO_PHI (HipaaData).'],
      ['App/Public', PASS, 'Classified NO_PHI (template metadata).'],
      ['App/Scratch', FAIL, 'Scratch (AWS::DynamoDB::Table) is not classified: it is treated as PHI.'],
      ['App/Tagged', PASS, 'Classified PHI (template metadata).'],
    ]);
  });

  test('CDK app: fails for a plain bucket; passes for one classified with HipaaData and for an EncryptedBucket', () => {
    const app = testApp();
    const stack = testStack(app);
    const plain = new s3.Bucket(stack, 'Plain');
    const site = new s3.Bucket(stack, 'Site');
    HipaaData.of(site).classify(HipaaDataClassification.NO_PHI, 'Public marketing site assets');
    const docs = new EncryptedBucket(stack, 'Docs');
    app.synth();
    const map = HipaaDataMap.fromStack(stack);
    const status = (b: s3.IBucket) => verdict(map, CLASSIFIED, `TestStack/${stack.getLogicalId(b.node.defaultChild as s3.CfnBucket)}`).status;
    expect(status(plain)).toBe(FAIL);
    expect(status(site)).toBe(PASS);
    expect(status(docs.bucket)).toBe(PASS);
  });
});

describe('findings in the map\'s renderings', () => {
  const map: DataMap = mapOf({
    Vpc: vpc(),
    DbSg: sg({ SecurityGroupIngress: [{ ...open443, FromPort: 5432, ToPort: 5432 }] }),
    Db: database(['DbSg']),
    Scratch: bucket(),
  });

  test('the map (its JSON) has the findings: id, status, resource, path, message, citations, severity', () => {
    const json = JSON.parse(JSON.stringify(map));
    expect(json.findings.filter((f: any) => f.status !== PASS).map((f: any) => [f.id, f.status, f.resource, f.path, f.severity])).toEqual([
      [REACHABLE, FAIL, 'App/Db', ['internet', 'App/Db'], 'ERROR'],
      [CLASSIFIED, FAIL, 'App/Scratch', undefined, 'WARNING'],
    ]);
    expect(json.findings[0].citations).toEqual(PUBLIC_ACCESS_CITATIONS);
    expect(json.findings.map((f: any) => f.id)).toEqual([REACHABLE, REACHABLE, CROSS_ACCOUNT, CROSS_ACCOUNT, CLASSIFIED, CLASSIFIED]);
  });

  test('the Markdown counts every finding and lists the ones that do not pass, with their fix', () => {
    const md = renderDataMapMarkdown(map);
    expect(md).toContain('## Findings');
    expect(md).toContain(`| **${REACHABLE}**<br>${MAP_FINDINGS[0].title} | ERROR | 1 | 1 | 0 | 164.312(a)(1), 164.308(a)(4)(ii)(B) |`);
    expect(md).toContain(`| **${CLASSIFIED}**<br>${MAP_FINDINGS[3].title} | WARNING | 1 | 1 | 0 | 164.308(a)(1)(ii)(A), 164.308(a)(1)(ii)(B) |`);
    expect(md).toContain(`| ${REACHABLE} | FAIL | Db | Reachable from the internet: Internet (anyone) → Db (tcp 5432). |`);
    expect(md).toContain(`- ${CLASSIFIED}: ${MAP_FINDINGS[3].fix}`);
    expect(md.indexOf('## Findings')).toBeLessThan(md.indexOf('## What this map does not see'));
  });

  test('the Markdown says so when every finding passes', () => {
    const md = renderDataMapMarkdown(mapOf({ Records: { Type: 'AWS::S3::Bucket', Metadata: PHI, Properties: {} } }));
    expect(md).toContain('Every finding passes.');
    expect(md).not.toContain('**How to fix:**');
  });

  test('the SVG puts a red ! on the nodes a finding fails on, and the Mermaid names the findings', () => {
    const svg = renderDataMapSvg(map);
    expect(svg).toMatch(new RegExp(`<g class="node phi"><title>App/Db</title>.*<g class="finding"><title>fails ${REACHABLE}</title><circle [^>]*fill="#c62828"`));
    expect(svg).toMatch(new RegExp(`<g class="node unclassified"><title>App/Scratch</title>.*<g class="finding"><title>fails ${CLASSIFIED}</title>`));
    expect(svg.match(/<g class="finding">/g)).toHaveLength(3); // two nodes and the legend
    expect(renderDataMapMermaid(map)).toContain(`⚠ fails ${CLASSIFIED}</small>`);
  });
});

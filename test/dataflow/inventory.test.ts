import * as fs from 'fs';
import * as path from 'path';
import { Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EncryptedBucket, EncryptedDatabase, HipaaAspect, HipaaAspectMode, HipaaBackupPlan, HipaaData, HipaaDataClassification, HipaaKey } from '../../src';
import { DataMap } from '../../src/dataflow/model';
import { testApp, testStack } from '../util';
import { entry, mapOf } from './util';

describe('the inventory of a starter-like app, as HipaaAspect writes it', () => {
  const app = testApp();
  const stack = testStack(app, 'Clinic');
  const key = new HipaaKey(stack, 'Key');
  new HipaaBackupPlan(stack, 'HipaaBackupPlan', { encryptionKey: key });
  const records = new EncryptedBucket(stack, 'Records', { encryptionKey: key });
  Tags.of(records).add('owner', 'records-team');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  new EncryptedDatabase(stack, 'Db', {
    vpc,
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    encryptionKey: key,
  });
  const plain = new s3.Bucket(stack, 'Plain', { encryption: s3.BucketEncryption.S3_MANAGED });
  const site = new s3.Bucket(stack, 'Site');
  HipaaData.of(site).classify(HipaaDataClassification.NO_PHI, 'Static marketing pages, no patient data');
  const fn = new lambda.Function(stack, 'Reader', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}') });
  records.bucket.grantRead(fn);
  plain.grantRead(fn);
  HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, dataMap: true });
  const assembly = app.synth();
  const map: DataMap = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Clinic.hipaa-data-map.json'), 'utf8'));
  const byPath = (p: string) => {
    const found = map.inventory.find((e) => e.constructPath === p);
    if (!found) throw new Error(`no inventory entry at ${p}: ${map.inventory.map((e) => e.constructPath).join(', ')}`);
    return found;
  };

  test('writes the JSON, Markdown, Mermaid and SVG renderings next to the report', () => {
    for (const ext of ['json', 'md', 'mmd', 'svg']) expect(fs.existsSync(path.join(assembly.directory, `Clinic.hipaa-data-map.${ext}`))).toBe(true);
  });

  test('the library\'s bucket: PHI by default, customer-managed key, TLS enforced, owner tag, evidence from the aspect', () => {
    const e = byPath('Clinic/Records/Bucket/Resource');
    expect(e).toMatchObject({ type: 'AWS::S3::Bucket', stack: 'Clinic', role: 'store', classification: 'PHI', classificationSource: 'library', owners: ['records-team'] });
    expect(e.encryptionAtRest.status).toEqual('customer-managed');
    expect(e.encryptionAtRest.key).toMatch(/^Key[0-9A-F]{8}$/);
    expect(e.encryptionInTransit).toEqual({ status: 'enforced', controls: ['S3.TlsOnly'] });
    expect(e.logs.destinations).toEqual([expect.stringMatching(/^access logs to RecordsAccessLogs/)]);
    expect(e.evidence).toEqual(expect.arrayContaining([{ controlId: 'S3.CustomerManagedKey', status: 'PASS' }, { controlId: 'S3.TlsOnly', status: 'PASS' }]));
  });

  test('the library\'s database: in the backup plan, in the VPC, its log exports and their retention', () => {
    const e = byPath('Clinic/Db/Instance/Resource');
    expect(e).toMatchObject({ type: 'AWS::RDS::DBInstance', classification: 'PHI', backup: 'in-plan', inPublicSubnet: false });
    expect(e.vpc).toMatch(/^Vpc[0-9A-F]{8}$/);
    expect(e.encryptionAtRest.status).toEqual('customer-managed');
    expect(e.logs).toEqual({ destinations: [expect.stringMatching(/^DbPostgresqlLog/), expect.stringMatching(/^DbUpgradeLog/)], retention: '2192 days' });
    expect(e.evidence.find((x) => x.controlId === 'Backup.ResourceInPlan')).toEqual({ controlId: 'Backup.ResourceInPlan', status: 'PASS' });
  });

  test('a plain bucket is an unclassified store with an AWS managed key, never assumed safe', () => {
    const e = byPath('Clinic/Plain/Resource');
    expect(e).toMatchObject({ classification: 'unclassified', encryptionAtRest: { status: 'aws-managed' }, backup: 'not-in-plan', owners: [] });
    expect(e.evidence.find((x) => x.controlId === 'S3.DefaultEncryptionKms')?.status).toEqual('FAIL');
  });

  test('a bucket classified NO_PHI is listed as out of scope with its reason', () => {
    expect(byPath('Clinic/Site/Resource')).toMatchObject({ classification: 'NO_PHI', classificationSource: 'construct', classificationReason: 'Static marketing pages, no patient data' });
  });

  test('the function is an unclassified processor whose grants reach both buckets', () => {
    const reader = byPath('Clinic/Reader/Resource');
    expect(reader).toMatchObject({ role: 'processor', classification: 'unclassified' });
    const targets = map.flows.filter((f) => f.from === reader.id).map((f) => map.nodes.find((n) => n.id === f.to)?.label);
    expect(targets).toEqual(expect.arrayContaining(['Records/Bucket', 'Plain']));
  });
});

describe('inventory fields read from templates', () => {
  test('encryption at rest per type: none, AWS managed, customer key, unverifiable', () => {
    const map = mapOf({
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
      Volume: { Type: 'AWS::EC2::Volume', Properties: { Size: 10 } },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'alias/aws/sns' } },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: { Ref: 'Key' } } },
      Table: { Type: 'AWS::DynamoDB::Table', Properties: { SSESpecification: { SSEEnabled: true, KMSMasterKeyId: { Ref: 'KeyParam' } } } },
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30, Tags: [{ Key: 'Team', Value: 'platform' }] } },
    });
    expect(entry(map, 'Volume').encryptionAtRest).toEqual({ status: 'none' });
    expect(entry(map, 'Topic').encryptionAtRest).toEqual({ status: 'aws-managed', key: 'alias/aws/sns' });
    expect(entry(map, 'Queue').encryptionAtRest).toEqual({ status: 'customer-managed', key: 'Key' });
    expect(entry(map, 'Table').encryptionAtRest.status).toEqual('unverifiable');
    expect(entry(map, 'Logs')).toMatchObject({ logs: { destinations: [], retention: '30 days' }, owners: ['platform'] });
  });

  test('findings given with the templates are the evidence; without them the catalog is evaluated', () => {
    const given = mapOf({ B: { Type: 'AWS::S3::Bucket', Properties: {} } }, { findings: [{ controlId: 'S3.Versioning', status: 'ACKNOWLEDGED', logicalId: 'B', template: 'App' }] });
    expect(entry(given, 'B').evidence).toEqual([{ controlId: 'S3.Versioning', status: 'ACKNOWLEDGED' }]);
    const evaluated = mapOf({ B: { Type: 'AWS::S3::Bucket', Properties: {} } });
    expect(entry(evaluated, 'B').evidence.find((x) => x.controlId === 'S3.Versioning')).toEqual({ controlId: 'S3.Versioning', status: 'FAIL' });
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NestedStack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { templates } from './util';
import { assertWellFormedXml } from './xml';
import { HipaaAspect, HipaaAspectMode, HipaaDataMap } from '../../src';
import { buildDataMap } from '../../src/dataflow/data-map';
import { libraryStoresInTree } from '../../src/dataflow/from-app';
import { testApp, testStack } from '../util';

describe('HipaaDataMap.fromFiles', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-map-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads template files together: a reference across them resolves through an export', () => {
    const producer = path.join(dir, 'producer.json');
    const consumer = path.join(dir, 'consumer.json');
    fs.writeFileSync(producer, JSON.stringify({
      Resources: { Records: { Type: 'AWS::DynamoDB::Table', Metadata: { cdk_hipaa: { dataClassification: 'PHI' } }, Properties: {} } },
      Outputs: { Arn: { Value: { 'Fn::GetAtt': ['Records', 'Arn'] }, Export: { Name: 'RecordsArn' } } },
    }));
    fs.writeFileSync(consumer, JSON.stringify({
      Resources: {
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
        Policy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            Roles: [{ Ref: 'Role' }],
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:Query', Resource: { 'Fn::ImportValue': 'RecordsArn' } }] },
          },
        },
      },
    }));
    const map = HipaaDataMap.fromFiles([producer, consumer], 'Two stacks');
    const json = JSON.parse(map.toJson());
    expect(json.name).toEqual('Two stacks');
    expect(map.phiStores).toEqual([`${producer}/Records`]);
    expect(json.flows).toEqual([expect.objectContaining({ from: `${consumer}/Fn`, to: `${producer}/Records`, label: 'dynamodb:Query', unverifiable: false })]);
    expect(assertWellFormedXml(map.toSvg()).root).toEqual('svg');
    expect(map.toMermaid()).toMatch(/^flowchart LR\n/);
    expect(map.toMarkdown()).toContain('# Where PHI lives and flows: Two stacks');
  });

  test('finds the library\'s store constructs in a cloud assembly\'s tree.json by their jsii fqn', () => {
    const assembly = path.join(dir, 'assembly');
    fs.mkdirSync(assembly);
    fs.writeFileSync(path.join(assembly, 'tree.json'), JSON.stringify({
      tree: {
        id: 'App',
        path: '',
        children: {
          Stack: {
            id: 'Stack',
            path: 'Stack',
            children: {
              Docs: { id: 'Docs', path: 'Stack/Docs', constructInfo: { fqn: 'cdk-hipaa.EncryptedBucket' } },
              Key: { id: 'Key', path: 'Stack/Key', constructInfo: { fqn: 'cdk-hipaa.HipaaKey' } },
              Mine: { id: 'Mine', path: 'Stack/Mine', constructInfo: { fqn: 'my-lib.EncryptedBucket' } },
            },
          },
        },
      },
    }));
    expect(libraryStoresInTree(assembly)).toEqual(['Stack/Docs']);
    expect(libraryStoresInTree(dir)).toEqual([]);
  });
});

test('limited to some stacks, the map keeps the other stacks\' resources its flows reach', () => {
  const map = buildDataMap({
    templates: templates({
      Data: { Queue: { Type: 'AWS::SQS::Queue', Properties: {} }, Unrelated: { Type: 'AWS::S3::Bucket', Properties: {} } },
      App: {
        Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
        Sub: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' }, Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': ['Queue', 'Arn'] } } },
      },
    }),
  }, { name: 'App', stacks: ['App'] });
  expect(map.inventory.map((e) => e.id)).toEqual(['App/Topic']);
  expect(map.nodes.map((n) => n.id)).toEqual(['App/Topic', 'Data/Queue']);
  expect(map.flows).toEqual([expect.objectContaining({ from: 'App/Topic', to: 'Data/Queue', label: 'subscription (sqs)' })]);
});

test('HipaaAspect writes a map per stack; a nested stack sees the parent\'s resources through its parameters', () => {
  const app = testApp();
  const parent = testStack(app, 'Parent');
  const records = new s3.Bucket(parent, 'Records');
  const nested = new NestedStack(parent, 'Workers');
  const fn = new lambda.Function(nested, 'Worker', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}') });
  records.grantRead(fn);
  HipaaAspect.applyTo(parent, { mode: HipaaAspectMode.WARN, dataMap: true });
  const dir = app.synth().directory;
  const read = (artifactId: string) => JSON.parse(fs.readFileSync(path.join(dir, `${artifactId}.hipaa-data-map.json`), 'utf8'));
  const parentMap = read('Parent');
  const nestedMap = read(nested.artifactId);
  expect(parentMap.inventory.map((e: any) => e.constructPath)).toEqual(['Parent/Records/Resource']);
  expect(nestedMap.inventory.map((e: any) => e.constructPath)).toEqual(['Parent/Workers/Worker/Resource']);
  expect(nestedMap.flows).toEqual([expect.objectContaining({ from: nestedMap.inventory[0].id, kinds: ['identity'] })]);
  expect(nestedMap.nodes.find((n: any) => n.id === nestedMap.flows[0].to)).toMatchObject({ label: 'Records', stack: 'Parent', classification: 'unclassified' });
});

test('HipaaAspect writes no map unless asked (dataMap: true)', () => {
  const app = testApp();
  const stack = testStack(app, 'Quiet');
  new s3.Bucket(stack, 'Records');
  HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN });
  const files = fs.readdirSync(app.synth().directory);
  expect(files).toContain('Quiet.hipaa-report.json');
  expect(files.filter((f) => f.includes('hipaa-data-map'))).toEqual([]);
});

test('a stack\'s map resolves references to the stacks it depends on', () => {
  const app = testApp();
  const data = testStack(app, 'Data');
  const records = new s3.Bucket(data, 'Records');
  const compute = testStack(app, 'Compute');
  const fn = new lambda.Function(compute, 'Worker', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}') });
  records.grantRead(fn);
  HipaaAspect.applyTo(app, { mode: HipaaAspectMode.WARN, dataMap: true });
  const dir = app.synth().directory;
  const map = JSON.parse(fs.readFileSync(path.join(dir, 'Compute.hipaa-data-map.json'), 'utf8'));
  expect(map.flows).toEqual([expect.objectContaining({ from: map.inventory[0].id, unverifiable: false })]);
  expect(map.nodes.find((n: any) => n.id === map.flows[0].to)).toMatchObject({ label: 'Records', stack: 'Data' });
});

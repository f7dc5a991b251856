import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { StarterStack } from '../../examples/starter/starter-stack';
import { HipaaAspect, HipaaDataMap } from '../../src';
import { DataMap, isRisky } from '../../src/dataflow/model';
import { TEST_ENV } from '../util';
import { assertWellFormedXml } from './xml';

describe('examples/starter: where PHI lives and flows', () => {
  // As scripts/data-map.ts synthesizes it for docs/data-map.svg.
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new StarterStack(app, 'HipaaStarter', { env: TEST_ENV, alertEmails: ['security@example.com'] });
  HipaaAspect.applyTo(stack, { dataMap: true });
  const assembly = app.synth();
  const file = (ext: string) => path.join(assembly.directory, `HipaaStarter.hipaa-data-map.${ext}`);
  const map: DataMap = JSON.parse(fs.readFileSync(file('json'), 'utf8'));
  const label = (id: string) => map.nodes.find((n) => n.id === id)?.label ?? id;
  const flowsBetween = (from: string, to: string) => map.flows.filter((f) => label(f.from) === from && label(f.to) === to);

  test('every PHI store of the starter is in the inventory, classified PHI by the library', () => {
    const phiStores = map.inventory.filter((e) => e.role === 'store' && e.classification === 'PHI').map((e) => `${e.type} ${e.constructPath}`);
    expect(phiStores).toEqual(expect.arrayContaining([
      'AWS::S3::Bucket HipaaStarter/Documents/Bucket/Resource',
      'AWS::RDS::DBInstance HipaaStarter/Database/Instance/Resource',
      'AWS::EC2::Volume HipaaStarter/AppServer/DataVolume/Volume/Resource',
      'AWS::Backup::BackupVault HipaaStarter/HipaaBackupPlan/Vault/Resource',
      'AWS::SecretsManager::Secret HipaaStarter/Database/Instance/Secret/Resource',
      'AWS::Logs::LogGroup HipaaStarter/Database/PostgresqlLog/Resource',
      'AWS::Logs::LogGroup HipaaStarter/FlowLogs/LogGroup/Resource',
      'AWS::S3::Bucket HipaaStarter/Audit/Bucket/Bucket/Resource',
    ]));
    for (const e of map.inventory.filter((x) => x.classification === 'PHI' && x.encryptionAtRest.status !== 'not-applicable')) {
      // Every PHI store of the starter is encrypted; only S3 access-log buckets (SSE-S3 by AWS's rule) use an AWS managed key.
      expect([e.constructPath, e.encryptionAtRest.status]).toEqual([e.constructPath, /AccessLogs/.test(e.constructPath ?? '') ? 'aws-managed' : 'customer-managed']);
    }
  });

  test('the stores that belong in a backup plan are in one', () => {
    const backedUp = map.inventory.filter((e) => e.backup === 'in-plan').map((e) => e.type).sort();
    expect(backedUp).toEqual(['AWS::EC2::Instance', 'AWS::EC2::Volume', 'AWS::RDS::DBInstance']);
  });

  test('the application server reaches the database over the network and the documents through its role', () => {
    expect(flowsBetween('AppServer/Instance', 'Database/Instance')).toEqual([expect.objectContaining({ kinds: ['network'], label: 'tcp 5432' })]);
    expect(flowsBetween('AppServer/Instance', 'Documents/Bucket')).toEqual([expect.objectContaining({ kinds: ['identity'], label: expect.stringContaining('s3:GetObject') })]);
  });

  test('CloudTrail, AWS Config and flow logs deliver into their stores', () => {
    expect(flowsBetween('AWS CloudTrail', 'Audit/Bucket/Bucket')).toHaveLength(1);
    expect(flowsBetween('AWS Config', 'Audit/ConfigBucket/Bucket')).toHaveLength(1);
    expect(flowsBetween('VPC Flow Logs', 'FlowLogs/LogGroup')).toHaveLength(1);
  });

  test('the one flow that leaves AWS is the alert email; nothing reaches PHI from the internet or a public subnet', () => {
    expect(map.flows.filter(isRisky).map((f) => `${label(f.from)} -> ${label(f.to)}`)).toEqual(['Audit/Topic -> Email recipients']);
    expect(map.inventory.filter((e) => e.inPublicSubnet)).toEqual([]);
  });

  test('the findings of the map: every store classified, no PHI store reachable from the internet or readable from another account, nothing unencrypted', () => {
    // The library classifies what it creates for its own operation (alert topics, the scan's dead-letter queue,
    // the custom-resource provider's logs, access-log buckets) as holding no PHI, with the reason.
    const notPassing = map.findings.filter((f) => f.status !== 'PASS').map((f) => `${f.id} ${f.status} ${f.path ? f.path.map(label).join(' -> ') : label(f.resource)}`);
    expect(notPassing).toEqual([]);
    const phiStores = map.inventory.filter((e) => e.role === 'store' && e.classification !== 'NO_PHI').map((e) => e.id);
    for (const id of ['DataMap.PhiStoreNotReachableFromInternet', 'DataMap.NoCrossAccountPhiRead']) {
      expect(map.findings.filter((f) => f.id === id).map((f) => [f.resource, f.status])).toEqual(phiStores.sort().map((s) => [s, 'PASS']));
    }
    expect(map.findings.filter((f) => f.id === 'DataMap.PhiStoreClassified')).toHaveLength(map.inventory.filter((e) => e.role === 'store').length);
    const noPhi = map.inventory.filter((e) => e.classification === 'NO_PHI').map((e) => label(e.id)).sort();
    expect(noPhi).toEqual(expect.arrayContaining(['AccessKeyScan/DeadLetterQueue', 'Audit/Topic', 'HipaaAwsCustomResourceLogs/LogGroup']));
    expect(fs.readFileSync(file('md'), 'utf8')).toContain('## Findings');
  });

  test('writes Markdown, Mermaid and SVG that name the PHI stores', () => {
    const svg = fs.readFileSync(file('svg'), 'utf8');
    const mmd = fs.readFileSync(file('mmd'), 'utf8');
    const md = fs.readFileSync(file('md'), 'utf8');
    expect(assertWellFormedXml(svg).root).toEqual('svg');
    for (const store of ['Documents/Bucket', 'Database/Instance', 'AppServer/DataVolume/Volume', 'HipaaBackupPlan/Vault']) {
      expect(svg).toContain(`>${store}</text>`);
      expect(mmd).toContain(`"${store}<br/>`);
      expect(md).toContain(`| ${store}<br>`);
    }
  });

  test('HipaaDataMap.fromStack gives what the aspect wrote', () => {
    expect(JSON.parse(HipaaDataMap.fromStack(stack).toJson()).inventory.map((e: any) => e.id)).toEqual(map.inventory.map((e) => e.id));
  });

  test('docs/data-map.svg is the starter\'s current map (regenerate it with: npx projen docs:data-map)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'data-map.svg'), 'utf8');
    expect(committed).toEqual(fs.readFileSync(file('svg'), 'utf8'));
  });

  test('docs/data-map.png is a screenshot of that drawing, at its size (regenerate it with a Chromium installed: npx projen docs:data-map)', () => {
    const png = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'data-map.png'));
    // The PNG signature, then the IHDR chunk: width and height as 32-bit big-endian integers.
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    const svg = fs.readFileSync(file('svg'), 'utf8');
    const size = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!;
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([Number(size[1]), Number(size[2])]);
    // A drawing, not a blank page: far more bytes than an empty image of that size compresses to.
    expect(png.length).toBeGreaterThan(50_000);
  });
});

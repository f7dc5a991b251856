import * as fs from 'fs';
import * as path from 'path';
import { run } from './run';
import { dataMapName } from '../../src/cli/data-map';
import { tempDir } from '../engine/apps';

/**
 * A small template: a bucket and a queue that hold PHI (the bucket classified so, the queue by
 * default), a log group classified NO_PHI, and a function that reads the bucket.
 */
const TEMPLATE = `Resources:
  PatientRecords:
    Type: AWS::S3::Bucket
    Metadata:
      cdk_hipaa:
        dataClassification: PHI
        reason: Scanned intake forms
  IntakeQueue:
    Type: AWS::SQS::Queue
  BuildLogs:
    Type: AWS::Logs::LogGroup
    Metadata:
      cdk_hipaa:
        dataClassification: NO_PHI
        reason: Build output of the deploy pipeline only
  ReaderRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub '\${PatientRecords.Arn}/*'
  Reader:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt ReaderRole.Arn
      Runtime: nodejs20.x
      Handler: index.handler
      Code: { ZipFile: 'exports.handler = async () => {}' }
`;

function templateDir(prefix: string): string {
  const dir = tempDir(prefix);
  fs.writeFileSync(path.join(dir, 'records.template.yaml'), TEMPLATE);
  return dir;
}

const EXTENSIONS = ['json', 'md', 'mmd', 'svg'];

describe('cdk-hipaa check --data-map', () => {
  test('writes the inventory and flow map of a template into the directory, and says so on standard error', () => {
    const dir = templateDir('cli-data-map');
    const r = run(['check', 'records.template.yaml', '--data-map', 'maps', '--fail-on', 'none'], dir);
    expect(r.code).toEqual(0);
    expect(fs.readdirSync(path.join(dir, 'maps')).sort()).toEqual(EXTENSIONS.map((ext) => `records.hipaa-data-map.${ext}`));
    expect(r.err).toEqual(`cdk-hipaa: wrote the PHI inventory and data-flow map to ${path.join('maps', 'records.hipaa-data-map')}.{json,md,mmd,svg}\n`);
    // The report still goes to standard output.
    expect(r.out).toMatch(/resources checked/);

    const map = JSON.parse(fs.readFileSync(path.join(dir, 'maps', 'records.hipaa-data-map.json'), 'utf8'));
    const byLogicalId = Object.fromEntries(map.inventory.map((e: any) => [e.logicalId, e]));
    expect(byLogicalId.PatientRecords).toMatchObject({ role: 'store', classification: 'PHI' });
    expect(byLogicalId.IntakeQueue).toMatchObject({ role: 'store', classification: 'unclassified' });
    expect(byLogicalId.BuildLogs).toMatchObject({ role: 'store', classification: 'NO_PHI' });
    expect(byLogicalId.Reader).toMatchObject({ role: 'processor' });
    expect(byLogicalId.ReaderRole).toBeUndefined();

    const markdown = fs.readFileSync(path.join(dir, 'maps', 'records.hipaa-data-map.md'), 'utf8');
    for (const store of ['PatientRecords', 'IntakeQueue', 'BuildLogs']) expect(markdown).toContain(store);
    expect(fs.readFileSync(path.join(dir, 'maps', 'records.hipaa-data-map.mmd'), 'utf8')).toContain('PatientRecords');
    expect(fs.readFileSync(path.join(dir, 'maps', 'records.hipaa-data-map.svg'), 'utf8')).toMatch(/^<svg[\s\S]*PatientRecords[\s\S]*<\/svg>\s*$/);
  });

  test('templates given together make one map, named combined', () => {
    const dir = templateDir('cli-data-map-combined');
    fs.writeFileSync(path.join(dir, 'queue.json'), JSON.stringify({ Resources: { Other: { Type: 'AWS::SQS::Queue' } } }));
    const r = run(['check', 'records.template.yaml', 'queue.json', '--data-map', 'maps', '--fail-on', 'none', '--format', 'json'], dir);
    expect(r.code).toEqual(0);
    expect(fs.readdirSync(path.join(dir, 'maps')).sort()).toEqual(EXTENSIONS.map((ext) => `combined.hipaa-data-map.${ext}`));
    const map = JSON.parse(fs.readFileSync(path.join(dir, 'maps', 'combined.hipaa-data-map.json'), 'utf8'));
    expect(map.inventory.map((e: any) => e.logicalId)).toEqual(expect.arrayContaining(['PatientRecords', 'Other']));
  });

  test('without --data-map nothing is written beside the report', () => {
    const dir = templateDir('cli-no-data-map');
    const r = run(['check', 'records.template.yaml', '--fail-on', 'none'], dir);
    expect(r.err).toEqual('');
    expect(fs.readdirSync(dir)).toEqual(['records.template.yaml']);
  });

  test('fails when the directory cannot be written: exit 2 with one line, and no report', () => {
    const dir = templateDir('cli-data-map-bad');
    fs.writeFileSync(path.join(dir, 'taken'), 'a file');
    for (const target of ['taken', path.join('taken', 'maps')]) {
      const r = run(['check', 'records.template.yaml', '--data-map', target], dir);
      expect(r.code).toEqual(2);
      expect(r.out).toEqual('');
      expect(r.err).toMatch(new RegExp(`^cdk-hipaa: cannot write the data map to ${target.replace(/[/\\]/g, '.')}: [^\\n]+\\n$`));
    }
  });

  test('fails when --data-map has no value', () => {
    const r = run(['check', 'x.json', '--data-map', '']);
    expect(r.code).toEqual(2);
    expect(r.err).toMatch(/^cdk-hipaa: --data-map needs a value\n/);
  });

  test('the file name: the one top-level template\'s name, else combined', () => {
    const t = (name: string, file?: string, parentStackKey?: string) =>
      ({ name, stackKey: name, template: {}, ...(file ? { file } : {}), ...(parentStackKey ? { parentStackKey } : {}) });
    expect(dataMapName({ templates: [t('buckets.yaml', '/x/buckets.yaml')] })).toEqual('buckets');
    expect(dataMapName({ templates: [t('Web.template.json', '/x/Web.template.json')] })).toEqual('Web');
    expect(dataMapName({ templates: [t('Prod/Api', '/out/assembly-Prod/ProdApi.template.json'), t('Nested', '/out/n.json', 'Prod/Api')] })).toEqual('Prod-Api');
    expect(dataMapName({ templates: [t('a.json', '/x/a.json'), t('b.json', '/x/b.json')] })).toEqual('combined');
  });
});

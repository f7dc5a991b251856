import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AfterStack } from '../../examples/existing-app/after-stack';
import { BeforeStack } from '../../examples/existing-app/before-stack';
import { HipaaAspect, HipaaAspectMode, HipaaFindingStatus } from '../../src';
import { stableTemplate } from '../snapshot';
import { expectNagClean, TEST_ENV } from '../util';

describe('examples/existing-app', () => {
  test('before: HipaaAspect reports exactly these failures on an ordinary app', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new BeforeStack(app, 'Before', { env: TEST_ENV });
    const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
    app.synth();
    const failures = aspect.findings
      .filter((f) => f.status === HipaaFindingStatus.FAIL)
      .map((f) => `${f.constructPath.replace(/^Before\//, '')} ${f.controlId}`)
      .sort();
    expect(failures).toMatchSnapshot();
  });

  test('after: the same app fixed passes HipaaAspect in ERROR mode and cdk-nag', () => {
    const app = new App({ builtinCloudFormationValidation: true });
    const stack = new AfterStack(app, 'After', { env: TEST_ENV });
    const aspect = HipaaAspect.applyTo(stack, { report: false });
    app.synth();
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
    expect(aspect.findings.filter((f) => f.status === HipaaFindingStatus.FAIL)).toEqual([]);
    expectNagClean(stack);
  });

  test('data map: the ordinary app\'s stores are unclassified, the fixed app\'s are PHI stores of the library', () => {
    // As examples/existing-app/app.ts writes them: both stacks with dataMap: true.
    const app = new App({ builtinCloudFormationValidation: false });
    HipaaAspect.applyTo(new BeforeStack(app, 'Before', { env: TEST_ENV }), { mode: HipaaAspectMode.WARN, dataMap: true });
    HipaaAspect.applyTo(new AfterStack(app, 'After', { env: TEST_ENV }), { dataMap: true });
    const dir = app.synth().directory;
    const stores = (stack: string) => JSON.parse(fs.readFileSync(path.join(dir, `${stack}.hipaa-data-map.json`), 'utf8')).inventory
      .filter((e: any) => e.role === 'store')
      .map((e: any) => `${e.classification} ${e.type} ${e.constructPath.replace(`${stack}/`, '')}`)
      .sort();
    expect(stores('Before')).toEqual(expect.arrayContaining([
      'unclassified AWS::EC2::Volume Scratch/Resource',
      'unclassified AWS::Logs::LogGroup AppLogs/Resource',
      'unclassified AWS::RDS::DBInstance Database/Resource',
      'unclassified AWS::S3::Bucket Documents/Resource',
    ]));
    expect(stores('Before').filter((s: string) => s.startsWith('PHI'))).toEqual([]);
    expect(stores('After')).toEqual(expect.arrayContaining([
      'PHI AWS::EC2::Volume Scratch/Volume/Resource',
      'PHI AWS::Logs::LogGroup AppLogs/LogGroup/Resource',
      'PHI AWS::RDS::DBInstance Database/Instance/Resource',
      'PHI AWS::S3::Bucket Documents/Bucket/Resource',
      'PHI AWS::Backup::BackupVault HipaaBackupPlan/Vault/Resource',
      // Server access logs hold request records, not PHI: EncryptedBucket classifies its log bucket so.
      'NO_PHI AWS::S3::Bucket Documents/AccessLogs/Resource',
    ]));
    for (const ext of ['md', 'mmd', 'svg']) expect(fs.existsSync(path.join(dir, `After.hipaa-data-map.${ext}`))).toBe(true);
  });

  test('templates', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const before = new BeforeStack(app, 'Before', { env: TEST_ENV });
    const after = new AfterStack(app, 'After', { env: TEST_ENV });
    expect({ before: stableTemplate(before), after: stableTemplate(after) }).toMatchSnapshot();
  });
});

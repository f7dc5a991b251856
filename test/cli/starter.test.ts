import * as fs from 'fs';
import * as path from 'path';
import { run } from './run';
import { starterApp, synthesize, tempDir } from '../engine/apps';

describe('cdk-hipaa check on the starter example\'s cloud assembly', () => {
  const app = synthesize('cli-starter', starterApp);

  test('nothing is unverifiable: the rotation application of addRotationSingleUser() is recognized from the template', () => {
    const report = JSON.parse(run(['check', app.outdir, '--format', 'json', '--fail-on', 'warning']).out);
    expect(report.findings.filter((f: any) => f.status === 'UNVERIFIABLE')).toEqual([]);
    const rotation = report.findings.filter((f: any) => f.resourceType === 'AWS::Serverless::Application');
    expect(rotation.map((f: any) => f.controlId)).not.toContain('General.SamResourceExpanded');
    // The application is in the template, so the control was asked about it.
    const template = JSON.parse(fs.readFileSync(path.join(app.outdir, 'HipaaStarter.template.json'), 'utf8'));
    expect(Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::Serverless::Application')).toHaveLength(1);
  });

  test('--data-map names the files after the stack, as HipaaAspect does, and inventories its stores (PHI unless classified otherwise)', () => {
    const dir = tempDir('cli-starter-map');
    const r = run(['check', app.outdir, '--data-map', dir, '--fail-on', 'none', '--format', 'sarif', '--output', path.join(dir, 'hipaa.sarif')]);
    expect(r.code).toEqual(0);
    expect(fs.readdirSync(dir).sort()).toEqual([
      'HipaaStarter.hipaa-data-map.json', 'HipaaStarter.hipaa-data-map.md', 'HipaaStarter.hipaa-data-map.mmd', 'HipaaStarter.hipaa-data-map.svg', 'hipaa.sarif',
    ]);
    const map = JSON.parse(fs.readFileSync(path.join(dir, 'HipaaStarter.hipaa-data-map.json'), 'utf8'));
    const stores = map.inventory.filter((e: any) => e.role === 'store' && e.classification !== 'NO_PHI').map((e: any) => e.type);
    expect(stores).toEqual(expect.arrayContaining(['AWS::S3::Bucket', 'AWS::RDS::DBInstance']));
  });
});

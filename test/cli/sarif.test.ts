import * as fs from 'fs';
import * as path from 'path';
import { run } from './run';
import { CATALOG } from '../../src/controls/catalog';
import { shapesApp, synthesize, tempDir } from '../engine/apps';

const REPO = path.join(__dirname, '..', '..');
const TEMPLATE = 'test/engine/fixtures/violations.template.json';
const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;

/** The shape SARIF 2.1.0 requires of a log and what GitHub code scanning reads (no schema file offline: asserted field by field). */
function expectValidSarif(log: any) {
  expect(log.version).toEqual('2.1.0');
  expect(log.$schema).toMatch(/sarif-2\.1\.0/);
  expect(log.runs).toHaveLength(1);
  const driver = log.runs[0].tool.driver;
  expect(driver).toMatchObject({ name: 'cdk-hipaa', version });
  const ruleIds = driver.rules.map((r: any) => r.id);
  expect(new Set(ruleIds).size).toEqual(ruleIds.length);
  for (const rule of driver.rules) {
    expect(rule).toMatchObject({
      id: expect.any(String),
      shortDescription: { text: expect.any(String) },
      help: { text: expect.stringMatching(/45 CFR 164\./) },
      properties: { tags: expect.arrayContaining([expect.stringMatching(/^164\./)]) },
    });
  }
  for (const result of log.runs[0].results) {
    expect(ruleIds).toContain(result.ruleId);
    expect(driver.rules[result.ruleIndex].id).toEqual(result.ruleId);
    expect(['error', 'warning', 'note']).toContain(result.level);
    expect(result.message.text).toEqual(expect.any(String));
    expect(result.locations).toHaveLength(1);
    const location = result.locations[0];
    expect(location.physicalLocation.artifactLocation.uri).not.toMatch(/^\/|\\/);
    expect(Number.isInteger(location.physicalLocation.region.startLine) && location.physicalLocation.region.startLine >= 1).toBe(true);
    expect(location.logicalLocations[0].fullyQualifiedName).toEqual(expect.any(String));
  }
}

describe('--format sarif', () => {
  test('a template: rules from the catalog, results with levels, file and line', () => {
    const r = run(['check', TEMPLATE, '--format', 'sarif'], REPO);
    expect(r.code).toEqual(1);
    const log = JSON.parse(r.out);
    expectValidSarif(log);
    const { rules } = log.runs[0].tool.driver;
    expect(rules.map((x: any) => x.id)).toEqual(CATALOG.map((c) => c.id));
    const s3 = CATALOG.find((c) => c.id === 'S3.DefaultEncryptionKms')!;
    expect(rules.find((x: any) => x.id === s3.id)).toMatchObject({
      shortDescription: { text: s3.title },
      help: { text: `${s3.fix} 45 CFR ${s3.citations.join(', ')}.` },
      properties: { tags: [...s3.citations] },
    });

    const results = log.runs[0].results;
    expect(results.map((x: any) => `${x.ruleId} ${x.level} ${x.locations[0].physicalLocation.region.startLine}`)).toEqual([
      'S3.DefaultEncryptionKms error 8',
      'S3.Versioning error 8',
      'S3.AccessLogging error 8',
      'S3.TlsOnly error 8',
      'S3.DenyWrongEncryptionHeader warning 8',
      'S3.Replication warning 8',
      'S3.DataRetained error 8',
      'EC2.NoPublicAdminPorts error 11',
      'SQS.TlsOnly error 34',
      'SQS.CustomerManagedKey warning 38',
      'SQS.TlsOnly error 38',
    ]);
    const unverifiable = results.find((x: any) => x.ruleId === 'SQS.CustomerManagedKey');
    expect(unverifiable.message.text).toMatch(/^Could not be verified: /);
    expect(unverifiable.locations[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: TEMPLATE }, region: { startLine: 38 } },
      logicalLocations: [{ fullyQualifiedName: 'violations.template.json/ParameterQueue', name: 'ParameterQueue', kind: 'resource' }],
    });
  });

  test('a cloud assembly: acknowledged findings are notes with an external suppression; construct paths as logical locations', () => {
    const app = synthesize('sarif', shapesApp);
    const out = tempDir('sarif-out');
    const r = run(['check', app.outdir, '--format', 'sarif', '--output', 'hipaa.sarif'], out);
    expect(r.code).toEqual(1);
    const log = JSON.parse(fs.readFileSync(path.join(out, 'hipaa.sarif'), 'utf8'));
    expectValidSarif(log);
    const acknowledged = log.runs[0].results.filter((x: any) => x.level === 'note');
    expect(acknowledged.length).toEqual(5);
    const versioning = acknowledged.find((x: any) => x.ruleId === 'S3.Versioning');
    expect(versioning.suppressions).toEqual([{ kind: 'external', justification: 'Holds rebuildable build artifacts only' }]);
    expect(versioning.locations[0].logicalLocations[0].fullyQualifiedName).toEqual('Producer/Open/Resource');
    expect(versioning.locations[0].physicalLocation.artifactLocation.uri).toEqual(path.relative(out, path.join(app.outdir, 'Producer.template.json')));
    // Only acknowledged results are suppressed.
    expect(log.runs[0].results.filter((x: any) => x.suppressions).length).toEqual(5);
  });
});

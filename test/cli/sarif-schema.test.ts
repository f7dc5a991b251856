import * as path from 'path';
import { run } from './run';
import { shapesApp, starterApp, synthesize } from '../engine/apps';
import { brokenCopy, describeWithSarifSchema, sarifSchemaErrors } from '../fixtures/sarif-schema';

const REPO = path.join(__dirname, '..', '..');

/**
 * `cdk-hipaa check <inputs> --format sarif`, run from the repository root: the exit code and the parsed log
 * (warnings on standard error, such as acknowledgements without a real reason, are another test's subject).
 */
function checkSarif(...inputs: string[]): { code: number; log: any } {
  const r = run(['check', ...inputs, '--format', 'sarif'], REPO);
  return { code: r.code, log: JSON.parse(r.out) };
}

describeWithSarifSchema('cdk-hipaa check --format sarif against the SARIF 2.1.0 JSON schema', () => {
  // GIVEN the starter example synthesized into a cloud assembly
  const starter = synthesize('sarif-schema-starter', starterApp);

  test('the starter\'s cloud assembly: a valid log, no failures, its acknowledgements as suppressed notes', () => {
    // WHEN
    const { code, log } = checkSarif(starter.outdir);
    // THEN
    expect(code).toEqual(0);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results: any[] = log.runs[0].results;
    expect(results.filter((r) => r.properties.status === 'FAIL')).toEqual([]);
    const acknowledged = results.filter((r) => r.properties.status === 'ACKNOWLEDGED');
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const result of results) {
      const suppressed = result.properties.status === 'ACKNOWLEDGED';
      if (suppressed) expect(result.level).toEqual('note');
      expect(result.suppressions).toEqual(suppressed ? [{ kind: 'external', justification: expect.stringMatching(/\w.{9,}/) }] : undefined);
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    }
  });

  test('templates with failures, JSON and YAML: a valid log with error and warning results', () => {
    const { code, log } = checkSarif('test/engine/fixtures/violations.template.json', 'test/engine/fixtures/violations.template.yaml');
    expect(code).toEqual(1);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const levels = new Set(log.runs[0].results.map((r: any) => r.level));
    expect([...levels].sort()).toEqual(['error', 'warning']);
    const uris = new Set(log.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual(['test/engine/fixtures/violations.template.json', 'test/engine/fixtures/violations.template.yaml']);
  });

  test('a cloud assembly with failures and acknowledgements (nested stack, stage, parameters): a valid log with both', () => {
    const shapes = synthesize('sarif-schema-shapes', shapesApp);
    const { code, log } = checkSarif(shapes.outdir);
    expect(code).toEqual(1);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results: any[] = log.runs[0].results;
    expect(results.some((r) => r.suppressions?.length === 1 && r.level === 'note')).toBe(true);
    expect(results.some((r) => r.suppressions === undefined && r.level === 'error')).toBe(true);
  });

  test('fails when the log breaks the schema (the check is not vacuous)', () => {
    const { log } = checkSarif('test/engine/fixtures/violations.template.json');
    expect(sarifSchemaErrors(log)).toEqual([]);
    const broken = [
      brokenCopy(log, (l) => { l.version = '2.0.0'; }),
      brokenCopy(log, (l) => { l.runs[0].results[0].level = 'fatal'; }),
      brokenCopy(log, (l) => { delete l.runs[0].results[0].message; }),
      brokenCopy(log, (l) => { l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0; }),
      brokenCopy(log, (l) => { l.runs[0].results[0].suppressions = [{ kind: 'acknowledged' }]; }),
      brokenCopy(log, (l) => { l.runs[0].tool.driver.rules[0].defaultConfiguration.level = 'fatal'; }),
      brokenCopy(log, (l) => { delete l.runs[0].tool.driver.name; }),
      brokenCopy(log, (l) => { l.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'file name with spaces.json'; }),
    ];
    for (const b of broken) expect(sarifSchemaErrors(b)).not.toEqual([]);
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { StarterStack } from '../../examples/starter/starter-stack';
import { HipaaAspect, HipaaAspectMode } from '../../src';
import { brokenCopy, describeWithSarifSchema, sarifSchemaErrors } from '../fixtures/sarif-schema';
import { TEST_ENV, testApp, testStack } from '../util';

const REPO = path.join(__dirname, '..', '..');
const STARTER = path.join(REPO, 'examples', 'starter');

/** The aspect's `<stack>.hipaa-report.sarif` in the cloud assembly `dir`. */
function readSarif(dir: string, stack: string): any {
  return JSON.parse(fs.readFileSync(path.join(dir, `${stack}.hipaa-report.sarif`), 'utf8'));
}

/** The absolute file a result's physical location names (URIs are relative to the working directory). */
function fileOf(result: any): string {
  return path.resolve(process.cwd(), decodeURIComponent(result.locations[0].physicalLocation.artifactLocation.uri));
}

describeWithSarifSchema('HipaaAspect\'s SARIF report against the SARIF 2.1.0 JSON schema', () => {
  describe('a synth of the starter', () => {
    // GIVEN the starter as its app.ts builds it: HipaaAspect in ERROR mode, reports on
    const app = new App({ builtinCloudFormationValidation: false });
    const stack = new StarterStack(app, 'HipaaStarter', { env: TEST_ENV, alertEmails: ['security@example.com'] });
    HipaaAspect.applyTo(stack);
    // WHEN
    const dir = app.synth().directory;
    const log = readSarif(dir, 'HipaaStarter');
    const results: any[] = log.runs[0].results;
    const source = fs.readFileSync(path.join(STARTER, 'starter-stack.ts'), 'utf8').split('\n');

    test('writes a log that passes schema validation', () => {
      expect(sarifSchemaErrors(log)).toEqual([]);
    });

    test('holds only acknowledged results, each a suppressed note with the reason as justification', () => {
      expect(results.length).toBeGreaterThan(0);
      for (const result of results) {
        expect(result).toMatchObject({ level: 'note', properties: { status: 'ACKNOWLEDGED' } });
        expect(result.suppressions).toEqual([{ kind: 'external', justification: expect.stringMatching(/\w.{9,}/) }]);
      }
    });

    test('results point at lines of examples/starter/*.ts that exist, or at the logical id in the template when no starter line created the resource', () => {
      const inStarter = results.filter((r) => fileOf(r).startsWith(STARTER + path.sep));
      // most resources are created by a line of the starter; the rest point at the stack's template
      expect(inStarter.length).toBeGreaterThan(results.length / 2);
      for (const result of results) {
        const file = fileOf(result);
        const line = result.locations[0].physicalLocation.region.startLine;
        expect(fs.existsSync(file)).toBe(true);
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        expect(line).toBeGreaterThan(0);
        expect(line).toBeLessThanOrEqual(lines.length);
        if (file.endsWith('.ts')) {
          expect(path.relative(REPO, file)).toMatch(/^examples\/starter\/[^/]+\.ts$/);
          expect(lines[line - 1]).toMatch(/\bnew (\w+\.)*[A-Z]\w*\(this, '/);
        } else {
          expect(file).toEqual(path.join(dir, 'HipaaStarter.template.json'));
          expect(lines[line - 1]).toMatch(new RegExp(`^\\s*"${result.locations[0].logicalLocations[0].name}": \\{`));
        }
      }
    });

    test('the document bucket\'s acknowledged results point at the line that creates it', () => {
      const documentsLine = source.findIndex((l) => l.includes('new EncryptedBucket(this, \'Documents\'')) + 1;
      expect(documentsLine).toBeGreaterThan(0);
      const documents = results.filter((r) => r.locations[0].logicalLocations[0].fullyQualifiedName.startsWith('HipaaStarter/Documents/'));
      expect(documents.length).toBeGreaterThan(0);
      for (const result of documents) {
        expect(result.locations[0].physicalLocation).toEqual({
          artifactLocation: { uri: path.relative(process.cwd(), path.join(STARTER, 'starter-stack.ts')).split(path.sep).join('/') },
          region: { startLine: documentsLine },
        });
      }
    });

    test('fails when the log breaks the schema (the check is not vacuous)', () => {
      expect(sarifSchemaErrors(brokenCopy(log, (l) => { l.runs[0].results[0].suppressions[0].kind = 'acknowledged'; }))).not.toEqual([]);
      expect(sarifSchemaErrors(brokenCopy(log, (l) => { l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0; }))).not.toEqual([]);
      expect(sarifSchemaErrors(brokenCopy(log, (l) => { l.runs[0].tool.driver.rules[0].shortDescription = 'text'; }))).not.toEqual([]);
    });
  });

  test('a stack with failures and an acknowledgement (WARN mode): a valid log with errors, warnings and a suppressed note', () => {
    const app = testApp();
    const stack = testStack(app);
    const bucket = new s3.Bucket(stack, 'Phi');
    Validations.of(bucket).acknowledge({ id: 'CdkHipaa::S3.Replication', reason: 'Recovery relies on versioning and AWS Backup in this account.' });
    HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN });
    const log = readSarif(app.synth().directory, 'TestStack');
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results: any[] = log.runs[0].results;
    expect(new Set(results.map((r) => r.level))).toEqual(new Set(['error', 'warning', 'note']));
    expect(results.filter((r) => r.suppressions).map((r) => r.ruleId)).toEqual(['S3.Replication']);
  });
});

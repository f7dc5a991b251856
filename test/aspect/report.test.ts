import * as fs from 'fs';
import * as path from 'path';
import { CfnResource } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HipaaAspect, HipaaAspectMode, HipaaControls } from '../../src';
import { sectionName } from '../../src/aspect/report';
import { testApp, testStack } from '../util';

function synthReport(build: (stack: ReturnType<typeof testStack>) => void): { json: any; md: string } {
  const app = testApp();
  const stack = testStack(app);
  build(stack);
  HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN });
  const dir = app.synth().directory;
  return {
    json: JSON.parse(fs.readFileSync(path.join(dir, 'TestStack.hipaa-report.json'), 'utf8')),
    md: fs.readFileSync(path.join(dir, 'TestStack.hipaa-report.md'), 'utf8'),
  };
}

describe('report counts', () => {
  test('a stack whose only store no control assesses does not look healthy: it is listed as not assessed', () => {
    // GIVEN a HIPAA-eligible store no control of the catalog applies to
    const { json, md } = synthReport((stack) => {
      new CfnResource(stack, 'Fhir', { type: 'AWS::HealthLake::FHIRDatastore', properties: { DatastoreTypeVersion: 'R4' } });
    });
    // THEN its eligibility PASS is counted apart, nothing is counted as assessed, and it is listed
    expect(json.totals.eligibility).toEqual({ pass: 1, fail: 0, acknowledged: 0, unverifiable: 0 });
    expect(json.totals.assessed).toEqual({ resources: 0, pass: 0, fail: 0, acknowledged: 0, unverifiable: 0 });
    expect(json.totals.notAssessed).toBe(1);
    expect(json.notAssessed).toEqual([{ path: 'TestStack/Fhir', logicalId: 'Fhir', type: 'AWS::HealthLake::FHIRDatastore', eligibility: 'PASS' }]);
    expect(md).toContain('| TestStack/Fhir | AWS::HealthLake::FHIRDatastore | PASS |');
    expect(md).toContain('Assessed: 0 of the app\'s resources by at least one control besides the HIPAA-eligible-service check; 1 not assessed');
  });

  test('per resource: the controls that assessed it, without General.HipaaEligibleService, whose status is shown apart', () => {
    const { json, md } = synthReport((stack) => new s3.CfnBucket(stack, 'Bucket'));
    const bucket = json.resources.find((r: any) => r.path === 'TestStack/Bucket');
    const others = bucket.findings.filter((f: any) => f.controlId !== 'General.HipaaEligibleService');
    expect(bucket.eligibility).toBe('PASS');
    expect(bucket.assessed.pass + bucket.assessed.fail + bucket.assessed.acknowledged + bucket.assessed.unverifiable).toBe(others.length);
    expect(bucket.assessed.fail).toBe(others.filter((f: any) => f.status === 'FAIL').length);
    expect(json.totals.assessed).toMatchObject({ resources: 1, fail: bucket.assessed.fail, pass: bucket.assessed.pass });
    expect(json.totals.eligibility.pass).toBe(1);
    expect(json.notAssessed).toEqual([]);
    expect(md).toContain(`| TestStack/Bucket | AWS::S3::Bucket | ${bucket.assessed.pass} | ${bucket.assessed.fail} | 0 | ${bucket.assessed.unverifiable} | PASS |`);
    expect(md).toMatch(/\| HIPAA-eligible service \(General\.HipaaEligibleService\) \| 1 \| 1 \| 0 \| 0 \| 0 \|/);
  });

  test('a resource of a service off the eligible list is not assessed and fails eligibility', () => {
    const { json } = synthReport((stack) => new CfnResource(stack, 'Amplify', { type: 'AWS::Amplify::App', properties: { Name: 'x' } }));
    expect(json.notAssessed).toEqual([{ path: 'TestStack/Amplify', logicalId: 'Amplify', type: 'AWS::Amplify::App', eligibility: 'FAIL' }]);
    expect(json.totals.eligibility.fail).toBe(1);
  });
});

describe('report section names', () => {
  test('the business associate sections have their own names', () => {
    expect(sectionName('164.308(b)(1)')).toBe('Business associate contracts and other arrangements');
    expect(sectionName('164.314(a)(1)')).toBe('Business associate contracts or other arrangements');
  });

  test('a citation takes the name of its most specific listed section', () => {
    expect(sectionName('164.312(a)(2)(iv)')).toBe('Access control: encryption and decryption');
    expect(sectionName('164.312(a)(1)')).toBe('Access control');
    expect(sectionName('164.316(b)(2)(i)')).toBe('Documentation: time limit (retained for six years)');
    expect(sectionName('164.308(a)(7)(ii)(B)')).toBe('Contingency plan: disaster recovery plan');
  });

  test('every section the catalog cites has a proper name (none is "Other" or a bare citation)', () => {
    const citations = [...new Set(HipaaControls.all().flatMap((c) => c.citations))].sort();
    expect(citations.length).toBeGreaterThan(10);
    const unnamed = citations.filter((c) => /^45 CFR|^Other$/.test(sectionName(c)));
    expect(unnamed).toEqual([]);
  });
});

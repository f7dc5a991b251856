import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { CFN_VALIDATION_AS_ERRORS, TEST_ENV, testApp } from './util';

/**
 * `testApp({ cfnValidation: true })` is the judge of template validity in end-to-end tests, so it
 * must be able to fail: aws-cdk-lib's built-in CloudFormation validation reports its findings as
 * warnings (and synth succeeds) unless `@aws-cdk/core:validateAgainstDefaultRules` is true.
 */
describe('testApp({ cfnValidation: true })', () => {
  function appWithBucket(properties: Record<string, unknown>) {
    const app = testApp({ cfnValidation: true });
    const stack = new Stack(app, 'Validated', { env: TEST_ENV });
    new CfnResource(stack, 'Bucket', { type: 'AWS::S3::Bucket', properties });
    return app;
  }

  test('fails when a property has the wrong type', () => {
    // GIVEN VersioningConfiguration, an object in the schema, as a string
    const app = appWithBucket({ VersioningConfiguration: 'Enabled' });
    // THEN synthesis throws with the CloudFormation Validate report naming the resource
    expect(() => app.synth()).toThrow(/CloudFormation Validate[\s\S]*Validated\/Bucket/);
    const report = readValidationReport(app.outdir);
    expect(report.pluginReports).toEqual([expect.objectContaining({ pluginName: 'CloudFormation Validate', conclusion: 'failure' })]);
    const errors = report.pluginReports[0].violations.filter((v: any) => v.severity === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.flatMap((v: any) => v.violatingConstructs.map((c: any) => c.constructPath))).toContain('Validated/Bucket');
  });

  test('fails when a property is unknown', () => {
    const app = appWithBucket({ VersioningConfiguration: { Status: 'Enabled' }, NoSuchProperty: true });
    expect(() => app.synth()).toThrow(/NoSuchProperty/);
  });

  test('passes a valid template', () => {
    const app = appWithBucket({ VersioningConfiguration: { Status: 'Enabled' } });
    const assembly = app.synth();
    expect(assembly.getStackByName('Validated').template.Resources.Bucket.Type).toBe('AWS::S3::Bucket');
  });

  test('sets the flag without which aws-cdk-lib only warns', () => {
    // GIVEN the same invalid template in an App with validation on but the flag unset
    const app = new App({ builtinCloudFormationValidation: true });
    const stack = new Stack(app, 'Warned', { env: TEST_ENV });
    new CfnResource(stack, 'Bucket', { type: 'AWS::S3::Bucket', properties: { VersioningConfiguration: 'Enabled' } });
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // THEN synthesis succeeds and the report calls the errors warnings
      expect(() => app.synth()).not.toThrow();
    } finally {
      spy.mockRestore();
    }
    const report = readValidationReport(app.outdir).pluginReports[0];
    expect(report.conclusion).toBe('success');
    expect(report.violations.length).toBeGreaterThanOrEqual(1);
    expect(report.violations.every((v: any) => v.severity === 'warning')).toBe(true);
    expect(testApp({ cfnValidation: true }).node.tryGetContext(CFN_VALIDATION_AS_ERRORS)).toBe(true);
  });

  test('without the option, validation does not run', () => {
    const app = testApp();
    const stack = new Stack(app, 'Unvalidated', { env: TEST_ENV });
    new CfnResource(stack, 'Bucket', { type: 'AWS::S3::Bucket', properties: { VersioningConfiguration: 'Enabled' } });
    expect(() => app.synth()).not.toThrow();
    expect(fs.existsSync(path.join(app.outdir, 'validation-report.json'))).toBe(false);
  });
});

function readValidationReport(outdir: string): any {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
}

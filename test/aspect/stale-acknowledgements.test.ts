import * as fs from 'fs';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HipaaAspect, HipaaAspectMode } from '../../src';
import { testApp, testStack } from '../util';

const REASON = 'Reviewed by the security team in the 2026 risk analysis';

/** An app with one acknowledgement in use, one that clears nothing and one with a mistyped id. */
function app() {
  const a = testApp();
  const stack = testStack(a);
  const unversioned = new s3.Bucket(stack, 'Unversioned', { enforceSSL: true });
  Validations.of(unversioned).acknowledge({ id: 'CdkHipaa::S3.Versioning', reason: REASON });
  const versioned = new s3.Bucket(stack, 'Versioned', { versioned: true });
  Validations.of(versioned).acknowledge({ id: 'CdkHipaa::S3.Versioning', reason: REASON });
  Validations.of(versioned).acknowledge({ id: 'CdkHipaa::S3.Versionning', reason: REASON });
  Validations.of(versioned).acknowledge({ id: 'HIPAA.Security::HIPAA.Security-S3BucketVersioningEnabled', reason: REASON });
  return { app: a, stack };
}

describe('stale acknowledgements', () => {
  test('an acknowledgement that clears no finding is a warning naming where it is and what to do', () => {
    const { stack } = app();
    HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Versioned', Match.stringLikeRegexp('clears nothing'));
    expect(warnings.map((w) => w.entry.data)).toEqual([
      "[CdkHipaa::S3.Versioning] the acknowledgement at 'TestStack/Versioned' clears nothing: no resource under it fails S3.Versioning. "
        + 'Remove it, so that a future failure is not hidden.',
      // The same message as the cdk-hipaa command's, from the engine.
      "[CdkHipaa::S3.Versionning] the acknowledgement at 'TestStack/Versioned' clears nothing: S3.Versionning is not a control of the catalog. "
        + 'Closest catalog ids: CdkHipaa::S3.Versioning, CdkHipaa::S3.AccessLogging, CdkHipaa::S3.Replication.',
    ]);
  });

  test('one in use, and other tools\' acknowledgements, are not reported', () => {
    const { stack } = app();
    HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
    expect(Annotations.fromStack(stack).findWarning('/TestStack/Unversioned', Match.stringLikeRegexp('clears nothing'))).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('S3BucketVersioningEnabled.*clears nothing'))).toEqual([]);
  });

  test('the report lists them for the auditor', () => {
    const { app: a, stack } = app();
    HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN });
    const assembly = a.synth();
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'TestStack.hipaa-report.json'), 'utf8'));
    expect(report.staleAcknowledgements.map((s: any) => `${s.at} ${s.controlId}`)).toEqual([
      'TestStack/Versioned S3.Versioning', 'TestStack/Versioned S3.Versionning',
    ]);
    const markdown = fs.readFileSync(path.join(assembly.directory, 'TestStack.hipaa-report.md'), 'utf8');
    expect(markdown).toContain('## Stale acknowledgements');
    expect(markdown).toContain('| S3.Versionning | TestStack/Versioned |');
  });

  test('an id far from every control gets no suggestion', () => {
    const a = testApp();
    const stack = testStack(a);
    Validations.of(new s3.Bucket(stack, 'B', { versioned: true })).acknowledge({ id: 'CdkHipaa::Something.Else', reason: REASON });
    HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
    const [warning] = Annotations.fromStack(stack).findWarning('/TestStack/B', Match.stringLikeRegexp('Something\\.Else'));
    expect(warning.entry.data).toMatch(/Something\.Else is not a control of the catalog\.$/);
  });
});

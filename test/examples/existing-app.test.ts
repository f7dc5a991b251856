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

  test('templates', () => {
    const app = new App({ builtinCloudFormationValidation: false });
    const before = new BeforeStack(app, 'Before', { env: TEST_ENV });
    const after = new AfterStack(app, 'After', { env: TEST_ENV });
    expect({ before: stableTemplate(before), after: stableTemplate(after) }).toMatchSnapshot();
  });
});

import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { HipaaAspect, HipaaFindingStatus } from '../../src';
import { LIBRARY_CONSTRUCTS } from '../library-constructs';
import { nagFindings, testApp, testStack } from '../util';

/** The catalog is the one source of truth for "compliant": every construct meets it with its defaults. */
describe.each(Object.keys(LIBRARY_CONSTRUCTS))('%s with default props', (name) => {
  let stack: Stack;
  let aspect: HipaaAspect;
  beforeAll(() => {
    const app = testApp();
    stack = testStack(app);
    LIBRARY_CONSTRUCTS[name](stack);
    aspect = HipaaAspect.applyTo(stack, { report: false });
    app.synth();
  });

  test('meets every control of the catalog (no failure, nothing unverifiable)', () => {
    const open = aspect.findings.filter((f) => f.status === HipaaFindingStatus.FAIL || f.status === HipaaFindingStatus.UNVERIFIABLE);
    expect(open.map((f) => `${f.constructPath} ${f.controlId} ${f.status}: ${f.message}`)).toEqual([]);
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
  });

  test('passes cdk-nag HIPAA Security checks', () => {
    // The test VPC's own public-subnet routes and default security group are the fixture's, not the construct's.
    expect(nagFindings(stack).filter((f) => !f.path.startsWith('TestStack/Vpc/'))).toEqual([]);
  });

  test('every catalog acknowledgement it carries clears a finding (none is stale)', () => {
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('clears nothing')).map((w) => w.entry.data)).toEqual([]);
  });

  test('every acknowledgement it carries gives a reason', () => {
    const acknowledged = aspect.findings.filter((f) => f.status === HipaaFindingStatus.ACKNOWLEDGED);
    for (const f of acknowledged) expect(f.acknowledgedReason!.length).toBeGreaterThan(30);
  });
});

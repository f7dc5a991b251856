import { RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HipaaAspect, HipaaAspectMode, HipaaData, HipaaDataClassification, HipaaFindingStatus } from '../../src';
import { testApp, testStack } from '../util';

const REASON = 'Resizes public marketing images; never receives patient data';

/** A function with its own log group, the shape whose log group findings are noise when it carries no PHI. */
function service(scope: Construct, id: string): Construct {
  const group = new Construct(scope, id);
  const logGroup = new logs.LogGroup(group, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  new lambda.Function(group, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
    logGroup,
  });
  return group;
}

function findingsOf(aspect: HipaaAspect, controlId: string, pathPrefix: string) {
  return aspect.findings.filter((f) => f.controlId === controlId && f.constructPath.startsWith(pathPrefix));
}

describe('HipaaData', () => {
  test('NO_PHI takes the controls that protect stored PHI off the scope, with the reason in the report', () => {
    const app = testApp();
    const stack = testStack(app);
    HipaaData.of(service(stack, 'Thumbnails')).classify(HipaaDataClassification.NO_PHI, REASON);
    service(stack, 'Claims');
    const aspect = HipaaAspect.applyTo(app, { mode: HipaaAspectMode.WARN, report: false });
    app.synth();

    for (const id of ['Logs.RetentionSixYears', 'Logs.CustomerManagedKey', 'Logs.DataProtectionPolicy', 'Logs.DataRetained']) {
      const [classified] = findingsOf(aspect, id, 'TestStack/Thumbnails/Logs');
      expect(classified.status).toBe(HipaaFindingStatus.ACKNOWLEDGED);
      expect(classified.acknowledgedReason).toBe(`classified as holding no PHI: ${REASON}`);
      expect(classified.acknowledgedAt).toBe('TestStack/Thumbnails');
      expect(findingsOf(aspect, id, 'TestStack/Claims/Logs')[0].status).toBe(HipaaFindingStatus.FAIL);
    }
  });

  test('controls on access, transit and network still apply under NO_PHI', () => {
    const app = testApp();
    const stack = testStack(app);
    HipaaData.of(service(stack, 'Thumbnails')).classify(HipaaDataClassification.NO_PHI, REASON);
    const aspect = HipaaAspect.applyTo(app, { mode: HipaaAspectMode.WARN, report: false });
    app.synth();
    expect(findingsOf(aspect, 'Lambda.InsideVpc', 'TestStack/Thumbnails/Fn')[0].status).toBe(HipaaFindingStatus.FAIL);
  });

  test('the nearest classification wins: PHI under a NO_PHI scope brings a subtree back in', () => {
    const app = testApp();
    const stack = testStack(app);
    const outer = new Construct(stack, 'Outer');
    HipaaData.of(outer).classify(HipaaDataClassification.NO_PHI, REASON);
    const inner = service(outer, 'Intake');
    HipaaData.of(inner).classify(HipaaDataClassification.PHI);
    service(outer, 'Static');
    const aspect = HipaaAspect.applyTo(app, { mode: HipaaAspectMode.WARN, report: false });
    app.synth();
    expect(HipaaData.of(inner.node.findChild('Logs')).classification).toBe(HipaaDataClassification.PHI);
    expect(HipaaData.of(outer.node.findChild('Static')).classification).toBe(HipaaDataClassification.NO_PHI);
    expect(HipaaData.of(stack).classification).toBe(HipaaDataClassification.PHI);
    expect(findingsOf(aspect, 'Logs.RetentionSixYears', 'TestStack/Outer/Intake')[0].status).toBe(HipaaFindingStatus.FAIL);
    expect(findingsOf(aspect, 'Logs.RetentionSixYears', 'TestStack/Outer/Static')[0].status).toBe(HipaaFindingStatus.ACKNOWLEDGED);
  });

  test('in ERROR mode a NO_PHI log group no longer fails synth on its retention', () => {
    const app = testApp();
    const stack = testStack(app);
    HipaaData.of(service(stack, 'Thumbnails')).classify(HipaaDataClassification.NO_PHI, REASON);
    HipaaAspect.applyTo(stack, { report: false });
    Annotations.fromStack(stack).hasNoError('/TestStack/Thumbnails/Logs/Resource', Match.stringLikeRegexp('Logs\\.RetentionSixYears'));
  });

  test('NO_PHI without a reason is refused, naming the scope', () => {
    const stack = testStack(testApp());
    expect(() => HipaaData.of(stack).classify(HipaaDataClassification.NO_PHI)).toThrow(/HipaaData.of\('TestStack'\).classify\(NO_PHI\) needs a reason/);
    expect(() => HipaaData.of(stack).classify(HipaaDataClassification.NO_PHI, 'n/a')).toThrow(/at least 10 characters/);
  });

  test('a scope has one classification: the same one twice is fine, a different one is refused', () => {
    const stack = testStack(testApp());
    HipaaData.of(stack).classify(HipaaDataClassification.NO_PHI, REASON);
    HipaaData.of(stack).classify(HipaaDataClassification.NO_PHI, REASON);
    expect(stack.node.metadata.filter((m) => m.type === 'cdk_hipaa:data-classification')).toHaveLength(1);
    expect(() => HipaaData.of(stack).classify(HipaaDataClassification.PHI)).toThrow(/already classified NO_PHI/);
  });
});

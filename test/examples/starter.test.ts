import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { StarterStack } from '../../examples/starter/starter-stack';
import { HipaaAspect, HipaaFindingStatus } from '../../src';
import { stableTemplate } from '../snapshot';
import { nagFindings, TEST_ENV } from '../util';

describe('examples/starter', () => {
  const app = new App({ builtinCloudFormationValidation: true });
  const stack = new StarterStack(app, 'HipaaStarter', { env: TEST_ENV, alertEmails: ['security@example.com'] });
  const aspect = HipaaAspect.applyTo(stack);
  const assembly = app.synth();

  test('HipaaAspect finds nothing unacknowledged and nothing unverifiable', () => {
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
    const open = aspect.findings.filter((f) => f.status === HipaaFindingStatus.FAIL || f.status === HipaaFindingStatus.UNVERIFIABLE);
    expect(open.map((f) => `${f.constructPath} ${f.controlId}: ${f.message}`)).toEqual([]);
  });

  test('cdk-nag HIPAA Security finds nothing unacknowledged', () => {
    expect(nagFindings(stack)).toEqual([]);
  });

  test('aws-cdk-lib built-in CloudFormation validation passes', () => {
    const report = path.join(assembly.directory, 'validation-report.json');
    if (fs.existsSync(report)) {
      const json = JSON.parse(fs.readFileSync(report, 'utf8'));
      const violations = (json.pluginReports ?? []).flatMap((p: any) => p.violations ?? []);
      expect(violations.filter((v: any) => v.severity === 'error' || v.severity === 'fatal')).toEqual([]);
    }
  });

  test('writes the compliance report into the cloud assembly', () => {
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'HipaaStarter.hipaa-report.json'), 'utf8'));
    expect(report.totals.fail).toBe(0);
    expect(report.totals.resources).toBeGreaterThan(50);
    expect(report.sections.map((s: any) => s.citation)).toEqual(expect.arrayContaining(['164.312(a)(2)(iv)', '164.312(b)', '164.316(b)(2)(i)']));
  });

  test('template', () => {
    expect(stableTemplate(stack)).toMatchSnapshot();
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Fn, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  AccountBaselineStackSet, AccountBaselineStackSetProps, HipaaAspect, HipaaFindingStatus, StackSetCallAs,
} from '../../src';
import { expectDeployReady, templatesOfApp } from '../deploy-readiness';
import { stackSetTemplates } from '../deploy-readiness/rules/stack-sets';
import { expectNagClean, testApp, TEST_ENV } from '../util';

const OU = 'ou-abcd-11111111';
const REGIONS = ['us-east-1', 'us-west-2'];

function management(props: Partial<AccountBaselineStackSetProps> = {}, app: App = testApp()) {
  const stack = new Stack(app, 'Management', { env: TEST_ENV });
  const stackSet = new AccountBaselineStackSet(stack, 'Baseline', { organizationalUnitIds: [OU], regions: REGIONS, ...props });
  return { app, stack, stackSet };
}

function stackSetProperties(stack: Stack): any {
  const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::CloudFormation::StackSet')) as any[];
  return resource.Properties;
}

describe('AccountBaselineStackSet', () => {
  describe('defaults', () => {
    const app = testApp({ cfnValidation: true });
    const { stack, stackSet } = management({}, app);
    const aspect = HipaaAspect.applyTo(app);
    const assembly = app.synth();
    const props = stackSetProperties(stack);
    const body = JSON.parse(props.TemplateBody);

    test('a service-managed StackSet with automatic deployment that keeps the stacks of accounts that leave', () => {
      expect(props).toMatchObject({
        PermissionModel: 'SERVICE_MANAGED',
        CallAs: 'SELF',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
        Capabilities: ['CAPABILITY_IAM'],
        ManagedExecution: { Active: true },
        StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [OU] }, Regions: REGIONS }],
        StackSetName: stackSet.stackSetName,
      });
      expect(stackSet.stackSetName).toMatch(/^Management-Baseline-[0-9A-F]{8}$/);
    });

    test('operation preferences: stop at the first failed account, a quarter of the accounts at a time, regions in parallel', () => {
      expect(props.OperationPreferences).toEqual({
        FailureToleranceCount: 0, MaxConcurrentPercentage: 25, ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE', RegionConcurrencyType: 'PARALLEL',
      });
    });

    test('the TemplateBody is the baseline stack, within the size limit, without bootstrap or assets', () => {
      expect(Buffer.byteLength(props.TemplateBody)).toBeLessThan(AccountBaselineStackSet.TEMPLATE_BODY_MAX_BYTES);
      expect(body).toEqual(Template.fromStack(stackSet.baselineStack).toJSON());
      expect(body.Rules).toBeUndefined();
      expect(body.Parameters).toBeUndefined();
      expect(props.TemplateBody).not.toMatch(/cdk-hnb659fds|cdk-bootstrap|Fn::ImportValue|AWS::CDK::Metadata/);
    });

    test('the account-wide settings are made in the first region only', () => {
      expect(body.Conditions).toEqual({ GlobalResourcesRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } });
      const conditioned = Object.values<any>(body.Resources).filter((r) => r.Condition === 'GlobalResourcesRegion').map((r) => r.Type);
      expect(conditioned).toEqual(expect.arrayContaining(['Custom::AccountPasswordPolicy', 'AWS::Config::ConfigRule']));
    });

    test('HipaaAspect applied to the app also checks the baseline, ERROR mode clean, its report in the cloud assembly', () => {
      const baselinePaths = aspect.findings.filter((f) => f.constructPath.startsWith('AccountBaseline/'));
      expect(baselinePaths.length).toBeGreaterThan(10);
      const open = aspect.findings.filter((f) => f.status === HipaaFindingStatus.FAIL || f.status === HipaaFindingStatus.UNVERIFIABLE);
      expect(open.map((f) => `${f.constructPath} ${f.controlId}: ${f.message}`)).toEqual([]);
      const reportDir = fs.readdirSync(assembly.directory).find((d) => d.startsWith('stack-set.'));
      expect(reportDir).toBeDefined();
      const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, reportDir!, 'AccountBaseline.hipaa-report.json'), 'utf8'));
      expect(report.totals.fail).toBe(0);
    });

    test('the StackSet itself is acknowledged, not unverifiable: its inline template is the baseline checked above', () => {
      const finding = aspect.findings.find((f) => f.controlId === 'General.DeployedTemplateChecked');
      expect(finding).toMatchObject({ status: HipaaFindingStatus.ACKNOWLEDGED, constructPath: stackSet.stackSet.node.path });
      expect(finding?.acknowledgedReason).toMatch(/stack-set\.<id>/);
    });

    test('cdk-nag HIPAA Security finds nothing unacknowledged, in the management stack or the baseline', () => {
      expectNagClean(stack);
      expectNagClean(stackSet.baselineStack);
    });

    test('deploy-ready, the StackSet and its inline template', () => {
      const templates = templatesOfApp(app);
      expect(templates.map((t) => t.stackName)).toEqual(['Management']);
      const inline = templates.flatMap(stackSetTemplates);
      expect(inline).toHaveLength(1);
      expectDeployReady([...templates, ...inline]);
    });
  });

  test('callAs DELEGATED_ADMIN, a name, other OUs, regions and settings', () => {
    const { stack } = management({
      callAs: StackSetCallAs.DELEGATED_ADMIN,
      stackSetName: 'hipaa-baseline',
      organizationalUnitIds: ['r-ab12', OU],
      regions: ['eu-west-1', 'eu-central-1'],
      globalResourcesRegion: 'eu-central-1',
      retainStacksOnAccountRemoval: false,
      maxConcurrentPercentage: 100,
      minimumPasswordLength: 16,
    });
    const props = stackSetProperties(stack);
    expect(props).toMatchObject({
      CallAs: 'DELEGATED_ADMIN',
      StackSetName: 'hipaa-baseline',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['r-ab12', OU] }, Regions: ['eu-west-1', 'eu-central-1'] }],
      OperationPreferences: { MaxConcurrentPercentage: 100 },
    });
    const body = JSON.parse(props.TemplateBody);
    expect(body.Conditions.GlobalResourcesRegion['Fn::Equals'][1]).toBe('eu-central-1');
    expect(props.TemplateBody).toMatch(/MinimumPasswordLength\\":16/);
  });

  describe('fails synth when the baseline cannot go into a StackSet', () => {
    test('when the template is larger than 51,200 bytes', () => {
      const { app, stackSet } = management();
      const pad = new CfnResource(stackSet.baselineStack, 'Pad', { type: 'AWS::CloudFormation::WaitConditionHandle' });
      pad.addMetadata('pad', 'x'.repeat(AccountBaselineStackSet.TEMPLATE_BODY_MAX_BYTES));
      expect(() => app.synth()).toThrow(/\[Management\/Baseline\] Its template is \d+ bytes; CloudFormation accepts at most 51200 bytes as a StackSet TemplateBody/);
    });

    test('when it imports another stack\'s export', () => {
      const { app, stackSet } = management();
      new CfnResource(stackSet.baselineStack, 'Importer', { type: 'AWS::SNS::Topic', properties: { KmsMasterKeyId: Fn.importValue('Shared-KeyArn') } });
      expect(() => app.synth()).toThrow(/imports another stack's export \(Fn::ImportValue\)/);
    });

    test('when it uses an asset (the baseline\'s synthesizer refuses it)', () => {
      const { stackSet } = management();
      expect(() => new lambda.Function(stackSet.baselineStack, 'WithAsset', {
        runtime: lambda.Runtime.PYTHON_3_13, handler: 'index.handler', code: lambda.Code.fromAsset(__dirname),
      })).toThrow(/Cannot add assets/);
    });

    test('when the baseline refuses a weak setting, until it is acknowledged on the baseline stack', () => {
      const refused = management({ minimumPasswordLength: 6 });
      expect(() => refused.app.synth()).toThrow(/Management\/Baseline: the account baseline cannot go into the StackSet: Synthesizing the account baseline failed: .*minimumPasswordLength: 6 is refused/s);
      const accepted = management({ minimumPasswordLength: 6 });
      Validations.of(accepted.stackSet.baselineStack).acknowledge({ id: 'CdkHipaa::IAM.PasswordPolicy', reason: 'Accepted by the security officer for this test.' });
      expect(() => accepted.app.synth()).not.toThrow();
    });
  });

  test('fails when AWS Organizations or CloudFormation would reject the targets, naming each', () => {
    expect(() => management({ organizationalUnitIds: ['ou-bad', '123456789012'], regions: ['us-east-1', 'mars-1'], globalResourcesRegion: 'eu-west-1', maxConcurrentPercentage: 0, stackSetName: '1bad_name' }))
      .toThrow(new RegExp([
        'organizationalUnitIds must be roots \\(r-...\\) or organizational units \\(ou-...\\): ou-bad, 123456789012',
        'regions are not region names: mars-1',
        'globalResourcesRegion eu-west-1 must be one of regions \\(us-east-1, mars-1\\)',
        'maxConcurrentPercentage must be a whole number from 1 to 100 \\(got 0\\)',
        'stackSetName must start with a letter',
      ].join('.*')));
    expect(() => management({ organizationalUnitIds: [], regions: [] })).toThrow(/organizationalUnitIds must name at least one root.*regions must name at least one region/);
  });
});

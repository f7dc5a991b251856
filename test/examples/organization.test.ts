import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { addOrganization, archiveBucketNames, settingsFromContext } from '../../examples/organization/organization';
import { HipaaAspect, HipaaFindingStatus } from '../../src';
import { deployReadinessProblems, templatesOfAssembly } from '../deploy-readiness';
import { stackSetTemplates } from '../deploy-readiness/rules/stack-sets';
import { CFN_VALIDATION_AS_ERRORS, nagFindings } from '../util';

const CDK_JSON = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'organization', 'cdk.json'), 'utf8'));

function organizationApp(overrides: Record<string, string> = {}) {
  const zones = overrides.workloadAccountId
    ? { [`availability-zones:account=${overrides.workloadAccountId}:region=us-east-1`]: ['us-east-1a', 'us-east-1b'] }
    : {};
  const app = new App({
    builtinCloudFormationValidation: true,
    context: { ...CDK_JSON.context, ...zones, ...overrides, [CFN_VALIDATION_AS_ERRORS]: true },
  });
  const settings = settingsFromContext(app);
  const org = addOrganization(app, settings);
  return { app, settings, org };
}

describe('examples/organization', () => {
  const { app, settings, org } = organizationApp();
  const aspect = HipaaAspect.applyTo(app);
  const assembly = app.synth();
  const stacks: Stack[] = [org.logArchive.stack, org.management.stack, org.audit.stack, org.workload.stack];
  const archive = Template.fromStack(org.logArchive.stack);
  const management = Template.fromStack(org.management.stack);

  test('each account\'s stack deploys to its own account in the home region', () => {
    expect(stacks.map((s) => `${s.node.path} ${s.account} ${s.region}`)).toEqual([
      'LogArchive/Archive 222222222222 us-east-1',
      'Management/Organization 111111111111 us-east-1',
      'Audit/Security 333333333333 us-east-1',
      'Workload/App 444444444444 us-east-1',
    ]);
  });

  test('HipaaAspect over the whole app (ERROR mode) finds nothing unacknowledged, in every account and in the baseline', () => {
    for (const stack of stacks) Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
    const open = aspect.findings.filter((f) => f.status === HipaaFindingStatus.FAIL || f.status === HipaaFindingStatus.UNVERIFIABLE);
    expect(open.map((f) => `${f.constructPath} ${f.controlId}: ${f.message}`)).toEqual([]);
    const covered = new Set(aspect.findings.map((f) => f.constructPath.split('/')[0]));
    expect([...covered].sort()).toEqual(['AccountBaseline', 'Audit', 'LogArchive', 'Management', 'Workload']);
  });

  test('a compliance report for every account\'s stack and for the baseline', () => {
    const reports = [
      path.join(org.logArchive.outdir, `${org.logArchive.stack.artifactId}.hipaa-report.json`),
      path.join(org.management.outdir, `${org.management.stack.artifactId}.hipaa-report.json`),
      path.join(org.audit.outdir, `${org.audit.stack.artifactId}.hipaa-report.json`),
      path.join(org.workload.outdir, `${org.workload.stack.artifactId}.hipaa-report.json`),
    ];
    const baselineDir = fs.readdirSync(org.management.outdir).find((d) => d.startsWith('stack-set.'));
    reports.push(path.join(org.management.outdir, baselineDir!, 'AccountBaseline.hipaa-report.json'));
    for (const file of reports) expect({ file, fail: JSON.parse(fs.readFileSync(file, 'utf8')).totals.fail }).toEqual({ file, fail: 0 });
  });

  test('cdk-nag HIPAA Security finds nothing unacknowledged', () => {
    expect([...stacks, org.management.baseline.baselineStack].flatMap(nagFindings)).toEqual([]);
  });

  test('aws-cdk-lib built-in CloudFormation validation passes', () => {
    const reports = [assembly.directory, ...[org.logArchive, org.management, org.audit, org.workload].map((s) => s.outdir)]
      .map((dir) => path.join(dir, 'validation-report.json'))
      .filter((f) => fs.existsSync(f));
    const violations = reports.flatMap((f) => (JSON.parse(fs.readFileSync(f, 'utf8')).pluginReports ?? []).flatMap((p: any) => p.violations ?? []));
    expect(violations.filter((v: any) => v.severity === 'error' || v.severity === 'fatal')).toEqual([]);
  });

  test('deploy-ready: every account\'s stack and the baseline every member account gets', () => {
    const templates = templatesOfAssembly(assembly.directory);
    expect(templates.map((t) => t.stackName).sort()).toEqual(['Audit-Security', 'LogArchive-Archive', 'Management-Organization', 'Workload-App']);
    const baseline = templates.flatMap(stackSetTemplates);
    expect(baseline).toHaveLength(1);
    // The archive's bucket names are fixed (the other accounts name them at synth) and carry the stack's name.
    expect(deployReadinessProblems([...templates, ...baseline])).toEqual([]);
  });

  describe('cross-account wiring', () => {
    const names = archiveBucketNames(settings);

    test('the organization trail delivers to the log archive\'s bucket, encrypted with its key', () => {
      archive.hasResourceProperties('AWS::S3::Bucket', { BucketName: names.trail, ObjectLockEnabled: true });
      management.hasResourceProperties('AWS::CloudTrail::Trail', {
        S3BucketName: names.trail, KMSKeyId: settings.logArchiveKeyArn, IsOrganizationTrail: true, IsMultiRegionTrail: true,
      });
      // The key ARN the trail names is the archive's: operators copy it from this output into logArchiveKeyArn.
      const outputs = archive.toJSON().Outputs;
      expect(outputs.KeyArn.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ArchiveKey/), 'Arn'] });
      expect(settings.logArchiveKeyArn).toMatch(new RegExp(`^arn:aws:kms:${settings.region}:${settings.logArchiveAccountId}:key/`));
    });

    test('the audit account is the Security Hub delegated administrator and aggregates the organization', () => {
      management.hasResourceProperties('AWS::SecurityHub::DelegatedAdmin', { AdminAccountId: settings.auditAccountId });
      Template.fromStack(org.audit.stack).hasResourceProperties('AWS::Config::ConfigurationAggregator', {
        OrganizationAggregationSource: Match.objectLike({ AllAwsRegions: true }),
      });
    });

    test('the audit account may read the archive', () => {
      const policies = Object.values(archive.findResources('AWS::S3::BucketPolicy')) as any[];
      const readers = policies.flatMap((p) => p.Properties.PolicyDocument.Statement)
        .filter((st: any) => st.Effect === 'Allow' && JSON.stringify(st.Principal ?? {}).includes(settings.auditAccountId));
      expect(readers.length).toBeGreaterThanOrEqual(2);
    });

    test('every member account\'s AWS Config delivers to the log archive\'s Config bucket, with its key', () => {
      const stackSetId = org.management.stack.getLogicalId(org.management.baseline.stackSet);
      const body = JSON.parse(management.toJSON().Resources[stackSetId].Properties.TemplateBody);
      const channels = Object.values<any>(body.Resources).filter((r) => r.Type === 'AWS::Config::DeliveryChannel');
      expect(channels.map((c) => c.Properties)).toEqual([
        expect.objectContaining({ S3BucketName: names.config, S3KmsKeyArn: settings.logArchiveKeyArn }),
      ]);
      archive.hasResourceProperties('AWS::S3::Bucket', { BucketName: names.config });
    });

    test('the baseline and the guardrails reach the security and workload OUs; the SCPs protect the archive buckets', () => {
      management.hasResourceProperties('AWS::CloudFormation::StackSet', {
        StackInstancesGroup: [{
          DeploymentTargets: { OrganizationalUnitIds: [settings.securityOuId, settings.workloadsOuId] },
          Regions: settings.baselineRegions,
        }],
      });
      const scps = Object.values(management.findResources('AWS::Organizations::Policy')) as any[];
      for (const scp of scps) expect(scp.Properties.TargetIds).toEqual([settings.securityOuId, settings.workloadsOuId]);
      expect(JSON.stringify(scps)).toContain(names.trail);
      expect(JSON.stringify(scps)).toContain(names.config);
    });
  });

  test('account ids are overridable with -c', () => {
    const overridden = organizationApp({ workloadAccountId: '555555555555' });
    expect(overridden.org.workload.stack.account).toBe('555555555555');
  });

  test('fails naming every missing context value', () => {
    expect(() => settingsFromContext(new App())).toThrow(/Missing context: organizationId, securityOuId, .*logArchiveKeyArn/);
  });
});

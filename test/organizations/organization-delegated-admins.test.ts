import { Template } from 'aws-cdk-lib/assertions';
import { HipaaAspect, HipaaAspectMode, HipaaFindingStatus, OrganizationDelegatedAdmins } from '../../src';
import { expectDeployReady, templateOf } from '../deploy-readiness';
import { expectNagClean, testApp, testStack } from '../util';

const AUDIT = '222222222222';

describe('OrganizationDelegatedAdmins', () => {
  test('registers the audit account as Security Hub delegated administrator, and nothing else', () => {
    const stack = testStack();
    new OrganizationDelegatedAdmins(stack, 'Admins', { auditAccountId: AUDIT });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SecurityHub::DelegatedAdmin', 1);
    template.hasResourceProperties('AWS::SecurityHub::DelegatedAdmin', { AdminAccountId: AUDIT });
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(1);
  });

  test('lists the CLI commands CloudFormation cannot run, naming the audit account and region', () => {
    const commands = OrganizationDelegatedAdmins.setupCommands(AUDIT, 'us-east-1');
    expect(commands).toContain('aws organizations enable-aws-service-access --service-principal cloudtrail.amazonaws.com');
    expect(commands).toContain(`aws organizations register-delegated-administrator --account-id ${AUDIT} --service-principal config-multiaccountsetup.amazonaws.com`);
    expect(commands).toContain(`aws organizations register-delegated-administrator --account-id ${AUDIT} --service-principal config.amazonaws.com`);
    expect(commands).toContain(`aws guardduty enable-organization-admin-account --admin-account-id ${AUDIT} --region us-east-1`);
  });

  test('fails when auditAccountId is not a 12-digit account id', () => {
    expect(() => new OrganizationDelegatedAdmins(testStack(), 'Admins', { auditAccountId: 'audit' })).toThrow(/auditAccountId 'audit' is not a 12-digit account id/);
  });

  test('cdk-nag, HipaaAspect in ERROR mode and deploy readiness find nothing', () => {
    const app = testApp();
    const stack = testStack(app);
    new OrganizationDelegatedAdmins(stack, 'Admins', { auditAccountId: AUDIT });
    expectNagClean(stack);
    const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.ERROR, report: false });
    expect(() => app.synth()).not.toThrow();
    expect(aspect.findings.filter((f) => f.status !== HipaaFindingStatus.PASS)).toEqual([]);
    expectDeployReady([templateOf(stack)]);
  });
});

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  AccountBaselineStack, AccountBaselineStackProps, BaselineConfigRecording, HipaaAspect, HipaaFindingStatus,
} from '../../src';
import { expectDeployReady, templateOf } from '../deploy-readiness';
import { expectNagClean, testApp, TEST_ENV } from '../util';

function baseline(props: AccountBaselineStackProps = {}, app: App = testApp()) {
  const stack = new AccountBaselineStack(app, 'Baseline', { env: TEST_ENV, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The JSON call a setting makes on create (the same on update). */
function callOf(template: Template, type: string): any {
  const resources = Object.values(template.findResources(type)) as any[];
  expect(resources).toHaveLength(1);
  const { Create, Update } = resources[0].Properties;
  expect(Update).toEqual(Create);
  if (typeof Create === 'string') return JSON.parse(Create);
  // A call with a reference renders as Fn::Join: the referenced resource reads as `<logicalId>.<attribute>`.
  const [, parts] = Create['Fn::Join'];
  return JSON.parse(parts.map((p: any) => typeof p === 'string' ? p : p['Fn::GetAtt']?.join('.') ?? p.Ref).join(''));
}

describe('AccountBaselineStack', () => {
  describe('defaults', () => {
    const app = testApp({ cfnValidation: true });
    const stack = new AccountBaselineStack(app, 'Baseline', { env: TEST_ENV });
    const aspect = HipaaAspect.applyTo(stack, { report: false });
    const assembly = app.synth();
    const template = Template.fromStack(stack);

    test('needs no assets and no bootstrap: no asset, no bootstrap-version rule or parameter', () => {
      const artifact = assembly.getStackArtifact(stack.artifactId);
      expect(artifact.assets).toEqual([]);
      const json = template.toJSON();
      expect(json.Rules).toBeUndefined();
      expect(json.Parameters).toBeUndefined();
      expect(JSON.stringify(json)).not.toMatch(/cdk-hnb659fds|cdk-bootstrap|Fn::ImportValue/);
      const manifestFiles = fs.readdirSync(assembly.directory).filter((f) => f.endsWith('.assets.json'));
      expect(manifestFiles).toEqual([]);
    });

    test('the settings function has inline Python code that loads cfnresponse, on a current runtime', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'python3.13',
        Handler: 'index.handler',
        Code: { ZipFile: Match.stringLikeRegexp('\nimport cfnresponse\n') },
        LoggingConfig: { LogGroup: Match.anyValue() },
      });
    });

    test('EBS encryption by default: the default key is set to the baseline key first, then encryption is enabled', () => {
      const keyId = stack.getLogicalId(stack.ebsKey.node.defaultChild as any);
      expect(callOf(template, 'Custom::EbsDefaultKmsKeyId')).toEqual({ service: 'EC2', action: 'ModifyEbsDefaultKmsKeyId', parameters: { KmsKeyId: `${keyId}.Arn` } });
      expect(callOf(template, 'Custom::EbsEncryptionByDefault')).toEqual({ service: 'EC2', action: 'EnableEbsEncryptionByDefault', parameters: {} });
      const [enable] = Object.values(template.findResources('Custom::EbsEncryptionByDefault')) as any[];
      expect(enable.DependsOn).toEqual(expect.arrayContaining([Object.keys(template.findResources('Custom::EbsDefaultKmsKeyId'))[0]]));
    });

    test('the EBS key lets every principal of the account use it through EC2 of the region', () => {
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Sid: 'AllowAccountUseThroughEc2',
            Condition: { StringEquals: { 'kms:CallerAccount': TEST_ENV.account, 'kms:ViaService': `ec2.${TEST_ENV.region}.amazonaws.com` } },
          })]),
        },
      });
    });

    test('the password policy: 14 characters, every class, 24 remembered, 90 days', () => {
      expect(callOf(template, 'Custom::AccountPasswordPolicy')).toEqual({
        service: 'IAM',
        action: 'UpdateAccountPasswordPolicy',
        parameters: {
          MinimumPasswordLength: 14,
          RequireUppercaseCharacters: true,
          RequireLowercaseCharacters: true,
          RequireNumbers: true,
          RequireSymbols: true,
          AllowUsersToChangePassword: true,
          HardExpiry: false,
          PasswordReusePrevention: 24,
          MaxPasswordAge: 90,
        },
      });
    });

    test('the function role may make exactly the three account-setting calls and write its logs', () => {
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: [
            { Sid: 'AccountSettings', Effect: 'Allow', Action: ['ec2:ModifyEbsDefaultKmsKeyId', 'ec2:EnableEbsEncryptionByDefault', 'iam:UpdateAccountPasswordPolicy'], Resource: '*' },
            Match.objectLike({ Sid: 'WriteLogs', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
          ],
        },
      });
      template.resourceCountIs('AWS::IAM::Policy', 0);
    });

    test('Config rules: ACCESS_KEYS_ROTATED at 90 days, IAM_PASSWORD_POLICY, EC2_EBS_ENCRYPTION_BY_DEFAULT, on the existing recorder', () => {
      template.hasResourceProperties('AWS::Config::ConfigRule', {
        Source: { Owner: 'AWS', SourceIdentifier: 'ACCESS_KEYS_ROTATED' }, InputParameters: { maxAccessKeyAge: '90' },
      });
      template.hasResourceProperties('AWS::Config::ConfigRule', {
        Source: { Owner: 'AWS', SourceIdentifier: 'IAM_PASSWORD_POLICY' }, InputParameters: Match.objectLike({ MinimumPasswordLength: '14' }),
      });
      template.hasResourceProperties('AWS::Config::ConfigRule', { Source: { Owner: 'AWS', SourceIdentifier: 'EC2_EBS_ENCRYPTION_BY_DEFAULT' } });
      template.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
      for (const rule of Object.values(template.findResources('AWS::Config::ConfigRule')) as any[]) {
        expect(rule.Metadata).toMatchObject({ cdk_hipaa: { configRecorder: 'exists' } });
      }
    });

    test('without globalResourcesRegion every resource is unconditional', () => {
      expect(template.toJSON().Conditions).toBeUndefined();
    });

    test('HipaaAspect (ERROR mode) finds nothing unacknowledged and nothing unverifiable', () => {
      Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
      const open = aspect.findings.filter((f) => f.status === HipaaFindingStatus.FAIL || f.status === HipaaFindingStatus.UNVERIFIABLE);
      expect(open.map((f) => `${f.constructPath} ${f.controlId}: ${f.message}`)).toEqual([]);
      // The catalog reads the password policy call like AccountPasswordPolicy's.
      expect(aspect.findings.filter((f) => f.controlId === 'IAM.PasswordPolicy').map((f) => f.status)).toEqual([HipaaFindingStatus.PASS]);
    });

    test('cdk-nag HIPAA Security finds nothing unacknowledged', () => {
      expectNagClean(stack);
    });

    test('deploy-ready', () => {
      expectDeployReady([templateOf(stack)]);
    });
  });

  describe('the inline handler', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-handler-'));
    fs.writeFileSync(path.join(dir, 'index.py'), AccountBaselineStack.SETTINGS_FUNCTION_CODE);
    fs.writeFileSync(path.join(dir, 'boto3.py'), [
      'import json',
      'class _Client:',
      '    def __init__(self, service): self.service = service',
      '    def __getattr__(self, method):',
      '        def call(**kwargs): print(json.dumps(["call", self.service, method, kwargs]))',
      '        return call',
      'def client(service): return _Client(service)',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'cfnresponse.py'), [
      'import json',
      'SUCCESS, FAILED = "SUCCESS", "FAILED"',
      'def send(event, context, status, data, physical_id=None, noEcho=False, reason=None):',
      '    print(json.dumps(["send", status, physical_id, reason]))',
    ].join('\n'));
    const run = (event: any): any[] => {
      const result = spawnSync('python3', ['-c', `import json, index; index.handler(json.loads(${JSON.stringify(JSON.stringify(event))}), None)`], { cwd: dir, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      return result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    };
    const call = (service: string, action: string, parameters: any = {}) => JSON.stringify({ service, action, parameters });

    test('on create it makes the named call with its parameters and reports success', () => {
      expect(run({ RequestType: 'Create', ResourceProperties: { SettingId: 'EbsDefaultKmsKeyId', Create: call('EC2', 'ModifyEbsDefaultKmsKeyId', { KmsKeyId: 'arn:k' }) } }))
        .toEqual([['call', 'ec2', 'modify_ebs_default_kms_key_id', { KmsKeyId: 'arn:k' }], ['send', 'SUCCESS', 'EbsDefaultKmsKeyId', null]]);
      expect(run({
        RequestType: 'Update',
        PhysicalResourceId: 'AccountPasswordPolicy',
        ResourceProperties: { Update: call('IAM', 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: 14, RequireSymbols: true }) },
      })).toEqual([['call', 'iam', 'update_account_password_policy', { MinimumPasswordLength: 14, RequireSymbols: true }], ['send', 'SUCCESS', 'AccountPasswordPolicy', null]]);
    });

    test('on delete it changes nothing and reports success', () => {
      expect(run({ RequestType: 'Delete', PhysicalResourceId: 'EbsEncryptionByDefault', ResourceProperties: { Create: call('EC2', 'EnableEbsEncryptionByDefault') } }))
        .toEqual([['send', 'SUCCESS', 'EbsEncryptionByDefault', null]]);
    });

    test('fails a call that is not on its list', () => {
      expect(run({ RequestType: 'Create', ResourceProperties: { Create: call('EC2', 'DisableEbsEncryptionByDefault') } }))
        .toEqual([['send', 'FAILED', 'account-setting', 'call not allowed: ec2:DisableEbsEncryptionByDefault']]);
    });
  });

  test('globalResourcesRegion: the password policy and the IAM rules exist only in that region', () => {
    const { template } = baseline({ globalResourcesRegion: 'us-east-1' });
    expect(template.toJSON().Conditions).toEqual({ GlobalResourcesRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } });
    const conditioned = Object.values(template.toJSON().Resources as Record<string, any>)
      .filter((r) => r.Condition === 'GlobalResourcesRegion')
      .map((r) => r.Type === 'AWS::Config::ConfigRule' ? r.Properties.Source.SourceIdentifier : r.Type)
      .sort();
    expect(conditioned).toEqual(['ACCESS_KEYS_ROTATED', 'Custom::AccountPasswordPolicy', 'IAM_PASSWORD_POLICY']);
  });

  test('BaselineConfigRecording.CREATE: a recorder and a delivery channel to the central bucket; the rules wait for the recorder', () => {
    const { template, app, stack } = baseline({
      configRecording: BaselineConfigRecording.CREATE,
      configDeliveryBucketName: 'org-log-archive',
      configDeliveryKeyArn: 'arn:aws:kms:us-east-1:222222222222:key/abcd',
      globalResourcesRegion: 'us-east-1',
    });
    const recorderId = Object.keys(template.findResources('AWS::Config::ConfigurationRecorder'))[0];
    template.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: { 'Fn::If': ['GlobalResourcesRegion', true, false] } },
    });
    template.hasResourceProperties('AWS::Config::DeliveryChannel', {
      S3BucketName: 'org-log-archive', S3KmsKeyArn: 'arn:aws:kms:us-east-1:222222222222:key/abcd', S3KeyPrefix: Match.absent(),
    });
    for (const rule of Object.values(template.findResources('AWS::Config::ConfigRule')) as any[]) expect(rule.DependsOn).toContain(recorderId);
    HipaaAspect.applyTo(stack, { report: false });
    app.synth();
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
    expectNagClean(stack);
    expectDeployReady([templateOf(stack)]);
  });

  describe('refusals', () => {
    test.each<[string, AccountBaselineStackProps, string, RegExp]>([
      ['a short password', { minimumPasswordLength: 6 }, 'IAM.PasswordPolicy', /minimumPasswordLength: 6 is refused/],
      ['reusable passwords', { passwordReusePrevention: 0 }, 'IAM.PasswordReuse', /passwordReusePrevention: 0 is refused/],
      ['passwords that never expire', { maxPasswordAge: Duration.days(0) }, 'IAM.PasswordMaxAge', /maxPasswordAge: no expiry is refused/],
      ['access keys older than a year', { maxAccessKeyAge: Duration.days(400) }, 'IAM.AccessKeyRotation', /maxAccessKeyAge: 400 days is refused/],
    ])('fails with %s unless acknowledged', (_name, props, control, message) => {
      const refused = testApp();
      new AccountBaselineStack(refused, 'Baseline', { env: TEST_ENV, ...props });
      expect(() => refused.synth()).toThrow(message);
      const app = testApp();
      const stack = new AccountBaselineStack(app, 'Baseline', { env: TEST_ENV, ...props });
      Validations.of(stack).acknowledge({ id: `CdkHipaa::${control}`, reason: 'Accepted by the security officer for this test account.' });
      expect(() => app.synth()).not.toThrow();
    });

    test('fails when IAM or AWS Config would reject the settings, naming each', () => {
      expect(() => baseline({ minimumPasswordLength: 200, passwordReusePrevention: 30, configRecording: BaselineConfigRecording.CREATE }))
        .toThrow(/minimumPasswordLength must be a whole number from 6 to 128 \(got 200\); passwordReusePrevention must be a whole number from 0 to 24 \(got 30\); configRecording CREATE needs configDeliveryBucketName/);
    });

    test('fails when an age is not whole days', () => {
      expect(() => baseline({ maxAccessKeyAge: Duration.hours(36) })).toThrow(/maxAccessKeyAge must be a whole number of days \(got 1 day 12 hours\)/);
    });
  });
});

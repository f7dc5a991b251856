import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CustomResource, NestedStack, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3d from 'aws-cdk-lib/aws-s3-deployment';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { CentralLogGroup, EncryptedBucket, HipaaAspect, HipaaAspectMode, HipaaFindingStatus, HipaaKey } from '../../src';
import { testApp, testStack } from '../util';

const inline = () => lambda.Code.fromInline('exports.handler = async () => ({});');

function assetDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hipaa-site-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<p>hello</p>');
  return dir;
}

function readReport(dir: string, stackId: string): any {
  return JSON.parse(fs.readFileSync(path.join(dir, `${stackId}.hipaa-report.json`), 'utf8'));
}

/** Every aws-cdk-lib framework construct the adoption review found, in one stack. */
function frameworkStack(): { stack: Stack; ownFunction: lambda.Function; provider: cr.Provider } {
  const app = testApp();
  const stack = testStack(app);
  const site = new s3.Bucket(stack, 'Site', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
  new s3d.BucketDeployment(stack, 'Deploy', { sources: [s3d.Source.asset(assetDir())], destinationBucket: site });
  site.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SnsDestination(new sns.Topic(stack, 'Uploads')));
  const ownFunction = new lambda.Function(stack, 'OnEvent', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: inline(), logRetention: logs.RetentionDays.ONE_WEEK,
  });
  const provider = new cr.Provider(stack, 'Provider', { onEventHandler: ownFunction });
  new CustomResource(stack, 'Thing', { serviceToken: provider.serviceToken });
  new cr.AwsCustomResource(stack, 'Sdk', {
    onCreate: { service: 'S3', action: 'listBuckets', physicalResourceId: cr.PhysicalResourceId.of('buckets') },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    installLatestAwsSdk: false,
  });
  new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }], restrictDefaultSecurityGroup: true });
  return { stack, ownFunction, provider };
}

describe('framework resources (added by aws-cdk-lib by itself)', () => {
  test('are recognized by the ids and metadata aws-cdk-lib gives them; the app\'s own functions are not', () => {
    const { stack } = frameworkStack();
    HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN });
    const assembly = (stack.node.root as App).synth();
    const report = readReport(assembly.directory, 'TestStack');
    const kinds = Object.fromEntries(report.framework.map((f: any) => [f.at, f.kind]));
    expect(kinds).toEqual({
      'TestStack/Custom::S3AutoDeleteObjectsCustomResourceProvider': 'S3 auto-delete objects provider',
      'TestStack/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C': 'BucketDeployment function',
      'TestStack/BucketNotificationsHandler050a0587b7544547bf325f094a3db834': 'S3 bucket notifications handler',
      'TestStack/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a': 'LogRetention function',
      'TestStack/Provider': 'custom-resources Provider framework',
      'TestStack/AWS679f53fac002430cb0da5b7982bd2287': 'AwsCustomResource function',
      'TestStack/Custom::VpcRestrictDefaultSGCustomResourceProvider': 'VPC default security group restrictor',
    });
    const own = report.resources.find((r: any) => r.path === 'TestStack/OnEvent/Resource');
    expect(own.framework).toBeUndefined();
    expect(report.resources.find((r: any) => r.path === 'TestStack/Provider/framework-onEvent/Resource').framework)
      .toEqual({ kind: 'custom-resources Provider framework', at: 'TestStack/Provider' });
    // Framework findings are in their own section, not among the app's failures.
    const md = fs.readFileSync(path.join(assembly.directory, 'TestStack.hipaa-report.md'), 'utf8');
    const failures = md.slice(md.indexOf('## Failures'), md.indexOf('## Acknowledged exceptions'));
    expect(failures).toContain('TestStack/OnEvent/Resource');
    expect(failures).not.toContain('framework-onEvent');
    expect(failures).not.toContain('LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a');
    expect(md).toContain('## Framework resources');
    expect(md).toMatch(/\| LogRetention function \| TestStack\/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a \| .* \| Give each function a log group with `logGroup:`/);
  });

  test('never fail synth in ERROR mode: an ERROR-severity failure on them is a warning naming the kind and the action', () => {
    const { stack } = frameworkStack();
    HipaaAspect.applyTo(stack, { report: false });
    const frameworkPaths = /^\/TestStack\/(Custom::|LogRetention|BucketNotificationsHandler|AWS679f|Provider\/)/;
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('CdkHipaa::'));
    expect(errors.map((e) => e.id).filter((id) => frameworkPaths.test(id))).toEqual([]);
    // The app's own resources still fail synth.
    expect(errors.map((e) => e.id)).toContain('/TestStack/Site/Resource');
    const warning = Annotations.fromStack(stack).findWarning('/TestStack/Provider/framework-onEvent/Resource', Match.stringLikeRegexp('Lambda\\.EnvironmentCustomerKey'));
    expect(warning).toHaveLength(1);
    expect(warning[0].entry.data).toContain('aws-cdk-lib added this resource by itself (custom-resources Provider framework, TestStack/Provider), so this is a warning, never a synth error.');
    expect(warning[0].entry.data).toContain('What to do: Pass `providerFunctionEnvEncryption: key`');
    expect(warning[0].entry.data).toContain("`Validations.of(provider).acknowledge({ id: 'CdkHipaa::Lambda.EnvironmentCustomerKey', reason: '...' })`");
  });

  test('the EKS providers\' nested stacks are framework resources, with everything in them', () => {
    const app = testApp();
    const stack = testStack(app);
    const nested = new NestedStack(stack, '@aws-cdk/aws-eks.KubectlProvider');
    new lambda.Function(nested, 'Handler', {
      runtime: lambda.Runtime.PYTHON_3_13, handler: 'index.handler', code: inline(), environment: { KUBECONFIG: '/tmp/kubeconfig' },
    });
    const aspect = HipaaAspect.applyTo(app, { report: false });
    app.synth();
    expect(aspect.findings.some((f) => f.constructPath.includes('KubectlProvider/Handler'))).toBe(true);
    expect(nested.node.id).toBe('@aws-cdk--aws-eks.KubectlProvider');
    // A nested stack's annotations are recorded in its parent's artifact.
    const handler = '/TestStack/@aws-cdk--aws-eks.KubectlProvider/Handler/Resource';
    expect(Annotations.fromStack(stack).findError(handler, Match.stringLikeRegexp('CdkHipaa::'))).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning(handler, Match.stringLikeRegexp('Lambda\\.InsideVpc.*EKS kubectl provider'))).toHaveLength(1);
  });

  test('a construct of the app named like a framework child, outside a Provider, is the app\'s own', () => {
    const app = testApp();
    const stack = testStack(app);
    new lambda.Function(new Construct(stack, 'Mine'), 'framework-onEvent', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: inline(), environment: { TABLE: 'patients' },
    });
    HipaaAspect.applyTo(stack, { report: false });
    Annotations.fromStack(stack).hasError('/TestStack/Mine/framework-onEvent/Resource', Match.stringLikeRegexp('Lambda\\.EnvironmentCustomerKey'));
  });
});

describe('a typical app (BucketDeployment, autoDeleteObjects, logRetention, a custom-resources Provider, an EKS cluster)', () => {
  /**
   * The app as the adoption review met it, with its own code fixed (a customer-managed key, a
   * retained data bucket, a site bucket that meets the S3 controls) and, per framework kind, the
   * one acknowledgement the report prints.
   */
  function typicalApp(acknowledgeFramework: boolean) {
    // Access logs by bucket policy, as new CDK apps do (the flag is in `cdk init`'s cdk.json).
    const app = new App({ builtinCloudFormationValidation: false, context: { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true } });
    const stack = testStack(app, 'Typical');
    const key = new HipaaKey(stack, 'Key');
    const data = new EncryptedBucket(stack, 'Records', { encryptionKey: key });
    const site = new s3.Bucket(stack, 'Site', {
      encryptionKey: key,
      encryption: s3.BucketEncryption.KMS,
      bucketKeyEnabled: true,
      versioned: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: data.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'site/',
      autoDeleteObjects: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(site).acknowledge({ id: 'CdkHipaa::S3.DataRetained', reason: 'Static site assets rebuilt from the repository on every deploy; no PHI.' });
    new s3d.BucketDeployment(stack, 'Deploy', { sources: [s3d.Source.asset(assetDir())], destinationBucket: site });
    const onEvent = new lambda.Function(stack, 'OnEvent', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: inline(),
      environment: { BUCKET: data.bucket.bucketName },
      environmentEncryption: key,
      logRetention: logs.RetentionDays.SIX_YEARS,
    });
    const provider = new cr.Provider(stack, 'Provider', { onEventHandler: onEvent });
    new CustomResource(stack, 'Seed', { serviceToken: provider.serviceToken });
    // An EKS cluster with its own settings fixed: a secrets key, a private endpoint, control-plane logs.
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 2, restrictDefaultSecurityGroup: false });
    vpc.addFlowLog('FlowLogs', { destination: ec2.FlowLogDestination.toCloudWatchLogs(new CentralLogGroup(stack, 'FlowLogGroup', { encryptionKey: key }).logGroup) });
    new eks.Cluster(stack, 'Cluster', {
      vpc,
      version: eks.KubernetesVersion.V1_31,
      defaultCapacity: 0,
      kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:us-east-1:123456789012:layer:kubectl:1'),
      secretsEncryptionKey: key,
      endpointAccess: eks.EndpointAccess.PRIVATE,
      clusterLogging: [eks.ClusterLoggingTypes.API, eks.ClusterLoggingTypes.AUDIT, eks.ClusterLoggingTypes.AUTHENTICATOR],
    });

    if (acknowledgeFramework) {
      const reason = 'Runs only during deployments, invoked by CloudFormation; handles no PHI.';
      const lambdaControls = ['Lambda.DeadLetterQueue', 'Lambda.InsideVpc', 'Lambda.ReservedConcurrency'];
      const acks = (ids: string[]) => ids.map((id) => ({ id: `CdkHipaa::${id}`, reason }));
      // One call per framework kind, as the report's "Framework resources" section prints it.
      Validations.of(stack.node.findChild('Custom::S3AutoDeleteObjectsCustomResourceProvider')).acknowledge(...acks(lambdaControls));
      Validations.of(stack.node.findChild('Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C'))
        .acknowledge(...acks([...lambdaControls, 'Lambda.EnvironmentCustomerKey', 'IAM.NoInlinePolicy']));
      Validations.of(stack.node.findChild('LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a')).acknowledge(...acks([...lambdaControls, 'IAM.NoInlinePolicy']));
      Validations.of(provider).acknowledge(...acks([...lambdaControls, 'Lambda.EnvironmentCustomerKey', 'IAM.NoInlinePolicy']));
      Validations.of(stack.node.findChild('@aws-cdk--aws-eks.ClusterResourceProvider'))
        .acknowledge(...acks([...lambdaControls, 'Lambda.EnvironmentCustomerKey', 'IAM.NoInlinePolicy', 'StepFunctions.Logging']));
      Validations.of(stack.node.findChild('@aws-cdk--aws-eks.KubectlProvider'))
        .acknowledge(...acks(['Lambda.DeadLetterQueue', 'Lambda.ReservedConcurrency', 'Lambda.EnvironmentCustomerKey', 'IAM.NoInlinePolicy']));
    }
    const aspect = HipaaAspect.applyTo(stack);
    return { app, stack, aspect };
  }

  test('synthesizes in ERROR mode with no errors', () => {
    const { app, stack, aspect } = typicalApp(false);
    const assembly = app.synth();
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    const report = readReport(assembly.directory, 'Typical');
    expect(report.framework.map((f: any) => f.kind).sort()).toEqual([
      'BucketDeployment function', 'LogRetention function', 'S3 auto-delete objects provider', 'custom-resources Provider framework',
    ]);
    // Without the acknowledgements, the framework findings are warnings.
    expect(aspect.findings.some((f) => f.constructPath.startsWith('Typical/LogRetention') && f.status === HipaaFindingStatus.FAIL)).toBe(true);
  });

  test('one acknowledgement per framework kind clears every framework finding', () => {
    const { app, stack, aspect } = typicalApp(true);
    const assembly = app.synth();
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    const reports = fs.readdirSync(assembly.directory).filter((f) => f.endsWith('.hipaa-report.json'))
      .map((f) => readReport(assembly.directory, f.replace(/\.hipaa-report\.json$/, '')));
    expect(reports.flatMap((r) => r.framework.map((k: any) => k.kind)).sort()).toEqual([
      'BucketDeployment function', 'EKS cluster provider', 'EKS kubectl provider', 'LogRetention function', 'S3 auto-delete objects provider',
      'custom-resources Provider framework',
    ]);
    const report = readReport(assembly.directory, 'Typical');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('clears nothing'))).toEqual([]);
    for (const kind of reports.flatMap((r) => r.framework)) {
      expect({ kind: kind.kind, controls: kind.controls, fail: kind.fail }).toEqual({ kind: kind.kind, controls: [], fail: 0 });
    }
    const frameworkPaths = new Set(report.resources.filter((r: any) => r.framework).map((r: any) => r.path));
    const open = aspect.findings.filter((f) => frameworkPaths.has(f.constructPath)
      && f.status !== HipaaFindingStatus.PASS && f.status !== HipaaFindingStatus.ACKNOWLEDGED);
    expect(open).toEqual([]);
  });
});

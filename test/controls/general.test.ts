import { Aws, CfnMapping, CfnResource, CustomResource, NestedStack } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sam from 'aws-cdk-lib/aws-sam';
import { ControlFixture } from './harness';
import { HIPAA_ELIGIBLE_SERVICE_PREFIXES } from '../../src/controls/general';
import { evaluateTemplateInputs } from '../../src/engine';

const ID = 'General.HipaaEligibleService';

describe('General.HipaaEligibleService', () => {
  test('PASS given resources of eligible services (L2 and L1)', () => {
    const f = new ControlFixture();
    new s3.Bucket(f.stack, 'Bucket');
    new CfnResource(f.stack, 'Queue', { type: 'AWS::SQS::Queue' });
    expect(f.status(ID, 'Bucket/Resource')).toBe('PASS');
    expect(f.status(ID, 'Queue')).toBe('PASS');
  });
  test('FAIL (warning) given a service that is not on the reference', () => {
    const f = new ControlFixture();
    new CfnResource(f.stack, 'App', { type: 'AWS::Amplify::App', properties: { Name: 'portal' } });
    expect(f.status(ID, 'App')).toBe('FAIL');
    expect(f.message(ID, 'App')).toMatch(/Amplify is not on AWS's HIPAA Eligible Services Reference/);
  });
  test('FAIL (warning) given a third-party registry type', () => {
    const f = new ControlFixture();
    new CfnResource(f.stack, 'Atlas', { type: 'MongoDB::Atlas::Cluster', properties: { Name: 'records' } });
    expect(f.status(ID, 'Atlas')).toBe('FAIL');
    expect(f.message(ID, 'Atlas')).toMatch(/third-party resource type/);
  });
  test('N/A given IAM, custom resources and Lambda permissions', () => {
    const f = new ControlFixture();
    new iam.Role(f.stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new CustomResource(f.stack, 'Custom', { serviceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider', resourceType: 'Custom::Thing' });
    new lambda.CfnPermission(f.stack, 'Invoke', { action: 'lambda:InvokeFunction', functionName: 'fn', principal: 'events.amazonaws.com' });
    expect(f.status(ID, 'Role/Resource')).toBe('N/A');
    expect(f.status(ID, 'Custom/Default')).toBe('N/A');
    expect(f.status(ID, 'Invoke')).toBe('N/A');
  });
  test('the list holds the core PHI services and leaves out ones the reference does not list', () => {
    for (const service of ['S3', 'RDS', 'DynamoDB', 'KMS', 'Logs', 'Lambda', 'EC2', 'HealthLake', 'OpenSearchService', 'Backup']) {
      expect([service, HIPAA_ELIGIBLE_SERVICE_PREFIXES.has(service)]).toEqual([service, true]);
    }
    expect(HIPAA_ELIGIBLE_SERVICE_PREFIXES.has('Amplify')).toBe(false);
  });
});

describe('General.SamResourceExpanded', () => {
  const SAM = 'General.SamResourceExpanded';

  test('UNVERIFIABLE given a SAM function (aws-sam CfnFunction), explaining the transform and the fix', () => {
    const f = new ControlFixture();
    new sam.CfnFunction(f.stack, 'Api', { runtime: 'nodejs22.x', handler: 'index.handler', codeUri: 's3://bucket/code.zip' });
    expect(f.status(SAM, 'Api')).toBe('UNVERIFIABLE');
    expect(f.message(SAM, 'Api')).toMatch(/AWS::Serverless::Function is an AWS SAM resource: the SAM transform expands it at deploy time into a Lambda function/);
    expect(f.message(SAM, 'Api')).toMatch(/--template-stage Processed/);
    // Not silently passed as holding no data: eligibility is not the question here.
    expect(f.status(ID, 'Api')).toBe('N/A');
  });
  test('UNVERIFIABLE given every SAM type as a plain CfnResource', () => {
    const f = new ControlFixture();
    const types = ['Function', 'SimpleTable', 'Api', 'HttpApi', 'StateMachine', 'Application', 'LayerVersion'];
    for (const t of types) new CfnResource(f.stack, t, { type: `AWS::Serverless::${t}`, properties: {} });
    for (const t of types) expect([t, f.status(SAM, t)]).toEqual([t, 'UNVERIFIABLE']);
    expect(f.status(SAM, 'SimpleTable')).toBe('UNVERIFIABLE');
    expect(f.message(SAM, 'SimpleTable')).toMatch(/into a DynamoDB table/);
  });
  test('UNVERIFIABLE given an application from the Serverless Application Repository the app chose', () => {
    const f = new ControlFixture();
    new sam.CfnApplication(f.stack, 'Nested', {
      location: { applicationId: 'arn:aws:serverlessrepo:us-east-1:123456789012:applications/phi-ingest', semanticVersion: '1.0.0' },
    });
    expect(f.status(SAM, 'Nested')).toBe('UNVERIFIABLE');
    expect(f.message(SAM, 'Nested')).toMatch(/nested stack/);
  });
  test('N/A given the rotation application of addRotationSingleUser() (AWS\'s published rotation template)', () => {
    const f = new ControlFixture();
    const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const db = new rds.DatabaseInstance(f.stack, 'Db', {
      vpc,
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
    db.addRotationSingleUser();
    expect(f.status(SAM, 'Db/RotationSingleUser/Resource')).toBe('N/A');
  });
  test('N/A given an application at AWS\'s published rotation template by ARN', () => {
    const f = new ControlFixture();
    new sam.CfnApplication(f.stack, 'Rotation', { location: { applicationId: `${AWS_PUBLISHER}SecretsManagerRDSMySQLRotationMultiUser`, semanticVersion: '1.1.671' } });
    expect(f.status(SAM, 'Rotation')).toBe('N/A');
  });
  test('N/A given a hand-written mapping of AWS\'s rotation template per partition, read at AWS::Partition', () => {
    const f = new ControlFixture();
    const map = new CfnMapping(f.stack, 'Rotations', { mapping: rotationMapping('SecretsManagerRDSPostgreSQLRotationSingleUser') });
    new sam.CfnApplication(f.stack, 'Rotation', {
      location: { applicationId: map.findInMap(Aws.PARTITION, 'applicationId'), semanticVersion: map.findInMap(Aws.PARTITION, 'semanticVersion') },
    });
    expect(f.status(SAM, 'Rotation')).toBe('N/A');
  });
  test('UNVERIFIABLE given a mapping in which one partition\'s application is not AWS\'s rotation template', () => {
    const f = new ControlFixture();
    const mapping = rotationMapping('SecretsManagerRDSPostgreSQLRotationSingleUser');
    mapping['aws-us-gov'].applicationId = 'arn:aws-us-gov:serverlessrepo:us-gov-west-1:123456789012:applications/SecretsManagerRDSPostgreSQLRotationSingleUser';
    const map = new CfnMapping(f.stack, 'Rotations', { mapping });
    new sam.CfnApplication(f.stack, 'Rotation', { location: { applicationId: map.findInMap(Aws.PARTITION, 'applicationId'), semanticVersion: '1.0.0' } });
    expect(f.status(SAM, 'Rotation')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given another application of AWS\'s publishing account, or a rotation template in the wrong region', () => {
    const f = new ControlFixture();
    new sam.CfnApplication(f.stack, 'Other', { location: { applicationId: `${AWS_PUBLISHER}phi-export`, semanticVersion: '1.0.0' } });
    new sam.CfnApplication(f.stack, 'Region', {
      location: { applicationId: 'arn:aws:serverlessrepo:eu-west-1:297356227824:applications/SecretsManagerRDSMySQLRotationSingleUser', semanticVersion: '1.0.0' },
    });
    expect(f.status(SAM, 'Other')).toBe('UNVERIFIABLE');
    expect(f.status(SAM, 'Region')).toBe('UNVERIFIABLE');
  });

  describe('in a template read without a CDK app', () => {
    const application = (applicationId: unknown) => ({ Type: 'AWS::Serverless::Application', Properties: { Location: { ApplicationId: applicationId, SemanticVersion: '1.1.671' } } });
    const status = (template: any) => {
      const found = evaluateTemplateInputs({ templates: [{ name: 't.json', stackKey: 't', template }] }).findings.find((x) => x.controlId === SAM);
      return found?.status ?? 'N/A';
    };
    const findInMap = { 'Fn::FindInMap': ['RotationMapping', { Ref: 'AWS::Partition' }, 'applicationId'] };

    test('N/A given the rotation application as aws-cdk-lib writes it: a FindInMap at AWS::Partition into a mapping of AWS\'s templates', () => {
      expect(status({ Mappings: { RotationMapping: rotationMapping('SecretsManagerRDSPostgreSQLRotationSingleUser') }, Resources: { Rotation: application(findInMap) } }))
        .toBe('N/A');
    });
    test('N/A given AWS\'s rotation template by ARN', () => {
      expect(status({ Resources: { Rotation: application(`${AWS_PUBLISHER}SecretsManagerRDSMariaDBRotationSingleUser`) } })).toBe('N/A');
    });
    test('UNVERIFIABLE given a FindInMap whose map is not in the template, or holds another application', () => {
      expect(status({ Resources: { Rotation: application(findInMap) } })).toBe('UNVERIFIABLE');
      const mapping = rotationMapping('SecretsManagerRDSPostgreSQLRotationSingleUser');
      mapping.aws.applicationId = 'arn:aws:serverlessrepo:us-east-1:123456789012:applications/phi-ingest';
      expect(status({ Mappings: { RotationMapping: mapping }, Resources: { Rotation: application(findInMap) } })).toBe('UNVERIFIABLE');
    });
  });
});

describe('General.DeployedTemplateChecked', () => {
  const DEPLOYED = 'General.DeployedTemplateChecked';

  test('N/A given a CDK NestedStack: its template is checked with its parent, resources included', () => {
    const f = new ControlFixture();
    const nested = new NestedStack(f.stack, 'Records');
    new s3.Bucket(nested, 'Store');
    expect(f.status(DEPLOYED, 'Records.NestedStack/Records.NestedStackResource')).toBe('N/A');
    // The nested stack's own resources are checked.
    expect(f.status('S3.Versioning', 'Records/Store/Resource')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a nested stack of a template elsewhere, naming its URL', () => {
    const f = new ControlFixture();
    new cloudformation.CfnStack(f.stack, 'Vendor', { templateUrl: 'https://example-vendor.s3.amazonaws.com/ingest/v3/template.yaml' });
    expect(f.status(DEPLOYED, 'Vendor')).toBe('UNVERIFIABLE');
    expect(f.message(DEPLOYED, 'Vendor')).toMatch(/deploys a nested stack from a template \(https:\/\/example-vendor\.s3\.amazonaws\.com\/ingest\/v3\/template\.yaml\) that was not checked/);
  });
  test('UNVERIFIABLE given a CDK NestedStack whose TemplateURL an override points elsewhere: its template is not what deploys', () => {
    const f = new ControlFixture();
    const nested = new NestedStack(f.stack, 'Records');
    new s3.Bucket(nested, 'Store');
    (nested.nestedStackResource as CfnResource).addPropertyOverride('TemplateURL', 'https://example-vendor.s3.amazonaws.com/other.json');
    expect(f.status(DEPLOYED, 'Records.NestedStack/Records.NestedStackResource')).toBe('UNVERIFIABLE');
    expect(f.message(DEPLOYED, 'Records.NestedStack/Records.NestedStackResource')).toMatch(/other\.json/);
  });
  test('UNVERIFIABLE given a stack set, with its template inline or at a URL', () => {
    const f = new ControlFixture();
    const set = (id: string, template: Partial<cloudformation.CfnStackSetProps>) => new cloudformation.CfnStackSet(f.stack, id, {
      stackSetName: id, permissionModel: 'SERVICE_MANAGED', autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false }, ...template,
    });
    set('Inline', { templateBody: JSON.stringify({ Resources: { Store: { Type: 'AWS::S3::Bucket' } } }) });
    set('Remote', { templateUrl: 'https://templates.s3.amazonaws.com/baseline.json' });
    expect(f.status(DEPLOYED, 'Inline')).toBe('UNVERIFIABLE');
    expect(f.message(DEPLOYED, 'Inline')).toMatch(/deploys a stack in each account and Region the stack set targets from an inline template \(TemplateBody\)/);
    expect(f.status(DEPLOYED, 'Remote')).toBe('UNVERIFIABLE');
    expect(f.message(DEPLOYED, 'Remote')).toMatch(/from a template \(https:\/\/templates\.s3\.amazonaws\.com\/baseline\.json\)/);
  });
  test('UNVERIFIABLE given a Service Catalog provisioned product', () => {
    const f = new ControlFixture();
    new CfnResource(f.stack, 'Product', {
      type: 'AWS::ServiceCatalog::CloudFormationProvisionedProduct',
      properties: { ProductName: 'phi-warehouse', ProvisioningArtifactName: 'v2' },
    });
    expect(f.status(DEPLOYED, 'Product')).toBe('UNVERIFIABLE');
    expect(f.message(DEPLOYED, 'Product')).toMatch(/from a version of a Service Catalog product/);
  });

  describe('in templates read without a CDK app', () => {
    const nestedStack = { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: { 'Fn::Sub': 'https://s3.${AWS::Region}.amazonaws.com/assets/1f0e.json' } } };
    const verdict = (templates: any[]) => evaluateTemplateInputs({ templates }).findings.find((x) => x.controlId === DEPLOYED && x.logicalId === 'Nested');

    test('UNVERIFIABLE given a parent template checked without the template its nested stack deploys', () => {
      const found = verdict([{ name: 'parent.json', stackKey: 'parent', template: { Resources: { Nested: nestedStack } } }]);
      expect(found?.status).toBe('UNVERIFIABLE');
      expect(found?.message).toMatch(/deploys a nested stack from a template that was not checked/);
    });
    test('N/A given the parent and the nested template checked together (a cloud assembly)', () => {
      const found = verdict([
        { name: 'parent.json', stackKey: 'parent', template: { Resources: { Nested: nestedStack } } },
        { name: 'nested.json', stackKey: 'parent/nested', template: { Resources: {} }, parameterValues: {}, parentStackKey: 'parent', parentLogicalId: 'Nested' },
      ]);
      expect(found).toBeUndefined();
    });
    test('UNVERIFIABLE given a nested template checked alongside whose parent is another stack', () => {
      const found = verdict([
        { name: 'parent.json', stackKey: 'parent', template: { Resources: { Nested: nestedStack } } },
        { name: 'nested.json', stackKey: 'other/nested', template: { Resources: {} }, parameterValues: {}, parentStackKey: 'other', parentLogicalId: 'Nested' },
      ]);
      expect(found?.status).toBe('UNVERIFIABLE');
    });
  });
});

/** Where AWS publishes the Secrets Manager rotation templates in the commercial partition. */
const AWS_PUBLISHER = 'arn:aws:serverlessrepo:us-east-1:297356227824:applications/';

/** A mapping of a rotation template's location per partition, as aws-cdk-lib's SecretRotation writes it. */
function rotationMapping(name: string): { [partition: string]: { applicationId: string; semanticVersion: string } } {
  return {
    'aws': { applicationId: `${AWS_PUBLISHER}${name}`, semanticVersion: '1.1.671' },
    'aws-cn': { applicationId: `arn:aws-cn:serverlessrepo:cn-north-1:193023089310:applications/${name}`, semanticVersion: '1.1.440' },
    'aws-us-gov': { applicationId: `arn:aws-us-gov:serverlessrepo:us-gov-west-1:023102451235:applications/${name}`, semanticVersion: '1.1.383' },
  };
}

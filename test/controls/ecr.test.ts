import { CfnParameter } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ControlFixture } from './harness';

describe('ECR.ScanOnPush', () => {
  test('PASS given imageScanOnPush: true', () => {
    const f = new ControlFixture();
    new ecr.Repository(f.stack, 'Repo', { imageScanOnPush: true });
    expect(f.status('ECR.ScanOnPush', 'Repo')).toBe('PASS');
  });
  test('PASS given a registry scanning rule with a * filter', () => {
    const f = new ControlFixture();
    new ecr.Repository(f.stack, 'Repo');
    new ecr.CfnRegistryScanningConfiguration(f.stack, 'Scanning', {
      scanType: 'ENHANCED',
      rules: [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }],
    });
    expect(f.status('ECR.ScanOnPush', 'Repo')).toBe('PASS');
  });
  test('PASS given a registry scanning rule whose filter matches the repository name', () => {
    const f = new ControlFixture();
    new ecr.Repository(f.stack, 'Repo', { repositoryName: 'phi/ingest' });
    new ecr.CfnRegistryScanningConfiguration(f.stack, 'Scanning', {
      scanType: 'BASIC',
      rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'phi/*', filterType: 'WILDCARD' }] }],
    });
    expect(f.status('ECR.ScanOnPush', 'Repo')).toBe('PASS');
  });
  test('fails when scanning is left at its default', () => {
    const f = new ControlFixture();
    new ecr.Repository(f.stack, 'Repo');
    expect(f.status('ECR.ScanOnPush', 'Repo')).toBe('FAIL');
    expect(f.message('ECR.ScanOnPush', 'Repo')).toMatch(/ScanOnPush is not true/);
  });
  test('fails when the registry rule covers other repositories only', () => {
    const f = new ControlFixture();
    new ecr.CfnRepository(f.stack, 'Repo', { repositoryName: 'web', imageScanningConfiguration: { scanOnPush: false } });
    new ecr.CfnRegistryScanningConfiguration(f.stack, 'Scanning', {
      scanType: 'BASIC',
      rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'phi/*', filterType: 'WILDCARD' }] }],
    });
    expect(f.status('ECR.ScanOnPush', 'Repo')).toBe('FAIL');
  });
  test('fails when the registry rule scans manually only', () => {
    const f = new ControlFixture();
    new ecr.Repository(f.stack, 'Repo');
    new ecr.CfnRegistryScanningConfiguration(f.stack, 'Scanning', {
      scanType: 'BASIC',
      rules: [{ scanFrequency: 'MANUAL', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }],
    });
    expect(f.status('ECR.ScanOnPush', 'Repo')).toBe('FAIL');
  });
  test('UNVERIFIABLE given ScanOnPush from a parameter', () => {
    const f = new ControlFixture();
    const scan = new CfnParameter(f.stack, 'Scan', { type: 'String' }).valueAsString;
    new ecr.CfnRepository(f.stack, 'Repo', { imageScanningConfiguration: { scanOnPush: scan as any } });
    expect(f.status('ECR.ScanOnPush', 'Repo')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a registry rule filtering by name and a generated repository name', () => {
    const f = new ControlFixture();
    new ecr.Repository(f.stack, 'Repo');
    new ecr.CfnRegistryScanningConfiguration(f.stack, 'Scanning', {
      scanType: 'BASIC',
      rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'phi/*', filterType: 'WILDCARD' }] }],
    });
    expect(f.status('ECR.ScanOnPush', 'Repo')).toBe('UNVERIFIABLE');
  });
});

describe('ECR.TagImmutability', () => {
  test('PASS given TagMutability.IMMUTABLE', () => {
    const f = new ControlFixture();
    new ecr.Repository(f.stack, 'Repo', { imageTagMutability: ecr.TagMutability.IMMUTABLE });
    expect(f.status('ECR.TagImmutability', 'Repo')).toBe('PASS');
  });
  test('PASS given IMMUTABLE_WITH_EXCLUSION', () => {
    const f = new ControlFixture();
    new ecr.CfnRepository(f.stack, 'Repo', { imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION' });
    expect(f.status('ECR.TagImmutability', 'Repo')).toBe('PASS');
  });
  test('fails when the default (MUTABLE) applies', () => {
    const f = new ControlFixture();
    new ecr.Repository(f.stack, 'Repo');
    expect(f.status('ECR.TagImmutability', 'Repo')).toBe('FAIL');
    expect(f.message('ECR.TagImmutability', 'Repo')).toMatch(/MUTABLE by default/);
  });
  test('fails when MUTABLE is explicit', () => {
    const f = new ControlFixture();
    new ecr.Repository(f.stack, 'Repo', { imageTagMutability: ecr.TagMutability.MUTABLE });
    expect(f.status('ECR.TagImmutability', 'Repo')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a parameter', () => {
    const f = new ControlFixture();
    new ecr.CfnRepository(f.stack, 'Repo', { imageTagMutability: new CfnParameter(f.stack, 'Mutability').valueAsString });
    expect(f.status('ECR.TagImmutability', 'Repo')).toBe('UNVERIFIABLE');
  });
});

describe('ECR.CustomerManagedKey', () => {
  test('PASS given a customer-managed key', () => {
    const f = new ControlFixture();
    new ecr.Repository(f.stack, 'Repo', { encryptionKey: new kms.Key(f.stack, 'Key') });
    expect(f.status('ECR.CustomerManagedKey', 'Repo')).toBe('PASS');
  });
  test('PASS given KMS_DSSE with a literal key ARN', () => {
    const f = new ControlFixture();
    new ecr.CfnRepository(f.stack, 'Repo', {
      encryptionConfiguration: { encryptionType: 'KMS_DSSE', kmsKey: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    });
    expect(f.status('ECR.CustomerManagedKey', 'Repo')).toBe('PASS');
  });
  test('fails when the default (AES256) applies', () => {
    const f = new ControlFixture();
    new ecr.Repository(f.stack, 'Repo');
    expect(f.status('ECR.CustomerManagedKey', 'Repo')).toBe('FAIL');
    expect(f.message('ECR.CustomerManagedKey', 'Repo')).toMatch(/AES256 by default/);
  });
  test('fails when KMS uses the AWS-managed key', () => {
    const f = new ControlFixture();
    new ecr.Repository(f.stack, 'Repo', { encryption: ecr.RepositoryEncryption.KMS });
    expect(f.status('ECR.CustomerManagedKey', 'Repo')).toBe('FAIL');
    expect(f.message('ECR.CustomerManagedKey', 'Repo')).toMatch(/aws\/ecr/);
  });
  test('fails when KMS names alias/aws/ecr', () => {
    const f = new ControlFixture();
    new ecr.CfnRepository(f.stack, 'Repo', { encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'alias/aws/ecr' } });
    expect(f.status('ECR.CustomerManagedKey', 'Repo')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the key from a parameter', () => {
    const f = new ControlFixture();
    new ecr.CfnRepository(f.stack, 'Repo', { encryptionConfiguration: { encryptionType: 'KMS', kmsKey: new CfnParameter(f.stack, 'KeyArn').valueAsString } });
    expect(f.status('ECR.CustomerManagedKey', 'Repo')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given the encryption type from a parameter', () => {
    const f = new ControlFixture();
    new ecr.CfnRepository(f.stack, 'Repo', { encryptionConfiguration: { encryptionType: new CfnParameter(f.stack, 'Type').valueAsString } });
    expect(f.status('ECR.CustomerManagedKey', 'Repo')).toBe('UNVERIFIABLE');
  });
});

describe('ECR.NoPublicAccess', () => {
  test('PASS given no repository policy', () => {
    const f = new ControlFixture();
    new ecr.Repository(f.stack, 'Repo');
    expect(f.status('ECR.NoPublicAccess', 'Repo')).toBe('PASS');
  });
  test('PASS given a pull grant to an account', () => {
    const f = new ControlFixture();
    const repo = new ecr.Repository(f.stack, 'Repo');
    repo.grantPull(new iam.AccountPrincipal('210987654321'));
    expect(f.status('ECR.NoPublicAccess', 'Repo')).toBe('PASS');
  });
  test('PASS given everyone narrowed to an organization', () => {
    const f = new ControlFixture();
    const repo = new ecr.Repository(f.stack, 'Repo');
    repo.grantPull(new iam.OrganizationPrincipal('o-abcd123456'));
    expect(f.status('ECR.NoPublicAccess', 'Repo')).toBe('PASS');
  });
  test('fails when everyone may pull', () => {
    const f = new ControlFixture();
    const repo = new ecr.Repository(f.stack, 'Repo');
    repo.grantPull(new iam.AnyPrincipal());
    expect(f.status('ECR.NoPublicAccess', 'Repo')).toBe('FAIL');
    expect(f.message('ECR.NoPublicAccess', 'Repo')).toMatch(/allows everyone \(Principal \*\) to ecr:BatchCheckLayerAvailability/);
  });
  test('fails when an L1 policy is a JSON string open to *', () => {
    const f = new ControlFixture();
    const repo = new ecr.CfnRepository(f.stack, 'Repo');
    repo.addPropertyOverride('RepositoryPolicyText', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:*' }] }));
    expect(f.status('ECR.NoPublicAccess', 'Repo')).toBe('FAIL');
  });
  test('fails when a statement allows everyone but a NotPrincipal', () => {
    const f = new ControlFixture();
    new ecr.CfnRepository(f.stack, 'Repo', {
      repositoryPolicyText: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'ecr:BatchGetImage' }],
      },
    });
    expect(f.status('ECR.NoPublicAccess', 'Repo')).toBe('FAIL');
    expect(f.message('ECR.NoPublicAccess', 'Repo')).toMatch(/everyone but the NotPrincipal/);
  });
  test('UNVERIFIABLE given a narrowing condition whose value is a parameter', () => {
    const f = new ControlFixture();
    const org = new CfnParameter(f.stack, 'OrgId').valueAsString;
    new ecr.CfnRepository(f.stack, 'Repo', {
      repositoryPolicyText: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage', Condition: { StringEquals: { 'aws:PrincipalOrgID': org } } }],
      },
    });
    expect(f.status('ECR.NoPublicAccess', 'Repo')).toBe('UNVERIFIABLE');
  });
  test('fails given an ECR Public repository', () => {
    const f = new ControlFixture();
    new ecr.CfnPublicRepository(f.stack, 'Public', { repositoryName: 'tools' });
    expect(f.status('ECR.NoPublicAccess', 'Public')).toBe('FAIL');
    expect(f.message('ECR.NoPublicAccess', 'Public')).toMatch(/anyone on the internet/);
  });
  test('UNVERIFIABLE given the policy from a parameter', () => {
    const f = new ControlFixture();
    new ecr.CfnRepository(f.stack, 'Repo', { repositoryPolicyText: new CfnParameter(f.stack, 'Policy').valueAsString });
    expect(f.status('ECR.NoPublicAccess', 'Repo')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a principal from a parameter', () => {
    const f = new ControlFixture();
    const principal = new CfnParameter(f.stack, 'Principal').valueAsString;
    new ecr.CfnRepository(f.stack, 'Repo', {
      repositoryPolicyText: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'ecr:BatchGetImage' }] },
    });
    expect(f.status('ECR.NoPublicAccess', 'Repo')).toBe('UNVERIFIABLE');
  });
});

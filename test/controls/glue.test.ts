import { CfnParameter } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ControlFixture } from './harness';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A security configuration encrypting everything with one customer key. */
function secureConfiguration(f: ControlFixture, id = 'Security'): glue.CfnSecurityConfiguration {
  const key = new kms.Key(f.stack, `${id}Key`);
  return new glue.CfnSecurityConfiguration(f.stack, id, {
    name: 'phi-jobs',
    encryptionConfiguration: {
      s3Encryptions: [{ s3EncryptionMode: 'SSE-KMS', kmsKeyArn: key.keyArn }],
      cloudWatchEncryption: { cloudWatchEncryptionMode: 'SSE-KMS', kmsKeyArn: key.keyArn },
      jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS', kmsKeyArn: key.keyArn },
    },
  });
}

function bareConfiguration(f: ControlFixture, encryptionConfiguration: glue.CfnSecurityConfiguration.EncryptionConfigurationProperty) {
  return new glue.CfnSecurityConfiguration(f.stack, 'Security', { name: 'phi-jobs', encryptionConfiguration });
}

describe('Glue.S3Encryption', () => {
  test('PASS given SSE-KMS with a customer key', () => {
    const f = new ControlFixture();
    secureConfiguration(f);
    expect(f.status('Glue.S3Encryption', 'Security')).toBe('PASS');
  });
  test('fails when S3 encryption is left at its default', () => {
    const f = new ControlFixture();
    bareConfiguration(f, {});
    expect(f.status('Glue.S3Encryption', 'Security')).toBe('FAIL');
    expect(f.message('Glue.S3Encryption', 'Security')).toMatch(/DISABLED by default/);
  });
  test('fails when SSE-S3 is used', () => {
    const f = new ControlFixture();
    bareConfiguration(f, { s3Encryptions: [{ s3EncryptionMode: 'SSE-S3' }] });
    expect(f.status('Glue.S3Encryption', 'Security')).toBe('FAIL');
    expect(f.message('Glue.S3Encryption', 'Security')).toMatch(/keys AWS manages/);
  });
  test('fails when SSE-KMS has no key', () => {
    const f = new ControlFixture();
    bareConfiguration(f, { s3Encryptions: [{ s3EncryptionMode: 'SSE-KMS' }] });
    expect(f.status('Glue.S3Encryption', 'Security')).toBe('FAIL');
  });
  test('fails when SSE-KMS names an AWS-managed key', () => {
    const f = new ControlFixture();
    bareConfiguration(f, { s3Encryptions: [{ s3EncryptionMode: 'SSE-KMS', kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/aws/s3' }] });
    expect(f.status('Glue.S3Encryption', 'Security')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the mode from a parameter', () => {
    const f = new ControlFixture();
    bareConfiguration(f, { s3Encryptions: [{ s3EncryptionMode: new CfnParameter(f.stack, 'Mode').valueAsString, kmsKeyArn: KEY_ARN }] });
    expect(f.status('Glue.S3Encryption', 'Security')).toBe('UNVERIFIABLE');
  });
});

describe('Glue.CloudWatchEncryption', () => {
  test('PASS given SSE-KMS with a customer key', () => {
    const f = new ControlFixture();
    secureConfiguration(f);
    expect(f.status('Glue.CloudWatchEncryption', 'Security')).toBe('PASS');
  });
  test('fails when left at its default', () => {
    const f = new ControlFixture();
    bareConfiguration(f, { s3Encryptions: [{ s3EncryptionMode: 'SSE-KMS', kmsKeyArn: KEY_ARN }] });
    expect(f.status('Glue.CloudWatchEncryption', 'Security')).toBe('FAIL');
    expect(f.message('Glue.CloudWatchEncryption', 'Security')).toMatch(/logs are not encrypted with KMS/);
  });
  test('fails when SSE-KMS has no key', () => {
    const f = new ControlFixture();
    bareConfiguration(f, { cloudWatchEncryption: { cloudWatchEncryptionMode: 'SSE-KMS' } });
    expect(f.status('Glue.CloudWatchEncryption', 'Security')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the key from a parameter', () => {
    const f = new ControlFixture();
    bareConfiguration(f, { cloudWatchEncryption: { cloudWatchEncryptionMode: 'SSE-KMS', kmsKeyArn: new CfnParameter(f.stack, 'Key').valueAsString } });
    expect(f.status('Glue.CloudWatchEncryption', 'Security')).toBe('UNVERIFIABLE');
  });
});

describe('Glue.JobBookmarksEncryption', () => {
  test('PASS given CSE-KMS with a customer key', () => {
    const f = new ControlFixture();
    secureConfiguration(f);
    expect(f.status('Glue.JobBookmarksEncryption', 'Security')).toBe('PASS');
  });
  test('fails when DISABLED', () => {
    const f = new ControlFixture();
    bareConfiguration(f, { jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'DISABLED' } });
    expect(f.status('Glue.JobBookmarksEncryption', 'Security')).toBe('FAIL');
    expect(f.message('Glue.JobBookmarksEncryption', 'Security')).toMatch(/JobBookmarksEncryptionMode is DISABLED/);
  });
  test('fails when CSE-KMS has no key', () => {
    const f = new ControlFixture();
    bareConfiguration(f, { jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS' } });
    expect(f.status('Glue.JobBookmarksEncryption', 'Security')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the setting from a parameter', () => {
    const f = new ControlFixture();
    bareConfiguration(f, { jobBookmarksEncryption: new CfnParameter(f.stack, 'Bookmarks').valueAsString as any });
    expect(f.status('Glue.JobBookmarksEncryption', 'Security')).toBe('UNVERIFIABLE');
  });
});

describe('Glue.SecurityConfigurationAttached', () => {
  const ROLE = 'arn:aws:iam::123456789012:role/glue';
  test('PASS given a job naming a security configuration of the app', () => {
    const f = new ControlFixture();
    const security = secureConfiguration(f);
    new glue.CfnJob(f.stack, 'Job', { role: ROLE, command: { name: 'glueetl', scriptLocation: 's3://scripts/etl.py' }, securityConfiguration: security.ref });
    expect(f.status('Glue.SecurityConfigurationAttached', 'Job')).toBe('PASS');
  });
  test('PASS given a crawler naming a configuration by name', () => {
    const f = new ControlFixture();
    new glue.CfnCrawler(f.stack, 'Crawler', { role: ROLE, targets: { s3Targets: [{ path: 's3://phi/raw' }] }, crawlerSecurityConfiguration: 'phi-jobs' });
    expect(f.status('Glue.SecurityConfigurationAttached', 'Crawler')).toBe('PASS');
  });
  test('fails when a job has no security configuration', () => {
    const f = new ControlFixture();
    new glue.CfnJob(f.stack, 'Job', { role: ROLE, command: { name: 'glueetl', scriptLocation: 's3://scripts/etl.py' } });
    expect(f.status('Glue.SecurityConfigurationAttached', 'Job')).toBe('FAIL');
    expect(f.message('Glue.SecurityConfigurationAttached', 'Job')).toMatch(/SecurityConfiguration is not set/);
  });
  test('fails when a crawler has no security configuration', () => {
    const f = new ControlFixture();
    new glue.CfnCrawler(f.stack, 'Crawler', { role: ROLE, targets: { s3Targets: [{ path: 's3://phi/raw' }] } });
    expect(f.status('Glue.SecurityConfigurationAttached', 'Crawler')).toBe('FAIL');
    expect(f.message('Glue.SecurityConfigurationAttached', 'Crawler')).toMatch(/CrawlerSecurityConfiguration is not set/);
  });
  test('fails when a development endpoint has no security configuration', () => {
    const f = new ControlFixture();
    new glue.CfnDevEndpoint(f.stack, 'Endpoint', { roleArn: ROLE });
    expect(f.status('Glue.SecurityConfigurationAttached', 'Endpoint')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the name from a parameter', () => {
    const f = new ControlFixture();
    new glue.CfnJob(f.stack, 'Job', {
      role: ROLE, command: { name: 'glueetl', scriptLocation: 's3://scripts/etl.py' }, securityConfiguration: new CfnParameter(f.stack, 'Security').valueAsString,
    });
    expect(f.status('Glue.SecurityConfigurationAttached', 'Job')).toBe('UNVERIFIABLE');
  });
});

describe('Glue.DataCatalogEncrypted', () => {
  test('PASS given SSE-KMS with a customer key', () => {
    const f = new ControlFixture();
    const key = new kms.Key(f.stack, 'Key');
    new glue.CfnDataCatalogEncryptionSettings(f.stack, 'Catalog', {
      catalogId: '123456789012',
      dataCatalogEncryptionSettings: { encryptionAtRest: { catalogEncryptionMode: 'SSE-KMS', sseAwsKmsKeyId: key.keyId } },
    });
    expect(f.status('Glue.DataCatalogEncrypted', 'Catalog')).toBe('PASS');
  });
  test('fails when encryption at rest is left at its default', () => {
    const f = new ControlFixture();
    new glue.CfnDataCatalogEncryptionSettings(f.stack, 'Catalog', { catalogId: '123456789012', dataCatalogEncryptionSettings: {} });
    expect(f.status('Glue.DataCatalogEncrypted', 'Catalog')).toBe('FAIL');
    expect(f.message('Glue.DataCatalogEncrypted', 'Catalog')).toMatch(/DISABLED by default/);
  });
  test('fails when SSE-KMS uses the AWS-managed key', () => {
    const f = new ControlFixture();
    new glue.CfnDataCatalogEncryptionSettings(f.stack, 'Catalog', {
      catalogId: '123456789012',
      dataCatalogEncryptionSettings: { encryptionAtRest: { catalogEncryptionMode: 'SSE-KMS' } },
    });
    expect(f.status('Glue.DataCatalogEncrypted', 'Catalog')).toBe('FAIL');
    expect(f.message('Glue.DataCatalogEncrypted', 'Catalog')).toMatch(/aws\/glue/);
  });
  test('UNVERIFIABLE given the mode from a parameter', () => {
    const f = new ControlFixture();
    new glue.CfnDataCatalogEncryptionSettings(f.stack, 'Catalog', {
      catalogId: '123456789012',
      dataCatalogEncryptionSettings: { encryptionAtRest: { catalogEncryptionMode: new CfnParameter(f.stack, 'Mode').valueAsString } },
    });
    expect(f.status('Glue.DataCatalogEncrypted', 'Catalog')).toBe('UNVERIFIABLE');
  });
});

describe('Glue.ConnectionPasswordEncrypted', () => {
  test('PASS given password encryption with a customer key', () => {
    const f = new ControlFixture();
    new glue.CfnDataCatalogEncryptionSettings(f.stack, 'Catalog', {
      catalogId: '123456789012',
      dataCatalogEncryptionSettings: { connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, kmsKeyId: KEY_ARN } },
    });
    expect(f.status('Glue.ConnectionPasswordEncrypted', 'Catalog')).toBe('PASS');
  });
  test('fails when left at its default', () => {
    const f = new ControlFixture();
    new glue.CfnDataCatalogEncryptionSettings(f.stack, 'Catalog', { catalogId: '123456789012', dataCatalogEncryptionSettings: {} });
    expect(f.status('Glue.ConnectionPasswordEncrypted', 'Catalog')).toBe('FAIL');
    expect(f.message('Glue.ConnectionPasswordEncrypted', 'Catalog')).toMatch(/returned in clear text/);
  });
  test('fails when enabled without a key', () => {
    const f = new ControlFixture();
    new glue.CfnDataCatalogEncryptionSettings(f.stack, 'Catalog', {
      catalogId: '123456789012',
      dataCatalogEncryptionSettings: { connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true } },
    });
    expect(f.status('Glue.ConnectionPasswordEncrypted', 'Catalog')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the flag from a parameter', () => {
    const f = new ControlFixture();
    new glue.CfnDataCatalogEncryptionSettings(f.stack, 'Catalog', {
      catalogId: '123456789012',
      dataCatalogEncryptionSettings: { connectionPasswordEncryption: { returnConnectionPasswordEncrypted: new CfnParameter(f.stack, 'Flag').valueAsString as any } },
    });
    expect(f.status('Glue.ConnectionPasswordEncrypted', 'Catalog')).toBe('UNVERIFIABLE');
  });
});

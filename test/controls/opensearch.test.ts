import { CfnParameter } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as es from 'aws-cdk-lib/aws-elasticsearch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { ControlFixture } from './harness';

const IDS = ['OpenSearch.EncryptedAtRest', 'OpenSearch.CustomerManagedKey', 'OpenSearch.NodeToNodeEncryption', 'OpenSearch.TlsEnforced',
  'OpenSearch.InVpc', 'OpenSearch.ApplicationLogs', 'OpenSearch.AuditLogs'];

/** A domain that meets every OpenSearch control. */
function compliantDomain(f: ControlFixture, props: Partial<opensearch.DomainProps> = {}): opensearch.Domain {
  const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  return new opensearch.Domain(f.stack, 'Domain', {
    version: opensearch.EngineVersion.OPENSEARCH_2_11,
    vpc,
    vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    capacity: { dataNodes: 2 },
    zoneAwareness: { enabled: true },
    encryptionAtRest: { enabled: true, kmsKey: new kms.Key(f.stack, 'Key') },
    nodeToNodeEncryption: true,
    enforceHttps: true,
    tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2,
    fineGrainedAccessControl: { masterUserName: 'admin' },
    logging: { appLogEnabled: true, auditLogEnabled: true },
    ...props,
  });
}

/** An L1 domain with every setting right, to break one property at a time. */
function l1Domain(f: ControlFixture, props: Partial<opensearch.CfnDomainProps> = {}): opensearch.CfnDomain {
  return new opensearch.CfnDomain(f.stack, 'Domain', {
    encryptionAtRestOptions: { enabled: true, kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    nodeToNodeEncryptionOptions: { enabled: true },
    domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
    vpcOptions: { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] },
    logPublishingOptions: {
      ES_APPLICATION_LOGS: { enabled: true, cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:app' },
      AUDIT_LOGS: { enabled: true, cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:audit' },
    },
    ...props,
  });
}

describe('a compliant domain', () => {
  test('passes every OpenSearch control', () => {
    const f = new ControlFixture();
    compliantDomain(f);
    for (const id of IDS) expect([id, f.status(id, 'Domain/Resource')]).toEqual([id, 'PASS']);
  });
  test('an L1 domain with every setting passes every OpenSearch control', () => {
    const f = new ControlFixture();
    l1Domain(f);
    for (const id of IDS) expect([id, f.status(id, 'Domain')]).toEqual([id, 'PASS']);
  });
  test('an L1 Elasticsearch domain is checked the same way', () => {
    const f = new ControlFixture();
    new es.CfnDomain(f.stack, 'Domain', {
      encryptionAtRestOptions: { enabled: true, kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
      nodeToNodeEncryptionOptions: { enabled: true },
      domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07' },
    });
    expect(f.status('OpenSearch.EncryptedAtRest', 'Domain')).toBe('PASS');
    expect(f.status('OpenSearch.TlsEnforced', 'Domain')).toBe('FAIL');
    expect(f.status('OpenSearch.InVpc', 'Domain')).toBe('FAIL');
  });
});

describe('OpenSearch.EncryptedAtRest', () => {
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    new opensearch.Domain(f.stack, 'Domain', { version: opensearch.EngineVersion.OPENSEARCH_2_11 });
    expect(f.status('OpenSearch.EncryptedAtRest', 'Domain/Resource')).toBe('FAIL');
    expect(f.message('OpenSearch.EncryptedAtRest', 'Domain/Resource')).toMatch(/encryption at rest is not enabled/);
  });
  test('UNVERIFIABLE given the flag from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Encrypt', { type: 'String' });
    l1Domain(f, { encryptionAtRestOptions: { enabled: p.valueAsString as any } });
    expect(f.status('OpenSearch.EncryptedAtRest', 'Domain')).toBe('UNVERIFIABLE');
  });
});

describe('OpenSearch.CustomerManagedKey', () => {
  test('FAIL given encryption at rest with the AWS-managed key', () => {
    const f = new ControlFixture();
    compliantDomain(f, { encryptionAtRest: { enabled: true } });
    expect(f.status('OpenSearch.CustomerManagedKey', 'Domain/Resource')).toBe('FAIL');
    expect(f.message('OpenSearch.CustomerManagedKey', 'Domain/Resource')).toMatch(/aws\/es/);
  });
  test('N/A given no encryption at rest', () => {
    const f = new ControlFixture();
    new opensearch.Domain(f.stack, 'Domain', { version: opensearch.EngineVersion.OPENSEARCH_2_11 });
    expect(f.status('OpenSearch.CustomerManagedKey', 'Domain/Resource')).toBe('N/A');
  });
  test('UNVERIFIABLE given a key from a parameter', () => {
    const f = new ControlFixture();
    l1Domain(f, { encryptionAtRestOptions: { enabled: true, kmsKeyId: new CfnParameter(f.stack, 'KeyArn').valueAsString } });
    expect(f.status('OpenSearch.CustomerManagedKey', 'Domain')).toBe('UNVERIFIABLE');
  });
});

describe('OpenSearch.NodeToNodeEncryption', () => {
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    new opensearch.Domain(f.stack, 'Domain', { version: opensearch.EngineVersion.OPENSEARCH_2_11 });
    expect(f.status('OpenSearch.NodeToNodeEncryption', 'Domain/Resource')).toBe('FAIL');
    expect(f.message('OpenSearch.NodeToNodeEncryption', 'Domain/Resource')).toMatch(/node-to-node encryption is not enabled/);
  });
  test('FAIL given an L1 domain without it', () => {
    const f = new ControlFixture();
    l1Domain(f, { nodeToNodeEncryptionOptions: undefined });
    expect(f.status('OpenSearch.NodeToNodeEncryption', 'Domain')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the flag from a parameter', () => {
    const f = new ControlFixture();
    l1Domain(f, { nodeToNodeEncryptionOptions: { enabled: new CfnParameter(f.stack, 'N2n').valueAsString as any } });
    expect(f.status('OpenSearch.NodeToNodeEncryption', 'Domain')).toBe('UNVERIFIABLE');
  });
});

describe('OpenSearch.TlsEnforced', () => {
  test('FAIL given the L2 default (HTTPS not enforced)', () => {
    const f = new ControlFixture();
    new opensearch.Domain(f.stack, 'Domain', { version: opensearch.EngineVersion.OPENSEARCH_2_11 });
    expect(f.status('OpenSearch.TlsEnforced', 'Domain/Resource')).toBe('FAIL');
    expect(f.message('OpenSearch.TlsEnforced', 'Domain/Resource')).toMatch(/EnforceHTTPS is not true/);
  });
  test('FAIL given TLSSecurityPolicy.TLS_1_0', () => {
    const f = new ControlFixture();
    compliantDomain(f, { tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_0 });
    expect(f.status('OpenSearch.TlsEnforced', 'Domain/Resource')).toBe('FAIL');
    expect(f.message('OpenSearch.TlsEnforced', 'Domain/Resource')).toMatch(/Policy-Min-TLS-1-0-2019-07, which accepts TLS versions older than 1.2/);
  });
  test('FAIL given an L1 domain without a TLS policy', () => {
    const f = new ControlFixture();
    l1Domain(f, { domainEndpointOptions: { enforceHttps: true } });
    expect(f.status('OpenSearch.TlsEnforced', 'Domain')).toBe('FAIL');
    expect(f.message('OpenSearch.TlsEnforced', 'Domain')).toMatch(/TLSSecurityPolicy is not set/);
  });
  test('UNVERIFIABLE given the policy from a parameter', () => {
    const f = new ControlFixture();
    l1Domain(f, { domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: new CfnParameter(f.stack, 'Policy').valueAsString } });
    expect(f.status('OpenSearch.TlsEnforced', 'Domain')).toBe('UNVERIFIABLE');
  });
});

describe('OpenSearch.InVpc', () => {
  test('FAIL given the L2 default (public endpoint)', () => {
    const f = new ControlFixture();
    new opensearch.Domain(f.stack, 'Domain', { version: opensearch.EngineVersion.OPENSEARCH_2_11 });
    expect(f.status('OpenSearch.InVpc', 'Domain/Resource')).toBe('FAIL');
    expect(f.message('OpenSearch.InVpc', 'Domain/Resource')).toMatch(/endpoint is public/);
  });
  test('UNVERIFIABLE given subnets from a parameter', () => {
    const f = new ControlFixture();
    l1Domain(f, { vpcOptions: { subnetIds: new CfnParameter(f.stack, 'Subnets', { type: 'List<AWS::EC2::Subnet::Id>' }).valueAsList } });
    expect(f.status('OpenSearch.InVpc', 'Domain')).toBe('UNVERIFIABLE');
  });
});

describe('OpenSearch.ApplicationLogs', () => {
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    new opensearch.Domain(f.stack, 'Domain', { version: opensearch.EngineVersion.OPENSEARCH_2_11 });
    expect(f.status('OpenSearch.ApplicationLogs', 'Domain/Resource')).toBe('FAIL');
    expect(f.message('OpenSearch.ApplicationLogs', 'Domain/Resource')).toMatch(/ES_APPLICATION_LOGS are not published/);
  });
  test('FAIL given an L1 log option that is disabled', () => {
    const f = new ControlFixture();
    l1Domain(f, { logPublishingOptions: { ES_APPLICATION_LOGS: { enabled: false, cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:app' } } });
    expect(f.status('OpenSearch.ApplicationLogs', 'Domain')).toBe('FAIL');
  });
  test('UNVERIFIABLE given Enabled from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Logs');
    l1Domain(f, { logPublishingOptions: { ES_APPLICATION_LOGS: { enabled: p.valueAsString as any, cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:app' } } });
    expect(f.status('OpenSearch.ApplicationLogs', 'Domain')).toBe('UNVERIFIABLE');
  });
});

describe('OpenSearch.AuditLogs', () => {
  test('FAIL given application logs only', () => {
    const f = new ControlFixture();
    compliantDomain(f, { logging: { appLogEnabled: true } });
    expect(f.status('OpenSearch.ApplicationLogs', 'Domain/Resource')).toBe('PASS');
    expect(f.status('OpenSearch.AuditLogs', 'Domain/Resource')).toBe('FAIL');
    expect(f.message('OpenSearch.AuditLogs', 'Domain/Resource')).toMatch(/AUDIT_LOGS are not published/);
  });
  test('UNVERIFIABLE given Enabled from a parameter', () => {
    const f = new ControlFixture();
    const p = new CfnParameter(f.stack, 'Logs');
    l1Domain(f, { logPublishingOptions: { AUDIT_LOGS: { enabled: p.valueAsString as any, cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:audit' } } });
    expect(f.status('OpenSearch.AuditLogs', 'Domain')).toBe('UNVERIFIABLE');
  });
});

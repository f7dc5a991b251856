import { CfnParameter, CfnResource } from 'aws-cdk-lib';
import * as emr from 'aws-cdk-lib/aws-emr';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ControlFixture } from './harness';

// aws-cdk-lib has no EMR L2: the fixtures are L1 clusters and security configurations.
const KDC_PASSWORD = '{{resolve:secretsmanager:emr-kdc:SecretString:password}}';
const KERBEROS = { realm: 'EC2.INTERNAL', kdcAdminPassword: KDC_PASSWORD };

/** A security configuration document with Kerberos and both encryptions, minus what `omit` names. */
function securityDocument(f: ControlFixture, omit: string[] = [], keyArn?: string): Record<string, any> {
  const key = { keyArn: keyArn ?? new kms.Key(f.stack, 'Key', { enableKeyRotation: true }).keyArn };
  const doc: Record<string, any> = {
    EncryptionConfiguration: {
      EnableAtRestEncryption: !omit.includes('atRest'),
      EnableInTransitEncryption: !omit.includes('inTransit'),
      AtRestEncryptionConfiguration: {
        S3EncryptionConfiguration: { EncryptionMode: 'SSE-KMS', AwsKmsKey: key.keyArn },
        ...(omit.includes('localDisk') ? {} : { LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: 'AwsKms', AwsKmsKey: key.keyArn } }),
      },
      InTransitEncryptionConfiguration: {
        TLSCertificateConfiguration: { CertificateProviderType: 'PEM', S3Object: 's3://certs-bucket/certs.zip' },
      },
    },
  };
  if (!omit.includes('kerberos')) {
    doc.AuthenticationConfiguration = { KerberosConfiguration: { Provider: 'ClusterDedicatedKdc', ClusterDedicatedKdcConfiguration: { TicketLifetimeInHours: 24 } } };
  }
  return doc;
}

function cluster(f: ControlFixture, props: Partial<emr.CfnClusterProps> = {}): emr.CfnCluster {
  return new emr.CfnCluster(f.stack, 'Cluster', {
    name: 'analytics',
    releaseLabel: 'emr-7.2.0',
    jobFlowRole: 'EMR_EC2_DefaultRole',
    serviceRole: 'EMR_DefaultRole',
    instances: { masterInstanceGroup: { instanceCount: 1, instanceType: 'm5.xlarge' } },
    ...props,
  });
}

function secured(f: ControlFixture, omit: string[] = [], props: Partial<emr.CfnClusterProps> = {}): emr.CfnCluster {
  const security = new emr.CfnSecurityConfiguration(f.stack, 'Security', { securityConfiguration: securityDocument(f, omit) });
  return cluster(f, { securityConfiguration: security.ref, kerberosAttributes: KERBEROS, ...props });
}

describe('a compliant cluster', () => {
  test('passes every EMR control', () => {
    const f = new ControlFixture();
    secured(f);
    for (const id of ['EMR.KerberosEnabled', 'EMR.EncryptionAtRest', 'EMR.EncryptionInTransit']) {
      expect([id, f.status(id, 'Cluster')]).toEqual([id, 'PASS']);
    }
  });
  test('a security configuration given as JSON text and by its literal name is read too', () => {
    const f = new ControlFixture();
    const text = JSON.stringify(securityDocument(f, [], 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'));
    // CloudFormation also takes the document as JSON text, which the L1 refuses: a plain CfnResource renders it.
    new CfnResource(f.stack, 'Security', { type: 'AWS::EMR::SecurityConfiguration', properties: { Name: 'phi-security', SecurityConfiguration: text } });
    cluster(f, { securityConfiguration: 'phi-security', kerberosAttributes: KERBEROS });
    expect(f.status('EMR.EncryptionAtRest', 'Cluster')).toBe('PASS');
  });
});

describe('EMR.KerberosEnabled', () => {
  test('FAIL given no KerberosAttributes', () => {
    const f = new ControlFixture();
    secured(f, [], { kerberosAttributes: undefined });
    expect(f.status('EMR.KerberosEnabled', 'Cluster')).toBe('FAIL');
    expect(f.message('EMR.KerberosEnabled', 'Cluster')).toMatch(/no KerberosAttributes/);
  });
  test('FAIL given KerberosAttributes without a security configuration', () => {
    const f = new ControlFixture();
    cluster(f, { kerberosAttributes: KERBEROS });
    expect(f.status('EMR.KerberosEnabled', 'Cluster')).toBe('FAIL');
    expect(f.message('EMR.KerberosEnabled', 'Cluster')).toMatch(/no SecurityConfiguration/);
  });
  test('FAIL given a security configuration without KerberosConfiguration', () => {
    const f = new ControlFixture();
    secured(f, ['kerberos']);
    expect(f.status('EMR.KerberosEnabled', 'Cluster')).toBe('FAIL');
    expect(f.message('EMR.KerberosEnabled', 'Cluster')).toMatch(/no AuthenticationConfiguration.KerberosConfiguration/);
  });
  test('UNVERIFIABLE given a security configuration outside the app', () => {
    const f = new ControlFixture();
    cluster(f, { securityConfiguration: 'shared-security', kerberosAttributes: KERBEROS });
    expect(f.status('EMR.KerberosEnabled', 'Cluster')).toBe('UNVERIFIABLE');
    expect(f.message('EMR.KerberosEnabled', 'Cluster')).toMatch(/shared-security is outside the app/);
  });
});

describe('EMR.EncryptionAtRest and EMR.EncryptionInTransit', () => {
  test('FAIL given no security configuration', () => {
    const f = new ControlFixture();
    cluster(f);
    expect(f.status('EMR.EncryptionAtRest', 'Cluster')).toBe('FAIL');
    expect(f.status('EMR.EncryptionInTransit', 'Cluster')).toBe('FAIL');
    expect(f.message('EMR.EncryptionInTransit', 'Cluster')).toMatch(/no SecurityConfiguration/);
  });
  test('FAIL given encryption at rest off, or without local disk encryption', () => {
    const off = new ControlFixture();
    secured(off, ['atRest']);
    expect(off.status('EMR.EncryptionAtRest', 'Cluster')).toBe('FAIL');
    expect(off.message('EMR.EncryptionAtRest', 'Cluster')).toMatch(/EnableAtRestEncryption to false/);
    const s3Only = new ControlFixture();
    secured(s3Only, ['localDisk']);
    expect(s3Only.status('EMR.EncryptionAtRest', 'Cluster')).toBe('FAIL');
    expect(s3Only.message('EMR.EncryptionAtRest', 'Cluster')).toMatch(/no LocalDiskEncryptionConfiguration/);
  });
  test('FAIL given encryption in transit off', () => {
    const f = new ControlFixture();
    secured(f, ['inTransit']);
    expect(f.status('EMR.EncryptionInTransit', 'Cluster')).toBe('FAIL');
    expect(f.status('EMR.EncryptionAtRest', 'Cluster')).toBe('PASS');
  });
  test('UNVERIFIABLE given the security configuration from a parameter, or a flag from a parameter', () => {
    const f = new ControlFixture();
    const name = new CfnParameter(f.stack, 'SecurityConfigurationName');
    cluster(f, { securityConfiguration: name.valueAsString });
    expect(f.status('EMR.EncryptionAtRest', 'Cluster')).toBe('UNVERIFIABLE');
    expect(f.status('EMR.EncryptionInTransit', 'Cluster')).toBe('UNVERIFIABLE');
    const g = new ControlFixture();
    const flag = new CfnParameter(g.stack, 'InTransit');
    const doc = securityDocument(g);
    doc.EncryptionConfiguration.EnableInTransitEncryption = flag.valueAsString;
    const security = new emr.CfnSecurityConfiguration(g.stack, 'Security', { securityConfiguration: doc });
    cluster(g, { securityConfiguration: security.ref, kerberosAttributes: KERBEROS });
    expect(g.status('EMR.EncryptionInTransit', 'Cluster')).toBe('UNVERIFIABLE');
  });
});

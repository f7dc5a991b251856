import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ControlFixture } from './harness';

const ACM_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
const IAM_ARN = 'arn:aws:iam::123456789012:server-certificate/legacy';

function vpc(f: ControlFixture): ec2.Vpc {
  return new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
}

/** An internet-facing classic load balancer in two public subnets. */
function clb(f: ControlFixture, props: Partial<elb.LoadBalancerProps> = {}): elb.LoadBalancer {
  return new elb.LoadBalancer(f.stack, 'Lb', { vpc: vpc(f), internetFacing: true, ...props });
}

const HTTPS: elb.LoadBalancerListener = {
  externalPort: 443,
  externalProtocol: elb.LoadBalancingProtocol.HTTPS,
  internalPort: 443,
  internalProtocol: elb.LoadBalancingProtocol.HTTPS,
  sslCertificateArn: ACM_ARN,
};

describe('ELB.AccessLogs', () => {
  test('PASS given accessLoggingPolicy enabled', () => {
    const f = new ControlFixture();
    clb(f, { listeners: [HTTPS], accessLoggingPolicy: { enabled: true, s3BucketName: 'logs' } });
    expect(f.status('ELB.AccessLogs', 'Lb')).toBe('PASS');
  });
  test('FAIL given the L2 default (no access logging policy)', () => {
    const f = new ControlFixture();
    clb(f, { listeners: [HTTPS] });
    expect(f.status('ELB.AccessLogs', 'Lb')).toBe('FAIL');
    expect(f.message('ELB.AccessLogs', 'Lb')).toMatch(/AccessLoggingPolicy is not set/);
  });
  test('FAIL given Enabled false', () => {
    const f = new ControlFixture();
    clb(f, { listeners: [HTTPS], accessLoggingPolicy: { enabled: false, s3BucketName: 'logs' } });
    expect(f.status('ELB.AccessLogs', 'Lb')).toBe('FAIL');
    expect(f.message('ELB.AccessLogs', 'Lb')).toMatch(/Enabled is not true/);
  });
  test('UNVERIFIABLE given Enabled from a parameter', () => {
    const f = new ControlFixture();
    const enabled = new CfnParameter(f.stack, 'Logs', { type: 'String' }).valueAsString as any;
    new elb.CfnLoadBalancer(f.stack, 'Lb', {
      listeners: [{ loadBalancerPort: '443', instancePort: '80', protocol: 'HTTPS', sslCertificateId: ACM_ARN }],
      accessLoggingPolicy: { enabled, s3BucketName: 'logs' },
    });
    expect(f.status('ELB.AccessLogs', 'Lb')).toBe('UNVERIFIABLE');
  });
});

describe('ELB.ListenerEncrypted', () => {
  test('PASS given HTTPS and SSL listeners', () => {
    const f = new ControlFixture();
    const ssl = {
      externalPort: 8443,
      externalProtocol: elb.LoadBalancingProtocol.SSL,
      internalPort: 8443,
      internalProtocol: elb.LoadBalancingProtocol.SSL,
      sslCertificateArn: ACM_ARN,
    };
    clb(f, { listeners: [HTTPS, ssl] });
    expect(f.status('ELB.ListenerEncrypted', 'Lb')).toBe('PASS');
  });
  test('FAIL given a plain HTTP listener beside an HTTPS one', () => {
    const f = new ControlFixture();
    clb(f, { listeners: [HTTPS, { externalPort: 80 }] });
    expect(f.status('ELB.ListenerEncrypted', 'Lb')).toBe('FAIL');
    expect(f.message('ELB.ListenerEncrypted', 'Lb')).toMatch(/port 80 \(HTTP\) accepts clients without TLS/);
  });
  test('FAIL given an HTTPS listener that sends to instances over HTTP (the L2 infers HTTP from internalPort 80)', () => {
    const f = new ControlFixture();
    clb(f, { listeners: [{ ...HTTPS, internalPort: 80, internalProtocol: undefined }] });
    expect(f.status('ELB.ListenerEncrypted', 'Lb')).toBe('FAIL');
    expect(f.message('ELB.ListenerEncrypted', 'Lb')).toMatch(/\(HTTPS to instances over HTTP\) ends TLS at the load balancer/);
  });
  test('FAIL given an L1 TCP listener', () => {
    const f = new ControlFixture();
    new elb.CfnLoadBalancer(f.stack, 'Lb', { listeners: [{ loadBalancerPort: '5432', instancePort: '5432', protocol: 'TCP' }] });
    expect(f.status('ELB.ListenerEncrypted', 'Lb')).toBe('FAIL');
  });
  test('N/A given no listeners', () => {
    const f = new ControlFixture();
    clb(f);
    expect(f.status('ELB.ListenerEncrypted', 'Lb')).toBe('N/A');
  });
  test('UNVERIFIABLE given a protocol from a parameter', () => {
    const f = new ControlFixture();
    new elb.CfnLoadBalancer(f.stack, 'Lb', {
      listeners: [{ loadBalancerPort: '443', instancePort: '80', protocol: new CfnParameter(f.stack, 'Protocol').valueAsString }],
    });
    expect(f.status('ELB.ListenerEncrypted', 'Lb')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given the listener list from a parameter', () => {
    const f = new ControlFixture();
    new elb.CfnLoadBalancer(f.stack, 'Lb', { listeners: Fn.split(',', new CfnParameter(f.stack, 'Listeners').valueAsString) as any });
    expect(f.status('ELB.ListenerEncrypted', 'Lb')).toBe('UNVERIFIABLE');
  });
});

describe('ELB.AcmCertificate', () => {
  test('PASS given an imported ACM certificate ARN', () => {
    const f = new ControlFixture();
    clb(f, { listeners: [HTTPS] });
    expect(f.status('ELB.AcmCertificate', 'Lb')).toBe('PASS');
  });
  test('PASS given an acm.Certificate of the app', () => {
    const f = new ControlFixture();
    const certificate = new acm.Certificate(f.stack, 'Cert', { domainName: 'example.com' });
    clb(f, { listeners: [{ ...HTTPS, sslCertificateArn: certificate.certificateArn }] });
    expect(f.status('ELB.AcmCertificate', 'Lb')).toBe('PASS');
  });
  test('PASS given an ACM ARN built with the partition and region pseudo parameters', () => {
    const f = new ControlFixture();
    const arn = f.stack.formatArn({ service: 'acm', resource: 'certificate', resourceName: 'abc' });
    clb(f, { listeners: [{ ...HTTPS, sslCertificateArn: arn }] });
    expect(f.status('ELB.AcmCertificate', 'Lb')).toBe('PASS');
  });
  test('FAIL given an IAM server certificate ARN', () => {
    const f = new ControlFixture();
    clb(f, { listeners: [{ ...HTTPS, sslCertificateArn: IAM_ARN }] });
    expect(f.status('ELB.AcmCertificate', 'Lb')).toBe('FAIL');
    expect(f.message('ELB.AcmCertificate', 'Lb')).toMatch(/port 443 has an IAM server certificate/);
  });
  test('FAIL given a certificate id that is not an ARN', () => {
    const f = new ControlFixture();
    clb(f, { listeners: [{ ...HTTPS, sslCertificateArn: 'my-certificate' }] });
    expect(f.status('ELB.AcmCertificate', 'Lb')).toBe('FAIL');
    expect(f.message('ELB.AcmCertificate', 'Lb')).toMatch(/port 443 has a certificate that is not from ACM/);
  });
  test('FAIL given an AWS::IAM::ServerCertificate of the app', () => {
    const f = new ControlFixture();
    const certificate = new iam.CfnServerCertificate(f.stack, 'ServerCert', { certificateBody: 'body', privateKey: 'key' });
    clb(f, { listeners: [{ ...HTTPS, sslCertificateArn: certificate.attrArn }] });
    expect(f.status('ELB.AcmCertificate', 'Lb')).toBe('FAIL');
  });
  test('FAIL given an L1 SSL listener without a certificate', () => {
    const f = new ControlFixture();
    new elb.CfnLoadBalancer(f.stack, 'Lb', { listeners: [{ loadBalancerPort: '443', instancePort: '443', protocol: 'SSL' }] });
    expect(f.status('ELB.AcmCertificate', 'Lb')).toBe('FAIL');
    expect(f.message('ELB.AcmCertificate', 'Lb')).toMatch(/port 443 has no certificate/);
  });
  test('N/A given only plain HTTP listeners', () => {
    const f = new ControlFixture();
    clb(f, { listeners: [{ externalPort: 80 }] });
    expect(f.status('ELB.AcmCertificate', 'Lb')).toBe('N/A');
  });
  test('UNVERIFIABLE given the certificate from a parameter', () => {
    const f = new ControlFixture();
    clb(f, { listeners: [{ ...HTTPS, sslCertificateArn: new CfnParameter(f.stack, 'Cert').valueAsString }] });
    expect(f.status('ELB.AcmCertificate', 'Lb')).toBe('UNVERIFIABLE');
  });
});

describe('ELB.CrossZone', () => {
  test('PASS given the L2 default (crossZone true) in two subnets', () => {
    const f = new ControlFixture();
    clb(f, { listeners: [HTTPS] });
    expect(f.status('ELB.CrossZone', 'Lb')).toBe('PASS');
  });
  test('FAIL given crossZone false', () => {
    const f = new ControlFixture();
    clb(f, { listeners: [HTTPS], crossZone: false });
    expect(f.status('ELB.CrossZone', 'Lb')).toBe('FAIL');
    expect(f.message('ELB.CrossZone', 'Lb')).toMatch(/CrossZone is false/);
  });
  test('FAIL given an L1 load balancer without CrossZone (default false)', () => {
    const f = new ControlFixture();
    new elb.CfnLoadBalancer(f.stack, 'Lb', { listeners: [], availabilityZones: ['us-east-1a', 'us-east-1b'] });
    expect(f.status('ELB.CrossZone', 'Lb')).toBe('FAIL');
    expect(f.message('ELB.CrossZone', 'Lb')).toMatch(/not set \(default false\)/);
  });
  test('FAIL given crossZone true in a single subnet', () => {
    const f = new ControlFixture();
    const v = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    new elb.LoadBalancer(f.stack, 'Lb', { vpc: v, internetFacing: true, listeners: [HTTPS] });
    expect(f.status('ELB.CrossZone', 'Lb')).toBe('FAIL');
    expect(f.message('ELB.CrossZone', 'Lb')).toMatch(/in 1 subnet/);
  });
  test('UNVERIFIABLE given Availability Zones from Fn::GetAZs', () => {
    const f = new ControlFixture();
    new elb.CfnLoadBalancer(f.stack, 'Lb', { listeners: [], crossZone: true, availabilityZones: Fn.getAzs() });
    expect(f.status('ELB.CrossZone', 'Lb')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given CrossZone from a parameter', () => {
    const f = new ControlFixture();
    new elb.CfnLoadBalancer(f.stack, 'Lb', {
      listeners: [],
      crossZone: new CfnParameter(f.stack, 'CrossZone', { type: 'String' }).valueAsString as any,
      availabilityZones: ['us-east-1a', 'us-east-1b'],
    });
    expect(f.status('ELB.CrossZone', 'Lb')).toBe('UNVERIFIABLE');
  });
});

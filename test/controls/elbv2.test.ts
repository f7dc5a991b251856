import { CfnParameter } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ControlFixture } from './harness';

const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';

function alb(f: ControlFixture): elbv2.ApplicationLoadBalancer {
  const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  return new elbv2.ApplicationLoadBalancer(f.stack, 'Alb', { vpc });
}

function certificate(f: ControlFixture): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(f.stack, 'Cert', CERT_ARN);
}

describe('ELBv2.ListenerEncrypted', () => {
  test('PASS given an HTTPS listener', () => {
    const f = new ControlFixture();
    alb(f).addListener('Https', { port: 443, certificates: [certificate(f)], defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    expect(f.status('ELBv2.ListenerEncrypted', 'Alb/Https')).toBe('PASS');
  });
  test('PASS given addRedirect() (HTTP redirected to HTTPS)', () => {
    const f = new ControlFixture();
    alb(f).addRedirect();
    expect(f.status('ELBv2.ListenerEncrypted', 'Alb/Redirect80To443')).toBe('PASS');
  });
  test('PASS given an NLB TLS listener', () => {
    const f = new ControlFixture();
    const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const nlb = new elbv2.NetworkLoadBalancer(f.stack, 'Nlb', { vpc });
    nlb.addListener('Tls', { port: 443, certificates: [certificate(f)], defaultTargetGroups: [new elbv2.NetworkTargetGroup(f.stack, 'Tg', { vpc, port: 443 })] });
    expect(f.status('ELBv2.ListenerEncrypted', 'Nlb/Tls')).toBe('PASS');
  });
  test('FAIL given an HTTP listener that answers', () => {
    const f = new ControlFixture();
    alb(f).addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    expect(f.status('ELBv2.ListenerEncrypted', 'Alb/Http')).toBe('FAIL');
    expect(f.message('ELBv2.ListenerEncrypted', 'Alb/Http')).toMatch(/Protocol is HTTP and an action \(fixed-response\) answers over plain HTTP/);
  });
  test('FAIL given a redirect listener with a rule that forwards over HTTP', () => {
    const f = new ControlFixture();
    const lb = alb(f);
    const redirect = lb.addRedirect();
    new elbv2.ApplicationListenerRule(f.stack, 'Rule', {
      listener: redirect, priority: 1, conditions: [elbv2.ListenerCondition.pathPatterns(['/health'])], action: elbv2.ListenerAction.fixedResponse(200),
    });
    expect(f.status('ELBv2.ListenerEncrypted', 'Alb/Redirect80To443')).toBe('FAIL');
  });
  test('FAIL given an L1 TCP listener', () => {
    const f = new ControlFixture();
    new elbv2.CfnListener(f.stack, 'Listener', { loadBalancerArn: 'arn:lb', port: 5432, protocol: 'TCP', defaultActions: [{ type: 'forward', targetGroupArn: 'arn:tg' }] });
    expect(f.status('ELBv2.ListenerEncrypted', 'Listener')).toBe('FAIL');
    expect(f.message('ELBv2.ListenerEncrypted', 'Listener')).toMatch(/does not terminate TLS/);
  });
  test('N/A given a Gateway Load Balancer listener (no protocol)', () => {
    const f = new ControlFixture();
    const lb = new elbv2.CfnLoadBalancer(f.stack, 'Lb', { type: 'gateway' });
    new elbv2.CfnListener(f.stack, 'Listener', { loadBalancerArn: lb.ref, defaultActions: [{ type: 'forward', targetGroupArn: 'arn:tg' }] });
    expect(f.status('ELBv2.ListenerEncrypted', 'Listener')).toBe('N/A');
  });
  test('N/A given Protocol GENEVE', () => {
    const f = new ControlFixture();
    new elbv2.CfnListener(f.stack, 'Listener', { loadBalancerArn: 'arn:lb', protocol: 'GENEVE', defaultActions: [{ type: 'forward', targetGroupArn: 'arn:tg' }] });
    expect(f.status('ELBv2.ListenerEncrypted', 'Listener')).toBe('N/A');
  });
  test('UNVERIFIABLE given no protocol and a load balancer outside the templates (it may not be a gateway one)', () => {
    const f = new ControlFixture();
    new elbv2.CfnListener(f.stack, 'Listener', { loadBalancerArn: 'arn:lb', certificates: [], defaultActions: [] });
    expect(f.status('ELBv2.ListenerEncrypted', 'Listener')).toBe('UNVERIFIABLE');
    expect(f.message('ELBv2.ListenerEncrypted', 'Listener')).toMatch(/no Protocol is set.*not in the templates checked/);
  });
  test('UNVERIFIABLE given no protocol on a listener of an Application Load Balancer', () => {
    const f = new ControlFixture();
    const lb = new elbv2.CfnLoadBalancer(f.stack, 'Lb', { subnets: ['subnet-1', 'subnet-2'] });
    new elbv2.CfnListener(f.stack, 'Listener', { loadBalancerArn: lb.ref, defaultActions: [{ type: 'forward', targetGroupArn: 'arn:tg' }] });
    expect(f.status('ELBv2.ListenerEncrypted', 'Listener')).toBe('UNVERIFIABLE');
    expect(f.message('ELBv2.ListenerEncrypted', 'Listener')).toMatch(/an Application Load Balancer/);
  });
  test('UNVERIFIABLE given no protocol on a gateway load balancer overridden to an application one', () => {
    const f = new ControlFixture();
    const lb = new elbv2.CfnLoadBalancer(f.stack, 'Lb', { type: 'gateway' });
    lb.addPropertyOverride('Type', 'application');
    new elbv2.CfnListener(f.stack, 'Listener', { loadBalancerArn: lb.ref, defaultActions: [{ type: 'forward', targetGroupArn: 'arn:tg' }] });
    expect(f.status('ELBv2.ListenerEncrypted', 'Listener')).toBe('UNVERIFIABLE');
    expect(f.message('ELBv2.ListenerEncrypted', 'Listener')).toMatch(/an Application Load Balancer/);
  });
  test('UNVERIFIABLE given no protocol and the load balancer type from a parameter', () => {
    const f = new ControlFixture();
    const lb = new elbv2.CfnLoadBalancer(f.stack, 'Lb', { type: new CfnParameter(f.stack, 'LbType').valueAsString });
    new elbv2.CfnListener(f.stack, 'Listener', { loadBalancerArn: lb.ref, defaultActions: [] });
    expect(f.status('ELBv2.ListenerEncrypted', 'Listener')).toBe('UNVERIFIABLE');
    expect(f.message('ELBv2.ListenerEncrypted', 'Listener')).toMatch(/Type cannot be resolved/);
  });
  test('UNVERIFIABLE given the protocol from a parameter', () => {
    const f = new ControlFixture();
    new elbv2.CfnListener(f.stack, 'Listener', { loadBalancerArn: 'arn:lb', protocol: new CfnParameter(f.stack, 'Protocol').valueAsString, defaultActions: [] });
    expect(f.status('ELBv2.ListenerEncrypted', 'Listener')).toBe('UNVERIFIABLE');
  });
});

describe('ELBv2.ListenerTlsPolicy', () => {
  test('PASS given SslPolicy.RECOMMENDED_TLS', () => {
    const f = new ControlFixture();
    alb(f).addListener('Https', { port: 443, certificates: [certificate(f)], sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    expect(f.status('ELBv2.ListenerTlsPolicy', 'Alb/Https')).toBe('PASS');
  });
  test('PASS given a forward-secrecy TLS 1.2 policy', () => {
    const f = new ControlFixture();
    alb(f).addListener('Https', { port: 443, certificates: [certificate(f)], sslPolicy: elbv2.SslPolicy.FORWARD_SECRECY_TLS12_RES_GCM, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    expect(f.status('ELBv2.ListenerTlsPolicy', 'Alb/Https')).toBe('PASS');
  });
  test('FAIL given the L2 default (no SslPolicy)', () => {
    const f = new ControlFixture();
    alb(f).addListener('Https', { port: 443, certificates: [certificate(f)], defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    expect(f.status('ELBv2.ListenerTlsPolicy', 'Alb/Https')).toBe('FAIL');
    expect(f.message('ELBv2.ListenerTlsPolicy', 'Alb/Https')).toMatch(/SslPolicy is not set/);
  });
  test('FAIL given ELBSecurityPolicy-2016-08', () => {
    const f = new ControlFixture();
    alb(f).addListener('Https', { port: 443, certificates: [certificate(f)], sslPolicy: elbv2.SslPolicy.RECOMMENDED, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    expect(f.status('ELBv2.ListenerTlsPolicy', 'Alb/Https')).toBe('FAIL');
    expect(f.message('ELBv2.ListenerTlsPolicy', 'Alb/Https')).toMatch(/ELBSecurityPolicy-2016-08, which accepts TLS versions older than 1.2/);
  });
  test('FAIL given a TLS 1.3 policy that still accepts TLS 1.0', () => {
    const f = new ControlFixture();
    new elbv2.CfnListener(f.stack, 'Listener', {
      loadBalancerArn: 'arn:lb',
      port: 443,
      protocol: 'TLS',
      sslPolicy: 'ELBSecurityPolicy-TLS13-1-0-2021-06',
      certificates: [{ certificateArn: CERT_ARN }],
      defaultActions: [{ type: 'forward', targetGroupArn: 'arn:tg' }],
    });
    expect(f.status('ELBv2.ListenerTlsPolicy', 'Listener')).toBe('FAIL');
  });
  test('N/A given an HTTP redirect listener', () => {
    const f = new ControlFixture();
    alb(f).addRedirect();
    expect(f.status('ELBv2.ListenerTlsPolicy', 'Alb/Redirect80To443')).toBe('N/A');
  });
  test('UNVERIFIABLE given the policy from a parameter', () => {
    const f = new ControlFixture();
    new elbv2.CfnListener(f.stack, 'Listener', {
      loadBalancerArn: 'arn:lb',
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: new CfnParameter(f.stack, 'Policy').valueAsString,
      defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }],
    });
    expect(f.status('ELBv2.ListenerTlsPolicy', 'Listener')).toBe('UNVERIFIABLE');
  });
});

describe('ELBv2.AccessLogs', () => {
  test('PASS given logAccessLogs()', () => {
    const f = new ControlFixture();
    alb(f).logAccessLogs(new s3.Bucket(f.stack, 'Logs'));
    expect(f.status('ELBv2.AccessLogs', 'Alb')).toBe('PASS');
  });
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    alb(f);
    expect(f.status('ELBv2.AccessLogs', 'Alb')).toBe('FAIL');
    expect(f.message('ELBv2.AccessLogs', 'Alb')).toMatch(/access_logs.s3.enabled is not true/);
  });
  test('FAIL given access logs turned off by an L1 attribute', () => {
    const f = new ControlFixture();
    new elbv2.CfnLoadBalancer(f.stack, 'Lb', { loadBalancerAttributes: [{ key: 'access_logs.s3.enabled', value: 'false' }] });
    expect(f.status('ELBv2.AccessLogs', 'Lb')).toBe('FAIL');
  });
  test('N/A given a Gateway Load Balancer', () => {
    const f = new ControlFixture();
    new elbv2.CfnLoadBalancer(f.stack, 'Lb', { type: 'gateway' });
    expect(f.status('ELBv2.AccessLogs', 'Lb')).toBe('N/A');
  });
  test('UNVERIFIABLE given the value from a parameter', () => {
    const f = new ControlFixture();
    new elbv2.CfnLoadBalancer(f.stack, 'Lb', { loadBalancerAttributes: [{ key: 'access_logs.s3.enabled', value: new CfnParameter(f.stack, 'Logs').valueAsString }] });
    expect(f.status('ELBv2.AccessLogs', 'Lb')).toBe('UNVERIFIABLE');
  });
});

describe('ELBv2.DropInvalidHeaders', () => {
  test('PASS given dropInvalidHeaderFields: true', () => {
    const f = new ControlFixture();
    const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    new elbv2.ApplicationLoadBalancer(f.stack, 'Alb', { vpc, dropInvalidHeaderFields: true });
    expect(f.status('ELBv2.DropInvalidHeaders', 'Alb')).toBe('PASS');
  });
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    alb(f);
    expect(f.status('ELBv2.DropInvalidHeaders', 'Alb')).toBe('FAIL');
    expect(f.message('ELBv2.DropInvalidHeaders', 'Alb')).toMatch(/drop_invalid_header_fields.enabled is not true/);
  });
  test('FAIL given an L1 application load balancer with the attribute false', () => {
    const f = new ControlFixture();
    new elbv2.CfnLoadBalancer(f.stack, 'Lb', { type: 'application', loadBalancerAttributes: [{ key: 'routing.http.drop_invalid_header_fields.enabled', value: 'false' }] });
    expect(f.status('ELBv2.DropInvalidHeaders', 'Lb')).toBe('FAIL');
  });
  test('N/A given a Network Load Balancer', () => {
    const f = new ControlFixture();
    const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    new elbv2.NetworkLoadBalancer(f.stack, 'Nlb', { vpc });
    expect(f.status('ELBv2.DropInvalidHeaders', 'Nlb')).toBe('N/A');
  });
  test('N/A given a Gateway Load Balancer', () => {
    const f = new ControlFixture();
    new elbv2.CfnLoadBalancer(f.stack, 'Lb', { type: 'gateway' });
    expect(f.status('ELBv2.DropInvalidHeaders', 'Lb')).toBe('N/A');
  });
  test('UNVERIFIABLE given the value from a parameter', () => {
    const f = new ControlFixture();
    new elbv2.CfnLoadBalancer(f.stack, 'Lb', {
      loadBalancerAttributes: [{ key: 'routing.http.drop_invalid_header_fields.enabled', value: new CfnParameter(f.stack, 'Drop').valueAsString }],
    });
    expect(f.status('ELBv2.DropInvalidHeaders', 'Lb')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given the type from a parameter', () => {
    const f = new ControlFixture();
    new elbv2.CfnLoadBalancer(f.stack, 'Lb', { type: new CfnParameter(f.stack, 'Type').valueAsString });
    expect(f.status('ELBv2.DropInvalidHeaders', 'Lb')).toBe('UNVERIFIABLE');
  });
});

describe('ELBv2.AcmCertificate', () => {
  const IAM_ARN = 'arn:aws:iam::123456789012:server-certificate/legacy';

  test('PASS given an imported ACM certificate', () => {
    const f = new ControlFixture();
    alb(f).addListener('Https', { port: 443, certificates: [certificate(f)], defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    expect(f.status('ELBv2.AcmCertificate', 'Alb/Https')).toBe('PASS');
  });
  test('PASS given an acm.Certificate of the app on an NLB TLS listener', () => {
    const f = new ControlFixture();
    const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const nlb = new elbv2.NetworkLoadBalancer(f.stack, 'Nlb', { vpc });
    const cert = new acm.Certificate(f.stack, 'Cert', { domainName: 'example.com' });
    nlb.addListener('Tls', { port: 443, certificates: [cert], defaultTargetGroups: [new elbv2.NetworkTargetGroup(f.stack, 'Tg', { vpc, port: 443 })] });
    expect(f.status('ELBv2.AcmCertificate', 'Nlb/Tls')).toBe('PASS');
  });
  test('PASS given extra ACM certificates added as ListenerCertificate resources', () => {
    const f = new ControlFixture();
    const listener = alb(f).addListener('Https', { port: 443, certificates: [certificate(f)], defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    listener.addCertificates('Extra', [elbv2.ListenerCertificate.fromArn('arn:aws:acm:us-east-1:123456789012:certificate/def')]);
    expect(f.status('ELBv2.AcmCertificate', 'Alb/Https/Extra1')).toBe('PASS');
  });
  test('FAIL given an IAM server certificate', () => {
    const f = new ControlFixture();
    alb(f).addListener('Https', { port: 443, certificates: [elbv2.ListenerCertificate.fromArn(IAM_ARN)], defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    expect(f.status('ELBv2.AcmCertificate', 'Alb/Https')).toBe('FAIL');
    expect(f.message('ELBv2.AcmCertificate', 'Alb/Https')).toMatch(/presents an IAM server certificate; use ACM certificates/);
  });
  test('FAIL given an IAM server certificate in a ListenerCertificate resource', () => {
    const f = new ControlFixture();
    const listener = alb(f).addListener('Https', { port: 443, certificates: [certificate(f)], defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    listener.addCertificates('Extra', [elbv2.ListenerCertificate.fromArn(IAM_ARN)]);
    expect(f.status('ELBv2.AcmCertificate', 'Alb/Https/Extra1')).toBe('FAIL');
    expect(f.status('ELBv2.AcmCertificate', 'Alb/Https/Resource')).toBe('PASS');
  });
  test('FAIL given a literal that is not an ACM ARN', () => {
    const f = new ControlFixture();
    new elbv2.CfnListener(f.stack, 'Listener', {
      loadBalancerArn: 'arn:lb', port: 443, protocol: 'TLS', certificates: [{ certificateArn: 'my-certificate' }], defaultActions: [],
    });
    expect(f.status('ELBv2.AcmCertificate', 'Listener')).toBe('FAIL');
    expect(f.message('ELBv2.AcmCertificate', 'Listener')).toMatch(/presents a certificate that is not from ACM/);
  });
  test('UNVERIFIABLE given the certificate list from a parameter', () => {
    const f = new ControlFixture();
    new elbv2.CfnListener(f.stack, 'Listener', {
      loadBalancerArn: 'arn:lb', port: 443, protocol: 'HTTPS', certificates: new CfnParameter(f.stack, 'Certs').valueAsString as any, defaultActions: [],
    });
    expect(f.status('ELBv2.AcmCertificate', 'Listener')).toBe('UNVERIFIABLE');
  });
  test('FAIL given an L1 HTTPS listener without certificates', () => {
    const f = new ControlFixture();
    new elbv2.CfnListener(f.stack, 'Listener', { loadBalancerArn: 'arn:lb', port: 443, protocol: 'HTTPS', defaultActions: [{ type: 'forward', targetGroupArn: 'arn:tg' }] });
    expect(f.status('ELBv2.AcmCertificate', 'Listener')).toBe('FAIL');
    expect(f.message('ELBv2.AcmCertificate', 'Listener')).toMatch(/no certificate is set/);
  });
  test('N/A given an HTTP redirect listener', () => {
    const f = new ControlFixture();
    alb(f).addRedirect();
    expect(f.status('ELBv2.AcmCertificate', 'Alb/Redirect80To443')).toBe('N/A');
  });
  test('UNVERIFIABLE given the certificate from a parameter', () => {
    const f = new ControlFixture();
    alb(f).addListener('Https', {
      port: 443,
      certificates: [elbv2.ListenerCertificate.fromArn(new CfnParameter(f.stack, 'Cert').valueAsString)],
      defaultAction: elbv2.ListenerAction.fixedResponse(404),
    });
    expect(f.status('ELBv2.AcmCertificate', 'Alb/Https')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given the protocol from a parameter', () => {
    const f = new ControlFixture();
    new elbv2.CfnListener(f.stack, 'Listener', { loadBalancerArn: 'arn:lb', protocol: new CfnParameter(f.stack, 'Protocol').valueAsString, defaultActions: [] });
    expect(f.status('ELBv2.AcmCertificate', 'Listener')).toBe('UNVERIFIABLE');
  });
});

describe('ELBv2.DeletionProtection', () => {
  test('PASS given deletionProtection: true', () => {
    const f = new ControlFixture();
    const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    new elbv2.NetworkLoadBalancer(f.stack, 'Nlb', { vpc, deletionProtection: true });
    expect(f.status('ELBv2.DeletionProtection', 'Nlb')).toBe('PASS');
  });
  test('FAIL given the L2 default', () => {
    const f = new ControlFixture();
    alb(f);
    expect(f.status('ELBv2.DeletionProtection', 'Alb')).toBe('FAIL');
    expect(f.message('ELBv2.DeletionProtection', 'Alb')).toMatch(/deletion_protection.enabled is not true/);
  });
  test('FAIL given a Gateway Load Balancer with deletion protection off', () => {
    const f = new ControlFixture();
    new elbv2.CfnLoadBalancer(f.stack, 'Lb', { type: 'gateway', loadBalancerAttributes: [{ key: 'deletion_protection.enabled', value: 'false' }] });
    expect(f.status('ELBv2.DeletionProtection', 'Lb')).toBe('FAIL');
  });
  test('UNVERIFIABLE given the attribute list from a parameter', () => {
    const f = new ControlFixture();
    new elbv2.CfnLoadBalancer(f.stack, 'Lb', { loadBalancerAttributes: new CfnParameter(f.stack, 'Attributes').valueAsString as any });
    expect(f.status('ELBv2.DeletionProtection', 'Lb')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given the value from a parameter', () => {
    const f = new ControlFixture();
    new elbv2.CfnLoadBalancer(f.stack, 'Lb', { loadBalancerAttributes: [{ key: 'deletion_protection.enabled', value: new CfnParameter(f.stack, 'Protect').valueAsString }] });
    expect(f.status('ELBv2.DeletionProtection', 'Lb')).toBe('UNVERIFIABLE');
  });
});

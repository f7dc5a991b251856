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
    new elbv2.CfnListener(f.stack, 'Listener', { loadBalancerArn: 'arn:lb', defaultActions: [{ type: 'forward', targetGroupArn: 'arn:tg' }] });
    expect(f.status('ELBv2.ListenerEncrypted', 'Listener')).toBe('N/A');
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

import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagCase } from './types';

const ACM_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const IAM_CERT = 'arn:aws:iam::123456789012:server-certificate/patients';
const SUBNETS = ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'];
const { HTTP, HTTPS, SSL, TCP } = elb.LoadBalancingProtocol;

/** An imported VPC with two public and two private subnets. */
function vpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    publicSubnetIds: ['subnet-0ccccccccccccccccc', 'subnet-0ddddddddddddddddd'],
    privateSubnetIds: SUBNETS,
  });
}

/** An internal ALB; returns it. */
function alb(stack: Stack, props: Partial<elbv2.ApplicationLoadBalancerProps> = {}): elbv2.ApplicationLoadBalancer {
  return new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc: vpc(stack), ...props });
}

/** An internal NLB; returns it. */
function nlb(stack: Stack, props: Partial<elbv2.NetworkLoadBalancerProps> = {}): elbv2.NetworkLoadBalancer {
  return new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc: vpc(stack), ...props });
}

/** An internal Classic Load Balancer with the given listeners; returns its path. */
function clb(stack: Stack, listeners: elb.LoadBalancerListener[], props: Partial<elb.LoadBalancerProps> = {}): string {
  new elb.LoadBalancer(stack, 'Clb', { vpc: vpc(stack), listeners, healthCheck: { port: 8443, protocol: HTTPS, path: '/health' }, ...props });
  return 'Clb/Resource';
}

const TLS_TO_TLS: elb.LoadBalancerListener = {
  externalPort: 443, externalProtocol: HTTPS, internalPort: 8443, internalProtocol: HTTPS, sslCertificateArn: ACM_CERT,
};
const SSL_TO_SSL: elb.LoadBalancerListener = { ...TLS_TO_TLS, externalProtocol: SSL, internalProtocol: SSL };

/** An L1 Classic Load Balancer; `props` adds or overrides properties. */
function cfnClb(stack: Stack, props: Partial<elb.CfnLoadBalancerProps>): string {
  new elb.CfnLoadBalancer(stack, 'Clb', {
    listeners: [{ loadBalancerPort: '443', protocol: 'HTTPS', instancePort: '8443', instanceProtocol: 'HTTPS', sslCertificateId: ACM_CERT }],
    scheme: 'internal',
    ...props,
  });
  return 'Clb';
}

export const CASES: readonly NagCase[] = [
  // ALBHttpDropInvalidHeaderEnabled: application load balancers drop invalid header fields
  {
    rule: 'ALBHttpDropInvalidHeaderEnabled',
    compliant: true,
    title: 'ALB that drops invalid header fields',
    build: (stack) => {
      alb(stack, { dropInvalidHeaderFields: true });
      return 'Alb/Resource';
    },
  },
  {
    rule: 'ALBHttpDropInvalidHeaderEnabled',
    compliant: true,
    title: 'network load balancer (no HTTP headers)',
    build: (stack) => {
      nlb(stack);
      return 'Nlb/Resource';
    },
  },
  {
    rule: 'ALBHttpDropInvalidHeaderEnabled',
    compliant: false,
    title: 'ALB with the defaults: invalid headers passed on',
    build: (stack) => {
      alb(stack);
      return 'Alb/Resource';
    },
  },
  {
    rule: 'ALBHttpDropInvalidHeaderEnabled',
    compliant: false,
    title: 'ALB with attributes, dropping invalid headers turned off',
    build: (stack) => {
      alb(stack, { deletionProtection: true, dropInvalidHeaderFields: false });
      return 'Alb/Resource';
    },
  },
  // ALBHttpToHttpsRedirection: HTTP listeners redirect to HTTPS
  {
    rule: 'ALBHttpToHttpsRedirection',
    compliant: true,
    title: 'HTTP listener redirecting to HTTPS',
    build: (stack) => {
      alb(stack).addRedirect({ sourcePort: 80, targetPort: 443 });
      return 'Alb/Redirect80To443/Resource';
    },
  },
  {
    rule: 'ALBHttpToHttpsRedirection',
    compliant: true,
    title: 'HTTPS listener',
    build: (stack) => {
      alb(stack).addListener('Https', {
        port: 443, certificates: [elbv2.ListenerCertificate.fromArn(ACM_CERT)], open: false, defaultAction: elbv2.ListenerAction.fixedResponse(404),
      });
      return 'Alb/Https/Resource';
    },
  },
  {
    rule: 'ALBHttpToHttpsRedirection',
    compliant: false,
    title: 'HTTP listener answering requests itself',
    build: (stack) => {
      alb(stack).addListener('Http', { port: 80, open: false, defaultAction: elbv2.ListenerAction.fixedResponse(200, { messageBody: 'ok' }) });
      return 'Alb/Http/Resource';
    },
  },
  {
    rule: 'ALBHttpToHttpsRedirection',
    compliant: false,
    title: 'HTTP listener redirecting to another HTTP host',
    build: (stack) => {
      alb(stack).addListener('Http', {
        port: 80, open: false, defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTP', host: 'legacy.example.com', permanent: true }),
      });
      return 'Alb/Http/Resource';
    },
  },
  // ELBACMCertificateRequired: every Classic Load Balancer listener has an ACM certificate
  {
    rule: 'ELBACMCertificateRequired',
    compliant: true,
    title: 'HTTPS listener with an ACM certificate',
    build: (stack) => clb(stack, [TLS_TO_TLS]),
  },
  {
    rule: 'ELBACMCertificateRequired',
    compliant: false,
    title: 'HTTPS listener with an IAM server certificate',
    build: (stack) => clb(stack, [{ ...TLS_TO_TLS, sslCertificateArn: IAM_CERT }]),
  },
  {
    rule: 'ELBACMCertificateRequired',
    compliant: false,
    title: 'HTTP listener (no certificate)',
    build: (stack) => clb(stack, [{ externalPort: 80, externalProtocol: HTTP, internalPort: 8080 }]),
  },
  {
    rule: 'ELBACMCertificateRequired',
    compliant: false,
    title: 'HTTPS listener with ACM plus an HTTP listener',
    build: (stack) => clb(stack, [TLS_TO_TLS, { externalPort: 80, externalProtocol: HTTP, internalPort: 8080 }]),
  },
  // ELBCrossZoneLoadBalancingEnabled: CrossZone true across at least two subnets or zones
  {
    rule: 'ELBCrossZoneLoadBalancingEnabled',
    compliant: true,
    title: 'Classic Load Balancer across two subnets, cross-zone on (L2 default)',
    build: (stack) => clb(stack, [TLS_TO_TLS]),
  },
  {
    rule: 'ELBCrossZoneLoadBalancingEnabled',
    compliant: false,
    title: 'cross-zone turned off',
    build: (stack) => clb(stack, [TLS_TO_TLS], { crossZone: false }),
  },
  {
    rule: 'ELBCrossZoneLoadBalancingEnabled',
    compliant: false,
    title: 'L1 load balancer in one subnet',
    build: (stack) => cfnClb(stack, { crossZone: true, subnets: [SUBNETS[0]] }),
  },
  {
    rule: 'ELBCrossZoneLoadBalancingEnabled',
    compliant: false,
    title: 'L1 load balancer in two subnets leaving CrossZone unset',
    build: (stack) => cfnClb(stack, { subnets: SUBNETS }),
  },
  // ELBDeletionProtectionEnabled: ALBs and NLBs have deletion_protection.enabled true
  {
    rule: 'ELBDeletionProtectionEnabled',
    compliant: true,
    title: 'ALB with deletion protection',
    build: (stack) => {
      alb(stack, { deletionProtection: true });
      return 'Alb/Resource';
    },
  },
  {
    rule: 'ELBDeletionProtectionEnabled',
    compliant: true,
    title: 'NLB with deletion protection',
    build: (stack) => {
      nlb(stack, { deletionProtection: true });
      return 'Nlb/Resource';
    },
  },
  {
    rule: 'ELBDeletionProtectionEnabled',
    compliant: false,
    title: 'ALB with the defaults',
    build: (stack) => {
      alb(stack);
      return 'Alb/Resource';
    },
  },
  {
    rule: 'ELBDeletionProtectionEnabled',
    compliant: false,
    title: 'NLB with attributes, deletion protection off',
    build: (stack) => {
      nlb(stack, { crossZoneEnabled: true });
      return 'Nlb/Resource';
    },
  },
  // ELBLoggingEnabled: access logs on Classic (AccessLoggingPolicy) and v2 load balancers (access_logs.s3.enabled)
  {
    rule: 'ELBLoggingEnabled',
    compliant: true,
    title: 'ALB writing access logs to S3',
    build: (stack) => {
      alb(stack).logAccessLogs(new s3.Bucket(stack, 'AccessLogs', { enforceSSL: true }), 'alb');
      return 'Alb/Resource';
    },
  },
  {
    rule: 'ELBLoggingEnabled',
    compliant: true,
    title: 'Classic Load Balancer writing access logs to S3',
    build: (stack) => {
      const bucket = new s3.Bucket(stack, 'AccessLogs', { enforceSSL: true });
      return clb(stack, [TLS_TO_TLS], { accessLoggingPolicy: { enabled: true, s3BucketName: bucket.bucketName, emitInterval: 5 } });
    },
  },
  {
    rule: 'ELBLoggingEnabled',
    compliant: false,
    title: 'ALB without access logs',
    build: (stack) => {
      alb(stack);
      return 'Alb/Resource';
    },
  },
  {
    rule: 'ELBLoggingEnabled',
    compliant: false,
    title: 'NLB without access logs',
    build: (stack) => {
      nlb(stack);
      return 'Nlb/Resource';
    },
  },
  {
    rule: 'ELBLoggingEnabled',
    compliant: false,
    title: 'Classic Load Balancer without access logs',
    build: (stack) => clb(stack, [TLS_TO_TLS]),
  },
  {
    rule: 'ELBLoggingEnabled',
    compliant: false,
    title: 'Classic Load Balancer with access logging turned off',
    build: (stack) => clb(stack, [TLS_TO_TLS], { accessLoggingPolicy: { enabled: false, s3BucketName: 'patients-elb-logs' } }),
  },
  // ELBTlsHttpsListenersOnly: HTTPS and SSL listeners keep HTTPS / SSL to the instances (plain HTTP/TCP listeners pass)
  {
    rule: 'ELBTlsHttpsListenersOnly',
    compliant: true,
    title: 'HTTPS to the load balancer and to the instances',
    build: (stack) => clb(stack, [TLS_TO_TLS]),
  },
  {
    rule: 'ELBTlsHttpsListenersOnly',
    compliant: true,
    title: 'SSL to the load balancer and to the instances',
    build: (stack) => clb(stack, [SSL_TO_SSL]),
  },
  {
    rule: 'ELBTlsHttpsListenersOnly',
    compliant: true,
    title: 'plain HTTP listener (cdk-nag checks only HTTPS and SSL listeners)',
    build: (stack) => clb(stack, [{ externalPort: 80, externalProtocol: HTTP, internalPort: 8080, internalProtocol: HTTP }]),
  },
  {
    rule: 'ELBTlsHttpsListenersOnly',
    compliant: false,
    title: 'HTTPS terminated at the load balancer, HTTP to the instances',
    build: (stack) => clb(stack, [{ ...TLS_TO_TLS, internalPort: 8080, internalProtocol: HTTP }]),
  },
  {
    rule: 'ELBTlsHttpsListenersOnly',
    compliant: false,
    title: 'SSL terminated at the load balancer, TCP to the instances',
    build: (stack) => clb(stack, [{ ...SSL_TO_SSL, internalPort: 8080, internalProtocol: TCP }]),
  },
  // ELBv2ACMCertificateRequired: every v2 listener has a certificate
  {
    rule: 'ELBv2ACMCertificateRequired',
    compliant: true,
    title: 'HTTPS listener with an ACM certificate',
    build: (stack) => {
      alb(stack).addListener('Https', {
        port: 443, certificates: [elbv2.ListenerCertificate.fromArn(ACM_CERT)], open: false, defaultAction: elbv2.ListenerAction.fixedResponse(404),
      });
      return 'Alb/Https/Resource';
    },
  },
  {
    rule: 'ELBv2ACMCertificateRequired',
    compliant: true,
    title: 'NLB TLS listener with an ACM certificate',
    build: (stack) => {
      const lb = nlb(stack);
      const target = new elbv2.NetworkTargetGroup(stack, 'Targets', { vpc: lb.vpc!, port: 8443 });
      lb.addListener('Tls', { port: 443, certificates: [elbv2.ListenerCertificate.fromArn(ACM_CERT)], defaultTargetGroups: [target] });
      return 'Nlb/Tls/Resource';
    },
  },
  {
    rule: 'ELBv2ACMCertificateRequired',
    compliant: false,
    title: 'HTTP listener redirecting to HTTPS (cdk-nag wants a certificate on every listener)',
    build: (stack) => {
      alb(stack).addRedirect({ sourcePort: 80, targetPort: 443 });
      return 'Alb/Redirect80To443/Resource';
    },
  },
  {
    rule: 'ELBv2ACMCertificateRequired',
    compliant: false,
    title: 'HTTP listener answering requests itself',
    build: (stack) => {
      alb(stack).addListener('Http', { port: 80, open: false, defaultAction: elbv2.ListenerAction.fixedResponse(200, { messageBody: 'ok' }) });
      return 'Alb/Http/Resource';
    },
  },
  {
    rule: 'ELBv2ACMCertificateRequired',
    compliant: false,
    title: 'NLB TCP listener',
    build: (stack) => {
      const lb = nlb(stack);
      lb.addListener('Tcp', { port: 5432, defaultAction: elbv2.NetworkListenerAction.forward([new elbv2.NetworkTargetGroup(stack, 'Targets', { vpc: lb.vpc!, port: 5432 })]) });
      return 'Nlb/Tcp/Resource';
    },
  },
  {
    rule: 'ELBv2ACMCertificateRequired',
    compliant: false,
    title: 'listener without a protocol or certificate, on a load balancer outside the app (a gateway one, or a deploy that fails)',
    build: (stack) => {
      new elbv2.CfnListener(stack, 'Listener', { loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shared/0123456789abcdef', defaultActions: [] });
      return 'Listener';
    },
  },
];

import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ControlFixture } from './harness';

const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';

/** A distribution of the private bucket through origin access control, HTTPS only, on a custom domain. */
function secureProps(f: ControlFixture): cloudfront.DistributionProps {
  const bucket = new s3.Bucket(f.stack, 'Bucket');
  return {
    defaultBehavior: {
      origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    },
    domainNames: ['portal.example.com'],
    certificate: acm.Certificate.fromCertificateArn(f.stack, 'Cert', CERT_ARN),
  };
}

/** An L1 distribution with one custom origin and one default behavior. */
function customOriginDistribution(f: ControlFixture, custom: Partial<cloudfront.CfnDistribution.CustomOriginConfigProperty>, viewer = 'https-only') {
  return new cloudfront.CfnDistribution(f.stack, 'Dist', {
    distributionConfig: {
      enabled: true,
      origins: [{ id: 'api', domainName: 'api.example.com', customOriginConfig: { originProtocolPolicy: 'https-only', ...custom } }],
      defaultCacheBehavior: { targetOriginId: 'api', viewerProtocolPolicy: viewer, cachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
    },
  });
}

describe('CloudFront.ViewerTlsPolicy', () => {
  test('PASS given a custom domain with the L2 default TLSv1.2_2021', () => {
    const f = new ControlFixture();
    new cloudfront.Distribution(f.stack, 'Dist', secureProps(f));
    expect(f.status('CloudFront.ViewerTlsPolicy', 'Dist')).toBe('PASS');
  });
  test('PASS given TLSv1.2_2025', () => {
    const f = new ControlFixture();
    new cloudfront.Distribution(f.stack, 'Dist', { ...secureProps(f), minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2025 });
    expect(f.status('CloudFront.ViewerTlsPolicy', 'Dist')).toBe('PASS');
  });
  test('fails when the default *.cloudfront.net certificate is used (the L2 default)', () => {
    const f = new ControlFixture();
    const { certificate, domainNames, ...props } = secureProps(f);
    new cloudfront.Distribution(f.stack, 'Dist', props);
    expect(f.status('CloudFront.ViewerTlsPolicy', 'Dist')).toBe('FAIL');
    expect(f.message('CloudFront.ViewerTlsPolicy', 'Dist')).toMatch(/default \*\.cloudfront\.net certificate/);
  });
  test('fails when CloudFrontDefaultCertificate is set even with a TLS 1.2 policy', () => {
    const f = new ControlFixture();
    new cloudfront.CfnDistribution(f.stack, 'Dist', {
      distributionConfig: {
        enabled: true,
        viewerCertificate: { cloudFrontDefaultCertificate: true, minimumProtocolVersion: 'TLSv1.2_2021' },
        defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'https-only' },
      },
    });
    expect(f.status('CloudFront.ViewerTlsPolicy', 'Dist')).toBe('FAIL');
  });
  test('fails when the policy is TLSv1.2_2019', () => {
    const f = new ControlFixture();
    new cloudfront.Distribution(f.stack, 'Dist', { ...secureProps(f), minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2019 });
    expect(f.status('CloudFront.ViewerTlsPolicy', 'Dist')).toBe('FAIL');
    expect(f.message('CloudFront.ViewerTlsPolicy', 'Dist')).toMatch(/TLSv1.2_2019/);
  });
  test('fails when a custom certificate has no MinimumProtocolVersion', () => {
    const f = new ControlFixture();
    new cloudfront.CfnDistribution(f.stack, 'Dist', {
      distributionConfig: {
        enabled: true,
        aliases: ['portal.example.com'],
        viewerCertificate: { acmCertificateArn: CERT_ARN, sslSupportMethod: 'sni-only' },
        defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'https-only' },
      },
    });
    expect(f.status('CloudFront.ViewerTlsPolicy', 'Dist')).toBe('FAIL');
    expect(f.message('CloudFront.ViewerTlsPolicy', 'Dist')).toMatch(/MinimumProtocolVersion is not set/);
  });
  test('UNVERIFIABLE given the version from a parameter', () => {
    const f = new ControlFixture();
    new cloudfront.CfnDistribution(f.stack, 'Dist', {
      distributionConfig: {
        enabled: true,
        viewerCertificate: { acmCertificateArn: CERT_ARN, sslSupportMethod: 'sni-only', minimumProtocolVersion: new CfnParameter(f.stack, 'Tls').valueAsString },
        defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'https-only' },
      },
    });
    expect(f.status('CloudFront.ViewerTlsPolicy', 'Dist')).toBe('UNVERIFIABLE');
  });
});

describe('CloudFront.ViewerHttps', () => {
  test('PASS given redirect-to-https on every behavior', () => {
    const f = new ControlFixture();
    const props = secureProps(f);
    new cloudfront.Distribution(f.stack, 'Dist', {
      ...props,
      additionalBehaviors: { '/api/*': { origin: new origins.HttpOrigin('api.example.com'), viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY } },
    });
    expect(f.status('CloudFront.ViewerHttps', 'Dist')).toBe('PASS');
  });
  test('fails when the L2 default (allow-all) applies', () => {
    const f = new ControlFixture();
    new cloudfront.Distribution(f.stack, 'Dist', { defaultBehavior: { origin: new origins.HttpOrigin('api.example.com') } });
    expect(f.status('CloudFront.ViewerHttps', 'Dist')).toBe('FAIL');
    expect(f.message('CloudFront.ViewerHttps', 'Dist')).toMatch(/the default cache behavior \(allow-all\) lets viewers use plain HTTP/);
  });
  test('fails when one additional behavior allows HTTP', () => {
    const f = new ControlFixture();
    new cloudfront.Distribution(f.stack, 'Dist', {
      ...secureProps(f),
      additionalBehaviors: { '/legacy/*': { origin: new origins.HttpOrigin('legacy.example.com') } },
    });
    expect(f.status('CloudFront.ViewerHttps', 'Dist')).toBe('FAIL');
    expect(f.message('CloudFront.ViewerHttps', 'Dist')).toMatch(/\/legacy\/\* cache behavior/);
  });
  test('UNVERIFIABLE given a policy from a parameter', () => {
    const f = new ControlFixture();
    customOriginDistribution(f, { originSslProtocols: ['TLSv1.2'] }, new CfnParameter(f.stack, 'Viewer').valueAsString);
    expect(f.status('CloudFront.ViewerHttps', 'Dist')).toBe('UNVERIFIABLE');
  });
});

describe('CloudFront.OriginHttps', () => {
  test('PASS given an HttpOrigin with HTTPS_ONLY and TLS 1.2 (the L2 defaults)', () => {
    const f = new ControlFixture();
    new cloudfront.Distribution(f.stack, 'Dist', { defaultBehavior: { origin: new origins.HttpOrigin('api.example.com') } });
    expect(f.status('CloudFront.OriginHttps', 'Dist')).toBe('PASS');
  });
  test('PASS given match-viewer reached only by HTTPS behaviors', () => {
    const f = new ControlFixture();
    customOriginDistribution(f, { originProtocolPolicy: 'match-viewer', originSslProtocols: ['TLSv1.2'] }, 'redirect-to-https');
    expect(f.status('CloudFront.OriginHttps', 'Dist')).toBe('PASS');
  });
  test('fails when the origin is reached over HTTP', () => {
    const f = new ControlFixture();
    new cloudfront.Distribution(f.stack, 'Dist', {
      defaultBehavior: { origin: new origins.HttpOrigin('api.example.com', { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY }) },
    });
    expect(f.status('CloudFront.OriginHttps', 'Dist')).toBe('FAIL');
    expect(f.message('CloudFront.OriginHttps', 'Dist')).toMatch(/is http-only/);
  });
  test('fails when match-viewer is reached by an allow-all behavior', () => {
    const f = new ControlFixture();
    customOriginDistribution(f, { originProtocolPolicy: 'match-viewer', originSslProtocols: ['TLSv1.2'] }, 'allow-all');
    expect(f.status('CloudFront.OriginHttps', 'Dist')).toBe('FAIL');
  });
  test('fails when the origin accepts TLSv1.1', () => {
    const f = new ControlFixture();
    new cloudfront.Distribution(f.stack, 'Dist', {
      defaultBehavior: { origin: new origins.HttpOrigin('api.example.com', { originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_1, cloudfront.OriginSslPolicy.TLS_V1_2] }) },
    });
    expect(f.status('CloudFront.OriginHttps', 'Dist')).toBe('FAIL');
    expect(f.message('CloudFront.OriginHttps', 'Dist')).toMatch(/include TLSv1.1/);
  });
  test('fails when OriginSSLProtocols is absent', () => {
    const f = new ControlFixture();
    customOriginDistribution(f, {});
    expect(f.status('CloudFront.OriginHttps', 'Dist')).toBe('FAIL');
  });
  test('fails given an S3 static website origin', () => {
    const f = new ControlFixture();
    const bucket = new s3.Bucket(f.stack, 'Site', { websiteIndexDocument: 'index.html' });
    new cloudfront.Distribution(f.stack, 'Dist', { defaultBehavior: { origin: new origins.S3StaticWebsiteOrigin(bucket) } });
    expect(f.status('CloudFront.OriginHttps', 'Dist')).toBe('FAIL');
  });
  test('N/A given only S3 origins', () => {
    const f = new ControlFixture();
    new cloudfront.Distribution(f.stack, 'Dist', secureProps(f));
    expect(f.status('CloudFront.OriginHttps', 'Dist')).toBe('N/A');
  });
  test('UNVERIFIABLE given the protocol policy from a parameter', () => {
    const f = new ControlFixture();
    customOriginDistribution(f, { originProtocolPolicy: new CfnParameter(f.stack, 'Policy').valueAsString });
    expect(f.status('CloudFront.OriginHttps', 'Dist')).toBe('UNVERIFIABLE');
  });
});

describe('CloudFront.AccessLogging', () => {
  test('PASS given standard logging to S3', () => {
    const f = new ControlFixture();
    const logBucket = new s3.Bucket(f.stack, 'Logs', { objectOwnership: s3.ObjectOwnership.OBJECT_WRITER });
    new cloudfront.Distribution(f.stack, 'Dist', { ...secureProps(f), enableLogging: true, logBucket });
    expect(f.status('CloudFront.AccessLogging', 'Dist')).toBe('PASS');
  });
  test('PASS given standard logging v2 through a delivery source and a delivery', () => {
    const f = new ControlFixture();
    const dist = new cloudfront.Distribution(f.stack, 'Dist', secureProps(f));
    const logBucket = new s3.Bucket(f.stack, 'Logs');
    const source = new logs.CfnDeliverySource(f.stack, 'Source', {
      name: 'portal-access',
      logType: 'ACCESS_LOGS',
      resourceArn: Stack.of(dist).formatArn({ service: 'cloudfront', region: '', resource: 'distribution', resourceName: dist.distributionId }),
    });
    const destination = new logs.CfnDeliveryDestination(f.stack, 'Destination', { name: 'portal-logs', destinationResourceArn: logBucket.bucketArn });
    new logs.CfnDelivery(f.stack, 'Delivery', { deliverySourceName: source.ref, deliveryDestinationArn: destination.attrArn });
    expect(f.status('CloudFront.AccessLogging', 'Dist')).toBe('PASS');
  });
  test('fails when the L2 default (no logging) applies', () => {
    const f = new ControlFixture();
    new cloudfront.Distribution(f.stack, 'Dist', secureProps(f));
    expect(f.status('CloudFront.AccessLogging', 'Dist')).toBe('FAIL');
    expect(f.message('CloudFront.AccessLogging', 'Dist')).toMatch(/viewer requests are not recorded/);
  });
  test('fails when a delivery source has no delivery', () => {
    const f = new ControlFixture();
    const dist = new cloudfront.Distribution(f.stack, 'Dist', secureProps(f));
    new logs.CfnDeliverySource(f.stack, 'Source', {
      name: 'portal-access',
      logType: 'ACCESS_LOGS',
      resourceArn: Stack.of(dist).formatArn({ service: 'cloudfront', region: '', resource: 'distribution', resourceName: dist.distributionId }),
    });
    expect(f.status('CloudFront.AccessLogging', 'Dist')).toBe('FAIL');
    expect(f.message('CloudFront.AccessLogging', 'Dist')).toMatch(/no AWS::Logs::Delivery/);
  });
  test('UNVERIFIABLE given the log bucket from a parameter', () => {
    const f = new ControlFixture();
    new cloudfront.CfnDistribution(f.stack, 'Dist', {
      distributionConfig: {
        enabled: true,
        logging: new CfnParameter(f.stack, 'Logging').valueAsString as any,
        defaultCacheBehavior: { targetOriginId: 'o', viewerProtocolPolicy: 'https-only' },
      },
    });
    expect(f.status('CloudFront.AccessLogging', 'Dist')).toBe('UNVERIFIABLE');
  });
});

describe('CloudFront.S3OriginAccessControl', () => {
  test('PASS given S3BucketOrigin.withOriginAccessControl', () => {
    const f = new ControlFixture();
    new cloudfront.Distribution(f.stack, 'Dist', secureProps(f));
    expect(f.status('CloudFront.S3OriginAccessControl', 'Dist')).toBe('PASS');
  });
  test('fails when an origin access identity is used', () => {
    const f = new ControlFixture();
    const bucket = new s3.Bucket(f.stack, 'Bucket');
    new cloudfront.Distribution(f.stack, 'Dist', { defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessIdentity(bucket) } });
    expect(f.status('CloudFront.S3OriginAccessControl', 'Dist')).toBe('FAIL');
    expect(f.message('CloudFront.S3OriginAccessControl', 'Dist')).toMatch(/legacy origin access identity/);
  });
  test('fails when the bucket is reached without access control', () => {
    const f = new ControlFixture();
    const bucket = new s3.Bucket(f.stack, 'Bucket');
    new cloudfront.Distribution(f.stack, 'Dist', { defaultBehavior: { origin: origins.S3BucketOrigin.withBucketDefaults(bucket) } });
    expect(f.status('CloudFront.S3OriginAccessControl', 'Dist')).toBe('FAIL');
    expect(f.message('CloudFront.S3OriginAccessControl', 'Dist')).toMatch(/neither origin access control nor an origin access identity/);
  });
  test('fails given a literal S3 website endpoint', () => {
    const f = new ControlFixture();
    new cloudfront.CfnDistribution(f.stack, 'Dist', {
      distributionConfig: {
        enabled: true,
        origins: [{ id: 'site', domainName: 'site.s3-website-us-east-1.amazonaws.com', customOriginConfig: { originProtocolPolicy: 'http-only' } }],
        defaultCacheBehavior: { targetOriginId: 'site', viewerProtocolPolicy: 'https-only' },
      },
    });
    expect(f.status('CloudFront.S3OriginAccessControl', 'Dist')).toBe('FAIL');
  });
  test('N/A given only custom origins', () => {
    const f = new ControlFixture();
    new cloudfront.Distribution(f.stack, 'Dist', { defaultBehavior: { origin: new origins.HttpOrigin('api.example.com') } });
    expect(f.status('CloudFront.S3OriginAccessControl', 'Dist')).toBe('N/A');
  });
  test('UNVERIFIABLE given the origin access control from a parameter', () => {
    const f = new ControlFixture();
    new cloudfront.CfnDistribution(f.stack, 'Dist', {
      distributionConfig: {
        enabled: true,
        origins: [{
          id: 'bucket',
          domainName: 'phi-bucket.s3.us-east-1.amazonaws.com',
          s3OriginConfig: { originAccessIdentity: '' },
          originAccessControlId: new CfnParameter(f.stack, 'Oac').valueAsString,
        }],
        defaultCacheBehavior: { targetOriginId: 'bucket', viewerProtocolPolicy: 'https-only' },
      },
    });
    expect(f.status('CloudFront.S3OriginAccessControl', 'Dist')).toBe('UNVERIFIABLE');
  });
});

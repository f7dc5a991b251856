import { CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ControlFixture } from './harness';

const DESTINATION = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/aws-waf-logs-app';

function webAcl(scope: Stack, id: string, name?: string): wafv2.CfnWebACL {
  return new wafv2.CfnWebACL(scope, id, {
    name,
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: id, sampledRequestsEnabled: true },
  });
}

function logging(scope: Stack, id: string, resourceArn: string): wafv2.CfnLoggingConfiguration {
  return new wafv2.CfnLoggingConfiguration(scope, id, { resourceArn, logDestinationConfigs: [DESTINATION] });
}

describe('WAFv2.Logging', () => {
  test('PASS given a LoggingConfiguration for the ACL\'s Arn attribute', () => {
    const f = new ControlFixture();
    const acl = webAcl(f.stack, 'Acl');
    logging(f.stack, 'Logging', acl.attrArn);
    expect(f.status('WAFv2.Logging', 'Acl')).toBe('PASS');
  });
  test('FAIL given no LoggingConfiguration', () => {
    const f = new ControlFixture();
    webAcl(f.stack, 'Acl');
    expect(f.status('WAFv2.Logging', 'Acl')).toBe('FAIL');
    expect(f.message('WAFv2.Logging', 'Acl')).toMatch(/no AWS::WAFv2::LoggingConfiguration names this web ACL/);
  });
  test('FAIL given a LoggingConfiguration for another ACL only', () => {
    const f = new ControlFixture();
    webAcl(f.stack, 'Acl', 'app');
    const other = webAcl(f.stack, 'Other', 'other');
    logging(f.stack, 'Logging', other.attrArn);
    logging(f.stack, 'LiteralLogging', 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/other/1234');
    expect(f.status('WAFv2.Logging', 'Acl')).toBe('FAIL');
    expect(f.status('WAFv2.Logging', 'Other')).toBe('PASS');
  });
  test('FAIL given ResourceArns that are the ACL\'s Id attribute or not a web ACL ARN', () => {
    const f = new ControlFixture();
    const acl = webAcl(f.stack, 'Acl', 'app');
    logging(f.stack, 'ById', acl.attrId);
    logging(f.stack, 'NotAnAcl', 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/app/1234');
    expect(f.status('WAFv2.Logging', 'Acl')).toBe('FAIL');
    expect(f.message('WAFv2.Logging', 'Acl')).toMatch(/no AWS::WAFv2::LoggingConfiguration names this web ACL/);
  });
  test('FAIL given a ResourceArn that is a Ref to the ACL', () => {
    const f = new ControlFixture();
    const acl = webAcl(f.stack, 'Acl');
    logging(f.stack, 'Logging', acl.ref);
    expect(f.status('WAFv2.Logging', 'Acl')).toBe('FAIL');
    expect(f.message('WAFv2.Logging', 'Acl')).toMatch(/Logging points at the ACL with Ref/);
  });
  test('UNVERIFIABLE given a literal ARN with the ACL\'s name', () => {
    const f = new ControlFixture();
    webAcl(f.stack, 'Acl', 'app');
    logging(f.stack, 'Logging', 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/app/1234');
    expect(f.status('WAFv2.Logging', 'Acl')).toBe('UNVERIFIABLE');
    expect(f.message('WAFv2.Logging', 'Acl')).toMatch(/ResourceArn of Logging cannot be tied to this ACL/);
  });
  test('UNVERIFIABLE given an ARN built with pseudo parameters and the ACL\'s name', () => {
    const f = new ControlFixture();
    webAcl(f.stack, 'Acl', 'app');
    webAcl(f.stack, 'Other', 'other');
    logging(f.stack, 'Logging', f.stack.formatArn({ service: 'wafv2', resource: 'regional', resourceName: 'webacl/app/1234' }));
    expect(f.status('WAFv2.Logging', 'Acl')).toBe('UNVERIFIABLE');
    expect(f.status('WAFv2.Logging', 'Other')).toBe('FAIL');
  });
  test('FAIL given a literal ARN when the ACL has no name (CloudFormation names it at deploy)', () => {
    const f = new ControlFixture();
    webAcl(f.stack, 'Acl');
    logging(f.stack, 'Logging', 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/app/1234');
    expect(f.status('WAFv2.Logging', 'Acl')).toBe('FAIL');
  });
  test('UNVERIFIABLE given a ResourceArn from a parameter', () => {
    const f = new ControlFixture();
    webAcl(f.stack, 'Acl', 'app');
    logging(f.stack, 'Logging', new CfnParameter(f.stack, 'AclArn').valueAsString);
    expect(f.status('WAFv2.Logging', 'Acl')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a ResourceArn built from the ACL inside a function', () => {
    const f = new ControlFixture();
    const acl = webAcl(f.stack, 'Acl', 'app');
    logging(f.stack, 'Logging', Fn.join('', [acl.attrArn, '']));
    expect(f.status('WAFv2.Logging', 'Acl')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a ResourceArn imported from another stack', () => {
    const f = new ControlFixture();
    webAcl(f.stack, 'Acl', 'app');
    logging(f.stack, 'Logging', Fn.importValue('SharedAclArn'));
    expect(f.status('WAFv2.Logging', 'Acl')).toBe('UNVERIFIABLE');
  });
  test('UNVERIFIABLE given a literal ARN and the ACL\'s name from a parameter', () => {
    const f = new ControlFixture();
    webAcl(f.stack, 'Acl', new CfnParameter(f.stack, 'AclName').valueAsString);
    logging(f.stack, 'Logging', 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/app/1234');
    expect(f.status('WAFv2.Logging', 'Acl')).toBe('UNVERIFIABLE');
  });
});

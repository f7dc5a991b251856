import { Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { NagCase } from './types';

/** A regional web ACL that allows by default. */
function webAcl(stack: Stack, id: string, name?: string): wafv2.CfnWebACL {
  return new wafv2.CfnWebACL(stack, id, {
    ...(name ? { name } : {}),
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: id, sampledRequestsEnabled: true },
  });
}

const LOG_DESTINATION = 'arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-portal';

export const CASES: readonly NagCase[] = [
  {
    rule: 'WAFv2LoggingEnabled',
    compliant: true,
    title: 'logging configuration referencing the web ACL\'s ARN',
    build: (stack) => {
      const acl = webAcl(stack, 'WebAcl');
      new wafv2.CfnLoggingConfiguration(stack, 'Logging', { resourceArn: acl.attrArn, logDestinationConfigs: [LOG_DESTINATION] });
      return 'WebAcl';
    },
  },
  {
    rule: 'WAFv2LoggingEnabled',
    compliant: true,
    title: 'logging configuration naming the web ACL in a literal ARN',
    build: (stack) => {
      webAcl(stack, 'WebAcl', 'portal-acl');
      new wafv2.CfnLoggingConfiguration(stack, 'Logging', {
        resourceArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/portal-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
        logDestinationConfigs: [LOG_DESTINATION],
      });
      return 'WebAcl';
    },
  },
  {
    rule: 'WAFv2LoggingEnabled',
    compliant: false,
    title: 'web ACL without a logging configuration',
    build: (stack) => {
      webAcl(stack, 'WebAcl');
      return 'WebAcl';
    },
  },
  {
    rule: 'WAFv2LoggingEnabled',
    compliant: false,
    title: 'logging configured for another web ACL only',
    build: (stack) => {
      webAcl(stack, 'WebAcl');
      const other = webAcl(stack, 'OtherAcl');
      new wafv2.CfnLoggingConfiguration(stack, 'Logging', { resourceArn: other.attrArn, logDestinationConfigs: [LOG_DESTINATION] });
      return 'WebAcl';
    },
  },
  {
    rule: 'WAFv2LoggingEnabled',
    compliant: false,
    title: 'literal ARN naming a web ACL whose name extends this one\'s',
    build: (stack) => {
      webAcl(stack, 'WebAcl', 'portal');
      new wafv2.CfnLoggingConfiguration(stack, 'Logging', {
        resourceArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/portal-staging/a1b2c3d4-5678-90ab-cdef-EXAMPLE22222',
        logDestinationConfigs: [LOG_DESTINATION],
      });
      return 'WebAcl';
    },
  },
];

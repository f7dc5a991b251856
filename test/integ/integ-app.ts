import { App } from 'aws-cdk-lib';

/** The account and region integration test stacks are pinned to (replace to deploy them). */
export const INTEG_ENV = { account: '123456789012', region: 'us-east-1' };

/**
 * An App for integration tests. The availability zones a VPC needs are given as context, as a
 * deploying user's cdk.context.json would, so synthesis needs no AWS credentials.
 */
export function integApp(): App {
  return new App({
    // The slow-synth report (performance-counters.json, written when synth takes 10 s or more per
    // stack) depends on the machine's load, not on the templates.
    performanceReporting: false,
    context: {
      // Built-in CloudFormation validation findings fail synthesis instead of being warnings.
      '@aws-cdk/core:validateAgainstDefaultRules': true,
      [`availability-zones:account=${INTEG_ENV.account}:region=${INTEG_ENV.region}`]: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      // Snapshots must not depend on where the repository is checked out.
      'aws:cdk:disable-stack-trace': true,
      'aws:cdk:disable-creation-stack-traces': true,
    },
  });
}

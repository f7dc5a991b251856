import { App } from 'aws-cdk-lib';
import { HipaaAspect, HipaaAspectMode } from 'cdk-hipaa';
import { AfterStack } from './after-stack';
import { BeforeStack } from './before-stack';

// Without AWS credentials the example synthesizes for a placeholder account whose zones are given here.
const PLACEHOLDER = { account: '123456789012', region: 'us-east-1' };
const env = {
  account: process.env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER.account,
  region: process.env.CDK_DEFAULT_REGION ?? PLACEHOLDER.region,
};
const app = new App({
  context: {
    [`availability-zones:account=${PLACEHOLDER.account}:region=${PLACEHOLDER.region}`]: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  },
});

// An ordinary app: WARN mode shows every finding without failing, so it can be read in full.
HipaaAspect.applyTo(new BeforeStack(app, 'ExistingAppBefore', { env }), { mode: HipaaAspectMode.WARN, dataMap: true });

// The same app fixed: ERROR mode, as a team would run it in CI.
HipaaAspect.applyTo(new AfterStack(app, 'ExistingAppAfter', { env }), { dataMap: true });

app.synth();

import { App } from 'aws-cdk-lib';
import { HipaaAspect } from 'cdk-hipaa';
import { StarterStack } from './starter-stack';

// With AWS credentials, the CLI sets CDK_DEFAULT_ACCOUNT/REGION and looks up your availability
// zones. Without them the example synthesizes for a placeholder account whose zones are given here.
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

const stack = new StarterStack(app, 'HipaaStarter', {
  env,
  alertEmails: process.env.ALERT_EMAIL ? [process.env.ALERT_EMAIL] : undefined,
  // Set CONFIG_RECORDER_EXISTS=true where AWS Config records already (Control Tower, an organization).
  configRecorderExists: process.env.CONFIG_RECORDER_EXISTS === 'true',
});

// Every resource checked at synth: a failure fails `cdk synth`; the report, with the PHI inventory
// and data-flow map, lands in cdk.out/.
HipaaAspect.applyTo(stack, { dataMap: true });

app.synth();

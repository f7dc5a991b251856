import { App } from 'aws-cdk-lib';
import { HipaaAspect } from 'cdk-hipaa';
import { StarterStack } from './starter-stack';

const app = new App();
const stack = new StarterStack(app, 'HipaaStarter', {
  // Replace with your account and region (or use CDK_DEFAULT_ACCOUNT/REGION from your profile).
  env: { account: process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012', region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' },
  alertEmails: process.env.ALERT_EMAIL ? [process.env.ALERT_EMAIL] : undefined,
});

// Every resource checked at synth: a failure fails `cdk synth`; the report lands in cdk.out/.
HipaaAspect.applyTo(stack);

app.synth();

import { App } from 'aws-cdk-lib';
import { StarterStack } from './starter-stack';

const app = new App();
new StarterStack(app, 'HipaaStarter', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012', region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' },
});
app.synth();

import { App } from 'aws-cdk-lib';
import { HipaaAspect, HipaaAspectMode } from 'cdk-hipaa';
import { AfterStack } from './after-stack';
import { BeforeStack } from './before-stack';

const app = new App();
const env = { account: process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012', region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' };

// An ordinary app: WARN mode shows every finding without failing, so it can be read in full.
HipaaAspect.applyTo(new BeforeStack(app, 'ExistingAppBefore', { env }), { mode: HipaaAspectMode.WARN });

// The same app fixed: ERROR mode, as a team would run it in CI.
HipaaAspect.applyTo(new AfterStack(app, 'ExistingAppAfter', { env }));

app.synth();

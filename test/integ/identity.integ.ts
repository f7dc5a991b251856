// Integration test app: snapshot compared by `npm test`; deployable with `npx projen integ:identity:deploy`.
import { App, Stack } from 'aws-cdk-lib';
import { AccountPasswordPolicy, HipaaAspect, KeyRotationMonitor } from '../../src';

const app = new App();
const stack = new Stack(app, 'CdkHipaaIdentityInteg', { env: { account: '123456789012', region: 'us-east-1' } });
new KeyRotationMonitor(stack, 'AccessKeys');
new AccountPasswordPolicy(stack, 'PasswordPolicy');
HipaaAspect.applyTo(stack);
app.synth();

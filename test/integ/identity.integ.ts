// Integration test app: snapshot compared by `npm test`; deployable with `npx projen integ:identity:deploy`.
import { Stack } from 'aws-cdk-lib';
import { INTEG_ENV, integApp } from './integ-app';
import { AccountPasswordPolicy, HipaaAspect, KeyRotationMonitor } from '../../src';

const app = integApp();
const stack = new Stack(app, 'CdkHipaaIdentityInteg', { env: INTEG_ENV });
new KeyRotationMonitor(stack, 'AccessKeys');
new AccountPasswordPolicy(stack, 'PasswordPolicy');
HipaaAspect.applyTo(stack);
app.synth();

// Integration test app: synthesized and compared with its snapshot by `npm test`; synth-only until
// deployed with `npx projen integ:identity:deploy`. It sets the account's password policy and
// deploys two AWS Config rules, so the account must record with AWS Config already (said here with
// configRecorderExists). Cost: a nightly Lambda run and two Config rules, cents a month.
import { Stack } from 'aws-cdk-lib';
import { INTEG_ENV, integApp } from './integ-app';
import { AccountPasswordPolicy, HipaaAspect, KeyRotationMonitor } from '../../src';

const app = integApp();
const stack = new Stack(app, 'CdkHipaaIdentityInteg', { env: INTEG_ENV });
new KeyRotationMonitor(stack, 'AccessKeys', { configRecorderExists: true });
new AccountPasswordPolicy(stack, 'PasswordPolicy', { configRecorderExists: true });
HipaaAspect.applyTo(stack);
app.synth();

// The starter example as an integration test: snapshot compared by `npm test`; deployable with
// `npx projen integ:starter:deploy`.
import { App } from 'aws-cdk-lib';
import { StarterStack } from '../../examples/starter/starter-stack';
import { HipaaAspect } from '../../src';

const app = new App();
const stack = new StarterStack(app, 'CdkHipaaStarterInteg', { env: { account: '123456789012', region: 'us-east-1' } });
HipaaAspect.applyTo(stack);
app.synth();

// The starter example as an integration test: snapshot compared by `npm test`; deployable with
// `npx projen integ:starter:deploy`.
import { INTEG_ENV, integApp } from './integ-app';
import { StarterStack } from '../../examples/starter/starter-stack';
import { HipaaAspect } from '../../src';

const app = integApp();
const stack = new StarterStack(app, 'CdkHipaaStarterInteg', { env: INTEG_ENV });
HipaaAspect.applyTo(stack);
app.synth();

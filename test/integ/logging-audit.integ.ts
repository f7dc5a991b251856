// Integration test app: snapshot compared by `npm test`; deployable with `npx projen integ:logging-audit:deploy`.
import { Stack } from 'aws-cdk-lib';
import { INTEG_ENV, integApp } from './integ-app';
import { AuditTrail, CentralLogGroup, HipaaAspect } from '../../src';

const app = integApp();
const stack = new Stack(app, 'CdkHipaaLoggingAuditInteg', { env: INTEG_ENV });
new CentralLogGroup(stack, 'AppLogs', { archive: true });
new AuditTrail(stack, 'Audit', { emailSubscribers: ['security@example.com'] });
HipaaAspect.applyTo(stack);
app.synth();

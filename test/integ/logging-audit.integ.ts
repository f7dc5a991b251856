// Integration test app: snapshot compared by `npm test`; deployable with `npx projen integ:logging-audit:deploy`.
import { App, Stack } from 'aws-cdk-lib';
import { AuditTrail, CentralLogGroup, HipaaAspect } from '../../src';

const app = new App();
const stack = new Stack(app, 'CdkHipaaLoggingAuditInteg', { env: { account: '123456789012', region: 'us-east-1' } });
new CentralLogGroup(stack, 'AppLogs', { archive: true });
new AuditTrail(stack, 'Audit', { emailSubscribers: ['security@example.com'] });
HipaaAspect.applyTo(stack);
app.synth();

// Integration test app: synthesized and compared with its snapshot by `npm test`; synth-only until
// deployed with `npx projen integ:logging-audit:deploy`. Test data must stay removable, so Object
// Lock is GOVERNANCE here (real apps keep the COMPLIANCE default of the archive). Cost: a trail, a
// Config recorder with 39 rules, 15 alarms and a Firehose stream: roughly USD 30-60 a month in a
// quiet account; buckets, keys and log groups are kept on destroy.
import { Stack } from 'aws-cdk-lib';
import { INTEG_ENV, integApp } from './integ-app';
import { AuditTrail, CentralLogGroup, HipaaAspect, ObjectLockMode } from '../../src';

const app = integApp();
const stack = new Stack(app, 'CdkHipaaLoggingAuditInteg', { env: INTEG_ENV });
new CentralLogGroup(stack, 'AppLogs', { archive: true, archiveObjectLockMode: ObjectLockMode.GOVERNANCE });
new AuditTrail(stack, 'Audit', { emailSubscribers: ['security@example.com'] });
HipaaAspect.applyTo(stack);
app.synth();

// Integration test app: synthesized and compared with its snapshot by `npm test`; synth-only until
// deployed with `npx projen integ:database:deploy`. Cost: Multi-AZ database instances with enhanced
// monitoring, roughly USD 5-10 a day; a final snapshot, the key and the log groups are kept on destroy.
import { Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { INTEG_ENV, integApp } from './integ-app';
import { EncryptedDatabase, HipaaAspect } from '../../src';
import { privateVpc } from '../library-constructs';

const app = integApp();
const stack = new Stack(app, 'CdkHipaaDatabaseInteg', { env: INTEG_ENV });
const vpc = privateVpc(stack);
new EncryptedDatabase(stack, 'Postgres', {
  vpc,
  engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16 }),
});
new EncryptedDatabase(stack, 'AuroraMysql', {
  vpc,
  clusterEngine: rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 }),
});
HipaaAspect.applyTo(stack);
app.synth();

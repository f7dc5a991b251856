// Integration test app: snapshot compared by `npm test`; deployable with `npx projen integ:database:deploy`.
import { App, Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { EncryptedDatabase, HipaaAspect } from '../../src';
import { privateVpc } from '../library-constructs';

const app = new App();
const stack = new Stack(app, 'CdkHipaaDatabaseInteg', { env: { account: '123456789012', region: 'us-east-1' } });
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

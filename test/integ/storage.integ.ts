// Integration test app: synthesized and compared with its snapshot by `npm test`; synth-only until
// deployed with `npx projen integ:storage:deploy`. It turns on EBS encryption by default for the
// account-region (left on at destroy). Cost: a 10 GiB gp3 volume and its backups, about USD 1-2 a month.
import { Size, Stack } from 'aws-cdk-lib';
import { integApp } from './integ-app';
import { EbsEncryptionByDefault, EncryptedVolume, HipaaAspect, HipaaBackupPlan, HipaaKey } from '../../src';

const app = integApp();
const stack = new Stack(app, 'CdkHipaaStorageInteg');
const key = new HipaaKey(stack, 'Key');
new HipaaBackupPlan(stack, 'HipaaBackupPlan', { encryptionKey: key });
new EncryptedVolume(stack, 'Volume', { availabilityZone: stack.availabilityZones[0], size: Size.gibibytes(10), encryptionKey: key });
new EbsEncryptionByDefault(stack, 'EbsDefault', { encryptionKey: key });
HipaaAspect.applyTo(stack);
app.synth();

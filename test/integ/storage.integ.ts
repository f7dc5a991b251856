// Integration test app: snapshot compared by `npm test`; deployable with `npx projen integ:storage:deploy`.
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

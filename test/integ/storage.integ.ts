// Integration test app: snapshot compared by `npm test`; deployable with `npx projen integ:storage:deploy`.
import { App, Size, Stack } from 'aws-cdk-lib';
import { EbsEncryptionByDefault, EncryptedVolume, HipaaAspect, HipaaBackupPlan, HipaaKey } from '../../src';

const app = new App();
const stack = new Stack(app, 'CdkHipaaStorageInteg');
const key = new HipaaKey(stack, 'Key');
new HipaaBackupPlan(stack, 'HipaaBackupPlan', { encryptionKey: key });
new EncryptedVolume(stack, 'Volume', { availabilityZone: stack.availabilityZones[0], size: Size.gibibytes(10), encryptionKey: key });
new EbsEncryptionByDefault(stack, 'EbsDefault', { encryptionKey: key });
HipaaAspect.applyTo(stack);
app.synth();

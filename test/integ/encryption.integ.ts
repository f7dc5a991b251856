// Integration test app: synthesized and compared with its committed snapshot by `npm test`
// (integ:encryption:assert); synth-only until deployed with `npx projen integ:encryption:deploy`.
// Cost: a key and two empty buckets, about USD 1 a month; both are kept on destroy.
import { Stack } from 'aws-cdk-lib';
import { integApp } from './integ-app';
import { EncryptedBucket, HipaaAspect, HipaaKey } from '../../src';

const app = integApp();
const stack = new Stack(app, 'CdkHipaaEncryptionInteg');
const key = new HipaaKey(stack, 'Key');
new EncryptedBucket(stack, 'Documents', { encryptionKey: key });
HipaaAspect.applyTo(stack);
app.synth();

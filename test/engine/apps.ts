import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AfterStack } from '../../examples/existing-app/after-stack';
import { BeforeStack } from '../../examples/existing-app/before-stack';
import { StarterStack } from '../../examples/starter/starter-stack';
import { HipaaAspect, HipaaAspectMode, HipaaData, HipaaDataClassification, HipaaFinding } from '../../src';
import { LIBRARY_CONSTRUCTS } from '../library-constructs';
import { TEST_ENV } from '../util';

/** A synthesized app: what HipaaAspect found in WARN mode, and the cloud assembly directory synth wrote. */
export interface SynthesizedApp {
  readonly findings: HipaaFinding[];
  readonly outdir: string;
}

/** A fresh directory under the system's temporary one. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cdk-hipaa-${prefix}-`));
}

/** Builds an app with `build`, applies HipaaAspect in WARN mode to all of it, and synthesizes it into a temporary directory. */
export function synthesize(name: string, build: (app: App) => void): SynthesizedApp {
  const outdir = tempDir(name);
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  build(app);
  const aspect = HipaaAspect.applyTo(app, { mode: HipaaAspectMode.WARN, report: false });
  app.synth();
  return { findings: aspect.findings, outdir };
}

/** The starter example. */
export const starterApp = (app: App) => {
  new StarterStack(app, 'HipaaStarter', { env: TEST_ENV, alertEmails: ['security@example.com'] });
};

/** The existing-app example, before and after, and every library construct in a stack of its own. */
export const examplesAndLibraryApp = (app: App) => {
  new BeforeStack(app, 'Before', { env: TEST_ENV });
  new AfterStack(app, 'After', { env: TEST_ENV });
  for (const [name, build] of Object.entries(LIBRARY_CONSTRUCTS)) build(new Stack(app, `Lib${name}`, { env: TEST_ENV }));
};

/**
 * The shapes a cloud assembly takes beyond one stack: a nested stack that uses its parent's key,
 * a stack that uses another's bucket (a cross-stack export), a stage (a nested assembly), an
 * environment-agnostic stack, a parameter, acknowledgements on a resource and on a scope, a NO_PHI
 * classification and an acknowledgement without a real reason.
 */
export const shapesApp = (app: App) => {
  const producer = new Stack(app, 'Producer', { env: TEST_ENV });
  const logBucket = new s3.Bucket(producer, 'Logs', { enforceSSL: true, versioned: true });
  const open = new s3.Bucket(producer, 'Open');
  Validations.of(open).acknowledge({ id: 'CdkHipaa::S3.Versioning', reason: 'Holds rebuildable build artifacts only' });
  Validations.of(open).acknowledge({ id: 'CdkHipaa::S3.Replication', reason: 'short' });

  const consumer = new Stack(app, 'Consumer', { env: TEST_ENV });
  new s3.Bucket(consumer, 'Data', { serverAccessLogsBucket: logBucket, enforceSSL: true });
  const nested = new NestedStack(consumer, 'Queues');
  const key = new kms.Key(consumer, 'Key', { enableKeyRotation: true });
  new sqs.Queue(nested, 'Jobs', { encryptionMasterKey: key, enforceSSL: true });
  new sqs.Queue(nested, 'Plain');
  Validations.of(nested).acknowledge({ id: 'CdkHipaa::SQS.CustomerManagedKey', reason: 'The nested queues carry job ids, never PHI' });

  const agnostic = new Stack(app, 'Agnostic');
  const keyArn = new CfnParameter(agnostic, 'VolumeKeyArn', { type: 'String' });
  new ec2.CfnVolume(agnostic, 'Volume', { availabilityZone: 'us-east-1a', size: 10, encrypted: true, kmsKeyId: keyArn.valueAsString });
  const scratch = new logs.LogGroup(agnostic, 'Scratch');
  HipaaData.of(scratch).classify(HipaaDataClassification.NO_PHI, 'Logs of the marketing site renderer, never PHI');

  const stage = new Stage(app, 'Prod', { env: TEST_ENV });
  const inner = new Stack(stage, 'Inner');
  new sqs.Queue(inner, 'Events');
};

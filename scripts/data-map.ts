/**
 * Regenerates docs/data-map.svg: the starter example's PHI inventory and data-flow map, as
 * HipaaAspect writes it into the cloud assembly (`HipaaStarter.hipaa-data-map.svg`).
 *
 *   npx tsx --tsconfig tsconfig.dev.json scripts/data-map.ts (the examples import cdk-hipaa, mapped to src/ there)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { StarterStack } from '../examples/starter/starter-stack';
import { HipaaAspect } from '../src';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'data-map.svg');

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'data-map-'));
try {
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  // The starter's app.ts, with the placeholder environment and one alert address, so the map is the same on every machine.
  const stack = new StarterStack(app, 'HipaaStarter', {
    env: { account: '123456789012', region: 'us-east-1' },
    alertEmails: ['security@example.com'],
  });
  HipaaAspect.applyTo(stack, { dataMap: true });
  app.synth();
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.copyFileSync(path.join(outdir, `${stack.artifactId}.hipaa-data-map.svg`), OUT);
  console.log(`wrote ${path.relative(ROOT, OUT)}`);
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}

/**
 * Regenerates docs/data-map.svg: the starter example's PHI inventory and data-flow map, as
 * HipaaAspect writes it into the cloud assembly (`HipaaStarter.hipaa-data-map.svg`); and
 * docs/data-map.png, a headless Chromium's screenshot of it, when a Chromium is installed
 * (`CHROME_PATH`, or chromium / google-chrome on the PATH outside CI). Without one the screenshot is kept as it
 * is; its test says when it no longer matches the drawing.
 *
 *   npx projen docs:data-map (the examples import cdk-hipaa, mapped to src/ there)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { StarterStack } from '../examples/starter/starter-stack';
import { HipaaAspect } from '../src';

// puppeteer-core declares its types as an ES module; its CommonJS build is loaded with require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const puppeteer: { launch(options: object): Promise<any> } = require('puppeteer-core');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'data-map.svg');
const SCREENSHOT = path.join(ROOT, 'docs', 'data-map.png');

/**
 * A Chromium to take the screenshot with, if this machine has one. Under CI only CHROME_PATH names
 * one: a browser that happens to be installed there, with other fonts, would make a screenshot that
 * differs in every byte from the committed one, and the build's check that nothing went stale fail.
 */
function findChromium(): string | undefined {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  if (process.env.CI) return undefined;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      const candidate = path.join(dir, name);
      if (dir && fs.existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Opens the SVG in a headless Chromium and saves a screenshot of the drawing, at its own size. */
async function screenshot(svgFile: string, pngFile: string): Promise<boolean> {
  const executablePath = findChromium();
  if (!executablePath) {
    console.log(`kept ${path.relative(ROOT, pngFile)}: no Chromium found (set CHROME_PATH to regenerate it)`);
    return false;
  }
  const browser = await puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'] });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1600, height: 1200, deviceScaleFactor: 1 });
    await page.goto(`file://${svgFile}`, { waitUntil: 'load' });
    const svg = await page.$('svg');
    if (!svg) throw new Error(`${svgFile} shows no <svg> element`);
    await svg.screenshot({ path: pngFile as `${string}.png`, omitBackground: false });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${path.relative(ROOT, pngFile)}`);
  return true;
}

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
screenshot(OUT, SCREENSHOT).catch((e) => {
  console.error(`could not take the screenshot: ${(e as Error).message}`);
  process.exitCode = 1;
});

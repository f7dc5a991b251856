import * as fs from 'fs';
import * as path from 'path';
import { maskSecret } from '../../src/controls/secret-patterns';
import { evaluateTemplates, loadInputs } from '../../src/engine';

/**
 * A corpus of small hand-written CloudFormation templates in the shapes that carry secrets (Lambda and
 * SAM environments, ECS container environments, EC2 user data, CodeBuild variables, Step Functions
 * definitions), run through General.NoPlaintextSecrets by the template engine. Each
 * `<name>.template.json` has a `<name>.expected.json` sidecar naming, per logical id, the secrets planted
 * in it (kind and value); an empty list means the resource holds only look-alikes (ARNs, hashes, UUIDs,
 * base64 of public data, dynamic references, parameter paths, public keys) and must pass.
 */
const DIR = path.join(__dirname, 'fixtures', 'secrets');
const CONTROL = 'General.NoPlaintextSecrets';

interface Planted {
  readonly kind: string;
  readonly secret: string;
}
interface Expected {
  readonly description: string;
  readonly expect: Record<string, Planted[]>;
}

const names = fs.readdirSync(DIR).filter((f) => f.endsWith('.template.json')).map((f) => f.replace(/\.template\.json$/, '')).sort();
const expected = (name: string): Expected => JSON.parse(fs.readFileSync(path.join(DIR, `${name}.expected.json`), 'utf8'));
const findings = evaluateTemplates(loadInputs(names.map((n) => path.join(DIR, `${n}.template.json`))))
  .filter((f) => f.controlId === CONTROL);

test('the corpus is large enough and every template has a sidecar', () => {
  expect(names.length).toBeGreaterThanOrEqual(30);
  for (const name of names) expect(fs.existsSync(path.join(DIR, `${name}.expected.json`))).toBe(true);
  const planted = names.flatMap((n) => Object.values(expected(n).expect)).flat();
  expect(new Set(planted.map((p) => p.kind))).toEqual(new Set([
    'AWS access key id', 'AWS secret access key', 'private key', 'JSON Web Token', 'password in a URL',
    'literal value of a secret-like name', 'GitHub token', 'Slack token', 'Stripe secret key',
  ]));
});

describe.each(names)('%s', (name) => {
  const { expect: resources } = expected(name);
  test.each(Object.entries(resources))('%s', (logicalId, planted) => {
    const finding = findings.find((f) => f.template === `${name}.template.json` && f.logicalId === logicalId);
    expect(finding).toBeDefined();
    if (planted.length === 0) {
      // Only look-alikes: nothing is reported.
      expect([finding!.status, finding!.message]).toEqual(['PASS', undefined]);
      return;
    }
    expect(finding!.status).toBe('FAIL');
    const message = finding!.message!;
    expect(message).toMatch(planted.length === 1 ? /^a secret is written/ : new RegExp(`^${planted.length} secrets are written`));
    for (const p of planted) {
      expect(message).toContain(`${p.kind} (${maskSecret(p.secret)})`);
      // The secret is masked: never the whole value, nor any 8 characters of it past the mask.
      expect(message).not.toContain(p.secret);
      if (p.secret.length >= 12) expect(message).not.toContain(p.secret.slice(4, 12));
    }
  });
});

test('no message anywhere in the corpus repeats a planted secret or a PEM body', () => {
  const planted = names.flatMap((n) => Object.values(expected(n).expect)).flat().map((p) => p.secret);
  const text = findings.map((f) => f.message ?? '').join('\n');
  for (const secret of planted) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/MII[A-Za-z0-9+/]{8}/);
});

import * as fs from 'fs';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HipaaAspect, HipaaAspectMode, HipaaControls, HipaaInstance } from '../../src';
import { CATALOG } from '../../src/controls/catalog';
import { privateVpc } from '../library-constructs';
import { testApp, testStack } from '../util';

const SRC = path.join(__dirname, '..', '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Control ids written in the constructs: refusals, the exceptions they carry, acknowledgements. */
function idsNamedOutsideTheCatalog(): Array<{ id: string; file: string }> {
  const found: Array<{ id: string; file: string }> = [];
  const pattern = /(?:catalogControl|qualifiedControlId)\('([^']+)'\)|controlId: '([^']+)'|'CdkHipaa::([^']+)'/g;
  for (const file of sourceFiles(SRC)) {
    if (file.includes(`${path.sep}controls${path.sep}`)) continue;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(pattern)) {
      const id = m[1] ?? m[2] ?? m[3];
      if (/^[A-Z][A-Za-z0-9]*\.[A-Za-z0-9]+$/.test(id)) found.push({ id, file: path.relative(SRC, file) });
    }
  }
  return found;
}

describe('the catalog is the single source of policy', () => {
  const catalogIds = new Set(CATALOG.map((c) => c.id));

  test('every control id the constructs name is a catalog id', () => {
    const named = idsNamedOutsideTheCatalog();
    expect(named.length).toBeGreaterThan(30);
    expect(named.filter((n) => !catalogIds.has(n.id))).toEqual([]);
  });

  test('every control a construct refuses in the name of explains why (a rationale)', () => {
    const refused = new Set(idsNamedOutsideTheCatalog().filter((n) => n.file && /catalogControl/.test(fs.readFileSync(path.join(SRC, n.file), 'utf8'))).map((n) => n.id));
    const source = sourceFiles(SRC).filter((f) => !f.includes(`${path.sep}controls${path.sep}`)).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const viaCatalog = [...source.matchAll(/catalogControl\('([^']+)'\)/g)].map((m) => m[1]);
    expect(viaCatalog.length).toBeGreaterThan(25);
    for (const id of viaCatalog) {
      expect({ id, rationale: CATALOG.find((c) => c.id === id)?.rationale }).toEqual({ id, rationale: expect.any(String) });
    }
    expect(refused.size).toBeGreaterThan(0);
  });

  test('HipaaControlInfo gives the exact acknowledgement id and the rationale', () => {
    const info = HipaaControls.get('EC2.InstanceNoPublicIp')!;
    expect(info.acknowledgementId).toBe('CdkHipaa::EC2.InstanceNoPublicIp');
    expect(info.rationale).toMatch(/reached from the internet/);
    for (const control of HipaaControls.all()) expect(control.acknowledgementId).toBe(`CdkHipaa::${control.id}`);
  });

  test('a refusal names its control, takes its rationale and citations, and says how to acknowledge it', () => {
    const app = testApp();
    const stack = testStack(app);
    new HipaaInstance(stack, 'Host', {
      vpc: privateVpc(stack),
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      associatePublicIpAddress: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    });
    expect(() => app.synth()).toThrow(/associatePublicIpAddress: true is refused\. .*reached from the internet.*\(45 CFR 164\.312\(a\)\(1\)\)\..*CdkHipaa::EC2\.InstanceNoPublicIp/);
  });

  test('one decision, one acknowledgement: acknowledging the refusal also clears the aspect\'s finding', () => {
    const app = testApp();
    const stack = testStack(app);
    const vpc = privateVpc(stack);
    const host = new HipaaInstance(stack, 'Host', {
      vpc,
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      associatePublicIpAddress: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    });
    Validations.of(host).acknowledge({ id: HipaaControls.get('EC2.InstanceNoPublicIp')!.acknowledgementId, reason: 'Bastion host reached only through its security group from the office range.' });
    const aspect = HipaaAspect.applyTo(stack, { mode: HipaaAspectMode.WARN, report: false });
    expect(() => app.synth()).not.toThrow();
    const findings = aspect.findings.filter((f) => f.controlId === 'EC2.InstanceNoPublicIp' && f.constructPath.startsWith('TestStack/Host/'));
    // The instance's finding is acknowledged by the same decision; its launch template sets no public IP.
    const instance = findings.find((f) => f.resourceType === 'AWS::EC2::Instance');
    expect(instance?.status).toBe('ACKNOWLEDGED');
    expect(findings.filter((f) => f.status === 'FAIL')).toEqual([]);
  });
});

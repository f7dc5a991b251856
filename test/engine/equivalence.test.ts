import * as fs from 'fs';
import * as path from 'path';
import { examplesAndLibraryApp, shapesApp, starterApp, synthesize, SynthesizedApp } from './apps';
import { HipaaFinding } from '../../src';
import { evaluateTemplates, loadCloudAssembly, TemplateFinding } from '../../src/engine';

const aspectKeys = (findings: readonly HipaaFinding[]) => findings.map((f) => `${f.controlId} ${f.constructPath} ${f.status}`).sort();
const engineKeys = (findings: readonly TemplateFinding[]) =>
  findings.map((f) => `${f.controlId} ${f.constructPath ?? `(no path) ${f.template}/${f.logicalId}`} ${f.status}`).sort();

/** The findings only one side has. */
function difference(app: SynthesizedApp) {
  const engine = engineKeys(evaluateTemplates(loadCloudAssembly(app.outdir)));
  const aspect = aspectKeys(app.findings);
  return {
    onlyAspect: aspect.filter((k) => !engine.includes(k)),
    onlyEngine: engine.filter((k) => !aspect.includes(k)),
    count: engine.length,
  };
}

describe('evaluateTemplates over a cloud assembly finds what HipaaAspect finds in the app', () => {
  test('the starter example', () => {
    const d = difference(synthesize('starter', starterApp));
    // The rotation application of addRotationSingleUser() included: General.SamResourceExpanded is N/A on it in both.
    expect(d).toEqual({ onlyAspect: [], onlyEngine: [], count: d.count });
    expect(d.count).toBeGreaterThan(100);
  });

  test('the existing-app example and every library construct', () => {
    const app = synthesize('examples', examplesAndLibraryApp);
    const d = difference(app);
    // AccountBaselineStackSet synthesizes its baseline in an app of its own (written to stack-set.<id>/ in the
    // assembly, the StackSet's TemplateBody): the aspect reaches it through the construct tree, the engine reads
    // the assembly it is given, so `cdk-hipaa check cdk.out/stack-set.<id>` checks it there.
    const baseline = (line: string) => / AccountBaseline\//.test(line);
    expect(d.onlyAspect.filter(baseline).length).toBeGreaterThan(10);
    expect({ ...d, onlyAspect: d.onlyAspect.filter((l) => !baseline(l)) }).toEqual({ onlyAspect: [], onlyEngine: [], count: d.count });
    expect(d.count).toBeGreaterThan(100);

    const stackSetDirs = fs.readdirSync(app.outdir).filter((f) => f.startsWith('stack-set.'));
    expect(stackSetDirs).toHaveLength(1);
    const inBaseline = engineKeys(evaluateTemplates(loadCloudAssembly(path.join(app.outdir, stackSetDirs[0]))));
    expect(inBaseline).toEqual(aspectKeys(app.findings).filter(baseline));
  });

  test('nested stacks, cross-stack references, stages, parameters, acknowledgements and classifications', () => {
    const d = difference(synthesize('shapes', shapesApp));
    expect(d).toEqual({ onlyAspect: [], onlyEngine: [], count: d.count });
    expect(d.count).toBeGreaterThan(40);
  });
});

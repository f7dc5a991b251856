import {
  compareCases, compareWithNag, corpusExplanationKeys, EXPLANATIONS, EXTRA_MATCHES, explanationKeys, hipaaRules, hipaaRulesInPackSource,
  NAG_ONLY_NOTES, unexplainedRules,
} from '../../scripts/nag-comparison';
import { HipaaControls } from '../../src';

// about 20 s on a quiet machine: ~420 cases, each synthesized in its own app
jest.setTimeout(300_000);

describe('HipaaAspect and cdk-nag HIPAA Security, rule by rule', () => {
  const cases = compareCases();
  const corpus = compareWithNag();

  test('the comparison covers every rule of the pack (captured by running it and read from its source)', () => {
    const applied = hipaaRules();
    const inSource = hipaaRulesInPackSource();
    expect(inSource.length).toBeGreaterThan(80);
    expect([...applied].sort()).toEqual([...inSource].sort());
    expect(cases.rules.map((r) => r.rule)).toEqual(applied);
  });

  test('every case names a rule of the pack', () => {
    expect(cases.unknownRuleCases.map((c) => `${c.rule}: ${c.title}`)).toEqual([]);
  });

  test('every rule has at least one compliant and one non-compliant case', () => {
    expect(cases.thinRules).toEqual([]);
  });

  test('cdk-nag judges every case as the case says (else the case is wrong)', () => {
    const wrong = cases.wrongCases.map((c) => `${c.rule}: ${c.title}: ${c.error ?? `cdk-nag says ${c.nag}`}`);
    expect(wrong).toEqual([]);
  });

  test('every rule has a matching control, or a note says why not', () => {
    expect(cases.rulesWithoutControl.filter((r) => !NAG_ONLY_NOTES[r])).toEqual([]);
  });

  test('no note explains the absence of a control that exists', () => {
    expect(Object.keys(NAG_ONLY_NOTES).filter((r) => !cases.rulesWithoutControl.includes(r))).toEqual([]);
  });

  test('every rule on which the matching control flags a compliant case or misses a non-compliant one is explained', () => {
    const unexplained = unexplainedRules(cases).map((rule) => {
      const r = cases.rules.find((x) => x.rule === rule)!;
      const differing = r.cases.filter((c) => !c.error && (c.control === 'FAIL' || c.control === 'UNVERIFIABLE') === c.compliant);
      return `${r.controls.map((c) => `${c}|${rule}`).join(' or ')}: ${differing.map((c) => `${c.title} (${c.control})`).join('; ')}`;
    });
    expect(unexplained).toEqual([]);
  });

  test('every disagreement on the corpus of plain resources is explained', () => {
    const unexplained = corpus.disagreements.filter((d) => corpusExplanationKeys(d).length === 0);
    expect(unexplained).toEqual([]);
  });

  test('every explanation is used by a disagreement, on the cases or on the corpus', () => {
    const used = new Set([
      ...cases.rules.filter((r) => r.relation !== 'same').flatMap(explanationKeys),
      ...corpus.disagreements.flatMap(corpusExplanationKeys),
    ]);
    expect(Object.keys(EXPLANATIONS).filter((k) => !used.has(k))).toEqual([]);
  });

  test('the extra matches name controls of the catalog and rules of the pack', () => {
    const rules = new Set(hipaaRules());
    const unknown = Object.entries(EXTRA_MATCHES).flatMap(([rule, ids]) => [
      ...(rules.has(rule) ? [] : [rule]),
      ...ids.filter((id) => !HipaaControls.get(id)),
    ]);
    expect(unknown).toEqual([]);
  });

  test('the controls flag most non-compliant cases', () => {
    expect(cases.nonCompliant.total).toBeGreaterThan(0);
    expect(cases.nonCompliant.flagged / cases.nonCompliant.total).toBeGreaterThan(0.8);
  });
});

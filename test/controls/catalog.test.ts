import { HipaaControls, HipaaSeverity } from '../../src';
import { CATALOG } from '../../src/controls/catalog';

const CITATION = /^164\.(308|310|312|314|316)\([a-z]\)(\(\d+\))?(\((i|ii|iii|iv|v|vi)\))?(\([A-Z]\))?$/;

describe('the control catalog', () => {
  test('ids are unique and of the form <Service>.<Name>', () => {
    const ids = CATALOG.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Z][A-Za-z0-9]*\.[A-Z][A-Za-z0-9]*$/);
  });

  test('every control has a title, resource types, 45 CFR citations, a severity and a one-sentence fix', () => {
    for (const c of CATALOG) {
      expect([c.id, c.title.length > 5]).toEqual([c.id, true]);
      expect([c.id, c.resourceTypes.length > 0]).toEqual([c.id, true]);
      for (const t of c.resourceTypes) expect([c.id, t]).toEqual([c.id, expect.stringMatching(/^(\*|AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)$/)]);
      expect([c.id, c.citations.length > 0]).toEqual([c.id, true]);
      for (const citation of c.citations) expect([c.id, citation]).toEqual([c.id, expect.stringMatching(CITATION)]);
      expect(Object.values(HipaaSeverity)).toContain(c.severity);
      expect([c.id, c.fix]).toEqual([c.id, expect.stringMatching(/^[A-Z].*\.$/)]);
    }
  });

  test('HipaaControls lists the catalog for every language', () => {
    const all = HipaaControls.all();
    expect(all.map((c) => c.id)).toEqual(CATALOG.map((c) => c.id));
    expect(HipaaControls.get('S3.Versioning')).toEqual({
      id: 'S3.Versioning',
      title: 'S3 bucket versioning is enabled',
      resourceTypes: ['AWS::S3::Bucket'],
      citations: ['164.308(a)(7)(ii)(A)', '164.312(c)(1)'],
      severity: HipaaSeverity.ERROR,
      fix: 'Set versioned: true.',
      nagRule: 'S3BucketVersioningEnabled',
    });
    expect(HipaaControls.get('No.Such')).toBeUndefined();
    expect(HipaaControls.forResourceType('AWS::KMS::Key').map((c) => c.id)).toEqual(expect.arrayContaining(['KMS.KeyRotation', 'KMS.KeyRetained']));
  });
});

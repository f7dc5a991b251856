import { arnMatches } from '../../src/controls/policy-statements';

/** IAM's wildcard semantics, written the plain way: `*` is any run of characters, `?` exactly one. */
function reference(pattern: string, arn: string): boolean {
  const body = pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's').test(arn);
}

describe('arnMatches', () => {
  test.each([
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket', true],
    ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket2', false],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false],
    ['arn:aws:s3:::bucket*', 'arn:aws:s3:::bucket', true],
    ['arn:aws:s3:::*', 'arn:aws:s3:::any/key', true],
    ['*', '', true],
    ['', '', true],
    ['', 'x', false],
    ['arn:aws:s3:::b?cket', 'arn:aws:s3:::bucket', true],
    ['arn:aws:s3:::b?cket', 'arn:aws:s3:::bcket', false],
    ['arn:*:s3:::*/*', 'arn:aws-us-gov:s3:::b/k', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['a.b', 'aXb', false],
    ['a[0-9]b', 'a[0-9]b', true],
  ])('%j matches %j: %s', (pattern, arn, expected) => {
    expect(arnMatches(pattern, arn)).toBe(expected);
  });

  test('agrees with the regular-expression reading on random patterns and ARNs', () => {
    // A small alphabet makes matches and near misses frequent; deterministic, so a failure reproduces.
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const word = (alphabet: string, max: number) => Array.from({ length: random(max + 1) }, () => alphabet[random(alphabet.length)]).join('');
    let matches = 0;
    for (let i = 0; i < 5000; i++) {
      const pattern = word('ab/*?.', 6);
      const arn = word('ab/.\n', 6);
      const expected = reference(pattern, arn);
      if (expected) matches++;
      expect([pattern, arn, arnMatches(pattern, arn)]).toEqual([pattern, arn, expected]);
    }
    expect(matches).toBeGreaterThan(100);
  });
});

import { describe, expect, it } from 'vitest';
import { compileRe2, requiredLiteral } from '../../src/yaml-rules/matchers/regex.js';

describe('required literal prefilter', () => {
  const cases: [string, string | null][] = [
    ['console\\.log\\(', 'console.log('],
    ['\\bdatetime\\.(?P<M>now|utcnow)\\(\\s*\\)', 'datetime.'],
    ['TODO(?P<rest>[^(].*)?$', 'TODO'],
    ['abc|defgh', null],
    ['(?i)password', null],
    ['colou?r_name', 'r_name'],
    ['x{2}yyy', 'yyy'],
    ['ab+cdef', 'cdef'],
    ['[abc]+xyz', 'xyz'],
    ['@ts-ignore\\s*$', '@ts-ignore'],
  ];
  for (const [pattern, literal] of cases) {
    it(`${pattern} → ${String(literal)}`, () => {
      expect(requiredLiteral(pattern)).toBe(literal);
      // The literal really is in every match: check against a sample the pattern matches.
      if (literal !== null) {
        const sample = {
          'console\\.log\\(': 'console.log(',
          'colou?r_name': 'color_name',
          'x{2}yyy': 'xxyyy',
          'ab+cdef': 'abbbcdef',
          '[abc]+xyz': 'bxyz',
        }[pattern];
        if (sample) {
          expect(compileRe2(pattern).matcher(sample).find()).toBe(true);
          expect(sample.includes(literal)).toBe(true);
        }
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { compileRe2, literalTester, requiredLiteral } from '../../src/yaml-rules/matchers/regex.js';

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

describe('literal patterns as string tests (the #match? predicates of the bundled queries)', () => {
  const inputs = [
    '',
    'test',
    'testing',
    'a_test',
    'tes',
    'b',
    'abc',
    'rb',
    'ET',
    'etree',
    'xml.etree.ElementTree',
    'xmlXetreeXElementTree',
    'log\n',
    'log',
    'LOG',
    'x.y',
  ];
  const literal = [
    '^test',
    'b',
    'test$',
    '^test$',
    '^(ET|ElementTree|cElementTree|etree|minidom|pulldom|xml\\.etree\\.ElementTree|xml\\.dom\\.minidom)$',
    '^(logging|log|logger|LOGGER|_logger|_log|LOG)$',
    '(?:b|rb)$',
    'x\\.y',
  ];
  for (const pattern of literal)
    it(`${pattern}: the same answers as RE2`, () => {
      const test = literalTester(pattern);
      expect(test).not.toBeNull();
      const re = compileRe2(pattern);
      for (const text of inputs) expect(test!(text), JSON.stringify(text)).toBe(re.matcher(text).find());
    });
  it('leaves every other pattern to RE2', () => {
    for (const pattern of [
      '^[uU]?[\'"][rwaxt+]*b[rwaxt+]*[\'"]$',
      'a|b',
      '^a|b$',
      'x.y',
      'a+',
      '(?i)test',
      '^(a|)$',
      '()',
      '',
      'a\\b',
      '^(a)(b)$',
    ])
      expect(literalTester(pattern), pattern).toBeNull();
  });
});

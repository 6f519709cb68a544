import { describe, expect, it } from 'vitest';
import { isAnnotation, parseAnnotations } from '../../src/engine/annotations.js';

describe('fixture annotations (one parser for the rule tester, the docs and `rules test`)', () => {
  it('reads every comment style and points each at the next code line', () => {
    const lines = [
      '# options: long-line {"max": 60}',
      '# ruleid: long-line',
      '',
      '# ok: other-rule',
      'x = 1',
      '  // todoruleid: plugin/some-rule',
      '  y()',
      '/* ok: a-rule */',
      'z',
      '      {/* ruleid: dangerously-set-inner-html */}',
      '      <div dangerouslySetInnerHTML={x} />',
    ];
    expect(parseAnnotations(lines)).toEqual([
      { kind: 'options', ruleId: 'long-line', rest: '{"max": 60}', line: 1, target: 5 },
      { kind: 'ruleid', ruleId: 'long-line', rest: '', line: 2, target: 5 },
      { kind: 'ok', ruleId: 'other-rule', rest: '', line: 4, target: 5 },
      { kind: 'todoruleid', ruleId: 'plugin/some-rule', rest: '', line: 6, target: 7 },
      { kind: 'ok', ruleId: 'a-rule', rest: '', line: 8, target: 9 },
      { kind: 'ruleid', ruleId: 'dangerously-set-inner-html', rest: '', line: 10, target: 11 },
    ]);
  });
  it('ignores code that merely mentions an annotation, and trailing comments', () => {
    expect(isAnnotation('x = "# ruleid: foo"')).toBe(false);
    expect(isAnnotation('x = 1  # ruleid: foo')).toBe(false);
    expect(isAnnotation('# rule: foo')).toBe(false);
    expect(isAnnotation('#ruleid:foo')).toBe(true);
  });
  it('an annotation on the last line targets the line after it', () => {
    expect(parseAnnotations(['x', '# ok: r'])).toEqual([{ kind: 'ok', ruleId: 'r', rest: '', line: 2, target: 3 }]);
  });
});

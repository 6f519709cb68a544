import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from '../../src/util/json-syntax.js';

const VALID = [
  '{}',
  '[]',
  ' {"a": [1, -2.5e+3, 0, true, false, null, "x\\n\\u00e9\\"\\\\/"], "b": {}}\r\n',
  '"s"',
  '0',
  '-0.1E-2',
  '[[[[{"k": [{}]}]]]]',
  '\t\n null \n',
];

// [text, offset, found, expected]
const INVALID: Array<[string, number, string, string]> = [
  ['{"a": 1,}', 8, "unexpected '}'", 'a double-quoted property name'],
  ['[1,,2]', 3, "unexpected ','", 'a value'],
  ['{\n "x": tru\n}', 11, "unexpected '\\n'", "'true'"],
  ['{"a" 1}', 5, "unexpected '1'", "':'"],
  ['{"a": 1 "b": 2}', 8, "unexpected '\"'", "',' or '}'"],
  ['[1 2]', 3, "unexpected '2'", "',' or ']'"],
  ['{a: 1}', 1, "unexpected 'a'", "a double-quoted property name or '}'"],
  ["['x']", 1, "unexpected '''", "a value or ']'"],
  ['{"a": 1}}', 8, "unexpected '}'", 'the end of the file'],
  ['{"a": [1, 2]', 12, 'unexpected end of input', "',' or '}'"],
  ['"abc', 4, 'unexpected end of input', "a closing '\"'"],
  ['"a\tb"', 2, "unexpected '\\t'", "a closing '\"' (a control character must be escaped)"],
  ['"a\\qb"', 2, 'bad escape \\q in a string', 'one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX'],
  ['"\\u12g4"', 1, 'bad \\u escape in a string', 'four hex digits after \\u'],
  ['01', 1, "unexpected '1'", 'the end of the file'],
  ['-x', 1, "unexpected 'x'", 'a digit'],
  ['1.', 1, "unexpected '.'", 'the end of the file'],
  ['', 0, 'unexpected end of input', 'a value'],
  ['\ufeff{}', 0, "unexpected '\ufeff'", 'a value'],
];

describe('jsonSyntaxError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of VALID) {
      expect(() => JSON.parse(text), text).not.toThrow();
      expect(jsonSyntaxError(text), text).toBeNull();
    }
  });

  it('rejects what JSON.parse rejects, at the offending character, saying what was expected', () => {
    for (const [text, offset, found, expected] of INVALID) {
      expect(() => JSON.parse(text), text).toThrow(SyntaxError);
      expect(jsonSyntaxError(text), JSON.stringify(text)).toEqual({ offset, found, expected });
    }
  });

  it('agrees with the position JSON.parse gives where it gives one', () => {
    for (const text of ['{"a": 1,}', '{"a" 1}', '[1 2]', '{"a": 1}}', '{\n  "rules": {\n    "x": "y",\n  }\n}']) {
      let position = -1;
      try {
        JSON.parse(text);
      } catch (error) {
        position = Number(/at position (\d+)/.exec((error as Error).message)?.[1] ?? -1);
      }
      if (position >= 0) expect(jsonSyntaxError(text)?.offset, text).toBe(position);
    }
  });

  it('does not overflow the stack on deep nesting', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(jsonSyntaxError(deep)).toBeNull();
    expect(jsonSyntaxError(deep.slice(0, -1))?.offset).toBe(deep.length - 1);
  });
});

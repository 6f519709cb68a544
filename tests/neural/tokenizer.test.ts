import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lex } from '../../src/neural/lexer.js';
import { Tokenizer } from '../../src/neural/tokenizer.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface ParityCase {
  language: string;
  path?: string;
  text: string;
  ids: number[];
}

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'tokenizer-parity.json'), 'utf8')) as {
  vocab: string;
  cases: ParityCase[];
};
const tokenizer = Tokenizer.fromFile(join(ROOT, fixture.vocab));

describe('neural tokenizer', () => {
  it('reproduces the Python sentencepiece ids exactly', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(8);
    for (const c of fixture.cases) {
      const { ids } = tokenizer.encodeText(c.text, c.language);
      expect({ case: c.path ?? c.text.slice(0, 40), ids }).toEqual({ case: c.path ?? c.text.slice(0, 40), ids: c.ids });
    }
  });

  it('merges by score: common tokens are one piece, rare ones split', () => {
    const piece = (t: string): string[] => tokenizer.encodePreToken(t).map((id) => tokenizer.piece(id));
    expect(piece('self')).toEqual(['\u2581self']);
    expect(piece('<=')).toEqual(['\u2581<=']);
    expect(piece('getElementById').length).toBeGreaterThan(1);
    expect(piece('getElementById').join('')).toBe('\u2581getElementById');
    expect(tokenizer.encodePreToken('<nl>')).toEqual([tokenizer.wholeTokenId('<nl>')]);
  });
});

describe('neural lexer', () => {
  it('drops comments, summarises strings and marks lines and indentation (Python)', () => {
    const toks = lex('def f(x):  # c\n    return "a b c d e f"\n', 'python');
    expect(toks.map((t) => t.text)).toEqual([
      'def',
      'f',
      '(',
      'x',
      ')',
      ':',
      '<nl>',
      '<indent>',
      'return',
      '"',
      'a',
      'b',
      'c',
      'd',
      '<str>',
      '"',
      '<nl>',
    ]);
    const ret = toks.find((t) => t.text === 'return')!;
    expect([ret.start, ret.end]).toEqual([19, 25]);
  });

  it('uses longest-match operators and keeps offsets in UTF-16 units (JavaScript)', () => {
    const text = "const s = 'é'; if (a !== b) x >>>= 2;";
    const toks = lex(text, 'javascript');
    expect(toks.map((t) => t.text)).toEqual([
      'const',
      's',
      '=',
      "'",
      '<u>',
      "'",
      ';',
      'if',
      '(',
      'a',
      '!==',
      'b',
      ')',
      'x',
      '>>>=',
      '2',
      ';',
    ]);
    const op = toks.find((t) => t.text === '!==')!;
    expect(text.slice(op.start, op.end)).toBe('!==');
  });

  it('does not emit line structure inside Python brackets', () => {
    const toks = lex('f(a,\n  b)\ng()\n', 'python');
    expect(toks.map((t) => t.text)).toEqual(['f', '(', 'a', ',', 'b', ')', '<nl>', 'g', '(', ')', '<nl>']);
  });
});

import { describe, expect, it } from 'vitest';
import { escapeLines, escapeSourceText, escapeTerminal } from '../../src/util/escape-terminal.js';

describe('escapeTerminal', () => {
  it('writes control characters, line separators and bidi overrides as escapes, on one line', () => {
    expect(escapeTerminal('a\nb\rc\td\x1b[2Je\x07f\x7fg\u009bh\u2028i\u202ej')).toBe(
      'a\\nb\\rc\\td\\x1b[2Je\\x07f\\x7fg\\x9bh\\u2028i\\u202ej',
    );
    expect(escapeTerminal('plain `name` — ünïcode')).toBe('plain `name` — ünïcode');
  });

  it('breaks up a workflow command at the start of a line, and only there', () => {
    expect(escapeTerminal('::error file=x::boom')).toBe('\\x3a:error file=x::boom');
    expect(escapeTerminal('  ::add-mask::x')).toBe('  \\x3a:add-mask::x');
    expect(escapeTerminal('a.py:1:2 ::x')).toBe('a.py:1:2 ::x');
    expect(escapeTerminal(':one colon')).toBe(':one colon');
    expect(escapeLines('toasty: bad\n::error::x\n\x1b[31mred')).toBe('toasty: bad\n\\x3a:error::x\n\\x1b[31mred');
  });

  it('keeps code frames aligned: one visible character per control character, line ends and tabs kept', () => {
    const src = 'x = "\x1b[2J"\n\ty\r\nz\u0085';
    const shown = escapeSourceText(src);
    expect(shown).toBe('x = "\u241b[2J"\n\ty\r\nz\ufffd');
    expect(shown.length).toBe(src.length);
  });
});

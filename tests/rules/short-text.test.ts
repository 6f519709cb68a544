import { describe, expect, it } from 'vitest';
import { short, shortTail } from '../../src/rules/shared/model-query.js';

describe('short: quoted code cut at token boundaries', () => {
  it('keeps text that fits, collapsing whitespace', () => {
    expect(short('a  +\n b', 50)).toBe('a + b');
  });

  it('elides the arguments of a long call instead of cutting inside them', () => {
    // The trial's "must b from err": the raise value cut mid-word.
    expect(short('DecodeError("Expiration Time claim (exp) must be an" " integer.")', 50)).toBe('DecodeError(…)');
    expect(short('new FancyError(`value ${x} is not one of the accepted values here`)', 30)).toBe('new FancyError(…)');
  });

  it('never cuts inside a word, and ends with an ellipsis', () => {
    const out = short('first_identifier_name + second_identifier_name * third_identifier', 40);
    expect(out).toBe('first_identifier_name +…');
    expect(out.length).toBeLessThanOrEqual(40);
  });

  it('cuts before a string literal rather than inside it when it can', () => {
    expect(short('x == "a long string literal that goes on and on and on"', 30)).toBe('x ==…');
  });

  it('falls back to a word boundary inside a string that is the whole text', () => {
    const out = short('"a long string literal that goes on and on and on"', 30);
    expect(out).toMatch(/^"a long string literal that…$/);
  });
});

describe('shortTail: the end of a line, from a token boundary', () => {
  it('starts at a token boundary with a leading ellipsis', () => {
    // The trial's "after `bcommands to turn on`": 20 characters taken from the middle of a word.
    expect(shortTail('enable the subcommands to turn on', 20)).toBe('…to turn on');
    expect(shortTail("hashlib.sha1(request.body.encode('", 20)).toBe("….body.encode('");
  });

  it('keeps short text whole', () => {
    expect(shortTail('a, b', 20)).toBe('a, b');
  });
});

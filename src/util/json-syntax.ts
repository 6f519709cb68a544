/**
 * Where a JSON text first stops being JSON (RFC 8259), and what was expected there. `JSON.parse`
 * says where only for some errors (Node 20's V8 reports `Unexpected token ',', "…" is not valid
 * JSON` without a position), so an input error could not name its line and column; this scanner
 * always can. Iterative: a deeply nested file cannot overflow the stack.
 */

export interface JsonSyntaxError {
  /** 0-based offset of the offending character; the text's length when it ends too early. */
  offset: number;
  /** What was found: `unexpected ','`, `unexpected end of input`, `bad escape \q in a string`… */
  found: string;
  /** What JSON allows there: `a value`, `',' or '}'`… */
  expected: string;
}

type Expect = 'value' | 'value-or-]' | 'key' | 'key-or-}' | 'colon' | 'comma-or-close' | 'end';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;
const LITERALS = ['true', 'false', 'null'];

/** A character as an error names it: quoted, a control character escaped (`'\\n'`). */
const describe = (ch: string | undefined): string =>
  ch === undefined ? 'end of input' : `'${ch === '"' ? ch : JSON.stringify(ch).slice(1, -1)}'`;

/** The first syntax error of `text`, or null when it is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  const stack: Array<'[' | '{'> = [];
  let i = 0;
  let expect: Expect = 'value';
  const fail = (offset: number, expected: string, found = `unexpected ${describe(text[offset])}`): JsonSyntaxError => ({
    offset,
    found,
    expected,
  });
  const afterValue = (): Expect => (stack.length > 0 ? 'comma-or-close' : 'end');
  /** Scans a string starting at the quote at `i`; null when it is well formed (and `i` is past it). */
  const string = (): JsonSyntaxError | null => {
    for (let j = i + 1; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x22) {
        i = j + 1;
        return null;
      }
      if (c < 0x20) return fail(j, "a closing '\"' (a control character must be escaped)");
      if (c === 0x5c) {
        const e = text[j + 1];
        if (e === 'u') {
          HEX4.lastIndex = j + 2;
          if (!HEX4.test(text)) return fail(j, 'four hex digits after \\u', 'bad \\u escape in a string');
          j += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) j++;
        else return fail(j, 'one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX', `bad escape \\${e ?? ''} in a string`);
      }
    }
    return fail(text.length, "a closing '\"'");
  };

  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    const ch = text[i];
    const top = stack[stack.length - 1];
    switch (expect) {
      case 'end':
        return ch === undefined ? null : fail(i, 'the end of the file');
      case 'colon':
        if (ch !== ':') return fail(i, "':'");
        i++;
        expect = 'value';
        continue;
      case 'comma-or-close': {
        const close = top === '{' ? '}' : ']';
        if (ch === ',') {
          i++;
          expect = top === '{' ? 'key' : 'value';
        } else if (ch === close) {
          i++;
          stack.pop();
          expect = afterValue();
        } else return fail(i, `',' or '${close}'`);
        continue;
      }
      case 'key-or-}':
      case 'key': {
        if (ch === '}' && expect === 'key-or-}') {
          i++;
          stack.pop();
          expect = afterValue();
          continue;
        }
        if (ch !== '"') return fail(i, expect === 'key' ? 'a double-quoted property name' : "a double-quoted property name or '}'");
        const bad = string();
        if (bad) return bad;
        expect = 'colon';
        continue;
      }
      case 'value-or-]':
      case 'value': {
        if (ch === ']' && expect === 'value-or-]') {
          i++;
          stack.pop();
          expect = afterValue();
          continue;
        }
        const what = expect === 'value' ? 'a value' : "a value or ']'";
        if (ch === '{' || ch === '[') {
          stack.push(ch);
          i++;
          expect = ch === '{' ? 'key-or-}' : 'value-or-]';
          continue;
        }
        if (ch === '"') {
          const bad = string();
          if (bad) return bad;
        } else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
          NUMBER.lastIndex = i;
          const m = NUMBER.exec(text);
          if (!m) return fail(i + 1, 'a digit');
          i += m[0].length;
        } else {
          const literal = LITERALS.find((l) => l[0] === ch);
          if (!literal) return fail(i, what);
          for (let k = 1; k < literal.length; k++) if (text[i + k] !== literal[k]) return fail(i + k, `'${literal}'`);
          i += literal.length;
        }
        expect = afterValue();
        continue;
      }
    }
  }
}

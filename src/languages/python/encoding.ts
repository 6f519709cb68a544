/**
 * PEP 263: a Python source file may declare its encoding in a comment on its first or second line
 * (`# -*- coding: latin-1 -*-`). Without one, or with an encoding this runtime cannot decode, the
 * file is read as UTF-8, which is also Python 3's default.
 */

/** tokenize.cookie_re, applied to one line. */
const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
/** tokenize.blank_re: a line that may precede the cookie line. */
const BLANK = /^[ \t\f]*(?:[#\r\n]|$)/;

/** The declared encoding's name as written, or null (none, or UTF-8 under any spelling). */
export function declaredEncoding(head: string): string | null {
  const [first = '', second = ''] = head.split('\n', 2);
  const match = COOKIE.exec(first) ?? (BLANK.test(first) ? COOKIE.exec(second) : null);
  if (!match) return null;
  const name = match[1]!.toLowerCase().replace(/_/g, '-');
  return name === 'utf-8' || name === 'utf8' || name.startsWith('utf-8-') ? null : name;
}

/** Python's spellings that the WHATWG TextDecoder labels lack. */
const ALIASES: Record<string, string> = { 'latin-1': 'latin1', 'iso-8859-1': 'latin1', l1: 'latin1', 'iso8859-15': 'iso-8859-15' };

/** The file's text, decoded as its encoding declaration says when there is one this runtime knows. */
export function decodePythonSource(buffer: Buffer): string {
  // The cookie itself is ASCII: reading the head as latin1 finds it whatever the encoding.
  const name = declaredEncoding(buffer.subarray(0, 1024).toString('latin1'));
  if (name !== null) {
    try {
      return new TextDecoder(ALIASES[name] ?? name).decode(buffer);
    } catch {
      // An unknown label: UTF-8 below, as for an undeclared file.
    }
  }
  return buffer.toString('utf8');
}

/**
 * Escaping for text that reaches a terminal or a CI log. File names, messages and source text
 * come from the graded repository: a name holding ESC sequences could rewrite the screen, and
 * a line starting with `::` is a GitHub Actions workflow command (`::error …`, `::add-mask::`,
 * `::stop-commands::`). Every reporter that prints lines, and stderr, goes through here.
 */

// C0 controls, DEL, C1 controls (U+009B is a one-character CSI), the line and paragraph
// separators, and the bidirectional overrides and isolates ("Trojan Source").
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The same without tab, LF and CR, which a code frame lays out itself.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_SOURCE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** A workflow command: `::` at the start of a line, after optional blanks. */
const WORKFLOW_COMMAND = /^(\s*):/gm;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `::` at a line start becomes `\x3a:`, which no runner reads as a command. */
function guardCommands(text: string): string {
  return text.replace(WORKFLOW_COMMAND, (match, blanks: string, offset: number, whole: string) =>
    whole[offset + match.length] === ':' ? `${blanks}\\x3a` : match,
  );
}

/**
 * One name or message on one line: newlines, CR, tab, ESC and every other control character
 * are written as `\n`, `\r`, `\t`, `\x1b`…, and a leading `::` is broken up.
 */
export function escapeTerminal(text: string): string {
  return guardCommands(text.replace(UNSAFE, escapeChar));
}

/** Text of several lines (an error message): each line escaped as by escapeTerminal, the line breaks kept. */
export function escapeLines(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeTerminal(line))
    .join('\n');
}

/**
 * Source text for a code frame: control characters become one visible character each (the
 * Control Pictures block, U+FFFD for the rest), so columns and carets stay aligned; tab and
 * line ends are kept for the frame's own layout. Frame lines start with a gutter, never `::`.
 */
export function escapeSourceText(text: string): string {
  return text.replace(UNSAFE_IN_SOURCE, (ch) => {
    const code = ch.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  });
}

import { plural } from '../../util/plural.js';
import { ANNOTATION_KINDS } from '../../engine/annotations.js';
import { defineRule } from '../../engine/rule.js';
import type { CommentNode, Language, SourceFile } from '../../model/types.js';
import { short } from '../shared/model-query.js';

const KEYWORDS = new Set(
  (
    'and as assert async await break case catch class const continue def del delete do elif else except export extends finally for from function ' +
    'global if import in instanceof is lambda let new nonlocal not of or pass raise return static super switch this throw try typeof var void while with yield ' +
    'None True False null undefined true false self cls print'
  ).split(' '),
);

/** Comment directives and markers that are never code. */
const DIRECTIVE =
  /^(TODO|FIXME|XXX|HACK|NOTE|BUG|eslint|prettier|istanbul|c8|@ts-|tslint|jshint|global\s|type:|noqa|pylint:|pragma|fmt:|isort:|mypy:|pyright:|nosec|NOSONAR|region|endregion|#|!|-\*-|vim?:|coding[:=]|SPDX|Copyright|@)/i;

/** Comment lines that are tool directives or fixture annotations (`ruleid:`, `ok:`…): they end a run of comments. */
const SEPARATOR = new RegExp(
  `^(${ANNOTATION_KINDS.join('|')})\\s*:|^(eslint|prettier-ignore|@ts-|istanbul|c8|noqa|type:\\s*ignore|pylint:|pragma|fmt:|isort:|nosec|NOSONAR)`,
);

/** Two plain words side by side (`the value`, `for example`), not keywords: prose. */
function hasProse(text: string, language: Language): boolean {
  if (language === 'python' && /=>|<=>|\s->\s.*[^:]$/.test(text)) return true;
  const stripped = text.replace(/(["'`]).*?\1/g, '""');
  // `a -> b` outside a def, `+/-`, `, and …`: notation and sentences, not statements.
  if ((/->/.test(stripped) && !/^def\s/.test(stripped)) || /\+\/-|,\s*(and|or|but|if|then|so|which|that|not)\b/.test(stripped)) return true;
  const re = /([A-Za-z_][\w$]*)\s+([A-Za-z_][\w$]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(stripped))) {
    const [, a = '', b = ''] = m;
    if (!KEYWORDS.has(a) && !KEYWORDS.has(b)) return true;
    re.lastIndex = m.index + a.length + 1;
  }
  return false;
}

const PY_STATEMENT = [
  /^(import [\w.]+( as \w+)?(, [\w.]+( as \w+)?)*|from [\w.]+ import [\w, ()*]+)$/,
  /^(def \w+\(.*\)( -> .+)?|class \w+(\(.*\))?|(if|elif|while|with) .+|for .+ in .+|else|try|finally|except( .+)?):$/,
  /^(return|raise|yield|del|assert|await)( .+)?$/,
  /^(pass|break|continue)$/,
  /^[\w.[\]'"]+\s*(=|\+=|-=|\*=|\/=|\|=|&=)\s*\S.*$/,
  /^[\w.]+\(.*\)$/,
  /^print\b.*$/,
];
const JS_STATEMENT = [
  /^(import|export)\b.*(from\s+['"].+['"]|['"].+['"]|\{.*\});?$/,
  /^(const|let|var)\s+[\w${}[\], ]+\s*=.+;?$/,
  /^(if|for|while|switch|catch)\s*\(.*\)\s*\{?$/,
  /^(}\s*else\s*\{|else\s*\{|try\s*\{|}\s*catch.*\{|do\s*\{|finally\s*\{)$/,
  /^(return|throw|await|yield)\b.*;$/,
  /^(break|continue);$/,
  /^[\w$.[\]'"]+\s*(=|\+=|-=|\*=|\/=|\|\|=|&&=|\?\?=)\s*\S.*;$/,
  /^[\w$.]+\(.*\);$/,
  /^(async\s+)?function\s*\*?\s*[\w$]*\s*\(.*\)\s*\{$/,
  /^[})\]]+;?$/,
  /^console\.\w+\(.*\);?$/,
];

const GRAMMAR_RULE = /^([A-Za-z][\w-]*)\s*(=\/?|::=)\s*(\S.*)$/;
/** RFC 5234 core rules, the building blocks of every ABNF grammar. */
const ABNF_CORE = /\b(ALPHA|DIGIT|HEXDIG|DQUOTE|SP|HTAB|WSP|LWSP|VCHAR|OCTET|CTL|CRLF|BIT)\b/;

/** Two operands side by side with no operator between them (`dec-octet "." dec-octet`, `[ userinfo "@" ] host`). */
function juxtaposed(rhs: string): boolean {
  const tokens = rhs.match(/""|[\w.-]+|\S/g) ?? [];
  for (let i = 1; i < tokens.length; i++) {
    const [a, b] = [tokens[i - 1]!, tokens[i]!];
    const operandEnd = a === '""' || a === ']' || a === ')' || (/^[\w.-]+$/.test(a) && !KEYWORDS.has(a));
    const operandStart = b === '""' || b === '[' || (/^[\w.-]+$/.test(b) && !KEYWORDS.has(b));
    const quoted = a === '""' || b === '""' || a === ']' || b === '[';
    if (operandEnd && operandStart && quoted && !(a === '""' && b === '""')) return true;
  }
  return false;
}

/**
 * A grammar rule (ABNF as in RFCs, BNF): `pchar = unreserved / pct-encoded / ":"`, `port = *DIGIT`,
 * `IPv4address = dec-octet "." dec-octet`. Documentation of what the code parses, not code.
 */
export function looksLikeGrammar(text: string): boolean {
  const m = GRAMMAR_RULE.exec(text.trim());
  if (!m) return false;
  if (m[2] === '::=' || m[2] === '=/' || m[1]!.includes('-')) return true; // `segment-nz = …` assigns to nothing in Python or JS
  const rhs = m[3]!.replace(/"[^"]*"|'[^']*'/g, '""');
  if (rhs.includes(',') || /[;{}]\s*$/.test(rhs)) return false;
  return (
    /%[xdb][0-9a-f]/i.test(rhs) ||
    ABNF_CORE.test(rhs) ||
    /(^|[\s(/])\d*\*\d*[A-Za-z(["]/.test(rhs) || // repetition: *pchar, 1*HEXDIG, *( … )
    (/[A-Za-z]{2,}-[A-Za-z]{2,}/.test(rhs) && /\s\/\s/.test(rhs)) || // alternatives of hyphenated rule names
    juxtaposed(rhs) // concatenation
  );
}

/** Does one comment line read as a statement of the language? */
export function looksLikeCode(text: string, language: Language): boolean {
  const t = text.trim();
  if (/^[})\]]+;?$/.test(t)) return true;
  if (t.length < 2 || DIRECTIVE.test(t) || /^>>>|^\.\.\.\s|^\$ /.test(t)) return false;
  if (/[.!?]$/.test(t) && !/\)\.$/.test(t) && !/;$/.test(t)) {
    if (!/\w\(.*\)$/.test(t.slice(0, -1))) return false; // ends like a sentence
  }
  const patterns = language === 'python' ? PY_STATEMENT : JS_STATEMENT;
  if (!patterns.some((p) => p.test(t)) || looksLikeGrammar(t)) return false;
  if (/^[})\]]+;?$/.test(t)) return true;
  return !hasProse(t, language);
}

/** Comment lines of a file with their text, split out of block comments; trailing comments (after code) are left out. */
function commentLines(file: SourceFile): { line: number; text: string; comment: CommentNode }[] {
  const out: { line: number; text: string; comment: CommentNode }[] = [];
  for (const c of file.comments) {
    if (c.isDoc) continue;
    const first = file.lines[c.span.line - 1] ?? '';
    if (first.slice(0, c.span.column - 1).trim() !== '') continue; // trailing comment
    c.text.split('\n').forEach((raw, i) => {
      const text = raw.replace(/^\s*\*(?!\/)\s?/, '').replace(/^\s*(#|\/\/)\s?/, '');
      out.push({ line: c.span.line + i, text, comment: c });
    });
  }
  return out.sort((a, b) => a.line - b.line);
}

export default defineRule({
  id: 'commented-out-code',
  dimension: 'readability',
  meta: {
    description: 'A run of comment lines that is entirely code (assignments, calls, statements), not prose.',
    why: 'Commented-out code rots: it is never compiled or tested, confuses readers about what runs, and version control already keeps the old code.',
    severity: 'info',
    languages: ['python', 'javascript', 'typescript'],
    messages: { code: '{count} of commented-out code, starting with `{first}`.' },
  },
  defaultOptions: {},
  create(ctx) {
    return {
      file(file) {
        const lines = commentLines(file);
        let run: typeof lines = [];
        const flush = (): void => {
          const body = run.filter((l) => l.text.trim() !== '');
          run = [];
          // Every non-blank line of the run must be code: prose around an example means documentation.
          if (!body.length || !body.every((l) => looksLikeCode(l.text, file.language))) return;
          if (body.length === 1 && /^[})\]]+;?$/.test(body[0]!.text.trim())) return;
          const first = body[0]!;
          const last = body[body.length - 1]!;
          const shown = short(first.text, 50);
          ctx.report({
            // From the comment marker (not column 1 of an indented line) to the end of the last line.
            node: {
              line: first.line,
              column: Math.max(0, (file.lines[first.line - 1] ?? '').search(/\S/)) + 1,
              endLine: last.line,
              endColumn: (file.lines[last.line - 1] ?? '').length + 1,
            },
            messageId: 'code',
            data: { count: plural(body.length, 'line'), first: shown },
            suggestion: `Delete ${first.line === last.line ? `line ${first.line}` : `lines ${first.line}–${last.line}`} (version control keeps ${first.line === last.line ? 'it' : 'them'}), or turn ${first.line === last.line ? 'it' : 'them'} into a sentence explaining why the code is not run.`,
          });
        };
        for (const l of lines) {
          const prev = run[run.length - 1];
          if (prev && l.line !== prev.line + 1) flush();
          // Directives and test annotations stand apart from the comments around them.
          if (SEPARATOR.test(l.text.trim())) {
            flush();
            continue;
          }
          run.push(l);
        }
        flush();
      },
    };
  },
});

import { defineRule } from '../../engine/rule.js';
import type { SourceFile, Token } from '../../model/types.js';
import { shortTail } from '../shared/model-query.js';

const PRAGMA =
  /\s*(#|\/\/)\s*(noqa|type:\s*ignore|pyright:\s*ignore|pylint:|eslint-disable|@ts-(ignore|expect-error)|prettier-ignore|istanbul|c8|NOSONAR)\b.*$/;
const URL = /\b(https?|ftp|file):\/\/\S+/;

/** Tokens grouped by line, built once per file. */
function tokensByLine(file: SourceFile): Map<number, Token[]> {
  const map = new Map<number, Token[]>();
  for (const t of file.tokens) {
    const list = map.get(t.line);
    if (list) list.push(t);
    else map.set(t.line, [t]);
  }
  return map;
}

/** The line holds only a string literal (plus `,` `;` `)` `+` and an optional `key:`/`name =`): splitting it helps no one. */
function stringOnly(line: string, tokens: Token[] | undefined): boolean {
  const t = line.trim();
  if (/^[rRbBuUfF]{0,2}(['"`]).*\1[\s,;)+\]]*$/.test(t)) return true;
  if (
    /^((export\s+)?(const|let|var)\s+)?([\w$.]+\s*[:=]\s*|[\w$.]+\()?[rRbBuUfF]{0,2}(['"`]).*\5[\s,;)+\]]*$/.test(t) &&
    t.length - (/(['"`])/.exec(t)?.index ?? 0) > 60
  )
    return true;
  if (!tokens?.length) return false;
  const meaningful = tokens.filter((k) => !(k.kind === 'punctuation' || (k.kind === 'operator' && /^[+=:]$/.test(k.text))));
  return meaningful.length > 0 && meaningful.every((k) => k.kind === 'string' || k.kind === 'template');
}

/** A place to break the line before `max`: after the last `, ` or before the last binary operator. */
function breakPoint(line: string, max: number): number | null {
  const head = line.slice(0, max);
  const indent = /^\s*/.exec(line)?.[0].length ?? 0;
  const comma = head.lastIndexOf(', ');
  const op = Math.max(
    head.lastIndexOf(' and '),
    head.lastIndexOf(' or '),
    head.lastIndexOf(' && '),
    head.lastIndexOf(' || '),
    head.lastIndexOf(' + '),
  );
  const paren = head.lastIndexOf('(');
  const at = Math.max(comma + 1, op, paren + 1);
  return at > indent + 10 ? at + 1 : null;
}

export default defineRule({
  id: 'long-line',
  dimension: 'readability',
  meta: {
    description:
      "Line is longer than the maximum: the config's `max`, else the project's formatter setting (Prettier printWidth, Ruff/Black line-length, .editorconfig max_line_length), else 100. URLs, pragma comments and lines holding a single long string are skipped.",
    why: 'Long lines force horizontal scrolling and side-by-side diffs to wrap; they usually pack several ideas into one statement.',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { tooLong: 'Line is {length} characters long (max {max}{from}).' },
    lineLengthOption: 'max',
    optionSchema: { max: { type: 'integer', minimum: 1 } },
  },
  defaultOptions: { max: 100 },
  create(ctx, { max }) {
    const source = ctx.optionSources.max;
    const from = source ? `: ${source}` : '';
    return {
      file(file) {
        let byLine: Map<number, Token[]> | null = null;
        file.lines.forEach((raw, i) => {
          // A line is never more code points than UTF-16 units: most lines stop here without copying.
          if (raw.length <= max) return;
          const length = [...raw.replace(/\r$/, '')].length;
          if (length <= max) return;
          const line = raw.replace(/\r$/, '');
          if (URL.test(line)) return;
          const code = line.replace(PRAGMA, '');
          if ([...code].length <= max) return;
          // A single "word" (no whitespace after the indent) cannot be split: Ruff E501 skips it too.
          if (!/\S\s+\S/.test(code.trim())) return;
          byLine ??= tokensByLine(file);
          if (stringOnly(code, byLine.get(i + 1))) return;
          const comment = /^\s*(#|\/\/|\/?\*)/.test(code);
          if (comment) {
            const cut = code.lastIndexOf(' ', max);
            ctx.report({
              node: { line: i + 1, column: max + 1, endLine: i + 1, endColumn: line.length + 1 },
              messageId: 'tooLong',
              data: { length, max, from },
              suggestion: `Wrap the comment on line ${i + 1}${cut > 0 ? ` after \`${shortTail(code.slice(0, cut), 20)}\` (column ${cut})` : ''} and continue it on the next line.`,
            });
            return;
          }
          const at = breakPoint(code, max);
          ctx.report({
            node: { line: i + 1, column: max + 1, endLine: i + 1, endColumn: line.length + 1 },
            messageId: 'tooLong',
            data: { length, max, from },
            suggestion:
              at !== null
                ? `Break line ${i + 1} at column ${at} (after \`${shortTail(code.slice(0, at), 20)}\`), or name a sub-expression with a local variable.`
                : `Split line ${i + 1}: name a sub-expression with a local variable or wrap the arguments one per line.`,
          });
        });
      },
    };
  },
});

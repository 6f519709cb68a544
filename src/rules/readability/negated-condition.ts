import { defineRule } from '../../engine/rule.js';
import type { BranchNode, SourceFile } from '../../model/types.js';
import { contains, short } from '../shared/model-query.js';

/** Top-level `and`/`or`/`&&`/`||`/`??`/`?:` outside brackets and strings. */
function hasTopLevelOperator(text: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (depth === 0 && /^(&&|\|\||\?\?|\?|\band\b|\bor\b| if )/.test(text.slice(i, i + 5))) return true;
  }
  return false;
}

/** The whole condition is a negation: `not x`, `!x`, `!(a && b)`, `a != b`, `a !== b`. */
export function isNegation(condition: string): boolean {
  const c = condition
    .trim()
    .replace(/^\((.*)\)$/s, '$1')
    .trim();
  if (/^not\s/.test(c)) return !hasTopLevelOperator(c.slice(4));
  if (/^!(?!=)/.test(c)) return !hasTopLevelOperator(c.slice(1));
  if (hasTopLevelOperator(c)) return false;
  return /[^!=<>]!==?[^=]/.test(c) && (c.match(/!==?|===?|<=?|>=?| is | in /g) ?? []).length === 1;
}

/** The `if` has a plain `else` (not `elif` / `else if`): its own else/elif branches sit at its depth inside its span. */
function hasPlainElse(file: SourceFile, b: BranchNode): boolean {
  if (b.hasElse === false) return false;
  const own = file.branches.filter((o) => o !== b && o.function === b.function && o.depth === b.depth && contains(b.span, o.span));
  return own.some((o) => o.kind === 'else') && !own.some((o) => o.kind === 'elif');
}

export default defineRule({
  id: 'negated-condition',
  dimension: 'readability',
  meta: {
    description: 'Negated condition with an else branch (`if not x: … else: …`, `!a ? b : c`).',
    why: 'Reading a negation and then its else is a double negative; swapping the branches and dropping the `not`/`!` states the same logic positively (ESLint no-negated-condition).',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { negated: 'Negated condition `{condition}` with an else branch.' },
  },
  defaultOptions: {},
  create(ctx) {
    const { file } = ctx;
    const python = file.language === 'python';
    return {
      branch(b) {
        if (b.kind !== 'if' && b.kind !== 'ternary') return;
        const condition = b.condition?.trim();
        if (!condition) return;
        const negated = b.negated ?? isNegation(condition);
        if (!negated || !isNegation(condition)) return;
        if (b.kind === 'if' && !hasPlainElse(file, b)) return;
        const positive = condition
          .replace(/^not\s+/, '')
          .replace(/^!(?!=)\s*/, '')
          .replace(/!==/, '===')
          .replace(/!=/, '==')
          .replace(/^\((.*)\)$/s, '$1');
        const shown = short(condition, 60);
        ctx.report({
          node: {
            line: b.span.line,
            column: b.span.column,
            endLine: b.span.line,
            endColumn: (file.lines[b.span.line - 1] ?? '').length + 1,
          },
          messageId: 'negated',
          data: { condition: shown },
          suggestion:
            b.kind === 'ternary'
              ? `Test \`${positive}\` and swap the two branches of the conditional expression.`
              : `Write \`${python ? 'if ' : 'if ('}${positive}${python ? ':' : ')'}\` and swap the if and else bodies.`,
        });
      },
    };
  },
});

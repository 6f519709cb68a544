import { defineRule } from '../../engine/rule.js';
import { replaceOperatorFix, short } from '../shared/model-query.js';

const LITERAL = new Set(['string', 'template', 'number', 'list', 'dict', 'tuple', 'set']);

export default defineRule({
  id: 'is-literal-comparison',
  dimension: 'reliability',
  meta: {
    description: '`is` / `is not` used to compare with a str, bytes, number or container literal.',
    why: '`is` tests object identity; whether two equal strings or numbers are the same object depends on interning and CPython version, so the result is unpredictable (CPython emits a SyntaxWarning).',
    severity: 'error',
    languages: ['python'],
    messages: { isLiteral: '`{text}` tests identity with the literal `{literal}`; use `{eq}`.' },
    fix: 'safe',
  },
  defaultOptions: {},
  create(ctx) {
    return {
      comparison(c) {
        if (c.operator !== 'is' && c.operator !== 'is not') return;
        const literal = LITERAL.has(c.right.kind) ? c.right : LITERAL.has(c.left.kind) ? c.left : null;
        if (!literal) return;
        // `x is ()` is a tuple identity check that the language guarantees for the empty tuple.
        if (literal.text.replace(/\s/g, '') === '()') return;
        const eq = c.operator === 'is' ? '==' : '!=';
        const fix = replaceOperatorFix(ctx.file, c.left.span, c.right.span, c.operator === 'is' ? /\bis\b/ : /\bis\s+not\b/, eq);
        ctx.report({
          node: c,
          messageId: 'isLiteral',
          data: { text: short(`${c.left.text} ${c.operator} ${c.right.text}`), literal: short(literal.text, 30), eq },
          suggestion: `Replace \`${c.operator}\` with \`${eq}\` in \`${short(`${c.left.text} ${c.operator} ${c.right.text}`)}\`.`,
          ...(fix ? { fix } : {}),
        });
      },
    };
  },
});

import { defineRule } from '../../engine/rule.js';
import type { Expression } from '../../model/types.js';
import { sourceOf, spanBetween } from '../shared/model-query.js';

const LITERAL = new Set(['string', 'number', 'boolean', 'null', 'undefined']);
const EQUALITY = new Set(['==', '===', '!=', '!==']);

const isLiteral = (e: Expression): boolean => LITERAL.has(e.kind) || (e.kind === 'unary' && /^-\s*\d/.test(e.text));

export default defineRule({
  id: 'yoda-condition',
  dimension: 'readability',
  meta: {
    description: 'Equality test with the literal on the left (`"admin" === role`, `None == x`).',
    why: 'Code reads "if the role is admin", not "if admin is the role"; the inverted order only protected against `=` typos that linters and `===` now catch (ESLint yoda).',
    severity: 'info',
    languages: ['python', 'javascript', 'typescript'],
    messages: { yoda: 'Literal `{literal}` is on the left of `{operator}`.' },
    fix: 'safe',
  },
  defaultOptions: {},
  create(ctx) {
    const { file } = ctx;
    return {
      comparison(c) {
        if (!EQUALITY.has(c.operator) || !isLiteral(c.left) || isLiteral(c.right)) return;
        if (c.right.kind !== 'identifier' && c.right.kind !== 'member' && c.right.kind !== 'call') return;
        const left = sourceOf(file, c.left.span);
        const right = sourceOf(file, c.right.span);
        const between = sourceOf(file, spanBetween(c.left.span, c.right.span));
        const fix =
          c.left.span.line === c.right.span.endLine && between.trim() === c.operator
            ? {
                span: {
                  line: c.left.span.line,
                  column: c.left.span.column,
                  endLine: c.right.span.endLine,
                  endColumn: c.right.span.endColumn,
                },
                text: `${right}${between}${left}`,
              }
            : undefined;
        ctx.report({
          node: c,
          messageId: 'yoda',
          data: { literal: c.left.text, operator: c.operator },
          suggestion: `Write \`${right} ${c.operator} ${left}\`.`,
          ...(fix ? { fix } : {}),
        });
      },
    };
  },
});

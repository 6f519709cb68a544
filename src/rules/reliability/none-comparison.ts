import { defineRule } from '../../engine/rule.js';
import { replaceOperatorFix, short } from '../shared/model-query.js';

export default defineRule({
  id: 'none-comparison',
  dimension: 'reliability',
  meta: {
    description: 'Comparison to `None` with `==` / `!=` instead of `is` / `is not`.',
    why: '`==` calls `__eq__`, which a class can override (NumPy arrays, ORM columns) to return anything; `is None` is the identity test PEP 8 asks for and is never fooled.',
    severity: 'warning',
    languages: ['python'],
    messages: { eqNone: '`{text}` compares to None with `{op}`.' },
    fix: 'unsafe',
  },
  defaultOptions: {},
  create(ctx) {
    // ORMs overload `== None` to build `IS NULL` clauses; there it is intended.
    const orm = ctx.file.imports.some((i) => /^(sqlalchemy|peewee|sqlmodel|pony|django\.db|pandas|numpy)\b/.test(i.module));
    return {
      comparison(c) {
        if (orm || (c.operator !== '==' && c.operator !== '!=')) return;
        const noneRight = c.right.kind === 'null';
        if (!noneRight && c.left.kind !== 'null') return;
        const other = noneRight ? c.left : c.right;
        const op = c.operator === '==' ? 'is' : 'is not';
        const fix = replaceOperatorFix(ctx.file, c.left.span, c.right.span, c.operator === '==' ? /==/ : /!=/, op);
        ctx.report({
          node: c,
          messageId: 'eqNone',
          data: { text: short(`${c.left.text} ${c.operator} ${c.right.text}`), op: c.operator },
          suggestion: `Replace \`${short(c.left.text, 30)} ${c.operator} ${short(c.right.text, 30)}\` with \`${short(other.text, 30)} ${op} None\`.`,
          ...(fix ? { fix } : {}),
        });
      },
    };
  },
});

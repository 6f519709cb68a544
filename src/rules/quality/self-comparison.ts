import { defineRule } from '../../engine/rule.js';

const SIMPLE = new Set(['identifier', 'member', 'string', 'number']);

export default defineRule({
  id: 'self-comparison',
  dimension: 'quality',
  meta: {
    description: 'Value compared with itself (`x == x`, `a.b < a.b`).',
    why: 'The result is fixed (always true or always false), so the comparison is almost always a typo for another variable (pylint comparison-with-itself, ESLint no-self-compare).',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { self: '`{text}` compares `{operand}` with itself.' },
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    return {
      comparison(c) {
        // `x != x` is the classic NaN test: left to the NaN-specific advice of other tools.
        if (c.operator === '!=' || c.operator === '!==' || c.operator === 'in' || c.operator === 'not in' || c.operator === 'instanceof')
          return;
        if (!SIMPLE.has(c.left.kind) || c.left.kind !== c.right.kind) return;
        const l = c.left.text.replace(/\s+/g, '');
        if (l !== c.right.text.replace(/\s+/g, '') || l.length >= 200) return;
        ctx.report({
          node: c,
          messageId: 'self',
          data: { text: `${c.left.text} ${c.operator} ${c.right.text}`, operand: c.left.text },
          suggestion:
            c.operator === '==' || c.operator === '==='
              ? `Compare \`${c.left.text}\` with the value you meant; to test for NaN use \`${python ? `math.isnan(${c.left.text})` : `Number.isNaN(${c.left.text})`}\`.`
              : `Compare \`${c.left.text}\` with the value you meant: as written the result never changes.`,
        });
      },
    };
  },
});

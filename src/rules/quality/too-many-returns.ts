import { defineRule } from '../../engine/rule.js';

export default defineRule({
  id: 'too-many-returns',
  dimension: 'quality',
  meta: {
    description: 'Function has more return statements than allowed.',
    why: 'Many exits make it hard to see what a function returns and to add work that must happen before every return (pylint too-many-return-statements).',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { tooMany: '`{name}` has {value} return statements (max {max}).' },
    optionSchema: { max: { type: 'number', minimum: 0 } },
  },
  defaultOptions: { max: 6 },
  create(ctx, { max }) {
    return {
      function(fn) {
        const value = fn.metrics.returns;
        if (value <= max) return;
        ctx.report({
          node: fn,
          useNameSpan: true,
          messageId: 'tooMany',
          data: { name: fn.qualifiedName, value, max },
          metric: { name: 'returns', value, threshold: max },
          // Never "one return at the end": the complexity rules advise early returns on the same function.
          suggestion: `Keep the guard clauses that return early, and move the rest of \`${fn.name}\` into a lookup table or helper functions so it has fewer exits.`,
        });
      },
    };
  },
});

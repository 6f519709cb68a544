import { defineRule } from '../../engine/rule.js';

export default defineRule({
  id: 'too-many-params',
  dimension: 'complexity',
  meta: {
    description: 'Function takes too many parameters.',
    why: 'Long parameter lists are easy to call wrongly (swapped arguments) and usually mean the function does too much.',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { tooMany: '`{name}` takes {value} parameters (max {max}).' },
  },
  defaultOptions: { max: 5 },
  create(ctx, { max }) {
    return {
      function(fn) {
        const value = fn.metrics.params;
        if (value <= max) return;
        const names = fn.params.filter((p) => !p.isRest).map((p) => p.name);
        const group = names.slice(-Math.max(2, value - max + 1));
        const container = ctx.file.language === 'python' ? 'a dataclass' : 'an options object';
        ctx.report({
          node: fn,
          useNameSpan: true,
          messageId: 'tooMany',
          data: { name: fn.qualifiedName, value, max },
          metric: { name: 'params', value, threshold: max },
          suggestion: `Group ${group.map((n) => `\`${n}\``).join(', ')} into ${container} passed to \`${fn.name}\`, or split \`${fn.name}\` so each part needs fewer inputs.`,
        });
      },
    };
  },
});

import { defineRule } from '../../engine/rule.js';
import { extractSuggestion } from '../shared/split-suggestion.js';

export default defineRule({
  id: 'cyclomatic-complexity',
  dimension: 'complexity',
  meta: {
    description: 'Function has too many independent paths (McCabe cyclomatic complexity).',
    why: 'Every decision adds a path to understand and to test; past about 10, functions hide bugs and resist change.',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { tooComplex: '`{name}` has cyclomatic complexity {value} (max {max}).' },
    optionSchema: { max: { type: 'number', minimum: 0 } },
  },
  defaultOptions: { max: 10 },
  create(ctx, { max }) {
    return {
      function(fn) {
        const value = fn.metrics.cyclomatic;
        if (value <= max) return;
        ctx.report({
          node: fn,
          useNameSpan: true,
          messageId: 'tooComplex',
          data: { name: fn.qualifiedName, value, max },
          metric: { name: 'cyclomatic', value, threshold: max },
          suggestion: extractSuggestion(ctx.file, fn, 'its decisions'),
        });
      },
    };
  },
});

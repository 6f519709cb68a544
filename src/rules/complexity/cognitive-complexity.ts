import { defineRule } from '../../engine/rule.js';
import { flattenSuggestion, extractSuggestion } from '../shared/split-suggestion.js';

export default defineRule({
  id: 'cognitive-complexity',
  dimension: 'complexity',
  meta: {
    description: 'Function is hard to follow (SonarSource cognitive complexity).',
    why: 'Nested and interleaved control flow is what makes code hard to read; cognitive complexity weighs nesting, unlike cyclomatic.',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { tooComplex: '`{name}` has cognitive complexity {value} (max {max}).' },
    optionSchema: { max: { type: 'number', minimum: 0 } },
  },
  defaultOptions: { max: 15 },
  create(ctx, { max }) {
    return {
      function(fn) {
        const value = fn.metrics.cognitive;
        if (value <= max) return;
        ctx.report({
          node: fn,
          useNameSpan: true,
          messageId: 'tooComplex',
          data: { name: fn.qualifiedName, value, max },
          metric: { name: 'cognitive', value, threshold: max },
          suggestion: fn.metrics.maxNesting >= 3 ? flattenSuggestion(ctx.file, fn) : extractSuggestion(ctx.file, fn, 'its logic'),
        });
      },
    };
  },
});

import { defineRule } from '../../engine/rule.js';
import { extractSuggestion } from '../shared/split-suggestion.js';

export default defineRule({
  id: 'long-function',
  dimension: 'complexity',
  meta: {
    description: 'Function has too many lines of code.',
    why: 'Long functions do several things at once; they are harder to name, test and reuse.',
    severity: 'warning',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { tooLong: '`{name}` has {value} lines of code (max {max}).' },
    optionSchema: { max: { type: 'number', minimum: 0 } },
  },
  defaultOptions: { max: 60 },
  create(ctx, { max }) {
    return {
      function(fn) {
        const value = fn.metrics.sloc;
        if (value <= max) return;
        ctx.report({
          node: fn,
          useNameSpan: true,
          messageId: 'tooLong',
          data: { name: fn.qualifiedName, value, max },
          metric: { name: 'sloc', value, threshold: max },
          suggestion: extractSuggestion(ctx.file, fn, 'the work'),
        });
      },
    };
  },
});

import { defineRule } from '../../engine/rule.js';
import { flattenSuggestion } from '../shared/split-suggestion.js';

export default defineRule({
  id: 'deep-nesting',
  dimension: 'complexity',
  meta: {
    description: 'Control structures are nested too deeply.',
    why: 'Each level of nesting is one more condition the reader must hold in mind to understand a line.',
    severity: 'warning',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { tooDeep: '`{name}` nests control structures {value} levels deep (max {max}).' },
    optionSchema: { max: { type: 'number', minimum: 0 } },
  },
  defaultOptions: { max: 4 },
  create(ctx, { max }) {
    return {
      function(fn) {
        const value = fn.metrics.maxNesting;
        if (value <= max) return;
        ctx.report({
          node: fn,
          useNameSpan: true,
          messageId: 'tooDeep',
          data: { name: fn.qualifiedName, value, max },
          metric: { name: 'maxNesting', value, threshold: max },
          suggestion: flattenSuggestion(ctx.file, fn),
        });
      },
    };
  },
});

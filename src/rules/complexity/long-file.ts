import { defineRule } from '../../engine/rule.js';
import { firstCodeLine, sizeOf } from '../shared/split-suggestion.js';

export default defineRule({
  id: 'long-file',
  dimension: 'complexity',
  meta: {
    description: 'File has too many lines of code.',
    why: 'Large modules mix responsibilities, attract merge conflicts and are slow to navigate.',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { tooLong: '{path} has {value} lines of code (max {max}).' },
    optionSchema: { max: { type: 'number', minimum: 0 } },
  },
  defaultOptions: { max: 750 },
  create(ctx, { max }) {
    return {
      file(file) {
        const value = file.metrics.sloc;
        if (value <= max) return;
        const units = [
          ...file.classes.map((c) => ({ name: c.name, size: sizeOf(c.span) })),
          ...file.functions
            .filter((f) => f.parentClass === null && f.parentFunction === null)
            .map((f) => ({ name: f.name, size: sizeOf(f.span) })),
        ]
          .sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : 1))
          .slice(0, 3);
        const suggestion = units.length
          ? `Move the largest parts into their own modules: ${units.map((u) => `\`${u.name}\` (${u.size} lines)`).join(', ')}.`
          : 'Split the file into modules by responsibility.';
        ctx.report({
          node: firstCodeLine(file),
          messageId: 'tooLong',
          data: { path: file.path, value, max },
          metric: { name: 'sloc', value, threshold: max },
          suggestion,
        });
      },
    };
  },
});

import { defineRule } from '../../engine/rule.js';
import { firstCodeLine } from '../shared/split-suggestion.js';

export default defineRule({
  id: 'low-maintainability',
  dimension: 'complexity',
  meta: {
    description: "File has a low maintainability index (radon's MI formula).",
    why: 'MI combines size (Halstead volume, lines) and complexity; below 20 (radon rank C) a module is costly to change.',
    severity: 'warning',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { low: '{path} has maintainability index {value} (min {min}).' },
    optionSchema: { min: { type: 'number', minimum: 0 } },
  },
  defaultOptions: { min: 20 },
  create(ctx, { min }) {
    return {
      file(file) {
        const value = Math.round(file.metrics.maintainabilityIndex * 10) / 10;
        if (value >= min) return;
        const worst = [...file.functions].sort((a, b) => b.metrics.cyclomatic - a.metrics.cyclomatic || a.span.line - b.span.line)[0];
        ctx.report({
          node: firstCodeLine(file),
          messageId: 'low',
          data: { path: file.path, value, min },
          metric: { name: 'maintainabilityIndex', value, threshold: min, lowerIsWorse: true },
          suggestion: worst
            ? `Start with \`${worst.qualifiedName}\` (line ${worst.span.line}, cyclomatic ${worst.metrics.cyclomatic}): simplify or split it, then split the file by responsibility.`
            : 'Split the file by responsibility and remove duplicated code.',
        });
      },
    };
  },
});

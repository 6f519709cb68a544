import { defineRule } from '../../engine/rule.js';
import { isTestPath } from '../shared/paths.js';

export default defineRule({
  id: 'short-identifier',
  dimension: 'readability',
  meta: {
    description: 'One-letter variable or parameter name outside loops, lambdas, comprehensions, catch clauses and tiny functions.',
    why: 'A one-letter name carries no meaning: the reader has to find its assignment to know what it holds, and it cannot be searched for.',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { short: '{kind} `{name}` in `{scope}` has a one-letter name.' },
    optionSchema: { allowed: { type: 'array', items: { type: 'string' } }, minFunctionLines: { type: 'integer', minimum: 0 } },
  },
  defaultOptions: { allowed: ['i', 'j', 'k', 'n', 'm', 'x', 'y', 'z', 'e', '_', '$'], minFunctionLines: 6 },
  create(ctx, { allowed, minFunctionLines }) {
    const { file } = ctx;
    if (isTestPath(file.path)) return {};
    return {
      binding(b) {
        if (b.name.length !== 1 || allowed.includes(b.name) || b.inClassBody || b.scope === null) return;
        if (!['variable', 'constant', 'param'].includes(b.kind)) return;
        const fn = file.functions[b.scope];
        if (!fn || fn.kind === 'lambda' || fn.kind === 'arrow' || fn.name === '<anonymous>') return;
        if (fn.metrics.loc < minFunctionLines) return;
        // Type variables and math-style upper-case names (`T`, `N`) are conventions.
        if (/[A-Z]/.test(b.name) && b.kind !== 'param') return;
        ctx.report({
          node: b,
          messageId: 'short',
          data: { kind: b.kind === 'param' ? 'Parameter' : 'Variable', name: b.name, scope: fn.qualifiedName },
          suggestion: `Rename \`${b.name}\` in \`${fn.name}\` to a word that says what it holds.`,
        });
      },
    };
  },
});

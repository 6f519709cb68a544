import { defineRule } from '../../engine/rule.js';

export default defineRule({
  id: 'too-many-params',
  dimension: 'complexity',
  meta: {
    description: 'Function takes too many parameters (in Python, parameters without a default).',
    why: 'Long parameter lists are easy to call wrongly (swapped arguments) and usually mean the function does too much. Python parameters with a default are options that callers name (`prompt(text, hide_input=True)`), so only the required ones count there.',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: {
      tooMany: '`{name}` takes {value} parameters (max {max}).',
      tooManyRequired: '`{name}` takes {value} parameters without a default (max {max}).',
    },
    optionSchema: { max: { type: 'number', minimum: 0 } },
  },
  defaultOptions: { max: 5 },
  create(ctx, { max }) {
    return {
      function(fn) {
        // Anonymous callbacks (`s.replace(re, (m, g1, g2, …) => …)`) take what their caller passes: the signature is imposed.
        if (fn.name === '<anonymous>' || fn.kind === 'lambda') return;
        // Measured on real code (bench/precision): Python findings on option-heavy signatures
        // (`def prompt(text, default=None, hide_input=False, …)`) were noise, many required ones were not.
        const python = ctx.file.language === 'python';
        const counted = python
          ? fn.params.filter((p, i) => !p.isRest && !p.hasDefault && !(i === 0 && fn.kind === 'method' && /^(self|cls)$/.test(p.name)))
          : null;
        const value = counted ? counted.length : fn.metrics.params;
        if (value <= max) return;
        const names = (counted ?? fn.params.filter((p) => !p.isRest)).map((p) => p.name);
        const group = names.slice(-Math.max(2, value - max + 1));
        const container = ctx.file.language === 'python' ? 'a dataclass' : 'an options object';
        ctx.report({
          node: fn,
          useNameSpan: true,
          messageId: python ? 'tooManyRequired' : 'tooMany',
          data: { name: fn.qualifiedName, value, max },
          metric: { name: 'params', value, threshold: max },
          suggestion: `Group ${group.map((n) => `\`${n}\``).join(', ')} into ${container} passed to \`${fn.name}\`, or split \`${fn.name}\` so each part needs fewer inputs.`,
        });
      },
    };
  },
});

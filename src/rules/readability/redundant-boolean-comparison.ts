import { defineRule } from '../../engine/rule.js';
import type { Expression } from '../../model/types.js';
import { short, sourceOf } from '../shared/model-query.js';

const isBool = (e: Expression): boolean => e.kind === 'boolean' || /^(True|False|true|false)$/.test(e.text);

export default defineRule({
  id: 'redundant-boolean-comparison',
  dimension: 'readability',
  meta: {
    description: 'Comparison with a boolean literal using `==`/`!=` (`if done == True:`, `if (ok == false)`).',
    why: 'Comparing to True/False with `==` adds noise and, in JS, coerces types (`"1" == true`); testing the value itself (`if done`, `if not done`) says the same (pycodestyle E712, pylint singleton-comparison).',
    severity: 'info',
    languages: ['python', 'javascript', 'typescript'],
    messages: { redundant: 'Comparison `{text}` with a boolean literal.' },
    fix: 'unsafe',
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    return {
      comparison(c) {
        // `=== true` in JS and `is True` in Python are deliberate strict checks; only loose equality is redundant.
        if (c.operator !== '==' && c.operator !== '!=') return;
        const [lit, other] = isBool(c.right) ? [c.right, c.left] : isBool(c.left) ? [c.left, c.right] : [null, null];
        if (!lit || !other || isBool(other)) return;
        const truthy = /^(True|true)$/.test(lit.text) === (c.operator === '==');
        const subject = other.text;
        const positive = python ? `if ${subject}:` : `if (${subject})`;
        const negative = python ? `if not ${subject}:` : `if (!${subject})`;
        // `x == True` → `x`, `x == False` → `not x` / `!x` (unsafe: the value is no longer a boolean, `2 == True` is false).
        const exact = sourceOf(ctx.file, other.span);
        const simple = /^[\w$.]+(\(.*\))?$/s.test(exact);
        const fixText = truthy ? exact : python ? `not ${exact}` : simple ? `!${exact}` : `!(${exact})`;
        ctx.report({
          fix: { span: c.span, text: fixText },
          node: c,
          messageId: 'redundant',
          data: { text: short(`${c.left.text} ${c.operator} ${c.right.text}`, 80) },
          suggestion: `Test the value directly: \`${truthy ? positive : negative}\`${python ? ` (or \`${subject} is ${truthy ? 'True' : 'False'}\` if it may hold other values)` : ` (or \`${subject} === ${truthy ? 'true' : 'false'}\` if it may hold other values)`}.`,
        });
      },
    };
  },
});

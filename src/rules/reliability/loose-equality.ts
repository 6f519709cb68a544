import { defineRule } from '../../engine/rule.js';
import { replaceOperatorFix, short } from '../shared/model-query.js';

const LITERALS = new Set(['string', 'number', 'boolean', 'null', 'undefined', 'regex']);

export default defineRule({
  id: 'loose-equality',
  dimension: 'reliability',
  meta: {
    description: '`==` / `!=` instead of `===` / `!==`.',
    why: '`==` converts its operands before comparing (`"" == 0`, `"0" == false`, `[1] == 1` are all true), which hides type mistakes; `===` compares without coercion.',
    severity: 'warning',
    languages: ['javascript', 'typescript'],
    messages: { loose: '`{text}` uses `{op}`, which coerces types; use `{strict}`.' },
    fix: 'unsafe',
  },
  /** allowNull: `x == null` / `x == undefined` (null or undefined) is an accepted idiom. */
  defaultOptions: { allowNull: true },
  create(ctx, { allowNull }) {
    return {
      comparison(c) {
        if (c.operator !== '==' && c.operator !== '!=') return;
        // `x == null` / `x == undefined`: the idiom for "null or undefined".
        const nullish = (k: string): boolean => k === 'null' || k === 'undefined';
        if (allowNull && (nullish(c.left.kind) || nullish(c.right.kind))) return;
        // As ESLint's `smart` mode: `typeof x == 'string'` and two literals cannot coerce surprisingly.
        if (/^typeof\b/.test(c.left.text) || /^typeof\b/.test(c.right.text)) return;
        if (LITERALS.has(c.left.kind) && LITERALS.has(c.right.kind)) return;
        const strict = c.operator === '==' ? '===' : '!==';
        const text = `${short(c.left.text, 30)} ${c.operator} ${short(c.right.text, 30)}`;
        const fix = replaceOperatorFix(ctx.file, c.left.span, c.right.span, c.operator === '==' ? /==/ : /!=/, strict);
        ctx.report({
          node: c,
          messageId: 'loose',
          data: { text, op: c.operator, strict },
          suggestion: `Write \`${short(c.left.text, 30)} ${strict} ${short(c.right.text, 30)}\`${c.left.kind === 'null' || c.right.kind === 'null' ? '' : ', converting one side explicitly first if the types really differ (e.g. `Number(x)`)'}.`,
          ...(fix ? { fix } : {}),
        });
      },
    };
  },
});

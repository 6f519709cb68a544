import type { Expression } from '../../model/types.js';
import { defineRule } from '../../engine/rule.js';
import { asyncFunctionNames, short } from '../shared/model-query.js';

/** `foo(…)`, `this.foo(…)`, `self.foo(…)`, optionally negated, as the whole expression. */
const CALL_EXPR = /^(?:!|not\s+)?\(?\s*(?:(?:this|self|cls)\s*\.\s*)?([A-Za-z_$][\w$]*)\s*\(/;

export default defineRule({
  id: 'missing-await',
  dimension: 'reliability',
  meta: {
    description: 'The result of a same-file `async` function is tested or compared without `await`.',
    why: 'A promise / coroutine object is always truthy and never equal to a plain value, so `if (isReady())` on an async `isReady` is always true and the comparison always false.',
    severity: 'error',
    languages: ['python', 'javascript', 'typescript'],
    messages: {
      condition: 'The condition `{text}` tests the {what} returned by async `{name}`, which is always truthy.',
      comparison: '`{text}` compares the {what} returned by async `{name}`, not its result.',
    },
  },
  defaultOptions: {},
  create(ctx) {
    const asyncNames = asyncFunctionNames(ctx.file);
    const what = ctx.file.language === 'python' ? 'coroutine' : 'promise';
    const calledAsync = (text: string | undefined): string | null => {
      const m = CALL_EXPR.exec((text ?? '').trim());
      const name = m?.[1];
      if (!name || !asyncNames.has(name)) return null;
      // The whole expression must be that one call (ignoring a trailing `)` from the negation).
      return name;
    };
    const whole = (e: Expression): boolean => e.kind === 'call' || (e.kind === 'unary' && /^(!|not\s)/.test(e.text));
    return {
      branch(b) {
        if (!['if', 'elif', 'ternary'].includes(b.kind) || !b.condition) return;
        const cond = b.condition.trim().replace(/^\((.*)\)$/s, '$1');
        if (!/\)\s*$/.test(cond) || /&&|\|\||\band\b|\bor\b|[=<>]/.test(cond)) return;
        const name = calledAsync(cond);
        if (!name) return;
        // The condition itself when it is written on the branch's first line, else that line.
        const first = ctx.file.lines[b.span.line - 1] ?? '';
        const at = first.indexOf(cond, b.span.column - 1);
        ctx.report({
          node:
            at >= 0
              ? { line: b.span.line, column: at + 1, endLine: b.span.line, endColumn: at + 1 + cond.length }
              : b.span.line === b.span.endLine
                ? b
                : { line: b.span.line, column: b.span.column, endLine: b.span.line, endColumn: first.length + 1 },
          messageId: 'condition',
          data: { text: short(cond), name, what },
          suggestion: `Write \`await ${name}(…)\` in the condition at line ${b.span.line} so it tests the resolved value (the enclosing function must be \`async\`).`,
        });
      },
      comparison(c) {
        if (!['==', '===', '!=', '!==', 'is', 'is not', '<', '>', '<=', '>='].includes(c.operator)) return;
        for (const side of [c.left, c.right]) {
          if (!whole(side)) continue;
          const name = calledAsync(side.text);
          if (!name) continue;
          ctx.report({
            node: c,
            messageId: 'comparison',
            data: { text: short(`${c.left.text} ${c.operator} ${c.right.text}`), name, what },
            suggestion: `Write \`(await ${short(side.text, 40)})\` in the comparison so it compares the resolved value.`,
          });
          return;
        }
      },
    };
  },
});

// A plugin written in TypeScript against the published API (`toasty/plugin` → src/plugins/api.ts):
// `npm run typecheck` checks that the API is enough to write a fully typed rule.
import { definePlugin, defineRule, type FunctionNode } from '../../src/plugins/api.js';

const asyncWithoutAwaitName = defineRule({
  id: 'typed/async-name-suffix',
  dimension: 'readability',
  meta: {
    description: 'Async functions are named with an `Async` suffix.',
    why: 'A team convention, enforced by a plugin.',
    severity: 'info',
    languages: ['javascript', 'typescript', 'python'],
    messages: { suffix: '`{name}` is async but its name does not end with `{suffix}`' },
  },
  defaultOptions: { suffix: 'Async' },
  create(ctx, { suffix }) {
    return {
      function(fn: FunctionNode) {
        if (fn.isAsync && !fn.name.endsWith(suffix) && !fn.name.startsWith('<')) {
          ctx.report({
            node: fn,
            useNameSpan: true,
            messageId: 'suffix',
            data: { name: fn.name, suffix },
            suggestion: `Rename it \`${fn.name}${suffix}\`.`,
          });
        }
      },
    };
  },
});

export default definePlugin({ name: 'typed', rules: [asyncWithoutAwaitName] });

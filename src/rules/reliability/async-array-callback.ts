import { defineRule } from '../../engine/rule.js';

const METHODS: Record<string, string> = {
  forEach: 'for (const x of arr) await …',
  filter: 'filter on awaited values: const keep = await Promise.all(arr.map(pred)); arr.filter((_, i) => keep[i])',
  some: 'a for…of loop with await',
  every: 'a for…of loop with await',
  find: 'a for…of loop with await',
  findIndex: 'a for…of loop with await',
  reduce: 'a for…of loop with await (or `await acc` at the start of the callback)',
  sort: 'precomputed keys: await Promise.all(arr.map(key)) then sort',
};

export default defineRule({
  id: 'async-array-callback',
  dimension: 'reliability',
  meta: {
    description:
      'An `async` callback is passed to `forEach`/`filter`/`some`/`every`/`find`/`reduce`/`sort`, which ignore the returned promise.',
    why: '`arr.forEach(async x => …)` does not wait: the loop returns at once, errors become unhandled rejections, and `filter`/`some`/`find` treat every promise as truthy.',
    severity: 'error',
    languages: ['javascript', 'typescript'],
    messages: { asyncCallback: '`{callee}` gets an async callback; it ignores the promise it returns.' },
  },
  defaultOptions: {},
  create(ctx) {
    return {
      call(call) {
        const alternative = Object.hasOwn(METHODS, call.name) ? METHODS[call.name] : undefined;
        // `await x.filter(async …)` awaits the result: a custom promise-aware API, not Array.prototype.
        if (!alternative || call.argCount < 1 || call.awaited) return;
        const first = call.argExprs?.[0]?.text ?? call.args[0] ?? '';
        if (!/^async\b/.test(first.trim())) return;
        const callee = call.callee || `.${call.name}`;
        // The array as the code names it (`xs` in `xs.forEach(…)`); `arr` when it is not a short plain expression.
        const named = callee.endsWith(`.${call.name}`) ? callee.slice(0, -call.name.length - 1) : '';
        const arr = /^[\w$.]{1,30}$/.test(named) ? named : 'arr';
        ctx.report({
          node: call,
          messageId: 'asyncCallback',
          data: { callee },
          suggestion:
            call.name === 'forEach'
              ? `Use \`for (const x of ${arr}) { await … }\` to run in sequence, or \`await Promise.all(${arr}.map(async (x) => …))\` to run in parallel and still wait.`
              : `Resolve the promises first, then call \`${call.name}\` with a synchronous callback (${alternative.replace(/\barr\b/g, arr)}).`,
        });
      },
    };
  },
});

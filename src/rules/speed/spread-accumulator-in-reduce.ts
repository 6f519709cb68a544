import { defineRule } from '../../engine/rule.js';
import { argText } from '../shared/model-query.js';

/** `(acc, x) =>` / `function (acc, x)` / `async (acc) =>`: the accumulator parameter name. */
const PARAMS = /^(?:async\s+)?(?:function\s*\w*\s*)?\(\s*(?:\{[^}]*\}|\[[^\]]*\]|([A-Za-z_$][\w$]*))\s*(?::[^,)]+)?\s*(?:,|\))/;

export default defineRule({
  id: 'spread-accumulator-in-reduce',
  dimension: 'speed',
  meta: {
    description: '`reduce` copies its accumulator on every step (`[...acc, x]`, `{ ...acc, [k]: v }`, `acc.concat(x)`).',
    why: 'Spreading the accumulator copies everything collected so far, once per element: the reduce becomes O(n²) in time and garbage. Mutating the accumulator (or a plain loop) is O(n).',
    severity: 'warning',
    languages: ['javascript', 'typescript'],
    messages: { copy: 'The `reduce` callback copies the accumulator `{acc}` with `{how}` on every element (O(n²)).' },
  },
  defaultOptions: {},
  create(ctx) {
    return {
      call(call) {
        if (call.name !== 'reduce' && call.name !== 'reduceRight') return;
        const callback = argText(call, 0);
        const acc = PARAMS.exec(callback.trim())?.[1] ?? /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(callback.trim())?.[1] ?? null;
        if (!acc) return;
        const esc = acc.replace(/\$/g, '\\$');
        let how: string | null = null;
        let fix = '';
        if (new RegExp(`\\[\\s*\\.\\.\\.${esc}\\b`).test(callback)) {
          how = `[...${acc}, …]`;
          fix = `\`${acc}.push(…); return ${acc};\``;
        } else if (new RegExp(`\\{\\s*\\.\\.\\.${esc}\\b`).test(callback)) {
          how = `{ ...${acc}, … }`;
          fix = `\`${acc}[key] = value; return ${acc};\` (or build the object with \`Object.fromEntries(…)\`)`;
        } else if (new RegExp(`(^|[^\\w$.])${esc}\\.concat\\(`).test(callback)) {
          how = `${acc}.concat(…)`;
          fix = `\`${acc}.push(…); return ${acc};\` (or \`.flat()\` / \`.flatMap()\` on the source array)`;
        } else if (new RegExp(`Object\\.assign\\(\\s*\\{\\s*\\}\\s*,\\s*${esc}\\b`).test(callback)) {
          how = `Object.assign({}, ${acc}, …)`;
          fix = `\`Object.assign(${acc}, …)\` (mutating the accumulator, which \`reduce\` owns)`;
        }
        if (!how) return;
        ctx.report({
          node: call,
          messageId: 'copy',
          data: { acc, how },
          suggestion: `Mutate the accumulator instead of copying it: ${fix}; the initial value passed to \`${call.name}\` is a fresh object, so mutating it is safe.`,
        });
      },
    };
  },
});

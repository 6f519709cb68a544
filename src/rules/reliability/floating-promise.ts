import { defineRule } from '../../engine/rule.js';
import { asyncFunctionNames, isLocalCallee } from '../shared/model-query.js';

export default defineRule({
  id: 'floating-promise',
  dimension: 'reliability',
  meta: {
    description: 'A function declared `async` in this file is called and its promise/coroutine is dropped.',
    why: 'A dropped promise runs unobserved: its rejection becomes an unhandled rejection (or is lost), and the caller goes on before the work is done. In Python the coroutine never even runs ("coroutine was never awaited").',
    severity: 'error',
    languages: ['python', 'javascript', 'typescript'],
    messages: {
      floating: '`{callee}(…)` returns a {what} that is neither awaited nor handled.',
    },
  },
  defaultOptions: {},
  create(ctx) {
    const asyncNames = asyncFunctionNames(ctx.file);
    const python = ctx.file.language === 'python';
    return {
      call(call) {
        if (!asyncNames.has(call.name) || !isLocalCallee(call)) return;
        if (call.awaited || call.isNew) return;
        if (call.resultUsed ?? !call.isStatement) return;
        // The call of an async function named like a sync one in another class is ambiguous: only plain statements count.
        if (!call.isStatement) return;
        const enclosing = call.function === null ? null : ctx.file.functions[call.function];
        const inAsync = enclosing?.isAsync ?? false;
        const what = python ? 'coroutine' : 'promise';
        const suggestion = python
          ? inAsync
            ? `Write \`await ${call.callee}(…)\`, or keep a reference with \`asyncio.create_task(${call.callee}(…))\` if it should run in the background.`
            : `Run it with \`asyncio.run(${call.callee}(…))\` (or schedule it with \`asyncio.create_task\` from async code); calling \`${call.name}\` alone never runs its body.`
          : inAsync
            ? `Write \`await ${call.callee}(…)\`; if it should run in the background, attach a handler: \`${call.callee}(…).catch(handleError)\` (or prefix \`void\` to mark it intentional).`
            : `Attach a rejection handler: \`${call.callee}(…).catch(handleError)\`, or make the caller \`async\` and \`await\` it.`;
        ctx.report({ node: call, messageId: 'floating', data: { callee: call.callee, what }, suggestion });
      },
    };
  },
});

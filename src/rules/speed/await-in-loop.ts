import type { LoopNode } from '../../model/types.js';
import { defineRule } from '../../engine/rule.js';
import { contains, mentions, short } from '../shared/model-query.js';

const WRITES =
  /^(write|log|report|emit|send|save|put|post|patch|delete|update|insert|remove|unlink|rm|print|render|run|exec|execute|install|build|publish|notify|enqueue|sleep|wait|close|flush|commit|set)/i;

export default defineRule({
  id: 'await-in-loop',
  dimension: 'speed',
  meta: {
    description: 'Independent asynchronous calls are awaited one by one in a loop over a collection.',
    why: 'Awaiting inside the loop runs the operations in sequence: total time is the sum of all latencies. When iterations do not depend on each other, starting them all and awaiting together takes about as long as the slowest one.',
    severity: 'info',
    languages: ['python', 'javascript', 'typescript'],
    messages: { sequential: '`await {call}` runs once per item of `{iterable}`, one after the other.' },
  },
  defaultOptions: {},
  create(ctx) {
    const file = ctx.file;
    const python = file.language === 'python';
    const reported = new Set<LoopNode>();
    return {
      call(call) {
        if (!call.awaited || call.loopDepth === 0) return;
        // Only results that are collected (`out.push(await load(id))`, `const page = await get(url)`): awaited side effects
        // (writes, logs, reports, events) usually must stay in order.
        if (call.isStatement || WRITES.test(call.name)) return;
        const loop = file.loops
          .filter(
            (l) => l.function === call.function && contains(l.span, call.span) && (l.bodySpan ? contains(l.bodySpan, call.span) : true),
          )
          .sort((a, b) => b.depth - a.depth)[0];
        if (!loop || reported.has(loop) || loop.isAsync) return;
        // Only loops over a collection: `while` loops (polling, retries, pagination) are sequential by nature.
        if (!['for-of', 'for-in', 'for'].includes(loop.kind) || (!python && loop.kind === 'for')) return;
        if (/^[([]/.test(loop.iterable.trim())) return; // a literal tuple/array: a fixed handful of steps
        // Per-item work: the call uses the loop variable.
        if (!loop.targets.some((t) => call.args.some((a) => mentions(a, t)) || mentions(call.callee, t))) return;
        const body = loop.bodySpan ?? loop.span;
        // Several awaits in the body: usually a sequence of dependent steps (counted here: LoopNode.awaits is not reliable across front-ends).
        const awaitsInBody = file.calls.filter((c) => c.awaited && c.function === call.function && contains(body, c.span)).length;
        if (awaitsInBody > 1) return;
        // Early exits or dependencies between iterations (an accumulator updated from the result) need the sequence.
        const jumps = file.jumps.some(
          (j) =>
            j.function === call.function &&
            contains(body, j.span) &&
            (j.kind === 'break' || j.kind === 'return' || j.kind === 'raise' || j.kind === 'throw'),
        );
        if (jumps) return;
        // A variable carried from one iteration to the next (augmented, or assigned before the loop and reassigned in it).
        const assignments = file.assignments.filter((a) => a.function === call.function);
        const carried = assignments.some(
          (a) =>
            contains(body, a.span) &&
            a.declaration === null &&
            (a.operator !== '=' || a.targets.some((t) => assignments.some((b) => b.span.line < loop.span.line && b.targets.includes(t)))),
        );
        if (carried) return;
        const inTry = file.branches.some((b) => b.function === call.function && b.kind === 'try' && contains(body, b.span));
        if (inTry) return; // per-item error handling: sequential on purpose more often than not
        reported.add(loop);
        const item = loop.targets[0] ?? 'item';
        const text = short(`${call.callee || call.name}(${call.args.join(', ')})`, 50);
        ctx.report({
          node: call,
          messageId: 'sequential',
          data: { call: text, iterable: short(loop.iterable, 40) },
          suggestion: python
            ? `If the iterations are independent, run them together: \`await asyncio.gather(*(${text} for ${item} in ${short(loop.iterable, 30)}))\` (bound the concurrency with a Semaphore for large inputs).`
            : `If the iterations are independent, run them together: \`await Promise.all(${short(loop.iterable, 30)}.map(async (${item}) => ${text}))\` (limit concurrency for large inputs).`,
        });
      },
    };
  },
});

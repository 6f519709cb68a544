import { defineRule } from '../../engine/rule.js';
import { argText, contains, isNamePath, loopsRunning, mentions, rootName, short } from '../shared/model-query.js';

export default defineRule({
  id: 'sort-in-loop',
  dimension: 'speed',
  meta: {
    description: 'The same collection is sorted again on every iteration of a loop.',
    why: 'Sorting costs O(n log n); re-sorting a collection that does not depend on the loop, or that grows by one item per iteration, multiplies that by the number of iterations. Sort once after the loop, or keep it sorted with `bisect.insort` / a heap.',
    severity: 'info',
    languages: ['python', 'javascript', 'typescript'],
    messages: { sort: '`{call}` sorts `{name}` on every iteration of the loop at line {line}.' },
  },
  defaultOptions: {},
  create(ctx) {
    const file = ctx.file;
    const python = file.language === 'python';
    return {
      call(call) {
        if (call.loopDepth === 0) return;
        let subject: string;
        if (python && call.callee === 'sorted') subject = argText(call, 0).trim();
        else if (call.name === 'sort' && call.callee.endsWith('.sort')) subject = call.receiver?.text ?? call.callee.slice(0, -5);
        else return;
        if (!isNamePath(subject)) return;
        const loops = loopsRunning(file, call.span, call.function).filter((l) => l.kind !== 'comprehension');
        const loop = loops[loops.length - 1];
        if (!loop) return;
        const root = rootName(subject);
        if (root === 'self' || root === 'this' ? false : loops.some((l) => l.targets.includes(root))) return;
        const body = loop.bodySpan ?? loop.span;
        // Rebound inside the loop (a fresh list per iteration): sorting it is per-item work.
        const rebound = file.assignments.some(
          (a) =>
            a.function === call.function &&
            contains(body, a.span) &&
            a.targets.some((t) => t === subject || t === root) &&
            a.operator === '=',
        );
        if (rebound || file.bindings.some((b) => b.scope === call.function && b.name === root && b.kind === 'loop-variable')) return;
        if (loop.targets.some((t) => mentions(subject, t))) return;
        // Loops that end right after sorting (`break`/`return`) sort once.
        const exits = file.jumps.some(
          (j) =>
            j.function === call.function &&
            contains(body, j.span) &&
            (j.kind === 'break' || j.kind === 'return') &&
            j.span.line >= call.span.line,
        );
        if (exits) return;
        const grows = file.calls.some(
          (c) =>
            c.function === call.function &&
            contains(body, c.span) &&
            (c.callee === `${subject}.append` || c.callee === `${subject}.push` || c.callee === `${subject}.add`),
        );
        ctx.report({
          node: call,
          messageId: 'sort',
          data: {
            call: short(python && call.callee === 'sorted' ? `sorted(${subject})` : `${subject}.sort()`, 50),
            name: subject,
            line: loop.span.line,
          },
          suggestion: grows
            ? python
              ? `Sort \`${subject}\` once after the loop (line ${loop.span.endLine}), or keep it ordered while adding with \`bisect.insort(${subject}, item)\` / \`heapq.heappush\`.`
              : `Sort \`${subject}\` once after the loop (line ${loop.span.endLine}), or insert each item at its sorted position (binary search) instead of re-sorting.`
            : `\`${subject}\` does not change in the loop: sort it once before line ${loop.span.line} and reuse the result.`,
        });
      },
    };
  },
});

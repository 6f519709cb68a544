import { defineRule } from '../../engine/rule.js';
import { contains } from '../shared/model-query.js';

export default defineRule({
  id: 'jump-in-finally',
  dimension: 'reliability',
  meta: {
    description: '`return` / `break` / `continue` inside `finally` discards the exception (or return value) in flight.',
    why: 'Leaving a `finally` block with a jump silently cancels whatever was propagating: an exception raised in `try` disappears, and a value returned by `try` is replaced.',
    severity: 'error',
    languages: ['python', 'javascript', 'typescript'],
    messages: { jump: '`{kind}` in `finally` (line {line}) swallows any exception raised in the `try` block.' },
  },
  defaultOptions: {},
  create(ctx) {
    const finallies = ctx.file.blocks.filter((b) => b.kind === 'finally');
    return {
      jump(j) {
        if (!j.inFinally || (j.kind !== 'return' && j.kind !== 'break' && j.kind !== 'continue')) return;
        // Innermost finally block holding the jump (of the same function).
        const fin = finallies
          .filter((b) => b.function === j.function && contains(b.span, j.span))
          .sort((a, b) => b.span.line - a.span.line)[0];
        if (fin && j.kind !== 'return') {
          // `break`/`continue` of a loop that itself lives inside the finally block is harmless.
          const ownLoop = ctx.file.loops.some((l) => l.function === j.function && contains(fin.span, l.span) && contains(l.span, j.span));
          if (ownLoop) return;
        }
        ctx.report({
          node: j,
          messageId: 'jump',
          data: { kind: j.kind, line: fin?.span.line ?? j.span.line },
          suggestion:
            j.kind === 'return'
              ? `Move the \`return\` at line ${j.span.line} after the \`try\`/\`finally\` statement; keep only cleanup in \`finally\`.`
              : `Move the \`${j.kind}\` at line ${j.span.line} out of the \`finally\` block (set a flag in \`finally\` and \`${j.kind}\` after the \`try\` statement).`,
        });
      },
    };
  },
});

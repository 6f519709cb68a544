import { defineRule } from '../../engine/rule.js';
import { contains } from '../shared/model-query.js';

const FALLS_THROUGH = /falls?\s?through/i;

export default defineRule({
  id: 'switch-fallthrough',
  dimension: 'reliability',
  meta: {
    description: 'A non-empty `case` falls through into the next one without `break`.',
    why: 'A missing `break` runs the next case too; it is a classic source of bugs, and when intended a `// falls through` comment tells the reader.',
    severity: 'warning',
    languages: ['javascript', 'typescript'],
    messages: { fallthrough: 'The `case` at line {line} falls through into the next case.' },
  },
  defaultOptions: {},
  create(ctx) {
    return {
      block(b) {
        if (b.kind !== 'case' || !b.fallsThrough) return;
        // A `// falls through` comment anywhere from this case to the next `case` marks it intended (ESLint: the last comment before it).
        const cases = ctx.file.blocks.filter((c) => c.kind === 'case' && c.function === b.function && c.span.line > b.span.endLine);
        const next = cases.length ? Math.min(...cases.map((c) => c.span.line)) : b.span.endLine + 2;
        const intended = ctx.file.comments.some((c) => c.span.line >= b.span.line && c.span.line < next && FALLS_THROUGH.test(c.text));
        if (intended) return;
        // A case ending in `while (true) { … }` (or `for (;;)`) never reaches the next case.
        const endless = ctx.file.loops.some(
          (l) =>
            l.function === b.function &&
            contains(b.span, l.span) &&
            (l.iterable.trim() === 'true' || (l.kind === 'for' && l.iterable.trim() === '')) &&
            ctx.file.lines.slice(l.span.endLine, b.span.endLine).every((t) => /^[\s}]*$/.test(t)) &&
            /^[\s}]*$/.test((ctx.file.lines[l.span.endLine - 1] ?? '').slice(l.span.endColumn - 1)),
        );
        if (endless) return;
        const head = ctx.file.lines[b.span.line - 1] ?? '';
        ctx.report({
          node: { line: b.span.line, column: b.span.column, endLine: b.span.line, endColumn: head.length + 1 },
          messageId: 'fallthrough',
          data: { line: b.span.line },
          suggestion: `End the case at line ${b.span.line} with \`break\` (or \`return\`) before line ${b.span.endLine + 1}; if falling through is intended, add a \`// falls through\` comment there.`,
        });
      },
    };
  },
});

import { defineRule } from '../../engine/rule.js';

export default defineRule({
  id: 'empty-catch',
  dimension: 'reliability',
  meta: {
    description: 'An empty `catch` block silently discards the error.',
    why: 'An empty catch turns every failure of the `try` block, including bugs, into silence; when ignoring is intended a comment should say why.',
    severity: 'warning',
    languages: ['javascript', 'typescript'],
    messages: { empty: 'Empty `catch{binding}` discards the error without a comment.' },
  },
  defaultOptions: {},
  create(ctx) {
    return {
      handler(h) {
        if (h.statements > 0 || h.comments > 0) return;
        ctx.report({
          node: { line: h.span.line, column: h.span.column, endLine: h.span.line, endColumn: h.span.column + 5 },
          messageId: 'empty',
          data: { binding: h.binding ? ` (${h.binding})` : '' },
          suggestion: `Handle or log the error in the \`catch\` at line ${h.span.line} (e.g. \`console.warn(${h.binding ?? 'err'})\`), rethrow what you cannot handle, or add a comment saying why it is safe to ignore.`,
        });
      },
    };
  },
});

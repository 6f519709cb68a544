import { defineRule } from '../../engine/rule.js';
import { isToolDirective } from '../shared/model-query.js';

export default defineRule({
  id: 'empty-catch',
  dimension: 'reliability',
  meta: {
    description: 'An empty `catch (err) {}` silently discards the error it names.',
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
        // `catch {}` (no binding) and `catch (_err) {}` say the error is ignored on purpose.
        if (!h.binding || h.binding.startsWith('_')) return;
        // A comment on the line just before `catch` that explains it (`// an error is thrown when the length is wrong`).
        const explained = ctx.file.comments.some(
          (c) =>
            c.span.endLine >= h.span.line - 1 &&
            c.span.line <= h.span.endLine &&
            !isToolDirective(c.text) &&
            /ignor|expect|fine|okay|\bok\b|safe|noop|throw|error|fail|fallback|optional|best.effort/i.test(c.text),
        );
        if (explained) return;
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

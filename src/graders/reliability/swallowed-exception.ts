import { defineRule } from '../../engine/rule.js';

const BROAD = new Set(['Exception', 'BaseException', 'builtins.Exception', 'builtins.BaseException']);

export default defineRule({
  id: 'swallowed-exception',
  dimension: 'reliability',
  meta: {
    description: '`except Exception: pass` (or bare `except: pass`) silently discards every error.',
    why: 'Swallowing every exception hides bugs: the program goes on with a half-done operation and nobody learns why the result is wrong.',
    severity: 'warning',
    languages: ['python'],
    messages: { swallowed: '`{clause}` discards every error without handling, logging or a comment.' },
  },
  defaultOptions: {},
  create(ctx) {
    return {
      handler(h) {
        if (h.statements > 0 || h.comments > 0) return;
        const broad = h.types.length === 0 || h.types.some((t) => BROAD.has(t));
        if (!broad) return;
        const clause = h.types.length === 0 ? 'except: pass' : `except ${h.types.join(', ')}: pass`;
        ctx.report({
          node: { line: h.span.line, column: h.span.column, endLine: h.span.line, endColumn: h.span.column + 6 },
          messageId: 'swallowed',
          data: { clause },
          suggestion: `At line ${h.span.line}, catch only the exception you expect to ignore (e.g. \`except FileNotFoundError:\`), or log it with \`logging.exception(...)\`; if ignoring everything is intended, say why in a comment.`,
        });
      },
    };
  },
});

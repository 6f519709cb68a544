import { defineRule } from '../../engine/rule.js';
import { documentedIntent } from '../shared/model-query.js';

const CLEANUP =
  /^(close|flush|unlink|remove|rmtree|rmdir|shutdown|kill|terminate|join|cancel|release|send|warn|excepthook|stop|disconnect|__exit__|__del__|format_exc|exc_info)$/;
const PURE = /^(len|str|repr|int|float|bool|format|getattr|hasattr|isinstance|type|id|min|max|sorted|list|tuple|dict|set)$/;
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
        // `# the error from start_color() is ignorable` above the `try`: the intent is documented.
        if (documentedIntent(ctx.file, h)) return;
        // Finalizers and cleanup functions must not raise: ignoring every error there is the design.
        const fn = h.function === null ? null : ctx.file.functions[h.function];
        if (fn && /finali[sz]e|clean_?up|close|shutdown|teardown|terminate|^__(del|exit|aexit)__$/i.test(fn.name)) return;
        // Best-effort cleanup (`try: f.close() except Exception: pass`): every call in the `try` body releases or reports
        // something, and failing to do so must not mask the real outcome.
        const tryLine = ctx.file.branches
          .filter((b) => b.kind === 'try' && b.function === h.function && b.span.line <= h.span.line && b.span.endLine >= h.span.line)
          .reduce((line, b) => Math.max(line, b.span.line), 0);
        const tried = ctx.file.calls.filter((c) => c.function === h.function && c.span.line > tryLine && c.span.line < h.span.line);
        if (tryLine > 0 && tried.length > 0 && tried.every((c) => CLEANUP.test(c.name) || PURE.test(c.callee))) return;
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

import { defineRule } from '../../engine/rule.js';
import { contains, documentedIntent } from '../shared/model-query.js';

/** Calls that report whatever was raised, or end the process (a forked child's `os._exit(127)`). */
const REPORTS = /(exc|exception|traceback|excepthook|exc_info|print_tb|handleError|handle_error)$|^_?exit$/i;

export default defineRule({
  id: 'bare-except',
  dimension: 'reliability',
  meta: {
    description: 'A bare `except:` that neither re-raises nor reports the error also swallows KeyboardInterrupt and SystemExit.',
    why: 'A bare `except:` also traps Ctrl-C, `sys.exit()` and programming errors such as NameError, so a program can no longer be stopped and real bugs turn into silent misbehaviour.',
    severity: 'warning',
    languages: ['python'],
    messages: { bare: 'Bare `except:`{context} catches KeyboardInterrupt and SystemExit too.' },
    fix: 'unsafe',
  },
  defaultOptions: {},
  create(ctx) {
    return {
      handler(h) {
        if (h.types.length > 0) return;
        // `except: cleanup(); raise` is the accepted idiom for cleanup on any error.
        if (h.reraises) return;
        const fn = h.function === null ? null : ctx.file.functions[h.function];
        // `__del__` / `__exit__` must not raise: catching everything there is deliberate.
        if (fn && /^__(del|exit|aexit)__$/.test(fn.name)) return;
        // Handlers that report whatever was raised (traceback, excepthook, sys.exc_info) keep Ctrl-C visible:
        // top-level "report any error" handlers, not silent swallowing.
        const reports = ctx.file.calls.some((c) => c.function === h.function && contains(h.span, c.span) && REPORTS.test(c.name));
        if (reports || documentedIntent(ctx.file, h)) return;
        const at = { line: h.span.line, column: h.span.column, endLine: h.span.line, endColumn: h.span.column + 6 };
        // `except Exception:` still lets KeyboardInterrupt and SystemExit through: a change in behaviour (unsafe).
        const fix = /^except\s*:/.test((ctx.file.lines[h.span.line - 1] ?? '').slice(h.span.column - 1))
          ? { span: at, text: 'except Exception' }
          : null;
        ctx.report({
          ...(fix ? { fix } : {}),
          node: { line: h.span.line, column: h.span.column, endLine: h.span.line, endColumn: h.span.column + 7 },
          messageId: 'bare',
          data: { context: fn ? ` in \`${fn.qualifiedName}\`` : '' },
          suggestion:
            h.statements === 0
              ? `Catch the exceptions you expect here (e.g. \`except (OSError, ValueError):\`) at line ${h.span.line}; if any error really must be ignored, use \`except Exception:\` and say why in a comment.`
              : `Replace the bare \`except:\` at line ${h.span.line} with the exceptions this block handles (e.g. \`except (OSError, ValueError):\`), or at least \`except Exception:\` so Ctrl-C and \`sys.exit()\` still work.`,
        });
      },
    };
  },
});

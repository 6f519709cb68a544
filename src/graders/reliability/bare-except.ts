import { defineRule } from '../../engine/rule.js';

export default defineRule({
  id: 'bare-except',
  dimension: 'reliability',
  meta: {
    description: 'A bare `except:` catches every exception, including KeyboardInterrupt and SystemExit.',
    why: 'A bare `except:` also traps Ctrl-C, `sys.exit()` and programming errors such as NameError, so a program can no longer be stopped and real bugs turn into silent misbehaviour.',
    severity: 'warning',
    languages: ['python'],
    messages: { bare: 'Bare `except:`{context} catches KeyboardInterrupt and SystemExit too.' },
  },
  defaultOptions: {},
  create(ctx) {
    return {
      handler(h) {
        if (h.types.length > 0) return;
        // `except: cleanup(); raise` is the accepted idiom for cleanup on any error.
        if (h.reraises) return;
        const fn = h.function === null ? null : ctx.file.functions[h.function];
        ctx.report({
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

import { defineRule } from '../../engine/rule.js';
import { contains, short } from '../shared/model-query.js';

export default defineRule({
  id: 'raise-without-cause',
  dimension: 'reliability',
  meta: {
    description: 'A new exception is raised inside an `except`/`catch` block without chaining the caught one.',
    why: 'Without `from err` (Python) or `{ cause: err }` (JS) the original error and its stack trace are lost or shown as an unrelated "during handling" error, which makes the real failure hard to find.',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: {
      python: '`raise` at line {line} inside `except {caught}` does not chain the caught exception.',
      js: '`throw` at line {line} inside `catch ({caught})` drops the caught error.',
    },
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    const jumps = ctx.file.jumps;
    return {
      handler(h) {
        if (!h.raisesWithoutCause) return;
        // JS: when the message already carries `err.message`, the information is only partly lost — still worth a cause, but
        // a catch without a binding (`catch {`) is an explicit decision to replace the error.
        if (!python && !h.binding) return;
        const raise = jumps.find(
          (j) =>
            (j.kind === 'raise' || j.kind === 'throw') &&
            j.function === h.function &&
            contains(h.span, j.span) &&
            j.value &&
            /^(new\s+)?[\w.]+\s*\(/.test(j.value.text) &&
            !/\bfrom\b|\bcause\s*:/.test(j.value.text),
        );
        const line = raise?.span.line ?? h.span.line;
        const err = h.binding ?? 'err';
        if (python) {
          ctx.report({
            node: raise ?? h,
            messageId: 'python',
            data: { line, caught: h.types.join(', ') || '' },
            suggestion: h.binding
              ? `Chain it: \`raise ${short(raise?.value?.text, 50) || 'NewError(…)'} from ${h.binding}\` (or \`from None\` if hiding the original is intended).`
              : `Bind the caught exception (\`except ${h.types.join(', ') || 'Exception'} as err:\`) and write \`raise ${short(raise?.value?.text, 50) || 'NewError(…)'} from err\` (or \`from None\` if hiding it is intended).`,
          });
          return;
        }
        const thrown = raise?.value?.text ?? 'new Error(…)';
        const withCause = /\)\s*$/.test(thrown) ? thrown.replace(/\)\s*$/, `, { cause: ${err} })`) : `${thrown} /* { cause: ${err} } */`;
        // Too long to quote whole: keep the constructor and the cause, elide the arguments (never cut mid-word).
        const callee = /^(?:throw\s+)?((?:new\s+)?[\w$.]+)\s*\(/.exec(thrown)?.[1];
        const shown = withCause.length <= 80 || !callee ? short(withCause.replace(/^throw\s+/, ''), 80) : `${callee}(…, { cause: ${err} })`;
        ctx.report({
          node: raise ?? h,
          messageId: 'js',
          data: { line, caught: err },
          suggestion: `Pass the caught error as the cause: \`throw ${shown}\`.`,
        });
      },
    };
  },
});

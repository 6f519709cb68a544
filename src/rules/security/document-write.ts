import { defineRule } from '../../engine/rule.js';
import { short } from '../shared/model-query.js';

export default defineRule({
  id: 'document-write',
  dimension: 'security',
  meta: {
    description: '`document.write` / `document.writeln` inject HTML into the page.',
    why: 'Written strings are parsed as HTML (an XSS sink for any user value in them), and `document.write` after load wipes the page; browsers also block it for cross-origin scripts on slow connections.',
    severity: 'warning',
    languages: ['javascript', 'typescript'],
    messages: { write: '`{callee}({arg})` writes raw HTML into the document.' },
  },
  defaultOptions: {},
  create(ctx) {
    return {
      call(call) {
        if (call.callee !== 'document.write' && call.callee !== 'document.writeln' && call.callee !== 'window.document.write') return;
        ctx.report({
          node: call,
          messageId: 'write',
          data: { callee: call.callee, arg: short(call.args[0], 40) },
          suggestion:
            'Create the elements with `document.createElement` and append them (`parent.append(node)`), or set `textContent` for text.',
        });
      },
    };
  },
});

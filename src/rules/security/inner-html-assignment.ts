import { defineRule } from '../../engine/rule.js';
import { argText, short } from '../shared/model-query.js';

const STATIC = /^(['"])[^'"]*\1$|^`[^`$]*`$/;

export default defineRule({
  id: 'inner-html-assignment',
  dimension: 'security',
  meta: {
    description: 'HTML built at run time is written with `innerHTML` / `outerHTML` / `insertAdjacentHTML`.',
    why: 'The browser parses the string as HTML and runs the event handlers and scripts it contains: any unescaped user value in it is a cross-site scripting (XSS) hole.',
    severity: 'warning',
    languages: ['javascript', 'typescript'],
    messages: { sink: '`{target}` receives HTML built from `{value}`.' },
    fix: 'unsafe',
  },
  defaultOptions: {},
  create(ctx) {
    return {
      assignment(a) {
        const target = a.targets[0] ?? '';
        if (a.targets.length !== 1 || !/\.(innerHTML|outerHTML)$/.test(target) || !a.value) return;
        if (a.operator !== '=' && a.operator !== '+=') return;
        if (a.value.kind === 'string' || STATIC.test(a.value.text.trim())) return; // a constant: no user data
        const element = target.replace(/\.(innerHTML|outerHTML)$/, '');
        // `el.innerHTML = x` → `el.textContent = x`: markup in x is then shown as text (unsafe).
        const line = ctx.file.lines[a.span.line - 1] ?? '';
        const at = a.span.column - 1 + target.length - 'innerHTML'.length;
        const fix =
          a.operator === '=' && target.endsWith('.innerHTML') && line.slice(a.span.column - 1, a.span.column - 1 + target.length) === target
            ? {
                span: { line: a.span.line, column: at + 1, endLine: a.span.line, endColumn: at + 1 + 'innerHTML'.length },
                text: 'textContent',
              }
            : null;
        ctx.report({
          ...(fix ? { fix } : {}),
          node: a,
          messageId: 'sink',
          data: { target, value: short(a.value.text, 40) },
          suggestion: `For text, set \`${element}.textContent = ${short(a.value.text, 40)}\`; for markup, build nodes with \`document.createElement\` or sanitise with DOMPurify (\`${target} = DOMPurify.sanitize(…)\`).`,
        });
      },
      call(call) {
        if (call.name !== 'insertAdjacentHTML' || call.argCount < 2) return;
        const html = argText(call, 1).trim();
        if (STATIC.test(html)) return;
        ctx.report({
          node: call,
          messageId: 'sink',
          data: { target: call.callee || 'insertAdjacentHTML', value: short(html, 40) },
          suggestion: `Use \`insertAdjacentText\` for text, or insert nodes built with \`document.createElement\`; sanitise markup with DOMPurify first.`,
        });
      },
    };
  },
});

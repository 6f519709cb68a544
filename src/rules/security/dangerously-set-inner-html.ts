import { defineRule } from '../../engine/rule.js';
import { short } from '../shared/model-query.js';

export default defineRule({
  id: 'dangerously-set-inner-html',
  dimension: 'security',
  meta: {
    description: 'React `dangerouslySetInnerHTML` injects raw HTML.',
    why: 'React escapes everything except `dangerouslySetInnerHTML`: the `__html` string is parsed as HTML, so any user-controlled part is an XSS hole unless it is sanitised.',
    severity: 'warning',
    languages: ['javascript', 'typescript'],
    messages: { dangerous: '`dangerouslySetInnerHTML` renders `{value}` as raw HTML.' },
  },
  defaultOptions: {},
  create(ctx) {
    const tokens = ctx.file.tokens;
    return {
      file() {
        for (let i = 0; i < tokens.length; i++) {
          const t = tokens[i]!;
          if (t.kind !== 'identifier' || t.text !== 'dangerouslySetInnerHTML') continue;
          const next = tokens[i + 1];
          if (!next || (next.text !== '=' && next.text !== ':')) continue; // JSX attribute or createElement props
          // The value: tokens after `__html:` up to the closing brace.
          let value = '';
          for (let j = i + 2; j < Math.min(tokens.length, i + 40); j++) {
            if (tokens[j]!.text === '__html') {
              let depth = 0;
              for (let k = j + 2; k < Math.min(tokens.length, j + 30); k++) {
                const x = tokens[k]!.text;
                if (x === '(' || x === '[' || x === '{') depth++;
                if (x === ')' || x === ']' || x === '}') {
                  if (depth === 0) break;
                  depth--;
                }
                if (x === ',' && depth === 0) break;
                value += x;
              }
              break;
            }
          }
          if (/^(['"]).*\1$/.test(value) || /DOMPurify\.sanitize|sanitize(Html)?\(|xss\(/i.test(value)) continue;
          ctx.report({
            node: { line: t.line, column: t.column, endLine: t.line, endColumn: t.column + t.text.length },
            messageId: 'dangerous',
            data: { value: short(value, 40) || '…' },
            suggestion: value
              ? `Render the content as React children if it is text, or sanitise it: \`dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(${short(value, 40)}) }}\`.`
              : 'Render the content as React children if it is text, or sanitise the `__html` value with DOMPurify.',
          });
        }
      },
    };
  },
});

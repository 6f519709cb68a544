import { defineRule } from '../../engine/rule.js';
import { editDistance } from '../../util/did-you-mean.js';
import { short } from '../shared/model-query.js';

const VALID = new Set(['undefined', 'object', 'boolean', 'number', 'string', 'function', 'symbol', 'bigint']);

function closest(word: string): string {
  let best = 'undefined';
  let bestScore = Infinity;
  for (const v of VALID) {
    const d = editDistance(word.toLowerCase(), v);
    if (d < bestScore) [best, bestScore] = [v, d];
  }
  return best;
}

export default defineRule({
  id: 'invalid-typeof',
  dimension: 'reliability',
  meta: {
    description: '`typeof x` compared with a string that `typeof` never returns.',
    why: '`typeof` only returns "undefined", "object", "boolean", "number", "string", "function", "symbol" or "bigint"; a typo such as "undefned" makes the check always false.',
    severity: 'error',
    languages: ['javascript', 'typescript'],
    messages: { invalid: '`typeof` never returns "{value}", so `{text}` is always {result}.' },
    fix: 'unsafe',
  },
  defaultOptions: {},
  create(ctx) {
    return {
      comparison(c) {
        if (!['==', '===', '!=', '!=='].includes(c.operator)) return;
        const typeofLeft = /^typeof\b/.test(c.left.text);
        if (!typeofLeft && !/^typeof\b/.test(c.right.text)) return;
        const lit = typeofLeft ? c.right : c.left;
        if (lit.kind !== 'string') return;
        const value = lit.value ?? lit.text.slice(1, -1);
        if (VALID.has(value)) return;
        const good = closest(value);
        const quote = lit.text.startsWith("'") ? "'" : lit.text.startsWith('`') ? '`' : '"';
        ctx.report({
          node: lit,
          messageId: 'invalid',
          data: {
            value,
            text: short(`${c.left.text} ${c.operator} ${c.right.text}`, 60),
            result: c.operator.startsWith('!') ? 'true' : 'false',
          },
          suggestion: `Did you mean ${quote}${good}${quote}? Replace ${lit.text} with ${quote}${good}${quote}.`,
          fix: { span: lit.span, text: `${quote}${good}${quote}` },
        });
      },
    };
  },
});

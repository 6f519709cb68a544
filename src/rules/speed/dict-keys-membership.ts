import { defineRule } from '../../engine/rule.js';
import { short, sourceOf } from '../shared/model-query.js';

const KEYS = /^(list\(\s*)?([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\.keys\(\)(\s*\))?$/;

export default defineRule({
  id: 'dict-keys-membership',
  dimension: 'speed',
  meta: {
    description: 'Membership test on `d.keys()` or `list(d.keys())` instead of the dict itself.',
    why: '`k in d` is a hash lookup. `k in list(d.keys())` copies every key into a list and scans it (O(n)); `k in d.keys()` is O(1) but a needless detour.',
    severity: 'info',
    languages: ['python'],
    messages: { keys: '`{test}` can be `{better}`.' },
    fix: 'unsafe',
  },
  defaultOptions: {},
  create(ctx) {
    return {
      comparison(c) {
        if (c.operator !== 'in' && c.operator !== 'not in') return;
        const m = KEYS.exec(c.right.text.trim());
        if (!m || Boolean(m[1]) !== Boolean(m[3])) return;
        const dict = m[2]!;
        const exact = KEYS.exec(sourceOf(ctx.file, c.right.span));
        const better = `${short(c.left.text, 30)} ${c.operator} ${dict}`;
        ctx.report({
          node: c,
          messageId: 'keys',
          data: { test: short(`${c.left.text} ${c.operator} ${c.right.text}`, 60), better },
          suggestion: `Write \`${better}\`${m[1] ? ' — the list copy makes each test O(n)' : ''}.`,
          // From the exact source: `text` is whitespace-collapsed and truncated.
          ...(exact ? { fix: { span: c.right.span, text: exact[2]! } } : {}),
        });
      },
    };
  },
});

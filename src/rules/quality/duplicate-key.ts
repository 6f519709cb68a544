import { defineRule } from '../../engine/rule.js';

/** Key text as a value: quotes stripped, numbers normalised (`"a"` = `'a'` = `a`; `1` = `1.0` in Python). */
function normalise(text: string): string {
  const t = text;
  const quoted = /^[rRbBuU]?(['"`])(.*)\1$/s.exec(t);
  if (quoted) return `s:${quoted[2]}`;
  if (/^-?[\d.]+([eE][-+]?\d+)?$/.test(t)) return `n:${Number(t)}`;
  return `s:${t}`;
}

export default defineRule({
  id: 'duplicate-key',
  dimension: 'quality',
  meta: {
    description: 'Same key twice in a dict / object literal.',
    why: 'The later value silently replaces the earlier one: one of the two entries is dead, and it is usually the one the author meant (Ruff F601, ESLint no-dupe-keys).',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { dup: 'Key `{key}` appears twice in this literal (first on line {line}).' },
  },
  defaultOptions: {},
  create(ctx) {
    const { file } = ctx;
    return {
      collection(c) {
        if (c.kind !== 'dict' && c.kind !== 'object') return;
        const first = new Map<string, number>();
        for (const k of c.keys) {
          // Getter/setter pairs share a key on purpose.
          const before = (file.lines[k.span.line - 1] ?? '').slice(0, k.span.column - 1);
          if (/\b(get|set|static)\s+$/.test(before)) continue;
          const key = normalise(k.text);
          const line = first.get(key);
          if (line === undefined) {
            first.set(key, k.span.line);
            continue;
          }
          ctx.report({
            node: k.span,
            messageId: 'dup',
            data: { key: k.text, line },
            suggestion: `Keep one \`${k.text}\` entry: delete the one on line ${line} or the one on line ${k.span.line}, whichever value is wrong.`,
          });
        }
      },
    };
  },
});

import { defineRule } from '../../engine/rule.js';
import { contains, isNamePath, short } from '../shared/model-query.js';

export default defineRule({
  id: 'nested-loop-same-collection',
  dimension: 'speed',
  meta: {
    description: 'A loop over a collection is nested inside a loop over the same collection (O(n²)).',
    why: 'Scanning the whole collection once per element is quadratic: 10,000 items mean 100 million steps. A dict/set index or sorting usually brings it down to O(n) or O(n log n).',
    severity: 'info',
    languages: ['python', 'javascript', 'typescript'],
    messages: { nested: 'The loop over `{iterable}` at line {line} is nested in another loop over `{iterable}` (line {outer}): O(n²).' },
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    return {
      loop(inner) {
        if (inner.depth === 0 || !['for', 'for-of', 'for-in', 'comprehension'].includes(inner.kind)) return;
        if (!python && inner.kind === 'for') return; // C-style loops: the header is a condition, not a collection
        const it = inner.iterable.trim();
        if (!isNamePath(it) || it === 'self' || it === 'this') return;
        const outer = ctx.file.loops.find(
          (l) =>
            l !== inner &&
            l.function === inner.function &&
            l.depth < inner.depth &&
            l.iterable.trim() === it &&
            contains(l.span, inner.span) &&
            l.kind !== 'while',
        );
        if (!outer) return;
        // `for token in token` rebinds the name; an iterator (`it = iter(xs)`) is consumed, not rescanned.
        if (inner.targets.includes(it) || outer.targets.includes(it)) return;
        if (/^(it|\w*iter(ator)?|\w*_it|gen|\w*_gen|stream|reader|lines?)$/i.test(it.split('.').pop() ?? '')) return;
        const iterator = ctx.file.assignments.some(
          (a) =>
            a.function === inner.function &&
            a.targets.includes(it) &&
            a.value &&
            /^(iter|enumerate|zip|map|filter|reversed|itertools\.\w+|\(.* for .* in .*\))\(?/.test(a.value.text),
        );
        if (iterator) return;
        // Loops that break out early (search for the first match) are usually not full scans; keep it simple: still O(n²) worst case.
        const key = outer.targets[0] ?? 'x';
        ctx.report({
          node: inner,
          messageId: 'nested',
          data: { iterable: short(it, 40), line: inner.span.line, outer: outer.span.line },
          suggestion: python
            ? `Build an index once before line ${outer.span.line} (e.g. \`by_key = {k: v for …}\` or a \`set(${short(it, 30)})\`) and look \`${key}\` up in it instead of rescanning \`${short(it, 30)}\` at line ${inner.span.line}.`
            : `Build a \`Map\`/\`Set\` from \`${short(it, 30)}\` once before line ${outer.span.line} and look \`${key}\` up in it instead of rescanning \`${short(it, 30)}\` at line ${inner.span.line}.`,
        });
      },
    };
  },
});

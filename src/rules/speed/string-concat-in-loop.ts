import { defineRule } from '../../engine/rule.js';
import { loopsRunning } from '../shared/model-query.js';

export default defineRule({
  id: 'string-concat-in-loop',
  dimension: 'speed',
  meta: {
    description: 'A string accumulator is grown with `+=` inside a loop.',
    why: 'Strings are immutable: each `+=` may copy everything built so far, which is quadratic in the output size. CPython sometimes resizes in place, but PEP 8 asks not to rely on it (PyPy and attributes/globals do not get it); `"".join(parts)` is linear everywhere. JS is not checked: V8 and other engines build `+=` strings as ropes.',
    severity: 'info',
    languages: ['python'],
    messages: { concat: '`{name} += …` in the loop at line {line} rebuilds the string `{name}` every iteration.' },
  },
  defaultOptions: {},
  create(ctx) {
    const file = ctx.file;
    /** Names initialised to a string literal ('' / "") in each scope. */
    const stringVars = new Map<number | null, Set<string>>();
    for (const a of file.assignments) {
      if (a.operator !== '=' || a.targets.length !== 1 || !a.value) continue;
      if (a.value.kind !== 'string' && a.value.kind !== 'template') continue;
      const set = stringVars.get(a.function) ?? new Set<string>();
      set.add(a.targets[0]!);
      stringVars.set(a.function, set);
    }
    const reported = new Set<string>();
    return {
      binary(b) {
        if (!b.augmented || (b.operator !== '+=' && b.operator !== '+')) return;
        if (b.loopDepth === 0 || b.left.kind !== 'identifier') return;
        const name = b.left.text;
        if (!stringVars.get(b.function)?.has(name)) return;
        const loops = loopsRunning(file, b.span, b.function).filter((l) => l.kind !== 'comprehension');
        const loop = loops[loops.length - 1];
        if (!loop) return;
        // Reset inside the loop (`line = ''` per iteration): the string stays short.
        const reset = file.assignments.some(
          (a) =>
            a.function === b.function &&
            a.operator === '=' &&
            a.targets.includes(name) &&
            a.span.line > loop.span.line &&
            a.span.line <= loop.span.endLine,
        );
        if (reset) return;
        const key = `${b.function}:${name}:${loop.span.line}`;
        if (reported.has(key)) return;
        reported.add(key);
        ctx.report({
          node: b,
          messageId: 'concat',
          data: { name, line: loop.span.line },
          suggestion: `Collect the pieces in a list (\`parts = []\`, \`parts.append(…)\` in the loop) and build \`${name} = ''.join(parts)\` after line ${loop.span.endLine}.`,
        });
      },
    };
  },
});

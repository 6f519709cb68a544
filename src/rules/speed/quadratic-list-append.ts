import { defineRule } from '../../engine/rule.js';
import { loopsRunning, mentions, rootName, short } from '../shared/model-query.js';

export default defineRule({
  id: 'quadratic-list-append',
  dimension: 'speed',
  meta: {
    description: 'A list/array is rebuilt to add items in a loop (`xs = xs + [x]`, `xs = [...xs, x]`, `xs = xs.concat(x)`).',
    why: 'Each rebuild copies every element collected so far, so growing a list this way in a loop is O(n²); appending in place is amortised O(1).',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { rebuild: '`{text}` copies `{name}` on every iteration of the loop at line {line}.' },
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    return {
      assignment(a) {
        if (a.operator !== '=' || a.loopDepth === 0 || a.targets.length !== 1 || !a.value) return;
        const name = a.targets[0]!;
        const v = a.value.text.trim();
        if (!/^[\w$]+(\.[\w$]+)*$/.test(name)) return; // `a[i++] = …`: not an accumulator
        const esc = name.replace(/[.$]/g, (ch) => `\\${ch}`);
        let suggestion: string | null = null;
        // The patterns below all start with the name (or `[...name`): test that first, so most
        // assignments in loops build no RegExp (it was 1.5% of a stdlib run).
        if (python) {
          const m = !v.startsWith(name) ? null : new RegExp(`^${esc}\\s*\\+\\s*(\\[.*\\])$`, 's').exec(v);
          if (m) {
            const items = m[1]!.slice(1, -1).trim();
            const single = items !== '' && !/,/.test(items);
            suggestion = single
              ? `Write \`${name}.append(${short(items, 40)})\`.`
              : `Write \`${name}.extend(${short(m[1], 40)})\` (or \`${name} += ${short(m[1], 40)}\`, which extends in place).`;
          } else if (v.startsWith(name) && new RegExp(`^${esc}\\s*\\+\\s*`).test(v) && a.value.kind === 'binary' && /\+\s*(list\(|\[)/.test(v)) {
            suggestion = `Write \`${name}.extend(…)\` (or \`${name} += …\`, which extends in place).`;
          }
        } else {
          const spread = !v.startsWith('[') ? null : new RegExp(`^\\[\\s*\\.\\.\\.${esc}\\s*,\\s*(.*)\\]$`, 's').exec(v);
          const concat = !v.startsWith(`${name}.concat(`) ? null : new RegExp(`^${esc}\\.concat\\((.*)\\)$`, 's').exec(v);
          if (spread) suggestion = `Write \`${name}.push(${short(spread[1], 40)})\`.`;
          else if (concat)
            suggestion = `Write \`${name}.push(${/^\[.*\]$/s.test(concat[1] ?? '') ? short((concat[1] ?? '').slice(1, -1), 40) : `...${short(concat[1], 40)}`})\`.`;
        }
        if (!suggestion) return;
        const loops = loopsRunning(ctx.file, a.span, a.function).filter((l) => l.kind !== 'comprehension');
        const loop = loops[loops.length - 1];
        if (!loop || loops.some((l) => l.targets.includes(rootName(name)))) return; // `item.tags = item.tags.concat(…)`: a different list per iteration
        // An accumulator declared inside the loop body starts fresh each iteration.
        if (
          ctx.file.assignments.some(
            (b) =>
              b !== a &&
              b.function === a.function &&
              b.targets.includes(name) &&
              b.declaration !== null &&
              b.span.line > loop.span.line &&
              b.span.line < a.span.line,
          )
        )
          return;
        if (!python && !mentions(v, name)) return;
        ctx.report({
          node: a,
          messageId: 'rebuild',
          data: { text: short(`${name} = ${v}`, 60), name, line: loop.span.line },
          suggestion,
        });
      },
    };
  },
});

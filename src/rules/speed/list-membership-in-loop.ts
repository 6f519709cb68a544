import { defineRule } from '../../engine/rule.js';
import type { LoopNode } from '../../model/types.js';
import { contains, loopsRunning, short } from '../shared/model-query.js';

export default defineRule({
  id: 'list-membership-in-loop',
  dimension: 'speed',
  meta: {
    description:
      'Membership test on a list that grows in the same loop (`if x not in seen: seen.append(x)`), or on a list rebuilt each time.',
    why: 'Searching a list is O(n); doing it for every iteration makes the loop O(n·m). A set (Python) or Set (JS) answers the same question in O(1).',
    severity: 'info',
    languages: ['python', 'javascript', 'typescript'],
    messages: {
      membership: '`{test}` scans the list `{name}` on every iteration of the loop at line {line}.',
      built: '`{test}` builds a new list on every iteration of the loop at line {line} just to search it.',
    },
  },
  defaultOptions: {},
  create(ctx) {
    const file = ctx.file;
    const python = file.language === 'python';
    /** Local names bound to a list in each scope, and whether they are ever rebound to something else. */
    const lists = new Map<string, boolean>();
    for (const a of file.assignments) {
      if (a.targets.length !== 1 || !a.value) continue;
      const key = `${a.function}:${a.targets[0]}`;
      const isList =
        a.value.kind === 'list' ||
        (a.value.kind === 'comprehension' && a.value.text.startsWith('[')) ||
        /^(list|sorted)\(/.test(a.value.text);
      if (a.operator !== '=' && a.operator !== '+=') continue;
      if (a.operator === '+=') continue;
      lists.set(key, (lists.get(key) ?? true) && isList);
    }
    // Parameters and names also read from elsewhere are unknown; only names assigned a list and never something else count.
    const isLocalList = (fn: number | null, name: string): boolean => lists.get(`${fn}:${name}`) === true;
    /** The list is appended to inside the (outermost running) loop: it grows with the input, so each test gets slower. Tests on small fixed lists are left alone. */
    const grows = (fn: number | null, name: string, loop: LoopNode): boolean =>
      file.calls.some(
        (c) =>
          c.function === fn &&
          contains(loop.span, c.span) &&
          /^(append|extend|insert|push|unshift|splice)$/.test(c.name) &&
          c.callee === `${name}.${c.name}`,
      ) ||
      file.assignments.some((a) => a.function === fn && contains(loop.span, a.span) && a.operator === '+=' && a.targets.includes(name));
    return {
      comparison(c) {
        if (!python || (c.operator !== 'in' && c.operator !== 'not in') || c.loopDepth === 0) return;
        const loops = loopsRunning(file, c.span, c.function);
        const loop = loops[loops.length - 1];
        if (!loop) return;
        const right = c.right.text.trim();
        const test = short(`${c.left.text} ${c.operator} ${right}`, 60);
        // `x in list(d)` / `x in list(d.keys())`: builds a list every time.
        if (/^list\(.+\)$/s.test(right)) {
          if (/\.keys\(\)\s*\)$/.test(right)) return; // dict-keys-membership says it better
          const inner = right.slice(5, -1);
          ctx.report({
            node: c,
            messageId: 'built',
            data: { test, line: loop.span.line },
            suggestion: `Build \`lookup = set(${short(inner, 30)})\` once before line ${loop.span.line} and test \`${short(c.left.text, 30)} ${c.operator} lookup\` (or test the container directly if it supports \`in\`).`,
          });
          return;
        }
        if (c.right.kind !== 'identifier' || !isLocalList(c.function, right) || !grows(c.function, right, loops[0]!)) return;
        ctx.report({
          node: c,
          messageId: 'membership',
          data: { test, name: right, line: loop.span.line },
          suggestion: `Keep \`${right}\` as a set (\`${right} = set()\`, \`.add(…)\`), or build \`${right}_set = set(${right})\` before line ${loop.span.line} and test \`${short(c.left.text, 30)} ${c.operator} ${right}_set\`.`,
        });
      },
      call(call) {
        if (python || (call.name !== 'includes' && call.name !== 'indexOf') || call.loopDepth === 0) return;
        const receiver = call.receiver?.text ?? call.callee.slice(0, -(call.name.length + 1));
        if (!/^[A-Za-z_$][\w$]*$/.test(receiver) || !isLocalList(call.function, receiver)) return;
        const loops = loopsRunning(file, call.span, call.function);
        const loop = loops[loops.length - 1];
        if (!loop || !grows(call.function, receiver, loops[0]!)) return;
        const arg = short(call.args[0] ?? 'x', 30);
        ctx.report({
          node: call,
          messageId: 'membership',
          data: { test: `${receiver}.${call.name}(${arg})`, name: receiver, line: loop.span.line },
          suggestion: `Keep \`${receiver}\` as a \`Set\` (\`new Set()\`, \`.add(…)\`, \`.has(${arg})\`), or build \`const ${receiver}Set = new Set(${receiver})\` before line ${loop.span.line} and use \`${receiver}Set.has(${arg})\`.`,
        });
      },
    };
  },
});

import { defineRule } from '../../engine/rule.js';
import { contains, short } from '../shared/model-query.js';

/** Calls that build a new collection each time: costly to repeat in a loop condition. */
const ALLOCATING_JS = /^(Object\.(keys|values|entries|getOwnPropertyNames)|Array\.from)$/;
const ALLOCATING_JS_METHOD = new Set([
  'filter',
  'map',
  'slice',
  'split',
  'concat',
  'flat',
  'flatMap',
  'querySelectorAll',
  'getElementsByTagName',
  'getElementsByClassName',
  'sort',
  'toSorted',
  'match',
  'keys',
  'values',
  'entries',
]);
const ALLOCATING_PY = new Set(['list', 'sorted', 'tuple', 'set', 'dict', 'filter', 'map', 'os.listdir', 'glob.glob', 'copy.deepcopy']);

export default defineRule({
  id: 'invariant-call-in-loop-condition',
  dimension: 'speed',
  meta: {
    description: 'A loop condition rebuilds a collection on every iteration (`i < Object.keys(o).length`, `while i < len(list(xs))`).',
    why: 'The condition runs before every iteration: a call there that builds a new array/list makes the loop O(n²) in time and allocations although the value does not change. `len(xs)` and `arr.length` are cheap; building a collection is not.',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { invariant: '`{call}` builds a new collection each time the condition of the loop at line {line} is checked.' },
  },
  defaultOptions: {},
  create(ctx) {
    const file = ctx.file;
    const python = file.language === 'python';
    return {
      call(call) {
        const allocating = python
          ? ALLOCATING_PY.has(call.callee)
          : ALLOCATING_JS.test(call.callee) || (call.callee.includes('.') && ALLOCATING_JS_METHOD.has(call.name));
        if (!allocating) return;
        // The loop whose condition holds the call: while / do-while / C-style for (not for-in/of, whose header runs once).
        const loop = file.loops.find((l) => {
          if (l.function !== call.function || !contains(l.span, call.span)) return false;
          if (python ? l.kind !== 'while' : !['while', 'do-while', 'for'].includes(l.kind)) return false;
          if (l.bodySpan && contains(l.bodySpan, call.span)) return false;
          if (call.inLoopHeader === false) return false;
          const text = `${call.callee}(`;
          return l.iterable.includes(text) || (call.name !== '' && l.iterable.includes(`.${call.name}(`));
        });
        if (!loop) return;
        // Arguments changed inside the loop make the call variant; then it is not invariant work.
        const body = loop.span; // the condition itself may reassign (`while ((top = head(stack)) && …)`)
        const receiverRoot = /^[A-Za-z_$][\w$]*/.exec(call.receiver?.text ?? call.callee)?.[0] ?? '';
        const names = new Set<string>([receiverRoot, ...call.args.flatMap((a) => a.match(/[A-Za-z_$][\w$]*/g) ?? [])]);
        const mutated = file.assignments.some(
          (a) =>
            a.function === call.function &&
            contains(body, a.span) &&
            a.targets.some((t) => names.has(/^[A-Za-z_$][\w$]*/.exec(t)?.[0] ?? '')),
        );
        const mutatedByCall = file.calls.some(
          (c) =>
            c.function === call.function &&
            contains(body, c.span) &&
            /\.(append|pop|push|shift|unshift|splice|remove|insert|clear|add|delete|extend|popleft|set)$/.test(c.callee) &&
            names.has(/^[A-Za-z_$][\w$]*/.exec(c.callee)?.[0] ?? ''),
        );
        if (mutated || mutatedByCall) return;
        const text = short(`${call.callee || `….${call.name}`}(${call.args.join(', ')})`, 50);
        ctx.report({
          node: call,
          messageId: 'invariant',
          data: { call: text, line: loop.span.line },
          suggestion: python
            ? `Compute it once before line ${loop.span.line} (\`items = ${text}\`) and use \`len(items)\` in the condition.`
            : `Compute it once before line ${loop.span.line} (\`const items = ${text};\`) and compare with \`items.length\`.`,
        });
      },
    };
  },
});

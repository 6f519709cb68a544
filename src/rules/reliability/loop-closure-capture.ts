import type { Span } from '../../model/types.js';
import { defineRule } from '../../engine/rule.js';
import { contains } from '../shared/model-query.js';

/** Callees that call their function argument right away: the captured value is the current one. */
const IMMEDIATE = new Set([
  'sorted',
  'sort',
  'min',
  'max',
  'filter',
  'map',
  'any',
  'all',
  'sum',
  'reduce',
  'list',
  'tuple',
  'set',
  'dict',
  'next',
  'groupby',
  'forEach',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'reduceRight',
  'replace',
  'replaceAll',
  'takewhile',
  'dropwhile',
  'starmap',
  'accumulate',
  'nlargest',
  'nsmallest',
  'bisect',
  'bisect_left',
  'bisect_right',
  'sub',
  'subn',
  'apply',
  'call',
  'run_until_complete',
  'submit',
  'assertRaises',
  'Promise',
  'then',
]);

/** Calls that keep their function argument for later. */
const STORE =
  /^(append|extend|insert|add|push|unshift|register|connect|bind|on|addEventListener|after|call_soon|call_later|create_task|ensure_future|Thread|Timer|setdefault|set|atexit)$/;

export default defineRule({
  id: 'loop-closure-capture',
  dimension: 'reliability',
  meta: {
    description: 'A function created in a loop captures the loop variable, and sees only its last value when called later.',
    why: 'Closures capture variables, not values: every lambda/callback created in the loop reads the loop variable when it runs, after the loop has moved on (Python; `var` in JS — `let`/`const` loop variables are fresh per iteration).',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { capture: '{name} captures loop variable `{variable}` (loop at line {line}); every call will see its last value.' },
  },
  defaultOptions: {},
  create(ctx) {
    const file = ctx.file;
    const python = file.language === 'python';
    /** JS: the loop variable is declared with `var` (function-scoped, shared by all iterations). */
    const declaredWithVar = (loopLine: number, loopColumn: number, name: string): boolean => {
      const assigned = file.assignments.find((a) => a.span.line === loopLine && a.span.column >= loopColumn && a.targets.includes(name));
      if (assigned) return assigned.declaration === 'var';
      const head = (file.lines[loopLine - 1] ?? '').slice(loopColumn - 1);
      return new RegExp(`^for\\s*\\(\\s*var\\b[^;]*\\b${name}\\b`).test(head);
    };
    return {
      function(fn) {
        if ((fn.loopDepth ?? 0) === 0 || !fn.freeVariables?.length) return;
        const loops = file.loops.filter(
          (l) => l.function === fn.parentFunction && contains(l.span, fn.span) && (l.bodySpan ? contains(l.bodySpan, fn.span) : true),
        );
        // Called right away (sorted(key=lambda…), arr.forEach(() => …)): no late binding.
        const host = file.calls
          .filter((c) => c.function === fn.parentFunction && contains(c.span, fn.span))
          .sort((a, b) => b.span.line - a.span.line || b.span.column - a.span.column)[0];
        if (host && (IMMEDIATE.has(host.name) || IMMEDIATE.has(host.callee))) return;
        // A named def/function: only when it is stored for later (appended, registered, assigned into a container or attribute)
        // inside the loop; one that is called or handed to a helper within the iteration sees the current value.
        // A function expression assigned into an attribute or container (`btn.onclick = function () {…}`) is stored.
        const assignedAs = file.assignments.find(
          (x) => x.value && x.value.span.line === fn.span.line && x.value.span.column === fn.span.column,
        );
        const storedDirectly = assignedAs?.targets.some((t) => /[.[]/.test(t)) ?? false;
        if (fn.name !== '<lambda>' && fn.name !== '<anonymous>' && !host && !storedDirectly) {
          const inLoop = (span: Span): boolean => loops.some((l) => contains(l.span, span));
          const stored =
            file.calls.some(
              (c) => c.function === fn.parentFunction && inLoop(c.span) && STORE.test(c.name) && c.args.some((x) => x.trim() === fn.name),
            ) ||
            file.assignments.some(
              (x) =>
                x.function === fn.parentFunction &&
                inLoop(x.span) &&
                x.value?.text.trim() === fn.name &&
                x.targets.some((t) => /[.[]/.test(t)),
            );
          if (!stored) return;
        }
        for (const loop of loops) {
          if (loop.kind === 'comprehension' && !python) continue;
          for (const variable of loop.targets) {
            if (!fn.freeVariables.includes(variable)) continue;
            if (fn.params.some((p) => p.name === variable)) continue; // lambda i=i: … binds the current value
            if (!python && !declaredWithVar(loop.span.line, loop.span.column, variable)) continue;
            ctx.report({
              node: fn,
              useNameSpan: true,
              messageId: 'capture',
              data: {
                name: fn.name === '<lambda>' || fn.name === '<anonymous>' ? `The ${fn.kind} at line ${fn.span.line}` : `\`${fn.name}\``,
                variable,
                line: loop.span.line,
              },
              suggestion: python
                ? `Bind the current value as a default: \`${fn.kind === 'lambda' ? `lambda ${[`${variable}=${variable}`, ...fn.params.map((p) => p.name)].join(', ')}: …` : `def ${fn.name}(…, ${variable}=${variable})`}\`, or build it with \`functools.partial\`.`
                : `Declare the loop variable with \`let\` instead of \`var\` at line ${loop.span.line} (\`for (let ${variable} …)\`), so each iteration gets its own \`${variable}\`.`,
            });
            return;
          }
        }
      },
    };
  },
});

import type { CallNode } from '../../model/types.js';
import { defineRule } from '../../engine/rule.js';
import { contains, mentions, short } from '../shared/model-query.js';

const OPEN = new Set(['open', 'io.open', 'codecs.open', 'gzip.open', 'bz2.open', 'lzma.open', 'tarfile.open', 'zipfile.ZipFile']);
const ONE_SHOT: Record<string, string> = {
  read: 'Path({arg}).read_text()',
  readlines: 'Path({arg}).read_text().splitlines(keepends=True)',
  write: 'Path({arg}).write_text(…)',
};

export default defineRule({
  id: 'open-without-with',
  dimension: 'reliability',
  meta: {
    description: 'A file is opened outside a `with` block and never closed in the same function.',
    why: 'A file object that is not closed keeps its descriptor (and unflushed writes) until the garbage collector runs; on PyPy, in long loops or on error paths that can mean lost data and "too many open files".',
    severity: 'warning',
    languages: ['python'],
    messages: {
      chained: '`{text}` opens a file and never closes it.',
      unclosed: '`{name}` is opened with `{callee}(…)` at line {line} but never closed in `{fn}`.',
    },
  },
  defaultOptions: {},
  create(ctx) {
    const file = ctx.file;
    const calls = file.calls;
    const scopeSpan = (fn: number | null) => (fn === null ? null : (file.functions[fn]?.span ?? null));
    const inScope = (fn: number | null, c: { function: number | null }) => c.function === fn;
    /** The name is closed, returned, yielded, handed to `with`, stored on an object or passed to another call in the scope. */
    const handled = (name: string, open: CallNode): boolean => {
      const fn = open.function;
      if (calls.some((c) => inScope(fn, c) && (c.callee === `${name}.close` || c.callee === `${name}.__exit__`))) return true;
      if (calls.some((c) => inScope(fn, c) && c !== open && c.args.some((a) => a.trim() === name))) return true; // closing(f), register(f), ExitStack
      if (file.jumps.some((j) => j.function === fn && j.kind === 'return' && j.value && mentions(j.value.text, name))) return true;
      if (
        file.assignments.some(
          (a) => a.function === fn && a.value && mentions(a.value.text, name) && a.targets.some((t) => t.includes('.') || t.includes('[')),
        )
      )
        return true;
      // `with f:` / `yield f` / `self.f = f` lines in the same function (the model has no with-items other than calls).
      const span = scopeSpan(fn);
      const first = span ? span.line : 1;
      const last = span ? span.endLine : file.lines.length;
      const pattern = new RegExp(
        `\\bwith\\s+(closing\\()?${name}\\b|\\byield\\s+(from\\s+)?${name}\\b|\\breturn\\b.*\\b${name}\\b|=\\s*${name}\\s*$|^\\s*global\\s.*\\b${name}\\b`,
      );
      for (let l = first; l <= last; l++) if (pattern.test(file.lines[l - 1] ?? '')) return true;
      return false;
    };
    return {
      call(call) {
        if (!OPEN.has(call.callee) || call.inWith) return;
        const fnNode = call.function === null ? null : file.functions[call.function];
        // A function that opens and returns / yields a file hands ownership to its caller.
        if (fnNode && (fnNode.isGenerator || /^(open|_open|__enter__|__init__|__new__)$/.test(fnNode.name))) return;
        // `open(p).read()`: the open call is the receiver of a one-shot method call.
        const chained = calls.find(
          (c) =>
            c !== call &&
            c.function === call.function &&
            contains(c.span, call.span) &&
            c.span.line === call.span.line &&
            c.callee === '' &&
            Object.hasOwn(ONE_SHOT, c.name) &&
            (c.receiver
              ? c.receiver.kind === 'call' && c.receiver.span.column === call.span.column
              : new RegExp(`^\\s*${call.callee.replace('.', '\\.')}\\(`).test(
                  (file.lines[c.span.line - 1] ?? '').slice(c.span.column - 1),
                )),
        );
        if (chained) {
          if (call.callee !== 'open') return;
          const arg = call.args[0] ?? 'path';
          ctx.report({
            node: call,
            messageId: 'chained',
            data: { text: short(`${call.callee}(${call.args.join(', ')}).${chained.name}(…)`) },
            suggestion: `Use \`${ONE_SHOT[chained.name]!.replace('{arg}', short(arg, 40))}\` (from pathlib), or \`with open(${short(arg, 40)}) as f: … f.${chained.name}(…)\`.`,
          });
          return;
        }
        const assignment = file.assignments.find(
          (a) =>
            a.function === call.function &&
            a.value?.kind === 'call' &&
            contains(a.span, call.span) &&
            a.value.span.line === call.span.line &&
            a.value.span.column === call.span.column,
        );
        if (!assignment || assignment.targets.length !== 1) return;
        const name = assignment.targets[0]!;
        if (!/^\w+$/.test(name)) return; // self.f = open(…): the object owns it
        if (handled(name, call)) return;
        ctx.report({
          node: call,
          messageId: 'unclosed',
          data: { name, callee: call.callee, line: call.span.line, fn: fnNode?.qualifiedName ?? '<module>' },
          suggestion: `Open it with \`with ${call.callee}(${short(call.args.join(', '), 40)}) as ${name}:\` and indent the code that uses \`${name}\` under it, so it is closed even on errors.`,
        });
      },
    };
  },
});

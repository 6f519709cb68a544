import { defineRule } from '../../engine/rule.js';
import type { NumberNode, SourceFile } from '../../model/types.js';
import { isTestPath } from './context.js';

/** Numbers whose meaning is obvious wherever they appear: identities, halves, percent, units of time and size. */
const OBVIOUS = [0, 1, 2, 10, 100, 1000, 0.5, 60, 24, 1024];

/** Callees whose numeric argument is self-describing: radix, rounding digits, ranges, sleeps in tests, exit codes. */
const SELF_DESCRIBING_CALLS =
  /(^|\.)(parseInt|toString|toFixed|toPrecision|int|round|range|exit|_exit|chr|ord|padStart|padEnd|repeat|bytes|bytearray|hex|format|struct\.\w+|ljust|rjust|center|zfill|Array)$/;

/** The line only defines a constant / named value from literals (`TIMEOUT = 60 * 5`, `const ms = 5 * 1000`). */
function definesConstant(line: string): boolean {
  return (
    /^\s*(export\s+)?((const|let|var)\s+)?[\w$.]+\s*(:\s*[\w.[\]| ]+)?\s*=\s*[-+*/%()\d\s._e]+[;,]?\s*(#.*|\/\/.*)?$/.test(line) ||
    /^\s*(export\s+)?(const\s+|readonly\s+|static\s+)*[A-Z][A-Z0-9_]*\s*(:\s*[\w.[\]| ]+)?\s*=/.test(line)
  );
}

/** A bit operation (`x >> 8`, `n & 0xff`): widths and masks are not magic. */
function inBitOperation(file: SourceFile, n: NumberNode): boolean {
  const line = file.lines[n.span.line - 1] ?? '';
  const before = line.slice(Math.max(0, n.span.column - 5), n.span.column - 1);
  const after = line.slice(n.span.endColumn - 1, n.span.endColumn + 3);
  return /(<<|>>|[&|^~])=?\s*-?$/.test(before) || /^\s*(<<|>>|[&|^])/.test(after);
}

export default defineRule({
  id: 'magic-number',
  dimension: 'readability',
  meta: {
    description: 'Unnamed numeric literal in logic (comparison, arithmetic, call argument) inside a function.',
    why: 'A bare number says nothing about what it stands for and must be changed everywhere it is repeated; a named constant documents the intent and gives one place to change it.',
    severity: 'info',
    languages: ['python', 'javascript', 'typescript'],
    messages: { magic: 'Magic number {text} in {context}.' },
  },
  defaultOptions: { ignore: [] as number[] },
  create(ctx, { ignore }) {
    const { file } = ctx;
    if (isTestPath(file.path)) return {};
    const calls = file.calls;
    return {
      number(n) {
        // Returned numbers are mostly table values (`case X: return 16`); arguments, comparisons and arithmetic are logic.
        if (!['comparison', 'binary', 'argument'].includes(n.context)) return;
        if (n.boundTo !== null || n.function === null) return;
        const value = Math.abs(n.value);
        if (OBVIOUS.includes(value) || ignore.includes(n.negative ? -n.value : n.value) || ignore.includes(n.value)) return;
        if (Number.isInteger(value) && value > 0 && Number.isInteger(Math.log10(value))) return; // powers of ten
        if (/^0[xXoObB]/.test(n.text)) return; // written in hex/octal/binary on purpose: a mask or code
        const line = file.lines[n.span.line - 1] ?? '';
        if (definesConstant(line) || inBitOperation(file, n)) return;
        if (n.context === 'argument') {
          const call = calls.find(
            (c) =>
              c.span.line <= n.span.line &&
              c.span.endLine >= n.span.line &&
              c.function === n.function &&
              c.args.some((a) => a.trim() === n.text || a.trim() === `-${n.text}`),
          );
          if (call && SELF_DESCRIBING_CALLS.test(call.callee || call.name)) return;
          if (value === 8 || value === 16 || value === 36) return; // a radix or a bit width, whatever the callee
        }
        const context = { comparison: 'a comparison', binary: 'arithmetic', argument: 'a call argument' }[n.context as 'comparison'];
        const shown = n.negative && !n.text.startsWith('-') ? `-${n.text}` : n.text;
        const fnName = file.functions[n.function]?.name ?? 'this function';
        ctx.report({
          node: n,
          messageId: 'magic',
          data: { text: shown, context },
          suggestion: `Replace ${shown} in \`${fnName}\` (line ${n.span.line}) with a named constant that says what it stands for, e.g. \`${file.language === 'python' ? '' : 'const '}MAX_ITEMS = ${shown}\` at module level.`,
        });
      },
    };
  },
});

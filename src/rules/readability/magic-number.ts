import { defineRule } from '../../engine/rule.js';
import type { CallNode, Expression, NumberNode, SourceFile, Span } from '../../model/types.js';
import { contains, short } from '../shared/model-query.js';
import { isTestPath } from '../shared/paths.js';
import { words } from '../shared/naming.js';

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

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** `code_point` / `codePoint` / `options.level` → `CODE_POINT` / `LEVEL`: the last name of a path, upper snake case. */
function constantBase(e: Expression): string | null {
  let text = e.text;
  let suffix = '';
  const len = /^len\((.+)\)$/.exec(text);
  if (len) [text, suffix] = [len[1]!, '_LENGTH'];
  else if (/\.length$/.test(text)) [text, suffix] = [text.slice(0, -'.length'.length), '_LENGTH'];
  if (!/^[\w$.]+$/.test(text)) return null;
  const last = text.slice(text.lastIndexOf('.') + 1).replace(/^_+|\$/g, '');
  const parts = words(last);
  if (!parts.length || /^(self|this|cls)$/.test(last)) return null;
  return `${parts.join('_').toUpperCase()}${suffix}`;
}

const holds = (e: Expression, at: Span): boolean => (e.kind === 'number' || e.kind === 'unary') && contains(e.span, at);

/**
 * What the code around the number says it means, when it says anything: the value it is compared
 * with (`level <= 3` → `MAX_LEVEL`), or the parameter it is passed to, when the callee is defined
 * in this file. Null when nothing tells: then the suggestion invents no name.
 */
function meaning(file: SourceFile, n: NumberNode, call: CallNode | undefined): { name: string | null; hint: string } | null {
  if (n.context === 'comparison') {
    const c = file.comparisons.find((k) => holds(k.left, n.span) || holds(k.right, n.span));
    if (!c) return null;
    const numberLeft = holds(c.left, n.span);
    const other = numberLeft ? c.right : c.left;
    const op = numberLeft ? (FLIP[c.operator] ?? c.operator) : c.operator;
    const base = constantBase(other);
    const hint = `compared with \`${short(other.text, 30)}\``;
    if (!base) return { name: null, hint };
    if (op === '<' || op === '<=') return { name: base.startsWith('MAX_') ? base : `MAX_${base}`, hint };
    if (op === '>' || op === '>=') return { name: base.startsWith('MIN_') ? base : `MIN_${base}`, hint };
    return { name: null, hint: `what \`${short(`${c.left.text} ${c.operator} ${c.right.text}`, 40)}\` means` };
  }
  if (n.context === 'argument' && call) {
    const index = call.args.findIndex((a) => a.trim() === n.text || a.trim() === `-${n.text}`);
    const defs = file.functions.filter((f) => f.name === call.name);
    if (index < 0 || defs.length !== 1) return null;
    const params = defs[0]!.params.filter((p, i) => !(i === 0 && /^(self|cls)$/.test(p.name) && call.callee.includes('.')));
    const param = params[index];
    if (!param || param.isRest) return null;
    return { name: words(param.name).join('_').toUpperCase() || null, hint: `passed as \`${param.name}\` of \`${call.name}\`` };
  }
  return null;
}

export default defineRule({
  id: 'magic-number',
  dimension: 'readability',
  meta: {
    description: 'Unnamed numeric literal in logic (comparison, arithmetic, call argument) inside a function.',
    why: 'A bare number says nothing about what it stands for and must be changed everywhere it is repeated; a named constant documents the intent and gives one place to change it.',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { magic: 'Magic number {text} in {context}.' },
    optionSchema: { ignore: { type: 'array', items: { type: 'number' } } },
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
        let call: CallNode | undefined;
        if (n.context === 'argument') {
          call = calls.find(
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
        // The name comes from the code (what it is compared with or passed as) or is left to the reader: never a canned one.
        const known = meaning(file, n, call);
        const where = `${shown} in \`${fnName}\` (line ${n.span.line})`;
        ctx.report({
          node: n,
          messageId: 'magic',
          data: { text: shown, context },
          suggestion: known?.name
            ? `Replace ${where}, ${known.hint}, with a named constant, e.g. \`${file.language === 'python' ? '' : 'const '}${known.name} = ${shown}\` at module level.`
            : `Replace ${where} with a module-level constant named for ${known ? known.hint : 'what the number stands for'}.`,
        });
      },
    };
  },
});

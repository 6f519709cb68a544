import type { Span } from '../../model/types.js';
import { defineRule } from '../../engine/rule.js';
import { contains, short } from '../shared/model-query.js';

const TYPO_VALUES = new Set(['identifier', 'member', 'number', 'string', 'boolean', 'null', 'undefined']);
const norm = (t: string): string => t.replace(/\s+/g, '').replace(/^\((.*)\)$/, '$1');

export default defineRule({
  id: 'assignment-in-condition',
  dimension: 'reliability',
  meta: {
    description: 'The whole condition of an `if`/`while`/`for`/ternary assigns a plain value (`if (x = y)`): a typo for `===`.',
    why: '`if (x = y)` is almost always a mistyped `x === y`: it assigns and then tests the assigned value. When intended, wrapping it in extra parentheses or comparing explicitly (`(m = re.exec(s)) !== null`) says so. Python is not checked: `=` cannot appear there, and the walrus `:=` exists exactly for `while (chunk := f.read())`.',
    severity: 'warning',
    languages: ['javascript', 'typescript'],
    messages: { assign: 'The condition `{text}` assigns to `{target}` instead of comparing.' },
  },
  defaultOptions: {},
  create(ctx) {
    /** Is the assignment the whole condition of an if/ternary/loop that contains it? `ternary`: the test has no parentheses of its own (ternary, `for(;;)` test), so one pair marks intent. */
    const wholeCondition = (text: string, span: Span): { ternary: boolean } | null => {
      const t = norm(text);
      for (const b of ctx.file.branches)
        if (
          b.condition &&
          ['if', 'elif', 'ternary'].includes(b.kind) &&
          contains(b.span, span) &&
          b.span.line === span.line &&
          norm(b.condition) === t
        )
          return { ternary: b.kind === 'ternary' };
      for (const l of ctx.file.loops)
        if (
          (l.kind === 'while' || l.kind === 'do-while' || l.kind === 'for') &&
          contains(l.span, span) &&
          (l.kind === 'do-while' ? l.span.endLine === span.endLine : l.span.line === span.line) &&
          norm(l.iterable) === t
        )
          return { ternary: l.kind === 'for' };
      return null;
    };
    const charBefore = (line: number, column: number): { ch: string; line: number; column: number } | null => {
      let l = line;
      let c = column - 1;
      while (l >= 1) {
        const text = ctx.file.lines[l - 1] ?? '';
        if (c > text.length) c = text.length;
        while (c >= 1) {
          const ch = text[c - 1]!;
          if (!/\s/.test(ch)) return { ch, line: l, column: c };
          c--;
        }
        l--;
        c = Number.MAX_SAFE_INTEGER;
      }
      return null;
    };
    return {
      assignment(a) {
        if (!a.inCondition || a.operator === ':=' || a.declaration !== null || !a.value) return;
        // `while (m = re.exec(s))`, `if (node = next())`: assigning a call's result and testing it is a deliberate idiom;
        // the typo (`=` for `===`) shows as a plain value on the right: `if (x = y)`, `if (kind = 'a')`, `if (a.b = c.d)`.
        if (!TYPO_VALUES.has(a.value.kind)) return;
        const text = `${a.targets.join(', ')} ${a.operator} ${a.value.text}`;
        const whole = wholeCondition(text, a.span);
        if (!whole) return;
        const ternary = whole.ternary;
        // ESLint's `except-parens`: `while ((node = node.next))` / `(x = y) ? a : b` mark the assignment as intended.
        const p1 = charBefore(a.span.line, a.span.column);
        const p2 = p1 && p1.ch === '(' ? charBefore(p1.line, p1.column) : null;
        if (p1?.ch === '(' && (ternary || p2?.ch === '(')) return;
        const target = a.targets[0] ?? '';
        ctx.report({
          node: a,
          messageId: 'assign',
          data: { text: short(`${target} ${a.operator} ${a.value.text}`, 60), target },
          suggestion:
            a.operator === '='
              ? `If you meant to compare, write \`${target} === ${short(a.value.text, 40)}\`; if the assignment is intended, assign before the condition or write \`(${target} = ${short(a.value.text, 40)}) !== undefined\`.`
              : `Move \`${target} ${a.operator} …\` out of the condition at line ${a.span.line} and test \`${target}\` explicitly.`,
        });
      },
    };
  },
});

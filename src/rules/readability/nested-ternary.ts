import { defineRule } from '../../engine/rule.js';
import type { BranchNode, Span } from '../../model/types.js';
import { contains, short, sourceOf } from '../shared/model-query.js';

const same = (a: Span, b: Span): boolean =>
  a.line === b.line && a.column === b.column && a.endLine === b.endLine && a.endColumn === b.endColumn;

export default defineRule({
  id: 'nested-ternary',
  dimension: 'readability',
  meta: {
    description:
      'Conditional expression nested in the condition or first branch of another, or a chain of too many conditional expressions.',
    why: 'Nested `?:` / `x if c else y` expressions must be parsed in the head to know which value wins; an if/else chain, a lookup table or a small function says the same thing plainly.',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: {
      nested: 'Conditional expression nested inside another one.',
      chain: 'Chain of {count} conditional expressions.',
    },
    optionSchema: { maxChain: { type: 'integer', minimum: 1 } },
  },
  defaultOptions: { maxChain: 2 },
  create(ctx, { maxChain }) {
    const { file } = ctx;
    let ternaries: BranchNode[] = [];
    const reported = new Set<BranchNode>();
    return {
      file(f) {
        ternaries = f.branches.filter((b) => b.kind === 'ternary');
      },
      branch(outer) {
        if (outer.kind !== 'ternary' || reported.has(outer)) return;
        if (
          ternaries.some((t) => t !== outer && t.function === outer.function && !same(t.span, outer.span) && contains(t.span, outer.span))
        )
          return; // only the outermost
        // A ternary inside a callback written in a branch is the callback's own business.
        // Only direct operands count, as in ESLint no-nested-ternary: a ternary inside a call argument or an object
        // literal within a branch reads on its own.
        const python = file.language === 'python';
        const direct = (t: BranchNode): boolean => {
          const before = sourceOf(file, {
            line: outer.span.line,
            column: outer.span.column,
            endLine: t.span.line,
            endColumn: t.span.column,
          });
          const after = sourceOf(file, {
            line: t.span.endLine,
            column: t.span.endColumn,
            endLine: outer.span.endLine,
            endColumn: outer.span.endColumn,
          });
          return python
            ? /(^|\bif|\belse)\s*\(*\s*$/.test(before) && /^\s*\)*\s*(\bif\b|\belse\b|$)/.test(after)
            : /(^|[?:])\s*\(*\s*$/.test(before) && /^\s*\)*\s*([?:]|$)/.test(after);
        };
        const inner = ternaries.filter(
          (t) => t !== outer && t.function === outer.function && !same(t.span, outer.span) && contains(outer.span, t.span) && direct(t),
        );
        if (!inner.length) return;
        // An inner ternary that ends where its parent ends (up to parentheses) is in the else position: a chain.
        const atEnd = (t: BranchNode): boolean => {
          const tail = sourceOf(file, {
            line: t.span.endLine,
            column: t.span.endColumn,
            endLine: outer.span.endLine,
            endColumn: outer.span.endColumn,
          });
          return /^[\s)]*$/.test(tail);
        };
        const nested = inner.some((t) => !atEnd(t));
        const count = inner.length + 1;
        if (!nested && count <= maxChain) return;
        reported.add(outer);
        const cond = short(outer.condition, 40);
        ctx.report({
          node: outer,
          messageId: nested ? 'nested' : 'chain',
          data: { count },
          suggestion:
            file.language === 'python'
              ? `Rewrite the expression on \`${cond}\` (line ${outer.span.line}) as an if/elif/else block assigning one variable, or a dict lookup.`
              : `Rewrite the expression on \`${cond}\` (line ${outer.span.line}) as if/else statements (or an early-return helper function), or a lookup object.`,
        });
      },
    };
  },
});

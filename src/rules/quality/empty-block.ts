import { defineRule } from '../../engine/rule.js';
import type { BlockNode } from '../../model/types.js';

/**
 * Control blocks only. Empty loops (`while (advance());`), empty `with` bodies (`with lock: pass` waits for a
 * lock) and empty functions (no-op callbacks, hooks, stubs) are deliberate far more often than not;
 * empty `except`/`catch` belongs to the reliability rules.
 */
const CHECKED = new Set<BlockNode['kind']>(['if', 'elif', 'else', 'try', 'finally', 'switch']);

export default defineRule({
  id: 'empty-block',
  dimension: 'quality',
  meta: {
    description: 'Empty if / elif / else / try / finally / switch block with no comment saying why.',
    why: 'An empty block is either unfinished code or a branch that should not exist; without a comment readers cannot tell which (ESLint no-empty).',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { empty: 'Empty `{kind}` block.' },
  },
  defaultOptions: {},
  create(ctx) {
    const { file } = ctx;
    const python = file.language === 'python';
    return {
      block(block) {
        if (!CHECKED.has(block.kind) || block.statements > 0 || block.comments > 0) return;
        const kind = block.kind;
        const line = block.span.line;
        ctx.report({
          node: { line, column: block.span.column, endLine: line, endColumn: (file.lines[line - 1] ?? '').length + 1 },
          messageId: 'empty',
          data: { kind },
          suggestion:
            kind === 'if' || kind === 'elif'
              ? `Invert the condition of the \`${kind}\` on line ${line} and drop the empty branch, or add a comment saying why nothing happens.`
              : kind === 'else'
                ? `Delete the empty \`else\` on line ${line}.`
                : `Fill the \`${kind}\` block on line ${line}, delete it, or add a comment saying why it is empty${python ? ' (instead of a bare `pass`)' : ''}.`,
        });
      },
    };
  },
});

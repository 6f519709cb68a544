import { defineRule } from '../../engine/rule.js';
import { commentsNear, sourceOf } from '../shared/model-query.js';

const DELIBERATE = /\bdead code\b|\bnever (runs?|called|executed)\b|\beliminated\b|pragma: no cover/i;

export default defineRule({
  id: 'unreachable-code',
  dimension: 'quality',
  meta: {
    description: 'Statement after return / raise / throw / break / continue in the same block.',
    why: 'Code that can never run misleads readers into thinking it does, and often hides a misplaced early return (Ruff/pylint unreachable, ESLint no-unreachable).',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { unreachable: 'Code after `{jump}` on line {line} can never run.' },
  },
  defaultOptions: {},
  create(ctx) {
    const { file } = ctx;
    return {
      jump(j) {
        const dead = j.unreachable;
        if (!dead) return;
        const text = sourceOf(file, dead).trim();
        // `raise …; yield` makes a generator on purpose; function/class declarations are hoisted in JS.
        if (/^yield\b/.test(text) || (file.language !== 'python' && /^(async\s+)?function\b|^(type|interface|declare)\b/.test(text)))
          return;
        // Kept on purpose and said so (`# This function will be eliminated as dead code, but …`, `# pragma: no cover`).
        if (commentsNear(file, dead.line, 4).some((t) => DELIBERATE.test(t))) return;
        ctx.report({
          node: { line: dead.line, column: dead.column, endLine: dead.line, endColumn: (file.lines[dead.line - 1] ?? '').length + 1 },
          messageId: 'unreachable',
          data: { jump: j.kind, line: j.span.line },
          suggestion: `Delete the dead code from line ${dead.line}, or move the \`${j.kind}\` on line ${j.span.line} to where the flow should really end.`,
        });
      },
    };
  },
});

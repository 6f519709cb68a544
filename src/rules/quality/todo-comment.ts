import { defineRule } from '../../engine/rule.js';
import { short } from '../shared/model-query.js';

const MARKER = /(^|[\s#/*(])(TODO|FIXME|XXX|HACK)\b(?!\s*\.\w)/;
/** An issue reference: `#123`, `GH-12`, `JIRA-123`, `bpo-4567`, a URL, or `TODO(owner)`. */
const REFERENCE = /#\d+|\b[A-Za-z][A-Za-z0-9]*-\d+\b|https?:\/\/|\b(issue|bug|ticket|pr)\s*#?\d+|\b(TODO|FIXME|XXX|HACK)\s*\([^)]+\)/i;

export default defineRule({
  id: 'todo-comment',
  dimension: 'quality',
  meta: {
    description: 'TODO / FIXME / XXX / HACK comment without an issue reference.',
    why: 'Untracked TODOs are never scheduled: they accumulate and describe known problems nobody owns; a linked issue keeps the debt visible (pylint fixme, ESLint no-warning-comments).',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { todo: '{marker} without an issue reference: "{text}".' },
  },
  defaultOptions: {},
  create(ctx) {
    return {
      comment(c) {
        if (c.isDoc) return;
        c.text.split('\n').forEach((line, i) => {
          const m = MARKER.exec(line);
          if (!m || REFERENCE.test(line)) return;
          const marker = m[2]!;
          const text = line
            .slice(line.indexOf(marker))
            .replace(/\*\/\s*$/, '')
            .trim();
          const shown = short(text, 60);
          const lineNo = c.span.line + i;
          ctx.report({
            node: {
              line: lineNo,
              column: i === 0 ? c.span.column : 1,
              endLine: lineNo,
              endColumn: (ctx.file.lines[lineNo - 1] ?? '').length + 1,
            },
            messageId: 'todo',
            data: { marker, text: shown },
            suggestion: `File an issue for "${shown}" and reference it (\`${marker}(#123): …\`), or do it now and delete the comment.`,
          });
        });
      },
    };
  },
});

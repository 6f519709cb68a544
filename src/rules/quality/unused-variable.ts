import { defineRule } from '../../engine/rule.js';
import type { AssignmentNode, BindingNode, SourceFile } from '../../model/types.js';
import { inObjectPattern } from '../shared/declarations.js';

/** The binding comes from unpacking (`a, b = f()`, `const [a, b] = …`, `const { a, ...rest } = …`): the other names are what is wanted. */
function fromUnpacking(file: SourceFile, b: BindingNode, assignments: readonly AssignmentNode[]): boolean {
  if (
    assignments.some(
      (a) => a.targets.length > 1 && a.targets.includes(b.name) && a.span.line <= b.span.line && a.span.endLine >= b.span.line,
    )
  )
    return true;
  const line = file.lines[b.span.line - 1] ?? '';
  return inObjectPattern(file, b.span) || /^\s*(const|let|var)?\s*\[/.test(line) || /^\s*[\w.]+\s*,/.test(line) || /^\s*\(/.test(line);
}

export default defineRule({
  id: 'unused-variable',
  dimension: 'quality',
  meta: {
    description: 'Local variable is assigned but never read.',
    why: 'A value computed and never used is wasted work, and usually a bug: the code meant to use it, or a rename left the old name behind (Ruff F841, ESLint no-unused-vars).',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { unused: 'Variable `{name}` is assigned but never used.' },
  },
  defaultOptions: {},
  create(ctx) {
    const { file } = ctx;
    const python = file.language === 'python';
    const assignments = file.assignments;
    return {
      binding(b) {
        if (b.kind !== 'variable' && b.kind !== 'constant') return;
        if (b.reads > 0 || b.isExported || b.inClassBody || b.name.startsWith('_') || !/^[\w$]+$/.test(b.name)) return;
        // Python module-level names are importable API; JS module-level bindings are checked (ESLint does too).
        if (b.scope === null && python) return;
        const fn = b.scope === null ? null : file.functions[b.scope];
        if (fn) {
          const body = file.lines.slice(fn.bodySpan.line - 1, fn.bodySpan.endLine).join('\n');
          if (/\blocals\(\)|\bvars\(\)|\beval\(|\bexec\(/.test(body)) return;
        }
        if (fromUnpacking(file, b, assignments)) return;
        // `total += x` reads the old value: a counter only ever updated is a smell, but not a dead store.
        if (assignments.some((a) => a.operator !== '=' && a.operator !== ':=' && a.targets.includes(b.name) && a.function === b.scope))
          return;
        const line = (file.lines[b.span.line - 1] ?? '').trim();
        ctx.report({
          node: b,
          messageId: 'unused',
          data: { name: b.name },
          suggestion:
            /=/.test(line) && /\(/.test(line)
              ? `Drop \`${b.name} = \` on line ${b.span.line} and keep the call as a statement if its side effect is needed, or use \`${b.name}\`.`
              : `Delete \`${b.name}\` (line ${b.span.line}) or use it where it was meant to be used.`,
        });
      },
    };
  },
});

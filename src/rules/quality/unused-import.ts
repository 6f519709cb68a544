import { defineRule } from '../../engine/rule.js';
import { deleteLinesOf } from '../shared/fix-edits.js';
import type { ImportNode, SourceFile } from '../../model/types.js';
import { contains } from '../shared/model-query.js';
import { mentionCount } from '../shared/name-usage.js';

/**
 * A Python `from m import Name` that re-exports part of the package's API: the name is public and the module
 * is relative (`from ._impl import x`), in the same top-level package as the file (`distutils/core.py` importing
 * `distutils.cmd`), or the file's own accelerator (`ssl.py` importing `_ssl`). Names in `__all__` count as used anyway.
 */
function reExport(file: SourceFile, imp: ImportNode, name: string): boolean {
  const parts = file.path.split(/[\\/]/);
  const stem = (parts[parts.length - 1] ?? '').replace(/\.py$/, '');
  const top = imp.module.split('.')[0] ?? '';
  // `import _multiprocessing`: importing a private/C module fails early when it is missing (an availability check).
  if (/^import\s/.test((file.lines[imp.span.line - 1] ?? '').trim())) return top.startsWith('_');
  if (/^__\w+__$/.test(name)) return true; // `from _impl import __all__, __doc__`
  if (top === `_${stem}` || top === stem || (top.startsWith('_') && top.endsWith(`_${stem}`))) return true; // the facade of its accelerator / namesake (`struct` ← `_struct`, distutils.sysconfig ← sysconfig)
  if (name.startsWith('_') || imp.module === '') return false;
  // Public names from a relative, private (`_sre`) or same-package module are the package's API.
  return imp.module.startsWith('.') || top.startsWith('_') || parts.slice(0, -1).includes(top);
}

/** Imports inside `try` (availability checks: `try: import x except ImportError`) or `if` (version switches) are deliberate. */
function guarded(file: SourceFile, imp: ImportNode): boolean {
  return file.branches.some(
    (b) => (b.kind === 'try' || b.kind === 'if' || b.kind === 'else' || b.kind === 'elif') && contains(b.span, imp.span),
  );
}

export default defineRule({
  id: 'unused-import',
  dimension: 'quality',
  meta: {
    description: 'Imported name is never used in the module.',
    why: 'Unused imports slow start-up, create false dependencies (and import cycles), and make readers look for a use that is not there (Ruff F401, ESLint no-unused-vars).',
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    messages: { unused: '`{name}` is imported from `{module}` but never used.' },
    fix: 'unsafe',
  },
  defaultOptions: {},
  create(ctx) {
    const { file } = ctx;
    const python = file.language === 'python';
    // `__init__.py` imports are the package's public API (re-exports); `.d.ts` and `.pyi` files only declare.
    if (/(^|\/)__init__\.py$|\.d\.ts$|\.pyi$/.test(file.path)) return {};
    // PEP 484 type comments (`x = None  # type: Optional[str]`) use names the code never mentions.
    const typeComments = python
      ? file.comments.filter((c) => /^#?\s*type:(?!\s*ignore\b)/.test(c.text.trim())).map((c) => c.text.trim().replace(/^#?\s*type:/, ''))
      : [];
    const jsx = /\.[jt]sx$/.test(file.path);
    const importSpans = file.imports.map((i) => i.span);
    return {
      import(imp) {
        if (imp.isWildcard || (python && imp.module === '__future__') || guarded(file, imp)) return;
        // `export { a } from './x'` / `export * as ns from './x'` re-export: nothing is bound locally.
        if (!python && /^export\b/.test((file.lines[imp.span.line - 1] ?? '').slice(imp.span.column - 1))) return;
        const names = imp.bindings.filter((b) => b.local !== '*' && /^[\w$]+$/.test(b.local));
        const unused = names.filter((b) => {
          if (jsx && (b.local === 'React' || b.local === 'h')) return false;
          if (python && imp.span.line > 0 && reExport(file, imp, b.local)) return false;
          // Python `import a.b` binds `a`; `import x as x` / `from m import x as x` is an explicit re-export (PEP 484).
          if (
            python &&
            b.local === b.imported &&
            /\bas\b/.test(file.lines[b.span.line - 1] ?? '') &&
            new RegExp(`\\b${b.local}\\s+as\\s+${b.local}\\b`).test(file.lines[b.span.line - 1] ?? '')
          )
            return false;
          const root = python ? (b.local.split('.')[0] ?? b.local) : b.local;
          if (typeComments.some((t) => new RegExp(`(^|[^\\w.])${root}\\b`).test(t))) return false;
          return mentionCount(file, root, importSpans) === 0;
        });
        for (const b of unused) {
          const local = python ? (b.local.split('.')[0] ?? b.local) : b.local;
          const all = unused.length === names.length;
          // Only a whole statement is deleted (unsafe: an import may run code); a shared line is left alone.
          const fix = all && names.length === imp.bindings.length ? deleteLinesOf(file, imp.span) : null;
          ctx.report({
            node: b.span,
            messageId: 'unused',
            data: { name: local, module: imp.module },
            suggestion: all
              ? `Delete the import of \`${imp.module}\` on line ${imp.span.line}.`
              : `Remove \`${local}\` from the import of \`${imp.module}\` on line ${imp.span.line}.`,
            ...(fix ? { fix } : {}),
          });
        }
      },
    };
  },
});

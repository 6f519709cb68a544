// ESLint rule `toasty/layers`: a file of src/ imports only from its own layer and from lower ones
// (scripts/layers.mjs). Checks static imports, `export … from`, dynamic `import()` and
// `import('…')` types, resolving each relative specifier to the file it names, so a sub-folder
// that is its own layer (src/neural/rules/, src/engine/rule.ts) is told apart from its parent.
import { relative, resolve, sep } from 'node:path';
import { resolveSpecifier, violation } from './layers.mjs';

const ROOT = resolve(import.meta.dirname, '..');

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'Layers of src/ import downward only (scripts/layers.mjs, ARCHITECTURE.md)' },
    schema: [],
    messages: { backward: '{{why}}' },
  },
  create(context) {
    const from = relative(ROOT, context.filename).split(sep).join('/');
    if (!from.startsWith('src/')) return {};
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const to = resolveSpecifier(ROOT, from, source.value);
      const why = to && violation(from, to);
      if (why) context.report({ node: source, messageId: 'backward', data: { why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // typescript-eslint 8 names the specifier `source` (`argument`, a TSLiteralType, before)
      TSImportType: (node) => check(node.source ?? (node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument)),
    };
  },
};

export default { meta: { name: 'toasty-layers' }, rules: { layers } };

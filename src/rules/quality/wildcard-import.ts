import { defineRule } from '../../engine/rule.js';

export default defineRule({
  id: 'wildcard-import',
  dimension: 'quality',
  meta: {
    description: '`from module import *` outside a package `__init__.py`.',
    why: 'A star import hides where names come from, silently shadows local names, and makes unused-import and undefined-name checks impossible (PEP 8, Ruff F403, pylint wildcard-import).',
    severity: 'warning',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python'],
    messages: { star: '`from {module} import *` imports an unknown set of names.' },
  },
  defaultOptions: {},
  create(ctx) {
    const { file } = ctx;
    // `__init__.py` star imports re-export a package's submodules (with their `__all__`): the intended use.
    if (/(^|\/)__init__\.py$/.test(file.path)) return {};
    return {
      import(imp) {
        if (!imp.isWildcard) return;
        ctx.report({
          node: imp,
          messageId: 'star',
          data: { module: imp.module },
          suggestion: `Import the names this module uses explicitly (\`from ${imp.module} import a, b\`) or import the module (\`import ${imp.module}\`) and qualify them.`,
        });
      },
    };
  },
});

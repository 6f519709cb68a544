import { defineRule } from '../../engine/rule.js';
import { isPascalCase, toPascalCase } from '../shared/naming.js';

export default defineRule({
  id: 'class-name-case',
  dimension: 'readability',
  meta: {
    description:
      'Class name is not in PascalCase (Python: mixed styles such as `httpClient`; all-lowercase callables are allowed by PEP 8).',
    why: 'PEP 8 and every JS/TS style guide name classes in PascalCase; readers rely on it to tell a class (to instantiate) from a function or a value.',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { notPascal: 'Class `{name}` is not in PascalCase.' },
  },
  defaultOptions: {},
  create(ctx) {
    return {
      class(cls) {
        const { name } = cls;
        if (!/^[\w$]+$/.test(name) || isPascalCase(name) || isPascalCase(name.replace(/_\d+$/, '')) || /^_*[A-Z][A-Z0-9_]*$/.test(name))
          return;
        // PEP 8 lets classes used as callables take function names (`closing`, `cached_property`, `itemgetter`):
        // in Python only mixed styles (`httpClient`, `Http_client`) are reported.
        if (ctx.file.language === 'python' && !/[A-Z]/.test(name)) return;
        const better = toPascalCase(name);
        if (better === name) return;
        ctx.report({
          node: cls,
          useNameSpan: true,
          messageId: 'notPascal',
          data: { name },
          suggestion: `Rename \`${name}\` to \`${better}\` (and its uses).`,
        });
      },
    };
  },
});

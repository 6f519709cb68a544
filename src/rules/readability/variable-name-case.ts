import { defineRule } from '../../engine/rule.js';
import { classOf, hasBases, inObjectPattern, isOverrideOrStub } from '../shared/declarations.js';
import { hasInnerUnderscore, isMixedCase, toCamelCase, toSnakeCase } from '../shared/naming.js';

export default defineRule({
  id: 'variable-name-case',
  dimension: 'readability',
  meta: {
    description: 'Local variable or parameter name does not follow the language convention (snake_case in Python, camelCase in JS/TS).',
    why: 'Mixing `fooBar` and `foo_bar` in one codebase makes names harder to guess and to search; PEP 8 (N803/N806) and ESLint `camelcase` agree on one style per language.',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { badCase: '{kind} `{name}` is not in {style}.' },
  },
  defaultOptions: {},
  create(ctx) {
    const { file } = ctx;
    const python = file.language === 'python';
    return {
      binding(b) {
        if (b.inClassBody || b.isExported) return;
        if (!['variable', 'constant', 'param', 'loop-variable', 'with-target'].includes(b.kind)) return;
        const { name } = b;
        if (!/^[\w$]+$/.test(name)) return;
        let better: string;
        if (python) {
          // Module-level names are API (aliases, type aliases, constants): only locals and parameters.
          if (b.scope === null || !isMixedCase(name)) return;
          const fn = file.functions[b.scope];
          if (
            fn &&
            b.kind === 'param' &&
            (isOverrideOrStub(fn) || (fn.kind === 'method' && hasBases(classOf(file, fn))) || isMixedCase(fn.name))
          )
            return;
          better = toSnakeCase(name);
        } else {
          // `path_1`, `Explorer_js_1`: names emitted by the TypeScript compiler, not written by people.
          if (!hasInnerUnderscore(name) || /_\d+$/.test(name) || inObjectPattern(file, b.span)) return;
          // `node_process = require('process')`: a bundler's alias named after the module.
          const required = /require\(\s*['"](?:node:)?([\w-]+)['"]\s*\)/.exec(file.lines[b.span.line - 1] ?? '');
          if (required && name.toLowerCase().endsWith((required[1] ?? '').toLowerCase().replace(/-/g, '_'))) return;
          better = toCamelCase(name);
        }
        if (better === name) return;
        ctx.report({
          node: b,
          messageId: 'badCase',
          data: { kind: b.kind === 'param' ? 'Parameter' : 'Variable', name, style: python ? 'snake_case' : 'camelCase' },
          suggestion: `Rename \`${name}\` to \`${better}\` in this scope.`,
        });
      },
    };
  },
});

import { defineRule } from '../../engine/rule.js';
import { classOf, hasBases, isOverrideOrStub } from '../shared/declarations.js';
import { hasInnerUnderscore, isDunder, isSnakeCase, isUpperCase, toCamelCase, toSnakeCase } from '../shared/naming.js';

/** Method names imposed by frameworks (unittest, ast.NodeVisitor, logging, http.server). */
const IMPOSED =
  /^(setUp|tearDown|setUpClass|tearDownClass|setUpModule|tearDownModule|asyncSetUp|asyncTearDown|setUpTestData|visit_[A-Z]\w*|generic_visit|do_[A-Z]+|UNSAFE_\w+)$/;

export default defineRule({
  id: 'function-name-case',
  dimension: 'readability',
  meta: {
    description: 'Function or method name does not follow the language convention (snake_case in Python, camelCase in JS/TS).',
    why: 'Consistent naming lets readers recognise functions at a glance and keeps a codebase from mixing two styles (PEP 8 N802, ESLint `camelcase`).',
    severity: 'info',
    // Off by default: on the Python stdlib ~30% of findings are names mandated by a spec or kept for compatibility
    // (`getDOMImplementation`, `parseString`, `countOf`), which PEP 8 allows.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { badCase: '{kind} `{name}` is not in {style}.' },
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    // PEP 8: "mixedCase is allowed only in contexts where that's already the prevailing style (e.g. threading.py)".
    const named = ctx.file.functions.filter(
      (f) =>
        f.kind !== 'lambda' && /^_*[a-z]/.test(f.name) && !IMPOSED.test(f.name) && !(f.kind === 'method' && hasBases(classOf(ctx.file, f))),
    );
    const mixed = named.filter((f) => /[a-z0-9][A-Z]/.test(f.name)).length;
    // …or a deliberate convention of the module (threading's `setDaemon`/`getName` aliases, logging, unittest, xml.dom): 3 or more.
    const prevailingMixed = python && (mixed > named.length - mixed || mixed >= 3);
    return {
      function(fn) {
        const { name } = fn;
        if (fn.kind === 'lambda' || fn.kind === 'constructor' || !/^[\w$]+$/.test(name) || isDunder(name) || IMPOSED.test(name)) return;
        if (isOverrideOrStub(fn)) return;
        let better: string;
        if (python) {
          // PEP 8: snake_case; CONSTANT-like and Pascal names are factories/aliases, left alone.
          // Only camel humps (`loadConfig`): a capital after an underscore is notation (`_from_V`, `visit_If`).
          // `end_dateTime`, `restore_logging__handlerList`: a prefix plus a name taken from data (dispatch by tag/attribute).
          if (/^_*[a-z0-9]+_/.test(name) && !/^_*[a-z0-9]*[A-Z]/.test(name)) return;
          if (isSnakeCase(name) || isUpperCase(name) || /^_*[A-Z]/.test(name) || !/[a-z0-9][A-Z]/.test(name) || prevailingMixed) return;
          // A mixedCase method of a subclass usually overrides a mixedCase base method (unittest, logging, xml.dom).
          if (fn.kind === 'method' && hasBases(classOf(ctx.file, fn))) return;
          better = toSnakeCase(name);
        } else {
          // ESLint `camelcase`: only inner underscores; methods of object literals are often keys imposed by an API.
          if (!hasInnerUnderscore(name) || (fn.kind === 'method' && fn.parentClass === null)) return;
          better = toCamelCase(name);
        }
        if (better === name) return;
        ctx.report({
          node: fn,
          useNameSpan: true,
          messageId: 'badCase',
          data: { kind: fn.kind === 'method' ? 'Method' : 'Function', name, style: python ? 'snake_case' : 'camelCase' },
          suggestion: `Rename \`${name}\` to \`${better}\` (and its callers).`,
        });
      },
    };
  },
});

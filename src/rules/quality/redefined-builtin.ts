import { defineRule } from '../../engine/rule.js';
import { PYTHON_BUILTINS } from '../../languages/python/builtins.js';


/** ECMAScript globals; shadowing them breaks the code after the binding. */
const JS = new Set(
  (
    'Array ArrayBuffer BigInt Boolean DataView Date Error EvalError Function Infinity JSON Map Math NaN Number Object Promise Proxy RangeError ' +
    'ReferenceError Reflect RegExp Set String Symbol SyntaxError TypeError URIError WeakMap WeakSet undefined eval arguments globalThis ' +
    'parseInt parseFloat isNaN isFinite encodeURIComponent decodeURIComponent encodeURI decodeURI'
  ).split(' '),
);
/** Restricted names (ESLint no-shadow-restricted-names): wrong even as parameters. */
const JS_RESTRICTED = new Set(['undefined', 'NaN', 'Infinity', 'eval', 'arguments']);

export default defineRule({
  id: 'redefined-builtin',
  dimension: 'quality',
  meta: {
    description: 'Local name shadows a builtin (`list`, `id`, `type` in Python; `Object`, `undefined`, `Map` in JS).',
    why: 'After `list = …` the builtin is gone for the rest of the scope: a later `list(x)` fails or does something else, and readers misread the name (pylint redefined-builtin, ESLint no-shadow-restricted-names).',
    severity: 'warning',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { shadows: '{kind} `{name}` shadows the builtin `{name}`.' },
  },
  defaultOptions: {},
  create(ctx) {
    const python = ctx.file.language === 'python';
    return {
      binding(b) {
        if (b.inClassBody || b.isExported) return;
        const builtins = python ? PYTHON_BUILTINS : JS;
        if (!builtins.has(b.name)) return;
        // Module-level functions/classes named like a builtin are deliberate API (`gzip.open`, `shlex.split`); parameters are API too,
        // except the restricted JS names.
        if (b.kind === 'import') return;
        if (b.scope === null && (b.kind === 'function' || b.kind === 'class')) return;
        if (b.kind === 'param' && !(!python && JS_RESTRICTED.has(b.name))) return;
        const kind = {
          variable: 'Variable',
          constant: 'Constant',
          'loop-variable': 'Loop variable',
          exception: 'Exception name',
          'with-target': 'Name',
          function: 'Function',
          class: 'Class',
          param: 'Parameter',
          import: 'Import',
        }[b.kind];
        const better = python ? `${b.name}_` : `${b.name.charAt(0).toLowerCase()}${b.name.slice(1)}Value`;
        ctx.report({
          node: b,
          messageId: 'shadows',
          data: { kind, name: b.name },
          suggestion: `Rename \`${b.name}\` to a name that says what it holds (or \`${better}\`) so the builtin stays usable.`,
        });
      },
    };
  },
});

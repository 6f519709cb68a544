import { defineRule } from '../../engine/rule.js';
import type { BindingNode, SourceFile, Span } from '../../model/types.js';
import { contains, sourceOf } from '../shared/model-query.js';
import { isTestPath } from '../shared/paths.js';
import { isDunder, words } from '../shared/naming.js';

/**
 * `const { LONG_NAME } = require('./errors')`, `{ LONG_NAME } = options`: a shorthand destructured
 * name is the other module's (or object's) property name, chosen elsewhere. The reader cannot rename
 * it here (only `{ LONG_NAME: short }`), so only names bound in this file are reported.
 */
function destructuredShorthand(file: SourceFile, b: BindingNode): boolean {
  const a = file.assignments.find((x) => x.declaration !== null && contains(x.span, b.span) && x.targets.includes(b.name));
  if (!a || !/^\s*(?:(?:const|let|var)\s+)?\{/.test(sourceOf(file, a.span))) return false;
  const before = (file.lines[b.span.line - 1] ?? '').slice(0, b.span.column - 1);
  const prev = before.trimEnd().slice(-1) || lastCodeChar(file, b.span.line - 1);
  return prev !== ':';
}

function lastCodeChar(file: SourceFile, line: number): string {
  for (let l = line; l > 0; l--) {
    const t = (file.lines[l - 1] ?? '').replace(/\/\/.*$/, '').trimEnd();
    if (t) return t.slice(-1);
  }
  return '';
}

export default defineRule({
  id: 'long-identifier',
  dimension: 'readability',
  meta: {
    description: 'Function, class, variable or parameter name longer than the configured maximum.',
    why: 'Very long names push code past the line limit and usually encode context (module, type, history) that the surrounding code already gives.',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { tooLong: '{kind} `{name}` is {length} characters long (max {max}).' },
    optionSchema: { max: { type: 'integer', minimum: 1 } },
  },
  defaultOptions: { max: 40 },
  create(ctx, { max }) {
    const { file } = ctx;
    if (isTestPath(file.path)) return {};
    const seen = new Set<string>();
    const check = (name: string, span: Span, kind: string): void => {
      if (name.length <= max || isDunder(name) || /^test/i.test(name) || !/^[\w$]+$/.test(name)) return;
      const key = `${span.line}:${span.column}`;
      if (seen.has(key)) return;
      seen.add(key);
      const parts = words(name);
      ctx.report({
        node: span,
        messageId: 'tooLong',
        data: { kind, name, length: name.length, max },
        suggestion: `Shorten \`${name}\` (${parts.length} words): drop the words its ${kind === 'Parameter' || kind === 'Variable' ? 'function' : 'module'} already implies and keep the ${Math.min(3, parts.length)} that distinguish it.`,
      });
    };
    return {
      class(cls) {
        check(cls.name, cls.nameSpan, 'Class');
      },
      function(fn) {
        if (fn.kind !== 'lambda' && fn.name !== '<anonymous>') check(fn.name, fn.nameSpan, fn.kind === 'method' ? 'Method' : 'Function');
      },
      binding(b) {
        if (b.kind !== 'variable' && b.kind !== 'constant' && b.kind !== 'param' && b.kind !== 'loop-variable') return;
        if (b.name.length > max && destructuredShorthand(file, b)) return;
        check(b.name, b.span, b.kind === 'param' ? 'Parameter' : 'Variable');
      },
    };
  },
});

import { ANNOTATION_KINDS } from '../../engine/annotations.js';
import { defineRule } from '../../engine/rule.js';
import type { ClassNode, FunctionNode, SourceFile } from '../../model/types.js';
import { classOf, hasBases, isOverrideOrStub } from '../shared/declarations.js';
import { isTestPath } from '../shared/paths.js';
import { isDunder } from '../shared/naming.js';

/** Tool directives and fixture annotations (`ruleid:`, `ok:`…) are not documentation. */
const DIRECTIVE = new RegExp(
  `^\\s*(${ANNOTATION_KINDS.join('|')}|eslint|prettier|@ts-|istanbul|c8|tslint|jshint|global|TODO|FIXME|XXX)\\b`,
);

/** A comment ends on the line just above `line` (or above its decorators): JS code documented with `//` comments. */
function commentAbove(file: SourceFile, line: number): boolean {
  return file.comments.some((c) => c.span.endLine === line - 1 && !DIRECTIVE.test(c.text));
}

/** `name` may override a method of a base class: a base is not defined in this file, or defines `name`. */
function overridesOrUnknown(file: SourceFile, cls: ClassNode, name: string, depth = 0): boolean {
  if (depth > 8) return true;
  return cls.bases.some((b) => {
    const last = b.split('.').pop();
    if (last === 'object' || last === 'Object') return false;
    const base = file.classes.find((c) => c.name === last && c !== cls);
    return !base || base.methods.some((i) => file.functions[i]?.name === name) || overridesOrUnknown(file, base, name, depth + 1);
  });
}

function firstLine(node: FunctionNode | ClassNode): number {
  return node.span.line;
}

export default defineRule({
  id: 'missing-docstring',
  dimension: 'readability',
  meta: {
    description: 'Public function or class of some size has no docstring (Python) or JSDoc (JS/TS).',
    why: 'A public API without documentation forces every caller to read its body to learn what it expects and returns; tooling (help(), IDE hovers, generated docs) shows nothing.',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: {
      fn: 'Public {kind} `{name}` ({lines} lines) has no {doc}.',
      cls: 'Public class `{name}` has no {doc}.',
    },
    optionSchema: { minLines: { type: 'integer', minimum: 0 } },
  },
  defaultOptions: { minLines: 10 },
  create(ctx, { minLines }) {
    const { file } = ctx;
    const python = file.language === 'python';
    const doc = python ? 'docstring' : 'JSDoc comment';
    // Declaration files and type stubs: the docs live with the implementation.
    if (isTestPath(file.path) || /(^|\/)(conftest|setup)\.py$|\.d\.ts$|\.pyi$/.test(file.path)) return {};
    const documented = (node: FunctionNode | ClassNode): boolean =>
      node.doc !== null && node.doc.trim() !== '' ? true : !python && commentAbove(file, firstLine(node));
    const template = (name: string, kind: string): string =>
      python
        ? `Add a docstring under \`${kind === 'class' ? 'class' : 'def'} ${name}\`: one line saying what it does, then its arguments and return value.`
        : `Add a \`/** … */\` JSDoc block above \`${name}\` describing what it does, its parameters (@param) and what it returns.`;
    return {
      class(cls) {
        if (!cls.isExported || cls.name.startsWith('_') || cls.span.endLine - cls.span.line + 1 < minLines || documented(cls)) return;
        // `class IncrementalEncoder(codecs.IncrementalEncoder)`: an implementation of a documented interface.
        if (cls.bases.some((b) => b.split('.').pop() === cls.name)) return;
        // Exception classes and small data holders are self-describing by name.
        if (cls.bases.some((b) => /(Error|Exception|Warning)$/.test(b)) && cls.span.endLine - cls.span.line < minLines) return;
        ctx.report({
          node: cls,
          useNameSpan: true,
          messageId: 'cls',
          data: { name: cls.name, doc },
          suggestion: template(cls.name, 'class'),
        });
      },
      function(fn) {
        if (fn.kind === 'lambda' || fn.kind === 'arrow' || fn.kind === 'getter' || fn.kind === 'setter' || fn.kind === 'constructor')
          return;
        if (!fn.isExported || fn.depth > 0 || fn.parentFunction !== null || documented(fn)) return;
        if (fn.name.startsWith('_') || fn.name.startsWith('#') || isDunder(fn.name) || /^test/i.test(fn.name)) return;
        if (fn.metrics.sloc < (minLines as number) || isOverrideOrStub(fn)) return;
        if (fn.decorators.some((d) => /\.(setter|deleter)$|^property$/.test(d))) return;
        // Methods of object literals implement an interface of the framework (`create(context)` of an ESLint rule).
        if (fn.kind === 'method' && fn.parentClass === null) return;
        const cls = classOf(file, fn);
        if (cls && (cls.name.startsWith('_') || (!cls.isExported && !python))) return;
        // A method of a subclass may override a base method documented there: report it only when every base is a
        // class of this file and none of them defines the name.
        if (cls && hasBases(cls) && overridesOrUnknown(file, cls, fn.name)) return;
        const name = fn.qualifiedName;
        ctx.report({
          node: fn,
          useNameSpan: true,
          messageId: 'fn',
          data: { kind: fn.kind === 'method' ? 'method' : 'function', name, lines: fn.metrics.sloc, doc },
          suggestion: template(fn.name, 'def'),
        });
      },
    };
  },
});

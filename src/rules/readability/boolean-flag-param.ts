import { defineRule } from '../../engine/rule.js';
import type { FunctionNode, Param, SourceFile } from '../../model/types.js';
import { sourceOf } from '../shared/model-query.js';
import { classOf, hasBases, isOverrideOrStub } from '../shared/declarations.js';
import { isTestPath } from '../shared/paths.js';
import { isDunder } from '../shared/naming.js';

const isBool = (p: Param): boolean =>
  /^(true|false|True|False)$/.test(p.defaultText ?? '') ||
  /^(bool|boolean)$/.test((p.annotation ?? '').replace(/\s*\|\s*(None|undefined)$/, ''));

/** Python keyword-only parameters (after `*` or `*args`) are named at every call site: not a trap. */
function keywordOnly(file: SourceFile, fn: FunctionNode, index: number): boolean {
  if (file.language !== 'python') return false;
  if (fn.params.slice(0, index).some((p) => p.isRest)) return true;
  const param = fn.params[index];
  if (!param) return false;
  const head = sourceOf(file, {
    line: fn.nameSpan.line,
    column: fn.nameSpan.column,
    endLine: param.span.line,
    endColumn: param.span.column,
  });
  return /[(,]\s*\*\s*,/.test(head);
}

/** The parameter decides a branch of this function: `if flag:`, `flag ? a : b`, `if (!flag)`. */
function selectsBehaviour(file: SourceFile, fn: FunctionNode, name: string): boolean {
  const index = file.functions.indexOf(fn);
  const word = new RegExp(`(^|[^\\w$.])${name}(?![\\w$])`);
  return file.branches.some((b) => b.function === index && b.kind !== 'logical' && b.condition !== undefined && word.test(b.condition));
}

export default defineRule({
  id: 'boolean-flag-param',
  dimension: 'readability',
  meta: {
    description: 'Positional boolean parameter that switches the behaviour of a function.',
    why: 'A call like `render(data, true)` does not say what `true` means, and a flag means the function does two things; a keyword-only/options parameter or two functions read better (flake8-boolean-trap FBT001/FBT002).',
    severity: 'info',
    // Off by default: mostly noise on real code (bench/precision, docs/rule-precision.json); opt in per project.
    defaultOff: true,
    languages: ['python', 'javascript', 'typescript'],
    messages: { flag: 'Boolean parameter `{param}` of `{name}` selects its behaviour.' },
  },
  defaultOptions: {},
  create(ctx) {
    const { file } = ctx;
    if (isTestPath(file.path)) return {};
    const python = file.language === 'python';
    return {
      function(fn) {
        if (fn.kind === 'lambda' || fn.kind === 'arrow' || fn.kind === 'setter' || isDunder(fn.name) || fn.name.startsWith('_')) return;
        if (/^<|^set[A-Z_]/.test(fn.name) || isOverrideOrStub(fn)) return;
        if (fn.kind === 'method' && python && hasBases(classOf(file, fn))) return;
        fn.params.forEach((p, i) => {
          if (p.isRest || !/^[\w$]+$/.test(p.name) || !isBool(p) || keywordOnly(file, fn, i)) return;
          if (!selectsBehaviour(file, fn, p.name)) return;
          const suggestion = python
            ? `Make \`${p.name}\` keyword-only (\`def ${fn.name}(…, *, ${p.name}=…)\`) so callers write \`${p.name}=True\`, or split \`${fn.name}\` into two functions.`
            : `Replace \`${p.name}\` with an options object (\`${fn.name}(…, { ${p.name}: true })\`) so call sites say what \`true\` means, or split \`${fn.name}\` into two functions.`;
          ctx.report({ node: p, messageId: 'flag', data: { param: p.name, name: fn.qualifiedName }, suggestion });
        });
      },
    };
  },
});

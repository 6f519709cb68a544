import { defineRule } from '../../engine/rule.js';
import type { FunctionNode, SourceFile } from '../../model/types.js';
import { classOf, hasBases, isOverrideOrStub, isStubBody } from '../shared/declarations.js';
import { isDunder } from '../shared/naming.js';
import { mentionCount } from '../shared/name-usage.js';

const valueNames = new WeakMap<SourceFile, Set<string>>();

/**
 * Names that appear as an identifier token not followed by `(` and not as their own definition
 * (the function is passed around). Computed once per file: one pass over the tokens, not one per function.
 */
function namesUsedAsValues(file: SourceFile): Set<string> {
  let names = valueNames.get(file);
  if (!names) {
    names = new Set();
    const tokens = file.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind !== 'identifier') continue;
      const prev = tokens[i - 1]?.text;
      if (prev === 'def' || prev === 'function' || prev === 'class' || prev === '.') continue;
      if (tokens[i + 1]?.text === '(') continue;
      names.add(t.text);
    }
    valueNames.set(file, names);
  }
  return names;
}

function usedAsValue(file: SourceFile, name: string): boolean {
  return namesUsedAsValues(file).has(name);
}

/** Functions whose signature is imposed from outside: callbacks, overrides, hooks, stubs, decorated handlers. */
function imposedSignature(file: SourceFile, fn: FunctionNode): boolean {
  if (fn.kind === 'lambda' || fn.kind === 'arrow' || fn.kind === 'setter' || fn.name === '<anonymous>' || fn.name === '<lambda>')
    return true;
  if (isDunder(fn.name) || fn.decorators.length > 0 || isOverrideOrStub(fn)) return true;
  if (fn.kind === 'method' && (fn.parentClass === null || hasBases(classOf(file, fn)))) return true;
  // Handlers named for a dispatcher (`visit_X`, `do_GET`, `begin_dict`, `on_message`, `end_element_handler`).
  if (/^(visit|do|on|handle|begin|end|start|repr|parse|emit|render)_|_(handler|callback|hook)$|^(on|handle)[A-Z]/.test(fn.name))
    return true;
  // A named function used as a value anywhere (`map(fn, …)`, `handlers = {'x': fn}`, `f = a if c else fn`): a callback.
  if (usedAsValue(file, fn.name)) return true;
  // The tests read the body's text: last, as they cost the most (none has a side effect, so the order changes nothing).
  if (isStubBody(file, fn)) return true;
  // Reads `locals()` / `arguments`: every parameter may be used. Line by line (no pattern spans a line break).
  for (let line = fn.bodySpan.line; line <= fn.bodySpan.endLine; line++)
    if (/\blocals\(\)|\barguments\b|\bvars\(\)/.test(file.lines[line - 1] ?? '')) return true;
  return false;
}

export default defineRule({
  id: 'unused-parameter',
  dimension: 'quality',
  meta: {
    description:
      'Parameter of a plain function is never used in its body (methods only with `checkMethods`; callbacks, handlers, stubs and `_`-prefixed names are left alone).',
    why: 'An unused parameter makes every caller compute and pass a value for nothing, and often means the function forgot to honour it (pylint unused-argument, ESLint no-unused-vars args:after-used).',
    severity: 'info',
    languages: ['python', 'javascript', 'typescript'],
    messages: { unused: 'Parameter `{param}` of `{name}` is never used.' },
  },
  defaultOptions: { checkMethods: false },
  create(ctx, { checkMethods }) {
    const { file } = ctx;
    // Type stubs declare signatures without bodies: no parameter is ever used.
    if (file.path.endsWith('.pyi')) return {};
    return {
      function(fn) {
        // Methods implement duck-typed interfaces (dispatch by name, protocols, framework hooks) far too often to be judged alone.
        if (fn.kind !== 'function' && !(checkMethods && fn.kind === 'method')) return;
        if (imposedSignature(file, fn)) return;
        const params = fn.params.filter((p) => /^[\w$]+$/.test(p.name));
        const used = params.map((p) => mentionCount(file, p.name, [p.span], fn.bodySpan) > 0);
        // Like ESLint `after-used`: a parameter before a used one keeps the positions of the others.
        const lastUsed = used.lastIndexOf(true);
        params.forEach((p, i) => {
          // TS parameter properties (`constructor(readonly label: Name)`) are fields.
          const head = (file.lines[p.span.line - 1] ?? '').slice(0, p.span.column - 1);
          if (/\b(readonly|private|public|protected|override)\s+$/.test(head)) return;
          if (used[i] || p.isRest || i < lastUsed || p.name.startsWith('_') || p.name === 'self' || p.name === 'cls' || p.name === 'this')
            return;
          ctx.report({
            node: p,
            messageId: 'unused',
            data: { param: p.name, name: fn.qualifiedName },
            suggestion: `Remove \`${p.name}\` from \`${fn.name}\` and its callers, or rename it \`_${p.name}\` if the signature is imposed.`,
          });
        });
      },
    };
  },
});

import type { FunctionNode, SourceFile } from '../../model/types.js';
import { defineRule } from '../../engine/rule.js';

const MUTABLE =
  /^(\[.*\]|\{.*\}|(list|dict|set|bytearray|collections\.(defaultdict|OrderedDict|deque|Counter)|defaultdict|OrderedDict|deque|Counter)\(.*\))$/s;
const MUTATORS =
  /^(append|extend|insert|remove|pop|popitem|clear|update|setdefault|add|discard|sort|reverse|appendleft|extendleft|__setitem__|__delitem__)$/;
/** Names that announce a deliberate call-to-call memo (`def f(x, _cache={})`). */
const MEMO = /^_|cache|memo|seen|registry/i;

/** How the default object can leak state between calls: mutated in the body, returned, or stored elsewhere. */
function sharedUse(file: SourceFile, fn: FunctionNode, name: string): string | null {
  const index = file.functions.indexOf(fn);
  const inFn = (f: number | null): boolean => f === index || (f !== null && isNested(file, f, index));
  const call = file.calls.find(
    (c) => inFn(c.function) && c.callee.startsWith(`${name}.`) && MUTATORS.test(c.name) && c.callee === `${name}.${c.name}`,
  );
  if (call) return `\`${name}.${call.name}(…)\` at line ${call.span.line}`;
  const store = (file.assignments ?? []).find(
    (a) => inFn(a.function) && a.targets.some((t) => t.startsWith(`${name}[`) || (t.startsWith(`${name}.`) && !t.startsWith(`${name}.__`))),
  );
  if (store) return `the assignment to \`${store.targets[0]}\` at line ${store.span.line}`;
  const aug = (file.assignments ?? []).find((a) => inFn(a.function) && a.operator !== '=' && a.targets.includes(name));
  if (aug) return `\`${name} ${aug.operator} …\` at line ${aug.span.line}`;
  const ret = (file.jumps ?? []).find((j) => j.function === index && j.kind === 'return' && j.value && j.value.text.trim() === name);
  if (ret) return `\`return ${name}\` at line ${ret.span.line}`;
  const alias = (file.assignments ?? []).find(
    (a) => a.function === index && a.value && a.value.text.trim() === name && a.targets.some((t) => /^(self|cls)\./.test(t)),
  );
  if (alias) return `\`${alias.targets[0]} = ${name}\` at line ${alias.span.line}`;
  // Without the extension lists, fall back to the source text of the body.
  if (!file.assignments) {
    for (let l = fn.bodySpan.line; l <= fn.bodySpan.endLine; l++) {
      const text = file.lines[l - 1] ?? '';
      if (
        new RegExp(`(^|[^\\w.])${name}\\s*(\\[[^\\]]*\\]\\s*=[^=]|\\+=|\\|=)`).test(text) ||
        new RegExp(`^\\s*return\\s+${name}\\s*$`).test(text)
      )
        return `line ${l}`;
    }
  }
  return null;
}

function isNested(file: SourceFile, fnIndex: number, ancestor: number): boolean {
  let f: number | null = file.functions[fnIndex]?.parentFunction ?? null;
  while (f !== null) {
    if (f === ancestor) return true;
    f = file.functions[f]?.parentFunction ?? null;
  }
  return false;
}

export default defineRule({
  id: 'mutable-default-argument',
  dimension: 'reliability',
  meta: {
    description: 'A mutable default value (list, dict, set) is mutated, returned or stored, so its state carries over between calls.',
    why: 'Python evaluates default values once, when the `def` runs: every call that mutates the default (or hands it to a caller who does) changes it for all later calls. Defaults that are only read are left alone, and so are parameters named as deliberate caches (`_cache`, `memo`).',
    severity: 'warning',
    languages: ['python'],
    messages: { mutable: 'Parameter `{param}` of `{name}` defaults to the mutable `{value}`, which {use} changes for every later call.' },
  },
  defaultOptions: {},
  create(ctx) {
    return {
      function(fn) {
        // A nested def re-evaluates its defaults each time the enclosing function runs: per-closure state, usually on purpose.
        if (fn.parentFunction !== null) return;
        for (const p of fn.params) {
          const value = (p.defaultText ?? '').trim();
          if (!p.hasDefault || !MUTABLE.test(value) || MEMO.test(p.name)) continue;
          const use = sharedUse(ctx.file, fn, p.name);
          if (!use) continue;
          const empty = value === '[]' || value === '{}' || /^\w+(\.\w+)*\(\)$/.test(value);
          const build = empty ? value : value.length > 30 ? 'a fresh copy of the default' : value;
          ctx.report({
            node: p,
            messageId: 'mutable',
            data: { param: p.name, name: fn.qualifiedName, value: value.length > 30 ? `${value.slice(0, 29)}…` : value, use },
            suggestion: `Default \`${p.name}\` to \`None\` and start \`${fn.name}\` with \`if ${p.name} is None: ${p.name} = ${build}\`.`,
          });
        }
      },
    };
  },
});

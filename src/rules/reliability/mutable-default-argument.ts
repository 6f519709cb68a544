import type { FunctionNode, SourceFile } from '../../model/types.js';
import { defineRule } from '../../engine/rule.js';
import { short } from '../shared/model-query.js';

const MUTABLE =
  /^(\[.*\]|\{.*\}|(list|dict|set|bytearray|collections\.(defaultdict|OrderedDict|deque|Counter)|defaultdict|OrderedDict|deque|Counter)\(.*\))$/s;
const MUTATORS =
  /^(append|extend|insert|remove|pop|popitem|clear|update|setdefault|add|discard|sort|reverse|appendleft|extendleft|__setitem__|__delitem__)$/;
/** Names that announce a deliberate call-to-call memo (`def f(x, _cache={})`). */
const MEMO = /^_|cache|memo|seen|registry/i;

interface SharedUse {
  /** `mutates` it in place, `returns` it to the caller, `stores` it on the object where it is then mutated. */
  kind: 'mutates' | 'returns' | 'stores';
  use: string;
  line: number;
  /** For `stores`: where the stored object is changed. */
  mutation?: string;
}

/** A call of a mutating method on `target`, or an item/attribute assignment into it, within `inScope`. */
function mutationOf(file: SourceFile, target: string, inScope: (f: number | null) => boolean): { text: string; line: number } | null {
  const call = file.calls.find((c) => inScope(c.function) && MUTATORS.test(c.name) && c.callee === `${target}.${c.name}`);
  if (call) return { text: `\`${target}.${call.name}(…)\` at line ${call.span.line}`, line: call.span.line };
  const store = file.assignments.find(
    (a) =>
      inScope(a.function) &&
      a.targets.some((t) => t.startsWith(`${target}[`) || (t.startsWith(`${target}.`) && !t.startsWith(`${target}.__`))),
  );
  if (store) return { text: `the assignment to \`${store.targets[0]}\` at line ${store.span.line}`, line: store.span.line };
  const aug = file.assignments.find((a) => inScope(a.function) && a.operator !== '=' && a.operator !== ':=' && a.targets.includes(target));
  if (aug) return { text: `\`${target} ${aug.operator} …\` at line ${aug.span.line}`, line: aug.span.line };
  return null;
}

/** How the default object can leak state between calls: mutated in the body, returned, or stored on the object and mutated there. */
function sharedUse(file: SourceFile, fn: FunctionNode, name: string): SharedUse | null {
  const index = file.functions.indexOf(fn);
  const inFn = (f: number | null): boolean => f === index || (f !== null && isNested(file, f, index));
  const mutated = mutationOf(file, name, inFn);
  if (mutated) return { kind: 'mutates', use: mutated.text, line: mutated.line };
  const ret = file.jumps.find((j) => j.function === index && j.kind === 'return' && j.value && j.value.text.trim() === name);
  if (ret) return { kind: 'returns', use: `\`return ${name}\``, line: ret.span.line };
  const alias = file.assignments.find(
    (a) => a.function === index && a.value && a.value.text.trim() === name && a.targets.some((t) => /^(self|cls)\.\w+$/.test(t)),
  );
  if (alias) {
    // Stored on the object: shared by every instance made without the argument, which matters only
    // if something changes it through the attribute (a `copy.deepcopy(self.x)` elsewhere does not).
    const attr = alias.targets.find((t) => /^(self|cls)\.\w+$/.test(t))!;
    const changed = mutationOf(file, attr, () => true);
    if (!changed) return null;
    return { kind: 'stores', use: `\`${attr} = ${name}\` at line ${alias.span.line}`, line: alias.span.line, mutation: changed.text };
  }
  // Without the extension lists, fall back to the source text of the body.
  if (!file.assignments) {
    for (let l = fn.bodySpan.line; l <= fn.bodySpan.endLine; l++) {
      const text = file.lines[l - 1] ?? '';
      if (new RegExp(`(^|[^\\w.])${name}\\s*(\\[[^\\]]*\\]\\s*=[^=]|\\+=|\\|=)`).test(text))
        return { kind: 'mutates', use: `line ${l}`, line: l };
      if (new RegExp(`^\\s*return\\s+${name}\\s*$`).test(text)) return { kind: 'returns', use: `\`return ${name}\` at line ${l}`, line: l };
    }
  }
  return null;
}

/**
 * The parameter is rebound before `line` (`opts = dict(opts)`, `claims = copy.deepcopy(claims)`,
 * `items = list(items)`, `x = x or {}`): from there on it no longer names the shared default.
 */
function reboundBefore(file: SourceFile, fn: FunctionNode, name: string, line: number): boolean {
  const index = file.functions.indexOf(fn);
  return file.assignments.some(
    (a) => a.function === index && a.operator === '=' && a.targets.includes(name) && a.span.line < line && a.span.line >= fn.bodySpan.line,
  );
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
    messages: {
      mutates: 'Parameter `{param}` of `{name}` defaults to the mutable `{value}`, which {use} changes for every later call.',
      returns:
        'Parameter `{param}` of `{name}` defaults to the mutable `{value}`, and {use} at line {line} hands that one object to every caller: a change there shows up in later calls.',
      stores:
        'Parameter `{param}` of `{name}` defaults to the mutable `{value}`, which {use} shares with every instance made without it, and {mutation} changes.',
    },
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
          const shared = sharedUse(ctx.file, fn, p.name);
          if (!shared || reboundBefore(ctx.file, fn, p.name, shared.line)) continue;
          const empty = value === '[]' || value === '{}' || /^\w+(\.\w+)*\(\)$/.test(value);
          const build = empty ? value : value.length > 30 ? 'a fresh copy of the default' : value;
          ctx.report({
            node: p,
            messageId: shared.kind,
            data: {
              param: p.name,
              name: fn.qualifiedName,
              value: short(value, 30),
              use: shared.use,
              line: shared.line,
              mutation: shared.mutation ?? '',
            },
            suggestion: `Default \`${p.name}\` to \`None\` and start \`${fn.name}\` with \`if ${p.name} is None: ${p.name} = ${build}\`.`,
          });
        }
      },
    };
  },
});

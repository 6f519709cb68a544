/**
 * The named slots a `wrong-variable` site feeds (Rice et al. 2017, "Detecting argument selection
 * defects"; DeepBugs' name checks): the assignment target of the statement (`self.height = width * 2`
 * → `height`), the keyword (`f(height=width + 1)`), the dict / object key (`{height: width + 1}`), the
 * parameter of a callee defined in the file (`resize(width, …)` where `def resize(height, …)`), the
 * function a value is returned from (`def get_height(): return width`), the attribute compared with
 * it (`self.height == width`). Read from the front-end's model only, never from the
 * name written at the site, so a planted slip has the same slots as the code it was planted in; never
 * a model input (the gate in varmisuse-gate.ts reads them beside the model's score).
 */
import type { Expression, SourceFile, Span } from '../../model/types.js';
import { lineStarts } from '../findings.js';
import { calleeParams } from './swap-gate.js';

/** `update`: the target is a plain name (`total = total + x`), `target`: an attribute or keyed slot (`self.total = …`). */
export type SlotKind = 'target' | 'update' | 'keyword' | 'key' | 'param' | 'return' | 'paired';

export interface VarSlot {
  kind: SlotKind;
  /** The slot's name (last segment: `self.height` → `height`). */
  name: string;
  /** Neighbouring slots of the same construct filled by their own name (`self.a = a` a line away, `f(a=a, b=…)`): the pattern this one joins. */
  parallel: number;
  /** Names read elsewhere in the slot's value, the site left out (`self.v = v or IntVar(master)` at `master`: `v`). */
  fedBy: string[];
  /** The site is the value or a top-level operand of it (`self.h = w * 2`), not inside a bracket within it (`self.h = f(w)`). */
  direct: boolean;
  /** The object the slot belongs to (`text` in `text.text == q`, `self` in `self.h = w`), when it is a plain name. */
  receiver?: string;
}

interface Interval extends Omit<VarSlot, 'fedBy' | 'direct'> {
  from: number;
  to: number;
}

const LAST_NAME = /([A-Za-z_$][A-Za-z0-9_$]*)$/;
const ANONYMOUS = /^<|^(anonymous|lambda)$/;

/** The last name of a target or member text (`self.height` → `height`, `obj['height']` → `height`), or null (`arr[i]`, `a, b`). */
function lastName(text: string): string | null {
  const t = text.trim().replace(/\[\s*(['"])([A-Za-z_$][\w$]*)\1\s*\]$/, '.$2');
  if (/[\])]$/.test(t) || /[,\s]/.test(t)) return null;
  return LAST_NAME.exec(t)?.[1] ?? null;
}

/** `{ receiver: 'self' }` for `self.height`, nothing for a plain name or a computed object. */
function receiverOf(text: string): { receiver?: string } {
  const m = /^([A-Za-z_$][\w$]*)\s*(?:\.|\[)/.exec(text);
  return m ? { receiver: m[1]! } : {};
}

const fold = (s: string): string => s.toLowerCase().replace(/_/g, '');

/** A value that is its slot's own name (`a` for `a`, `self.a`, `a=`): the parallel pattern. */
function fillsOwn(value: Expression | null | undefined, slot: string): boolean {
  if (!value || (value.kind !== 'identifier' && value.kind !== 'member')) return false;
  const name = lastName(value.text);
  return name !== null && fold(name) === fold(slot);
}

/** Slot intervals of a parsed file, by source offset. */
export function slotIntervals(file: SourceFile): Interval[] {
  const starts = lineStarts(file.text);
  const at = (line: number, column: number): number => (starts[line - 1] ?? file.text.length) + column - 1;
  const range = (s: Span): { from: number; to: number } => ({ from: at(s.line, s.column), to: at(s.endLine, s.endColumn) });
  const out: Interval[] = [];
  // Assignment targets, with the neighbours (±3 lines, same function) that assign a name to its own slot.
  const own = file.assignments.map((a) => {
    const target = a.targets.length === 1 ? lastName(a.targets[0]!) : null;
    return target !== null && fillsOwn(a.value, target);
  });
  file.assignments.forEach((a, k) => {
    const target = a.targets.length === 1 ? lastName(a.targets[0]!) : null;
    if (!a.value || target === null) return;
    let parallel = 0;
    file.assignments.forEach((b, j) => {
      if (j !== k && own[j] && b.function === a.function && Math.abs(b.span.line - a.span.line) <= 3) parallel++;
    });
    const text = a.targets[0]!.trim();
    const plain = /^[A-Za-z_$][\w$]*$/.test(text);
    // `self.n = self.n - k`: the slot updates itself; its name says nothing about the other operand.
    if (!plain && a.value.text.includes(text)) return;
    out.push({ kind: plain ? 'update' : 'target', name: target, parallel, ...range(a.value.span), ...receiverOf(text) });
  });
  for (const call of file.calls) {
    const keywords = call.keywordArgs ?? [];
    for (const kw of keywords) {
      const parallel = keywords.filter((o) => o !== kw && fillsOwn(o.value, o.name)).length;
      out.push({ kind: 'keyword', name: kw.name, parallel, ...range(kw.value.span) });
    }
    const params = call.argExprs?.length ? calleeParams(file, call) : null;
    if (!params) continue;
    call.argExprs!.forEach((arg, k) => {
      const p = params[k];
      if (!p || p.isRest) return;
      const parallel = call.argExprs!.filter((o, j) => j !== k && params[j] && fillsOwn(o, params[j]!.name)).length;
      out.push({ kind: 'param', name: p.name, parallel, ...range(arg.span) });
    });
  }
  for (const c of file.collections) {
    if (c.kind !== 'dict' && c.kind !== 'object') continue;
    const end = range(c.span).to;
    // A Python dict key without quotes is an expression (`{u1d: …}`), not a slot name.
    const keys = c.keys
      .filter((key) => c.kind === 'object' || /^(['"]).*\1$/.test(key.text))
      .map((key) => ({ name: key.text.replace(/^(['"`])(.*)\1$/, '$2'), ...range(key.span) }));
    // A key's value: from the key's end to the next key (or the literal's end), `: value,` as written.
    const values = keys.map((key, k) => file.text.slice(key.to, keys[k + 1]?.from ?? end));
    const ownValue = values.map((v, k) => v.replace(/^\s*:\s*/, '').replace(/[\s,}]*$/, '') === keys[k]!.name);
    keys.forEach((key, k) => {
      if (!/^[A-Za-z_$][\w$]*$/.test(key.name) || !/^\s*:/.test(values[k]!)) return;
      const parallel = ownValue.filter((own, j) => own && j !== k).length;
      out.push({ kind: 'key', name: key.name, parallel, from: key.to, to: keys[k + 1]?.from ?? end });
    });
  }
  for (const j of file.jumps) {
    if (j.kind !== 'return' || !j.value || j.function === null) continue;
    const name = file.functions[j.function]?.name ?? '';
    if (!name || ANONYMOUS.test(name)) continue;
    out.push({ kind: 'return', name, parallel: 0, ...range(j.value.span) });
  }
  // Comparisons only: arithmetic mixes attributes with other quantities on purpose (`self.start * other`).
  for (const pair of file.comparisons) {
    for (const [side, other] of [
      [pair.left, pair.right],
      [pair.right, pair.left],
    ] as const) {
      if (side.kind !== 'identifier' || other.kind !== 'member') continue;
      const name = lastName(other.text);
      if (name !== null) out.push({ kind: 'paired', name, parallel: 0, ...range(side.span), ...receiverOf(other.text) });
    }
  }
  return out;
}

/**
 * The slots holding source offset `offset` (a site's token start); `inValue(from, to)`: the identifiers
 * read in a range (the site left out) and whether the site is outside every bracket opened in it.
 */
export function slotsAt(
  intervals: readonly Interval[],
  offset: number,
  inValue: (from: number, to: number) => { names: string[]; direct: boolean },
): VarSlot[] {
  const out: VarSlot[] = [];
  for (const s of intervals) {
    if (s.from > offset || offset >= s.to) continue;
    const { names, direct } = inValue(s.from, s.to);
    out.push({
      kind: s.kind,
      name: s.name,
      parallel: s.parallel,
      fedBy: names,
      direct,
      ...(s.receiver === undefined ? {} : { receiver: s.receiver }),
    });
  }
  return out;
}

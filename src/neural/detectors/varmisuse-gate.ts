/**
 * The report gate of `wrong-variable` (models/varmisuse.json `rules.wrong-variable.gate`), after the
 * swapped-arguments gate (swap-gate.ts) and Rice et al. 2017's name checks: a site is reported with a
 * suggested name only when the model's slip score reaches the threshold **and** the file gives
 * positive name evidence that the suggestion was meant — a slot the site feeds (varmisuse-slots.ts)
 * is named like the suggestion (sub-token Dice, case and `_` folded) and better than like the name
 * written. Never the "suggestion is otherwise unused" cue alone: on real code that is what the model's
 * false findings are made of.
 */
import { subTokens } from './site-vocabulary.js';
import type { VarSite } from './varmisuse-sites.js';
import type { SlotKind } from './varmisuse-slots.js';

export interface VarMisuseGate {
  /** Slot kinds read as evidence. */
  kinds: SlotKind[];
  /** The suggestion's similarity to the slot's name, at least. */
  minSimilarity: number;
  /** And above the written name's similarity by at least this much. */
  margin: number;
  /** Neighbouring slots filled by their own name, at least (the parallel pattern this line breaks). */
  minParallel: number;
  /** Only when the suggestion occurs nowhere else in the function (the site and its declaration left out). */
  unusedOnly: boolean;
  /** Slot kinds that count only when the suggestion occurs nowhere else in the function. */
  unusedKinds?: SlotKind[];
  /** No evidence from a slot whose value already reads the suggestion elsewhere (`self.v = v or IntVar(master)`). */
  notFedBySuggestion?: boolean;
  /** Only slots the site fills directly (the value or a top-level operand of it), not from inside a call or bracket in the value. */
  directOnly?: boolean;
}

/**
 * How alike a name and a slot name are: 1 when equal with case and `_` folded or made of the same
 * sub-tokens (`maxWidth`, `max_width`, `width_max`), else the sub-tokens' Dice; singular and plural
 * differ (`server` is one of `servers`, not the same thing). 0 for names under three characters.
 */
export function slotSimilarity(name: string, slot: string): number {
  if (name.length < 3 || slot.length < 3) return 0;
  const fold = (t: string): string => t.toLowerCase().replace(/_/g, '');
  if (fold(name) === fold(slot)) return 1;
  const xs = new Set(subTokens(name));
  const ps = new Set(subTokens(slot));
  if (xs.size === 0 || ps.size === 0) return 0;
  let common = 0;
  for (const t of xs) if (ps.has(t)) common++;
  return Math.round((200 * common) / (xs.size + ps.size)) / 100;
}

/** The slot kind that lets `suggestion` be reported for `written` at `site`, or null (no evidence). */
export function varMisuseEvidence(
  site: Pick<VarSite, 'slots' | 'uses' | 'written' | 'alternatives'>,
  written: string,
  suggestion: string,
  gate: VarMisuseGate,
): SlotKind | null {
  const k = [site.written, ...site.alternatives].indexOf(suggestion);
  const unused = k >= 0 && site.uses[k] === 0;
  if (gate.unusedOnly && !unused) return null;
  for (const slot of site.slots) {
    if (!gate.kinds.includes(slot.kind) || slot.parallel < gate.minParallel) continue;
    if (gate.unusedKinds?.includes(slot.kind) && !unused) continue;
    if (gate.notFedBySuggestion && slot.fedBy.includes(suggestion)) continue;
    if (gate.directOnly && !slot.direct) continue;
    // `text.text == q`: the suggestion owns the slot, it does not fill it.
    if (slot.receiver === suggestion) continue;
    const s = slotSimilarity(suggestion, slot.name);
    if (s >= gate.minSimilarity && s - slotSimilarity(written, slot.name) >= gate.margin) return slot.kind;
  }
  return null;
}

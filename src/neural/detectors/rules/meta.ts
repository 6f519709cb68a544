import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleMeta } from '../../../engine/rule.js';
import { DEFAULT_MODEL_DIR, DETECTOR_MANIFEST } from '../../manifest.js';
// Types only: the model's module loads onnxruntime's wrapper and the lexer, which a rule list needs not.
import type { DetectorManifest } from '../model.js';
import type { DetectorRule } from '../sites.js';

interface Measured {
  falsePer100Lines: number;
  lines: number;
  recall: number;
  recallWithFix: number;
  plantedBugs: number;
  pairDiscrimination: number;
  /** Gated rules: the planted slips where the gate's evidence exists ("of the gate's kind") and the figures on them. */
  gatedKind?: number;
  gatedKindRecall?: number | null;
  gatedKindRecallWithFix?: number | null;
}

const SWAP_GATE =
  'reported only with name evidence (the figures above include it): the callee, defined in the file, has parameters named like the arguments in the other order, or other calls of the same callee in the file pass these names the other way round at least twice and never this way; never for order-free callees (max, gcd, isinstance, getattr, assertEqual…), names under three characters, functions that mirror (reverse, inverse, __rsub__…), nor call-order evidence in test files';

let manifest: DetectorManifest | null | undefined;

/** The bundled detectors.json, read once (plain JSON: no onnxruntime); null when absent. */
function bundledManifest(): DetectorManifest | null {
  if (manifest === undefined) {
    try {
      manifest = JSON.parse(readFileSync(join(DEFAULT_MODEL_DIR, DETECTOR_MANIFEST), 'utf8')) as DetectorManifest;
    } catch {
      manifest = null;
    }
  }
  return manifest;
}

/** One line per language: the held-out figures the rule's default rests on. */
export function measuredLines(rule: DetectorRule): string[] {
  return measuredLinesOf(bundledManifest()?.rules[rule], 'the detector model is missing', SWAP_GATE);
}

/** The `measured` lines of a rule entry of a detector manifest (detectors.json, varmisuse.json); `gateLine` says what its gate reads. */
export function measuredLinesOf(raw: unknown, missing: string, gateLine: string): string[] {
  const entry = raw as { measured?: Record<string, Measured | null>; gate?: unknown } | undefined;
  if (!entry?.measured) return [`no measured figures: ${missing}`];
  const lines = Object.entries(entry.measured)
    .filter((e): e is [string, Measured] => e[1] !== null)
    .map(
      ([lang, m]) =>
        `${lang}: ${m.falsePer100Lines} false findings per 100 clean lines (${m.lines} lines of held-out projects), recall ${(100 * m.recall).toFixed(1)}% on ${m.plantedBugs} planted bugs (${(100 * m.recallWithFix).toFixed(1)}% with the right fix)` +
        (m.gatedKind !== undefined && m.gatedKindRecall != null
          ? `, ${(100 * m.gatedKindRecall).toFixed(1)}% on the ${m.gatedKind} of the gate's kind (${(100 * (m.gatedKindRecallWithFix ?? 0)).toFixed(1)}% with the right fix)`
          : '') +
        `, buggy-vs-fixed discrimination ${m.pairDiscrimination}`,
    );
  if (entry.gate) lines.push(gateLine);
  lines.push('bar for default-on: ≤ 0.3 false findings per 100 lines for all neural rules together, recall ≥ 30%, discrimination ≥ 0.80');
  return lines;
}

/** Whether the bundled calibration put this rule on by default (it met the bar on held-out projects). */
export function defaultOnFromManifest(rule: DetectorRule): boolean {
  return bundledManifest()?.rules[rule]?.defaultOn === true;
}

/** Rule meta shared by the detector rules; severity, languages and the default come from the calibration. */
export function detectorMeta<M extends string>(
  rule: DetectorRule,
  meta: Pick<RuleMeta<M>, 'description' | 'why' | 'messages'>,
  scope: { finds: string; misses: string },
): RuleMeta<M> {
  return {
    ...meta,
    severity: 'warning',
    languages: ['python', 'javascript', 'typescript'],
    defaultOff: !defaultOnFromManifest(rule),
    measured: [...measuredLines(rule), `finds: ${scope.finds}`, `misses: ${scope.misses}`],
  } as RuleMeta<M>;
}

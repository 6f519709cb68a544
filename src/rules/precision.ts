/**
 * Measured precision per rule, as shipped in docs/rule-precision.json (written by
 * `node bench/precision/report.mjs … --write docs/rule-precision.json` from hand-labelled findings).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../util/paths.js';

export interface RulePrecision {
  precision: number;
  labelled: number;
  useful: number;
  noise: number;
  wrong: number;
  source: string;
  date: string;
}

interface PrecisionFile {
  source: string;
  date: string;
  /** A rule labelled outside the file's corpus (a neural rule's hand-read findings) names its own labels and date. */
  rules: Record<string, Omit<RulePrecision, 'source' | 'date'> & { source?: string; date?: string }>;
}

let cache: PrecisionFile | null | undefined;

function load(): PrecisionFile | null {
  if (cache !== undefined) return cache;
  try {
    cache = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'docs', 'rule-precision.json'), 'utf8')) as PrecisionFile;
  } catch {
    cache = null; // not shipped (a trimmed install): every rule reads "not measured"
  }
  return cache;
}

export function rulePrecision(id: string): RulePrecision | null {
  const file = load();
  const r = file?.rules[id];
  return file && r ? { ...r, source: r.source ?? file.source, date: r.date ?? file.date } : null;
}

/** `measured precision 0.82 on 34 labelled findings (bench/precision, 2026-12-06)`, or `… not measured`. */
export function precisionLine(id: string): string {
  const p = rulePrecision(id);
  if (!p) return 'measured precision: not measured';
  const s = p.labelled === 1 ? '' : 's';
  return `measured precision ${p.precision.toFixed(2)} on ${p.labelled} labelled finding${s} (${p.source}, ${p.date}): ${p.useful} useful, ${p.noise} noise, ${p.wrong} wrong`;
}

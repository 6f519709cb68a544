import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { counts } from '../model/gate.js';
import type { RunResult } from '../model/results.js';
import { writeTextFileSync } from '../util/write-text.js';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  path: string;
  /** Where it was when recorded; informational only, matching is by fingerprint. */
  line: number;
  message: string;
}

export interface Baseline {
  schemaVersion: 1;
  tool: 'toasty';
  createdAt: string;
  score: number | null;
  findings: BaselineEntry[];
}

/** Current counted findings as a baseline, sorted so the file diffs cleanly. */
export function baselineFrom(result: RunResult): Baseline {
  const findings = result.files
    .flatMap((file) =>
      file.findings
        .filter(counts)
        .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: file.path, line: f.line, message: f.message })),
    )
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || (a.fingerprint < b.fingerprint ? -1 : 1)));
  return { schemaVersion: 1, tool: 'toasty', createdAt: result.run.startedAt, score: result.score, findings };
}

export function writeBaseline(path: string, baseline: Baseline): void {
  writeTextFileSync(path, `${JSON.stringify(baseline, null, 2)}\n`);
}

export function readBaseline(path: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `cannot read baseline ${path}: ${(error as Error).message}`,
      'create one with `toasty grade --write-baseline FILE`',
    );
  }
  const b = data as Partial<Baseline>;
  if (b?.tool !== 'toasty' || b.schemaVersion !== 1 || !Array.isArray(b.findings)) {
    throw new UsageError(`${path} is not a toasty baseline (expected { "tool": "toasty", "schemaVersion": 1, "findings": [...] })`);
  }
  for (const [i, e] of b.findings.entries()) {
    if (typeof e?.fingerprint !== 'string' || typeof e.path !== 'string')
      throw new UsageError(`${path}: findings[${i}] needs string \`fingerprint\` and \`path\``);
  }
  return b as Baseline;
}

/**
 * Marks every finding `baseline: new|existing` by fingerprint (each baseline entry matches at most
 * once), in new file and finding objects in `result.files`, and lists as fixed the baseline
 * fingerprints no longer found in files this run graded. Returns the entries that still match (for
 * --prune-baseline).
 */
export function applyBaseline(result: RunResult, baseline: Baseline): BaselineEntry[] {
  const remaining = new Map<string, BaselineEntry[]>();
  for (const e of baseline.findings) {
    const list = remaining.get(e.fingerprint) ?? [];
    list.push(e);
    remaining.set(e.fingerprint, list);
  }
  const kept: BaselineEntry[] = [];
  // New objects: a file's result may be shared with the cache (stored after the run, or served from
  // it), which must keep it unmarked: a later run without --baseline reported these marks.
  result.files = result.files.map((file) => ({
    ...file,
    findings: file.findings.map((f) => {
      const match = remaining.get(f.fingerprint)?.shift();
      if (match) kept.push(match);
      return { ...f, baseline: match ? ('existing' as const) : ('new' as const) };
    }),
  }));
  const graded = new Set(result.files.filter((f) => f.status !== 'skipped').map((f) => f.path));
  result.baselineFixed = [...remaining.values()]
    .flat()
    .filter((e) => graded.has(e.path))
    .map((e) => e.fingerprint)
    .sort();
  return kept;
}

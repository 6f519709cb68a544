/** What `toasty fix` prints: the pretty summary, the unified diff, and the JSON document. */
import { createTwoFilesPatch } from 'diff';
import { VERSION } from '../version.js';
import type { FileFix, FixRunResult } from './run.js';

export type FixMode = 'write' | 'dry-run' | 'diff';

export function fixesByRule(files: readonly FileFix[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of files)
    if (f.status === 'fixed' || f.status === 'would-fix') for (const a of f.applied) counts[a.ruleId] = (counts[a.ruleId] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

export function fixSummary(result: FixRunResult) {
  const changed = result.files.filter((f) => f.status === 'fixed' || f.status === 'would-fix');
  const sum = (pick: (f: FileFix) => number) => result.files.reduce((n, f) => n + pick(f), 0);
  return {
    files: result.files.length,
    changed: changed.length,
    applied: changed.reduce((n, f) => n + f.applied.length, 0),
    notWritten: result.files.filter((f) => ['read-only', 'changed-on-disk', 'write-failed'].includes(f.status)).length,
    rolledBack: sum((f) => f.rolledBack.length),
    remainingFindings: sum((f) => f.remaining.findings),
    remainingFixable: sum((f) => f.remaining.fixable),
    remainingUnsafe: sum((f) => f.remaining.unsafe),
  };
}

export function unifiedDiff(files: readonly FileFix[]): string {
  return files
    .filter((f) => f.before !== f.after)
    .map((f) => createTwoFilesPatch(`a/${f.path}`, `b/${f.path}`, f.before, f.after, '', '', { context: 3 }).replace(/^=+\n/, ''))
    .join('');
}

export function fixJson(result: FixRunResult, mode: FixMode, unsafe: boolean): string {
  const doc = {
    schemaVersion: 1,
    tool: { name: 'toasty', version: VERSION },
    mode,
    unsafe,
    durationMs: result.durationMs,
    summary: fixSummary(result),
    byRule: fixesByRule(result.files),
    files: result.files.map((f) => ({
      path: f.path,
      language: f.language,
      status: f.status,
      note: f.note,
      passes: f.passes,
      applied: f.applied,
      rolledBack: f.rolledBack,
      remaining: f.remaining,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function fixPretty(result: FixRunResult, mode: FixMode, unsafe: boolean): string {
  const out: string[] = [];
  const verb = mode === 'write' ? 'fixed' : 'would fix';
  for (const f of result.files) {
    if (f.status === 'fixed' || f.status === 'would-fix') {
      const rules = Object.entries(fixesByRule([f]))
        .map(([id, n]) => `${id} ×${n}`)
        .join(', ');
      out.push(`${f.path}: ${verb} ${plural(f.applied.length, 'finding')} (${rules})`);
    } else if (f.note) out.push(`${f.path}: ${f.status === 'read-only' ? 'not fixed' : 'skipped'}: ${f.note}`);
    for (const r of f.rolledBack) out.push(`${f.path}:${r.line}: ${r.ruleId}: ${r.reason}`);
  }
  const s = fixSummary(result);
  const byRule = Object.entries(fixesByRule(result.files));
  if (byRule.length) out.push('', ...byRule.map(([id, n]) => `  ${String(n).padStart(5)}  ${id}`));
  const head =
    mode === 'write'
      ? `Fixed ${plural(s.applied, 'finding')} in ${plural(s.changed, 'file')}`
      : `Would fix ${plural(s.applied, 'finding')} in ${plural(s.changed, 'file')} (nothing written: ${mode === 'diff' ? '--diff' : '--dry-run'})`;
  const left = [`${plural(s.remainingFindings, 'finding')} left`];
  if (s.remainingFixable) left.push(`${s.remainingFixable} still fixable (run again)`);
  if (!unsafe && s.remainingUnsafe) left.push(`${s.remainingUnsafe} fixable with \`toasty fix --unsafe\``);
  if (s.notWritten) left.push(`${plural(s.notWritten, 'file')} not written`);
  out.push('', `${head}; ${left.join(', ')}.`);
  return `${out.join('\n')}\n`;
}

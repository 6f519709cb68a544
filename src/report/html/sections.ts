import { DIMENSIONS } from '../../model/findings.js';
import { counts } from '../../model/gate.js';
import type { RunResult } from '../../model/results.js';
import type { TrendRun } from '../types.js';
import { escapeHtml, fmt } from './escape.js';
import { band, barChart, legend, trendChart, type Series } from './svg.js';
import type { PageData } from './data.js';

const HOT_FILES = 15;
const HOT_RULES = 10;

/** The run's score, grade, verdict and the gate's reasons. */
export function summarySection(result: RunResult): string {
  const s = result.summary;
  const t = result.thresholds;
  const gate = [t.minScore !== null ? `--min-score ${t.minScore}` : '', t.failOn !== null ? `--fail-on ${t.failOn}` : '']
    .filter(Boolean)
    .join(', ');
  const verdict = result.passed
    ? `<span class="badge pass">PASSED</span> <span class="muted">${gate ? `gate: ${escapeHtml(gate)}` : 'no gate set (--min-score, --fail-on)'}</span>`
    : `<span class="badge fail">FAILED</span> <span class="muted">gate: ${escapeHtml(gate)}</span>`;
  const reasons = result.failures.length
    ? `<ul class="reasons" aria-label="Why the gate failed">${result.failures.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`
    : '';
  const tally = [
    `${s.files} files`,
    `${s.graded} graded`,
    `${s.skipped} skipped`,
    `${s.parseErrors} unparseable`,
    `${s.findings} findings`,
    ...(s.suppressed ? [`${s.suppressed} suppressed`] : []),
    ...(s.muted ? [`${s.muted} muted`] : []),
  ].join(' · ');
  const warnings = (result.warnings ?? []).map((w) => `<p class="muted">warning: ${escapeHtml(w)}</p>`).join('');
  const noRules = result.dimensionsWithoutRules.length
    ? `<p class="muted">No rules ran for: ${escapeHtml(result.dimensionsWithoutRules.join(', '))} (they score 100).</p>`
    : '';
  return `<section class="panel" aria-labelledby="h-score"><h2 id="h-score">Project score</h2>
<div class="score"><div><span class="big" id="score">${fmt(result.score)}</span> <span class="grade ${band(result.score)}" id="grade">${escapeHtml(result.grade ?? '—')}</span></div>
<div><div id="verdict">${verdict}</div>${reasons}<div class="muted">${tally}</div></div></div>${warnings}${noRules}</section>`;
}

export function dimensionsSection(result: RunResult): string {
  const bars = DIMENSIONS.map((d) => ({ label: d, value: result.dimensions[d], cls: band(result.dimensions[d]) }));
  return `<section class="panel" aria-labelledby="h-dims"><h2 id="h-dims">Dimensions</h2>${barChart(bars, {
    title: `Dimension scores: ${DIMENSIONS.map((d) => `${d} ${fmt(result.dimensions[d])}`).join(', ')}`,
    max: 100,
    labelWidth: 110,
  })}</section>`;
}

/** Files by the project points they cost, and the rules whose findings cost the most. */
export function hotspotsSection(result: RunResult, data: PageData): string {
  const files = data.files
    .filter((f) => f.lost > 0)
    .sort((a, b) => b.lost - a.lost || (a.path < b.path ? -1 : 1))
    .slice(0, HOT_FILES)
    .map((f) => ({ label: f.path, value: f.lost, note: `${f.sloc} sloc, ${f.n} finding(s)`, cls: band(f.score), href: `#f-${f.i}` }));
  const byRule = new Map<string, { cost: number; n: number; files: Set<string> }>();
  for (const file of result.files)
    for (const f of file.findings.filter(counts)) {
      const r = byRule.get(f.ruleId) ?? { cost: 0, n: 0, files: new Set<string>() };
      r.cost += f.cost;
      r.n += 1;
      r.files.add(file.id);
      byRule.set(f.ruleId, r);
    }
  const rules = [...byRule]
    .filter(([, r]) => r.cost > 0)
    .sort((a, b) => b[1].cost - a[1].cost || (a[0] < b[0] ? -1 : 1))
    .slice(0, HOT_RULES)
    .map(([id, r], i) => ({
      label: id,
      value: Math.round(r.cost * 10) / 10,
      note: `${r.n} finding(s) in ${r.files.size} file(s)`,
      cls: `c${i % 8}`,
    }));
  const filesChart = files.length
    ? barChart(files, { title: 'Files by project points lost', labelWidth: 220 })
    : '<p class="muted">No file lost points.</p>';
  const rulesChart = rules.length
    ? barChart(rules, { title: 'Rules by points removed from file dimension scores', labelWidth: 190 })
    : '<p class="muted">No finding cost points.</p>';
  return `<section class="panel" aria-labelledby="h-hot"><h2 id="h-hot">Hotspots: where to start</h2><div class="grid2">
<div id="hot-files"><h3>Files by project points lost</h3><p class="muted">(100 − file score) × the file's share of the graded lines: what fixing the file could win back.</p>${filesChart}</div>
<div id="hot-rules"><h3>Rules that cost the most</h3><p class="muted">Points their findings removed from file dimension scores, summed over files.</p>${rulesChart}</div>
</div></section>`;
}

/** An ISO time as `YYYY-MM-DD HH:MM`. */
export const when = (iso: string): string => iso.replace('T', ' ').slice(0, 16);

/** Overall and per-dimension series over runs, oldest first. */
export function runSeries(runs: readonly TrendRun[]): Series[] {
  return [
    { name: 'overall', values: runs.map((r) => r.score), cls: 'c0', main: true },
    ...DIMENSIONS.map((d, i) => ({ name: d, values: runs.map((r) => (r.score === null ? null : r.dimensions[d])), cls: `c${i + 1}` })),
  ];
}

/** One series per agent (overall score), for runs attributed to agents. */
export function agentSeries(runs: readonly TrendRun[]): Series[] {
  const agents = [...new Set(runs.map((r) => r.agent ?? '(no agent)'))].sort();
  return agents.map((a, i) => ({ name: a, values: runs.map((r) => ((r.agent ?? '(no agent)') === a ? r.score : null)), cls: `c${i % 8}` }));
}

export function trendSection(history: readonly TrendRun[] | undefined, currentId: string): string {
  const runs = history ?? [];
  if (runs.length < 2)
    return `<section class="panel" aria-labelledby="h-trend"><h2 id="h-trend">Score trend</h2><p class="muted">${
      runs.length
        ? 'This is the first recorded run of this project: the trend appears from the next run.'
        : 'No history recorded for this run.'
    }</p></section>`;
  const points = runs.map((r) => ({
    label: `run ${r.id.slice(0, 7)}, ${when(r.startedAt)}${r.agent ? `, agent ${r.agent}` : ''}`,
    current: r.id === currentId,
  }));
  const series = runSeries(runs);
  const first = runs.find((r) => r.score !== null)?.score ?? null;
  const last = runs[runs.length - 1]!.score;
  const delta = first !== null && last !== null ? Math.round((last - first) * 10) / 10 : null;
  const title = `Score over the last ${runs.length} runs of this project${delta !== null ? `: ${fmt(first)} → ${fmt(last)} (${delta >= 0 ? '+' : ''}${delta})` : ''}`;
  let agents = '';
  if (runs.some((r) => r.agent !== null)) {
    const perAgent = agentSeries(runs);
    agents = `<h3>By agent</h3>${trendChart(points, perAgent, 'Overall score by agent')}${legend(perAgent)}`;
  }
  return `<section class="panel" aria-labelledby="h-trend"><h2 id="h-trend">Score trend</h2><p>${escapeHtml(title)}</p>${trendChart(points, series, title)}${legend(series)}${agents}</section>`;
}

/** The file table's shell; the page's script fills and sorts it. */
export function filesSection(data: PageData): string {
  const col = (key: string, label: string, title?: string): string =>
    `<th scope="col" data-key="${key}" aria-sort="none"><button type="button"${title ? ` title="${escapeHtml(title)}"` : ''}>${escapeHtml(label)}</button></th>`;
  const grades = ['A', 'B', 'C', 'D', 'F'].map((g) => `<option value="${g}">${g}</option>`).join('');
  return `<section aria-labelledby="h-files" id="files"><h2 id="h-files">Files</h2>
<div class="controls" role="search" aria-label="Filter files">
<label>Path <input id="f-q" type="search" placeholder="filter by path" aria-label="Filter files by path"></label>
<label>Grade <select id="f-grade" aria-label="Filter by grade"><option value="">any</option>${grades}</select></label>
<label>Language <select id="f-lang" aria-label="Filter by language"><option value="">any</option></select></label>
<label>Status <select id="f-status" aria-label="Filter by status"><option value="">any</option><option value="graded">graded</option><option value="parse-error">parse-error</option><option value="skipped">skipped</option></select></label>
<label><input id="f-only" type="checkbox"> only files with findings</label>
<span id="files-count" class="muted" aria-live="polite"></span></div>
<table aria-label="Files: click a column to sort, a path to see its findings"><thead><tr>
${col('path', 'file')}${col('score', 'score')}${col('sloc', 'sloc', 'source lines of code')}${col('n', 'findings', 'counted findings')}${col('lost', 'points lost', 'project points this file costs')}${col('mi', 'MI', 'maintainability index')}${data.dims.map((d) => col(d, d.slice(0, 5), d)).join('')}
</tr></thead><tbody id="files-body"></tbody></table>
<button type="button" id="files-more" class="noprint" hidden>Show more files</button>
<noscript><p>The file table and findings need JavaScript; the JSON report (--format json) has the same data.</p></noscript>
</section>
<section id="file" class="panel" aria-live="polite" hidden></section>`;
}

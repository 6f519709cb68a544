import type { TrendRun } from '../types.js';
import { THEME } from './client.js';
import { escapeHtml, fmt } from './escape.js';
import { page } from './page.js';
import { agentSeries, runSeries, when } from './sections.js';
import { band, legend, trendChart } from './svg.js';

/** A recorded run as `toasty history --format html` draws it (the store's RunSummary has these fields). */
export interface HistoryRun extends TrendRun {
  user: string;
  cwd: string;
  paths: readonly string[];
  passed: boolean;
  summary: { files: number; findings: number };
  prunedAt?: string;
}

/** Runs grouped by project (working folder and graded paths: scores compare within a group), newest group first. */
export function projects(runs: readonly HistoryRun[]): { name: string; runs: HistoryRun[] }[] {
  const groups = new Map<string, HistoryRun[]>();
  for (const r of runs) {
    const name = `${r.cwd}${r.paths.length === 1 && r.paths[0] === '.' ? '' : ` (${[...r.paths].sort().join(', ')})`}`;
    groups.set(name, [...(groups.get(name) ?? []), r]);
  }
  const newest = (list: HistoryRun[]): string => list.reduce((m, r) => (r.startedAt > m ? r.startedAt : m), '');
  return [...groups]
    .map(([name, list]) => ({
      name,
      runs: [...list].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : 1)),
    }))
    .sort((a, b) => (newest(a.runs) > newest(b.runs) ? -1 : newest(a.runs) < newest(b.runs) ? 1 : a.name < b.name ? -1 : 1));
}

function runsTable(runs: readonly HistoryRun[]): string {
  const rows = [...runs]
    .reverse()
    .map(
      (r) =>
        `<tr><td><code>${escapeHtml(r.id)}</code></td><td>${escapeHtml(when(r.startedAt))}</td><td>${escapeHtml(r.user)}</td><td>${escapeHtml(r.agent ?? '—')}</td>` +
        `<td class="num">${r.summary.files}${r.prunedAt ? ' (pruned)' : ''}</td><td class="num">${fmt(r.score)} <span class="grade ${band(r.score)}">${escapeHtml(r.grade ?? '—')}</span></td>` +
        `<td class="num">${r.summary.findings}</td><td>${r.passed ? 'passed' : 'failed'}</td></tr>`,
    )
    .join('');
  return `<table aria-label="Runs, newest first"><thead><tr><th scope="col">run</th><th scope="col">date</th><th scope="col">user</th><th scope="col">agent</th><th scope="col">files</th><th scope="col">score</th><th scope="col">findings</th><th scope="col">gate</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function projectSection(name: string, runs: readonly HistoryRun[], index: number): string {
  const points = runs.map((r) => ({
    label: `run ${r.id.slice(0, 7)}, ${when(r.startedAt)}${r.agent ? `, agent ${r.agent}` : ''}`,
    current: false,
  }));
  const charts: string[] = [];
  if (runs.length > 1) {
    const series = runSeries(runs);
    charts.push(trendChart(points, series, `Score of ${name} over ${runs.length} runs`), legend(series));
    if (runs.some((r) => r.agent !== null)) {
      const perAgent = agentSeries(runs);
      charts.push(`<h3>By agent</h3>`, trendChart(points, perAgent, `Overall score of ${name} by agent`), legend(perAgent));
    }
  } else charts.push('<p class="muted">One run: the trend appears from the second.</p>');
  const last = runs[runs.length - 1]!;
  return `<section class="panel project" aria-labelledby="p-${index}"><h2 id="p-${index}">${escapeHtml(name)}</h2>
<p>${runs.length} run(s); latest ${fmt(last.score)} <span class="grade ${band(last.score)}">${escapeHtml(last.grade ?? '—')}</span> on ${escapeHtml(when(last.startedAt))}</p>
${charts.join('')}<details><summary>Runs (${runs.length})</summary>${runsTable(runs)}</details></section>`;
}

/** `toasty history --format html`: per project, the trend of the overall and dimension scores, per agent, and the runs with their ids. */
export function historyPage(runs: readonly HistoryRun[], filter: { path?: string; agent?: string; limit: number }): string {
  const scope = [filter.path ? `graded ${filter.path}` : '', filter.agent ? `by agent ${filter.agent}` : ''].filter(Boolean).join(', ');
  const header = `<div><h1>toasty history</h1><div class="meta">${runs.length} run(s)${scope ? ` that ${escapeHtml(scope)}` : ''} (the newest ${filter.limit} at most; --limit N)</div></div>`;
  const groups = projects(runs);
  const body = groups.length
    ? groups.map((g, i) => projectSection(g.name, g.runs, i)).join('\n')
    : '<p>No runs recorded yet: <code>toasty grade</code> records every run.</p>';
  return page({ title: 'toasty history', header, body, script: THEME });
}

import { basename } from 'node:path';
import { CLIENT, THEME } from './html/client.js';
import { pageData } from './html/data.js';
import { escapeHtml } from './html/escape.js';
import { page } from './html/page.js';
import { dimensionsSection, filesSection, hotspotsSection, summarySection, trendSection } from './html/sections.js';
import type { Reporter } from './types.js';

/**
 * `--format html`: one self-contained page (inline CSS, SVG and script; nothing from the network):
 * score and verdict, dimension chart, score trend from the history, hotspots, a sortable and
 * filterable file table and each file's findings with code frames. Deterministic for a run: the
 * only time in it is the run's own start.
 */
export const htmlReporter: Reporter = (result, options) => {
  const data = pageData(result, options);
  const project = basename(options.cwd) || options.cwd;
  const run = result.run;
  const header =
    `<div><h1>toasty report: ${escapeHtml(project)}</h1>` +
    `<div class="meta">run <code>${escapeHtml(run.id)}</code> · ${escapeHtml(run.startedAt)} · ${escapeHtml(run.user)}` +
    `${run.agent ? ` · agent ${escapeHtml(run.agent)}` : ''} · learning ${escapeHtml(run.learning)} · toasty ${escapeHtml(result.tool.version)}` +
    ` · <code>toasty show ${escapeHtml(run.id)}</code></div></div>`;
  const body = [
    summarySection(result),
    `<div class="grid2">${dimensionsSection(result)}${trendSection(options.history, run.id)}</div>`,
    hotspotsSection(result, data),
    filesSection(data),
  ].join('\n');
  return page({
    title: `toasty ${result.score === null ? '—' : result.score.toFixed(1)} (${result.grade ?? '—'}) — ${project}`,
    header,
    body,
    data,
    script: THEME + CLIENT,
  });
};

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonForScript } from '../../src/report/html/escape.js';
import { projects, type HistoryRun } from '../../src/report/html/history.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

/** The html report as the built CLI writes it: self-contained, escaped, deterministic; the browser behaviour is in html-browser.test.ts. */
const HOSTILE = '<img src=x onerror=alert(1)>.py';
const SCRIPTY = '</script><script>alert(2)</script>.py';

let project: { dir: string; remove: () => void };
let db: string;

const read = (name: string): string => readFileSync(join(project.dir, name), 'utf8');
/** The page without its embedded JSON, i.e. the markup the browser parses as HTML. */
const markup = (html: string): string => html.replace(/<script type="application\/json" id="toasty-data">[^<]*<\/script>/, '');

beforeAll(() => {
  project = tempTree({
    [HOSTILE]: 'def f(a, b, c, d, e, g):\n    return "<b>&amp;</b>"\n',
    [SCRIPTY]: 'def g(a, b, c, d, e, h):\n    x = "</script>"\n    return a\n',
    'ok.js': 'export const x = 1;\n',
  });
  db = join(project.dir, 'h.db');
});
afterAll(() => project.remove());

describe('grade --format html', () => {
  it('writes one self-contained page alongside another format, with the run in it', () => {
    const r = toasty(
      [
        'grade',
        '--db',
        db,
        '--no-neural',
        '--agent',
        '<i>agent</i>',
        '--format',
        'html',
        '--output',
        'a.html',
        '--format',
        'json',
        '--output',
        'a.json',
      ],
      project.dir,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('wrote html report to a.html');
    const html = read('a.html');
    const json = JSON.parse(read('a.json'));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<span class="big" id="score">${json.score.toFixed(1)}</span>`);
    expect(html).toContain(json.run.id);
    // nothing to load: no external URL, no src/href to another document, a CSP that forbids it anyway
    expect(html).not.toMatch(/https?:\/\//);
    expect(markup(html)).not.toMatch(/<[a-z][^>]*\ssrc=/);
    expect(markup(html)).not.toMatch(/href="(?!#)/);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes file names, the agent and code everywhere: no markup and no script end from user text', () => {
    const html = read('a.html');
    const page = markup(html);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<i>agent</i>');
    expect(page).toContain('&lt;i&gt;agent&lt;/i&gt;');
    // one </script> per script element: the data and the client; user text never closes one
    expect(html.match(/<\/script>/g)?.length).toBe(2);
    const data = /<script type="application\/json" id="toasty-data">([^<]*)<\/script>/.exec(html)![1]!;
    const parsed = JSON.parse(data);
    expect(parsed.files.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining([HOSTILE, SCRIPTY]));
    const scripty = parsed.files.find((f: { path: string }) => f.path === SCRIPTY);
    expect(scripty.src.map((l: [number, string]) => l[1])).toContain('    x = "</script>"');
    expect(jsonForScript({ a: '</script><!--\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--\\u2028"}');
  });

  it('is the same bytes for the same run (no time but the run’s own)', () => {
    const r = toasty(
      ['grade', '--db', db, '--no-neural', '--format', 'json', '--output', 'b.json', '--format', 'html', '--output', 'b.html'],
      project.dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const html = read('b.html');
    const startedAt = JSON.parse(read('b.json')).run.startedAt as string;
    const times = html.match(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g) ?? [];
    expect(new Set(times)).toEqual(new Set([startedAt]));
    // The second run of this project has a trend of two runs, the current one marked.
    expect(html).toContain('Score over the last 2 runs of this project');
    expect(html.match(/class="current"/g)?.length).toBe(2); // overall/dimensions chart and the by-agent chart
  });

  it('without history says so instead of drawing a trend', () => {
    const r = toasty(
      ['grade', '--db', join(project.dir, 'fresh.db'), '--no-neural', '--format', 'html', '--output', 'c.html'],
      project.dir,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(read('c.html')).toContain('first recorded run of this project');
    expect(read('c.html')).not.toContain('svg class="chart trend"');
  });

  it('fails before grading when another format is unknown, and html needs no network', () => {
    const r = toasty(['grade', '--db', db, '--format', 'html', '--output', 'd.html', '--format', 'nope'], project.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown --format 'nope'");
  });
});

describe('history --format html', () => {
  it('draws the trend per project and agent with the runs’ ids, escaped', () => {
    const r = toasty(['history', '--db', db, '--format', 'html', '--output', 'history.html'], project.dir);
    expect(r.code, r.stderr).toBe(0);
    const html = read('history.html');
    const runs = JSON.parse(toasty(['history', '--db', db, '--format', 'json'], project.dir).stdout).runs as { id: string }[];
    expect(runs.length).toBe(2);
    for (const run of runs) expect(html).toContain(`<code>${run.id}</code>`);
    expect(html).toContain('svg class="chart trend"');
    expect(html).toContain('&lt;i&gt;agent&lt;/i&gt;');
    expect(html).not.toContain('<i>agent</i>');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('rejects --output with a text format and an unknown format', () => {
    expect(toasty(['history', '--db', db, '--output', 'x.html'], project.dir).code).toBe(2);
    expect(toasty(['history', '--db', db, '--format', 'svg'], project.dir).stderr).toContain('expected pretty, json or html');
  });

  it('groups runs by working folder and paths, newest project first', () => {
    const run = (id: string, cwd: string, paths: string[], startedAt: string): HistoryRun => ({
      id,
      cwd,
      paths,
      startedAt,
      agent: null,
      user: 'u',
      score: 90,
      grade: 'A',
      passed: true,
      dimensions: { complexity: 90, readability: 90, quality: 90, reliability: 90, speed: 90, security: 90 },
      summary: { files: 1, findings: 0 },
    });
    const groups = projects([
      run('a1', '/p', ['.'], '2024-01-01T00:00:00Z'),
      run('b1', '/q', ['src'], '2024-01-03T00:00:00Z'),
      run('a2', '/p', ['.'], '2024-01-02T00:00:00Z'),
    ]);
    expect(groups.map((g) => [g.name, g.runs.map((r) => r.id)])).toEqual([
      ['/q (src)', ['b1']],
      ['/p', ['a1', 'a2']],
    ]);
  });
});

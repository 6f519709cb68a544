import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

/**
 * The html report in a real browser: Debian's chromium (apt-get install chromium), headless, driven
 * by playwright-core, opening the file the built CLI wrote from file://. Skipped only where
 * /usr/bin/chromium is missing outside CI; in CI a missing browser fails the suite.
 */
const CHROMIUM = '/usr/bin/chromium';
const HOSTILE = '<img src=x onerror=alert(1)>.py';
const SHOTS = join(import.meta.dirname, '..', '..', 'bench', 'html');
const available = existsSync(CHROMIUM) || Boolean(process.env.CI);
if (!available) console.warn(`skipping the html browser tests: ${CHROMIUM} is missing (apt-get install chromium); CI is not set`);

const ROUTE = `def route(kind, payload, a, b, c, d):
    if kind == "a" and payload:
        if a:
            if b:
                for x in c:
                    if x and d:
                        return x
    return 2
`;

let project: { dir: string; remove: () => void };
let db: string;
let profile: string;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
let report: { score: number; grade: string; files: { id: string; path: string; findings: { id: string; line: number }[] }[] };

async function rowPaths(): Promise<string[]> {
  return page.$$eval('#files-body tr td:first-child a', (links) => links.map((a) => a.textContent ?? ''));
}

describe.skipIf(!available)('html report in chromium', () => {
  beforeAll(async () => {
    project = tempTree({
      'pkg/route.py': ROUTE,
      'pkg/util.py': 'import os\n\n\ndef helper(x):\n    return os.path.join(x, "a")\n',
      [`pkg/${HOSTILE}`]: 'def f(a, b, c, d, e, g):\n    return eval(a)\n',
      'web/app.js': 'export function f(a, b) {\n  if (a) { if (b) { if (a > b) { return 1; } } }\n  return eval("2");\n}\n',
    });
    db = join(project.dir, 'history.db');
    // Three runs of the same project, the last by an agent, so the trend and the per-agent chart exist.
    toasty(['grade', '--db', db, '--no-neural', '--format', 'json', '--output', 'first.json'], project.dir);
    writeFileSync(join(project.dir, 'pkg/util.py'), 'def helper(x, y, z, w, v, u):\n    return eval(x)\n');
    toasty(['grade', '--db', db, '--no-neural', '--format', 'json', '--output', 'second.json'], project.dir);
    const r = toasty(
      [
        'grade',
        '--db',
        db,
        '--no-neural',
        '--agent',
        'bot',
        '--format',
        'html',
        '--output',
        'report.html',
        '--format',
        'json',
        '--output',
        'r.json',
      ],
      project.dir,
    );
    expect(r.code, r.stderr).toBe(0);
    report = JSON.parse(readFileSync(join(project.dir, 'r.json'), 'utf8'));
    profile = mkdtempSync(join(tmpdir(), 'toasty-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (req) => {
      if (!/^(file|data):/.test(req.url())) problems.push(`request: ${req.url()}`);
    });
    await page.goto(pathToFileURL(join(project.dir, 'report.html')).href);
    await page.waitForSelector('body[data-ready=true]');
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    project?.remove();
  });

  it('shows the score, grade and verdict of the run', async () => {
    expect(await page.textContent('#score')).toBe(report.score.toFixed(1));
    expect(await page.textContent('#grade')).toBe(report.grade);
    expect(await page.textContent('#verdict')).toContain('PASSED');
  });

  it('draws the dimension chart, the trend of the three runs with the agent, and the hotspots', async () => {
    expect(await page.$$eval('#h-dims ~ svg rect.bar', (bars) => bars.length)).toBe(6);
    // overall + six dimensions, three points each; the current run is marked
    expect(await page.$$eval('svg.trend', (s) => s.length)).toBe(2);
    expect(await page.$$eval('svg.trend:first-of-type g.series[data-series=overall] circle', (c) => c.length)).toBe(3);
    expect(await page.$$eval('svg.trend line.current', (l) => l.length)).toBe(2);
    expect(await page.textContent('#h-trend + p')).toContain('last 3 runs');
    expect(await page.$$eval('#hot-files svg rect.bar', (b) => b.length)).toBeGreaterThan(0);
    expect(await page.$$eval('#hot-rules svg text.lbl', (t) => t.map((x) => x.textContent))).toContain('too-many-params');
  });

  it('lists every file in the table, worst first, and keeps a hostile file name as text', async () => {
    const paths = await rowPaths();
    expect([...paths].sort()).toEqual(report.files.map((f) => f.path).sort());
    expect(paths).toContain(`pkg/${HOSTILE}`);
    expect(await page.$$eval('img', (i) => i.length)).toBe(0);
  });

  it('sorts by a column from the mouse and from the keyboard', async () => {
    await page.click('th[data-key=path] button');
    const byPath = await rowPaths();
    expect(byPath).toEqual([...byPath].sort());
    expect(await page.getAttribute('th[data-key=path]', 'aria-sort')).toBe('ascending');
    await page.focus('th[data-key=path] button');
    await page.keyboard.press('Enter');
    expect(await rowPaths()).toEqual([...byPath].reverse());
    expect(await page.getAttribute('th[data-key=path]', 'aria-sort')).toBe('descending');
    await page.click('th[data-key=score] button');
    const scores = await page.$$eval('#files-body tr td:nth-child(2)', (c) => c.map((x) => parseFloat(x.textContent ?? '')));
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
  });

  it('filters by path and by language', async () => {
    await page.fill('#f-q', 'web/');
    expect(await rowPaths()).toEqual(['web/app.js']);
    expect(await page.textContent('#files-count')).toContain('Showing 1 of 1');
    await page.fill('#f-q', '');
    await page.selectOption('#f-lang', 'python');
    expect((await rowPaths()).every((p) => p.endsWith('.py'))).toBe(true);
    await page.selectOption('#f-lang', '');
    expect((await rowPaths()).length).toBe(report.files.length);
  });

  it("opens a file's findings with a code frame, the suggestion and the commands", async () => {
    const route = report.files.find((f) => f.path === 'pkg/route.py')!;
    await page.click(`#files-body tr[data-id="${route.id}"] a`);
    await page.waitForSelector('#file:not([hidden]) article.finding');
    expect(await page.textContent('#file-title')).toBe('File: pkg/route.py');
    const first = route.findings[0]!;
    const article = `#x-${first.id}`;
    expect(await page.textContent(`${article} pre.frame`)).toContain('def route(kind, payload, a, b, c, d):');
    expect(await page.textContent(`${article} .suggest`)).not.toBe('');
    expect(await page.textContent(`${article} .cmd`)).toContain(`toasty feedback ${first.id} --helpful`);
    expect(await page.textContent(`${article} .cmd`)).toContain(`toasty show ${first.id}`);
    expect(await page.$$eval('#file table tbody tr', (r) => r.length)).toBe(1); // function metrics: route
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('file-title');
  });

  it('shows a hostile file name in its detail as text, never as markup', async () => {
    const hostile = report.files.find((f) => f.path.endsWith(HOSTILE))!;
    await page.click(`#files-body tr[data-id="${hostile.id}"] a`);
    await page.waitForSelector('#file:not([hidden]) article.finding');
    expect(await page.textContent('#file-title')).toBe(`File: pkg/${HOSTILE}`);
    expect(await page.$$eval('img', (i) => i.length)).toBe(0);
  });

  it('switches to the dark theme and back, saves screenshots, and logged no error nor request', async () => {
    mkdirSync(SHOTS, { recursive: true });
    await page.goto(pathToFileURL(join(project.dir, 'report.html')).href + '#');
    await page.waitForSelector('body[data-ready=true]');
    await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
    await page.click('#theme');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    const route = report.files.find((f) => f.path === 'pkg/route.py')!;
    await page.goto(pathToFileURL(join(project.dir, 'report.html')).href + `#f-${route.id}`);
    await page.waitForSelector('#file:not([hidden]) article.finding');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark'); // remembered
    await page.screenshot({ path: join(SHOTS, 'report-dark-file.png'), fullPage: true });
    await page.click('#theme');
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    expect(problems).toEqual([]);
  });

  it('opens `toasty history --format html` with the trend of the three runs and no error', async () => {
    const r = toasty(['history', '--db', db, '--format', 'html', '--output', 'history.html'], project.dir);
    expect(r.code, r.stderr).toBe(0);
    await page.goto(pathToFileURL(join(project.dir, 'history.html')).href);
    expect(await page.$$eval('section.project', (s) => s.length)).toBe(1);
    expect(await page.$$eval('svg.trend g.series[data-series=overall] circle', (c) => c.length)).toBe(3);
    await page.click('section.project summary');
    expect(await page.$$eval('section.project tbody tr', (r) => r.length)).toBe(3);
    await page.screenshot({ path: join(SHOTS, 'history.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});

// Opens an html report in Debian's chromium (headless, via playwright-core) and prints its size,
// first contentful paint, the time until the file table is rendered, and the time to open the file
// with the most findings. Usage: node bench/html/measure.mjs report.html [screenshot.png]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const file = resolve(process.argv[2] ?? 'report.html');
const profile = mkdtempSync(join(tmpdir(), 'toasty-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
const page = context.pages()[0] ?? (await context.newPage());
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
const t0 = Date.now();
await page.goto(pathToFileURL(file).href);
await page.waitForSelector('body[data-ready=true]');
const ready = Date.now() - t0;
const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
const nav = await page.evaluate(() => {
  const n = performance.getEntriesByType('navigation')[0];
  return n ? { responseEnd: Math.round(n.responseEnd), domInteractive: Math.round(n.domInteractive), domContentLoaded: Math.round(n.domContentLoadedEventEnd) } : null;
});
const worst = await page.evaluate(() => {
  const d = JSON.parse(document.getElementById('toasty-data').textContent);
  return d.files.length ? d.files.reduce((a, f) => (f.f.length > a.f.length ? f : a)).i : null;
});
const t1 = Date.now();
if (worst) {
  await page.evaluate((id) => { location.hash = '#f-' + id; }, worst);
  await page.waitForSelector('#file:not([hidden]) article.finding');
}
const open = worst ? Date.now() - t1 : null;
const findings = await page.$$eval('#file article.finding', (a) => a.length);
if (process.argv[3]) await page.screenshot({ path: process.argv[3] });
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(JSON.stringify({ bytes: statSync(file).size, firstContentfulPaintMs: fcp && Math.round(fcp), navigation: nav, tableRenderedMs: ready, openWorstFileMs: open, findingsShown: findings, errors }));

#!/usr/bin/env node
// `unusual-token` findings per 100 lines on code the model never saw (no finding there is known to
// be a real bug, so this is an upper bound on the false-finding rate), through the real CLI.
//
//   npm run build && node bench/neural/unseen-rate.mjs DIR...
//
// The corpora used in RESULTS.md are made by bench/parity/unseen.sh (npm packages, dist-packages).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: node bench/neural/unseen-rate.mjs DIR...');
  process.exit(2);
}
const home = mkdtempSync(join(tmpdir(), 'toasty-unseen-'));
const out = join(home, 'report.json');
const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'toasty.js');
const r = spawnSync(process.execPath, [bin, 'grade', ...dirs, '--format', 'json', '--output', out, '--quiet', '--no-cache', '--dimensions', 'reliability'], {
  env: { ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: home },
  encoding: 'utf8',
});
if (r.status !== 0 && r.status !== 1) {
  console.error(r.stderr);
  process.exit(1);
}
const report = JSON.parse(readFileSync(out, 'utf8'));
const acc = {};
for (const f of report.files) {
  if (f.status !== 'graded') continue;
  const a = (acc[f.language] ??= { files: 0, lines: 0, findings: 0 });
  a.files++;
  a.lines += f.loc;
  a.findings += f.findings.filter((x) => x.ruleId === 'unusual-token').length;
}
for (const [language, a] of Object.entries(acc)) {
  console.log(`${language}: ${a.files} files, ${a.lines} lines, ${a.findings} findings, ${((100 * a.findings) / a.lines).toFixed(2)} per 100 lines`);
}
rmSync(home, { recursive: true, force: true });

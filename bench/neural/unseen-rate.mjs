#!/usr/bin/env node
// Neural findings per 100 lines on code the model never saw (no finding there is known to be a real
// bug, so this is an upper bound on the false-finding rate), through the real CLI. By default the
// neural rules on by default are counted; `--rules a,b` turns those rules on and counts them.
//
//   npm run build && node bench/neural/unseen-rate.mjs [--rules unusual-token] DIR...
//
// The corpora used in RESULTS.md are made by bench/parity/unseen.sh (npm packages, dist-packages).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const ri = args.indexOf('--rules');
const rules = ri >= 0 ? args.splice(ri, 2)[1].split(',') : null;
const dirs = args;
if (dirs.length === 0) {
  console.error('usage: node bench/neural/unseen-rate.mjs DIR...');
  process.exit(2);
}
const home = mkdtempSync(join(tmpdir(), 'toasty-unseen-'));
const out = join(home, 'report.json');
const config = join(home, 'toasty.yaml');
writeFileSync(config, rules ? `rules:\n${rules.map((r) => `  ${r}: warning`).join('\n')}\n` : '{}\n');
const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'toasty.js');
const r = spawnSync(process.execPath, [bin, 'grade', ...dirs, '--format', 'json', '--output', out, '--quiet', '--no-cache', '--dimensions', 'reliability', '--config', config], {
  env: { ...process.env, CI: 'true', NO_COLOR: '1', TOASTY_HOME: home },
  encoding: 'utf8',
});
if (r.status !== 0 && r.status !== 1) {
  console.error(r.stderr);
  process.exit(1);
}
const report = JSON.parse(readFileSync(out, 'utf8'));
const acc = {};
const examples = [];
for (const f of report.files) {
  if (f.status !== 'graded') continue;
  const a = (acc[f.language] ??= { files: 0, lines: 0, findings: 0, byRule: {} });
  a.files++;
  a.lines += f.loc;
  for (const x of f.findings.filter((x) => x.source === 'neural' && (!rules || rules.includes(x.ruleId)))) {
    a.findings++;
    a.byRule[x.ruleId] = (a.byRule[x.ruleId] ?? 0) + 1;
    if (examples.length < 40) examples.push(`${f.path}:${x.line} ${x.ruleId}: ${x.message}`);
  }
}
for (const [language, a] of Object.entries(acc)) {
  console.log(`${language}: ${a.files} files, ${a.lines} lines, ${a.findings} findings, ${((100 * a.findings) / a.lines).toFixed(2)} per 100 lines ${JSON.stringify(a.byRule)}`);
}
for (const e of examples) console.log(`  ${e}`);
rmSync(home, { recursive: true, force: true });

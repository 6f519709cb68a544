// `toasty feedback` latency (issue 21: ≤ 150 ms median, a keystroke-level command), through the
// built CLI on a real SQLite history: a copy of some of the Python standard library is graded once
// (--no-neural), then the user votes on its findings one `toasty feedback` at a time, so every call
// computes the profile before and after the vote (resolveLearning, with team priors and the run's
// learning options) over a growing number of votes. `toasty --version` is timed in the same run as
// the floor (Node start-up and the CLI's own imports), because the machine is shared.
//
//   node bench/learning/feedback-latency.mjs [--votes 120] [--floor 20]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './corpus.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const VOTES = arg('votes', 120);
const FLOOR = arg('floor', 20);

const dir = mkdtempSync(join(tmpdir(), 'toasty-feedback-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
for (const p of ['json', 'email', 'argparse.py', 'difflib.py', 'inspect.py']) {
  const src = join('/usr/lib/python3.11', p);
  if (existsSync(src)) cpSync(src, join(dir, 'src', p), { recursive: true });
}
const db = join(dir, 'toasty.db');
const env = { ...process.env, NO_COLOR: '1', CI: '', TOASTY_HOME: dir };
const cli = (args) => spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env, maxBuffer: 1 << 28 });

const graded = cli(['grade', 'src', '--format', 'json', '--no-neural', '--db', db, '--user', 'bench']);
if (graded.status !== 0 && graded.status !== 1) throw new Error(`grade exited ${graded.status}: ${graded.stderr}`);
const findings = JSON.parse(graded.stdout).files.flatMap((f) => f.findings.filter((x) => !x.suppressed && x.source !== 'engine'));
if (findings.length < VOTES) throw new Error(`only ${findings.length} findings to vote on`);

function timed(args) {
  const t = process.hrtime.bigint();
  const r = cli(args);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Spread the votes over the rules (round robin), as a user reading the report would.
const byRule = new Map();
for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
const order = [];
for (let k = 0; order.length < VOTES; k++) for (const list of byRule.values()) if (list[k] && order.length < VOTES) order.push(list[k]);

const floor = Array.from({ length: FLOOR }, () => timed(['--version']));
const times = order.map((f, i) =>
  // The user finds readability findings not helpful, the rest helpful.
  timed(['feedback', f.id, f.dimension === 'readability' ? '--not-helpful' : '--helpful', '--db', db, '--user', 'bench']),
);
const fmt = (x) => `${x.toFixed(0)} ms`;
console.log(`${findings.length} findings in ${byRule.size} rules; ${VOTES} votes, one \`toasty feedback\` each`);
console.log(`toasty --version (floor): median ${fmt(median(floor))}`);
const slices = [
  [0, 20],
  [Math.floor(VOTES / 2) - 10, Math.floor(VOTES / 2) + 10],
  [VOTES - 20, VOTES],
];
for (const [a, b] of slices) console.log(`toasty feedback, votes ${a + 1}–${b}: median ${fmt(median(times.slice(a, b)))}`);
console.log(
  `toasty feedback, all ${VOTES}: median ${fmt(median(times))} (${(median(times) / median(floor)).toFixed(2)}× --version), max ${fmt(Math.max(...times))}`,
);

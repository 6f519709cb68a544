// `toasty feedback` latency (issue 21: ≤ 150 ms median, a keystroke-level command), through the
// built CLI on a real SQLite history: a copy of some of the Python standard library is graded once
// (--no-neural), then the user votes on its findings one `toasty feedback` at a time, so every call
// computes the profile before and after the vote (resolveLearning, with team priors and the run's
// learning options) over a growing number of votes. `toasty --version` is timed in the same run as
// the floor (Node start-up and the CLI's own imports), because the machine is shared. Each call's
// CPU time (user + system, from /usr/bin/time when present) is reported beside its wall time: on a
// loaded machine the wall time is mostly waiting for a core, the CPU time is what the command costs.
// The learner alone (resolveLearning over the final votes, in this process) is timed too.
//
//   node bench/learning/feedback-latency.mjs [--votes 120] [--floor 20]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
/** Wall and CPU (user + system) milliseconds of one CLI call; cpu is null without /usr/bin/time. */
function timed(args) {
  const t = process.hrtime.bigint();
  const r = TIME
    ? spawnSync(TIME, ['-f', 'CPU %U %S', process.execPath, BIN, ...args], { cwd: dir, encoding: 'utf8', env })
    : cli(args);
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '');
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : null };
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
const walls = (xs) => xs.map((x) => x.wall);
const cpus = (xs) => xs.map((x) => x.cpu).filter((x) => x !== null);
const both = (xs) => `wall ${fmt(median(walls(xs)))}${cpus(xs).length ? `, CPU ${fmt(median(cpus(xs)))}` : ''}`;
console.log(`${findings.length} findings in ${byRule.size} rules; ${VOTES} votes, one \`toasty feedback\` each (medians)`);
console.log(`toasty --version (floor): ${both(floor)}`);
const slices = [
  [0, 20],
  [Math.floor(VOTES / 2) - 10, Math.floor(VOTES / 2) + 10],
  [VOTES - 20, VOTES],
];
for (const [a, b] of slices) console.log(`toasty feedback, votes ${a + 1}–${b}: ${both(times.slice(a, b))}`);
const ratio = (pick) => (pick(times).length && pick(floor).length ? (median(pick(times)) / median(pick(floor))).toFixed(2) : '—');
console.log(
  `toasty feedback, all ${VOTES}: ${both(times)} (${ratio(walls)}× --version wall, ${ratio(cpus)}× CPU); max wall ${fmt(Math.max(...walls(times)))}`,
);

// The learner alone: the profile before and after a vote is two resolveLearning calls over the user's votes.
const root = join(import.meta.dirname, '..', '..', 'dist');
const { resolveLearning } = await import(pathToFileURL(join(root, 'learning', 'resolve.js')).href);
const { openDb } = await import(pathToFileURL(join(root, 'store', 'db.js')).href);
const { learningInputs } = await import(pathToFileURL(join(root, 'store', 'feedback.js')).href);
const handle = openDb(db);
const inputs = learningInputs(handle, 'bench');
handle.close();
const runs = Array.from({ length: 50 }, () => {
  const t = process.hrtime.bigint();
  resolveLearning(inputs, {});
  return Number(process.hrtime.bigint() - t) / 1e6;
});
console.log(`resolveLearning over ${inputs.rows.length} votes, in process: median ${median(runs).toFixed(2)} ms`);

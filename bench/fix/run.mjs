#!/usr/bin/env node
// bench/fix: `toasty fix` on a copy of a corpus (default: the Python 3.11 standard library).
// Usage: node bench/fix/run.mjs [SOURCE_DIR] [WORK_DIR]
// Copies SOURCE_DIR to WORK_DIR (never touches the source), then: times a `grade --no-neural
// --no-cache` of the copy; `fix` (safe); `fix` again (must apply nothing); `fix --unsafe`; `fix
// --unsafe` again (must apply nothing); checks every changed Python file with `python3 -m
// py_compile`; and prints fixes per rule and the timings as JSON.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'toasty.js');
const source = process.argv[2] ?? '/usr/lib/python3.11';
const work = process.argv[3] ?? join(mkdtempSync(join(tmpdir(), 'toasty-bench-fix-')), 'corpus');
rmSync(work, { recursive: true, force: true });
cpSync(source, work, {
  recursive: true,
  filter: (p) => !/(^|\/)(__pycache__|site-packages|dist-packages|test|tests|node_modules)(\/|$)/.test(p.slice(source.length)),
});
const home = mkdtempSync(join(tmpdir(), 'toasty-bench-home-'));

function run(args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, TOASTY_HOME: home, CI: 'true', NO_COLOR: '1' },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`toasty ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { seconds: Math.round(seconds * 10) / 10, stdout: r.stdout };
}

function compileAll(files) {
  const bad = [];
  for (const f of files) {
    if (!f.endsWith('.py')) continue;
    const r = spawnSync('python3', ['-m', 'py_compile', join(work, f)], { encoding: 'utf8' });
    if (r.status !== 0) bad.push(`${f}: ${r.stderr.trim().split('\n').pop()}`);
  }
  return bad;
}

const grade = run(['grade', '.', '--no-neural', '--no-cache', '--format', 'json', '--jobs', '1']);
const graded = JSON.parse(grade.stdout).summary.graded;
const report = {};
for (const [name, extra] of [
  ['safe', []],
  ['unsafe', ['--unsafe']],
]) {
  const first = run(['fix', '.', '--format', 'json', ...extra]);
  const doc = JSON.parse(first.stdout);
  const changed = doc.files.filter((f) => f.status === 'fixed').map((f) => f.path);
  const second = JSON.parse(run(['fix', '.', '--format', 'json', ...extra]).stdout);
  report[name] = {
    seconds: first.seconds,
    timesGrade: Math.round((first.seconds / grade.seconds) * 100) / 100,
    changedFiles: changed.length,
    applied: doc.summary.applied,
    rolledBack: doc.summary.rolledBack,
    fixableLeft: doc.summary.remainingFixable,
    notWritten: doc.summary.notWritten,
    secondRunApplied: second.summary.applied,
    notCompiling: compileAll(changed),
    byRule: doc.byRule,
  };
}
console.log(JSON.stringify({ source, work, graded, gradeSeconds: grade.seconds, ...report }, null, 2));
rmSync(home, { recursive: true, force: true });

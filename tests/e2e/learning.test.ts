import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childId } from '../../src/engine/ids.js';
import type { Finding, RunResult } from '../../src/model/results.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

/** Functions with 6 to 9 parameters: too-many-params (max 5) fires on each. */
const PARAMS_PY = [6, 7, 8, 9]
  .map((n) => `def f${n}(${Array.from({ length: n }, (_, i) => `a${i}`).join(', ')}):\n    return a0\n`)
  .join('\n');
const NESTED_PY = `def deep(x):\n    if x:\n        for i in x:\n            while i:\n                if i > 1:\n                    if i > 2:\n                        i -= 1\n    return x\n`;

let project: { dir: string; remove: () => void };
let db: string;
const LEARN = { CI: '' }; // learning is on outside CI

function grade(args: string[] = [], env: NodeJS.ProcessEnv = LEARN): RunResult {
  const r = toasty(['grade', 'src', '--db', db, '--user', 'ana', '--format', 'json', ...args], project.dir, env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as RunResult;
}
const all = (r: RunResult): Finding[] => r.files.flatMap((f) => f.findings);
const cli = (args: string[], env: NodeJS.ProcessEnv = LEARN) => toasty([...args, '--db', db, '--user', 'ana'], project.dir, env);
/** What must not change when learning is off: everything but the run's id, time and learning mode. */
const stable = (r: RunResult) => ({
  score: r.score,
  dims: r.dimensions,
  summary: r.summary,
  files: r.files.map((f) => ({ ...f, id: null, findings: f.findings.map((x) => ({ ...x, id: null })) })),
});

beforeAll(() => {
  project = tempTree({ 'src/params.py': PARAMS_PY, 'src/nested.py': NESTED_PY, 'src/clean.py': 'def add(a, b):\n    return a + b\n' });
  db = join(project.dir, 'history', 'toasty.db');
});
afterAll(() => project.remove());

describe('feedback → learning (built CLI, real SQLite file)', () => {
  let baseline: RunResult;

  it('records runs with the user and agent, and re-uses the cache with fresh ids', () => {
    baseline = grade(['--agent', 'claude']);
    expect(baseline.run).toMatchObject({ user: 'ana', agent: 'claude', learning: 'user' });
    expect(all(baseline).filter((f) => f.ruleId === 'too-many-params')).toHaveLength(4);
    const again = grade();
    expect(stable(again)).toEqual(stable(baseline));
    for (const f of again.files) {
      expect(f.id).toBe(childId(again.run.id, f.path));
      for (const x of f.findings) expect(x.id).toBe(childId(f.id, x.fingerprint));
    }
  });

  it('serves unchanged files from the cache, and --no-cache grades them again', () => {
    // Tamper with the cached outcome of one file: only a cache hit can report it.
    const sqlite = new Database(db);
    const rows = sqlite.prepare("SELECT key, outcome FROM cache WHERE abs_path LIKE '%clean.py'").all() as {
      key: string;
      outcome: string;
    }[];
    expect(rows).toHaveLength(1);
    const outcome = JSON.parse(rows[0]!.outcome) as { result: { score: number } };
    outcome.result.score = 12.3;
    sqlite.prepare('UPDATE cache SET outcome = ? WHERE key = ?').run(JSON.stringify(outcome), rows[0]!.key);
    sqlite.close();
    expect(grade().files.find((f) => f.path === 'src/clean.py')!.score).toBe(12.3);
    expect(grade(['--no-cache']).files.find((f) => f.path === 'src/clean.py')!.score).toBe(100);
    // --no-cache wrote a fresh entry: the cache is healthy again.
    expect(grade().files.find((f) => f.path === 'src/clean.py')!.score).toBe(100);
  });

  it('not-helpful votes mute a rule for this user, explained, kept in the JSON with cost 0', () => {
    const ids = all(grade())
      .filter((f) => f.ruleId === 'too-many-params')
      .map((f) => f.id);
    const outputs = ids.map((id) => cli(['feedback', id.slice(0, 7), '--not-helpful']));
    for (const o of outputs) expect(o.code).toBe(0);
    expect(outputs[0]!.stdout).toContain('recorded: not helpful on finding');
    expect(outputs[1]!.stdout).toContain('stays shown');
    expect(outputs[2]!.stdout).toContain(
      '`too-many-params` is now muted for you — muted: you marked 3 of 3 `too-many-params` findings not helpful',
    );

    const after = grade();
    const muted = all(after).filter((f) => f.ruleId === 'too-many-params');
    expect(muted).toHaveLength(4);
    for (const f of muted)
      expect(f).toMatchObject({ muted: true, cost: 0, mutedReason: 'muted: you marked 4 of 4 `too-many-params` findings not helpful' });
    expect(after.summary.muted).toBe(4);
    const params = (r: RunResult) => r.files.find((f) => f.path === 'src/params.py')!;
    expect(params(baseline).dimensions!.complexity).toBeLessThan(100);
    expect(params(after).dimensions!.complexity).toBe(100);
    expect(params(after).score!).toBeGreaterThan(params(baseline).score!);
    expect(after.score!).toBeGreaterThan(baseline.score!);
    // Other rules are untouched.
    expect(all(after).filter((f) => f.ruleId !== 'too-many-params' && f.muted)).toEqual([]);

    const pretty = cli(['grade', 'src']);
    expect(pretty.stdout).not.toContain('too-many-params');
    expect(pretty.stdout).toContain('4 muted');
  });

  it('--no-learning is exactly the default output; CI=true turns learning off and says so; another user is unaffected', () => {
    const off = grade(['--no-learning']);
    expect(off.run.learning).toBe('off');
    expect(stable(off)).toEqual(stable(baseline));
    const ci = toasty(['grade', 'src', '--db', db, '--user', 'ana', '--format', 'json'], project.dir, { CI: 'true' });
    expect(ci.code).toBe(0);
    expect((JSON.parse(ci.stdout) as RunResult).run.learning).toBe('off');
    expect(stable(JSON.parse(ci.stdout) as RunResult)).toEqual(stable(baseline));
    expect(ci.stderr).toContain('CI=true: personal learning is off');
    const bob = toasty(['grade', 'src', '--db', db, '--user', 'bob', '--format', 'json'], project.dir, LEARN);
    expect((JSON.parse(bob.stdout) as RunResult).summary.muted).toBe(0);
  });

  it('profile explains what was learned; --export then --profile applies it read-only in CI', () => {
    const p = cli(['profile']);
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('profile for ana: 4 votes');
    expect(p.stdout).toContain('too-many-params: muted: you marked 4 of 4');
    expect(p.stdout).toMatch(/P\(helpful < ½\) = 0\.9\d \(mute at ≥ 0\.9\)/);
    expect(cli(['profile', '--export', 'ana.json']).code).toBe(0);
    const before = readFileSync(db);
    const ci = toasty(['grade', 'src', '--profile', 'ana.json', '--format', 'json', '--db', join(project.dir, 'ci.db')], project.dir, {
      CI: 'true',
    });
    expect(ci.code).toBe(0);
    const j = JSON.parse(ci.stdout) as RunResult;
    expect(j.run.learning).toBe('profile');
    expect(j.summary.muted).toBe(4);
    expect(readFileSync(db).equals(before)).toBe(true);
    const bad = toasty(['grade', 'src', '--profile', 'src/clean.py'], project.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--profile src/clean.py');
  });

  it('a helpful vote on a muted finding replaces the earlier vote and unmutes the rule', () => {
    const muted = all(grade()).find((f) => f.ruleId === 'too-many-params')!;
    const r = cli(['feedback', muted.id, '--helpful', '--comment', 'this one matters']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('replacing your earlier vote');
    expect(r.stdout).toContain('`too-many-params` is shown again');
    expect(grade().summary.muted).toBe(0);
    const json = JSON.parse(cli(['profile', '--format', 'json']).stdout) as {
      profile: { rules: { ruleId: string; helpful: number; notHelpful: number }[] };
    };
    expect(json.profile.rules[0]).toMatchObject({ ruleId: 'too-many-params', helpful: 1, notHelpful: 3 });
    const show = cli(['show', muted.id.slice(0, 8)]);
    expect(show.stdout).toContain('finding');
    expect(show.stdout).toContain('ana: helpful — this one matters');
  });

  it("import adds another user's exported feedback; reset forgets everything", () => {
    expect(toasty(['profile', '--import', 'ana.json', '--db', db, '--user', 'carol'], project.dir).stdout).toContain(
      'imported 4 feedback rows',
    );
    expect(toasty(['profile', '--import', 'ana.json', '--db', db, '--user', 'carol'], project.dir).stdout).toContain(
      'imported 0 feedback rows',
    );
    const carol = toasty(['grade', 'src', '--db', db, '--user', 'carol', '--format', 'json'], project.dir, LEARN);
    expect((JSON.parse(carol.stdout) as RunResult).summary.muted).toBe(4);
    const reset = toasty(['profile', '--reset', '--db', db, '--user', 'carol'], project.dir);
    expect(reset.stdout).toContain('forgot 4 feedback rows');
    expect(
      (JSON.parse(toasty(['grade', 'src', '--db', db, '--user', 'carol', '--format', 'json'], project.dir, LEARN).stdout) as RunResult)
        .summary.muted,
    ).toBe(0);
  });

  it('--dimension votes on a run learn a bounded weight', () => {
    const runId = grade().run.id;
    expect(cli(['feedback', runId, '--not-helpful', '--dimension', 'complexity']).code).toBe(0);
    const r = cli(['feedback', runId, '--not-helpful', '--dimension', 'complexity']);
    expect(r.stdout).toContain('replacing your earlier vote');
    expect(cli(['feedback', runId, '--not-helpful', '--dimension', 'speedy']).code).toBe(2);
    expect(cli(['feedback', runId]).code).toBe(2);
  });

  it('unknown and ambiguous id prefixes exit 2 and list the candidates', () => {
    const unknown = cli(['feedback', 'fffffff0', '--helpful']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no run, file result or finding has an id starting with 'fffffff0'");
    // Two runs whose ids share a prefix (ids are random: plant them).
    const sqlite = new Database(db);
    const user = (sqlite.prepare("SELECT id FROM users WHERE name = 'ana'").get() as { id: number }).id;
    const put = sqlite.prepare(
      "INSERT INTO runs (id, user_id, started_at, duration_ms, cwd, paths, tool_version, config_hash, rules_hash, learning, passed, dimensions, summary) VALUES (?, ?, '2020-01-01T00:00:00Z', 1, '/', '[]', '0', '', '', 'off', 1, '{}', '{}')",
    );
    put.run('0bad00000001', user);
    put.run('0bad00000002', user);
    sqlite.close();
    const ambiguous = cli(['show', '0bad']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain("id prefix '0bad' is ambiguous");
    expect(ambiguous.stderr).toContain('run 0bad00000001');
    expect(ambiguous.stderr).toContain('run 0bad00000002');
  });

  it('history lists runs with scores, filters by agent and path, and compares agents', () => {
    const json = JSON.parse(cli(['history', '--format', 'json', '--limit', '100']).stdout) as {
      runs: { id: string; agent: string | null; score: number }[];
    };
    expect(json.runs.length).toBeGreaterThan(5);
    const claude = JSON.parse(cli(['history', '--agent', 'claude', '--format', 'json']).stdout) as { runs: { agent: string }[] };
    expect(claude.runs.map((r) => r.agent)).toEqual(['claude']);
    const byFile = JSON.parse(cli(['history', 'src/params.py', '--format', 'json']).stdout) as {
      runs: { pathScore: number; pathFiles: number }[];
    };
    expect(byFile.runs.every((r) => r.pathFiles === 1)).toBe(true);
    // The file scored higher while too-many-params was muted.
    expect(new Set(byFile.runs.map((r) => r.pathScore)).size).toBeGreaterThan(1);
    const agents = JSON.parse(cli(['history', '--by-agent', '--format', 'json']).stdout) as {
      agents: { agent: string | null; runs: number }[];
    };
    expect(agents.agents.find((a) => a.agent === 'claude')!.runs).toBe(1);
    const text = cli(['history', '--limit', '3']);
    expect(text.stdout.split('\n')[0]).toMatch(/^run +date +user +agent +files +score/);
    expect(text.stdout).toMatch(/trend [\d.]+ → [\d.]+/);
  });
});

describe('a database that cannot be used never stops grading', () => {
  it('corrupt: warns, grades, exits as usual; commands that need it exit 2', () => {
    const bad = join(project.dir, 'corrupt.db');
    writeFileSync(bad, Buffer.alloc(8192, 0x5a));
    const r = toasty(['grade', 'src', '--db', bad, '--format', 'json'], project.dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/toasty: warning: history database .*corrupt.db is corrupt .*grading without history/);
    expect((JSON.parse(r.stdout) as RunResult).summary.graded).toBe(3);
    expect(toasty(['grade', 'src', '--db', bad, '--min-score', '101'], project.dir).code).toBe(1);
    const f = toasty(['feedback', 'abcd', '--helpful', '--db', bad], project.dir);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('is corrupt');
  });

  it('newer schema than this toasty: a clear message', () => {
    const newer = join(project.dir, 'newer.db');
    const sqlite = new Database(newer);
    sqlite.pragma('user_version = 42');
    sqlite.close();
    const r = toasty(['grade', 'src', '--db', newer], project.dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('has schema version 42, newer than this toasty understands');
    expect(toasty(['history', '--db', newer], project.dir).code).toBe(2);
  });

  it('unwritable default location: warns and grades; an explicit --db that is a folder or cannot be created is exit 2', () => {
    // The default location ($TOASTY_HOME) under a file: a warning, and the grade goes on.
    const r = toasty(['grade', 'src', '--format', 'json'], project.dir, { TOASTY_HOME: join(project.dir, 'src', 'clean.py', 'home') });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: history database .* grading without history/);
    // Named with --db: the user's mistake, exit 2 naming the path (issue 18).
    const uncreatable = toasty(['grade', 'src', '--db', join(project.dir, 'src', 'clean.py', 'x.db')], project.dir);
    expect(uncreatable.code).toBe(2);
    expect(uncreatable.stderr).toMatch(/--db .*clean\.py[/\\]x\.db: its folder .*clean\.py cannot be created/);
    const folder = toasty(['grade', 'src', '--db', join(project.dir, 'src')], project.dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/--db .*src is a folder, not a database file/);
    // explain only reads the history, with the same check of an explicit --db.
    const explained = toasty(['explain', 'src/clean.py', '--db', join(project.dir, 'src')], project.dir);
    expect(explained.code).toBe(2);
    expect(explained.stderr).toMatch(/--db .*src is a folder, not a database file/);
  });
});

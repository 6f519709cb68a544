import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, RunResult } from '../../src/model/results.js';
import { BIN, bundledModules, toasty } from '../helpers/cli.js';
import { BRANCHY_PY, PARAMS_PY } from '../helpers/learning-fixtures.js';
import { tempTree } from '../helpers/tmp.js';

const LEARN = { CI: '' }; // learning is on outside CI
let project: { dir: string; remove: () => void };
let db: string;

function run(args: string[], env: NodeJS.ProcessEnv = LEARN) {
  return toasty([...args, '--db', db, '--user', 'ana'], project.dir, env);
}
function grade(args: string[] = [], env: NodeJS.ProcessEnv = LEARN): RunResult {
  const r = run(['grade', 'src', '--format', 'json', ...args], env);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as RunResult;
}
const all = (r: RunResult): Finding[] => r.files.flatMap((f) => f.findings);

beforeAll(() => {
  project = tempTree({ 'src/params.py': PARAMS_PY, 'src/branchy.py': BRANCHY_PY });
  db = join(project.dir, 'history', 'toasty.db');
});
afterAll(() => project.remove());

describe('toasty explain shows what learning changed (built CLI, real SQLite file)', () => {
  it('lists the muted findings with their reasons and the score with and without learning', () => {
    const ids = all(grade())
      .filter((f) => f.ruleId === 'too-many-params')
      .map((f) => f.id);
    for (const id of ids.slice(0, 3)) expect(run(['feedback', id, '--not-helpful']).code).toBe(0);
    const r = run(['explain', 'src/params.py']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('learning (your feedback;');
    expect(r.stdout).toMatch(/score 95\.7 \(A\) with learning, \d+\.\d \([A-F]\) without/);
    expect(r.stdout).toMatch(/muted 4 findings, \d+\.\d\d points given back:/);
    expect(r.stdout).toContain('too-many-params line 1 [params 6]: muted: you marked 3 of 3 `too-many-params` findings not helpful');
    expect(r.stdout).toMatch(/complexity +100\.0 {2}= 100 − 0/);
  });

  it('--no-learning, and CI without --profile, explain the default; --profile explains with an exported profile', () => {
    const off = run(['explain', 'src/params.py', '--no-learning']);
    expect(off.stdout).not.toContain('learning (');
    expect(off.stdout).toMatch(/too-many-params \(warning\) line 1/);
    const ci = run(['explain', 'src/params.py'], { CI: 'true' });
    expect(ci.stdout).not.toContain('learning (');
    expect(ci.stdout).toContain('learning: off (CI=true); pass --profile FILE');
    expect(run(['profile', '--export', 'ana.json']).code).toBe(0);
    const withProfile = run(['explain', 'src/params.py', '--profile', 'ana.json'], { CI: 'true' });
    expect(withProfile.stdout).toContain('learning (profile ana.json, read-only;');
  });

  it('explain records no run', () => {
    const count = () => {
      const sqlite = new Database(db, { readonly: true });
      try {
        return (sqlite.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;
      } finally {
        sqlite.close();
      }
    };
    const before = count();
    expect(run(['explain', 'src/params.py']).code).toBe(0);
    expect(count()).toBe(before);
  });
});

describe('learning.allowLowerThresholds', () => {
  const cyclomatic = (r: RunResult) =>
    all(r)
      .filter((f) => f.ruleId === 'cyclomatic-complexity')
      .map((f) => f.metric!.value)
      .sort((a, b) => a - b);

  it('is validated in the config', () => {
    writeFileSync(join(project.dir, '.toastyrc.yaml'), 'learning:\n  allowLowerThresholds: "yes"\n');
    const bad = run(['grade', 'src']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('allowLowerThresholds');
    writeFileSync(join(project.dir, '.toastyrc.yaml'), 'learning:\n  lowerThresholds: true\n');
    expect(run(['grade', 'src']).code).toBe(2);
  });

  it('without it, helpful votes on the mildest findings never lower a threshold', () => {
    writeFileSync(join(project.dir, '.toastyrc.yaml'), 'exclude: []\n');
    const ids = all(grade())
      .filter((f) => f.ruleId === 'cyclomatic-complexity')
      .map((f) => f.id);
    expect(ids).toHaveLength(3); // cyclomatic 11, 11, 12
    for (const id of ids) expect(run(['feedback', id, '--helpful']).code).toBe(0);
    expect(cyclomatic(grade())).toEqual([11, 11, 12]);
    const profile = JSON.parse(run(['profile', '--format', 'json']).stdout) as { profile: { thresholds: unknown[] } };
    expect(profile.profile.thresholds).toEqual([]);
  });

  it('with it, the threshold steps below the default and grade reports the findings past it, explained', () => {
    writeFileSync(join(project.dir, '.toastyrc.yaml'), 'learning:\n  allowLowerThresholds: true\n');
    const r = run(['grade', 'src', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'toasty: learning: `cyclomatic-complexity` reports cyclomatic above 7.5 for you (options.max 10 → 7.5; learning.allowLowerThresholds)',
    );
    const lowered = JSON.parse(r.stdout) as RunResult;
    expect(cyclomatic(lowered)).toEqual([8, 9, 11, 11, 12]);
    expect(all(lowered).find((f) => f.metric?.value === 9)!.metric!.threshold).toBe(7.5);
    const profile = run(['profile']);
    expect(profile.stdout).toContain('stricter thresholds (learning.allowLowerThresholds');
    expect(profile.stdout).toContain('`cyclomatic-complexity` cyclomatic threshold 10 → 7.5, stricter than the default');
    const explain = run(['explain', 'src/branchy.py']);
    expect(explain.stdout).toMatch(
      /stricter threshold: `cyclomatic-complexity` cyclomatic max 10 → 7\.5 for you .*2 findings here only because of it/,
    );
    // Learning off (CI, --no-learning): the default threshold.
    expect(cyclomatic(grade([], { CI: 'true' }))).toEqual([11, 11, 12]);
    expect(cyclomatic(grade(['--no-learning']))).toEqual([11, 11, 12]);
  });

  it('a not-helpful vote on a finding it added settles the threshold between that vote and the next helpful one', () => {
    const eight = all(grade()).find((f) => f.ruleId === 'cyclomatic-complexity' && f.metric!.value === 8)!;
    expect(run(['feedback', eight.id, '--not-helpful']).code).toBe(0);
    expect(cyclomatic(grade())).toEqual([11, 11, 12]); // halfway between 8 (not helpful) and 11 (helpful)
    const profile = JSON.parse(run(['profile', '--format', 'json']).stdout) as {
      profile: { thresholds: { value: number; lowered?: boolean }[]; rules: { ruleId: string; notHelpful: number }[] };
    };
    expect(profile.profile.thresholds[0]).toMatchObject({ value: 9.5, lowered: true });
    // The vote on 8 is explained by the threshold, not held against the rule.
    expect(profile.profile.rules.find((r) => r.ruleId === 'cyclomatic-complexity')!.notHelpful).toBe(0);
    writeFileSync(join(project.dir, '.toastyrc.yaml'), 'exclude: []\n');
  });
});

describe('toasty history --prune', () => {
  const count = (table: string): number => {
    const sqlite = new Database(db, { readonly: true });
    try {
      return (sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      sqlite.close();
    }
  };

  it('needs --keep or --older-than, and those need --prune', () => {
    expect(run(['history', '--prune']).code).toBe(2);
    expect(run(['history', '--keep', '2']).code).toBe(2);
    expect(run(['history', '--prune', '--keep', 'two']).code).toBe(2);
  });

  it('--dry-run only counts', () => {
    const runs = count('runs');
    const r = run(['history', '--prune', '--keep', '1', '--dry-run', '--format', 'json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { pruned: { dryRun: boolean; runs: number } };
    expect(body.pruned).toMatchObject({ dryRun: true, runs: runs - 1 });
    expect(count('runs')).toBe(runs);
  });

  it('deletes old runs but keeps what feedback points at, so show, profile and learning still work', () => {
    const voted = new Database(db, { readonly: true });
    const target = voted.prepare("SELECT target_id FROM feedback WHERE target_kind = 'finding' ORDER BY created_at LIMIT 1").get() as {
      target_id: string;
    };
    voted.close();
    const profileBefore = run(['profile', '--format', 'json']).stdout;
    const mutedBefore = grade().summary.muted;
    const findingsBefore = count('findings');
    const r = run(['history', '--prune', '--keep', '1', '--format', 'json']);
    expect(r.code).toBe(0);
    const { pruned } = JSON.parse(r.stdout) as {
      pruned: { runs: number; findings: number; kept: { runs: number; findings: number }; bytes: { before: number; after: number } };
    };
    expect(pruned.runs).toBeGreaterThan(3);
    expect(pruned.kept.findings).toBeGreaterThan(0);
    expect(count('findings')).toBe(findingsBefore - pruned.findings);
    // The newest run is whole; older runs that have feedback stay as stubs marked pruned.
    const history = JSON.parse(run(['history', '--format', 'json', '--limit', '100']).stdout) as { runs: { prunedAt?: string }[] };
    expect(history.runs[0]!.prunedAt).toBeUndefined();
    expect(history.runs.length).toBe(1 + pruned.kept.runs);
    expect(history.runs.slice(1).every((x) => typeof x.prunedAt === 'string')).toBe(true);
    const show = run(['show', target.target_id.slice(0, 8)]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('ana: ');
    expect(run(['profile', '--format', 'json']).stdout).toBe(profileBefore);
    expect(grade().summary.muted).toBe(mutedBefore);
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    sqlite.close();
    const text = run(['history', '--prune', '--keep', '1']);
    expect(text.stdout).toMatch(/^pruned 1 run of ana beyond the newest 1: \d+ file results?, \d+ findings?/);
    expect(text.stdout).toMatch(/database [\d.]+ MB → [\d.]+ MB/);
  });
});

describe('toasty feedback stays light', () => {
  it('loads no grader, parser, model, schema validator or config loader', () => {
    const finding = all(grade()).find((f) => f.ruleId === 'too-many-params')!;
    // A module-resolution hook that lists every module the command loads.
    writeFileSync(
      join(project.dir, 'hooks.mjs'),
      'export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write(`LOADED ${r.url}\\n`); return r; }\n',
    );
    writeFileSync(
      join(project.dir, 'register.mjs'),
      "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
    );
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        pathToFileURL(join(project.dir, 'register.mjs')).href,
        BIN,
        'feedback',
        finding.id,
        '--helpful',
        '--db',
        db,
        '--user',
        'ana',
      ],
      { cwd: project.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '', TOASTY_DEBUG_CODE_CACHE: '1' } },
    );
    expect(r.status).toBe(0);
    // The CLI runs bundled, from bin/toasty.js's CommonJS loader: it reports the bundle's files it ran
    // (each stands for the compiled modules in it) and the packages require() loaded; the hook above
    // sees what import() loads.
    const report = JSON.parse(
      r.stderr
        .split('\n')
        .find((l) => l.startsWith('toasty-code-cache '))!
        .slice('toasty-code-cache '.length),
    ) as { files: string[]; required: string[] };
    const loaded = bundledModules([
      ...report.files,
      ...report.required,
      ...r.stderr
        .split('\n')
        .filter((l) => l.startsWith('LOADED '))
        .map((l) => l.slice('LOADED '.length)),
    ]);
    expect(loaded.some((u) => u.includes('/dist/cli/commands/feedback.js'))).toBe(true);
    const heavy = loaded.filter((u) =>
      /\/dist\/(rules|languages|engine\/(run|pool|grade-file)|yaml-rules|config|report|scoring)\/|\/dist\/neural\/(?!long-argv)|tree-sitter|@babel|babel-parser|onnxruntime|ajv|cosmiconfig|yaml\/|chalk/.test(
        u,
      ),
    );
    expect(heavy).toEqual([]);
    // A plain vote runs from its own entry (src/cli/feedback-quick.ts): no commander, no program.
    expect(loaded.filter((u) => /\/dist\/cli\/(main|launch)\.js|commander/.test(u))).toEqual([]);
    expect(r.stdout).toMatch(/^recorded: helpful on finding /);
  });
});

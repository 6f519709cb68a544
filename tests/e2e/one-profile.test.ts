import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../src/learning/types.js';
import type { Finding, RunResult } from '../../src/model/results.js';
import { toasty } from '../helpers/cli.js';
import { BRANCHY_PY, PARAMS_PY } from '../helpers/learning-fixtures.js';
import { tempTree } from '../helpers/tmp.js';

/** Team priors as `toasty sync` stores them: the team finds too-many-params not helpful. */
const TEAM_PRIORS = {
  version: 1,
  k: 3,
  generatedAt: '2026-01-01T00:00:00Z',
  rules: [
    {
      ruleId: 'too-many-params',
      dimension: 'complexity',
      severity: 'warning',
      users: 3,
      helpful: 0,
      notHelpful: 3,
      alpha: 0.25,
      beta: 3.75,
    },
  ],
  thresholds: [],
};

const LEARN = { CI: '' };
let project: { dir: string; remove: () => void };
let db: string;
const run = (args: string[], env: NodeJS.ProcessEnv = LEARN) => toasty([...args, '--db', db, '--user', 'bo'], project.dir, env);
function grade(): { result: RunResult; stderr: string } {
  const r = run(['grade', 'src', '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return { result: JSON.parse(r.stdout) as RunResult, stderr: r.stderr };
}
const findings = (r: RunResult, ruleId: string): Finding[] => r.files.flatMap((f) => f.findings).filter((f) => f.ruleId === ruleId);
function exported(): Profile {
  const file = join(project.dir, 'bo.json');
  expect(run(['profile', '--export', file]).code).toBe(0);
  return (JSON.parse(readFileSync(file, 'utf8')) as { profile: Profile }).profile;
}

beforeAll(() => {
  project = tempTree({
    'src/params.py': PARAMS_PY,
    'src/branchy.py': BRANCHY_PY,
    '.toastyrc.yaml': 'learning:\n  allowLowerThresholds: true\n',
  });
  db = join(project.dir, 'history', 'toasty.db');
});
afterAll(() => project.remove());

describe('one profile (resolveLearning): feedback preview = next grade = profile --export', () => {
  it('with team priors and learning.allowLowerThresholds, the three agree', () => {
    grade(); // creates the database
    const sqlite = new Database(db);
    sqlite
      .prepare('INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)')
      .run('team_priors', JSON.stringify(TEAM_PRIORS), '2026-01-01T00:00:00Z');
    sqlite.close();

    // The team's prior mutes too-many-params before any vote of bo's: grade and the export agree.
    const first = grade().result;
    const teamReason = exported().rules.find((r) => r.ruleId === 'too-many-params')!.reason;
    expect(teamReason).toContain('your team (3 users)');
    for (const f of findings(first, 'too-many-params')) expect(f).toMatchObject({ muted: true, mutedReason: teamReason });

    // A not-helpful vote: its preview names the rule's reason with the team's prior in it.
    const vote = run(['feedback', findings(first, 'too-many-params')[0]!.id, '--not-helpful']);
    expect(vote.code, vote.stderr).toBe(0);
    const profile = exported();
    const rule = profile.rules.find((r) => r.ruleId === 'too-many-params')!;
    expect(rule.reason).toContain('your team (3 users)');
    expect(vote.stdout).toContain(`\`too-many-params\`: ${rule.reason}`);
    for (const f of findings(grade().result, 'too-many-params')) expect(f).toMatchObject({ muted: true, mutedReason: rule.reason });

    // Helpful votes on the mildest cyclomatic findings: with allowLowerThresholds the threshold
    // steps below the default. The last vote's preview says so, in the words the export keeps,
    // and the next grade reports down to that value.
    const cc = findings(grade().result, 'cyclomatic-complexity');
    expect(cc.map((f) => f.metric!.value).sort()).toEqual([11, 11, 12]);
    let last = '';
    for (const f of cc) {
      const r = run(['feedback', f.id, '--helpful']);
      expect(r.code, r.stderr).toBe(0);
      last = r.stdout;
    }
    const threshold = exported().thresholds.find((t) => t.ruleId === 'cyclomatic-complexity')!;
    expect(threshold).toMatchObject({ value: 7.5, lowered: true });
    expect(last).toContain(`learned threshold: ${threshold.reason}`);
    const next = grade();
    expect(next.stderr).toContain('`cyclomatic-complexity` reports cyclomatic above 7.5 for you (options.max 10 → 7.5');
    expect(
      findings(next.result, 'cyclomatic-complexity')
        .map((f) => f.metric!.value)
        .sort((a, b) => a - b),
    ).toEqual([8, 9, 11, 11, 12]);

    // --profile with the exported file applies the same profile (team priors travel with it).
    const file = join(project.dir, 'bo.json');
    const ci = toasty(['grade', 'src', '--format', 'json', '--profile', file, '--db', db], project.dir, { CI: 'true' });
    expect(ci.code, ci.stderr).toBe(0);
    const applied = JSON.parse(ci.stdout) as RunResult;
    for (const f of findings(applied, 'too-many-params')) expect(f).toMatchObject({ muted: true, mutedReason: rule.reason });
    expect(findings(applied, 'cyclomatic-complexity')).toHaveLength(5);
  });

  it('the database keeps no learned parameters of its own (learned_params is gone)', () => {
    const sqlite = new Database(db, { readonly: true });
    try {
      expect(sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'learned_params'").all()).toEqual([]);
    } finally {
      sqlite.close();
    }
  });
});

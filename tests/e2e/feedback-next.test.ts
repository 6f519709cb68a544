import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { toasty } from '../helpers/cli.js';
import { BRANCHY_PY, PARAMS_PY } from '../helpers/learning-fixtures.js';
import { tempTree } from '../helpers/tmp.js';

// `toasty feedback --next` (issue 21): the findings of the latest run whose votes teach the
// learner most, read from a real SQLite store written by `toasty grade`.
interface Question {
  id: string;
  path: string;
  line: number;
  column: number;
  ruleId: string;
  metric: { name: string; value: number } | null;
  muted: boolean;
  pWanted: number;
}

let project: { dir: string; remove: () => void };
let db: string;
const run = (args: string[]) => toasty([...args, '--db', db, '--user', 'bo'], project.dir, { CI: '' });
function grade(): RunResult {
  const r = run(['grade', 'src', '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as RunResult;
}
function next(limit = 50): { run: string; questions: Question[]; stdout: string } {
  const r = run(['feedback', '--next', '--format', 'json', '--limit', String(limit)]);
  expect(r.code, r.stderr).toBe(0);
  return { ...(JSON.parse(r.stdout) as { run: string; questions: Question[] }), stdout: r.stdout };
}

beforeAll(() => {
  project = tempTree({ 'src/params.py': PARAMS_PY, 'src/branchy.py': BRANCHY_PY });
  db = join(project.dir, 'history', 'toasty.db');
});
afterAll(() => project.remove());

describe('toasty feedback --next', () => {
  it("lists the latest run's findings, most informative first, leaves out what was voted on (in any run), and is deterministic", () => {
    const first = grade();
    const all = first.files.flatMap((f) => f.findings.map((x) => ({ ...x, path: f.path })));
    const asked = next();
    expect(asked.run).toBe(first.run.id);
    expect(asked.questions).toHaveLength(all.length);
    expect(new Set(asked.questions.map((q) => q.id))).toEqual(new Set(all.map((f) => f.id)));
    for (const q of asked.questions) {
      expect(q.pWanted).toBeGreaterThanOrEqual(0);
      expect(q.pWanted).toBeLessThanOrEqual(1);
    }
    expect(next().stdout).toBe(asked.stdout);
    const top = asked.questions[0]!;

    const vote = run(['feedback', top.id, '--not-helpful']);
    expect(vote.code, vote.stderr).toBe(0);
    // A new run: new finding ids, the same fingerprints. The voted finding is not asked again.
    const second = grade();
    const again = next();
    expect(again.run).toBe(second.run.id);
    expect(again.questions).toHaveLength(all.length - 1);
    expect(
      again.questions.some((q) => q.path === top.path && q.line === top.line && q.column === top.column && q.ruleId === top.ruleId),
    ).toBe(false);

    const pretty = run(['feedback', '--next', '--limit', '2']);
    expect(pretty.code, pretty.stderr).toBe(0);
    expect(pretty.stdout).toContain(`your votes on these findings of run ${second.run.id.slice(0, 7)} would teach toasty most:`);
    expect(pretty.stdout).toContain(`  ${again.questions[0]!.id.slice(0, 7)}  ${again.questions[0]!.path}:${again.questions[0]!.line}`);
    expect(pretty.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('bad combinations are usage errors (exit 2)', () => {
    const none = run(['feedback']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give the id of a finding, file result or run to vote on (or --next)');
    const both = run(['feedback', 'abcd', '--next']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--next takes no id and no vote options');
    const limit = run(['feedback', '--next', '--limit', '0']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain("--limit: expected a whole number of at least 1, got '0'");
  });
});

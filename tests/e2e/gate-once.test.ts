import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

/** too-many-params (max 5, a warning) fires on each of these. */
const params = (names: string[]): string => names.map((n) => `def ${n}(a, b, c, d, e, f):\n    return a\n`).join('\n\n');

let project: { dir: string; remove: () => void };
let db: string;
const run = (args: string[]) => toasty([...args, '--db', db, '--user', 'cy'], project.dir, { CI: '' });

beforeAll(() => {
  project = tempTree({ 'src/m.py': params(['one', 'two']) });
  db = join(project.dir, 'history', 'toasty.db');
});
afterAll(() => project.remove());

/** `toasty show <run>`: the verdict line, and the JSON's `passed`. */
function shown(runId: string): { line: string; passed: boolean } {
  const text = run(['show', runId]);
  expect(text.code, text.stderr).toBe(0);
  const json = run(['show', runId, '--format', 'json']);
  return {
    line: text.stdout.split('\n').find((l) => l.trimStart().startsWith('score'))!,
    passed: (JSON.parse(json.stdout) as { run: { passed: boolean } }).run.passed,
  };
}

describe('the gate decides once: toasty show prints the verdict the run exited with', () => {
  it('--baseline: existing findings do not fail --fail-on, and the stored run says passed', () => {
    expect(run(['grade', 'src', '--write-baseline', 'b.json', '--no-neural']).code).toBe(0);
    // Without the baseline both warnings fail --fail-on warning.
    const plain = run(['grade', 'src', '--fail-on', 'warning', '--format', 'json', '--no-neural']);
    expect(plain.code).toBe(1);
    const plainRun = JSON.parse(plain.stdout) as RunResult;
    expect(shown(plainRun.run.id)).toMatchObject({ passed: false });
    expect(shown(plainRun.run.id).line).toMatch(/failed$/);

    // With it, they are existing: exit 0, and the history keeps "passed" (it kept "failed" before).
    const r = run(['grade', 'src', '--baseline', 'b.json', '--fail-on', 'warning', '--format', 'json', '--no-neural']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as RunResult;
    expect(result.passed).toBe(true);
    expect(result.failures).toEqual([]);
    const all = result.files.flatMap((f) => f.findings);
    expect(all.filter((f) => f.ruleId === 'too-many-params').map((f) => f.baseline)).toEqual(['existing', 'existing']);
    expect(all.every((f) => f.baseline === 'existing')).toBe(true);
    expect(shown(result.run.id)).toEqual({ line: expect.stringMatching(/passed$/) as unknown as string, passed: true });
  });

  it('--baseline with a new finding: exit 1, and the stored run says failed', () => {
    writeFileSync(join(project.dir, 'src', 'm.py'), params(['one', 'two', 'three']));
    const r = run(['grade', 'src', '--baseline', 'b.json', '--fail-on', 'warning', '--format', 'json', '--no-neural']);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as RunResult;
    expect(result.passed).toBe(false);
    expect(result.failures).toHaveLength(1);
    expect(shown(result.run.id)).toMatchObject({ passed: false });
    expect(shown(result.run.id).line).toMatch(/failed$/);
  });
});

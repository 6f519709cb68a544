import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const FIXTURES = resolve('tests/fixtures/plugins');

describe('plugins run with a time budget, enforced by terminating the grading thread', () => {
  let tree: { dir: string; remove: () => void };
  beforeAll(() => {
    tree = tempTree({
      '.toastyrc.json': JSON.stringify({ plugins: [resolve(FIXTURES, 'looping-plugin.mjs')], pluginTimeout: 1000 }),
      'a.py': 'def first():\n    return 1\n',
      'm.py': 'def middle():\n    return 2\n',
      'y.py': 'def spin():\n    return 3\n',
      'z.py': 'def last():\n    return 4\n',
    });
  });
  afterAll(() => tree.remove());

  it('a visitor that loops forever becomes an internal-rule-error naming the plugin; the run goes on', () => {
    const started = Date.now();
    const r = toasty(['grade', '.', '--no-neural', '--no-cache', '--format', 'json'], tree.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    const result = JSON.parse(r.stdout) as RunResult;
    const byPath = new Map(result.files.map((f) => [f.path, f]));
    const plugin = (p: string) =>
      byPath
        .get(p)!
        .findings.filter((f) => f.ruleId === 'loopy/spins')
        .map((f) => f.message);
    const errors = (p: string) =>
      byPath
        .get(p)!
        .findings.filter((f) => f.ruleId === 'internal-rule-error')
        .map((f) => f.message);
    // Before the loop: the rule ran normally.
    expect(plugin('a.py')).toEqual(['function first']);
    expect(plugin('m.py')).toEqual(['function middle']);
    expect(errors('a.py')).toEqual([]);
    // The looping file: graded with every other rule, the plugin rule stopped and named.
    expect(byPath.get('y.py')!.status).toBe('graded');
    expect(errors('y.py')).toEqual([
      'Rule loopy/spins failed on this file: plugin "loopy" did not finish within 1000 ms on this file and was stopped (pluginTimeout)',
    ]);
    // After it: not run again (each try would cost the whole budget), and said so.
    expect(plugin('z.py')).toEqual([]);
    expect(errors('z.py')).toEqual([
      'Rule loopy/spins failed on this file: plugin "loopy" was stopped: it did not finish within 1000 ms on y.py',
    ]);
  });

  it('a plugin that never finishes loading is exit 2 naming it (--plugin-timeout)', () => {
    const t = tempTree({
      '.toastyrc.json': JSON.stringify({ plugins: [resolve(FIXTURES, 'import-loop-plugin.mjs')] }),
      'a.py': 'x = 1\n',
    });
    try {
      const started = Date.now();
      const r = toasty(['grade', '.', '--no-neural', '--plugin-timeout', '500'], t.dir);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/plugin ".*import-loop-plugin\.mjs" \(`plugins\[0\]`\) did not finish loading within 500 ms/);
      expect(Date.now() - started).toBeLessThan(30_000);
      const bad = toasty(['grade', '.', '--plugin-timeout', 'soon'], t.dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("--plugin-timeout must be a whole number of milliseconds, at least 10, got 'soon'");
    } finally {
      t.remove();
    }
  });
});

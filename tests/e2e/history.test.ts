import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

const SIX = (name: string) => `def ${name}(a, b, c, d, e, f):\n    return a\n`;

interface HistoryJson {
  runs: { project: string; scope: string; partial: string[]; score: number }[];
  trends: { project: string; scope: string; scores: number[] }[];
}

describe('history without a path', () => {
  it('keeps one trend per project and scope, and leaves partial runs out of the trends', () => {
    const home = tempTree({});
    const a = tempTree({ 'a.py': 'X = 1\n', 'b.py': 'Y = 2\n' });
    const b = tempTree({ '.toastyrc.json': '{}', 'src/c.py': 'Z = 3\n' });
    const db = join(home.dir, 'toasty.db');
    const grade = (cwd: string, ...args: string[]) =>
      expect(toasty(['grade', '--no-neural', '--db', db, '--quiet', ...args], cwd).code).toBe(0);
    try {
      grade(a.dir, '.');
      writeFileSync(join(a.dir, 'b.py'), SIX('worse'));
      grade(a.dir, '.');
      grade(a.dir, '.', '--dimensions', 'complexity'); // partial: another score
      grade(a.dir, 'a.py'); // another scope
      grade(join(b.dir, 'src'), '.'); // project b is its config's folder, wherever it is graded from
      grade(b.dir, 'src');

      const json = JSON.parse(toasty(['history', '--db', db, '--format', 'json'], home.dir).stdout) as HistoryJson;
      expect(json.runs.map((r) => [r.project, r.scope, r.partial])).toEqual([
        [b.dir, 'src', []],
        [b.dir, 'src', []],
        [a.dir, 'a.py', []],
        [a.dir, '.', ['--dimensions']],
        [a.dir, '.', []],
        [a.dir, '.', []],
      ]);
      const trends = json.trends.map((t) => [t.project, t.scope, t.scores.length]);
      expect(trends).toEqual([
        [a.dir, '.', 2],
        [a.dir, 'a.py', 1],
        [b.dir, 'src', 2],
      ]);
      const [first, second] = json.trends[0]!.scores;
      expect(second!).toBeLessThan(first!);

      const text = toasty(['history', '--db', db], home.dir).stdout;
      const sectionA = text.slice(text.indexOf(`project ${a.dir}`));
      const sectionB = text.slice(text.indexOf(`project ${b.dir}`), text.indexOf(`project ${a.dir}`));
      expect(text.indexOf(`project ${b.dir}`)).toBe(0); // newest project first
      expect(sectionA).toMatch(/trend [\d.]+ → [\d.]+ \(-[\d.]+\) over 2 runs of \.\n/);
      expect(sectionA).toContain('2 (--dimensions)');
      expect(sectionA).not.toMatch(/over \d runs of a\.py/); // one run is no trend
      expect(sectionB).toMatch(/trend 100\.0 → 100\.0 \(\+0\) over 2 runs of src\n/);
      expect(text).toContain('runs with --dimensions grade part of a project: listed, left out of the trends');
    } finally {
      for (const t of [home, a, b]) t.remove();
    }
  });
});

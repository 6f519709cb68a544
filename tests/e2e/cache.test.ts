import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toasty } from '../helpers/cli.js';
import { tempTree } from '../helpers/tmp.js';

describe('result cache (built CLI, real SQLite file)', () => {
  it('keeps each variant: grade, grade --no-neural, then grade again is served from the cache', () => {
    const t = tempTree({ 'src/a.py': 'def f(x):\n    try:\n        return x\n    except:\n        pass\n', 'src/b.py': 'X = 1\n' });
    const db = join(t.dir, 'toasty.db');
    const grade = (...args: string[]) => toasty(['grade', 'src', '--db', db, '--verbose', '--format', 'json', ...args], t.dir);
    try {
      const fromCache = (r: { stderr: string }) => /toasty: (\d+) of 2 files from the cache/.exec(r.stderr)?.[1];
      expect(fromCache(grade())).toBe('0');
      expect(fromCache(grade('--no-neural'))).toBe('0');
      const withModel = grade();
      expect(fromCache(withModel)).toBe('2');
      expect(fromCache(grade('--no-neural'))).toBe('2');
      expect(fromCache(grade('--dimensions', 'complexity'))).toBe('0');
      expect(withModel.code).toBe(0);
      const sqlite = new Database(db, { readonly: true });
      try {
        const rows = sqlite.prepare('SELECT abs_path, COUNT(*) AS n FROM cache GROUP BY abs_path ORDER BY abs_path').all();
        expect(rows).toEqual([
          { abs_path: join(t.dir, 'src/a.py'), n: 3 },
          { abs_path: join(t.dir, 'src/b.py'), n: 3 },
        ]);
      } finally {
        sqlite.close();
      }
    } finally {
      t.remove();
    }
  });
});

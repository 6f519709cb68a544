import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { tempTree } from '../helpers/tmp.js';

describe('local store migration v2 (sync bookkeeping)', () => {
  it('migrates a v1 database with data in place', () => {
    const t = tempTree({});
    try {
      const file = join(t.dir, 'v1.db');
      const v1 = new Database(file);
      v1.exec(MIGRATIONS[0]!);
      v1.pragma('user_version = 1');
      v1.prepare("INSERT INTO users (name, created_at) VALUES ('ana', '2025-01-01')").run();
      v1.close();
      const db = openDb(file);
      try {
        expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
        expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        expect((db.prepare('SELECT name FROM users').get() as { name: string }).name).toBe('ana');
        expect(db.prepare('SELECT COUNT(*) AS n FROM sync_pushed').get()).toEqual({ n: 0 });
        expect(db.prepare('SELECT COUNT(*) AS n FROM sync_state').get()).toEqual({ n: 0 });
      } finally {
        db.close();
      }
    } finally {
      t.remove();
    }
  });
});

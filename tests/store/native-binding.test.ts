/**
 * The history database opens with better-sqlite3's addon path given, not searched for (the search
 * costs about 20 ms of every command): the path resolves in this install, and a real database
 * file opened through openDb works.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { OWN_ADDON, sqliteNativeBinding } from '../../src/store/native-binding.js';

describe('sqliteNativeBinding', () => {
  it('finds the compiled addon of this install', () => {
    const path = sqliteNativeBinding();
    expect(path).toMatch(/better_sqlite3\.node$/);
    expect(existsSync(path!)).toBe(true);
  });

  it("takes the addon under toasty's own node_modules without a resolution, the file Node's resolution finds (issue 19)", () => {
    expect(existsSync(OWN_ADDON)).toBe(true);
    expect(sqliteNativeBinding()).toBe(OWN_ADDON);
    expect(createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node')).toBe(OWN_ADDON);
  });

  it('openDb opens and migrates a real file with it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'toasty-native-'));
    try {
      const db = openDb(join(dir, 'h.db'));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('select 1 as one').get()).toEqual({ one: 1 });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

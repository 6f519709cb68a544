import type { GradeOutcome } from '../model/results.js';
import type { LearningInputs } from '../learning/resolve.js';
import { cacheGet } from './cache.js';
import { openDb, storeError, type DB } from './db.js';
import { digestsGet } from './digests.js';
import { learningInputs } from './feedback.js';
import { recordRun, type RunRecord } from './runs.js';

/**
 * The history database as a grading run sees it. Any failure is reported once through `warn`
 * and turns the history off for the rest of the run: grading never stops for the database.
 */
export class RunHistory {
  private db: DB | null;

  private constructor(
    db: DB,
    readonly file: string,
    private readonly warn: (message: string) => void,
  ) {
    this.db = db;
  }

  /** Opens the database, or warns and returns null. */
  static open(file: string, warn: (message: string) => void): RunHistory | null {
    try {
      return new RunHistory(openDb(file), file, warn);
    } catch (error) {
      const e = storeError(error, file);
      warn(`${e.message}; grading without history${e.hint ? ` (${e.hint})` : ''}`);
      return null;
    }
  }

  get usable(): boolean {
    return this.db !== null;
  }

  private guard<T>(what: string, fallback: T, fn: (db: DB) => T): T {
    if (!this.db) return fallback;
    try {
      return fn(this.db);
    } catch (error) {
      const e = storeError(error, this.file);
      this.warn(`${e.message} while ${what}; continuing without history`);
      this.close();
      return fallback;
    }
  }

  cached(keys: readonly string[]): Map<string, GradeOutcome> {
    return this.guard('reading the cache', new Map(), (db) => cacheGet(db, keys));
  }

  /** The stored content digests of these files, with the stamps they were taken under (store/digests.ts). */
  digests(absPaths: readonly string[]): Map<string, { stamp: string; sha256: string }> {
    return this.guard('reading the cache', new Map(), (db) => digestsGet(db, absPaths));
  }

  /** What the learner needs for a user (feedback and stored team priors; see resolveLearning), or null when the database cannot be read. */
  learningInputs(user: string): LearningInputs | null {
    return this.guard('reading feedback', null, (db) => learningInputs(db, user));
  }

  record(rec: RunRecord): void {
    this.guard('recording the run', null, (db) => recordRun(db, rec));
  }

  close(): void {
    try {
      this.db?.close();
    } catch {
      // nothing more to do
    }
    this.db = null;
  }
}

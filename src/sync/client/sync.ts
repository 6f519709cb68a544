import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseTeamPriors, type TeamPriors } from '../../learning/team.js';
import { storeError, writeTransaction, type DB } from '../../store/db.js';
import { existingUserId } from '../../store/entities.js';
import { getSyncState, setSyncState, TEAM_PRIORS_KEY } from '../../store/sync-state.js';
import { sha256 } from '../../util/hash.js';
import { redactUrls } from '../../util/redact.js';
import { SyncError } from '../errors.js';
import {
  pushFindingOf,
  type FindingSource,
  type PushBatch,
  type PushFeedback,
  type PushFile,
  type PushResult,
  type PushRun,
} from '../protocol.js';

export interface SyncOptions {
  db: DB;
  /** Local user whose runs and votes are pushed. */
  user: string;
  url: string;
  token: string;
  includeCode: boolean;
  /** Findings per push request, about (a run is never split). */
  batchFindings?: number;
  /** Tries per request on a network error, 5xx or 429 (default 3). */
  attempts?: number;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface SyncReport {
  pushed: { runs: number; feedback: number; requests: number };
  /** Votes the server refused (not on a run of ours it has, dated in the future), with the first reasons; they are not pushed again. */
  refused: { feedback: number; reasons: string[] };
  /** Records the server already had (a retried batch). */
  alreadyThere: number;
  priors: { rules: number; thresholds: number } | null;
}

/** Backoff between failed syncs (kept in sync_state): 30 s, 1 min, 2 min… up to 1 h. */
export interface BackoffState {
  failures: number;
  nextAttemptAt: string;
  lastError: string;
}
const BACKOFF_KEY = 'backoff';
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;

export function backoffState(db: DB): BackoffState | null {
  return getSyncState<BackoffState>(db, BACKOFF_KEY);
}

const digest = (x: unknown): string => createHash('sha1').update(JSON.stringify(x)).digest('hex');

interface RunRow {
  id: string;
  started_at: string;
  duration_ms: number;
  agent: string | null;
  tool_version: string;
  learning: string;
  score: number | null;
  grade: string | null;
  passed: number;
  dimensions: string;
  summary: string;
}

function runPayload(db: DB, r: RunRow, includeCode: boolean): PushRun {
  const files = db
    .prepare(
      'SELECT id, path, abs_path, language, status, sha256, loc, sloc, score, grade, dimensions FROM file_results WHERE run_id = ? ORDER BY id',
    )
    .all(r.id) as {
    id: string;
    path: string;
    abs_path: string;
    language: string | null;
    status: string;
    sha256: string | null;
    loc: number;
    sloc: number;
    score: number | null;
    grade: string | null;
    dimensions: string | null;
  }[];
  const findings = db.prepare('SELECT data FROM findings WHERE file_id = ? ORDER BY id');
  return {
    id: r.id,
    startedAt: r.started_at,
    durationMs: r.duration_ms,
    toolVersion: r.tool_version,
    agent: r.agent,
    learning: r.learning,
    score: r.score,
    grade: r.grade,
    passed: r.passed === 1,
    dimensions: JSON.parse(r.dimensions) as Record<string, number>,
    summary: JSON.parse(r.summary) as Record<string, number>,
    files: files.map((f): PushFile => {
      const out: PushFile = {
        id: f.id,
        path: f.path,
        language: f.language,
        status: f.status,
        sha256: f.sha256,
        loc: f.loc,
        sloc: f.sloc,
        score: f.score,
        grade: f.grade,
        dimensions: f.dimensions ? (JSON.parse(f.dimensions) as Record<string, number>) : null,
        findings: (findings.all(f.id) as { data: string }[]).map(({ data }) =>
          pushFindingOf(JSON.parse(data) as FindingSource, includeCode),
        ),
      };
      if (includeCode && f.sha256) {
        // Only the content that was graded: a file changed since is not sent.
        try {
          const buf = readFileSync(f.abs_path);
          if (sha256(buf) === f.sha256) out.code = buf.toString('utf8');
        } catch {
          // gone: metadata only
        }
      }
      return out;
    }),
  };
}

function pendingFeedback(db: DB, uid: number): { vote: PushFeedback; id: string; digest: string }[] {
  const rows = db
    .prepare(
      `SELECT f.*, p.digest AS pushed FROM feedback f LEFT JOIN sync_pushed p ON p.kind = 'feedback' AND p.id = f.target_kind || ':' || f.target_key
       WHERE f.user_id = ? ORDER BY f.created_at, f.id`,
    )
    .all(uid) as Record<string, unknown>[];
  const out: { vote: PushFeedback; id: string; digest: string }[] = [];
  for (const r of rows) {
    const vote: PushFeedback = {
      kind: r.target_kind as PushFeedback['kind'],
      key: r.target_key as string,
      targetId: r.target_id as string,
      helpful: r.helpful === 1,
      weight: r.weight as number,
      implicit: r.implicit === 1,
      comment: (r.comment as string | null) ?? null,
      dimension: (r.dimension as string | null) ?? null,
      ruleId: (r.rule_id as string | null) ?? null,
      findingDimension: (r.finding_dimension as string | null) ?? null,
      severity: (r.severity as string | null) ?? null,
      metric: r.metric ? (JSON.parse(r.metric as string) as PushFeedback['metric']) : null,
      createdAt: r.created_at as string,
    };
    const d = digest(vote);
    if (r.pushed !== d) out.push({ vote, id: `${vote.kind}:${vote.key}`, digest: d });
  }
  return out;
}

function markPushed(db: DB, kind: 'run' | 'feedback', items: readonly { id: string; digest: string }[]): void {
  const now = new Date().toISOString();
  const put = db.prepare(
    'INSERT INTO sync_pushed (kind, id, digest, pushed_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET digest = excluded.digest, pushed_at = excluded.pushed_at',
  );
  writeTransaction(db, () => {
    for (const item of items) put.run(kind, item.id, item.digest, now);
  });
}

class Client {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  requests = 0;
  constructor(private readonly o: SyncOptions) {
    this.fetch = o.fetch ?? fetch;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** One request, retried with backoff on network errors, 5xx and 429; other 4xx fail at once. */
  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const url = `${this.o.url.replace(/\/+$/, '')}${path}`;
    const attempts = this.o.attempts ?? 3;
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let retryAfterMs = 250 * 2 ** (attempt - 1);
      try {
        this.requests++;
        const res = await this.fetch(url, {
          method,
          headers: { authorization: `Bearer ${this.o.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 15_000),
        });
        if (res.ok) return (await res.json()) as T;
        const text = await res.text().catch(() => '');
        let message = text.slice(0, 300);
        try {
          message = (JSON.parse(text) as { message?: string }).message ?? message;
        } catch {
          // not JSON
        }
        last = `${method} ${path}: HTTP ${res.status}${message ? ` (${message})` : ''}`;
        if (res.status === 401 || res.status === 403)
          throw new SyncError(
            `the server refused the API key: ${last}`,
            'check the key in the environment variable named by sync.tokenEnv',
          );
        if (res.status !== 429 && res.status < 500) throw new SyncError(`the server rejected the request: ${last}`);
        const ra = Number(res.headers.get('retry-after'));
        if (Number.isFinite(ra) && ra > 0) retryAfterMs = Math.min(ra * 1000, 5_000);
      } catch (error) {
        if (error instanceof SyncError) throw error;
        const e = error as Error & { cause?: { code?: string; message?: string } };
        last = `${method} ${path}: ${redactUrls(e.cause?.code ?? e.cause?.message ?? e.message)}`;
      }
      if (attempt < attempts) await this.sleep(retryAfterMs);
    }
    throw new SyncError(
      `cannot reach the team server at ${redactUrls(this.o.url)}: ${last}`,
      'nothing was lost: what was not pushed is pushed by the next sync',
    );
  }
}

/**
 * Pushes what the server does not have yet (runs with their files and findings, then changed
 * votes), in batches, and pulls the team priors. Each batch is marked pushed locally only after
 * the server committed it; a batch the server committed but we never heard back about is pushed
 * again and the server keeps one copy. So a crash or a dead server at any point loses nothing and
 * doubles nothing. A failure records a backoff (see `backoffState`) and throws SyncError.
 */
export async function runSync(o: SyncOptions): Promise<SyncReport> {
  const client = new Client(o);
  const report: SyncReport = {
    pushed: { runs: 0, feedback: 0, requests: 0 },
    refused: { feedback: 0, reasons: [] },
    alreadyThere: 0,
    priors: null,
  };
  try {
    const uid = existingUserId(o.db, o.user);
    if (uid !== null) {
      const pending = o.db
        .prepare(
          `SELECT r.id, r.started_at, r.duration_ms, a.name AS agent, r.tool_version, r.learning, r.score, r.grade, r.passed, r.dimensions, r.summary
           FROM runs r LEFT JOIN agents a ON a.id = r.agent_id
           WHERE r.user_id = ? AND NOT EXISTS (SELECT 1 FROM sync_pushed p WHERE p.kind = 'run' AND p.id = r.id)
           ORDER BY r.started_at, r.id`,
        )
        .all(uid) as RunRow[];
      const limit = o.batchFindings ?? 2000;
      let batch: PushRun[] = [];
      let size = 0;
      const flush = async (): Promise<void> => {
        if (!batch.length) return;
        const res = await client.call<PushResult>('POST', '/sync/push', { runs: batch } satisfies PushBatch);
        markPushed(
          o.db,
          'run',
          batch.map((r) => ({ id: r.id, digest: '-' })),
        );
        report.pushed.runs += batch.length;
        report.alreadyThere += res.runs.received - res.runs.stored;
        batch = [];
        size = 0;
      };
      for (const row of pending) {
        const run = runPayload(o.db, row, o.includeCode);
        const findings = run.files.reduce((a, f) => a + f.findings.length + 1, 1);
        if (batch.length && (size + findings > limit || batch.length >= 100)) await flush();
        batch.push(run);
        size += findings;
      }
      await flush();

      const votes = pendingFeedback(o.db, uid);
      for (let i = 0; i < votes.length; i += 500) {
        const chunk = votes.slice(i, i + 500);
        const res = await client.call<PushResult>('POST', '/sync/push', { feedback: chunk.map((v) => v.vote) } satisfies PushBatch);
        // A refused vote would be refused again: it is marked pushed too (a changed vote is pushed anew).
        markPushed(o.db, 'feedback', chunk);
        const refused = res.feedback.rejected ?? 0;
        report.pushed.feedback += chunk.length - refused;
        report.refused.feedback += refused;
        for (const r of res.rejectedFeedback ?? [])
          if (report.refused.reasons.length < 5) report.refused.reasons.push(`${r.kind} ${r.targetId}: ${r.reason}`);
      }
    }
    const priors: TeamPriors | null = parseTeamPriors(await client.call<unknown>('GET', '/sync/priors'));
    if (!priors)
      throw new SyncError(`the team server at ${redactUrls(o.url)} sent priors this toasty cannot read`, 'upgrade toasty or the server');
    writeTransaction(o.db, () => {
      setSyncState(o.db, TEAM_PRIORS_KEY, priors);
      o.db.prepare('DELETE FROM sync_state WHERE key = ?').run(BACKOFF_KEY);
      setSyncState(o.db, 'last_sync', { at: new Date().toISOString(), url: redactUrls(o.url) });
    });
    report.priors = { rules: priors.rules.length, thresholds: priors.thresholds.length };
    report.pushed.requests = client.requests;
    return report;
  } catch (error) {
    const previous = backoffState(o.db);
    const failures = (previous?.failures ?? 0) + 1;
    const wait = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
    try {
      setSyncState(o.db, BACKOFF_KEY, {
        failures,
        nextAttemptAt: new Date(Date.now() + wait).toISOString(),
        lastError: redactUrls((error as Error).message),
      } satisfies BackoffState);
    } catch {
      // the database itself failed: the error below says so
    }
    if (error instanceof SyncError) throw error;
    // The local database failed (read-only, corrupt): the store's error, naming the file.
    if (String((error as { code?: unknown }).code).startsWith('SQLITE_')) throw storeError(error, o.db.name);
    throw new SyncError(`sync failed: ${redactUrls((error as Error).message)}`, 'nothing was lost: the next sync retries');
  }
}

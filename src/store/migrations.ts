/**
 * Numbered migrations: entry i brings the schema to version i + 1 (kept in PRAGMA user_version).
 * Never edit a released entry; append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );
  CREATE TABLE agents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    agent_id INTEGER REFERENCES agents(id),
    started_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    cwd TEXT NOT NULL,
    paths TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    config_file TEXT,
    config_hash TEXT NOT NULL,
    rules_hash TEXT NOT NULL,
    learning TEXT NOT NULL,
    score REAL,
    grade TEXT,
    passed INTEGER NOT NULL,
    dimensions TEXT NOT NULL,
    summary TEXT NOT NULL
  );
  CREATE INDEX runs_started ON runs(started_at);
  CREATE TABLE file_results (
    id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    abs_path TEXT NOT NULL,
    language TEXT,
    status TEXT NOT NULL,
    skip_reason TEXT,
    sha256 TEXT,
    loc INTEGER NOT NULL,
    sloc INTEGER NOT NULL,
    score REAL,
    grade TEXT,
    dimensions TEXT
  );
  CREATE INDEX file_results_run ON file_results(run_id);
  CREATE INDEX file_results_abs ON file_results(abs_path);
  CREATE TABLE findings (
    id TEXT PRIMARY KEY,
    file_id TEXT NOT NULL REFERENCES file_results(id) ON DELETE CASCADE,
    run_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    dimension TEXT NOT NULL,
    severity TEXT NOT NULL,
    line INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    cost REAL NOT NULL,
    muted INTEGER NOT NULL,
    suppressed INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX findings_file ON findings(file_id);
  CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    target_kind TEXT NOT NULL CHECK (target_kind IN ('finding', 'file', 'run', 'import')),
    target_id TEXT NOT NULL,
    -- The item voted on, across runs: a finding's fingerprint, else the id.
    target_key TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    weight REAL NOT NULL DEFAULT 1,
    implicit INTEGER NOT NULL DEFAULT 0,
    comment TEXT,
    dimension TEXT,
    rule_id TEXT,
    finding_dimension TEXT,
    severity TEXT,
    metric TEXT,
    fingerprint TEXT,
    path TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, target_kind, target_key)
  );
  CREATE TABLE learned_params (
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, kind, key)
  );
  CREATE TABLE cache (
    key TEXT PRIMARY KEY,
    abs_path TEXT NOT NULL,
    outcome TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX cache_abs ON cache(abs_path);
  `,
  // v2: `toasty sync` bookkeeping. What was pushed (with a digest of what was sent, so a changed
  // vote is pushed again) and small state (team priors pulled, failures, next attempt).
  `
  CREATE TABLE sync_pushed (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    digest TEXT NOT NULL,
    pushed_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
  );
  CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  // v3: `toasty history --prune` keeps a pruned run's row (and the file results and findings that
  // have feedback) and marks it pruned.
  `
  ALTER TABLE runs ADD COLUMN pruned_at TEXT;
  `,
  // v4: the cache keeps several variants of a file (one per set of options that change results),
  // evicted least recently used first: when each entry was last stored or served. Runs record
  // their project root (the config's folder, else the working directory) and why they are partial
  // (a JSON list such as ["--changed"], null when whole), so `history` keeps one trend per project.
  `
  ALTER TABLE cache ADD COLUMN used_at TEXT NOT NULL DEFAULT '';
  UPDATE cache SET used_at = created_at;
  CREATE INDEX cache_used ON cache(used_at);
  ALTER TABLE runs ADD COLUMN project TEXT;
  ALTER TABLE runs ADD COLUMN partial TEXT;
  `,
  // v5: learned parameters are not stored: the profile is computed from the feedback by
  // resolveLearning (learning/resolve.ts) whenever it is needed, so a stored copy could only go stale.
  // Runs keep the config's `learning:` options they were graded with (JSON), so `toasty feedback`
  // previews a vote with the options of the run it is about, without loading the config.
  `
  DROP TABLE learned_params;
  ALTER TABLE runs ADD COLUMN learning_options TEXT;
  `,
  // v6: each file's content digest with the stat stamp it was taken under, so a run whose walk finds
  // the file unchanged makes its cache key without reading it (store/digests.ts).
  `
  CREATE TABLE file_digests (
    abs_path TEXT PRIMARY KEY,
    stamp TEXT NOT NULL,
    sha256 TEXT NOT NULL
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * A new database's schema in one script, derived from the migrations: each table's CREATE TABLE
 * with its later `ALTER TABLE … ADD COLUMN`s folded in as SQLite rewrites the stored text (`, col`
 * before the closing parenthesis), dropped tables and their indexes left out, the rest in creation
 * order: what applying the migrations one by one leaves in sqlite_master, row for row. A database
 * at version 0 runs this instead of the chain: SQLite reloads the whole schema after each ALTER
 * TABLE and DROP TABLE, and the first run in a fresh home (every CI job) paid that (issue 19).
 * Null when a migration holds a statement of another kind (the chain then runs as before);
 * tests/store/store.test.ts checks the result against the chain.
 */
export function freshSchema(migrations: readonly string[]): string | null {
  const created: { name: string; table: string; sql: string }[] = [];
  for (const migration of migrations) {
    for (const raw of migration.split(';')) {
      const sql = raw.replace(/^(\s|--[^\n]*\n)+/, '').trimEnd();
      if (!sql) continue;
      let m: RegExpExecArray | null;
      if ((m = /^CREATE TABLE (\w+) \(/.exec(sql)) && sql.endsWith(')')) created.push({ name: m[1]!, table: m[1]!, sql });
      else if ((m = /^CREATE INDEX (\w+) ON (\w+)\(/.exec(sql))) created.push({ name: m[1]!, table: m[2]!, sql });
      else if ((m = /^ALTER TABLE (\w+) ADD COLUMN ([^;]+)$/.exec(sql))) {
        const table = created.find((c) => c.name === m![1] && c.table === m![1]);
        if (!table) return null;
        table.sql = `${table.sql.slice(0, table.sql.lastIndexOf(')'))}, ${m[2]})`;
      } else if ((m = /^DROP TABLE (\w+)$/.exec(sql))) {
        const dropped = m[1]!;
        for (let i = created.length - 1; i >= 0; i--) if (created[i]!.table === dropped) created.splice(i, 1);
      } else if (!/^UPDATE \w+ SET /.test(sql)) return null; // a new database has no rows to update
    }
  }
  return created.map((c) => `${c.sql};`).join('\n');
}

/**
 * The server's schema, the same SQL on SQLite and PostgreSQL (TEXT, INTEGER, DOUBLE PRECISION;
 * booleans as 0/1; times as ISO-8601 text). Entry i brings the schema to version i + 1 (table
 * schema_migrations). Never edit a released entry; append a new one.
 */
export const SERVER_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'user', 'service')),
    scopes TEXT NOT NULL,
    tier TEXT NOT NULL,
    hash TEXT NOT NULL,
    label TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE TABLE srv_runs (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    source TEXT NOT NULL,
    started_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    tool_version TEXT NOT NULL,
    agent TEXT,
    learning TEXT NOT NULL,
    score DOUBLE PRECISION,
    grade TEXT,
    passed INTEGER NOT NULL,
    dimensions TEXT NOT NULL,
    summary TEXT NOT NULL,
    received_at TEXT NOT NULL
  );
  CREATE INDEX srv_runs_user ON srv_runs (user_name, started_at);
  CREATE TABLE srv_files (
    id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    path TEXT NOT NULL,
    language TEXT,
    status TEXT NOT NULL,
    sha256 TEXT,
    loc INTEGER NOT NULL,
    sloc INTEGER NOT NULL,
    score DOUBLE PRECISION,
    grade TEXT,
    dimensions TEXT,
    code TEXT
  );
  CREATE INDEX srv_files_run ON srv_files (run_id);
  CREATE TABLE srv_findings (
    id TEXT PRIMARY KEY,
    file_id TEXT NOT NULL,
    run_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    dimension TEXT NOT NULL,
    severity TEXT NOT NULL,
    line INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    cost DOUBLE PRECISION NOT NULL,
    muted INTEGER NOT NULL,
    metric TEXT,
    message TEXT
  );
  CREATE INDEX srv_findings_file ON srv_findings (file_id);
  CREATE TABLE srv_feedback (
    user_name TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_key TEXT NOT NULL,
    target_id TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    weight DOUBLE PRECISION NOT NULL,
    implicit INTEGER NOT NULL,
    comment TEXT,
    dimension TEXT,
    rule_id TEXT,
    finding_dimension TEXT,
    severity TEXT,
    metric TEXT,
    created_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (user_name, target_kind, target_key)
  );
  CREATE INDEX srv_feedback_rule ON srv_feedback (rule_id);
  `,
  // 2: votes pushed with a createdAt ahead of the server's clock (free text before 0.1.x) are
  // re-dated to when they arrived, so a later vote can replace them.
  `UPDATE srv_feedback SET created_at = received_at WHERE created_at > received_at`,
  // 3: refresh tokens of POST /auth/token (only their SHA-256); a family is one login's chain of rotations.
  `
  CREATE TABLE srv_refresh_tokens (
    id TEXT PRIMARY KEY,
    family TEXT NOT NULL,
    key_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    revoked_at TEXT
  );
  CREATE INDEX srv_refresh_tokens_family ON srv_refresh_tokens (family);
  CREATE INDEX srv_refresh_tokens_key ON srv_refresh_tokens (key_id)
  `,
];

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ServeError } from '../errors.js';
import type { Queryable } from './sql.js';
import { principalOf } from './tokens.js';

export const ROLES = ['admin', 'user', 'service'] as const;
export type Role = (typeof ROLES)[number];
export const SCOPES = ['grade:read', 'grade:write', 'feedback:write', 'priors:read', 'metrics:read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];
export const TIERS = ['free', 'premium', 'unlimited'] as const;
export type Tier = (typeof TIERS)[number];

export const DEFAULT_SCOPES: Record<Role, Scope[]> = {
  admin: ['admin'],
  user: ['grade:read', 'grade:write', 'feedback:write', 'priors:read'],
  service: ['grade:write', 'priors:read'],
};
export const DEFAULT_TIER: Record<Role, Tier> = { admin: 'unlimited', user: 'free', service: 'premium' };

/** Who a request is: resolved from its API key. */
export interface Principal {
  keyId: string;
  user: string;
  role: Role;
  scopes: ReadonlySet<Scope>;
  tier: Tier;
  /** How the request proved it: an API key, or an access token issued for one. */
  via: 'key' | 'token';
}

export function isAdmin(p: Principal): boolean {
  return p.role === 'admin' || p.scopes.has('admin');
}

export function hasScope(p: Principal, scope: Scope): boolean {
  return isAdmin(p) || p.scopes.has(scope);
}

const KEY_PREFIX = 'tsk_';
const hashKey = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export interface KeyRow {
  id: string;
  user_name: string;
  role: string;
  scopes: string;
  tier: string;
  hash: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface NewKey {
  user: string;
  role: Role;
  scopes: Scope[];
  tier: Tier;
  label: string | null;
}

export function parseScopes(text: string | undefined, role: Role): Scope[] {
  if (text === undefined) return DEFAULT_SCOPES[role];
  const out = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of out)
    if (!(SCOPES as readonly string[]).includes(s)) throw new ServeError(`unknown scope '${s}'; expected some of ${SCOPES.join(', ')}`);
  if (out.length === 0) throw new ServeError(`--scopes is empty; expected some of ${SCOPES.join(', ')}`);
  return [...new Set(out)] as Scope[];
}

/**
 * Creates a key: `tsk_<id>_<secret>`, 32 random bytes of secret. Only its SHA-256 is stored (a
 * random 256-bit secret needs no slow hash); the full key is returned once, never again.
 */
export async function createKey(q: Queryable, key: NewKey): Promise<{ id: string; key: string }> {
  const id = randomBytes(6).toString('hex');
  const secret = `${KEY_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  await q.run(
    'INSERT INTO api_keys (id, user_name, role, scopes, tier, hash, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)',
    [id, key.user, key.role, key.scopes.join(','), key.tier, hashKey(secret), key.label, new Date().toISOString()],
  );
  return { id, key: secret };
}

export async function listKeys(q: Queryable): Promise<KeyRow[]> {
  return q.all<KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id');
}

/** Revokes by id (or a unique prefix of 4+ characters); returns the id revoked. */
export async function revokeKey(q: Queryable, idPrefix: string): Promise<string> {
  const p = idPrefix.replace(/^tsk_/, '').toLowerCase();
  if (!/^[0-9a-f]{4,}$/.test(p)) throw new ServeError(`'${idPrefix}' is not a key id (as printed by \`toasty serve keys list\`)`);
  const rows = await q.all<{ id: string }>('SELECT id FROM api_keys WHERE id >= ? AND id < ?', [p, `${p}~`]);
  if (rows.length !== 1)
    throw new ServeError(
      rows.length ? `key id '${p}' is ambiguous: ${rows.map((r) => r.id).join(', ')}` : `no key has an id starting with '${p}'`,
    );
  const id = rows[0]!.id;
  const now = new Date().toISOString();
  await q.run('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, id]);
  // Its tokens go with it: refresh tokens here, access tokens at their next use (they check the key).
  await q.run('UPDATE srv_refresh_tokens SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL', [now, id]);
  return id;
}

/** The principal a presented key stands for, or null (unknown, malformed, revoked). Constant-time on the hash. */
export async function authenticate(q: Queryable, presented: string): Promise<Principal | null> {
  const m = /^tsk_([0-9a-f]{12})_[A-Za-z0-9_-]{20,100}$/.exec(presented);
  if (!m) return null;
  const row = await q.get<KeyRow>('SELECT * FROM api_keys WHERE id = ?', [m[1]!]);
  const expected = Buffer.from(row?.hash ?? '0'.repeat(64), 'hex');
  const actual = Buffer.from(hashKey(presented), 'hex');
  const same = timingSafeEqual(expected, actual);
  if (!row || !same || row.revoked_at !== null) return null;
  return principalOf(row);
}

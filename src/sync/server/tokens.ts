import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import { ServeError } from '../errors.js';
import type { KeyRow, Principal, Role, Scope, Tier } from './keys.js';
import type { Queryable, Sql } from './sql.js';

/** Access tokens live 30 minutes, refresh tokens 7 days (the original platform's lengths). */
export const ACCESS_TOKEN_TTL_S = 30 * 60;
export const REFRESH_TOKEN_TTL_S = 7 * 24 * 60 * 60;
/** Clocks of the servers behind a balancer may differ this much (exp, nbf, iat). */
export const CLOCK_SKEW_S = 30;
/** The one algorithm signed and accepted: a token with `alg: none`, RS256 or anything else is refused. */
export const JWT_ALG = 'HS256';
const ISSUER = 'toasty-serve';
const AUDIENCE = 'toasty-api';
/** A secret shorter than this is refused (HS256 wants at least the hash's length). */
export const MIN_SECRET_BYTES = 32;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * The signing secret: `TOASTY_JWT_SECRET` (at least 32 bytes; every instance behind a balancer
 * needs the same one), else `file`, created with 32 random bytes and mode 0600 the first time. A
 * file readable by group or others is refused, like ssh does with keys.
 */
export function loadJwtSecret(env: NodeJS.ProcessEnv, file: string): Uint8Array {
  const fromEnv = env.TOASTY_JWT_SECRET;
  if (fromEnv !== undefined) {
    if (Buffer.byteLength(fromEnv) < MIN_SECRET_BYTES)
      throw new ServeError(
        `TOASTY_JWT_SECRET is ${Buffer.byteLength(fromEnv)} bytes; expected at least ${MIN_SECRET_BYTES}`,
        'generate one with `openssl rand -base64 48`',
      );
    return new Uint8Array(Buffer.from(fromEnv));
  }
  try {
    mkdirSync(dirname(file), { recursive: true });
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(48).toString('base64url')}\n`);
    } finally {
      closeSync(fd);
    }
    chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new ServeError(`cannot create the JWT secret file ${file}: ${(error as Error).message}`, 'set TOASTY_JWT_SECRET');
  }
  const mode = statSync(file).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new ServeError(
      `the JWT secret file ${file} has mode ${mode.toString(8)}; it must be readable by its owner only`,
      `chmod 600 ${file}`,
    );
  const text = readFileSync(file, 'utf8').trim();
  if (Buffer.byteLength(text) < MIN_SECRET_BYTES)
    throw new ServeError(`the JWT secret file ${file} holds ${Buffer.byteLength(text)} bytes; expected at least ${MIN_SECRET_BYTES}`);
  return new Uint8Array(Buffer.from(text));
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  expires_in: number;
  refresh_expires_in: number;
}

interface RefreshRow {
  id: string;
  family: string;
  key_id: string;
  hash: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

/** Why a refresh was refused (401 for all of them; `reused` also revoked the token's whole family). */
export type RefreshRefusal = 'invalid' | 'expired' | 'revoked' | 'reused';

/** A JWT has three base64url parts; an API key starts with tsk_. */
export const looksLikeJwt = (s: string): boolean => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(s);

/**
 * Access tokens (JWT, HS256, 30 min; they carry user, role, scopes, tier, the key id and the
 * refresh family) and refresh tokens (`tsr_<id>_<secret>`, 7 days, only their SHA-256 stored;
 * each works once: using it returns a new pair, and using it again revokes its whole family, so a
 * stolen token is useless once either party refreshes).
 */
export class TokenService {
  constructor(
    private readonly sql: Sql,
    private readonly secret: Uint8Array,
    private readonly now: () => number = Date.now,
  ) {}

  private async sign(p: Principal, family: string): Promise<string> {
    const nowS = Math.floor(this.now() / 1000);
    return new SignJWT({ role: p.role, scopes: [...p.scopes], tier: p.tier, kid: p.keyId, fam: family })
      .setProtectedHeader({ alg: JWT_ALG, typ: 'JWT' })
      .setSubject(p.user)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + ACCESS_TOKEN_TTL_S)
      .setJti(randomBytes(12).toString('hex'))
      .sign(this.secret);
  }

  private async newRefresh(q: Queryable, keyId: string, family: string): Promise<string> {
    const id = randomBytes(8).toString('hex');
    const token = `tsr_${id}_${randomBytes(32).toString('base64url')}`;
    const now = this.now();
    await q.run(
      'INSERT INTO srv_refresh_tokens (id, family, key_id, hash, created_at, expires_at, used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)',
      [id, family, keyId, sha256(token), new Date(now).toISOString(), new Date(now + REFRESH_TOKEN_TTL_S * 1000).toISOString()],
    );
    return token;
  }

  private async pair(q: Queryable, p: Principal, family: string): Promise<TokenPair> {
    const refresh = await this.newRefresh(q, p.keyId, family);
    return {
      access_token: await this.sign(p, family),
      refresh_token: refresh,
      token_type: 'bearer',
      expires_in: ACCESS_TOKEN_TTL_S,
      refresh_expires_in: REFRESH_TOKEN_TTL_S,
    };
  }

  /** A new family for a key's principal (POST /auth/token). */
  issue(p: Principal): Promise<TokenPair> {
    return this.sql.tx((q) => this.pair(q, p, randomBytes(8).toString('hex')));
  }

  /** Rotates a refresh token: a new pair, or why not (POST /auth/refresh). */
  async refresh(presented: string): Promise<TokenPair | RefreshRefusal> {
    const m = /^tsr_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$/.exec(presented);
    if (!m) return 'invalid';
    return this.sql.tx(async (q) => {
      const row = await q.get<RefreshRow>('SELECT * FROM srv_refresh_tokens WHERE id = ?', [m[1]!]);
      const same = timingSafeEqual(Buffer.from(row?.hash ?? '0'.repeat(64), 'hex'), Buffer.from(sha256(presented), 'hex'));
      if (!row || !same) return 'invalid';
      const nowIso = new Date(this.now()).toISOString();
      if (row.revoked_at !== null) return 'revoked';
      const revokeFamily = async (): Promise<'reused'> => {
        await q.run('UPDATE srv_refresh_tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL', [nowIso, row.family]);
        return 'reused';
      };
      if (row.used_at !== null) return revokeFamily();
      if (row.expires_at <= nowIso) return 'expired';
      const key = await q.get<KeyRow>('SELECT * FROM api_keys WHERE id = ?', [row.key_id]);
      if (!key || key.revoked_at !== null) return 'revoked';
      // Only one of two concurrent refreshes with the same token wins; the other is a reuse.
      const won = await q.run('UPDATE srv_refresh_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL', [
        nowIso,
        row.id,
      ]);
      if (won !== 1) return revokeFamily();
      return this.pair(q, principalOf(key), row.family);
    });
  }

  /**
   * The principal of an access token, or null: a bad signature, another algorithm, a wrong issuer
   * or audience, expired (past the skew), or its key or refresh family revoked since it was issued.
   */
  async verify(token: string): Promise<Principal | null> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.secret, {
        algorithms: [JWT_ALG],
        issuer: ISSUER,
        audience: AUDIENCE,
        clockTolerance: CLOCK_SKEW_S,
        currentDate: new Date(this.now()),
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch {
      return null;
    }
    const { sub, role, scopes, tier, kid, fam } = payload;
    if (typeof sub !== 'string' || typeof kid !== 'string' || typeof fam !== 'string' || !Array.isArray(scopes)) return null;
    const state = await this.sql.get<{ key_revoked: string | null; family_revoked: string | null }>(
      `SELECT revoked_at AS key_revoked,
              (SELECT MAX(revoked_at) FROM srv_refresh_tokens WHERE family = ?) AS family_revoked
       FROM api_keys WHERE id = ?`,
      [fam, kid],
    );
    if (!state || state.key_revoked !== null || state.family_revoked !== null) return null;
    return { keyId: kid, user: sub, role: role as Role, scopes: new Set(scopes as Scope[]), tier: tier as Tier, via: 'token' };
  }
}

export function principalOf(row: KeyRow): Principal {
  return {
    keyId: row.id,
    user: row.user_name,
    role: row.role as Role,
    scopes: new Set(row.scopes.split(',') as Scope[]),
    tier: row.tier as Tier,
    via: 'key',
  };
}

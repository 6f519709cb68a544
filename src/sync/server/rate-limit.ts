import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAdmin, type Principal } from './keys.js';

export interface TierLimits {
  free: number;
  premium: number;
}

export const DEFAULT_TIER_LIMITS: TierLimits = { free: 10, premium: 100 };

/** Requests per minute from one client IP, whoever it is (default). */
export const DEFAULT_IP_LIMIT = 1_000;
const WINDOW_MS = 60_000;

export interface RateLimitOptions {
  tiers?: Partial<TierLimits>;
  /** Requests per minute per client IP, authenticated or not. */
  perIp?: number;
  /** Redis (`redis://…`): every instance given the same URL shares the counts; absent: in memory, per instance. */
  redisUrl?: string;
  /** Called when the store fails (Redis down): the request goes through (fail open). */
  onStoreError: (error: Error) => void;
}

/** A limiter's answer: null (allowed) or the seconds to wait (Retry-After). */
export type Verdict = number | null;

export interface Limits {
  /** The per-user limit of `p`'s tier (admin and unlimited keys are never limited). */
  user(req: FastifyRequest, p: Principal): Promise<Verdict>;
  /** The per-IP limit. */
  ip(req: FastifyRequest): Promise<Verdict>;
  readonly store: 'redis' | 'memory';
  close(): Promise<void>;
}

/**
 * Rate limits on `@fastify/rate-limit` (fixed one-minute windows): per user and tier (a user's
 * keys and tokens share one count) and per client IP. With `redisUrl` the counts live in Redis,
 * so N instances behind a balancer apply one limit, not N; if Redis fails, requests go through
 * (fail open) and `onStoreError` reports it — never a 500.
 */
export async function registerRateLimits(app: FastifyInstance, options: RateLimitOptions): Promise<Limits> {
  const tiers: TierLimits = { ...DEFAULT_TIER_LIMITS, ...options.tiers };
  const perIp = options.perIp ?? DEFAULT_IP_LIMIT;
  let redis: import('ioredis').Redis | null = null;
  if (options.redisUrl) {
    const { Redis } = await import('ioredis');
    // No offline queue and one try: while Redis is down a command fails at once (and the request
    // goes through) instead of waiting for a reconnection.
    redis = new Redis(options.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      commandTimeout: 1_000,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    redis.on('error', (error: Error) => options.onStoreError(error));
    const ready = redis;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 3_000);
      ready.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  await app.register(rateLimit, {
    global: false,
    timeWindow: WINDOW_MS,
    ...(redis ? { redis, nameSpace: 'toasty-rl:' } : {}),
  });
  const byUser = app.createRateLimit({
    keyGenerator: (req) => `u:${req.principal!.tier}:${req.principal!.user}`,
    max: (req) => tiers[req.principal!.tier as keyof TierLimits] ?? 0,
    timeWindow: WINDOW_MS,
  });
  const byIp = app.createRateLimit({ keyGenerator: (req) => `ip:${req.ip}`, max: perIp, timeWindow: WINDOW_MS });
  const verdict = async (check: () => Promise<{ isAllowed: boolean } & Partial<{ isExceeded: boolean; ttlInSeconds: number }>>) => {
    try {
      const r = await check();
      if (r.isAllowed || !r.isExceeded) return null;
      return Math.max(1, r.ttlInSeconds ?? 1);
    } catch (error) {
      options.onStoreError(error as Error);
      return null;
    }
  };
  return {
    store: redis ? 'redis' : 'memory',
    user: (req, p) => (p.tier === 'unlimited' || isAdmin(p) ? Promise.resolve(null) : verdict(() => byUser(req))),
    ip: (req) => verdict(() => byIp(req)),
    close: async () => {
      if (redis) await redis.quit().catch(() => redis!.disconnect());
    },
  };
}

/** Failed authentications allowed per client IP and minute by default. */
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 30;
/** Buckets kept at most; full (idle) ones are dropped first, so a flood of addresses cannot grow memory without bound. */
const MAX_TRACKED_IPS = 50_000;

/**
 * Failed authentications per client IP (a token bucket of `perMinute`): while an IP has none left,
 * its requests are refused with 429 before any key is checked, so keys cannot be guessed at speed.
 */
export class AuthFailureLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly perMinute: number = DEFAULT_AUTH_FAILURES_PER_MINUTE) {}

  private bucket(ip: string, now: number): { tokens: number; at: number } {
    const b = this.buckets.get(ip) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + ((now - b.at) * this.perMinute) / 60_000);
    b.at = now;
    return b;
  }

  /** Seconds to wait before this IP may try a key again, or null. */
  blocked(ip: string, now: number = Date.now()): number | null {
    const b = this.buckets.get(ip) ? this.bucket(ip, now) : null;
    if (!b || b.tokens >= 1) return null;
    return Math.max(1, Math.ceil(((1 - b.tokens) * 60) / this.perMinute));
  }

  /** Counts one failed authentication. */
  fail(ip: string, now: number = Date.now()): void {
    if (this.buckets.size >= MAX_TRACKED_IPS)
      for (const [k, v] of this.buckets) if (this.bucket(k, now).tokens >= this.perMinute || v.at < now - 60_000) this.buckets.delete(k);
    const b = this.bucket(ip, now);
    b.tokens = Math.max(0, b.tokens - 1);
    this.buckets.set(ip, b);
  }
}

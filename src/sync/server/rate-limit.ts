import type { Tier } from './keys.js';

export interface TierLimits {
  free: number;
  premium: number;
}

export const DEFAULT_TIER_LIMITS: TierLimits = { free: 10, premium: 100 };

/**
 * A token bucket per API key: `limit` requests a minute, refilled continuously, bursts up to
 * `limit`. In memory, per server process (several instances behind a balancer each apply it).
 */
export class RateLimiter {
  private readonly limits: TierLimits;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(limits: Partial<TierLimits> = {}) {
    this.limits = { ...DEFAULT_TIER_LIMITS, ...limits };
  }

  /** Takes one token: null when allowed, else the seconds to wait (for Retry-After). */
  take(keyId: string, tier: Tier, now: number = Date.now()): number | null {
    if (tier === 'unlimited') return null;
    const limit = this.limits[tier];
    const perMs = limit / 60_000;
    const b = this.buckets.get(keyId) ?? { tokens: limit, at: now };
    b.tokens = Math.min(limit, b.tokens + (now - b.at) * perMs);
    b.at = now;
    this.buckets.set(keyId, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
  }
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

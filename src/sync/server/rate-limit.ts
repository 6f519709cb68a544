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

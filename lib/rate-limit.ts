/**
 * Per-key token buckets: `perMinute` requests in a burst, refilled evenly over the minute.
 * In-process: each instance counts its own traffic (shared counting across instances is
 * the scale-out work). `perMinute` 0 disables the limit.
 */
export function createRateLimiter(perMinute: number, now: () => number) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  const MAX_KEYS = 50_000;

  function refill(bucket: { tokens: number; at: number }, t: number) {
    bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * refillPerMs);
    bucket.at = t;
  }

  /** Forgets keys whose bucket has refilled completely: they behave as new ones. */
  function sweep(t: number) {
    for (const [key, bucket] of buckets) {
      refill(bucket, t);
      if (bucket.tokens >= perMinute) buckets.delete(key);
    }
  }

  return {
    /** Takes one token: null when allowed, else the seconds to wait (for Retry-After). */
    take(key: string): number | null {
      if (perMinute === 0) return null;
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= MAX_KEYS) sweep(t);
        bucket = { tokens: perMinute, at: t };
        buckets.set(key, bucket);
      }
      refill(bucket, t);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return null;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
    },
  };
}

import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createOnce, type Cluster } from "./cluster.ts";

export interface RateLimiter {
  /** Counts one capture of `key`: null when allowed, else the seconds until it is (for Retry-After). */
  take(key: string): Promise<number | null>;
}

const WINDOW_S = 60;
const TABLE = "hookbin_rate_limits";

/**
 * Per-bin captures per minute (fixed windows), counted in the store every instance shares
 * (SPEC §9). If that store fails, an in-process limiter stands in rather than refusing
 * captures. `perMinute` 0 turns the limit off.
 */
export async function createRateLimiter(perMinute: number, store: Cluster["store"]): Promise<RateLimiter> {
  if (perMinute === 0) return { take: async () => null };
  const options = { points: perMinute, duration: WINDOW_S, keyPrefix: "hookbin_capture" };
  const insuranceLimiter = new RateLimiterMemory(options);
  let limiter: RateLimiterAbstract = insuranceLimiter;
  if (store.kind === "redis") {
    limiter = new RateLimiterRedis({ ...options, storeClient: store.client, useRedisPackage: true, insuranceLimiter });
  } else if (store.kind === "postgres") {
    // The table rate-limiter-flexible would create, created here so concurrent starts cannot race.
    await createOnce(store.pool, `CREATE TABLE IF NOT EXISTS ${TABLE} (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`);
    limiter = new RateLimiterPostgres({
      ...options,
      storeClient: store.pool,
      tableName: TABLE,
      tableCreated: true,
      clearExpiredByTimeout: true,
      insuranceLimiter,
    });
  }
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return null;
      } catch (res) {
        if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        throw res;
      }
    },
  };
}

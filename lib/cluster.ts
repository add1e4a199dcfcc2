import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import { createAdapter as createRedisAdapter } from "@socket.io/redis-adapter";
import pg from "pg";
import { createClient, type RedisClientType } from "redis";
import type { ServerOptions } from "socket.io";

/** What several instances share besides the database: the socket.io adapter and its clients. */
export interface Cluster {
  adapter: ServerOptions["adapter"] | undefined;
  /** A shared store for the rate limiter: Redis when configured, else Postgres, else none (SQLite: one instance). */
  store: { kind: "redis"; client: RedisClientType } | { kind: "postgres"; pool: pg.Pool } | { kind: "memory" };
  close(): Promise<void>;
}

/**
 * Runs CREATE … IF NOT EXISTS statements under an advisory lock. Instances starting together
 * would otherwise race: Postgres can fail the loser with a duplicate pg_type entry.
 */
export async function createOnce(pool: pg.Pool, statement: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext('hookbin:create-once'))");
    await client.query(statement);
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Redis (REDIS_URL) or Postgres LISTEN/NOTIFY carries socket.io events between instances
 * (SPEC §9). On SQLite there is one instance and socket.io's in-memory adapter.
 */
export async function createCluster(options: {
  databaseUrl: string;
  provider: "sqlite" | "postgresql";
  redisUrl: string | undefined;
  onError: (err: unknown) => void;
}): Promise<Cluster> {
  if (options.redisUrl) {
    const pub: RedisClientType = createClient({ url: options.redisUrl });
    const sub = pub.duplicate();
    pub.on("error", options.onError);
    sub.on("error", options.onError);
    await Promise.all([pub.connect(), sub.connect()]);
    return {
      adapter: createRedisAdapter(pub, sub),
      store: { kind: "redis", client: pub },
      close: async () => {
        await Promise.allSettled([pub.quit(), sub.quit()]);
      },
    };
  }
  if (options.provider === "postgresql") {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4 });
    pool.on("error", options.onError);
    // The adapter's own table, for payloads over NOTIFY's 8000-byte limit (a replay with a body).
    await createOnce(pool, "CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)");
    return {
      adapter: createPostgresAdapter(pool, { errorHandler: options.onError }),
      store: { kind: "postgres", pool },
      close: () => pool.end(),
    };
  }
  return { adapter: undefined, store: { kind: "memory" }, close: async () => {} };
}

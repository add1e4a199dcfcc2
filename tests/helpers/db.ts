// Test databases: a fresh SQLite file, or a fresh database on the local Postgres
// (127.0.0.1:5432), chosen by HOOKBIN_TEST_DB ("sqlite", the default, or "postgresql").
// Postgres being down fails the test loudly: nothing is skipped.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export type TestDbKind = "sqlite" | "postgresql";

export const POSTGRES_ADMIN_URL = process.env.POSTGRES_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function testDbKind(): TestDbKind {
  return process.env.HOOKBIN_TEST_DB === "postgresql" ? "postgresql" : "sqlite";
}

export interface TestDatabase {
  kind: TestDbKind;
  url: string;
  /** Runs a COUNT(*) query (placeholders `$1`, `$2`, … on both databases) and returns the number. */
  count(sql: string, ...params: unknown[]): Promise<number>;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`Postgres at ${POSTGRES_ADMIN_URL} is needed by this test and is not answering: ${(err as Error).message}`);
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface SqliteDatabase {
  prepare(sql: string): { get(...params: unknown[]): unknown };
  close(): void;
}
type SqliteConstructor = new (path: string, options: { readonly: boolean; fileMustExist: boolean }) => SqliteDatabase;

export async function createTestDatabase(kind: TestDbKind = testDbKind()): Promise<TestDatabase> {
  if (kind === "postgresql") {
    const name = `hookbin_test_${randomBytes(6).toString("hex")}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
    return {
      kind,
      url: url.toString(),
      async count(sql, ...params) {
        const { rows } = await pool.query<{ n: string }>(sql, params);
        return Number(rows[0]!.n);
      },
      async drop() {
        await pool.end();
        await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "hookbin-test-"));
  const file = join(dir, "hookbin.db");
  const Sqlite = createRequire(import.meta.url)("better-sqlite3") as SqliteConstructor;
  let db: SqliteDatabase | undefined;
  return {
    kind,
    url: `file:${file}`,
    async count(sql, ...params) {
      db ??= new Sqlite(file, { readonly: true, fileMustExist: true });
      return Number((db.prepare(sql.replace(/\$\d+/g, "?")).get(...params) as { n: number | bigint }).n);
    },
    async drop() {
      db?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

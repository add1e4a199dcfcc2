import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../../generated/prisma/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "../../generated/prisma/postgresql/client.ts";

export type Provider = "sqlite" | "postgresql";

/**
 * Both generated clients have the same models, so one type serves both; the Postgres client
 * is used through the SQLite client's type.
 */
export type PrismaDb = InstanceType<typeof SqliteClient>;

export interface Db {
  prisma: PrismaDb;
  provider: Provider;
  close(): Promise<void>;
}

export function providerOf(url: string): Provider {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

/** The adapter factory for a URL; migrations and the client use the same one. */
export function adapterFor(url: string, root: string): PrismaBetterSqlite3 | PrismaPg {
  if (providerOf(url) === "postgresql") return new PrismaPg({ connectionString: url, max: 10 });
  return new PrismaBetterSqlite3({ url: sqlitePath(url, root), timeout: 10_000 });
}

/** `file:./data/x.db` → absolute path (relative to the app root), creating its folder. */
function sqlitePath(url: string, root: string): string {
  const path = resolve(root, url.replace(/^file:/, ""));
  mkdirSync(dirname(path), { recursive: true });
  return path;
}

/** Opens the database for a URL: SQLite file (WAL) or Postgres pool. */
export async function createDb(url: string, root: string): Promise<Db> {
  const provider = providerOf(url);
  const adapter = adapterFor(url, root);
  const prisma = provider === "postgresql" ? (new PostgresClient({ adapter }) as unknown as PrismaDb) : new SqliteClient({ adapter });
  if (provider === "sqlite") {
    // WAL lets readers run beside the writer; FULL makes each committed batch durable before
    // the senders in it are answered (group commit pays one fsync per batch).
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$executeRawUnsafe("PRAGMA synchronous = FULL");
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  }
  return { prisma, provider, close: () => prisma.$disconnect() };
}

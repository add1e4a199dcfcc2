// A read-only look into a test server's SQLite file, for facts the API cannot show:
// "nothing was stored", "its rows are gone".
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Statement {
  get(...params: unknown[]): unknown;
}
interface Database {
  prepare(sql: string): Statement;
  close(): void;
}
type DatabaseConstructor = new (path: string, options: { readonly: boolean; fileMustExist: boolean }) => Database;

const Sqlite = createRequire(import.meta.url)("better-sqlite3") as DatabaseConstructor;

export interface SqlitePeek {
  /** Env for startTestServer: the server's database is this file. */
  env: { DATABASE_URL: string };
  /** Rows in the Request table, of one bin or all. */
  requestRows(binId?: string): number;
  binRows(binId: string): number;
  close(): void;
}

export function sqlitePeek(): SqlitePeek {
  const dir = mkdtempSync(join(tmpdir(), "hookbin-peek-"));
  const file = join(dir, "hookbin.db");
  let db: Database | undefined;
  const open = () => (db ??= new Sqlite(file, { readonly: true, fileMustExist: true }));
  const count = (sql: string, ...params: unknown[]) =>
    (
      open()
        .prepare(sql)
        .get(...params) as { n: number }
    ).n;
  return {
    env: { DATABASE_URL: `file:${file}` },
    requestRows: (binId) =>
      binId === undefined ? count(`SELECT COUNT(*) AS n FROM "Request"`) : count(`SELECT COUNT(*) AS n FROM "Request" WHERE "binId" = ?`, binId),
    binRows: (binId) => count(`SELECT COUNT(*) AS n FROM "Bin" WHERE "id" = ?`, binId),
    close() {
      db?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

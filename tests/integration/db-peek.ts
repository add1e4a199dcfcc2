// A look into a test server's database, SQLite or Postgres, for facts the API cannot show:
// "nothing was stored", "its rows are gone".
import { createTestDatabase, type TestDatabase } from "../helpers/db.ts";

export interface DbPeek {
  /** Env for startTestServer: the server's database is this one. */
  env: { DATABASE_URL: string };
  /** Rows in the Request table, of one bin or all. */
  requestRows(binId?: string): Promise<number>;
  binRows(binId: string): Promise<number>;
  close(): Promise<void>;
}

export async function dbPeek(): Promise<DbPeek> {
  const db: TestDatabase = await createTestDatabase();
  return {
    env: { DATABASE_URL: db.url },
    requestRows: (binId) =>
      binId === undefined ? db.count(`SELECT COUNT(*) AS n FROM "Request"`) : db.count(`SELECT COUNT(*) AS n FROM "Request" WHERE "binId" = $1`, binId),
    binRows: (binId) => db.count(`SELECT COUNT(*) AS n FROM "Bin" WHERE "id" = $1`, binId),
    close: () => db.drop(),
  };
}

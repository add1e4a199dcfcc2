import { Prisma } from "../generated/prisma/sqlite/client.ts";
import { encodeBody } from "./body.ts";
import type { PrismaDb, Provider } from "./db/client.ts";
import { requestNotFound } from "./errors.ts";
import { headersFromColumn } from "./headers.ts";
import type { CapturedRequest, ListRequestsQuery, RequestPage, RequestSummary } from "./schemas.ts";
import { toSummary, type StoredRequest } from "./store.ts";

export interface RequestsDeps {
  prisma: PrismaDb;
  provider: Provider;
}

const summaryColumns = Prisma.raw(`"id", "binId", "method", "path", "query", "contentType", "bodySize", "ip", "receivedAt"`);
type SummaryRow = {
  id: string;
  binId: string;
  method: string;
  path: string;
  query: string;
  contentType: string;
  bodySize: number | bigint;
  ip: string;
  receivedAt: Date | string;
};

function summaryFromRow(row: SummaryRow): RequestSummary {
  return toSummary({ ...row, bodySize: Number(row.bodySize), receivedAt: new Date(row.receivedAt) });
}

/** A Request row: a stored request with its headers still in their column form. */
type RequestRow = Omit<StoredRequest, "headers"> & { headers: string };

function toCapturedRequest(row: RequestRow): CapturedRequest {
  return { ...toSummary(row), headers: headersFromColumn(row.headers), ...encodeBody(row.body), truncated: row.truncated, httpVersion: row.httpVersion };
}

/** `%`, `_` and the escape character itself match literally. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export type Requests = ReturnType<typeof createRequests>;

export function createRequests({ prisma, provider }: RequestsDeps) {
  /**
   * Substring search over path, query, header names and values (decoded from their JSON
   * array, so quotes and punctuation match as sent) and the body: case-insensitive for
   * ASCII, plus an exact byte match that also reaches past NUL bytes.
   */
  function searchCondition(q: string): Prisma.Sql {
    const pattern = likePattern(q);
    if (provider === "postgresql") {
      return Prisma.sql`("path" ILIKE ${pattern} ESCAPE '\\' OR "query" ILIKE ${pattern} ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM jsonb_array_elements("headers"::jsonb) AS h WHERE h->>0 ILIKE ${pattern} ESCAPE '\\' OR h->>1 ILIKE ${pattern} ESCAPE '\\')
        OR encode("body", 'escape') ILIKE ${pattern} ESCAPE '\\' OR position(convert_to(${q}, 'UTF8') in "body") > 0)`;
    }
    return Prisma.sql`("path" LIKE ${pattern} ESCAPE '\\' OR "query" LIKE ${pattern} ESCAPE '\\'
      OR EXISTS (SELECT 1 FROM json_each("headers") AS h WHERE h.value ->> 0 LIKE ${pattern} ESCAPE '\\' OR h.value ->> 1 LIKE ${pattern} ESCAPE '\\')
      OR CAST("body" AS TEXT) LIKE ${pattern} ESCAPE '\\' OR instr("body", CAST(${q} AS BLOB)) > 0)`;
  }

  return {
    /** A page of summaries, newest first; `nextCursor` is the `before` of the next page. */
    async list(binId: string, query: ListRequestsQuery): Promise<RequestPage> {
      const conditions = [Prisma.sql`"binId" = ${binId}`];
      if (query.before) conditions.push(Prisma.sql`"id" < ${query.before}`);
      if (query.method) conditions.push(Prisma.sql`"method" = ${query.method}`);
      if (query.q) conditions.push(searchCondition(query.q));
      const rows = await prisma.$queryRaw<
        SummaryRow[]
      >`SELECT ${summaryColumns} FROM "Request" WHERE ${Prisma.join(conditions, " AND ")} ORDER BY "id" DESC LIMIT ${query.limit + 1}`;
      const page = rows.slice(0, query.limit).map(summaryFromRow);
      return { requests: page, nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null };
    },

    /** Summaries after `afterId` (all when null), oldest first: the catch-up of a subscriber. */
    async since(binId: string, afterId: string | null, limit: number): Promise<RequestSummary[]> {
      const rows = await prisma.request.findMany({
        where: { binId, ...(afterId ? { id: { gt: afterId } } : {}) },
        orderBy: { id: "asc" },
        take: limit,
        omit: { headers: true, body: true, truncated: true, httpVersion: true },
      });
      return rows.map((row) => toSummary(row));
    },

    /** @throws AppError request_not_found. */
    async get(binId: string, id: string): Promise<CapturedRequest> {
      const row = await prisma.request.findFirst({ where: { id, binId } });
      if (!row) throw requestNotFound();
      return toCapturedRequest(row);
    },

    /** The stored body bytes and the Content-Type they were sent with. @throws AppError request_not_found. */
    async raw(binId: string, id: string): Promise<{ body: Uint8Array; contentType: string }> {
      const row = await prisma.request.findFirst({ where: { id, binId }, select: { body: true, contentType: true } });
      if (!row) throw requestNotFound();
      return row;
    },

    /** Every request of a bin, oldest first, for export. */
    async all(binId: string): Promise<CapturedRequest[]> {
      const rows = await prisma.request.findMany({ where: { binId }, orderBy: { id: "asc" } });
      return rows.map(toCapturedRequest);
    },

    /** @throws AppError request_not_found. */
    async remove(binId: string, id: string): Promise<void> {
      const { count } = await prisma.request.deleteMany({ where: { id, binId } });
      if (count === 0) throw requestNotFound();
    },

    async clear(binId: string): Promise<void> {
      await prisma.request.deleteMany({ where: { binId } });
    },
  };
}

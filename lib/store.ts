// Prisma.sql and Prisma.join are the runtime's tagged-template helpers, the same for both
// generated clients: the SQL they build is parameterized for whichever database runs it.
import { Prisma } from "../generated/prisma/sqlite/client.ts";
import type { PrismaDb } from "./db/client.ts";
import { AppError, binNotFound } from "./errors.ts";
import { headersToColumn } from "./headers.ts";
import type { RequestSummary } from "./schemas.ts";

/** A captured request as stored: body as bytes, headers as ordered pairs. */
export interface StoredRequest {
  id: string;
  binId: string;
  method: string;
  path: string;
  query: string;
  headers: [string, string][];
  body: Uint8Array;
  bodySize: number;
  truncated: boolean;
  contentType: string;
  ip: string;
  httpVersion: string;
  receivedAt: Date;
}

export function toSummary(r: Omit<StoredRequest, "headers" | "body" | "truncated" | "httpVersion">): RequestSummary {
  return {
    id: r.id,
    binId: r.binId,
    method: r.method,
    path: r.path,
    query: r.query,
    contentType: r.contentType,
    bodySize: r.bodySize,
    ip: r.ip,
    receivedAt: r.receivedAt.toISOString(),
  };
}

export interface StoreDeps {
  prisma: PrismaDb;
  maxRequestsPerBin: number;
  /** Called once per committed batch, after the senders' promises are settled. */
  onCommitted: (requests: StoredRequest[]) => void;
  onError: (err: unknown) => void;
}

// A batch is bounded by rows (13 bind parameters each, far below both databases' limits)
// and by body bytes, so one huge batch cannot hold the writer for long.
const MAX_BATCH_ROWS = 256;
const MAX_BATCH_BYTES = 32 * 1024 * 1024;

interface Pending {
  request: StoredRequest;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export type Store = ReturnType<typeof createStore>;

/**
 * The group-commit writer. `add` queues a capture and resolves once it is committed. While
 * one transaction is in flight, new captures queue up and go together in the next one: one
 * multi-row INSERT plus the per-bin prune, so throughput grows with load while each sender
 * is still answered only after its own commit.
 */
export function createStore({ prisma, maxRequestsPerBin, onCommitted, onError }: StoreDeps) {
  let queue: Pending[] = [];
  let writing: Promise<void> | null = null;

  function insert(requests: StoredRequest[]) {
    const rows = requests.map(
      (r) =>
        Prisma.sql`(${r.id}, ${r.binId}, ${r.method}, ${r.path}, ${r.query}, ${headersToColumn(r.headers)}, ${r.body}, ${r.bodySize}, ${r.truncated}, ${r.contentType}, ${r.ip}, ${r.httpVersion}, ${r.receivedAt})`,
    );
    return prisma.$executeRaw`INSERT INTO "Request" ("id", "binId", "method", "path", "query", "headers", "body", "bodySize", "truncated", "contentType", "ip", "httpVersion", "receivedAt") VALUES ${Prisma.join(rows)}`;
  }

  /** Deletes a bin's oldest requests beyond the cap (the row at OFFSET cap and older). */
  function prune(binId: string) {
    return prisma.$executeRaw`DELETE FROM "Request" WHERE "binId" = ${binId} AND "id" <= (SELECT "id" FROM "Request" WHERE "binId" = ${binId} ORDER BY "id" DESC LIMIT 1 OFFSET ${maxRequestsPerBin})`;
  }

  async function commit(requests: StoredRequest[]): Promise<void> {
    const binIds = [...new Set(requests.map((r) => r.binId))];
    await prisma.$transaction([insert(requests), ...binIds.map(prune)]);
  }

  function takeBatch(): Pending[] {
    let bytes = 0;
    let count = 0;
    while (count < queue.length && count < MAX_BATCH_ROWS) {
      bytes += queue[count]!.request.body.length;
      count++;
      if (bytes >= MAX_BATCH_BYTES) break;
    }
    const batch = queue.slice(0, count);
    queue = queue.slice(count);
    return batch;
  }

  /** A failed batch is retried row by row, so one bad row (a bin deleted meanwhile) fails alone. */
  async function commitOneByOne(batch: Pending[]): Promise<Pending[]> {
    const committed: Pending[] = [];
    for (const pending of batch) {
      try {
        await commit([pending.request]);
        committed.push(pending);
      } catch (err) {
        const binExists = await prisma.bin.count({ where: { id: pending.request.binId } }).catch(() => 1);
        pending.reject(binExists ? storageFailed(err) : binNotFound());
      }
    }
    return committed;
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      // SQLite's driver is synchronous: while a commit (and its fsync) runs, no socket is
      // read, so nothing can queue behind it. Letting the I/O phase run first is what lets
      // every request already on the wire join this batch.
      await new Promise((resolve) => setImmediate(resolve));
      const batch = takeBatch();
      let committed: Pending[];
      try {
        await commit(batch.map((p) => p.request));
        committed = batch;
      } catch {
        committed = await commitOneByOne(batch);
      }
      for (const p of committed) p.resolve();
      if (committed.length > 0) {
        try {
          onCommitted(committed.map((p) => p.request));
        } catch (err) {
          onError(err);
        }
      }
    }
    writing = null;
  }

  function storageFailed(err: unknown): AppError {
    onError(err);
    return new AppError(503, "storage_unavailable", "The request could not be stored; try again.");
  }

  return {
    /** Resolves after the request is committed. @throws AppError bin_not_found, storage_unavailable. */
    add(request: StoredRequest): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        queue.push({ request, resolve, reject });
        writing ??= drain();
      });
    },

    /** Waits until everything queued so far is committed. */
    async flush(): Promise<void> {
      while (writing) await writing;
    },
  };
}

import { createHash, timingSafeEqual } from "node:crypto";
import type { PrismaDb } from "./db/client.ts";
import { binNotFound, forbidden, unauthorized } from "./errors.ts";
import { isWellFormedBinId, newBinId, newOwnerToken } from "./ids.ts";
import { CustomResponse, type Bin, type CreateBinInput, type UpdateBinInput } from "./schemas.ts";

/** A bin as the server holds it: what capture needs, without the token hash. */
export interface BinRecord {
  id: string;
  name: string;
  response: CustomResponse | null;
  forwardUrl: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface BinsDeps {
  prisma: PrismaDb;
  now: () => number;
  defaultTtlHours: number;
  /** Called after this instance changed or deleted a bin, so other instances can forget it. */
  onChanged: (id: string) => void;
}

const CACHE_LIMIT = 10_000;
const HOUR_MS = 3_600_000;

function hashToken(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

type BinRow = { id: string; name: string; response: string | null; forwardUrl: string | null; createdAt: Date; expiresAt: Date };

function toRecord(row: BinRow): BinRecord {
  return {
    id: row.id,
    name: row.name,
    response: row.response === null ? null : CustomResponse.parse(JSON.parse(row.response)),
    forwardUrl: row.forwardUrl,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

const recordColumns = { id: true, name: true, response: true, forwardUrl: true, createdAt: true, expiresAt: true } as const;

export type Bins = ReturnType<typeof createBins>;

export function createBins({ prisma, now, defaultTtlHours, onChanged }: BinsDeps) {
  // Capture reads bins from memory: a bin's fields change only through this module, which
  // evicts on every change. A bin deleted elsewhere is still caught by the foreign key
  // when its capture is stored (see store.ts).
  const cache = new Map<string, BinRecord>();
  // Bumped on every change: a read that started before a change must not be cached after it.
  const changes = new Map<string, number>();

  function changed(id: string): void {
    // Forgetting the counters is safe: a read then sees a different value and is not cached.
    if (changes.size >= CACHE_LIMIT) changes.clear();
    changes.set(id, (changes.get(id) ?? 0) + 1);
    cache.delete(id);
  }

  function remember(bin: BinRecord): BinRecord {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(bin.id, bin);
    return bin;
  }

  const isLive = (bin: BinRecord) => bin.expiresAt.getTime() > now();

  async function load(id: string): Promise<BinRecord | null> {
    if (!isWellFormedBinId(id)) return null;
    const row = await prisma.bin.findUnique({ where: { id }, select: recordColumns });
    return row ? toRecord(row) : null;
  }

  return {
    /** Creates a bin; the token is returned only here and stored as a SHA-256 hash. */
    async create(input: CreateBinInput): Promise<{ bin: BinRecord; token: string }> {
      const token = newOwnerToken();
      const createdAt = new Date(now());
      const expiresAt = new Date(createdAt.getTime() + (input.ttlHours ?? defaultTtlHours) * HOUR_MS);
      const row = await prisma.bin.create({
        data: {
          id: newBinId(),
          name: input.name ?? "",
          tokenHash: hashToken(token).toString("hex"),
          response: input.response ? JSON.stringify(input.response) : null,
          forwardUrl: input.forwardUrl ?? null,
          createdAt,
          expiresAt,
        },
        select: recordColumns,
      });
      return { bin: remember(toRecord(row)), token };
    },

    /** A live bin, for capture: from memory when seen before. Null when unknown or expired. */
    async findForCapture(id: string): Promise<BinRecord | null> {
      const cached = cache.get(id);
      if (cached && isLive(cached)) return cached;
      const before = changes.get(id);
      const bin = await load(id);
      if (!bin || !isLive(bin)) {
        cache.delete(id);
        return null;
      }
      return changes.get(id) === before ? remember(bin) : bin;
    },

    /** @throws AppError bin_not_found when unknown or expired. */
    async get(id: string): Promise<BinRecord> {
      const bin = await load(id);
      if (!bin || !isLive(bin)) throw binNotFound();
      return bin;
    },

    /**
     * Checks a bearer token against the bin's hash in constant time.
     * @throws AppError bin_not_found, unauthorized (no token), forbidden (wrong token).
     */
    async requireOwner(id: string, token: string | null): Promise<BinRecord> {
      const row = isWellFormedBinId(id) ? await prisma.bin.findUnique({ where: { id } }) : null;
      if (!row || row.expiresAt.getTime() <= now()) throw binNotFound();
      if (!token) throw unauthorized();
      const expected = Buffer.from(row.tokenHash, "hex");
      const given = hashToken(token);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw forbidden();
      return toRecord(row);
    },

    /** @throws AppError bin_not_found. */
    async update(id: string, input: UpdateBinInput): Promise<BinRecord> {
      changed(id);
      const data: { name?: string; response?: string | null; forwardUrl?: string | null } = {};
      if (input.name !== undefined) data.name = input.name;
      if (input.response !== undefined) data.response = input.response === null ? null : JSON.stringify(input.response);
      if (input.forwardUrl !== undefined) data.forwardUrl = input.forwardUrl;
      const row = await prisma.bin.update({ where: { id }, data, select: recordColumns }).catch(() => null);
      changed(id);
      if (!row) throw binNotFound();
      onChanged(id);
      return toRecord(row);
    },

    /** Deletes the bin; its requests go with it (ON DELETE CASCADE). */
    async remove(id: string): Promise<void> {
      changed(id);
      await prisma.bin.deleteMany({ where: { id } });
      changed(id);
      onChanged(id);
    },

    /** Drops what this instance remembers of a bin another instance changed. */
    forget(id: string): void {
      changed(id);
    },

    /** The wire shape, with its live request count. */
    async toWire(bin: BinRecord, baseUrl: string): Promise<Bin> {
      return toWireBin(bin, baseUrl, await prisma.request.count({ where: { binId: bin.id } }));
    },
  };
}

/** The wire shape of a bin (SPEC §4), with URLs on `baseUrl`. */
export function toWireBin(bin: BinRecord, baseUrl: string, requestCount: number): Bin {
  return {
    id: bin.id,
    name: bin.name,
    captureUrl: `${baseUrl}/h/${bin.id}`,
    inspectUrl: `${baseUrl}/b/${bin.id}`,
    createdAt: bin.createdAt.toISOString(),
    expiresAt: bin.expiresAt.toISOString(),
    requestCount,
    response: bin.response,
    forwardUrl: bin.forwardUrl,
  };
}

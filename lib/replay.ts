import { decodeBody, encodeBody, headerValue } from "./body.ts";
import type { PrismaDb } from "./db/client.ts";
import { isAppError, requestNotFound } from "./errors.ts";
import { headersFromColumn, headersToColumn } from "./headers.ts";
import type { Outbound, OutboundRequest, OutboundResult } from "./outbound.ts";
import type { Replay, ReplayInput } from "./schemas.ts";
import type { StoredRequest } from "./store.ts";

export interface ReplaysDeps {
  prisma: PrismaDb;
  outbound: Outbound;
  newId: () => string;
  now: () => number;
  /** Called after a replay is stored. */
  published: (binId: string, replay: Replay) => void;
}

type Origin = Replay["origin"];
type ReplayRow = {
  id: string;
  requestId: string;
  origin: string;
  url: string;
  method: string;
  status: number | null;
  headers: string;
  body: Uint8Array;
  truncated: boolean;
  durationMs: number;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date;
};

function toWireReplay(row: ReplayRow): Replay {
  return {
    id: row.id,
    requestId: row.requestId,
    origin: row.origin === "forward" ? "forward" : "replay",
    url: row.url,
    method: row.method,
    status: row.status,
    headers: headersFromColumn(row.headers),
    ...encodeBody(row.body),
    truncated: row.truncated,
    durationMs: row.durationMs,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? "" } : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The outgoing request: the captured one, with whatever the input overrides. */
export function buildOutgoing(captured: Pick<StoredRequest, "method" | "headers" | "body">, input: ReplayInput): OutboundRequest {
  return {
    url: input.url,
    method: input.method ?? captured.method,
    headers: input.headers ?? captured.headers,
    body: input.body !== undefined ? decodeBody(input.body, input.bodyEncoding ?? "utf8") : captured.body,
  };
}

/**
 * Forwards carry a hop count, so a bin forwarding to its own capture URL (or bins forwarding
 * to each other) stops after MAX_FORWARD_HOPS instead of looping.
 */
export const FORWARD_HOPS_HEADER = "X-Hookbin-Forward-Hops";
export const MAX_FORWARD_HOPS = 5;

export function forwardHops(headers: ReadonlyArray<readonly [string, string]>): number {
  const value = Number(headerValue(headers, FORWARD_HOPS_HEADER));
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/** Where a forwarded capture goes: the forward URL with the captured sub-path and query appended. */
export function forwardTarget(forwardUrl: string, captured: Pick<StoredRequest, "path" | "query">): string {
  const url = new URL(forwardUrl);
  if (captured.path !== "/") url.pathname = url.pathname.replace(/\/+$/, "") + captured.path;
  if (captured.query) url.search = url.search ? `${url.search}&${captured.query}` : `?${captured.query}`;
  return url.toString();
}

export type Replays = ReturnType<typeof createReplays>;

export function createReplays({ prisma, outbound, newId, now, published }: ReplaysDeps) {
  async function record(binId: string, requestId: string, origin: Origin, out: OutboundRequest, result: OutboundResult): Promise<Replay> {
    const row = await prisma.replay.create({
      data: {
        id: newId(),
        requestId,
        binId,
        origin,
        url: out.url,
        method: out.method,
        status: result.ok ? result.status : null,
        headers: headersToColumn(result.ok ? result.headers : []),
        body: result.ok ? result.body : new Uint8Array(),
        truncated: result.ok ? result.truncated : false,
        durationMs: result.durationMs,
        errorCode: result.ok ? null : result.error.code,
        errorMessage: result.ok ? null : result.error.message,
        createdAt: new Date(now()),
      },
    });
    const replay = toWireReplay(row);
    published(binId, replay);
    return replay;
  }

  return {
    /**
     * Sends a captured request to `input.url` and keeps the outcome; a network failure is a
     * Replay with `error`. @throws AppError request_not_found, target_not_allowed, invalid_target.
     */
    async replay(binId: string, requestId: string, input: ReplayInput): Promise<Replay> {
      const captured = await prisma.request.findFirst({ where: { id: requestId, binId }, select: { method: true, headers: true, body: true } });
      if (!captured) throw requestNotFound();
      const out = buildOutgoing({ ...captured, headers: headersFromColumn(captured.headers) }, input);
      return record(binId, requestId, "replay", out, await outbound.send(out));
    },

    /** Forwards a stored capture; a refused target is recorded as the Replay's error, never thrown. */
    async forward(forwardUrl: string, captured: StoredRequest): Promise<Replay> {
      const headers: [string, string][] = [
        ...captured.headers.filter(([name]) => name.toLowerCase() !== FORWARD_HOPS_HEADER.toLowerCase()),
        [FORWARD_HOPS_HEADER, String(forwardHops(captured.headers) + 1)],
      ];
      const out = buildOutgoing(captured, { url: forwardTarget(forwardUrl, captured), headers });
      let result: OutboundResult;
      try {
        result = await outbound.send(out);
      } catch (err) {
        if (!isAppError(err)) throw err;
        result = { ok: false, error: { code: err.code, message: err.message }, durationMs: 0 };
      }
      return record(captured.binId, captured.id, "forward", out, result);
    },

    /** A request's replays and forwards, newest first. @throws AppError request_not_found. */
    async list(binId: string, requestId: string): Promise<Replay[]> {
      const exists = await prisma.request.count({ where: { id: requestId, binId } });
      if (!exists) throw requestNotFound();
      const rows = await prisma.replay.findMany({ where: { requestId }, orderBy: { id: "desc" } });
      return rows.map(toWireReplay);
    },
  };
}

import type { IncomingMessage, ServerResponse } from "node:http";
import type { BinRecord } from "./bins.ts";
import { AppError, binNotFound, toErrorBody } from "./errors.ts";
import { isWellFormedBinId } from "./ids.ts";
import type { StoredRequest } from "./store.ts";

export interface CaptureDeps {
  maxBodyBytes: number;
  trustProxy: boolean;
  findBin: (id: string) => Promise<BinRecord | null>;
  /** Null when the bin may capture now, else the seconds until it may (SPEC §3 rate limit). */
  rateLimit: (binId: string) => Promise<number | null>;
  store: (request: StoredRequest) => Promise<void>;
  newRequestId: () => string;
  now: () => number;
  onError: (err: unknown) => void;
}

export interface CaptureTarget {
  binId: string;
  path: string;
  query: string;
}

const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** True when the raw request target belongs to the capture handler (`/h`, `/h/…`, `/h?…`). */
export function isCaptureTarget(rawUrl: string): boolean {
  const target = rawUrl.replace(ABSOLUTE_FORM, "");
  return target === "/h" || target.startsWith("/h/") || target.startsWith("/h?");
}

/**
 * Splits a raw request target `/h/{binId}{/path}{?query}` without decoding anything.
 * Null when it is not a capture URL or the bin id is malformed.
 */
export function parseCaptureUrl(rawUrl: string): CaptureTarget | null {
  // Absolute-form targets (`GET http://host/h/…`) are legal HTTP; keep only the path part.
  const target = rawUrl.replace(ABSOLUTE_FORM, "");
  if (!target.startsWith("/h/")) return null;
  const queryAt = target.indexOf("?");
  const pathPart = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? "" : target.slice(queryAt + 1);
  const slashAt = pathPart.indexOf("/", 3);
  const binId = slashAt === -1 ? pathPart.slice(3) : pathPart.slice(3, slashAt);
  if (!isWellFormedBinId(binId)) return null;
  const path = slashAt === -1 ? "/" : pathPart.slice(slashAt);
  return { binId, path, query };
}

export interface ReadBody {
  bytes: Uint8Array;
  size: number;
  truncated: boolean;
}

/**
 * Reads the body, keeping at most `limit` bytes and counting the rest. Rejects when the
 * stream fails (client gone mid-body): such a request was never fully received.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (kept < limit) {
        const part = kept + chunk.length > limit ? chunk.subarray(0, limit - kept) : chunk;
        chunks.push(part);
        kept += part.length;
      }
    });
    req.on("end", () => {
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, kept);
      resolve({ bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), size, truncated: size > limit });
    });
    req.on("error", reject);
    req.on("aborted", () => reject(new Error("request aborted")));
  });
}

/** `rawHeaders` as ordered [name, value] pairs: case, order and duplicates as received. */
export function headerPairs(rawHeaders: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return pairs;
}

/** The socket address, or the first X-Forwarded-For hop when the proxy is trusted. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  const address = req.socket.remoteAddress ?? "";
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

export function toStoredRequest(req: IncomingMessage, target: CaptureTarget, body: ReadBody, id: string, receivedAt: Date, trustProxy: boolean): StoredRequest {
  return {
    id,
    binId: target.binId,
    method: req.method ?? "GET",
    path: target.path,
    query: target.query,
    headers: headerPairs(req.rawHeaders),
    body: body.bytes,
    bodySize: body.size,
    truncated: body.truncated,
    contentType: req.headers["content-type"] ?? "",
    ip: clientIp(req, trustProxy),
    httpVersion: req.httpVersion,
    receivedAt,
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, extraHeaders: [string, string][] = []): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.setHeader("Access-Control-Allow-Origin", "*");
  for (const [name, value] of extraHeaders) res.setHeader(name, value);
  res.end(text);
}

/** The bin's own answer (SPEC §5.3) when it has one, else `{"ok":true,"id"}`. */
export function answer(res: ServerResponse, bin: BinRecord, id: string): void {
  const custom = bin.response;
  if (!custom) return sendJson(res, 200, { ok: true, id });
  const send = () => {
    if (res.destroyed) return;
    res.statusCode = custom.status;
    for (const [name, value] of custom.headers) res.appendHeader(name, value);
    res.end(custom.body);
  };
  if (custom.delayMs > 0) setTimeout(send, custom.delayMs);
  else send();
}

function sendError(res: ServerResponse, err: unknown, onError: (err: unknown) => void): void {
  const { status, body } = toErrorBody(err, onError);
  sendJson(res, status, body);
}

const parserErrors: Record<string, { status: number; code: string; message: string }> = {
  HPE_INVALID_METHOD: {
    status: 400,
    code: "method_not_supported",
    message: "Node's HTTP parser accepts only the methods in http.METHODS (GET … PROPFIND, SEARCH, MKCOL and the rest); this one never reached Hookbin.",
  },
  HPE_HEADER_OVERFLOW: { status: 431, code: "headers_too_large", message: "The request headers are larger than the server accepts." },
};

/**
 * The answer to a request Node's parser rejected before any handler saw it (the server's
 * `clientError`): the same JSON error shape as everywhere, then the connection is closed.
 */
export function rejectUnparsable(err: Error & { code?: string }, socket: { writable: boolean; end(data: string): void; destroy(): void }): void {
  if (!socket.writable) return socket.destroy();
  const known = parserErrors[err.code ?? ""] ?? { status: 400, code: "malformed_request", message: "The request is not valid HTTP/1.1." };
  const body = JSON.stringify({ error: { code: known.code, message: known.message } });
  const reason = known.status === 431 ? "Request Header Fields Too Large" : "Bad Request";
  socket.end(
    `HTTP/1.1 ${known.status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The capture handler for `/h/…`: the hot path, outside Next.js routing. */
export function createCapture(deps: CaptureDeps) {
  return async function captureRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = new Date(deps.now());
    const target = parseCaptureUrl(req.url ?? "");
    const bin = target ? await deps.findBin(target.binId) : null;
    if (!target || !bin) return sendError(res, binNotFound(), deps.onError);
    const retryAfter = await deps.rateLimit(bin.id);
    if (retryAfter !== null) {
      const limited = new AppError(429, "rate_limited", `This bin takes at most its per-minute limit of requests; retry in ${retryAfter} s.`);
      return sendJson(res, 429, toErrorBody(limited, deps.onError).body, [["Retry-After", String(retryAfter)]]);
    }

    let body: ReadBody;
    try {
      body = await readBody(req, deps.maxBodyBytes);
    } catch {
      res.destroy();
      return;
    }
    const request = toStoredRequest(req, target, body, deps.newRequestId(), receivedAt, deps.trustProxy);
    try {
      await deps.store(request);
    } catch (err) {
      return sendError(res, err, deps.onError);
    }
    if (body.truncated) {
      const tooLarge = new AppError(413, "body_too_large", `The body is ${body.size} bytes; the first ${deps.maxBodyBytes} were stored.`, {
        id: request.id,
        maxBodyBytes: deps.maxBodyBytes,
      });
      return sendError(res, tooLarge, deps.onError);
    }
    answer(res, bin, request.id);
  };
}

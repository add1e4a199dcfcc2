import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupAddress } from "node:dns";
import ipaddr from "ipaddr.js";
import { Agent, request } from "undici";
import { AppError } from "./errors.ts";
import { isConnectionHeader } from "./headers.ts";

export type Lookup = (hostname: string) => Promise<LookupAddress[]>;

export interface OutboundDeps {
  /** Resolves a host name to all its addresses (injected in tests). */
  lookup?: Lookup;
  allowPrivate: boolean;
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export interface OutboundRequest {
  url: string;
  method: string;
  headers: [string, string][];
  body: Uint8Array;
}

export type OutboundResult =
  | { ok: true; status: number; headers: [string, string][]; body: Uint8Array<ArrayBuffer>; truncated: boolean; durationMs: number }
  | { ok: false; error: { code: string; message: string }; durationMs: number };

const defaultLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

// Headers a client may not copy: the connection's own (recomputed for the new one) and
// Expect, whose 100-continue handshake undici does not do.
const isDropped = (name: string) => isConnectionHeader(name) || name.toLowerCase() === "expect";

function targetNotAllowed(host: string, address: string): AppError {
  return new AppError(
    403,
    "target_not_allowed",
    `${host === address ? host : `${host} resolves to ${address}, which`} is not a public address. Replay and forwarding reach private, loopback and link-local addresses only when the server runs with REPLAY_ALLOW_PRIVATE=true.`,
    { host, address },
  );
}

/**
 * Only globally routable unicast addresses are public. IPv4-mapped IPv6 (::ffff:a.b.c.d) is
 * and IPv4-compatible (::a.b.c.d) are judged as the IPv4 address they carry; every special range ipaddr.js knows (loopback,
 * private, link-local, unique-local, CGNAT, multicast, unspecified, reserved, …) is not.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

class NetworkFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function networkError(err: unknown): { code: string; message: string } {
  if (err instanceof NetworkFailure) return { code: err.code, message: err.message };
  const e = err as { code?: unknown; name?: string; message?: string; cause?: { code?: string } };
  // DOMException timeouts carry a numeric legacy code (23): only string codes name the failure.
  const code = typeof e.code === "string" ? e.code : (e.cause?.code ?? e.name);
  const known: Record<string, [string, string]> = {
    ECONNREFUSED: ["connection_refused", "The target refused the connection."],
    ECONNRESET: ["connection_reset", "The target closed the connection before answering."],
    UND_ERR_SOCKET: ["connection_reset", "The target closed the connection before answering."],
    EHOSTUNREACH: ["host_unreachable", "The target host is unreachable."],
    ENETUNREACH: ["host_unreachable", "The target network is unreachable."],
    UND_ERR_CONNECT_TIMEOUT: ["timeout", "Connecting to the target timed out."],
    UND_ERR_HEADERS_TIMEOUT: ["timeout", "The target did not answer in time."],
    UND_ERR_BODY_TIMEOUT: ["timeout", "The target did not finish its answer in time."],
    TimeoutError: ["timeout", "The target did not answer in time."],
    AbortError: ["timeout", "The target did not answer in time."],
  };
  const [mapped, message] =
    known[code ?? ""] ?? (/CERT|SSL|TLS/i.test(code ?? "") ? ["tls_error", e.message ?? "TLS failed."] : ["network_error", e.message ?? "The request failed."]);
  return { code: mapped, message: code && !known[code] ? `${message} (${code})` : message };
}

export type Outbound = ReturnType<typeof createOutbound>;

/**
 * HTTP out for replay and forwarding (SPEC §5.4): only http/https; the host is resolved once
 * and every address checked; the connection goes to the checked address (a custom lookup
 * pins it, so a second DNS answer cannot rebind it); redirects are not followed; one
 * deadline covers connect, headers and body; the response body is kept up to a cap.
 */
export function createOutbound({ lookup = defaultLookup, allowPrivate, timeoutMs = 30_000, maxResponseBytes = 1024 * 1024 }: OutboundDeps) {
  /**
   * The address to connect to. @throws AppError target_not_allowed (403) or invalid_target
   * (400); a DNS failure is a NetworkFailure (it becomes the Replay's error).
   */
  async function resolveTarget(url: URL): Promise<LookupAddress> {
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new AppError(400, "invalid_target", "Only http and https targets can be replayed to.");
    }
    const host = url.hostname.replace(/^\[|\]$/g, "");
    let addresses: LookupAddress[];
    if (ipaddr.isValid(host)) {
      addresses = [{ address: host, family: ipaddr.parse(host).kind() === "ipv6" ? 6 : 4 }];
    } else {
      try {
        addresses = await lookup(host);
      } catch (err) {
        throw new NetworkFailure("dns_failed", `Could not resolve ${host}: ${(err as { code?: string }).code ?? "lookup failed"}.`);
      }
      if (addresses.length === 0) throw new NetworkFailure("dns_failed", `${host} has no addresses.`);
    }
    if (!allowPrivate) {
      const blocked = addresses.find((a) => !isPublicAddress(a.address));
      if (blocked) throw targetNotAllowed(host, blocked.address);
    }
    return addresses[0]!;
  }

  async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<{ bytes: Uint8Array<ArrayBuffer>; truncated: boolean }> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      if (size + chunk.length > maxResponseBytes) {
        chunks.push(chunk.subarray(0, maxResponseBytes - size));
        body.destroy();
        return { bytes: Buffer.concat(chunks), truncated: true };
      }
      chunks.push(chunk);
      size += chunk.length;
    }
    return { bytes: Buffer.concat(chunks), truncated: false };
  }

  return {
    resolveTarget,

    /**
     * Sends one request. Network failures (DNS, refused, reset, timeout, TLS) come back as
     * `{ ok: false, error }`. @throws AppError target_not_allowed, invalid_target.
     */
    async send(out: OutboundRequest): Promise<OutboundResult> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const url = new URL(out.url);
      let target: LookupAddress;
      try {
        target = await resolveTarget(url);
      } catch (err) {
        if (err instanceof NetworkFailure) return { ok: false, error: networkError(err), durationMs: elapsed() };
        throw err;
      }
      const pinned = new Agent({
        connect: {
          timeout: timeoutMs,
          lookup: (_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
            options.all ? callback(null, [target]) : callback(null, target.address, target.family),
        } as object,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const method = out.method.toUpperCase() === "HEAD" ? "HEAD" : out.method;
      const sendsBody = out.body.length > 0 && method !== "HEAD";
      try {
        const res = await request(url, {
          method,
          headers: out.headers.filter(([name]) => !isDropped(name)).flat(),
          body: sendsBody ? Buffer.from(out.body.buffer, out.body.byteOffset, out.body.byteLength) : undefined,
          dispatcher: pinned,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const headers: [string, string][] = [];
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : [value ?? ""]) headers.push([name, v]);
        }
        const { bytes, truncated } = await readCapped(res.body);
        return { ok: true, status: res.statusCode, headers, body: bytes, truncated, durationMs: elapsed() };
      } catch (err) {
        return { ok: false, error: networkError(err), durationMs: elapsed() };
      } finally {
        void pinned.close();
      }
    },
  };
}

// HTTP/1.1 written byte for byte to a TCP socket: the header list goes out exactly as given
// (order, case, duplicates), which fetch and node:http cannot promise.
import { connect } from "node:net";

export type HeaderList = [string, string][];

export interface RawRequest {
  method: string;
  /** The request target as it goes on the request line, e.g. `/h/abc/x?y=1`. */
  target: string;
  /** Every header line, in order; nothing is added (include Host and Content-Length yourself). */
  headers: HeaderList;
  body?: Uint8Array;
}

export interface RawResponse {
  status: number;
  headers: HeaderList;
  body: Buffer;
}

export function encodeRequest({ method, target, headers, body }: RawRequest): Buffer {
  const head = `${method} ${target} HTTP/1.1\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join("")}\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), body ?? new Uint8Array()]);
}

/**
 * Sends one request on a fresh connection and reads the answer until the server closes it,
 * so `request.headers` should hold `Connection: close`.
 */
export function sendRaw(baseUrl: string, request: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no complete answer within ${timeoutMs} ms`)));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks), request.method === "HEAD"));
      } catch (err) {
        reject(err);
      }
    });
    socket.on("connect", () => socket.write(encodeRequest(request)));
  });
}

/** The request's own headers plus the Host it needs: a convenience for hand-written cases. */
export function withHost(baseUrl: string, headers: HeaderList): HeaderList {
  return [["Host", new URL(baseUrl).host], ...headers];
}

function parseResponse(bytes: Buffer, noBody: boolean): RawResponse {
  const headEnd = bytes.indexOf("\r\n\r\n");
  if (headEnd === -1) throw new Error(`incomplete HTTP response: ${JSON.stringify(bytes.toString("latin1"))}`);
  const [statusLine, ...lines] = bytes.subarray(0, headEnd).toString("latin1").split("\r\n");
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine!);
  if (!match) throw new Error(`bad status line: ${JSON.stringify(statusLine)}`);
  const headers: HeaderList = lines.map((line) => {
    const colon = line.indexOf(":");
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  const rest = bytes.subarray(headEnd + 4);
  const chunked = headers.some(([n, v]) => n.toLowerCase() === "transfer-encoding" && /chunked/i.test(v));
  const status = Number(match[1]);
  const body = noBody || status === 204 || status === 304 ? Buffer.alloc(0) : chunked ? dechunk(rest) : rest;
  return { status, headers, body };
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at);
    if (lineEnd === -1) throw new Error("truncated chunked body");
    const size = parseInt(bytes.subarray(at, lineEnd).toString("latin1"), 16);
    if (size === 0) return Buffer.concat(parts);
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** A header's values, by case-insensitive name. */
export function headerValues(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
}

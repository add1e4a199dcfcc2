// HTTP header knowledge shared by capture, export and (later) replay. Pure.

/**
 * Headers about one connection or its framing (RFC 9110 §7.6.1, plus Host and
 * Content-Length): a client or server computes them for the message it sends, so they are
 * never copied from a captured request or set by a bin's custom response.
 */
export const CONNECTION_HEADERS: ReadonlySet<string> = new Set([
  "host",
  "content-length",
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
]);

export function isConnectionHeader(name: string): boolean {
  return CONNECTION_HEADERS.has(name.toLowerCase());
}

/** Header pairs as the database holds them: a JSON array of [name, value] (order, case and duplicates kept). */
export function headersToColumn(pairs: ReadonlyArray<readonly [string, string]>): string {
  return JSON.stringify(pairs);
}

export function headersFromColumn(column: string): [string, string][] {
  return JSON.parse(column) as [string, string][];
}

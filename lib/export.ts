// Pure: used by the export API and by the inspector's "copy as cURL".
import { base64ToBytes, mediaType } from "./body.ts";
import type { CapturedRequest } from "./schemas.ts";

/** Headers a client computes itself for the connection it opens; never copied to a new request. */
export const CONNECTION_HEADERS = new Set([
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

export function requestUrl(captureUrl: string, r: Pick<CapturedRequest, "path" | "query">): string {
  const path = r.path === "/" ? "" : r.path;
  return `${captureUrl}${path}${r.query ? `?${r.query}` : ""}`;
}

function queryPairs(query: string): { name: string; value: string }[] {
  try {
    return [...new URLSearchParams(query)].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** A HAR 1.2 log of the captured requests (no responses: Hookbin is the server). */
export function toHar(requests: CapturedRequest[], captureUrl: string, version: string) {
  return {
    log: {
      version: "1.2",
      creator: { name: "Hookbin", version },
      entries: requests.map((r) => ({
        startedDateTime: r.receivedAt,
        time: 0,
        request: {
          method: r.method,
          url: requestUrl(captureUrl, r),
          httpVersion: `HTTP/${r.httpVersion}`,
          cookies: [],
          headers: r.headers.map(([name, value]) => ({ name, value })),
          queryString: queryPairs(r.query),
          ...(r.bodySize > 0 || r.body
            ? {
                postData: {
                  mimeType: r.contentType,
                  text: r.body,
                  ...(r.bodyEncoding === "base64" ? { encoding: "base64" } : {}),
                },
              }
            : {}),
          headersSize: -1,
          bodySize: r.bodySize,
          comment: r.truncated ? `body truncated: ${r.bodySize} bytes received` : "",
        },
        response: {
          status: 0,
          statusText: "",
          httpVersion: "",
          cookies: [],
          headers: [],
          content: { size: 0, mimeType: "" },
          redirectURL: "",
          headersSize: -1,
          bodySize: -1,
        },
        cache: {},
        timings: { send: 0, wait: 0, receive: 0 },
        _id: r.id,
        _ip: r.ip,
      })),
    },
  };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** ANSI-C quoting ($'…') so any byte survives a shell. */
function shellBytes(bytes: Uint8Array): string {
  let out = "$'";
  for (const b of bytes) {
    if (b === 0x27 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, "0")}`;
  }
  return `${out}'`;
}

/** A cURL command that sends the same method, URL, headers and body bytes. */
export function toCurl(r: CapturedRequest, url: string): string {
  const parts = ["curl", "-X", shellQuote(r.method), shellQuote(url)];
  for (const [name, value] of r.headers) {
    if (CONNECTION_HEADERS.has(name.toLowerCase())) continue;
    parts.push("-H", shellQuote(`${name}: ${value}`));
  }
  if (r.body !== "") {
    parts.push("--data-binary", r.bodyEncoding === "utf8" ? shellQuote(r.body) : shellBytes(base64ToBytes(r.body)));
  }
  return parts.join(" \\\n  ");
}

/** A file name for a downloaded body: `<id>.<ext from the content type>`. */
export function bodyFileName(r: Pick<CapturedRequest, "id" | "contentType">): string {
  const type = mediaType(r.contentType);
  const known: Record<string, string> = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "txt",
    "text/html": "html",
    "text/csv": "csv",
    "application/x-www-form-urlencoded": "txt",
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
  };
  return `${r.id}.${known[type] ?? (type.endsWith("+json") ? "json" : "bin")}`;
}

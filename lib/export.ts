// Pure: used by the export API and by the inspector's "copy as cURL".
import { base64ToBytes, headerValue, mediaType } from "./body.ts";
import { isConnectionHeader } from "./headers.ts";

export { CONNECTION_HEADERS } from "./headers.ts";
import type { CapturedRequest } from "./schemas.ts";

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

/** A printf format that writes exactly these bytes (NUL included, which no argument can hold). */
function printfFormat(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    if (b === 0x25) out += "%%";
    else if (b === 0x5c) out += "\\\\";
    else if (b === 0x27 || b < 0x20 || b >= 0x7f) out += `\\${b.toString(8).padStart(3, "0")}`;
    else out += String.fromCharCode(b);
  }
  return `'${out}'`;
}

/**
 * A cURL command that sends the same method, URL, headers and body bytes: `--globoff` so
 * brackets in queries are not patterns, `--data-raw` so a leading `@` is not a file name,
 * bodies that are not NUL-free UTF-8 piped in through printf, and curl's own default
 * headers suppressed when the captured request did not have them.
 */
export function toCurl(r: CapturedRequest, url: string): string {
  const bytes = r.bodyEncoding === "base64" ? base64ToBytes(r.body) : null;
  const piped = bytes !== null || r.body.includes("\0");
  const lines = [`curl -X ${shellQuote(r.method)} --globoff ${shellQuote(url)}`];
  for (const [name, value] of r.headers) {
    if (isConnectionHeader(name)) continue;
    // curl reads `Name:` with a blank (space/tab only) value as "remove"; `Name;` sends it empty.
    lines.push(`-H ${shellQuote(/^[ \t]*$/.test(value) ? `${name};` : `${name}: ${value}`)}`);
  }
  const defaults = ["User-Agent", "Accept", ...(r.body !== "" ? ["Content-Type"] : [])];
  for (const name of defaults) if (headerValue(r.headers, name) === undefined) lines.push(`-H ${shellQuote(`${name}:`)}`);
  if (r.body !== "") lines.push(piped ? "--data-binary @-" : `--data-raw ${shellQuote(r.body)}`);
  const command = lines.join(" \\\n  ");
  return piped ? `printf -- ${printfFormat(bytes ?? new TextEncoder().encode(r.body))} | ${command}` : command;
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

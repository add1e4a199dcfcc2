import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { encodeBody } from "../../lib/body.ts";
import { CONNECTION_HEADERS, bodyFileName, requestUrl, toCurl, toHar } from "../../lib/export.ts";
import type { CapturedRequest } from "../../lib/schemas.ts";
import { unicodeString } from "./arbitraries.ts";

const CAPTURE_URL = "https://hooks.example.com/h/Ab3dE6gH9jK2mN5pQ8sT1v";

function captured(overrides: Partial<CapturedRequest> = {}): CapturedRequest {
  return {
    id: "01JDQ2Z3X4Y5Z6A7B8C9D0E1F2",
    binId: "Ab3dE6gH9jK2mN5pQ8sT1v",
    method: "POST",
    path: "/stripe/events",
    query: "a=1&b=two%20words&flag",
    contentType: "application/json",
    bodySize: 11,
    ip: "203.0.113.7",
    receivedAt: "2026-11-23T16:28:58.123Z",
    headers: [
      ["Host", "hooks.example.com"],
      ["User-Agent", "Stripe/1.0"],
      ["Content-Type", "application/json"],
      ["Content-Length", "11"],
      ["X-Dup", "1"],
      ["x-dup", "2"],
    ],
    body: '{"ok":true}',
    bodyEncoding: "utf8",
    truncated: false,
    httpVersion: "1.1",
    ...overrides,
  };
}

function withBytes(bytes: Uint8Array, overrides: Partial<CapturedRequest> = {}): CapturedRequest {
  return captured({ ...encodeBody(bytes), bodySize: bytes.length, ...overrides });
}

/** What curl would send for an argument list, for the options toCurl may use. */
interface CurlRequest {
  method: string | undefined;
  url: string;
  headers: [string, string][];
  body: string | undefined;
}

const latin1 = (b: Buffer) => b.toString("latin1");
const isCurlBlank = (s: string) => /^[ \t]*$/.test(s);

function interpretCurl({ args, stdin }: { args: Buffer[]; stdin: Buffer }): CurlRequest {
  let method: string | undefined;
  let url: string | undefined;
  let globoff = false;
  let body: string | undefined;
  const headers: [string, string][] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!.toString("utf8");
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new Error(`${arg} without a value`);
      return next;
    };
    if (arg === "-X" || arg === "--request") method = value().toString("utf8");
    else if (arg === "-g" || arg === "--globoff") globoff = true;
    else if (arg === "-H" || arg === "--header") {
      const header = value().toString("utf8");
      const colon = header.indexOf(":");
      if (colon === -1 && header.endsWith(";")) headers.push([header.slice(0, -1), ""]);
      else if (colon === -1) throw new Error(`header without a colon: ${header}`);
      else if (isCurlBlank(header.slice(colon + 1))) continue;
      else headers.push([header.slice(0, colon), header.slice(colon + 1).replace(/^[ \t]+/, "")]);
    } else if (arg === "--data-binary") {
      const data = value();
      const file = data[0] === 0x40 ? data.subarray(1).toString() : undefined;
      body = (body ?? "") + (file === undefined ? latin1(data) : file === "-" ? latin1(stdin) : `<contents of the file ${file}>`);
    } else if (arg === "--data-raw") {
      body = (body ?? "") + latin1(value());
    } else if (arg.startsWith("-")) throw new Error(`toCurl used an option this test does not model: ${arg}`);
    else if (url === undefined) url = arg;
    else throw new Error(`a second URL: ${arg}`);
  }
  if (url === undefined) throw new Error("no URL");
  if (!globoff && /[[\]{}]/.test(url)) url = `<curl globs ${url}: brackets and braces need --globoff>`;
  return { method, url, headers, body };
}

/**
 * Runs toCurl's commands in one bash with `curl` replaced by a function that prints each
 * argument NUL-terminated, then an empty record, then `stdin:<base64>` (read only for `@-`).
 */
function runCurls(commands: string[]): CurlRequest[] {
  for (const command of commands) {
    if (command.includes("\0")) throw new Error("the command holds a NUL character, which no shell argument can carry");
  }
  const fake = `curl() {
    printf '%s\\0' "$@"
    local arg stdin=
    for arg; do [ "$arg" = @- ] && stdin=$(base64 -w0); done
    printf '\\0stdin:%s\\0' "$stdin"
  }`;
  const result = spawnSync("bash", ["-c", [fake, ...commands].join("\n")], { encoding: "buffer" });
  if (result.status !== 0) throw new Error(`bash exited ${result.status}: ${result.stderr.toString()}`);
  const out = result.stdout;
  const records: Buffer[] = [];
  let start = 0;
  for (let at = out.indexOf(0); at !== -1; at = out.indexOf(0, start)) {
    records.push(out.subarray(start, at));
    start = at + 1;
  }
  expect(start).toBe(out.length);
  const runs: { args: Buffer[]; stdin: Buffer }[] = [];
  let args: Buffer[] = [];
  for (let i = 0; i < records.length; i++) {
    if (records[i]!.length > 0) {
      args.push(records[i]!);
      continue;
    }
    const stdin = records[++i]!.toString();
    expect(stdin).toMatch(/^stdin:/);
    runs.push({ args, stdin: Buffer.from(stdin.slice(6), "base64") });
    args = [];
  }
  expect(runs).toHaveLength(commands.length);
  return runs.map(interpretCurl);
}

const runCurl = (command: string) => runCurls([command])[0]!;

function expectedCurl(r: CapturedRequest, url: string): CurlRequest {
  const bytes = r.bodyEncoding === "utf8" ? Buffer.from(r.body, "utf8") : Buffer.from(r.body, "base64");
  return {
    method: r.method,
    url,
    headers: r.headers.filter(([name]) => !CONNECTION_HEADERS.has(name.toLowerCase())),
    body: bytes.length === 0 ? undefined : latin1(bytes),
  };
}

const tokenArb = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,16}$/);
const tricky = fc.constantFrom(
  "'",
  "''",
  "\\",
  "\\'",
  "'\\''",
  '"',
  "$HOME",
  "$(id)",
  "`id`",
  "!",
  "!!",
  "%s",
  "\\x41",
  "\\0",
  "\t",
  "*",
  "~",
  " ",
  "é",
  "日本",
  "😀",
  "$'x'",
);
const headerName = fc.oneof(
  { weight: 4, arbitrary: tokenArb },
  fc.constantFrom(
    "Host",
    "host",
    "Content-Length",
    "CONTENT-LENGTH",
    "Connection",
    "Transfer-Encoding",
    "transfer-encoding",
    "Content-Type",
    "X-It's",
    "Stripe-Signature",
  ),
);
const headerValueArb = fc
  .string({ unit: fc.oneof({ weight: 3, arbitrary: unicodeString({ maxLength: 1 }) }, tricky), maxLength: 12 })
  .map((v) => v.replace(/[\r\n\0]/g, "x"))
  .filter((v) => v !== "" && !/^[ \t]|[ \t]$/.test(v));
const headersArb = fc.array(fc.tuple(headerName, headerValueArb), { maxLength: 8 });
const methodArb = fc.oneof(fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "PROPFIND", "M-SEARCH"), tokenArb);
const urlArb = fc
  .string({
    unit: fc.oneof(fc.constantFrom("a", "/", "?", "&", "=", "%20", "'", "\\", "$", "!", "(", ")", "*", ";", "#", "~", "+", ","), tricky),
    maxLength: 20,
  })
  .map((s) => `${CAPTURE_URL}/${s.replace(/[\0\r\n\t {}[\]]/g, "")}`);
const utf8BodyBytes = fc
  .string({ unit: fc.oneof(unicodeString({ maxLength: 1 }), tricky, fc.constantFrom("\n", "\r\n", "\x1b", "\x7f")), maxLength: 200 })
  .map((s) => new TextEncoder().encode(s));
const binaryBodyBytes = fc
  .tuple(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.constantFrom(0xff, 0xfe, 0xc0, 0xc1, 0xf5, 0xf8))
  .map(([b, at, bad]) => Uint8Array.from([...b.subarray(0, at % (b.length + 1)), bad, ...b.subarray(at % (b.length + 1))]));
const noNulNoLeadingAt = (b: Uint8Array) => !b.includes(0) && b[0] !== 0x40;
const bodyBytes = fc.oneof(utf8BodyBytes, binaryBodyBytes, fc.constant(new Uint8Array())).filter(noNulNoLeadingAt);

describe("toCurl", () => {
  test("run by bash, passes exactly the method, URL, headers (minus connection headers) and body bytes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(methodArb, urlArb, headersArb, bodyBytes), { minLength: 1, maxLength: 10 }), (cases) => {
        const requests = cases.map(([method, url, headers, bytes]) => ({ r: withBytes(bytes, { method, headers }), url }));
        expect(runCurls(requests.map(({ r, url }) => toCurl(r, url)))).toEqual(requests.map(({ r, url }) => expectedCurl(r, url)));
      }),
      { numRuns: 50 },
    );
  }, 30_000);

  test("binary bodies are passed byte for byte", () => {
    fc.assert(
      fc.property(fc.array(binaryBodyBytes.filter(noNulNoLeadingAt), { minLength: 1, maxLength: 10 }), (bodies) => {
        const requests = bodies.map((bytes) => withBytes(bytes));
        expect(requests.every((r) => r.bodyEncoding === "base64")).toBe(true);
        expect(runCurls(requests.map((r) => toCurl(r, CAPTURE_URL))).map((c) => c.body)).toEqual(bodies.map((b) => latin1(Buffer.from(b))));
      }),
      { numRuns: 20 },
    );
  }, 30_000);

  test("any body bytes at all, NUL and a leading @ included, are passed byte for byte", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ minLength: 1, maxLength: 100 }),
            utf8BodyBytes.filter((b) => b.length > 0),
          ),
          { minLength: 1, maxLength: 10 },
        ),
        (bodies) => {
          const requests = bodies.map((bytes) => withBytes(bytes));
          expect(runCurls(requests.map((r) => toCurl(r, CAPTURE_URL))).map((c) => c.body)).toEqual(bodies.map((b) => latin1(Buffer.from(b))));
        },
      ),
      { numRuns: 20 },
    );
  }, 30_000);

  test("drops Host, Content-Length, Connection and Transfer-Encoding in any case, keeps the rest in order", () => {
    const r = captured({
      headers: [
        ["host", "a"],
        ["X-First", "1"],
        ["CONTENT-LENGTH", "3"],
        ["Connection", "keep-alive"],
        ["Transfer-Encoding", "chunked"],
        ["X-Second", "2"],
        ["x-first", "3"],
      ],
    });
    expect(runCurl(toCurl(r, CAPTURE_URL)).headers).toEqual([
      ["X-First", "1"],
      ["X-Second", "2"],
      ["x-first", "3"],
    ]);
  });

  test("an empty body adds no data option", () => {
    const command = toCurl(withBytes(new Uint8Array(), { method: "GET" }), CAPTURE_URL);
    expect(command).not.toMatch(/--data/);
    expect(runCurl(command).body).toBeUndefined();
  });

  test("is one curl command split over lines with backslash continuations", () => {
    const lines = toCurl(captured(), `${CAPTURE_URL}/stripe/events`).split("\n");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(/\bcurl\b/);
    expect(lines.slice(0, -1).every((line) => line.endsWith(" \\"))).toBe(true);
  });

  test("a binary body holding NUL bytes is passed byte for byte", () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const r = withBytes(png, { contentType: "image/png" });
    expect(r.bodyEncoding).toBe("base64");
    expect(runCurl(toCurl(r, CAPTURE_URL)).body).toBe(latin1(Buffer.from(png)));
  });

  test("a text body holding U+0000 is passed byte for byte", () => {
    const r = withBytes(new TextEncoder().encode('{"a":"\0"}'));
    expect(r.bodyEncoding).toBe("utf8");
    expect(runCurl(toCurl(r, CAPTURE_URL)).body).toBe('{"a":"\0"}');
  });

  test("a body starting with @ is sent as those bytes, not read from a local file", () => {
    const r = withBytes(new TextEncoder().encode("@/etc/passwd"), { contentType: "text/plain" });
    expect(runCurl(toCurl(r, CAPTURE_URL)).body).toBe("@/etc/passwd");
  });

  test("a URL with brackets or braces reaches curl unglobbed", () => {
    const url = `${CAPTURE_URL}?expand[]=customer&filter={a}`;
    expect(runCurl(toCurl(captured({ query: "expand[]=customer&filter={a}" }), url)).url).toBe(url);
  });

  test("a header with an empty value is still sent (curl drops `Name:` but sends `Name;`)", () => {
    const r = captured({
      headers: [
        ["X-Empty", ""],
        ["X-Next", "v"],
      ],
    });
    expect(runCurl(toCurl(r, CAPTURE_URL)).headers).toEqual([
      ["X-Empty", ""],
      ["X-Next", "v"],
    ]);
  });
});

describe("requestUrl", () => {
  test.each([
    ["/", "", CAPTURE_URL],
    ["/", "a=1", `${CAPTURE_URL}?a=1`],
    ["/x/y", "", `${CAPTURE_URL}/x/y`],
    ["/x%2Fy", "q=a%20b&q=c", `${CAPTURE_URL}/x%2Fy?q=a%20b&q=c`],
    ["//double", "?odd", `${CAPTURE_URL}//double??odd`],
  ])("path %j and query %j → %s", (path, query, expected) => {
    expect(requestUrl(CAPTURE_URL, { path, query })).toBe(expected);
  });
});

describe("toHar", () => {
  test("an empty export is a valid HAR 1.2 log with no entries", () => {
    expect(toHar([], CAPTURE_URL, "1.2.3")).toEqual({ log: { version: "1.2", creator: { name: "Hookbin", version: "1.2.3" }, entries: [] } });
  });

  test("each request becomes an entry with the HAR 1.2 request fields", () => {
    const r = captured();
    const har = toHar([r], CAPTURE_URL, "0.1.0");
    expect(har.log.version).toBe("1.2");
    expect(har.log.creator).toEqual({ name: "Hookbin", version: "0.1.0" });
    const [entry] = har.log.entries;
    expect(entry).toMatchObject({
      startedDateTime: "2026-11-23T16:28:58.123Z",
      time: expect.any(Number),
      cache: {},
      timings: { send: expect.any(Number), wait: expect.any(Number), receive: expect.any(Number) },
      response: expect.objectContaining({ status: expect.any(Number), headers: [], cookies: [], content: expect.any(Object) }),
    });
    expect(entry!.request).toEqual({
      method: "POST",
      url: `${CAPTURE_URL}/stripe/events?a=1&b=two%20words&flag`,
      httpVersion: "HTTP/1.1",
      cookies: [],
      headers: [
        { name: "Host", value: "hooks.example.com" },
        { name: "User-Agent", value: "Stripe/1.0" },
        { name: "Content-Type", value: "application/json" },
        { name: "Content-Length", value: "11" },
        { name: "X-Dup", value: "1" },
        { name: "x-dup", value: "2" },
      ],
      queryString: [
        { name: "a", value: "1" },
        { name: "b", value: "two words" },
        { name: "flag", value: "" },
      ],
      postData: { mimeType: "application/json", text: '{"ok":true}' },
      headersSize: -1,
      bodySize: 11,
      comment: "",
    });
  });

  test("entries keep the order of the requests given", () => {
    const ids = ["01JDQ2Z3X4Y5Z6A7B8C9D0E1F3", "01JDQ2Z3X4Y5Z6A7B8C9D0E1F2", "01JDQ2Z3X4Y5Z6A7B8C9D0E1F4"];
    const har = toHar(
      ids.map((id) => captured({ id })),
      CAPTURE_URL,
      "0.1.0",
    );
    expect(har.log.entries.map((e) => e._id)).toEqual(ids);
  });

  test("the URL is built by requestUrl from the capture URL, path and query", () => {
    fc.assert(
      fc.property(fc.constantFrom("/", "/a", "/a/b%20c"), fc.constantFrom("", "x=1", "y=%2F&y=2"), (path, query) => {
        const [entry] = toHar([captured({ path, query })], CAPTURE_URL, "0").log.entries;
        expect(entry!.request.url).toBe(requestUrl(CAPTURE_URL, { path, query }));
      }),
    );
  });

  test("a binary body is postData with encoding base64", () => {
    const bytes = Uint8Array.from([0xff, 0x00, 0x10, 0x80]);
    const [entry] = toHar([withBytes(bytes, { contentType: "application/octet-stream" })], CAPTURE_URL, "0").log.entries;
    expect(entry!.request.postData).toEqual({ mimeType: "application/octet-stream", text: "/wAQgA==", encoding: "base64" });
    expect(entry!.request.bodySize).toBe(4);
  });

  test("a request without a body has no postData and bodySize 0", () => {
    const [entry] = toHar([captured({ method: "GET", body: "", bodySize: 0, contentType: "" })], CAPTURE_URL, "0").log.entries;
    expect(entry!.request).not.toHaveProperty("postData");
    expect(entry!.request.bodySize).toBe(0);
  });

  test("a truncated body says so in the comment and keeps the real size", () => {
    const [entry] = toHar([captured({ truncated: true, bodySize: 20_000_000 })], CAPTURE_URL, "0").log.entries;
    expect(entry!.request.bodySize).toBe(20_000_000);
    expect(entry!.request.comment).toMatch(/truncated/);
  });

  test("an unparsable query gives what URLSearchParams makes of it, never a throw", () => {
    const [entry] = toHar([captured({ query: "%zz=%&a" })], CAPTURE_URL, "0").log.entries;
    expect(entry!.request.queryString).toEqual([...new URLSearchParams("%zz=%&a")].map(([name, value]) => ({ name, value })));
  });

  test("the log survives JSON serialization unchanged", () => {
    const har = toHar([captured(), withBytes(Uint8Array.from([0xff]))], CAPTURE_URL, "0.1.0");
    expect(JSON.parse(JSON.stringify(har))).toEqual(har);
  });
});

describe("bodyFileName", () => {
  test.each([
    ["application/json", "json"],
    ["application/json; charset=utf-8", "json"],
    ["Application/JSON", "json"],
    ["application/vnd.api+json", "json"],
    ["application/xml", "xml"],
    ["text/xml", "xml"],
    ["text/plain; charset=iso-8859-1", "txt"],
    ["text/html", "html"],
    ["text/csv", "csv"],
    ["application/x-www-form-urlencoded", "txt"],
    ["application/pdf", "pdf"],
    ["image/png", "png"],
    ["image/jpeg", "jpg"],
    ["image/gif", "gif"],
    ["image/webp", "webp"],
    ["application/octet-stream", "bin"],
    ["multipart/form-data; boundary=x", "bin"],
    ["", "bin"],
  ])("%j → <id>.%s", (contentType, ext) => {
    expect(bodyFileName({ id: "01JDQ2Z3X4Y5Z6A7B8C9D0E1F2", contentType })).toBe(`01JDQ2Z3X4Y5Z6A7B8C9D0E1F2.${ext}`);
  });
});

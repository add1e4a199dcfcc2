import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { clientIp, headerPairs, isCaptureTarget, parseCaptureUrl, readBody } from "../../lib/capture.ts";
import { binId } from "./arbitraries.ts";

const rawPathUnit = fc.oneof(
  fc.constantFrom(
    "/",
    "/",
    "a",
    "Z",
    "0",
    "-",
    "_",
    ".",
    "..",
    "~",
    "%2F",
    "%3F",
    "%20",
    "%",
    "%zz",
    "+",
    "&",
    "=",
    ";",
    ":",
    "@",
    "!",
    "$",
    "'",
    "(",
    "*",
    ",",
    "#",
    "é",
    "日",
  ),
  fc.string({ unit: "binary-ascii", maxLength: 3 }).map((s) => s.replaceAll("?", "")),
);
const rawSubPath = fc.option(
  fc.string({ unit: rawPathUnit, maxLength: 20 }).map((s) => `/${s}`),
  { nil: undefined },
);
const rawQuery = fc.option(fc.string({ unit: fc.oneof(rawPathUnit, fc.constantFrom("?", "a=1", "&b", "%26", "a[]=x", "=")), maxLength: 20 }), {
  nil: undefined,
});

function target(id: string, path: string | undefined, query: string | undefined): string {
  return `/h/${id}${path ?? ""}${query === undefined ? "" : `?${query}`}`;
}

describe("parseCaptureUrl", () => {
  test("splits /h/{id}{path}?{query} back into exactly those raw parts", () => {
    fc.assert(
      fc.property(binId, rawSubPath, rawQuery, (id, path, query) => {
        expect(parseCaptureUrl(target(id, path, query))).toEqual({ binId: id, path: path ?? "/", query: query ?? "" });
      }),
      { numRuns: 1000 },
    );
  });

  test("splits absolute-form targets the same way", () => {
    const origin = fc
      .tuple(fc.constantFrom("http", "https", "HTTP"), fc.domain(), fc.option(fc.integer({ min: 1, max: 65535 })))
      .map(([scheme, host, port]) => `${scheme}://${host}${port === null ? "" : `:${port}`}`);
    fc.assert(
      fc.property(origin, binId, rawSubPath, rawQuery, (prefix, id, path, query) => {
        expect(parseCaptureUrl(prefix + target(id, path, query))).toEqual({ binId: id, path: path ?? "/", query: query ?? "" });
      }),
      { numRuns: 500 },
    );
  });

  test.each([
    ["/h/abcdefgh", { binId: "abcdefgh", path: "/", query: "" }],
    ["/h/abcdefgh/", { binId: "abcdefgh", path: "/", query: "" }],
    ["/h/abcdefgh?", { binId: "abcdefgh", path: "/", query: "" }],
    ["/h/abcdefgh/stripe/events?x=1&y=%20z", { binId: "abcdefgh", path: "/stripe/events", query: "x=1&y=%20z" }],
    ["/h/abcdefgh//double//slash", { binId: "abcdefgh", path: "//double//slash", query: "" }],
    ["/h/abcdefgh/a%2Fb%3Fc?q=a%3Fb?c", { binId: "abcdefgh", path: "/a%2Fb%3Fc", query: "q=a%3Fb?c" }],
    ["/h/abcdefgh?next=/h/other", { binId: "abcdefgh", path: "/", query: "next=/h/other" }],
    ["http://hooks.example.com:8080/h/abcdefgh/x?y", { binId: "abcdefgh", path: "/x", query: "y" }],
  ])("%s", (raw, expected) => {
    expect(parseCaptureUrl(raw)).toEqual(expected);
  });

  test.each([
    "/h",
    "/h/",
    "/h?x=1",
    "/h//abcdefgh",
    "/h/short",
    `/h/${"a".repeat(65)}`,
    "/h/abc.defgh",
    "/h/abc%20defgh/x",
    "/h/abcdéfgh",
    "/hx/abcdefgh",
    "/api/bins/abcdefgh",
    "/b/abcdefgh",
    "h/abcdefgh",
    "",
    "*",
    "http://hooks.example.com",
    "http://hooks.example.com/api/h/abcdefgh",
  ])("%j is not a capture URL → null", (raw) => {
    expect(parseCaptureUrl(raw)).toBeNull();
  });

  test("any bin id outside the SPEC pattern gives null", () => {
    const badId = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{0,7}$/),
      fc.stringMatching(/^[A-Za-z0-9_-]{65,80}$/),
      fc
        .tuple(fc.stringMatching(/^[A-Za-z0-9_-]{0,10}$/), fc.constantFrom(".", "%", "~", "!", "é", " ", "*", ":"), fc.stringMatching(/^[A-Za-z0-9_-]{0,10}$/))
        .map(([a, bad, b]) => a + bad + b),
    );
    fc.assert(
      fc.property(badId, rawSubPath, rawQuery, (id, path, query) => {
        expect(parseCaptureUrl(target(id, path, query))).toBeNull();
      }),
    );
  });
});

describe("isCaptureTarget", () => {
  test.each([
    ["/h", true],
    ["/h/", true],
    ["/h/x", true],
    ["/h/abcdefgh/deep/path?q", true],
    ["/h?x", true],
    ["http://host/h/x", true],
    ["https://host:443/h", true],
    ["/hx", false],
    ["/hooks", false],
    ["/H/x", false],
    ["/api/bins", false],
    ["/api/h/x", false],
    ["/b/abcdefgh", false],
    ["/", false],
    ["", false],
  ])("%j → %s", (raw, expected) => {
    expect(isCaptureTarget(raw)).toBe(expected);
  });

  test("every target parseCaptureUrl accepts is a capture target", () => {
    fc.assert(
      fc.property(binId, rawSubPath, rawQuery, (id, path, query) => {
        expect(isCaptureTarget(target(id, path, query))).toBe(true);
      }),
    );
  });
});

describe("headerPairs", () => {
  test("turns rawHeaders into [name, value] pairs, keeping case, order and duplicates", () => {
    expect(headerPairs(["Host", "example.com", "X-Dup", "1", "content-type", "text/plain", "x-dup", "2", "X-Empty", ""])).toEqual([
      ["Host", "example.com"],
      ["X-Dup", "1"],
      ["content-type", "text/plain"],
      ["x-dup", "2"],
      ["X-Empty", ""],
    ]);
  });

  test("no headers → no pairs", () => {
    expect(headerPairs([])).toEqual([]);
  });

  test("pairs flatten back to the raw array", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string())), (pairs) => {
        expect(headerPairs(pairs.flat())).toEqual(pairs);
      }),
    );
  });
});

function fakeReq(remoteAddress: string | undefined, headers: Record<string, string | string[]> = {}): IncomingMessage {
  return { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
}

describe("clientIp", () => {
  test("is the socket address when the proxy is not trusted", () => {
    expect(clientIp(fakeReq("203.0.113.7"), false)).toBe("203.0.113.7");
    expect(clientIp(fakeReq("2001:db8::1"), false)).toBe("2001:db8::1");
  });

  test("shows an IPv4-mapped IPv6 address as plain IPv4", () => {
    expect(clientIp(fakeReq("::ffff:1.2.3.4"), false)).toBe("1.2.3.4");
    expect(clientIp(fakeReq("::ffff:127.0.0.1"), true)).toBe("127.0.0.1");
  });

  test("keeps IPv6 addresses that only look similar", () => {
    expect(clientIp(fakeReq("::1"), false)).toBe("::1");
    expect(clientIp(fakeReq("::ffff:abcd"), false)).toBe("::ffff:abcd");
  });

  test("ignores X-Forwarded-For unless the proxy is trusted", () => {
    expect(clientIp(fakeReq("10.0.0.2", { "x-forwarded-for": "198.51.100.9" }), false)).toBe("10.0.0.2");
  });

  test("takes the first X-Forwarded-For hop when the proxy is trusted", () => {
    expect(clientIp(fakeReq("10.0.0.2", { "x-forwarded-for": "198.51.100.9" }), true)).toBe("198.51.100.9");
    expect(clientIp(fakeReq("10.0.0.2", { "x-forwarded-for": " 198.51.100.9 , 10.0.0.1,10.0.0.2" }), true)).toBe("198.51.100.9");
    expect(clientIp(fakeReq("10.0.0.2", { "x-forwarded-for": ["2001:db8::5, 10.0.0.1", "192.0.2.1"] }), true)).toBe("2001:db8::5");
  });

  test("falls back to the socket when a trusted proxy sent no usable X-Forwarded-For", () => {
    expect(clientIp(fakeReq("10.0.0.2"), true)).toBe("10.0.0.2");
    expect(clientIp(fakeReq("10.0.0.2", { "x-forwarded-for": "" }), true)).toBe("10.0.0.2");
    expect(clientIp(fakeReq("::ffff:10.0.0.2", { "x-forwarded-for": " , 1.1.1.1" }), true)).toBe("10.0.0.2");
  });

  test("is empty when the socket is already gone", () => {
    expect(clientIp(fakeReq(undefined), false)).toBe("");
  });
});

function streamOf(chunks: Uint8Array[]): IncomingMessage {
  return Readable.from(chunks.map((c) => Buffer.from(c))) as unknown as IncomingMessage;
}

describe("readBody", () => {
  test("keeps every byte when the body fits", async () => {
    const body = await readBody(streamOf([Buffer.from("hello "), Buffer.from("world")]), 1024);
    expect(Buffer.from(body.bytes).toString()).toBe("hello world");
    expect(body.size).toBe(11);
    expect(body.truncated).toBe(false);
  });

  test("a body of exactly the limit is not truncated", async () => {
    const body = await readBody(streamOf([Buffer.from("12345"), Buffer.from("67890")]), 10);
    expect(body).toMatchObject({ size: 10, truncated: false });
    expect(Buffer.from(body.bytes).toString()).toBe("1234567890");
  });

  test("keeps the first `limit` bytes, counts the full size and sets truncated", async () => {
    const body = await readBody(streamOf([Buffer.from("12345"), Buffer.from("67890"), Buffer.from("abc")]), 7);
    expect(Buffer.from(body.bytes).toString()).toBe("1234567");
    expect(body).toMatchObject({ size: 13, truncated: true });
  });

  test("an empty body is zero bytes", async () => {
    const body = await readBody(streamOf([]), 10);
    expect(body.bytes).toHaveLength(0);
    expect(body).toMatchObject({ size: 0, truncated: false });
  });

  test("with a limit of 0 nothing is kept but everything is counted", async () => {
    const body = await readBody(streamOf([Buffer.from("abc")]), 0);
    expect(body.bytes).toHaveLength(0);
    expect(body).toMatchObject({ size: 3, truncated: true });
  });

  test("for any chunking and limit: bytes are the prefix, size the total", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }), fc.nat({ max: 2000 }), async (chunks, limit) => {
        const all = Buffer.concat(chunks);
        const body = await readBody(streamOf(chunks), limit);
        expect(Buffer.from(body.bytes).equals(all.subarray(0, limit))).toBe(true);
        expect(body.size).toBe(all.length);
        expect(body.truncated).toBe(all.length > limit);
      }),
    );
  });

  test("rejects when the stream fails mid-body", async () => {
    const req = new Readable({ read() {} });
    req.push(Buffer.from("partial"));
    const reading = readBody(req as unknown as IncomingMessage, 1024);
    setImmediate(() => req.destroy(new Error("socket hang up")));
    await expect(reading).rejects.toThrow("socket hang up");
  });

  test("rejects when the request is aborted", async () => {
    const req = new Readable({ read() {} });
    const reading = readBody(req as unknown as IncomingMessage, 1024);
    req.push(Buffer.from("partial"));
    setImmediate(() => req.emit("aborted"));
    await expect(reading).rejects.toThrow(/aborted/);
  });
});

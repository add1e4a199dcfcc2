import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  CapturedRequest,
  CreateBinInput,
  CustomResponse,
  ExportQuery,
  HeaderPairs,
  ListRequestsQuery,
  SubscribeInput,
  UpdateBinInput,
} from "../../lib/schemas.ts";
import { unicodeString } from "./arbitraries.ts";

const ok = (schema: { safeParse: (v: unknown) => { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe("CreateBinInput", () => {
  test("accepts the empty object and every documented field", () => {
    expect(CreateBinInput.parse({})).toEqual({});
    expect(
      CreateBinInput.parse({
        name: "  stripe  ",
        response: { status: 202 },
        ttlHours: 24,
        forwardUrl: "http://localhost:4000/webhooks",
      }),
    ).toEqual({
      name: "stripe",
      response: { status: 202, headers: [], body: "", delayMs: 0 },
      ttlHours: 24,
      forwardUrl: "http://localhost:4000/webhooks",
    });
  });

  test("accepts null to mean no custom response and no forwarding", () => {
    expect(CreateBinInput.parse({ response: null, forwardUrl: null })).toEqual({ response: null, forwardUrl: null });
  });

  test.each([{ id: "abcdefgh" }, { token: "x" }, { name: "a", extra: 1 }, { response: { status: 200, extra: true } }])(
    "rejects unknown fields: %j",
    (input) => {
      expect(ok(CreateBinInput, input)).toBe(false);
    },
  );

  test.each([
    ["a name over 100 characters", { name: "x".repeat(101) }],
    ["a zero ttl", { ttlHours: 0 }],
    ["a ttl over a year", { ttlHours: 24 * 365 + 1 }],
    ["a ttl given as a string", { ttlHours: "24" }],
    ["a non-http forward URL", { forwardUrl: "ftp://example.com/x" }],
    ["a forward URL that is not a URL", { forwardUrl: "localhost:4000" }],
    ["a non-object", "name"],
  ])("rejects %s", (_why, input) => {
    expect(ok(CreateBinInput, input)).toBe(false);
  });
});

describe("UpdateBinInput", () => {
  test("accepts name, response and forwardUrl", () => {
    expect(ok(UpdateBinInput, { name: "n", response: { status: 500, body: "down" }, forwardUrl: "https://example.com/hook" })).toBe(true);
    expect(ok(UpdateBinInput, {})).toBe(true);
  });

  test.each([{ ttlHours: 24 }, { id: "abcdefgh" }, { createdAt: "2026-01-01T00:00:00.000Z" }, { name: "n", nmae: "typo" }])(
    "rejects fields it does not define: %j",
    (input) => {
      expect(ok(UpdateBinInput, input)).toBe(false);
    },
  );
});

describe("CustomResponse", () => {
  test("fills defaults for headers, body and delay", () => {
    expect(CustomResponse.parse({ status: 204 })).toEqual({ status: 204, headers: [], body: "", delayMs: 0 });
  });

  test.each(["Content-Length", "transfer-encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer", "Host"])(
    "refuses the framing header %s",
    (name) => {
      expect(ok(CustomResponse, { status: 200, headers: [[name, "1"]] })).toBe(false);
    },
  );

  test("status must be an integer from 200 to 599: a 1xx is never a final answer", () => {
    fc.assert(fc.property(fc.integer({ min: 200, max: 599 }), (status) => ok(CustomResponse, { status })));
    fc.assert(fc.property(fc.oneof(fc.integer({ max: 199 }), fc.integer({ min: 600 })), (status) => !ok(CustomResponse, { status })));
    for (const status of [200.5, "200", null, Number.NaN, Number.POSITIVE_INFINITY]) expect(ok(CustomResponse, { status })).toBe(false);
    expect(ok(CustomResponse, {})).toBe(false);
  });

  test("delayMs must be an integer from 0 to 30000", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 30_000 }), (delayMs) => ok(CustomResponse, { status: 200, delayMs })));
    fc.assert(fc.property(fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 30_001 })), (delayMs) => !ok(CustomResponse, { status: 200, delayMs })));
    expect(ok(CustomResponse, { status: 200, delayMs: 1.5 })).toBe(false);
  });

  test("header names must be HTTP tokens", () => {
    fc.assert(fc.property(fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,40}$/), (name) => ok(CustomResponse, { status: 200, headers: [[name, "v"]] })));
    fc.assert(
      fc.property(
        fc.string({ maxLength: 10 }),
        fc.constantFrom(" ", ":", "(", ")", ",", "/", ";", "<", "=", ">", "?", "@", "[", "\\", "]", "{", "}", '"', "\t", "\n", "é", "\0"),
        fc.string({ maxLength: 10 }),
        (before, bad, after) => !ok(CustomResponse, { status: 200, headers: [[before + bad + after, "v"]] }),
      ),
    );
    expect(ok(CustomResponse, { status: 200, headers: [["", "v"]] })).toBe(false);
  });

  test("header values may hold anything but CR, LF and NUL", () => {
    const clean = unicodeString({ maxLength: 40 }).map((v) => v.replace(/[\r\n\0]/g, ""));
    fc.assert(fc.property(clean, (value) => ok(CustomResponse, { status: 200, headers: [["X-Value", value]] })));
    fc.assert(
      fc.property(
        clean,
        fc.constantFrom("\r", "\n", "\r\n", "\0"),
        clean,
        (before, bad, after) => !ok(CustomResponse, { status: 200, headers: [["X-Value", before + bad + after]] }),
      ),
    );
  });

  test("headers are [name, value] pairs, duplicates allowed, at most 100", () => {
    expect(
      ok(CustomResponse, {
        status: 200,
        headers: [
          ["Set-Cookie", "a=1"],
          ["Set-Cookie", "b=2"],
        ],
      }),
    ).toBe(true);
    expect(ok(CustomResponse, { status: 200, headers: [["X-Only-Name"]] })).toBe(false);
    expect(ok(CustomResponse, { status: 200, headers: [["X", "v", "extra"]] })).toBe(false);
    expect(ok(CustomResponse, { status: 200, headers: { "X-Object": "v" } })).toBe(false);
    expect(
      ok(
        HeaderPairs,
        Array.from({ length: 100 }, (_, i) => [`X-${i}`, "v"]),
      ),
    ).toBe(true);
    expect(
      ok(
        HeaderPairs,
        Array.from({ length: 101 }, (_, i) => [`X-${i}`, "v"]),
      ),
    ).toBe(false);
  });

  test("body is a string of at most 1 MiB", () => {
    expect(ok(CustomResponse, { status: 200, body: "x".repeat(1024 * 1024) })).toBe(true);
    expect(ok(CustomResponse, { status: 200, body: "x".repeat(1024 * 1024 + 1) })).toBe(false);
    expect(ok(CustomResponse, { status: 200, body: { json: true } })).toBe(false);
  });

  test("rejects unknown fields", () => {
    expect(ok(CustomResponse, { status: 200, contentType: "text/plain" })).toBe(false);
  });
});

describe("ListRequestsQuery", () => {
  test("limit defaults to 50", () => {
    expect(ListRequestsQuery.parse({})).toEqual({ limit: 50 });
  });

  test("limit is coerced from a query string and kept within 1–500", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), (n) => ListRequestsQuery.parse({ limit: String(n) }).limit === n));
    fc.assert(fc.property(fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 501 })), (n) => !ok(ListRequestsQuery, { limit: String(n) })));
  });

  test.each(["abc", "2.5", "", "NaN", "Infinity"])("limit %j is rejected", (limit) => {
    expect(ok(ListRequestsQuery, { limit })).toBe(false);
  });

  test("method is a token, upper-cased", () => {
    expect(ListRequestsQuery.parse({ method: "post" })).toEqual({ limit: 50, method: "POST" });
    expect(ListRequestsQuery.parse({ method: "PropFind" }).method).toBe("PROPFIND");
    expect(ok(ListRequestsQuery, { method: "GET POST" })).toBe(false);
    expect(ok(ListRequestsQuery, { method: "" })).toBe(false);
  });

  test("before must be a request id", () => {
    expect(ok(ListRequestsQuery, { before: "01JDQ2Z3X4Y5Z6A7B8C9D0E1F2" })).toBe(true);
    expect(ok(ListRequestsQuery, { before: "not-an-id" })).toBe(false);
  });

  test("q is 1–200 characters", () => {
    expect(ok(ListRequestsQuery, { q: "evt_123" })).toBe(true);
    expect(ok(ListRequestsQuery, { q: "" })).toBe(false);
    expect(ok(ListRequestsQuery, { q: "x".repeat(201) })).toBe(false);
  });

  test("rejects unknown parameters", () => {
    expect(ok(ListRequestsQuery, { limit: "10", offset: "20" })).toBe(false);
  });
});

describe("other wire shapes", () => {
  test("ExportQuery defaults to json and knows har", () => {
    expect(ExportQuery.parse({})).toEqual({ format: "json" });
    expect(ExportQuery.parse({ format: "har" })).toEqual({ format: "har" });
    expect(ok(ExportQuery, { format: "csv" })).toBe(false);
  });

  test("SubscribeInput needs a well-formed bin id and rejects unknown fields", () => {
    expect(ok(SubscribeInput, { binId: "abcdefgh" })).toBe(true);
    expect(ok(SubscribeInput, { binId: "abcdefgh", after: "01JDQ2Z3X4Y5Z6A7B8C9D0E1F2" })).toBe(true);
    expect(ok(SubscribeInput, { binId: "abc" })).toBe(false);
    expect(ok(SubscribeInput, { binId: "abcdefgh", since: 0 })).toBe(false);
  });

  test("CapturedRequest timestamps are ISO 8601 UTC with milliseconds", () => {
    const request = {
      id: "01JDQ2Z3X4Y5Z6A7B8C9D0E1F2",
      binId: "abcdefgh",
      method: "POST",
      path: "/",
      query: "",
      contentType: "",
      bodySize: 0,
      ip: "127.0.0.1",
      receivedAt: "2026-11-23T16:28:58.123Z",
      headers: [],
      body: "",
      bodyEncoding: "utf8",
      truncated: false,
      httpVersion: "1.1",
    };
    expect(ok(CapturedRequest, request)).toBe(true);
    expect(ok(CapturedRequest, { ...request, receivedAt: "2026-11-23T16:28:58Z" })).toBe(false);
    expect(ok(CapturedRequest, { ...request, bodyEncoding: "hex" })).toBe(false);
  });
});

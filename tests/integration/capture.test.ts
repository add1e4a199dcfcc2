import fc from "fast-check";
import { METHODS } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ErrorBody } from "../../lib/schemas.ts";
import { captureCaseArb, parsableMethodArb, toRawRequest, tokenMethodArb } from "../helpers/arbitraries.ts";
import { headerValues, sendRaw, withHost, type RawResponse } from "../helpers/raw-http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { dbPeek, type DbPeek } from "./db-peek.ts";

const MAX_BODY_BYTES = 1024;
const RATE_LIMIT_PER_MINUTE = 5;
const noRateLimit = { RATE_LIMIT_PER_MINUTE: "1000000" };

let server: TestServer;
let strict: TestServer;
let peek: DbPeek;
beforeAll(async () => {
  peek = await dbPeek();
  [server, strict] = await Promise.all([
    startTestServer({ ...noRateLimit, ...peek.env }),
    startTestServer({ MAX_BODY_BYTES: String(MAX_BODY_BYTES), RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE) }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), strict?.close()]);
  await peek?.close();
});

/** SPEC §4: the UTF-8 text when the bytes are valid UTF-8, else base64. */
function expectedBody(bytes: Uint8Array): { body: string; bodyEncoding: "utf8" | "base64" } {
  const buf = Buffer.from(bytes);
  const text = buf.toString("utf8");
  return Buffer.from(text, "utf8").equals(buf) ? { body: text, bodyEncoding: "utf8" } : { body: buf.toString("base64"), bodyEncoding: "base64" };
}

function jsonOf(res: RawResponse): unknown {
  return JSON.parse(res.body.toString("utf8"));
}

async function rawBytes(s: TestServer, binId: string, requestId: string): Promise<Buffer> {
  return Buffer.from(await (await s.api.rawBody(binId, requestId)).arrayBuffer());
}

async function capturedId(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const { id } = (await res.json()) as { id: string };
  return id;
}

const bytes = (n: number, seed = 7) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 256);

describe("a captured request is stored exactly as it was sent", () => {
  test("any request comes back through the API byte for byte: method, path, raw query, ordered headers, body", async () => {
    const bin = await server.api.createBin({ name: "property" });
    await fc.assert(
      fc.asyncProperty(captureCaseArb(parsableMethodArb), async (c) => {
        const request = toRawRequest(c, server.url, bin.id);
        const before = Date.now();
        const res = await sendRaw(server.url, request);
        const after = Date.now();

        expect(res.status).toBe(200);
        const answer = jsonOf(res) as { ok: boolean; id: string };
        expect(answer).toEqual({ ok: true, id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/) });

        const stored = await server.api.getRequest(bin.id, answer.id);
        expect(stored).toEqual({
          id: answer.id,
          binId: bin.id,
          method: c.method,
          path: c.subPath === "" ? "/" : c.subPath,
          query: c.query ?? "",
          headers: request.headers,
          ...expectedBody(c.body),
          bodySize: c.body.length,
          truncated: false,
          httpVersion: "1.1",
          contentType: headerValues(request.headers, "content-type")[0] ?? "",
          ip: "127.0.0.1",
          receivedAt: expect.any(String),
        });
        expect(Date.parse(stored.receivedAt)).toBeGreaterThanOrEqual(before);
        expect(Date.parse(stored.receivedAt)).toBeLessThanOrEqual(after);
        expect((await rawBytes(server, bin.id, answer.id)).equals(Buffer.from(c.body))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  test("a method token that Node's HTTP parser does not know gets a JSON 400 and stores nothing", async () => {
    const bin = await server.api.createBin({ name: "token methods" });
    await fc.assert(
      fc.asyncProperty(
        tokenMethodArb.filter((m) => !METHODS.includes(m)),
        async (method) => {
          const res = await sendRaw(server.url, { method, target: `/h/${bin.id}/m`, headers: withHost(server.url, [["Connection", "close"]]) });
          expect(res.status).toBe(400);
          expect(ErrorBody.parse(jsonOf(res)).error.code).toBe("method_not_supported");
        },
      ),
      { numRuns: 25, examples: [["FOO"], ["get"], ["Post"], ["X-CUSTOM_1"]] },
    );
    expect((await server.api.listRequests(bin.id)).requests).toHaveLength(0);
  });

  test("a HEAD request is captured and answered without a body", async () => {
    const bin = await server.api.createBin();
    const res = await sendRaw(server.url, { method: "HEAD", target: `/h/${bin.id}/ping?x=1`, headers: withHost(server.url, [["Connection", "close"]]) });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    const [summary] = (await server.api.listRequests(bin.id)).requests;
    expect(summary).toMatchObject({ method: "HEAD", path: "/ping", query: "x=1", bodySize: 0 });
  });

  test("a chunked body is stored as its decoded bytes", async () => {
    const bin = await server.api.createBin();
    const body = bytes(3000);
    const chunks = [body.subarray(0, 1), body.subarray(1, 1500), body.subarray(1500)];
    const wire = Buffer.concat([
      ...chunks.flatMap((c) => [Buffer.from(`${c.length.toString(16)}\r\n`), Buffer.from(c), Buffer.from("\r\n")]),
      Buffer.from("0\r\n\r\n"),
    ]);
    const res = await sendRaw(server.url, {
      method: "POST",
      target: `/h/${bin.id}`,
      headers: withHost(server.url, [
        ["Transfer-Encoding", "chunked"],
        ["Connection", "close"],
      ]),
      body: wire,
    });
    expect(res.status).toBe(200);
    const { id } = jsonOf(res) as { id: string };
    expect(await server.api.getRequest(bin.id, id)).toMatchObject({ bodySize: 3000, truncated: false, bodyEncoding: "base64" });
    expect((await rawBytes(server, bin.id, id)).equals(Buffer.from(body))).toBe(true);
  });

  test("an absolute-form request target is captured by its path", async () => {
    const bin = await server.api.createBin();
    const res = await sendRaw(server.url, {
      method: "GET",
      target: `${server.url}/h/${bin.id}/abs/path?q=1`,
      headers: withHost(server.url, [["Connection", "close"]]),
    });
    expect(res.status).toBe(200);
    const { id } = jsonOf(res) as { id: string };
    expect(await server.api.getRequest(bin.id, id)).toMatchObject({ path: "/abs/path", query: "q=1" });
  });
});

describe("the sender's answer", () => {
  test('by default is 200 application/json {"ok":true,"id"} naming the stored request', async () => {
    const bin = await server.api.createBin();
    const res = await server.capture(bin.id, "/hook", { method: "POST", body: "{}" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const text = await res.text();
    const { id } = JSON.parse(text) as { id: string };
    expect(text).toBe(`{"ok":true,"id":"${id}"}`);
    expect((await server.api.getRequest(bin.id, id)).id).toBe(id);
    expect((await server.api.listRequests(bin.id)).requests.map((r) => r.id)).toEqual([id]);
  });

  test("is the bin's custom response when it has one: status, headers and body", async () => {
    const response = {
      status: 418,
      headers: [
        ["X-Reply", "one"],
        ["X-Reply", "two"],
        ["Content-Type", "text/plain; charset=utf-8"],
      ] as [string, string][],
      body: "I'm a teapot",
      delayMs: 0,
    };
    const bin = await server.api.createBin({ response });
    const res = await sendRaw(server.url, { method: "POST", target: `/h/${bin.id}/brew`, headers: withHost(server.url, [["Connection", "close"]]) });
    expect(res.status).toBe(418);
    expect(headerValues(res.headers, "x-reply")).toEqual(["one", "two"]);
    expect(headerValues(res.headers, "content-type")).toEqual(["text/plain; charset=utf-8"]);
    expect(res.body.toString("utf8")).toBe("I'm a teapot");
    expect((await server.api.listRequests(bin.id)).requests).toHaveLength(1);
  });

  test.each([
    ["Content-Length", "2"],
    ["Transfer-Encoding", "chunked"],
    ["connection", "close"],
  ])("with the framing header %s is refused at creation: the server computes it", async (name, value) => {
    const error = await server.api.createBin({ response: { status: 200, headers: [[name, value]], body: "hello world", delayMs: 0 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: "invalid_input" });
  });

  test("of a bin with a custom delay comes no sooner than the delay, with the request already stored", async () => {
    const bin = await server.api.createBin({ response: { status: 202, headers: [], body: "later", delayMs: 300 } });
    const started = performance.now();
    const res = await server.capture(bin.id, "/slow");
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(202);
    expect(await res.text()).toBe("later");
    expect((await server.api.listRequests(bin.id)).requests).toHaveLength(1);
  });
});

describe("bodies over MAX_BODY_BYTES", () => {
  test("are answered 413 with the error shape, and the first MAX_BODY_BYTES are stored, marked truncated, with the real size", async () => {
    const bin = await strict.api.createBin();
    const body = bytes(3000);
    const res = await strict.capture(bin.id, "/big", { method: "POST", body, headers: { "Content-Type": "application/octet-stream" } });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(ErrorBody.parse(await res.json()).error.code).toMatch(/^[a-z]+(_[a-z]+)*$/);

    const [summary] = (await strict.api.listRequests(bin.id)).requests;
    const stored = await strict.api.getRequest(bin.id, summary!.id);
    expect(stored).toMatchObject({ truncated: true, bodySize: 3000, contentType: "application/octet-stream" });
    expect((await rawBytes(strict, bin.id, stored.id)).equals(Buffer.from(body.subarray(0, MAX_BODY_BYTES)))).toBe(true);
  });

  test("are truncated the same when sent chunked", async () => {
    const bin = await strict.api.createBin();
    const body = Buffer.from(bytes(1500));
    const wire = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]);
    const res = await sendRaw(strict.url, {
      method: "PUT",
      target: `/h/${bin.id}`,
      headers: withHost(strict.url, [
        ["Transfer-Encoding", "chunked"],
        ["Connection", "close"],
      ]),
      body: wire,
    });
    expect(res.status).toBe(413);
    const [summary] = (await strict.api.listRequests(bin.id)).requests;
    expect(await strict.api.getRequest(bin.id, summary!.id)).toMatchObject({ truncated: true, bodySize: 1500 });
    expect((await rawBytes(strict, bin.id, summary!.id)).equals(body.subarray(0, MAX_BODY_BYTES))).toBe(true);
  });

  test("at exactly MAX_BODY_BYTES is stored whole; one byte more is truncated", async () => {
    const bin = await strict.api.createBin();
    const exact = await strict.capture(bin.id, "/exact", { method: "POST", body: bytes(MAX_BODY_BYTES) });
    expect(exact.status).toBe(200);
    const over = await strict.capture(bin.id, "/over", { method: "POST", body: bytes(MAX_BODY_BYTES + 1) });
    expect(over.status).toBe(413);
    const { requests } = await strict.api.listRequests(bin.id);
    const byPath = Object.fromEntries(await Promise.all(requests.map(async (r) => [r.path, await strict.api.getRequest(bin.id, r.id)] as const)));
    expect(byPath["/exact"]).toMatchObject({ truncated: false, bodySize: MAX_BODY_BYTES });
    expect(byPath["/over"]).toMatchObject({ truncated: true, bodySize: MAX_BODY_BYTES + 1 });
  });
});

describe("capture URLs that name no live bin", () => {
  async function expectBinNotFound(res: Response) {
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(ErrorBody.parse(await res.json()).error.code).toBe("bin_not_found");
  }

  test("an unknown bin id is 404 bin_not_found and nothing is stored", async () => {
    const rowsBefore = await peek.requestRows();
    await expectBinNotFound(await server.capture("AAAAAAAAAAAAAAAAAAAAAA", "/x?y=1", { method: "POST", body: "hello" }));
    expect(await peek.requestRows()).toBe(rowsBefore);
  });

  test.each([
    ["a bin id that is too short", "/h/abc1234"],
    ["a bin id that is too long", `/h/${"a".repeat(65)}`],
    ["a bin id with a bad character", "/h/abcdefgh!jkl"],
    ["a bin id with a percent-encoded character", "/h/abcdefgh%41ijkl"],
    ["/h without a bin id", "/h"],
    ["/h/ with an empty bin id", "/h/"],
    ["an empty bin id before a sub-path", "/h//abcdefghijkl"],
    ["/h with a query but no bin id", "/h?abcdefghijkl"],
  ])("%s is 404 bin_not_found, nothing stored", async (_, path) => {
    const rowsBefore = await peek.requestRows();
    await expectBinNotFound(await fetch(`${server.url}${path}`, { method: "POST", body: "x" }));
    expect(await peek.requestRows()).toBe(rowsBefore);
  });

  test("a deleted bin's capture URL is 404 and its requests are gone", async () => {
    const bin = await server.api.createBin();
    await capturedId(await server.capture(bin.id, "/before"));
    expect(await peek.requestRows(bin.id)).toBe(1);
    await server.api.deleteBin(bin.id, bin.token);
    await expectBinNotFound(await server.capture(bin.id, "/after", { method: "POST", body: "late" }));
    expect(await peek.requestRows(bin.id)).toBe(0);
  });

  test("an expired bin's capture URL is 404 and nothing is stored", async () => {
    const bin = await server.api.createBin({ ttlHours: 1e-6 });
    while (Date.now() <= Date.parse(bin.expiresAt)) await sleep(1);
    await expectBinNotFound(await server.capture(bin.id, "/late", { method: "POST", body: "x" }));
    expect(await peek.requestRows(bin.id)).toBe(0);
  });
});

describe("the per-bin rate limit", () => {
  test("answers 429 with Retry-After once a bin has had RATE_LIMIT_PER_MINUTE captures in a minute, stores nothing for it, and leaves other bins alone", async () => {
    const bin = await strict.api.createBin();
    const statuses: number[] = [];
    for (let i = 0; i < 2 * RATE_LIMIT_PER_MINUTE + 2; i++) {
      const res = await strict.capture(bin.id, `/${i}`, { method: "POST", body: "x" });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
        expect(ErrorBody.safeParse(await res.json()).success).toBe(true);
      } else {
        await res.arrayBuffer();
      }
    }
    expect(statuses.slice(0, RATE_LIMIT_PER_MINUTE)).toEqual(Array(RATE_LIMIT_PER_MINUTE).fill(200));
    expect(statuses).toContain(429);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const accepted = statuses.filter((s) => s === 200).length;
    expect((await strict.api.listRequests(bin.id)).requests).toHaveLength(accepted);

    const neighbour = await strict.api.createBin();
    expect((await strict.capture(neighbour.id, "/fine")).status).toBe(200);
  });
});

describe("ordering and concurrency", () => {
  test("request ids sort in arrival order", async () => {
    const bin = await server.api.createBin();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push(await capturedId(await server.capture(bin.id, `/${i}`)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const { requests } = await server.api.listRequests(bin.id, { limit: 100 });
    expect(requests.map((r) => r.id)).toEqual([...ids].reverse());
    expect(requests.map((r) => r.path)).toEqual(ids.map((_, i) => `/${i}`).reverse());
  });

  test("200 concurrent captures to one bin are all answered 200 and each stored exactly once", async () => {
    const bin = await server.api.createBin();
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => server.capture(bin.id, `/c/${i}`, { method: "POST", body: `body ${i}` })));
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
    const ids = await Promise.all(responses.map(capturedId));
    expect(new Set(ids).size).toBe(200);

    const { requests } = await server.api.listRequests(bin.id, { limit: 500 });
    expect(requests).toHaveLength(200);
    expect(new Set(requests.map((r) => r.id))).toEqual(new Set(ids));
    expect(new Set(requests.map((r) => r.path))).toEqual(new Set(ids.map((_, i) => `/c/${i}`)));
    expect(await peek.requestRows(bin.id)).toBe(200);
    expect((await server.api.getBin(bin.id)).requestCount).toBe(200);
  });
});

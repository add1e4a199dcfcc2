import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { CapturedRequest, RequestPage, type CreatedBin, type RequestSummary } from "../../lib/schemas.ts";
import { sendRaw, withHost, type HeaderList } from "../helpers/raw-http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, expectError } from "./rest.ts";

const noRateLimit = { RATE_LIMIT_PER_MINUTE: "1000000" };

let server: TestServer;
let pruning: TestServer;
beforeAll(async () => {
  [server, pruning] = await Promise.all([startTestServer(noRateLimit), startTestServer({ ...noRateLimit, MAX_REQUESTS_PER_BIN: "5" })]);
});
afterAll(async () => {
  await Promise.all([server?.close(), pruning?.close()]);
});

interface Send {
  method?: string;
  path?: string;
  headers?: HeaderList;
  body?: string | Uint8Array;
}

/** Captures one request with exactly the given headers (plus Host, Content-Length, Connection) and returns its id. */
async function send(s: TestServer, binId: string, { method = "POST", path = "", headers = [], body = "" }: Send = {}): Promise<string> {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const res = await sendRaw(s.url, {
    method,
    target: `/h/${binId}${path}`,
    headers: withHost(s.url, [...headers, ["Content-Length", String(bytes.length)], ["Connection", "close"]]),
    body: bytes,
  });
  expect(res.status).toBe(200);
  return (JSON.parse(res.body.toString()) as { id: string }).id;
}

async function sendAll(s: TestServer, binId: string, requests: Send[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of requests) ids.push(await send(s, binId, r));
  return ids;
}

const list = async (s: TestServer, binId: string, query = "") => {
  const res = await call(s.url, "GET", `/api/bins/${binId}/requests${query}`);
  expect(res.status).toBe(200);
  return RequestPage.parse(res.json);
};
const ids = (requests: RequestSummary[]) => requests.map((r) => r.id);

async function newBin(s: TestServer = server) {
  return s.api.createBin();
}

describe("listing requests", () => {
  test("is newest first, and paging with limit and nextCursor visits every request once, without gaps", async () => {
    const bin = await newBin();
    const sent = await sendAll(
      server,
      bin.id,
      Array.from({ length: 23 }, (_, i) => ({ path: `/${i}` })),
    );

    const pages: RequestSummary[][] = [];
    let cursor: string | null = null;
    do {
      const page: z.infer<typeof RequestPage> = await list(server, bin.id, `?limit=5${cursor ? `&before=${cursor}` : ""}`);
      pages.push(page.requests);
      cursor = page.nextCursor;
      if (cursor) expect(cursor).toBe(page.requests.at(-1)!.id);
    } while (cursor);

    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    expect(ids(pages.flat())).toEqual([...sent].reverse());
    expect(pages.flat().map((r) => r.path)).toEqual(sent.map((_, i) => `/${i}`).reverse());
  });

  test("has no next cursor when the page holds the last request", async () => {
    const bin = await newBin();
    const sent = await sendAll(server, bin.id, [{}, {}, {}]);
    expect(await list(server, bin.id)).toEqual({ requests: expect.any(Array), nextCursor: null });
    expect(await list(server, bin.id, "?limit=3")).toMatchObject({ nextCursor: null });
    const first = await list(server, bin.id, "?limit=2");
    expect(first.nextCursor).toBe(sent[1]);
    expect(await list(server, bin.id, `?limit=2&before=${first.nextCursor}`)).toEqual({
      requests: [expect.objectContaining({ id: sent[0] })],
      nextCursor: null,
    });
  });

  test("pages stay stable while new requests arrive", async () => {
    const bin = await newBin();
    const older = await sendAll(
      server,
      bin.id,
      Array.from({ length: 6 }, () => ({})),
    );
    const first = await list(server, bin.id, "?limit=3");
    await sendAll(server, bin.id, [{}, {}]);
    const second = await list(server, bin.id, `?limit=3&before=${first.nextCursor}`);
    expect([...ids(first.requests), ...ids(second.requests)]).toEqual([...older].reverse());
  });

  test("of an empty bin is an empty page", async () => {
    const bin = await newBin();
    expect(await list(server, bin.id)).toEqual({ requests: [], nextCursor: null });
  });

  test("gives RequestSummary objects, without headers or body", async () => {
    const bin = await newBin();
    const id = await send(server, bin.id, { method: "PUT", path: "/s", headers: [["Content-Type", "text/plain"]], body: "12345" });
    const [summary] = (await list(server, bin.id)).requests;
    expect(summary).toEqual({
      id,
      binId: bin.id,
      method: "PUT",
      path: "/s",
      query: "",
      contentType: "text/plain",
      bodySize: 5,
      ip: "127.0.0.1",
      receivedAt: expect.any(String),
    });
  });

  test("filters by method, also across pages", async () => {
    const bin = await newBin();
    const methods = ["GET", "POST", "PUT", "POST", "DELETE", "POST", "PATCH", "POST"];
    const sent = await sendAll(
      server,
      bin.id,
      methods.map((method) => ({ method })),
    );
    const posts = sent.filter((_, i) => methods[i] === "POST").reverse();

    expect(ids((await list(server, bin.id, "?method=POST")).requests)).toEqual(posts);
    expect(ids((await list(server, bin.id, "?method=DELETE")).requests)).toEqual([sent[4]]);
    expect((await list(server, bin.id, "?method=OPTIONS")).requests).toEqual([]);

    const page1 = await list(server, bin.id, "?method=POST&limit=3");
    const page2 = await list(server, bin.id, `?method=POST&limit=3&before=${page1.nextCursor}`);
    expect([...ids(page1.requests), ...ids(page2.requests)]).toEqual(posts);
    expect(page2.nextCursor).toBeNull();
  });
});

describe("searching with q", () => {
  let binId: string;
  let sent: Record<string, string>;

  beforeAll(async () => {
    binId = (await newBin()).id;
    const cases: Record<string, Send> = {
      path: { path: "/orders/Alpha-7" },
      query: { path: "/q?customer=BRAVO&name=J%C3%B6rg" },
      header: { headers: [["X-Trace", "charlie-trace-42"]] },
      body: { headers: [["Content-Type", "text/plain"]], body: "hello Delta world" },
      percent: { body: "we are 100% sure" },
      percentDecoy: { body: "we are 100x sure" },
      underscore: { body: "snake_case_name" },
      underscoreDecoy: { body: "snakeXcaseXname" },
      quotedHeader: { headers: [["X-Note", 'she said "hi" \\o/']] },
      jsonBody: { headers: [["Content-Type", "application/json"]], body: '["echo","foxtrot"]' },
      nulBody: { headers: [["Content-Type", "text/plain"]], body: "golf\u0000hotel-after-nul" },
    };
    sent = {};
    for (const [name, request] of Object.entries(cases)) sent[name] = await send(server, binId, request);
  });

  const search = async (q: string, extra = "") => ids((await list(server, binId, `?q=${encodeURIComponent(q)}${extra}`)).requests);

  test("finds a request by its path, case-insensitively", async () => {
    expect(await search("alpha-7")).toEqual([sent.path]);
    expect(await search("ORDERS/ALPHA")).toEqual([sent.path]);
  });

  test("finds a request by its raw query, case-insensitively", async () => {
    expect(await search("customer=bravo")).toEqual([sent.query]);
    expect(await search("J%C3%B6rg")).toEqual([sent.query]);
  });

  test("finds a request by a header value, case-insensitively", async () => {
    expect(await search("CHARLIE-TRACE")).toEqual([sent.header]);
  });

  test("finds a request by its text body, case-insensitively", async () => {
    expect(await search("DELTA WORLD")).toEqual([sent.body]);
  });

  test("matches % and _ literally, not as wildcards", async () => {
    expect(await search("100% sure")).toEqual([sent.percent]);
    expect(await search("0%")).toEqual([sent.percent]);
    expect(await search("snake_case")).toEqual([sent.underscore]);
    expect(await search("e_c")).toEqual([sent.underscore]);
  });

  test("finds nothing for text no request holds", async () => {
    expect(await search("zulu-not-anywhere")).toEqual([]);
  });

  test("combines with the method filter", async () => {
    expect(await search("delta", "&method=POST")).toEqual([sent.body]);
    expect(await search("delta", "&method=GET")).toEqual([]);
  });

  test("finds a header value holding quotes and a backslash by its text as sent", async () => {
    expect(await search('said "hi" \\o/')).toEqual([sent.quotedHeader]);
  });

  test("finds text after a NUL character in a text body", async () => {
    expect(await search("hotel-after-nul")).toEqual([sent.nulBody]);
  });

  test('matches the stored headers by their text only, not by how they are kept (q=`","` is in one body only)', async () => {
    expect(await search('","')).toEqual([sent.jsonBody]);
  });
});

describe("one request", () => {
  test("GET gives the CapturedRequest", async () => {
    const bin = await newBin();
    const id = await send(server, bin.id, { method: "PATCH", path: "/one?x=1", headers: [["Content-Type", "application/json"]], body: '{"a":1}' });
    const res = await call(server.url, "GET", `/api/bins/${bin.id}/requests/${id}`);
    expect(res.status).toBe(200);
    expect(CapturedRequest.strict().parse(res.json)).toMatchObject({
      id,
      binId: bin.id,
      method: "PATCH",
      path: "/one",
      query: "x=1",
      body: '{"a":1}',
      bodyEncoding: "utf8",
      bodySize: 7,
      contentType: "application/json",
      truncated: false,
      httpVersion: "1.1",
    });
  });

  test("is 404 request_not_found when unknown, malformed, or in another bin", async () => {
    const bin = await newBin();
    const other = await newBin();
    const id = await send(server, other.id);
    expectError(await call(server.url, "GET", `/api/bins/${bin.id}/requests/01ARZ3NDEKTSV4RRFFQ69G5FAV`), 404, "request_not_found");
    expectError(await call(server.url, "GET", `/api/bins/${bin.id}/requests/not-a-request-id`), 404, "request_not_found");
    expectError(await call(server.url, "GET", `/api/bins/${bin.id}/requests/${id}`), 404, "request_not_found");
    expectError(await call(server.url, "GET", `/api/bins/${bin.id}/requests/${id}/raw`), 404, "request_not_found");
    expectError(await call(server.url, "DELETE", `/api/bins/${bin.id}/requests/${id}`, { token: bin.token }), 404, "request_not_found");
    expect((await call(server.url, "GET", `/api/bins/${other.id}/requests/${id}`)).status).toBe(200);
  });

  test("raw gives the stored bytes with the original Content-Type, inside a sandbox CSP", async () => {
    const bin = await newBin();
    const html = Buffer.from("<html><script>alert(document.cookie)</script>\xff\xfe</html>", "latin1");
    const id = await send(server, bin.id, { headers: [["Content-Type", "text/html; charset=latin1"]], body: html });
    const res = await fetch(server.api.rawUrl(bin.id, id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=latin1");
    expect(res.headers.get("content-security-policy")).toMatch(/(^|;)\s*sandbox\b/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await res.arrayBuffer()).equals(html)).toBe(true);
  });

  test("raw of a request without a Content-Type is still served sandboxed", async () => {
    const bin = await newBin();
    const id = await send(server, bin.id, { body: Uint8Array.of(0, 1, 2, 255) });
    const res = await fetch(server.api.rawUrl(bin.id, id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/(^|;)\s*sandbox\b/);
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  test("DELETE needs the owner token, then answers 204 and the request is gone; the others stay", async () => {
    const bin = await newBin();
    const [keep, drop] = await sendAll(server, bin.id, [{ path: "/keep" }, { path: "/drop" }]);
    const path = `/api/bins/${bin.id}/requests/${drop}`;
    expectError(await call(server.url, "DELETE", path), 401, "unauthorized");
    expectError(await call(server.url, "DELETE", path, { token: "nope" }), 403, "forbidden");
    expect((await call(server.url, "GET", path)).status).toBe(200);

    const res = await call(server.url, "DELETE", path, { token: bin.token });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expectError(await call(server.url, "GET", path), 404, "request_not_found");
    expectError(await call(server.url, "DELETE", path, { token: bin.token }), 404, "request_not_found");
    expect(ids((await list(server, bin.id)).requests)).toEqual([keep]);
    expect((await server.api.getBin(bin.id)).requestCount).toBe(1);
  });
});

describe("clearing all requests", () => {
  test("needs the owner token, then answers 204 and empties only that bin", async () => {
    const bin = await newBin();
    const neighbour = await newBin();
    await sendAll(server, bin.id, [{}, {}, {}]);
    const kept = await send(server, neighbour.id);
    const path = `/api/bins/${bin.id}/requests`;
    expectError(await call(server.url, "DELETE", path), 401, "unauthorized");
    expectError(await call(server.url, "DELETE", path, { token: neighbour.token }), 403, "forbidden");
    expect((await list(server, bin.id)).requests).toHaveLength(3);

    const res = await call(server.url, "DELETE", path, { token: bin.token });
    expect(res.status).toBe(204);
    expect(await list(server, bin.id)).toEqual({ requests: [], nextCursor: null });
    expect((await server.api.getBin(bin.id)).requestCount).toBe(0);
    expect(ids((await list(server, neighbour.id)).requests)).toEqual([kept]);

    const after = await send(server, bin.id);
    expect(ids((await list(server, bin.id)).requests)).toEqual([after]);
  });
});

describe("export", () => {
  let bin: CreatedBin;
  let sent: string[];
  beforeAll(async () => {
    bin = await newBin();
    sent = await sendAll(server, bin.id, [
      {
        method: "POST",
        path: "/json?a=1&b=two%20words&flag",
        headers: [
          ["Content-Type", "application/json"],
          ["X-Dup", "1"],
          ["x-dup", "2"],
        ],
        body: '{"event":"paid"}',
      },
      { method: "GET", path: "/empty" },
      { method: "PUT", path: "/bin", headers: [["Content-Type", "application/octet-stream"]], body: Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0xff) },
    ]);
  });

  test("as json is every CapturedRequest, oldest first, as an attachment", async () => {
    const res = await call(server.url, "GET", `/api/bins/${bin.id}/export?format=json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment/);
    const exported = z.array(CapturedRequest.strict()).parse(res.json);
    expect(exported).toEqual(await Promise.all(sent.map((id) => server.api.getRequest(bin.id, id))));
  });

  test("is json when no format is given", async () => {
    const res = await call(server.url, "GET", `/api/bins/${bin.id}/export`);
    expect(res.status).toBe(200);
    expect(ids(z.array(CapturedRequest).parse(res.json))).toEqual(sent);
  });

  test("as har is a HAR 1.2 log with one entry per request, oldest first", async () => {
    const res = await call(server.url, "GET", `/api/bins/${bin.id}/export?format=har`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment/);
    const har = res.json as { log: { version: string; creator: { name: string }; entries: { startedDateTime: string; request: Record<string, unknown> }[] } };
    expect(har.log.version).toBe("1.2");
    expect(har.log.creator.name).toEqual(expect.any(String));
    const stored = await Promise.all(sent.map((id) => server.api.getRequest(bin.id, id)));
    expect(har.log.entries.map((e) => e.startedDateTime)).toEqual(stored.map((r) => r.receivedAt));

    const [json, empty, binary] = har.log.entries.map((e) => e.request);
    expect(json).toMatchObject({
      method: "POST",
      url: `${bin.captureUrl}/json?a=1&b=two%20words&flag`,
      httpVersion: "HTTP/1.1",
      headers: stored[0]!.headers.map(([name, value]) => ({ name, value })),
      queryString: [
        { name: "a", value: "1" },
        { name: "b", value: "two words" },
        { name: "flag", value: "" },
      ],
      postData: { mimeType: "application/json", text: '{"event":"paid"}' },
      bodySize: 16,
    });
    expect(json!.headers).toContainEqual({ name: "x-dup", value: "2" });
    expect(empty).toMatchObject({ method: "GET", url: `${bin.captureUrl}/empty`, queryString: [], bodySize: 0 });
    expect(empty!.postData).toBeUndefined();
    expect(binary).toMatchObject({
      method: "PUT",
      postData: { mimeType: "application/octet-stream", text: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0xff]).toString("base64"), encoding: "base64" },
    });
  });

  test("of an empty bin is an empty array and an empty HAR log", async () => {
    const empty = await newBin();
    expect((await call(server.url, "GET", `/api/bins/${empty.id}/export?format=json`)).json).toEqual([]);
    expect((await call(server.url, "GET", `/api/bins/${empty.id}/export?format=har`)).json).toMatchObject({ log: { version: "1.2", entries: [] } });
  });

  test("rejects an unknown format with 400", async () => {
    expectError(await call(server.url, "GET", `/api/bins/${bin.id}/export?format=xml`), 400, "invalid_input");
  });
});

describe("pruning with MAX_REQUESTS_PER_BIN=5", () => {
  test("after 8 captures only the newest 5 remain", async () => {
    const bin = await newBin(pruning);
    const sent = await sendAll(
      pruning,
      bin.id,
      Array.from({ length: 8 }, (_, i) => ({ path: `/${i}` })),
    );
    expect(ids((await list(pruning, bin.id)).requests)).toEqual(sent.slice(3).reverse());
    expect((await pruning.api.getBin(bin.id)).requestCount).toBe(5);
    for (const pruned of sent.slice(0, 3)) expectError(await call(pruning.url, "GET", `/api/bins/${bin.id}/requests/${pruned}`), 404, "request_not_found");
  });

  test("after 30 concurrent captures exactly the 5 newest remain", async () => {
    const bin = await newBin(pruning);
    const answers = await Promise.all(Array.from({ length: 30 }, () => pruning.capture(bin.id, "/burst", { method: "POST" })));
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(200));
    const sent = await Promise.all(answers.map(async (r) => ((await r.json()) as { id: string }).id));
    expect(ids((await list(pruning, bin.id)).requests)).toEqual([...sent].sort().reverse().slice(0, 5));
  });

  test("one bin's captures do not prune another bin", async () => {
    const quiet = await newBin(pruning);
    const busy = await newBin(pruning);
    const kept = await sendAll(pruning, quiet.id, [{}, {}]);
    await sendAll(
      pruning,
      busy.id,
      Array.from({ length: 7 }, () => ({})),
    );
    expect(ids((await list(pruning, quiet.id)).requests)).toEqual([...kept].reverse());
  });
});

describe("bad query parameters", () => {
  test.each([
    ["limit=0", "?limit=0"],
    ["limit over 500", "?limit=501"],
    ["a limit that is not a number", "?limit=ten"],
    ["a fractional limit", "?limit=1.5"],
    ["an unknown parameter", "?sort=asc"],
    ["a before that is not a request id", "?before=yesterday"],
    ["a method that is not a token", "?method=GE%20T"],
    ["a q over 200 characters", `?q=${"x".repeat(201)}`],
  ])("%s is 400 invalid_input", async (_, query) => {
    const bin = await newBin();
    expectError(await call(server.url, "GET", `/api/bins/${bin.id}/requests${query}`), 400, "invalid_input");
  });
});

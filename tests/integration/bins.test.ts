import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Bin, CreatedBin } from "../../lib/schemas.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, expectError } from "./rest.ts";
import { dbPeek, type DbPeek } from "./db-peek.ts";

const HOUR_MS = 3_600_000;

let server: TestServer;
let peek: DbPeek;
beforeAll(async () => {
  peek = await dbPeek();
  server = await startTestServer(peek.env);
});
afterAll(async () => {
  await server?.close();
  await peek?.close();
});

const createBin = (body?: unknown) => call(server.url, "POST", "/api/bins", body === undefined ? {} : { body });
const binPath = (id: string) => `/api/bins/${id}`;

describe("POST /api/bins", () => {
  test("creates a bin: 201, the Bin shape with its owner token, capture and inspect URLs, a 168 h lifetime", async () => {
    const before = Date.now();
    const res = await createBin({ name: "stripe webhooks" });
    const after = Date.now();
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const bin = CreatedBin.parse(res.json);
    expect(bin).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22,64}$/),
      name: "stripe webhooks",
      captureUrl: `${server.url}/h/${bin.id}`,
      inspectUrl: `${server.url}/b/${bin.id}`,
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      requestCount: 0,
      response: null,
      forwardUrl: null,
      token: expect.stringMatching(/^\S{20,}$/),
    });
    expect(Date.parse(bin.createdAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(bin.createdAt)).toBeLessThanOrEqual(after);
    expect(Date.parse(bin.expiresAt) - Date.parse(bin.createdAt)).toBe(168 * HOUR_MS);
  });

  test("with no body at all creates an unnamed bin", async () => {
    const res = await call(server.url, "POST", "/api/bins");
    expect(res.status).toBe(201);
    expect(CreatedBin.parse(res.json).name).toBe("");
  });

  test("ttlHours sets the lifetime", async () => {
    const bin = CreatedBin.parse((await createBin({ ttlHours: 2 })).json);
    expect(Date.parse(bin.expiresAt) - Date.parse(bin.createdAt)).toBe(2 * HOUR_MS);
  });

  test("keeps a custom response (with its defaults filled in) and a forward URL", async () => {
    const res = await createBin({ response: { status: 201 }, forwardUrl: "https://example.com/hooks" });
    expect(res.status).toBe(201);
    expect(CreatedBin.parse(res.json)).toMatchObject({
      response: { status: 201, headers: [], body: "", delayMs: 0 },
      forwardUrl: "https://example.com/hooks",
    });
  });

  test("gives every bin its own id and token", async () => {
    const bins = await Promise.all(Array.from({ length: 10 }, async () => CreatedBin.parse((await createBin()).json)));
    expect(new Set(bins.map((b) => b.id)).size).toBe(10);
    expect(new Set(bins.map((b) => b.token)).size).toBe(10);
  });

  test("rejects a body that is not JSON with 400 invalid_json", async () => {
    expectError(await call(server.url, "POST", "/api/bins", { rawBody: "{name:" }), 400, "invalid_json");
  });

  test.each([
    ["an unknown field", { name: "x", color: "red" }],
    ["a JSON array", []],
    ["JSON null", null],
    ["a name over 100 characters", { name: "n".repeat(101) }],
    ["a name that is not a string", { name: 42 }],
    ["ttlHours of 0", { ttlHours: 0 }],
    ["a negative ttlHours", { ttlHours: -1 }],
    ["ttlHours over a year", { ttlHours: 24 * 365 + 1 }],
    ["a response status below 100", { response: { status: 99 } }],
    ["a 1xx response status, which cannot be a final answer", { response: { status: 103 } }],
    ["a response status above 599", { response: { status: 600 } }],
    ["a response delay over 30 s", { response: { status: 200, delayMs: 30_001 } }],
    ["a response header with a bad name", { response: { status: 200, headers: [["Bad Name", "x"]] } }],
    ["a response header value with a line break", { response: { status: 200, headers: [["X-A", "a\r\nSet-Cookie: x=1"]] } }],
    ["an unknown field in the response", { response: { status: 200, extra: true } }],
    ["a forward URL that is not http(s)", { forwardUrl: "ftp://example.com/x" }],
    ["a forward URL that is not a URL", { forwardUrl: "not a url" }],
  ])("rejects %s with 400 and the error shape", async (_, body) => {
    expectError(await createBin(body), 400, "invalid_input");
  });
});

describe("GET /api/bins/{id}", () => {
  test("returns the Bin without its token, with the live request count", async () => {
    const created = CreatedBin.parse((await createBin({ name: "read me" })).json);
    await server.capture(created.id, "/one");
    await server.capture(created.id, "/two");
    const res = await call(server.url, "GET", binPath(created.id));
    expect(res.status).toBe(200);
    expect(Bin.strict().parse(res.json)).toEqual({ ...Bin.parse(created), requestCount: 2 });
  });

  test.each([
    ["an unknown id", "AAAAAAAAAAAAAAAAAAAAAA"],
    ["an id that is too short", "abc"],
    ["an id with a bad character", "abcdefgh.ijkl"],
    ["an id that is too long", "a".repeat(65)],
  ])("is 404 bin_not_found for %s", async (_, id) => {
    expectError(await call(server.url, "GET", binPath(id)), 404, "bin_not_found");
    expectError(await call(server.url, "GET", `${binPath(id)}/requests`), 404, "bin_not_found");
    expectError(await call(server.url, "PATCH", binPath(id), { body: { name: "x" }, token: "t" }), 404, "bin_not_found");
    expectError(await call(server.url, "DELETE", binPath(id), { token: "t" }), 404, "bin_not_found");
  });
});

describe("PATCH /api/bins/{id}", () => {
  test("needs the owner token: 401 without one, 403 with a wrong one (another bin's), and the bin is unchanged", async () => {
    const bin = CreatedBin.parse((await createBin({ name: "mine" })).json);
    const other = CreatedBin.parse((await createBin()).json);
    expectError(await call(server.url, "PATCH", binPath(bin.id), { body: { name: "stolen" } }), 401, "unauthorized");
    expectError(await call(server.url, "PATCH", binPath(bin.id), { body: { name: "stolen" }, token: "wrong" }), 403, "forbidden");
    expectError(await call(server.url, "PATCH", binPath(bin.id), { body: { name: "stolen" }, token: other.token }), 403, "forbidden");
    expect((await server.api.getBin(bin.id)).name).toBe("mine");
  });

  test("with the owner token changes name, response and forward URL, and the capture answer follows", async () => {
    const bin = CreatedBin.parse((await createBin({ name: "before" })).json);
    const response = { status: 202, headers: [["X-From", "hookbin"]], body: "accepted", delayMs: 0 };
    const res = await call(server.url, "PATCH", binPath(bin.id), {
      body: { name: "  after  ", response, forwardUrl: "http://example.com/in" },
      token: bin.token,
    });
    expect(res.status).toBe(200);
    const updated = Bin.strict().parse(res.json);
    expect(updated).toEqual({ ...Bin.parse(bin), name: "after", response, forwardUrl: "http://example.com/in" });
    expect(await server.api.getBin(bin.id)).toEqual(updated);

    const captured = await server.capture(bin.id);
    expect(captured.status).toBe(202);
    expect(captured.headers.get("x-from")).toBe("hookbin");
    expect(await captured.text()).toBe("accepted");
  });

  test("changes only the fields given, and null clears the custom response", async () => {
    const bin = CreatedBin.parse((await createBin({ name: "keep", response: { status: 204 } })).json);
    const cleared = Bin.parse((await call(server.url, "PATCH", binPath(bin.id), { body: { response: null }, token: bin.token })).json);
    expect(cleared).toMatchObject({ name: "keep", response: null });
    const res = await server.capture(bin.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, id: expect.any(String) });
  });

  test("rejects a body that is not JSON with 400 invalid_json", async () => {
    const bin = CreatedBin.parse((await createBin()).json);
    expectError(await call(server.url, "PATCH", binPath(bin.id), { rawBody: "not json", token: bin.token }), 400, "invalid_json");
  });

  test.each([
    ["an unknown field", { name: "x", colour: "red" }],
    ["ttlHours, which cannot change", { ttlHours: 5 }],
    ["a name over 100 characters", { name: "n".repeat(101) }],
    ["a response without a status", { response: { body: "x" } }],
    ["a response status of 1000", { response: { status: 1000 } }],
    ["a negative response delay", { response: { status: 200, delayMs: -1 } }],
    ["a fractional response status", { response: { status: 200.5 } }],
    ["a forward URL with a javascript: scheme", { forwardUrl: "javascript:alert(1)" }],
  ])("rejects %s with 400 and leaves the bin as it was", async (_, body) => {
    const bin = CreatedBin.parse((await createBin({ name: "stable" })).json);
    expectError(await call(server.url, "PATCH", binPath(bin.id), { body, token: bin.token }), 400, "invalid_input");
    expect(await server.api.getBin(bin.id)).toEqual(Bin.parse(bin));
  });
});

describe("DELETE /api/bins/{id}", () => {
  test("needs the owner token: 401 without one, 403 with a wrong one, and the bin stays", async () => {
    const bin = CreatedBin.parse((await createBin()).json);
    expectError(await call(server.url, "DELETE", binPath(bin.id)), 401, "unauthorized");
    expectError(await call(server.url, "DELETE", binPath(bin.id), { token: "wrong" }), 403, "forbidden");
    expect((await call(server.url, "GET", binPath(bin.id))).status).toBe(200);
  });

  test("with the owner token answers 204, and the bin and all its requests are gone", async () => {
    const bin = CreatedBin.parse((await createBin()).json);
    const ids: string[] = [];
    for (const path of ["/a", "/b", "/c"]) ids.push(((await (await server.capture(bin.id, path, { method: "POST", body: path })).json()) as { id: string }).id);
    expect(await peek.requestRows(bin.id)).toBe(3);

    const res = await call(server.url, "DELETE", binPath(bin.id), { token: bin.token });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");

    expectError(await call(server.url, "GET", binPath(bin.id)), 404, "bin_not_found");
    expectError(await call(server.url, "GET", `${binPath(bin.id)}/requests`), 404, "bin_not_found");
    expectError(await call(server.url, "GET", `${binPath(bin.id)}/requests/${ids[0]}`), 404);
    expectError(await call(server.url, "GET", `${binPath(bin.id)}/export?format=json`), 404, "bin_not_found");
    expectError(await call(server.url, "DELETE", binPath(bin.id), { token: bin.token }), 404, "bin_not_found");
    expect(await peek.binRows(bin.id)).toBe(0);
    expect(await peek.requestRows(bin.id)).toBe(0);
  });
});

describe("expired bins", () => {
  test("are 404 to every read once their lifetime is over", async () => {
    const bin = CreatedBin.parse((await createBin({ ttlHours: 1e-6 })).json);
    while (Date.now() <= Date.parse(bin.expiresAt)) await new Promise((resolve) => setTimeout(resolve, 1));
    expectError(await call(server.url, "GET", binPath(bin.id)), 404, "bin_not_found");
    expectError(await call(server.url, "GET", `${binPath(bin.id)}/requests`), 404, "bin_not_found");
    expectError(await call(server.url, "PATCH", binPath(bin.id), { body: { name: "x" }, token: bin.token }), 404, "bin_not_found");
  });
});

import fc from "fast-check";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Replay, type ClientEvents, type CreatedBin, type ReplayInput, type ServerEvents } from "../../lib/schemas.ts";
import { captureCaseArb, parsableMethodArb, toRawRequest } from "../helpers/arbitraries.ts";
import { closedPort, echoServersClosedAfterEach, hugeBody, type EchoRequest } from "../helpers/echo-server.ts";
import { sendRaw, withHost, type HeaderList } from "../helpers/raw-http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, expectError } from "./rest.ts";
import { eventually } from "../helpers/eventually.ts";

const MIB = 1024 * 1024;
/** Headers the sender computes for its own message; a replay never copies them. */
const RECOMPUTED = new Set(["host", "content-length", "connection"]);
const NOT_COPIED = new Set([...RECOMPUTED, "transfer-encoding", "keep-alive", "te", "trailer", "upgrade", "expect", "proxy-connection"]);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ REPLAY_ALLOW_PRIVATE: "true", RATE_LIMIT_PER_MINUTE: "1000000" });
});
afterAll(() => server?.close());

const echoServer = echoServersClosedAfterEach();

/** SPEC §4: the UTF-8 text when the bytes are valid UTF-8, else base64. */
function expectedBody(bytes: Uint8Array): { body: string; bodyEncoding: "utf8" | "base64" } {
  const buf = Buffer.from(bytes);
  const text = buf.toString("utf8");
  return Buffer.from(text, "utf8").equals(buf) ? { body: text, bodyEncoding: "utf8" } : { body: buf.toString("base64"), bodyEncoding: "base64" };
}

const replayBytes = (replay: Replay) => Buffer.from(replay.body, replay.bodyEncoding === "base64" ? "base64" : "utf8");
const values = (headers: HeaderList, name: string) => headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
const copiedHeaders = (received: EchoRequest) => received.rawHeaders.filter(([n]) => !RECOMPUTED.has(n.toLowerCase()));

/** Captures one request written byte for byte; returns its id. */
async function captureRaw(binId: string, method: string, target: string, headers: HeaderList, body?: Uint8Array): Promise<string> {
  const res = await sendRaw(server.url, { method, target: `/h/${binId}${target}`, headers: withHost(server.url, [...headers, ["Connection", "close"]]), body });
  expect(res.status).toBe(200);
  return (JSON.parse(res.body.toString()) as { id: string }).id;
}

async function captureJson(binId: string, body: unknown = { event: "invoice.paid" }): Promise<string> {
  const text = JSON.stringify(body);
  return captureRaw(
    binId,
    "POST",
    "/hook",
    [
      ["Content-Type", "application/json"],
      ["Content-Length", String(Buffer.byteLength(text))],
    ],
    Buffer.from(text),
  );
}

/** `token` null: no Authorization header. */
function postReplay(bin: CreatedBin, requestId: string, input: ReplayInput | Record<string, unknown>, token: string | null = bin.token) {
  return call(server.url, "POST", `/api/bins/${bin.id}/requests/${requestId}/replay`, { body: input, token: token ?? undefined });
}

async function forwardsOf(bin: CreatedBin, requestId: string, count = 1): Promise<Replay[]> {
  return eventually(async () => {
    const replays = await server.api.listReplays(bin.id, requestId);
    return replays.length >= count ? replays : undefined;
  }, `${count} replay(s) of ${requestId}`);
}

type Client = Socket<ServerEvents, ClientEvents>;
async function subscribed(binId: string): Promise<{ socket: Client; replays: Replay[]; waitFor(count: number): Promise<Replay[]> }> {
  const socket: Client = await server.connect();
  const replays: Replay[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  socket.on("replay:new", (replay) => {
    replays.push(replay);
    for (const w of waiters.filter((w) => replays.length >= w.count)) w.resolve();
  });
  const ack = await socket.timeout(5_000).emitWithAck("subscribe", { binId });
  expect(ack.ok).toBe(true);
  return {
    socket,
    replays,
    waitFor(count) {
      if (replays.length >= count) return Promise.resolve(replays);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${replays.length} of ${count} replay:new events within 10 s`)), 10_000);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(replays);
          },
        });
      });
    },
  };
}

describe("a replay sends the captured request to the target", () => {
  test("any captured request arrives with its method, body bytes and headers in order and case, Host and Content-Length recomputed", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin();
    await fc.assert(
      fc.asyncProperty(captureCaseArb(parsableMethodArb), async (c) => {
        const raw = toRawRequest(c, server.url, bin.id);
        const res = await sendRaw(server.url, raw);
        expect(res.status).toBe(200);
        const { id } = JSON.parse(res.body.toString()) as { id: string };

        const replay = await server.api.replay(bin.id, id, { url: `${echo.url}/replayed?from=hookbin` }, bin.token);

        const received = echo.requests.at(-1)!;
        expect(received.method).toBe(c.method);
        expect(received.url).toBe("/replayed?from=hookbin");
        expect(received.body.equals(Buffer.from(c.body))).toBe(true);
        expect(copiedHeaders(received)).toEqual(c.headers);
        expect(values(received.rawHeaders, "host")).toEqual([`127.0.0.1:${echo.port}`]);
        if (c.body.length > 0) expect(values(received.rawHeaders, "content-length")).toEqual([String(c.body.length)]);
        expect(replay).toMatchObject({
          requestId: id,
          origin: "replay",
          method: c.method,
          status: 200,
          error: null,
          truncated: false,
          ...expectedBody(c.body),
        });
      }),
      { numRuns: 40 },
    );
  });

  test("connection and framing headers of the captured request are not copied, and the rest keep their order", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin();
    const body = Buffer.from("a=1&b=2");
    const id = await captureRaw(
      bin.id,
      "PUT",
      "/x",
      [
        ["X-Before", "1"],
        ["Keep-Alive", "timeout=5"],
        ["Content-Type", "application/x-www-form-urlencoded"],
        ["TE", "trailers"],
        ["Trailer", "X-Checksum"],
        ["Upgrade", "h2c"],
        ["Content-Length", String(body.length)],
        ["Proxy-Connection", "keep-alive"],
        ["X-After", "2"],
      ],
      body,
    );
    const stored = await server.api.getRequest(bin.id, id);
    expect(stored.headers.map(([n]) => n)).toEqual(expect.arrayContaining(["Keep-Alive", "TE", "Trailer", "Upgrade", "Proxy-Connection"]));

    await server.api.replay(bin.id, id, { url: echo.url }, bin.token);

    const [received] = echo.requests;
    expect(received!.rawHeaders.filter(([n]) => NOT_COPIED.has(n.toLowerCase()) && !RECOMPUTED.has(n.toLowerCase()))).toEqual([]);
    expect(copiedHeaders(received!)).toEqual([
      ["X-Before", "1"],
      ["Content-Type", "application/x-www-form-urlencoded"],
      ["X-After", "2"],
    ]);
    expect(received!.body.equals(body)).toBe(true);
  });

  test("a chunked capture is replayed as its decoded bytes with a real Content-Length, not Transfer-Encoding", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin();
    const body = hugeBody(5000);
    const wire = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]);
    const id = await captureRaw(
      bin.id,
      "POST",
      "/chunked",
      [
        ["Transfer-Encoding", "chunked"],
        ["X-Kind", "binary"],
      ],
      wire,
    );

    const replay = await server.api.replay(bin.id, id, { url: echo.url }, bin.token);

    const [received] = echo.requests;
    expect(received!.body.equals(body)).toBe(true);
    expect(values(received!.rawHeaders, "transfer-encoding")).toEqual([]);
    expect(values(received!.rawHeaders, "content-length")).toEqual(["5000"]);
    expect(copiedHeaders(received!)).toEqual([["X-Kind", "binary"]]);
    expect(replay).toMatchObject({ status: 200, bodyEncoding: "base64" });
    expect(replayBytes(replay).equals(body)).toBe(true);
  });

  test("a captured Expect: 100-continue is not copied", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin();
    const body = Buffer.from("expecting");
    await sendRaw(server.url, {
      method: "POST",
      target: `/h/${bin.id}/expect`,
      headers: withHost(server.url, [
        ["Expect", "100-continue"],
        ["Content-Length", String(body.length)],
        ["X-Keep", "me"],
        ["Connection", "close"],
      ]),
      body,
    });
    const [summary] = (await server.api.listRequests(bin.id)).requests;
    expect(values((await server.api.getRequest(bin.id, summary!.id)).headers, "expect")).toEqual(["100-continue"]);

    const replay = await server.api.replay(bin.id, summary!.id, { url: echo.url }, bin.token);

    expect(replay).toMatchObject({ status: 200, error: null });
    expect(copiedHeaders(echo.requests[0]!)).toEqual([["X-Keep", "me"]]);
    expect(echo.requests[0]!.body.equals(body)).toBe(true);
  });

  test("overrides replace the method, the headers and the body (as utf8)", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin();
    const id = await captureJson(bin.id);

    const replay = await server.api.replay(
      bin.id,
      id,
      {
        url: `${echo.url}/edited`,
        method: "PATCH",
        headers: [
          ["X-Edited", "yes"],
          ["content-type", "text/plain; charset=utf-8"],
          ["X-Edited", "twice"],
        ],
        body: "héllo wörld ✓",
      },
      bin.token,
    );

    const [received] = echo.requests;
    expect(received!.method).toBe("PATCH");
    expect(copiedHeaders(received!)).toEqual([
      ["X-Edited", "yes"],
      ["content-type", "text/plain; charset=utf-8"],
      ["X-Edited", "twice"],
    ]);
    expect(received!.body.toString("utf8")).toBe("héllo wörld ✓");
    expect(values(received!.rawHeaders, "content-length")).toEqual([String(Buffer.byteLength("héllo wörld ✓"))]);
    expect(replay).toMatchObject({ method: "PATCH", url: `${echo.url}/edited`, body: "héllo wörld ✓", bodyEncoding: "utf8" });
  });

  test("a base64 body override is sent as its bytes, and a binary answer comes back as base64", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin();
    const id = await captureJson(bin.id);
    const bytes = Buffer.from([0, 1, 2, 0x80, 0xfe, 0xff, 0xc3, 0x28]);

    const replay = await server.api.replay(bin.id, id, { url: echo.url, body: bytes.toString("base64"), bodyEncoding: "base64" }, bin.token);

    expect(echo.requests[0]!.body.equals(bytes)).toBe(true);
    expect(echo.requests[0]!.method).toBe("POST");
    expect(copiedHeaders(echo.requests[0]!)).toEqual([["Content-Type", "application/json"]]);
    expect(replay).toMatchObject({ bodyEncoding: "base64", body: bytes.toString("base64") });
  });

  test("an empty body override sends no body", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin();
    const id = await captureJson(bin.id);
    await server.api.replay(bin.id, id, { url: echo.url, body: "" }, bin.token);
    expect(echo.requests[0]!.body.length).toBe(0);
  });
});

describe("the Replay answered with 201", () => {
  test("holds the target's status, headers and body, the time taken, no error, origin replay", async () => {
    const echo = await echoServer({
      behaviour: {
        kind: "answer",
        status: 299,
        headers: [
          ["X-Target", "yes"],
          ["Content-Type", "text/plain"],
          ["Set-Cookie", "a=1"],
          ["Set-Cookie", "b=2"],
        ],
        body: "target says hi",
      },
    });
    const bin = await server.api.createBin();
    const id = await captureJson(bin.id);
    const before = Date.now();

    const res = await postReplay(bin, id, { url: `${echo.url}/in?x=1` });

    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const replay = Replay.strict().parse(res.json);
    expect(replay).toEqual({
      id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      requestId: id,
      origin: "replay",
      url: `${echo.url}/in?x=1`,
      method: "POST",
      status: 299,
      headers: expect.arrayContaining([
        ["x-target", "yes"],
        ["content-type", "text/plain"],
        ["set-cookie", "a=1"],
        ["set-cookie", "b=2"],
      ]),
      body: "target says hi",
      bodyEncoding: "utf8",
      truncated: false,
      durationMs: expect.any(Number),
      error: null,
      createdAt: expect.any(String),
    });
    expect(replay.durationMs).toBeGreaterThanOrEqual(0);
    expect(replay.durationMs).toBeLessThan(Date.now() - before + 1);
    expect(Date.parse(replay.createdAt)).toBeGreaterThanOrEqual(before);
    expect(await server.api.listReplays(bin.id, id)).toEqual([replay]);
  });

  test("holds a binary answer as base64", async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
    const echo = await echoServer({ behaviour: { kind: "answer", status: 200, headers: [["Content-Type", "image/jpeg"]], body: bytes } });
    const bin = await server.api.createBin();
    const replay = await server.api.replay(bin.id, await captureJson(bin.id), { url: echo.url }, bin.token);
    expect(replay).toMatchObject({ status: 200, bodyEncoding: "base64", body: bytes.toString("base64") });
  });

  test("keeps an answer body over 1 MiB to exactly its first 1 MiB, marked truncated", async () => {
    const echo = await echoServer({ behaviour: { kind: "huge", bytes: MIB + MIB / 2 } });
    const bin = await server.api.createBin();
    const id = await captureJson(bin.id);

    const replay = await server.api.replay(bin.id, id, { url: echo.url }, bin.token);

    expect(replay).toMatchObject({ status: 200, truncated: true, error: null, bodyEncoding: "base64" });
    expect(replayBytes(replay).equals(hugeBody(MIB))).toBe(true);
    const [listed] = await server.api.listReplays(bin.id, id);
    expect(listed).toMatchObject({ truncated: true });
    expect(replayBytes(listed!).equals(hugeBody(MIB))).toBe(true);
  });

  test("of a redirect is the 302 itself: the redirect is not followed and its target gets nothing", async () => {
    const elsewhere = await echoServer();
    const echo = await echoServer({ behaviour: { kind: "redirect", location: `${elsewhere.url}/moved` } });
    const bin = await server.api.createBin();

    const replay = await server.api.replay(bin.id, await captureJson(bin.id), { url: echo.url }, bin.token);

    expect(replay).toMatchObject({ status: 302, error: null });
    expect(replay.headers).toContainEqual(["location", `${elsewhere.url}/moved`]);
    expect(echo.requests).toHaveLength(1);
    expect(elsewhere.connections).toBe(0);
  });

  test("of a refused connection has status null and error connection_refused", async () => {
    const bin = await server.api.createBin();
    const id = await captureJson(bin.id);
    const url = `http://127.0.0.1:${await closedPort()}/hook`;

    const res = await postReplay(bin, id, { url });

    expect(res.status).toBe(201);
    expect(Replay.strict().parse(res.json)).toMatchObject({
      requestId: id,
      url,
      status: null,
      headers: [],
      body: "",
      error: { code: "connection_refused", message: expect.stringMatching(/.+/) },
    });
  });

  test("of a target that never answers has error timeout after the 30 s deadline", { timeout: 45_000 }, async () => {
    const echo = await echoServer({ behaviour: { kind: "hang" } });
    const bin = await server.api.createBin();
    const id = await captureJson(bin.id);
    const started = performance.now();

    const res = await postReplay(bin, id, { url: echo.url });

    const elapsed = performance.now() - started;
    expect(res.status).toBe(201);
    const replay = Replay.parse(res.json);
    expect(replay).toMatchObject({ status: null, error: { code: "timeout", message: expect.stringMatching(/.+/) } });
    expect(replay.durationMs).toBeGreaterThanOrEqual(29_000);
    expect(replay.durationMs).toBeLessThan(35_000);
    expect(elapsed).toBeGreaterThanOrEqual(29_000);
    expect(echo.requests).toHaveLength(1);
  });
});

describe("the replay history", () => {
  test("lists a request's replays newest first, each with its own outcome, and nothing of other requests", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin();
    const id = await captureJson(bin.id);
    const other = await captureJson(bin.id);
    const sent: Replay[] = [];
    for (const path of ["/one", "/two", "/three"]) sent.push(await server.api.replay(bin.id, id, { url: `${echo.url}${path}` }, bin.token));
    await server.api.replay(bin.id, other, { url: echo.url }, bin.token);

    const listed = await server.api.listReplays(bin.id, id);

    expect(listed).toEqual([...sent].reverse());
    expect(listed.map((r) => new URL(r.url).pathname)).toEqual(["/three", "/two", "/one"]);
    expect(await server.api.listReplays(bin.id, other)).toHaveLength(1);
  });

  test("is readable without the owner token, and empty for a request never replayed", async () => {
    const bin = await server.api.createBin();
    const id = await captureJson(bin.id);
    const res = await call(server.url, "GET", `/api/bins/${bin.id}/requests/${id}/replays`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual([]);
  });
});

describe("replay refusals", () => {
  test("need the owner token: 401 without one, 403 with a wrong one or another bin's; nothing is sent or stored", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin();
    const other = await server.api.createBin();
    const id = await captureJson(bin.id);

    expectError(await postReplay(bin, id, { url: echo.url }, null), 401, "unauthorized");
    expectError(await postReplay(bin, id, { url: echo.url }, "not-the-token"), 403, "forbidden");
    expectError(await postReplay(bin, id, { url: echo.url }, other.token), 403, "forbidden");

    expect(echo.connections).toBe(0);
    expect(await server.api.listReplays(bin.id, id)).toEqual([]);
  });

  test("of an unknown request, or one of another bin, is 404 request_not_found", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin();
    const other = await server.api.createBin();
    const othersRequest = await captureJson(other.id);
    const unknown = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

    expectError(await postReplay(bin, unknown, { url: echo.url }), 404, "request_not_found");
    expectError(await postReplay(bin, othersRequest, { url: echo.url }), 404, "request_not_found");
    expectError(await call(server.url, "GET", `/api/bins/${bin.id}/requests/${unknown}/replays`), 404, "request_not_found");
    expect(echo.connections).toBe(0);
  });

  test("of a request of an unknown bin is 404 bin_not_found", async () => {
    const bin = await server.api.createBin();
    const id = await captureJson(bin.id);
    expectError(
      await call(server.url, "POST", `/api/bins/AAAAAAAAAAAAAAAAAAAAAA/requests/${id}/replay`, { body: { url: "http://127.0.0.1:1/" }, token: bin.token }),
      404,
      "bin_not_found",
    );
  });

  test.each([
    ["a target that is not a URL", { url: "not a url" }],
    ["an ftp target", { url: "ftp://127.0.0.1/file" }],
    ["a file target", { url: "file:///etc/passwd" }],
    ["no target", {}],
    ["an unknown field", { url: "http://127.0.0.1/", follow: true }],
    ["a method that is not a token", { url: "http://127.0.0.1/", method: "GE T" }],
    ["a header value with a line break", { url: "http://127.0.0.1/", headers: [["X-A", "a\r\nX-Injected: 1"]] }],
    ["an unknown body encoding", { url: "http://127.0.0.1/", body: "x", bodyEncoding: "hex" }],
  ])("with %s is 400 invalid_input", async (_, input) => {
    const bin = await server.api.createBin();
    const id = await captureJson(bin.id);
    expectError(await postReplay(bin, id, input), 400, "invalid_input");
    expect(await server.api.listReplays(bin.id, id)).toEqual([]);
  });
});

describe("replay:new", () => {
  test("reaches the bin's socket.io subscribers with the Replay the API answered", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin();
    const id = await captureJson(bin.id);
    const watcher = await subscribed(bin.id);

    const replay = await server.api.replay(bin.id, id, { url: echo.url }, bin.token);

    const [event] = await watcher.waitFor(1);
    expect(Replay.strict().parse(event)).toEqual(replay);
  });

  test("of a failed replay carries its error too", async () => {
    const bin = await server.api.createBin();
    const id = await captureJson(bin.id);
    const watcher = await subscribed(bin.id);
    const replay = await server.api.replay(bin.id, id, { url: `http://127.0.0.1:${await closedPort()}/` }, bin.token);
    const [event] = await watcher.waitFor(1);
    expect(event).toEqual(replay);
    expect(event!.error?.code).toBe("connection_refused");
  });
});

describe("forwarding", () => {
  test("every capture, sequential or concurrent, reaches the forward URL with its sub-path and query appended, and is kept as a forward Replay", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin({ forwardUrl: `${echo.url}/in?via=hookbin` });
    const watcher = await subscribed(bin.id);
    const capture = async (i: number) => {
      const res = await server.capture(bin.id, `/events/${i}?n=${i}&tag=a%20b`, {
        method: "POST",
        body: `payload ${i}`,
        headers: { "Content-Type": "text/plain", "X-Index": String(i) },
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { id: string }).id;
    };
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await capture(i));
    ids.push(...(await Promise.all(Array.from({ length: 10 }, (_, k) => capture(10 + k)))));

    const received = await echo.waitForRequests(20);
    const events = await watcher.waitFor(20);

    expect(received).toHaveLength(20);
    expect(new Set(received.map((r) => r.url))).toEqual(new Set(ids.map((_, i) => `/in/events/${i}?via=hookbin&n=${i}&tag=a%20b`)));
    for (const r of received) {
      const i = Number(values(r.rawHeaders, "x-index")[0]);
      expect(r.method).toBe("POST");
      expect(r.body.toString()).toBe(`payload ${i}`);
      expect(values(r.rawHeaders, "host")).toEqual([`127.0.0.1:${echo.port}`]);
    }
    expect(events).toHaveLength(20);
    expect(new Set(events.map((e) => e.requestId))).toEqual(new Set(ids));
    for (const [i, id] of ids.entries()) {
      const replays = await server.api.listReplays(bin.id, id);
      expect(replays).toEqual([
        {
          id: expect.any(String),
          requestId: id,
          origin: "forward",
          url: `${echo.url}/in/events/${i}?via=hookbin&n=${i}&tag=a%20b`,
          method: "POST",
          status: 200,
          headers: expect.any(Array),
          body: `payload ${i}`,
          bodyEncoding: "utf8",
          truncated: false,
          durationMs: expect.any(Number),
          error: null,
          createdAt: expect.any(String),
        },
      ]);
      expect(events).toContainEqual(replays[0]);
    }
    expect(echo.requests).toHaveLength(20);
  });

  test("a capture to the bin root is forwarded to the forward URL as it is", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin({ forwardUrl: `${echo.url}/exact/path` });
    const res = await server.capture(bin.id, "", { method: "PUT", body: "root" });
    expect(res.status).toBe(200);
    const [received] = await echo.waitForRequests(1);
    expect(received).toMatchObject({ method: "PUT", url: "/exact/path" });
  });

  test("a slow target does not delay the capture's answer", async () => {
    const echo = await echoServer({ behaviour: { kind: "slow", delayMs: 3_000, status: 202, body: "eventually" } });
    const bin = await server.api.createBin({ forwardUrl: echo.url });

    const started = performance.now();
    const res = await server.capture(bin.id, "/slow", { method: "POST", body: "x" });
    const answeredIn = performance.now() - started;
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    expect(answeredIn).toBeLessThan(1_000);

    await echo.waitForRequests(1);
    expect(await server.api.listReplays(bin.id, id)).toEqual([]);

    const [forward] = await forwardsOf(bin, id);
    expect(forward).toMatchObject({ origin: "forward", status: 202, body: "eventually", error: null });
    expect(forward!.durationMs).toBeGreaterThanOrEqual(2_900);
  });

  test("a forward URL nobody listens on records a connection_refused forward Replay, and the capture is still answered 200", async () => {
    const port = await closedPort();
    const bin = await server.api.createBin({ forwardUrl: `http://127.0.0.1:${port}/down` });

    const res = await server.capture(bin.id, "/x", { method: "POST", body: "x" });

    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const [forward] = await forwardsOf(bin, id);
    expect(forward).toMatchObject({ origin: "forward", url: `http://127.0.0.1:${port}/down/x`, status: null, error: { code: "connection_refused" } });
  });

  test("starts when a PATCH sets forwardUrl and stops when a PATCH sets it to null", async () => {
    const echo = await echoServer();
    const bin = await server.api.createBin();
    const marker = await server.api.createBin({ forwardUrl: `${echo.url}/marker` });
    const capture = async (binId: string, path: string) => {
      const res = await server.capture(binId, path, { method: "POST", body: path });
      expect(res.status).toBe(200);
      return ((await res.json()) as { id: string }).id;
    };
    /** Everything forwarded before this point has reached the echo server once the marker has. */
    const barrier = async () => {
      const id = await capture(marker.id, "");
      await forwardsOf(marker, id);
    };

    const before = await capture(bin.id, "/before");
    await server.api.updateBin(bin.id, { forwardUrl: `${echo.url}/on` }, bin.token);
    const during = await capture(bin.id, "/during");
    await forwardsOf(bin, during);
    await server.api.updateBin(bin.id, { forwardUrl: null }, bin.token);
    const after = await capture(bin.id, "/after");
    await barrier();

    expect(echo.requests.map((r) => r.url)).toEqual(["/on/during", "/marker"]);
    expect(await server.api.listReplays(bin.id, before)).toEqual([]);
    expect(await server.api.listReplays(bin.id, after)).toEqual([]);
    expect((await server.api.getBin(bin.id)).forwardUrl).toBeNull();
  });
});

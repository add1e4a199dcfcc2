import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Bin, RequestDeletedEvent, RequestsClearedEvent, RequestSummary, type ClientEvents, type ServerEvents, type SubscribeAck } from "../../lib/schemas.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call } from "./rest.ts";

type Client = Socket<ServerEvents, ClientEvents>;
type EventName = keyof ServerEvents;
interface Received {
  name: EventName;
  payload: { id?: string; binId?: string } & Record<string, unknown>;
}

const EVENT_TIMEOUT_MS = 5_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: "1000000" });
});
afterAll(() => server?.close());

/** Every event a client receives, in order, and a way to wait for one without sleeping. */
class Recorder {
  readonly events: Received[] = [];
  private waiters: { match: (e: Received) => boolean; resolve: (e: Received) => void }[] = [];

  constructor(readonly socket: Client) {
    socket.onAny((name: EventName, payload: Received["payload"]) => {
      const event = { name, payload };
      this.events.push(event);
      const ready = this.waiters.filter((w) => w.match(event));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(event);
    });
  }

  of(name: EventName, binId?: string): Received[] {
    return this.events.filter((e) => e.name === name && (binId === undefined || e.payload.binId === binId));
  }

  /** Resolves with the first event (already received or coming) that matches; fails after a timeout. */
  waitFor(name: EventName, match: (payload: Received["payload"]) => boolean = () => true): Promise<Received> {
    const matches = (e: Received) => e.name === name && match(e.payload);
    const seen = this.events.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no matching "${name}" within ${EVENT_TIMEOUT_MS} ms; received: ${JSON.stringify(this.events.map((e) => e.name))}`));
      }, EVENT_TIMEOUT_MS);
      this.waiters.push({
        match: matches,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  waitForRequest(id: string): Promise<Received> {
    return this.waitFor("request:new", (p) => p.id === id);
  }
}

async function listen(): Promise<Recorder> {
  return new Recorder(await server.connect());
}

function subscribe(client: Recorder | Client, payload: unknown): Promise<SubscribeAck> {
  const socket = client instanceof Recorder ? client.socket : client;
  return socket.timeout(EVENT_TIMEOUT_MS).emitWithAck("subscribe", payload as { binId: string });
}

async function capture(binId: string, path = "/"): Promise<string> {
  const res = await server.capture(binId, path, { method: "POST", body: path });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

async function captureAll(binId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await capture(binId, `/${i}`));
  return ids;
}

describe("subscribe", () => {
  test("to a new bin is acknowledged with ok and nothing missed", async () => {
    const bin = await server.api.createBin();
    const client = await listen();
    expect(await subscribe(client, { binId: bin.id })).toEqual({ ok: true, missed: [] });
  });

  test("to an unknown bin is refused with bin_not_found", async () => {
    const client = await listen();
    expect(await subscribe(client, { binId: "AAAAAAAAAAAAAAAAAAAAAA" })).toEqual({ ok: false, error: { code: "bin_not_found", message: expect.any(String) } });
  });

  test("to a deleted bin is refused with bin_not_found", async () => {
    const bin = await server.api.createBin();
    await server.api.deleteBin(bin.id, bin.token);
    const client = await listen();
    expect(await subscribe(client, { binId: bin.id })).toMatchObject({ ok: false, error: { code: "bin_not_found" } });
  });

  test.each([
    ["a malformed bin id", { binId: "no!" }],
    ["no bin id", {}],
    ["a malformed after", { binId: "AAAAAAAAAAAAAAAAAAAAAA", after: "yesterday" }],
    ["a payload that is not an object", "bin"],
  ])("with %s is refused with an error code", async (_, payload) => {
    const client = await listen();
    expect(await subscribe(client, payload)).toEqual({ ok: false, error: { code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) } });
  });

  test("with after = the newest request misses nothing", async () => {
    const bin = await server.api.createBin();
    const [, last] = await captureAll(bin.id, 2);
    const client = await listen();
    expect(await subscribe(client, { binId: bin.id, after: last })).toEqual({ ok: true, missed: [] });
  });
});

describe("live events reach the bin's subscribers", () => {
  test("request:new carries the RequestSummary of a capture, which is already committed when it arrives", async () => {
    const bin = await server.api.createBin();
    const client = await listen();
    await subscribe(client, { binId: bin.id });
    const readOnArrival = new Promise<number>((resolve) => {
      client.socket.once("request:new", (summary) => void call(server.url, "GET", `/api/bins/${bin.id}/requests/${summary.id}`).then((r) => resolve(r.status)));
    });

    const id = await capture(bin.id, "/live?x=1");
    const event = await client.waitForRequest(id);
    expect(await readOnArrival).toBe(200);
    expect(RequestSummary.strict().parse(event.payload)).toEqual((await server.api.listRequests(bin.id)).requests[0]);
    expect(event.payload).toMatchObject({ id, binId: bin.id, method: "POST", path: "/live", query: "x=1", bodySize: "/live?x=1".length });
  });

  test("request:deleted follows the deletion of one request", async () => {
    const bin = await server.api.createBin();
    const client = await listen();
    await subscribe(client, { binId: bin.id });
    const id = await capture(bin.id);
    await server.api.deleteRequest(bin.id, id, bin.token);
    const event = await client.waitFor("request:deleted");
    expect(RequestDeletedEvent.strict().parse(event.payload)).toEqual({ binId: bin.id, id });
  });

  test("requests:cleared follows clearing the bin", async () => {
    const bin = await server.api.createBin();
    const client = await listen();
    await subscribe(client, { binId: bin.id });
    await capture(bin.id);
    await server.api.clearRequests(bin.id, bin.token);
    const event = await client.waitFor("requests:cleared");
    expect(RequestsClearedEvent.strict().parse(event.payload)).toEqual({ binId: bin.id });
  });

  test("bin:updated carries the Bin as the PATCH answered it", async () => {
    const bin = await server.api.createBin({ name: "old" });
    const client = await listen();
    await subscribe(client, { binId: bin.id });
    const updated = await server.api.updateBin(bin.id, { name: "new", response: { status: 204, headers: [], body: "", delayMs: 0 } }, bin.token);
    const event = await client.waitFor("bin:updated");
    expect(Bin.strict().parse(event.payload)).toEqual(updated);
  });

  test("two subscribers of one bin both receive every event", async () => {
    const bin = await server.api.createBin();
    const [a, b] = await Promise.all([listen(), listen()]);
    await Promise.all([subscribe(a, { binId: bin.id }), subscribe(b, { binId: bin.id })]);
    const id = await capture(bin.id);
    await server.api.updateBin(bin.id, { name: "both" }, bin.token);
    await server.api.deleteRequest(bin.id, id, bin.token);
    for (const client of [a, b]) {
      await client.waitForRequest(id);
      expect((await client.waitFor("bin:updated")).payload).toMatchObject({ name: "both" });
      expect((await client.waitFor("request:deleted")).payload).toEqual({ binId: bin.id, id });
    }
  });

  test("events of other bins do not reach a subscriber", async () => {
    const mine = await server.api.createBin();
    const other = await server.api.createBin();
    const client = await listen();
    await subscribe(client, { binId: mine.id });
    const otherId = await capture(other.id);
    await server.api.updateBin(other.id, { name: "elsewhere" }, other.token);
    await server.api.clearRequests(other.id, other.token);
    const mineId = await capture(mine.id);
    await client.waitForRequest(mineId);
    expect(client.events.map((e) => e.payload.binId)).toEqual([mine.id]);
    expect(client.events.some((e) => e.payload.id === otherId)).toBe(false);
  });

  test("200 concurrent captures arrive as 200 request:new events, each once", async () => {
    const bin = await server.api.createBin();
    const client = await listen();
    await subscribe(client, { binId: bin.id });
    const ids = await Promise.all(Array.from({ length: 200 }, (_, i) => capture(bin.id, `/burst/${i}`)));
    const marker = await capture(bin.id, "/after-burst");
    await client.waitForRequest(marker);
    const received = client.of("request:new").map((e) => e.payload.id!);
    expect(received).toHaveLength(201);
    expect(new Set(received)).toEqual(new Set([...ids, marker]));
    expect(received.at(-1)).toBe(marker);
  });
});

describe("unsubscribe", () => {
  test("stops the events of that bin, and only that bin", async () => {
    const left = await server.api.createBin();
    const stayed = await server.api.createBin();
    const client = await listen();
    await subscribe(client, { binId: left.id });
    await subscribe(client, { binId: stayed.id });
    const before = await capture(left.id);
    await client.waitForRequest(before);

    client.socket.emit("unsubscribe", { binId: left.id });
    await subscribe(client, { binId: stayed.id });
    const ignored = await capture(left.id);
    await server.api.updateBin(left.id, { name: "unheard" }, left.token);
    const heard = await capture(stayed.id);
    await client.waitForRequest(heard);

    expect(client.events.map((e) => [e.name, e.payload.id])).toEqual([
      ["request:new", before],
      ["request:new", heard],
    ]);
    expect(client.events.some((e) => e.payload.id === ignored)).toBe(false);
  });
});

describe("a reconnecting client loses nothing", () => {
  test("it resubscribes with after = the last id it saw, and missed holds exactly the requests it missed, once each, oldest first", async () => {
    const bin = await server.api.createBin();
    const elsewhere = await server.api.createBin();
    const first = await listen();
    expect(await subscribe(first, { binId: bin.id })).toEqual({ ok: true, missed: [] });
    const seen = await captureAll(bin.id, 3);
    for (const id of seen) await first.waitForRequest(id);
    const lastSeen = first.of("request:new").at(-1)!.payload.id!;
    expect(lastSeen).toBe(seen.at(-1));

    first.socket.disconnect();
    const missedIds: string[] = [];
    for (let i = 0; i < 7; i++) {
      missedIds.push(await capture(bin.id, `/away/${i}`));
      await capture(elsewhere.id, `/noise/${i}`);
    }

    const second = await listen();
    const ack = await subscribe(second, { binId: bin.id, after: lastSeen });
    expect(ack.ok).toBe(true);
    const missed = ack.ok ? ack.missed : [];
    expect(missed.map((r) => r.id)).toEqual(missedIds);
    expect(missed.map((r) => r.path)).toEqual(missedIds.map((_, i) => `/away/${i}`));
    for (const summary of missed) RequestSummary.strict().parse(summary);
    const listed = (await server.api.listRequests(bin.id, { limit: 100 })).requests;
    expect(missed).toEqual(listed.filter((r) => missedIds.includes(r.id)).reverse());

    const next = await capture(bin.id, "/back");
    await second.waitForRequest(next);
    expect(second.of("request:new").map((e) => e.payload.id)).toEqual([next]);
    expect(first.events.map((e) => e.payload.id)).toEqual(seen);
  });

  test("a subscription racing with captures misses none of them: missed and live events together hold each once", async () => {
    const bin = await server.api.createBin();
    const anchor = await capture(bin.id, "/anchor");
    const client = await listen();
    const captures = Promise.all(Array.from({ length: 40 }, (_, i) => capture(bin.id, `/race/${i}`)));
    const ack = await subscribe(client, { binId: bin.id, after: anchor });
    const ids = await captures;
    const marker = await capture(bin.id, "/marker");
    await client.waitForRequest(marker);

    expect(ack.ok).toBe(true);
    const missed = ack.ok ? ack.missed.map((r) => r.id) : [];
    const live = client.of("request:new").map((e) => e.payload.id!);
    expect(new Set(missed).size).toBe(missed.length);
    expect(new Set(live).size).toBe(live.length);
    expect([...missed].sort()).toEqual(missed);
    expect(new Set([...missed, ...live])).toEqual(new Set([...ids, marker]));
  });
});

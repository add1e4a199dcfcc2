import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/db.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { eventually } from "../helpers/eventually.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const RATE_LIMIT_PER_MINUTE = 6;

describe.each([
  ["Postgres LISTEN/NOTIFY", {}],
  ["Redis", { REDIS_URL }],
] as const)("two instances on one Postgres, events through %s", (_, extraEnv) => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    const env = { DATABASE_URL: database.url, RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE), ...extraEnv };
    // Both start at once on an empty database: migrations must apply exactly once.
    [a, b] = await Promise.all([startTestServer(env), startTestServer(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  test("a capture on A reaches a subscriber on B as request:new", async () => {
    const bin = await a.api.createBin();
    const socket = await b.connect();
    expect(await socket.emitWithAck("subscribe", { binId: bin.id })).toEqual({ ok: true, missed: [] });
    const arrived = new Promise((resolve) => socket.once("request:new", resolve));
    const res = await a.capture(bin.id, "/across", { method: "POST", body: "hello" });
    const { id } = (await res.json()) as { id: string };
    expect(await arrived).toMatchObject({ id, binId: bin.id, path: "/across", bodySize: 5 });
  });

  test("a bin deleted on A answers 404 to captures on B, which had it cached", async () => {
    const bin = await a.api.createBin();
    expect((await b.capture(bin.id, "/warm")).status).toBe(200);
    await a.api.deleteBin(bin.id, bin.token);
    const res = await b.capture(bin.id, "/after-delete", { method: "POST", body: "x" });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "bin_not_found" } });
  });

  test("a custom response set on A is what senders to B get", async () => {
    const bin = await a.api.createBin();
    expect((await b.capture(bin.id, "/before")).status).toBe(200);
    await a.api.updateBin(bin.id, { response: { status: 202, headers: [], body: "changed", delayMs: 0 } }, bin.token);
    const res = await eventually(async () => {
      const answer = await b.capture(bin.id, "/after");
      return answer.status === 202 ? answer : undefined;
    }, "B answers with the custom response set on A");
    expect(await res.text()).toBe("changed");
  });

  test("the per-bin rate limit counts captures on both instances together", async () => {
    const bin = await a.api.createBin();
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT_PER_MINUTE + 2; i++) {
      const res = await (i % 2 === 0 ? a : b).capture(bin.id, `/${i}`, { method: "POST", body: "x" });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, RATE_LIMIT_PER_MINUTE)).toEqual(Array(RATE_LIMIT_PER_MINUTE).fill(200));
    expect(statuses.slice(RATE_LIMIT_PER_MINUTE)).toEqual([429, 429]);
  });

  test("a bin updated on A reaches B's subscribers as bin:updated", async () => {
    const bin = await a.api.createBin();
    const socket = await b.connect();
    await socket.emitWithAck("subscribe", { binId: bin.id });
    const updated = new Promise((resolve) => socket.once("bin:updated", resolve));
    await a.api.updateBin(bin.id, { name: "renamed on A" }, bin.token);
    expect(await updated).toMatchObject({ id: bin.id, name: "renamed on A" });
  });
});

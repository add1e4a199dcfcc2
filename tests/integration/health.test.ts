import { afterAll, beforeAll, expect, test } from "vitest";
import { testDbKind } from "../helpers/db.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test("health names the database and the version", async () => {
  expect(await server.api.health()).toEqual({ ok: true, db: testDbKind(), version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
});

test("a created bin captures, lists and pushes live", async () => {
  const bin = await server.api.createBin({ name: "smoke" });
  const socket = await server.connect();
  const ack = await socket.emitWithAck("subscribe", { binId: bin.id });
  expect(ack).toEqual({ ok: true, missed: [] });
  const live = new Promise((resolve) => socket.once("request:new", resolve));
  const res = await server.capture(bin.id, "/x?y=1", { method: "POST", body: "hi" });
  expect(res.status).toBe(200);
  const { id } = (await res.json()) as { id: string };
  expect(await live).toMatchObject({ id, path: "/x", query: "y=1", bodySize: 2 });
});

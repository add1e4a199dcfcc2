import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { dbPeek, type DbPeek } from "./db-peek.ts";
import { eventually } from "../helpers/eventually.ts";

// 0.0005 h = 1.8 s: bins expire within the test, and the sweep runs every second.
const TTL_HOURS = 0.0005;

let server: TestServer;
let peek: DbPeek;
beforeAll(async () => {
  peek = await dbPeek();
  server = await startTestServer({ ...peek.env, BIN_TTL_HOURS: String(TTL_HOURS) });
});
afterAll(async () => {
  await server?.close();
  await peek?.close();
});

test("an expired bin stops capturing at once and its data is purged by the sweep", async () => {
  const bin = await server.api.createBin();
  expect(Date.parse(bin.expiresAt) - Date.parse(bin.createdAt)).toBe(TTL_HOURS * 3_600_000);
  expect((await server.capture(bin.id, "/alive", { method: "POST", body: "x" })).status).toBe(200);
  expect(await peek.requestRows(bin.id)).toBe(1);

  const expired = await eventually(async () => {
    const res = await server.capture(bin.id, "/late", { method: "POST", body: "x" });
    return res.status === 200 ? undefined : res;
  }, "capture refused after expiry");
  expect(expired.status).toBe(404);
  expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(bin.expiresAt));
  await expect(server.api.getBin(bin.id)).rejects.toMatchObject({ status: 404, code: "bin_not_found" });

  await eventually(async () => ((await peek.binRows(bin.id)) === 0 ? true : undefined), "the sweep purges the bin", 15_000);
  expect(await peek.requestRows(bin.id)).toBe(0);
});

test("a bin's own ttlHours outlives the default", async () => {
  const bin = await server.api.createBin({ ttlHours: 1 });
  expect(Date.parse(bin.expiresAt) - Date.parse(bin.createdAt)).toBe(3_600_000);
  expect((await server.capture(bin.id, "/x")).status).toBe(200);
});

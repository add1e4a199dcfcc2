import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ REPLAY_ALLOW_PRIVATE: "true", RATE_LIMIT_PER_MINUTE: "0" });
});
afterAll(() => server.close());

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test("a bin forwarding to its own capture URL stops after five hops instead of looping", async () => {
  const bin = await server.api.createBin();
  await server.api.updateBin(bin.id, { forwardUrl: bin.captureUrl }, bin.token);
  expect((await server.capture(bin.id, "/loop", { method: "POST", body: "once" })).status).toBe(200);

  const page = await waitFor(
    () => server.api.listRequests(bin.id, { limit: 50 }),
    (p) => p.requests.length >= 6,
  );
  const last = (await server.api.getRequest(bin.id, page.requests[0]!.id)).headers;
  expect(last).toContainEqual(["X-Hookbin-Forward-Hops", "5"]);

  const sixth = page.requests[0]!.id;
  await waitFor(
    () => server.api.listReplays(bin.id, page.requests[1]!.id),
    (replays) => replays.length > 0,
  );
  expect(await server.api.listReplays(bin.id, sixth)).toEqual([]);
  expect((await server.api.listRequests(bin.id, { limit: 50 })).requests).toHaveLength(6);
  expect(page.requests.map((r) => r.path)).toEqual(Array(6).fill("/loop"));
});

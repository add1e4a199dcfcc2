import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { eventually } from "../helpers/eventually.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ REPLAY_ALLOW_PRIVATE: "true", RATE_LIMIT_PER_MINUTE: "0" });
});
afterAll(() => server.close());

test("a bin forwarding to its own capture URL stops after five hops instead of looping", async () => {
  const bin = await server.api.createBin();
  await server.api.updateBin(bin.id, { forwardUrl: bin.captureUrl }, bin.token);
  expect((await server.capture(bin.id, "/loop", { method: "POST", body: "once" })).status).toBe(200);

  const page = await eventually(async () => {
    const listed = await server.api.listRequests(bin.id, { limit: 50 });
    return listed.requests.length >= 6 ? listed : undefined;
  }, "six captures");
  const last = (await server.api.getRequest(bin.id, page.requests[0]!.id)).headers;
  expect(last).toContainEqual(["X-Hookbin-Forward-Hops", "5"]);

  const sixth = page.requests[0]!.id;
  await eventually(async () => ((await server.api.listReplays(bin.id, page.requests[1]!.id)).length > 0 ? true : undefined), "the fifth capture forwarded");
  expect(await server.api.listReplays(bin.id, sixth)).toEqual([]);
  expect((await server.api.listRequests(bin.id, { limit: 50 })).requests).toHaveLength(6);
  expect(page.requests.map((r) => r.path)).toEqual(Array(6).fill("/loop"));
});

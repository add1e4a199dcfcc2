import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const DELAY_MS = 1_500;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: "1000000" });
});
afterAll(() => server?.close());

async function timed(res: Promise<Response>): Promise<{ res: Response; ms: number; text: string }> {
  const started = performance.now();
  const done = await res;
  const text = await done.text();
  return { res: done, ms: performance.now() - started, text };
}

describe("a bin's custom response (SPEC §5.3)", () => {
  test("set by PATCH is what the next capture gets, and PATCH null brings back the default answer", async () => {
    const bin = await server.api.createBin();
    const first = await server.capture(bin.id, "/a");
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, id: expect.any(String) });

    await server.api.updateBin(bin.id, { response: { status: 409, headers: [["X-Why", "duplicate"]], body: '{"duplicate":true}', delayMs: 0 } }, bin.token);
    const custom = await server.capture(bin.id, "/b", { method: "POST", body: "x" });
    expect(custom.status).toBe(409);
    expect(custom.headers.get("x-why")).toBe("duplicate");
    expect(await custom.text()).toBe('{"duplicate":true}');

    await server.api.updateBin(bin.id, { response: null }, bin.token);
    const restored = await server.capture(bin.id, "/c");
    expect(restored.status).toBe(200);
    expect(restored.headers.get("content-type")).toBe("application/json");
    expect(restored.headers.get("x-why")).toBeNull();
    const { id } = (await restored.json()) as { id: string };
    expect((await server.api.listRequests(bin.id)).requests.map((r) => r.path)).toEqual(["/c", "/b", "/a"]);
    expect((await server.api.getRequest(bin.id, id)).path).toBe("/c");
  });

  test("with a delay holds back only that bin: another bin captured at the same moment answers at once", async () => {
    const slow = await server.api.createBin({ response: { status: 200, headers: [], body: "slow", delayMs: DELAY_MS } });
    const fast = await server.api.createBin();

    const slowAnswer = timed(server.capture(slow.id, "/slow", { method: "POST", body: "s" }));
    const fastAnswer = await timed(server.capture(fast.id, "/fast", { method: "POST", body: "f" }));

    expect(fastAnswer.res.status).toBe(200);
    expect(fastAnswer.ms).toBeLessThan(DELAY_MS / 3);
    const { res, ms, text } = await slowAnswer;
    expect(res.status).toBe(200);
    expect(text).toBe("slow");
    expect(ms).toBeGreaterThanOrEqual(DELAY_MS - 10);
  });

  test("with a delay holds concurrent captures of the same bin in parallel, not one after another", async () => {
    const bin = await server.api.createBin({ response: { status: 202, headers: [], body: "", delayMs: DELAY_MS } });
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => server.capture(bin.id, `/${i}`, { method: "POST", body: String(i) })));
    const elapsed = performance.now() - started;
    expect(answers.map((r) => r.status)).toEqual(Array(5).fill(202));
    expect(elapsed).toBeGreaterThanOrEqual(DELAY_MS - 10);
    expect(elapsed).toBeLessThan(2 * DELAY_MS);
    expect((await server.api.listRequests(bin.id)).requests).toHaveLength(5);
  });

  test("changed by PATCH to a new delay applies from the next capture", async () => {
    const bin = await server.api.createBin({ response: { status: 200, headers: [], body: "", delayMs: DELAY_MS } });
    await server.api.updateBin(bin.id, { response: { status: 200, headers: [], body: "now", delayMs: 0 } }, bin.token);
    const { ms, text } = await timed(server.capture(bin.id));
    expect(text).toBe("now");
    expect(ms).toBeLessThan(DELAY_MS / 3);
  });
});

describe("a custom response changed while captures are streaming in", () => {
  test("is in effect for every capture sent after the PATCH has answered, even right after another PATCH", async () => {
    const bin = await server.api.createBin({ response: { status: 201, headers: [], body: "old", delayMs: 0 } });
    expect((await server.capture(bin.id)).status).toBe(201);
    for (let round = 0; round < 6; round++) {
      let streaming = true;
      const stream = (async () => {
        while (streaming) await Promise.all(Array.from({ length: 8 }, () => server.capture(bin.id, "/during").then((r) => r.arrayBuffer())));
      })();
      await server.api.updateBin(bin.id, { response: { status: 201, headers: [], body: `between ${round}`, delayMs: 0 } }, bin.token);
      const body = `new ${round}`;
      await server.api.updateBin(bin.id, { response: { status: 202, headers: [], body, delayMs: 0 } }, bin.token);
      const after = await server.capture(bin.id, "/after");
      streaming = false;
      await stream;
      expect({ round, status: after.status, body: await after.text() }).toEqual({ round, status: 202, body });
    }
  });
});

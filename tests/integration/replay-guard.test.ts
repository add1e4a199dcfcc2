import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ErrorBody, Replay, type CreatedBin } from "../../lib/schemas.ts";
import { startEchoServer, type EchoServer } from "../helpers/echo-server.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call, expectError } from "./rest.ts";
import { eventually } from "../helpers/eventually.ts";

let server: TestServer;
let echo: EchoServer;
beforeAll(async () => {
  [server, echo] = await Promise.all([startTestServer({ RATE_LIMIT_PER_MINUTE: "1000000" }), startEchoServer({ ipv6: true })]);
});
afterAll(async () => {
  await Promise.all([server?.close(), echo?.close()]);
});

async function capture(binId: string, path = "/hook"): Promise<string> {
  const res = await server.capture(binId, path, { method: "POST", body: '{"event":"ping"}', headers: { "Content-Type": "application/json" } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

/** `{echo}` stands for the echo server's port. */
const LOOPBACK_TARGETS = [
  "http://127.0.0.1:{echo}/",
  "http://localhost:{echo}/",
  "http://LocalHost:{echo}/hook",
  "http://[::1]:{echo}/",
  "http://127.1:{echo}/",
  "http://2130706433:{echo}/",
  "http://0x7f.0.0.1:{echo}/",
  "http://[::ffff:127.0.0.1]:{echo}/",
  "http://0.0.0.0:{echo}/",
  "http://[::]:{echo}/",
];
const PRIVATE_TARGETS = [
  "http://10.0.0.1/",
  "http://172.16.0.1/",
  "http://192.168.1.1/",
  "http://169.254.169.254/latest/meta-data/",
  "http://100.64.0.1/",
  "http://[fc00::1]/",
  "http://[fe80::1]/",
  "https://127.0.0.1/",
];
const atEcho = (target: string, port = echo.port) => target.replace("{echo}", String(port));

describe("the loopback targets below are real: from this machine each one reaches a server listening on 127.0.0.1 and ::1", () => {
  test.for(LOOPBACK_TARGETS)("%s", async (target, { skip }) => {
    const control = await startEchoServer({ ipv6: true });
    try {
      skip(target.includes("[::]") || target.includes("[::1]") ? !control.hosts.includes("::1") : false, "no IPv6 loopback on this machine");
      const res = await fetch(atEcho(target, control.port), { method: "POST", body: "reached" });
      expect(await res.text()).toBe("reached");
      expect(control.connections).toBe(1);
    } finally {
      await control.close();
    }
  });
});

describe("without REPLAY_ALLOW_PRIVATE, a replay to a non-public address", () => {
  let bin: CreatedBin;
  let requestId: string;
  beforeAll(async () => {
    bin = await server.api.createBin();
    requestId = await capture(bin.id);
  });

  test.each([...LOOPBACK_TARGETS, ...PRIVATE_TARGETS])(
    "%s is refused with 403 target_not_allowed saying how to allow it, stores no Replay, and connects nowhere",
    async (target) => {
      const res = await call(server.url, "POST", `/api/bins/${bin.id}/requests/${requestId}/replay`, { body: { url: atEcho(target) }, token: bin.token });

      expectError(res, 403, "target_not_allowed");
      expect(ErrorBody.parse(res.json).error.message).toMatch(/REPLAY_ALLOW_PRIVATE=true/);
      expect(await server.api.listReplays(bin.id, requestId)).toEqual([]);
      expect(echo.connections).toBe(0);
    },
  );

  test("is refused whatever the overrides", async () => {
    const res = await call(server.url, "POST", `/api/bins/${bin.id}/requests/${requestId}/replay`, {
      body: { url: echo.url, method: "DELETE", headers: [["Host", "example.com"]], body: "x" },
      token: bin.token,
    });
    expectError(res, 403, "target_not_allowed");
    expect(echo.connections).toBe(0);
  });
});

describe("without REPLAY_ALLOW_PRIVATE, forwarding to a non-public address", () => {
  test.each([
    ["the echo server's loopback address", () => `${echo.url}/in`],
    ["localhost", () => `http://localhost:${echo.port}/in`],
    ["IPv6 loopback", () => `http://[::1]:${echo.port}/in`],
    ["the metadata address", () => "http://169.254.169.254/latest/meta-data/"],
  ])("to %s records a forward Replay with error target_not_allowed, connects nowhere, and the capture is still answered 200", async (_, forwardUrl) => {
    const bin = await server.api.createBin({ forwardUrl: forwardUrl() });

    const requestId = await capture(bin.id, "/x?y=1");

    const [forward] = await eventually(async () => {
      const replays = await server.api.listReplays(bin.id, requestId);
      return replays.length > 0 ? replays : undefined;
    }, "the forward Replay");
    expect(Replay.strict().parse(forward)).toMatchObject({
      requestId,
      origin: "forward",
      status: null,
      headers: [],
      body: "",
      error: { code: "target_not_allowed", message: expect.stringContaining("REPLAY_ALLOW_PRIVATE=true") },
    });
    expect(forward!.url).toMatch(/\/x\?y=1$/);
    expect(echo.connections).toBe(0);
  });
});

describe("targets that are not http or https", () => {
  test.each(["ftp://127.0.0.1/", "file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "ws://127.0.0.1/"])(
    "%s is refused with 400 for a replay and for a forward URL",
    async (url) => {
      const bin = await server.api.createBin();
      const requestId = await capture(bin.id);
      expectError(await call(server.url, "POST", `/api/bins/${bin.id}/requests/${requestId}/replay`, { body: { url }, token: bin.token }), 400);
      expectError(await call(server.url, "POST", "/api/bins", { body: { forwardUrl: url } }), 400);
      expectError(await call(server.url, "PATCH", `/api/bins/${bin.id}`, { body: { forwardUrl: url }, token: bin.token }), 400);
      expect(await server.api.listReplays(bin.id, requestId)).toEqual([]);
    },
  );
});

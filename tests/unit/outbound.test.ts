import type { LookupAddress } from "node:dns";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { AppError } from "../../lib/errors.ts";
import { createOutbound, isPublicAddress, type Lookup, type OutboundRequest } from "../../lib/outbound.ts";
import { buildOutgoing, forwardTarget } from "../../lib/replay.ts";
import { closedPort, echoServersClosedAfterEach, hugeBody } from "../helpers/echo-server.ts";

const REFUSED_ADDRESSES = [
  ["IPv4 loopback", "127.0.0.1"],
  ["the top of 127/8", "127.255.255.254"],
  ["IPv6 loopback", "::1"],
  ["10/8", "10.0.0.1"],
  ["the top of 10/8", "10.255.255.255"],
  ["the bottom of 172.16/12", "172.16.0.0"],
  ["the top of 172.16/12", "172.31.255.255"],
  ["192.168/16", "192.168.1.1"],
  ["the cloud metadata address (link-local)", "169.254.169.254"],
  ["the bottom of 100.64/10 (carrier-grade NAT)", "100.64.0.0"],
  ["the top of 100.64/10", "100.127.255.255"],
  ["the unspecified IPv4 address", "0.0.0.0"],
  ["0/8", "0.1.2.3"],
  ["the broadcast address", "255.255.255.255"],
  ["IPv4 multicast", "224.0.0.1"],
  ["IPv4 reserved (240/4)", "240.0.0.1"],
  ["IPv4 documentation (TEST-NET-1)", "192.0.2.1"],
  ["IPv4 benchmarking (198.18/15)", "198.18.0.1"],
  ["IPv6 unique-local fc00::/7 (fc)", "fc00::1"],
  ["IPv6 unique-local fc00::/7 (fd)", "fd12::1"],
  ["IPv6 link-local", "fe80::1"],
  ["IPv6 multicast", "ff02::1"],
  ["the unspecified IPv6 address", "::"],
  ["IPv4-mapped loopback", "::ffff:127.0.0.1"],
  ["IPv4-mapped 10/8", "::ffff:10.0.0.1"],
  ["IPv4-mapped metadata address", "::ffff:169.254.169.254"],
  ["IPv6 documentation", "2001:db8::1"],
  ["NAT64 of loopback", "64:ff9b::7f00:1"],
  ["not an address at all", "localhost"],
  ["an empty string", ""],
] as const;

const PUBLIC_ADDRESSES = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.215.14",
  "172.15.255.255",
  "172.32.0.0",
  "100.63.255.255",
  "100.128.0.0",
  "192.167.255.255",
  "192.169.0.0",
  "::ffff:8.8.8.8",
  "2606:4700:4700::1111",
  "2a00:1450:4001:80b::200e",
];

const ipv4 = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join(".");
const inRange = (base: string, prefix: number) => {
  const start = base.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
  return fc.integer({ min: 0, max: 2 ** (32 - prefix) - 1 }).map((offset) => ipv4(start + offset));
};
const nonPublicIpv4 = fc.oneof(
  inRange("127.0.0.0", 8),
  inRange("10.0.0.0", 8),
  inRange("172.16.0.0", 12),
  inRange("192.168.0.0", 16),
  inRange("169.254.0.0", 16),
  inRange("100.64.0.0", 10),
  inRange("0.0.0.0", 8),
  inRange("224.0.0.0", 4),
  inRange("240.0.0.0", 4),
);

/** A lookup over a fixed table that counts its calls; unknown names fail like ENOTFOUND. */
function tableLookup(table: Record<string, string[]>) {
  const calls: string[] = [];
  const lookup: Lookup = async (hostname) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address): LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { lookup, calls };
}

const DNS = {
  localhost: ["127.0.0.1", "::1"],
  "localhost6.test": ["::1"],
  "metadata.test": ["169.254.169.254"],
  "intranet.test": ["10.1.2.3"],
  "half-private.test": ["93.184.215.14", "10.0.0.7"],
  "public.test": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
  "empty.test": [],
};

const refusedTargets = [
  ["http://127.0.0.1/", "127.0.0.1"],
  ["http://127.0.0.1:8080/admin", "127.0.0.1"],
  ["https://127.255.255.254/", "127.255.255.254"],
  ["http://localhost/", "127.0.0.1"],
  ["http://LOCALHOST:3000/x", "127.0.0.1"],
  ["http://localhost6.test/", "::1"],
  ["http://[::1]/", "::1"],
  ["http://[::1]:9000/", "::1"],
  ["http://10.0.0.1/", "10.0.0.1"],
  ["http://172.16.0.1/", "172.16.0.1"],
  ["http://172.31.255.255/", "172.31.255.255"],
  ["http://192.168.1.1/", "192.168.1.1"],
  ["http://169.254.169.254/latest/meta-data/", "169.254.169.254"],
  ["http://metadata.test/latest/meta-data/", "169.254.169.254"],
  ["http://100.64.0.1/", "100.64.0.1"],
  ["http://0.0.0.0/", "0.0.0.0"],
  ["http://255.255.255.255/", "255.255.255.255"],
  ["http://224.0.0.1/", "224.0.0.1"],
  ["http://2130706433/", "127.0.0.1"],
  ["http://0x7f.1/", "127.0.0.1"],
  ["http://017700000001/", "127.0.0.1"],
  ["http://127.1/", "127.0.0.1"],
  ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1"],
  ["http://[::ffff:10.0.0.1]/", "::ffff:a00:1"],
  ["http://[fc00::1]/", "fc00::1"],
  ["http://[fd12::1]/", "fd12::1"],
  ["http://[fe80::1]/", "fe80::1"],
  ["http://[ff02::1]/", "ff02::1"],
  ["http://[::]/", "::"],
  ["http://[2001:db8::1]/", "2001:db8::1"],
  ["http://intranet.test/", "10.1.2.3"],
  ["http://half-private.test/", "10.0.0.7"],
] as const;

describe("isPublicAddress", () => {
  test.each(REFUSED_ADDRESSES)("is false for %s (%s)", (_, address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  test.each(PUBLIC_ADDRESSES)("is true for the public address %s", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  test("is false for every IPv4 address in a loopback, private, link-local, CGNAT, this-network, multicast or reserved range, and for its IPv4-mapped IPv6 form", () => {
    fc.assert(
      fc.property(nonPublicIpv4, (address) => {
        expect(isPublicAddress(address)).toBe(false);
        expect(isPublicAddress(`::ffff:${address}`)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  test("judges an IPv4-mapped IPv6 address exactly as the IPv4 address it carries", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        expect(isPublicAddress(`::ffff:${ipv4(n)}`)).toBe(isPublicAddress(ipv4(n)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("resolveTarget without REPLAY_ALLOW_PRIVATE", () => {
  test.each(refusedTargets)("refuses %s (it reaches %s) with 403 target_not_allowed naming REPLAY_ALLOW_PRIVATE", async (url, address) => {
    const { lookup } = tableLookup(DNS);
    const outbound = createOutbound({ lookup, allowPrivate: false });
    const error = await outbound.resolveTarget(new URL(url)).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 403, code: "target_not_allowed", message: expect.stringContaining("REPLAY_ALLOW_PRIVATE=true") });
    expect((error as AppError).details).toMatchObject({ address });
  });

  test("refuses a host name when any one of its addresses is private, even if the first is public", async () => {
    const { lookup, calls } = tableLookup(DNS);
    const outbound = createOutbound({ lookup, allowPrivate: false });
    await expect(outbound.resolveTarget(new URL("https://half-private.test/hook"))).rejects.toMatchObject({
      status: 403,
      code: "target_not_allowed",
      details: { host: "half-private.test", address: "10.0.0.7" },
    });
    expect(calls).toEqual(["half-private.test"]);
  });

  test("lets a host whose addresses are all public through, resolving it once, to its first address", async () => {
    const { lookup, calls } = tableLookup(DNS);
    const outbound = createOutbound({ lookup, allowPrivate: false });
    expect(await outbound.resolveTarget(new URL("https://public.test/hook"))).toEqual({ address: "93.184.215.14", family: 4 });
    expect(calls).toEqual(["public.test"]);
  });

  test("takes a public IP literal as is, without any lookup", async () => {
    const { lookup, calls } = tableLookup(DNS);
    const outbound = createOutbound({ lookup, allowPrivate: false });
    expect(await outbound.resolveTarget(new URL("http://8.8.8.8:8080/"))).toEqual({ address: "8.8.8.8", family: 4 });
    expect(await outbound.resolveTarget(new URL("http://[2606:4700:4700::1111]/"))).toEqual({ address: "2606:4700:4700::1111", family: 6 });
    expect(calls).toEqual([]);
  });
});

describe("resolveTarget with REPLAY_ALLOW_PRIVATE", () => {
  test.each(refusedTargets)("lets %s through", async (url) => {
    const { lookup } = tableLookup(DNS);
    const outbound = createOutbound({ lookup, allowPrivate: true });
    const target = await outbound.resolveTarget(new URL(url));
    expect(target.family === 4 || target.family === 6).toBe(true);
  });

  test("connects a host name to its first address and an IP literal to itself", async () => {
    const { lookup } = tableLookup(DNS);
    const outbound = createOutbound({ lookup, allowPrivate: true });
    expect(await outbound.resolveTarget(new URL("http://localhost:3000/"))).toEqual({ address: "127.0.0.1", family: 4 });
    expect(await outbound.resolveTarget(new URL("http://[::1]:3000/"))).toEqual({ address: "::1", family: 6 });
    expect(await outbound.resolveTarget(new URL("http://2130706433/"))).toEqual({ address: "127.0.0.1", family: 4 });
  });
});

describe("resolveTarget of a scheme other than http and https", () => {
  test.each([
    "ftp://example.com/file",
    "file:///etc/passwd",
    "ws://127.0.0.1/",
    "gopher://127.0.0.1:6379/_FLUSHALL",
    "data:text/plain,hi",
    "javascript:alert(1)",
  ])("refuses %s with 400 invalid_target, private addresses allowed or not", async (url) => {
    for (const allowPrivate of [false, true]) {
      const outbound = createOutbound({ lookup: tableLookup(DNS).lookup, allowPrivate });
      await expect(outbound.resolveTarget(new URL(url))).rejects.toMatchObject({ status: 400, code: "invalid_target" });
      await expect(outbound.send({ url, method: "GET", headers: [], body: new Uint8Array() })).rejects.toMatchObject({ status: 400, code: "invalid_target" });
    }
  });
});

const echoServer = echoServersClosedAfterEach();

const get = (url: string, extra: Partial<OutboundRequest> = {}): OutboundRequest => ({ url, method: "GET", headers: [], body: new Uint8Array(), ...extra });

describe("send", () => {
  test("connects to the address it checked: a lookup answering differently the second time is never asked again", async () => {
    const echo = await echoServer();
    const answers = ["127.0.0.1", "127.0.0.2"];
    const calls: string[] = [];
    const lookup: Lookup = async (hostname) => {
      calls.push(hostname);
      const address = answers[Math.min(calls.length - 1, answers.length - 1)]!;
      return [{ address, family: 4 }];
    };
    const outbound = createOutbound({ lookup, allowPrivate: true });

    const result = await outbound.send(get(`http://rebind.test:${echo.port}/pinned?x=1`));

    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(calls).toEqual(["rebind.test"]);
    expect(echo.requests).toHaveLength(1);
    expect(echo.requests[0]).toMatchObject({ method: "GET", url: "/pinned?x=1" });
    expect(echo.requests[0]!.rawHeaders.filter(([n]) => n.toLowerCase() === "host")).toEqual([[expect.any(String), `rebind.test:${echo.port}`]]);
  });

  test("refuses a private target before connecting: the echo server on loopback sees no connection", async () => {
    const echo = await echoServer();
    const { lookup } = tableLookup(DNS);
    const outbound = createOutbound({ lookup, allowPrivate: false });
    for (const url of [echo.url, `http://localhost:${echo.port}/`, `http://2130706433:${echo.port}/`, `http://[::ffff:127.0.0.1]:${echo.port}/`]) {
      await expect(outbound.send(get(url))).rejects.toMatchObject({ status: 403, code: "target_not_allowed" });
    }
    expect(echo.connections).toBe(0);
  });

  test("reports a lookup failure as a dns_failed result, not a throw", async () => {
    const outbound = createOutbound({ lookup: tableLookup(DNS).lookup, allowPrivate: false });
    const result = await outbound.send(get("https://no-such-host.test/hook"));
    expect(result).toEqual({ ok: false, error: { code: "dns_failed", message: expect.stringContaining("no-such-host.test") }, durationMs: expect.any(Number) });
  });

  test("reports a host without addresses as dns_failed", async () => {
    const outbound = createOutbound({ lookup: tableLookup(DNS).lookup, allowPrivate: true });
    expect(await outbound.send(get("http://empty.test/"))).toMatchObject({ ok: false, error: { code: "dns_failed" } });
  });

  test("reports a refused connection as connection_refused", async () => {
    const outbound = createOutbound({ allowPrivate: true });
    const result = await outbound.send(get(`http://127.0.0.1:${await closedPort()}/`));
    expect(result).toMatchObject({ ok: false, error: { code: "connection_refused", message: expect.any(String) } });
  });

  test("gives up on a target that never answers after timeoutMs, as a timeout", async () => {
    const echo = await echoServer({ behaviour: { kind: "hang" } });
    const outbound = createOutbound({ allowPrivate: true, timeoutMs: 400 });
    const result = await outbound.send(get(echo.url));
    expect(result).toMatchObject({ ok: false, error: { code: "timeout", message: expect.any(String) } });
    expect(result.durationMs).toBeGreaterThanOrEqual(390);
    expect(result.durationMs).toBeLessThan(5_000);
    expect(echo.requests).toHaveLength(1);
  });

  test("gives up on a target whose body stalls half-way after timeoutMs from the start, as a timeout", async () => {
    const echo = await echoServer({ behaviour: { kind: "stall", announced: 1000, sent: 10 } });
    const outbound = createOutbound({ allowPrivate: true, timeoutMs: 400 });
    const result = await outbound.send(get(echo.url));
    expect(result).toMatchObject({ ok: false, error: { code: "timeout" } });
    expect(result.durationMs).toBeGreaterThanOrEqual(390);
    expect(result.durationMs).toBeLessThan(5_000);
  });

  test("does not follow a redirect: the 302 is the result and its target gets nothing", async () => {
    const elsewhere = await echoServer();
    const echo = await echoServer({ behaviour: { kind: "redirect", location: `${elsewhere.url}/moved` } });
    const outbound = createOutbound({ allowPrivate: true });
    const result = await outbound.send(get(`${echo.url}/old`));
    expect(result).toMatchObject({ ok: true, status: 302, truncated: false });
    expect(result.ok && result.headers).toContainEqual(["location", `${elsewhere.url}/moved`]);
    expect(elsewhere.connections).toBe(0);
  });

  test("keeps the response body up to maxResponseBytes and marks it truncated; a body of exactly that size is whole", async () => {
    const echo = await echoServer({ behaviour: { kind: "huge", bytes: 300_000 } });
    const outbound = createOutbound({ allowPrivate: true, maxResponseBytes: 100_000 });
    const over = await outbound.send(get(echo.url));
    expect(over).toMatchObject({ ok: true, status: 200, truncated: true });
    expect(over.ok && Buffer.from(over.body).equals(hugeBody(100_000))).toBe(true);

    echo.behaviour = { kind: "huge", bytes: 100_000 };
    const exact = await outbound.send(get(echo.url));
    expect(exact).toMatchObject({ ok: true, truncated: false });
    expect(exact.ok && Buffer.from(exact.body).equals(hugeBody(100_000))).toBe(true);
  });

  test("sends the method, body bytes and headers in order and case, recomputing Host and Content-Length and dropping connection headers", async () => {
    const echo = await echoServer({ behaviour: { kind: "answer", status: 207, headers: [["X-Answer", "a"]], body: "done" } });
    const outbound = createOutbound({ allowPrivate: true });
    const body = Uint8Array.from([0, 255, 254, 13, 10, 0x80, 65]);
    const result = await outbound.send({
      url: `${echo.url}/target?q=1`,
      method: "PATCH",
      body,
      headers: [
        ["X-First", "1"],
        ["Host", "evil.example"],
        ["content-length", "999"],
        ["Connection", "close"],
        ["Keep-Alive", "timeout=5"],
        ["Proxy-Connection", "keep-alive"],
        ["Transfer-Encoding", "chunked"],
        ["TE", "trailers"],
        ["Trailer", "X-Checksum"],
        ["Upgrade", "websocket"],
        ["Expect", "100-continue"],
        ["x-dup", "a"],
        ["Content-Type", "application/octet-stream"],
        ["X-DUP", "b"],
      ],
    });

    expect(result).toMatchObject({ ok: true, status: 207, truncated: false });
    expect(result.ok && result.headers).toContainEqual(["x-answer", "a"]);
    expect(result.ok && Buffer.from(result.body).toString()).toBe("done");
    const [received] = echo.requests;
    expect(received!.method).toBe("PATCH");
    expect(received!.url).toBe("/target?q=1");
    expect(received!.body.equals(Buffer.from(body))).toBe(true);
    const recomputed = new Set(["host", "content-length", "connection"]);
    expect(received!.rawHeaders.filter(([n]) => !recomputed.has(n.toLowerCase()))).toEqual([
      ["X-First", "1"],
      ["x-dup", "a"],
      ["Content-Type", "application/octet-stream"],
      ["X-DUP", "b"],
    ]);
    const values = (name: string) => received!.rawHeaders.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
    expect(values("host")).toEqual([`127.0.0.1:${echo.port}`]);
    expect(values("content-length")).toEqual([String(body.length)]);
  });

  test("sends no body with HEAD", async () => {
    const echo = await echoServer();
    const outbound = createOutbound({ allowPrivate: true });
    const result = await outbound.send({ url: echo.url, method: "HEAD", headers: [], body: new TextEncoder().encode("ignored") });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(echo.requests[0]!.body.length).toBe(0);
  });
});

describe("buildOutgoing", () => {
  const captured = {
    method: "POST",
    headers: [
      ["Content-Type", "application/json"],
      ["X-Signature", "sha256=abc"],
    ] as [string, string][],
    body: new TextEncoder().encode('{"a":1}'),
  };

  test("takes method, headers and body from the captured request when the input names only the url", () => {
    expect(buildOutgoing(captured, { url: "http://app.test/in" })).toEqual({ url: "http://app.test/in", ...captured });
  });

  test("applies each override: method, headers, a utf8 body", () => {
    const out = buildOutgoing(captured, { url: "http://app.test/in", method: "PUT", headers: [["X-Only", "this"]], body: "héllo" });
    expect(out).toEqual({ url: "http://app.test/in", method: "PUT", headers: [["X-Only", "this"]], body: new TextEncoder().encode("héllo") });
  });

  test("decodes a base64 body override to its bytes", () => {
    const bytes = Uint8Array.from([0, 1, 2, 253, 254, 255]);
    const out = buildOutgoing(captured, { url: "http://app.test/in", body: Buffer.from(bytes).toString("base64"), bodyEncoding: "base64" });
    expect(Buffer.from(out.body).equals(Buffer.from(bytes))).toBe(true);
  });

  test("an empty body and an empty header list are overrides too", () => {
    const out = buildOutgoing(captured, { url: "http://app.test/in", headers: [], body: "" });
    expect(out.headers).toEqual([]);
    expect(out.body).toHaveLength(0);
  });

  test("a bodyEncoding without a body keeps the captured body", () => {
    expect(buildOutgoing(captured, { url: "http://app.test/in", bodyEncoding: "base64" }).body).toEqual(captured.body);
  });
});

describe("forwardTarget", () => {
  test.each([
    ["https://app.test/hooks", "/", "", "https://app.test/hooks"],
    ["https://app.test/hooks/", "/", "", "https://app.test/hooks/"],
    ["https://app.test", "/", "", "https://app.test/"],
    ["https://app.test/hooks", "/stripe/events", "", "https://app.test/hooks/stripe/events"],
    ["https://app.test/hooks/", "/stripe", "", "https://app.test/hooks/stripe"],
    ["http://127.0.0.1:4000", "/a/b", "", "http://127.0.0.1:4000/a/b"],
    ["https://app.test/hooks", "/", "a=1&b=2", "https://app.test/hooks?a=1&b=2"],
    ["https://app.test/hooks", "/x", "q=%20raw+plus&empty", "https://app.test/hooks/x?q=%20raw+plus&empty"],
    ["https://app.test/hooks?token=abc", "/", "", "https://app.test/hooks?token=abc"],
    ["https://app.test/hooks?token=abc", "/", "a=1", "https://app.test/hooks?token=abc&a=1"],
    ["https://app.test/hooks?token=abc", "/sub", "a=1", "https://app.test/hooks/sub?token=abc&a=1"],
  ])("forwardUrl %s with path %s and query %s goes to %s", (forwardUrl, path, query, expected) => {
    expect(forwardTarget(forwardUrl, { path, query })).toBe(expected);
  });
});

describe("IPv4-compatible IPv6 addresses", () => {
  test.each([
    ["::127.0.0.1", false],
    ["::10.0.0.1", false],
    ["::169.254.169.254", false],
    ["::8.8.8.8", true],
  ] as const)("%s is judged as the IPv4 address it carries (public: %s)", (address, isPublic) => {
    expect(isPublicAddress(address)).toBe(isPublic);
  });
});

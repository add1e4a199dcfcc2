// A real HTTP server on loopback for replay and forwarding tests: it records every request
// and every TCP connection (so a test can prove that nothing connected at all), and answers
// the way the test asks: echo, a fixed answer, never, late, a huge body, or a redirect.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach } from "vitest";

export type HeaderPairs = [string, string][];

export interface EchoRequest {
  method: string;
  /** The request target exactly as it came on the request line. */
  url: string;
  /** Every header line in order, name case as sent. */
  rawHeaders: HeaderPairs;
  body: Buffer;
}

export interface Answer {
  status?: number;
  headers?: HeaderPairs;
  /** Default: the request's own body. */
  body?: Uint8Array | string;
}

export type Behaviour =
  | { kind: "echo" }
  | ({ kind: "answer" } & Answer)
  /** Reads the request and never answers; the socket stays open until close(). */
  | { kind: "hang" }
  /** Answers (by default the echo) after `delayMs`. */
  | ({ kind: "slow"; delayMs: number } & Answer)
  /** 200 with `bytes` of body, streamed in chunks: `hugeBodyByte(i)` is byte i. */
  | { kind: "huge"; bytes: number }
  /** 200 announcing `announced` body bytes, then `sent` of them, then nothing more. */
  | { kind: "stall"; announced: number; sent: number }
  | { kind: "redirect"; location: string; status?: number };

export interface EchoServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The loopback addresses it listens on: 127.0.0.1, and ::1 when asked and available. */
  hosts: string[];
  /** Every complete request received, in order of arrival. */
  readonly requests: EchoRequest[];
  /** TCP connections accepted so far (on every host). */
  readonly connections: number;
  behaviour: Behaviour;
  /** Resolves once `count` requests have arrived; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<EchoRequest[]>;
  /** Destroys every open socket and stops listening. */
  close(): Promise<void>;
}

export interface EchoOptions {
  behaviour?: Behaviour;
  /** Also listen on [::1] on the same port, when this machine has IPv6 loopback. */
  ipv6?: boolean;
}

export const hugeBodyByte = (i: number) => (i * 7 + (i >>> 10)) & 0xff;

export function hugeBody(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) out[i] = hugeBodyByte(i);
  return out;
}

function pairs(flat: string[]): HeaderPairs {
  const out: HeaderPairs = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function answer(res: ServerResponse, request: EchoRequest, { status = 200, headers, body }: Answer): void {
  const bytes = body === undefined ? request.body : typeof body === "string" ? Buffer.from(body) : Buffer.from(body);
  res.writeHead(status, (headers ?? [["Content-Type", "application/octet-stream"]]).flat());
  res.end(bytes);
}

async function streamHuge(res: ServerResponse, bytes: number): Promise<void> {
  const body = hugeBody(bytes);
  res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": String(bytes) });
  const chunk = 64 * 1024;
  for (let at = 0; at < bytes; at += chunk) {
    if (res.destroyed) return;
    if (!res.write(body.subarray(at, at + chunk))) {
      await new Promise<void>((resolve) => {
        res.once("drain", resolve);
        res.once("close", resolve);
      });
    }
  }
  res.end();
}

export async function startEchoServer(options: EchoOptions = {}): Promise<EchoServer> {
  const requests: EchoRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;
  let waiters: { count: number; resolve: () => void }[] = [];

  const echo: EchoServer = {
    url: "",
    port: 0,
    hosts: [],
    requests,
    get connections() {
      return connections;
    },
    behaviour: options.behaviour ?? { kind: "echo" },
    waitForRequests(count, timeoutMs = 10_000) {
      if (requests.length >= count) return Promise.resolve(requests.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(
            new Error(
              `echo server: ${requests.length} of ${count} requests within ${timeoutMs} ms: ${JSON.stringify(requests.map((r) => `${r.method} ${r.url}`))}`,
            ),
          );
        }, timeoutMs);
        const waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(requests.slice());
          },
        };
        waiters.push(waiter);
      });
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: EchoRequest = { method: req.method ?? "", url: req.url ?? "", rawHeaders: pairs(req.rawHeaders), body: Buffer.concat(chunks) };
      requests.push(request);
      const ready = waiters.filter((w) => requests.length >= w.count);
      waiters = waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve();

      const behaviour = echo.behaviour;
      switch (behaviour.kind) {
        case "echo":
          return answer(res, request, {});
        case "answer":
          return answer(res, request, behaviour);
        case "hang":
          return;
        case "slow": {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!res.destroyed) answer(res, request, behaviour);
          }, behaviour.delayMs);
          timers.add(timer);
          return;
        }
        case "huge":
          void streamHuge(res, behaviour.bytes);
          return;
        case "stall":
          res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": String(behaviour.announced) });
          res.write(hugeBody(behaviour.sent));
          return;
        case "redirect":
          res.writeHead(behaviour.status ?? 302, { Location: behaviour.location, "Content-Length": "0" });
          res.end();
          return;
      }
    });
  }

  function newServer(): Server {
    const server = createServer(handle);
    server.on("connection", (socket: Socket) => {
      connections++;
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    });
    return server;
  }

  const servers: Server[] = [newServer()];
  await listen(servers[0]!, 0, "127.0.0.1");
  const { port } = servers[0]!.address() as AddressInfo;
  echo.port = port;
  echo.url = `http://127.0.0.1:${port}`;
  echo.hosts.push("127.0.0.1");
  if (options.ipv6) {
    const v6 = newServer();
    try {
      await listen(v6, port, "::1");
      servers.push(v6);
      echo.hosts.push("::1");
    } catch {
      // No IPv6 loopback here: 127.0.0.1 alone.
    }
  }
  return echo;
}

/** A loopback port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await listen(server, 0, "127.0.0.1");
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A starter for echo servers that are closed after each test of the calling file. */
export function echoServersClosedAfterEach(): (options?: EchoOptions) => Promise<EchoServer> {
  const started: EchoServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((echo) => echo.close()));
  });
  return async (options) => {
    const echo = await startEchoServer(options);
    started.push(echo);
    return echo;
  };
}

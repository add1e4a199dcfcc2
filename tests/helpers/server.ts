import { spawn, type ChildProcess } from "node:child_process";
import { createTestDatabase } from "./db.ts";
import { join } from "node:path";
import { io, type Socket } from "socket.io-client";
import { createApiClient, type ApiClient } from "../../lib/api-client.ts";
import type { ClientEvents, ServerEvents } from "../../lib/schemas.ts";

const root = join(import.meta.dirname, "..", "..");

export interface TestServer {
  url: string;
  api: ApiClient;
  /** A socket.io client connected to this server (websocket only, as a browser would upgrade to). */
  connect(): Promise<Socket<ServerEvents, ClientEvents>>;
  /** Sends a request to a capture URL with node's fetch. */
  capture(binId: string, path?: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Starts the production server (dist/server.js) in its own process group on a free port with
 * a fresh database (SQLite file or Postgres database, see helpers/db.ts) unless
 * `env.DATABASE_URL` names one, and waits for its "listening" log line.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = env.DATABASE_URL ? null : await createTestDatabase();
  const child = spawn(process.execPath, [join(root, "dist", "server.js")], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: database?.url ?? "",
      LOG_LEVEL: "info",
      ...env,
    },
  });
  const url = await listeningUrl(child);
  const sockets: Socket[] = [];
  return {
    url,
    api: createApiClient(url),
    async connect() {
      const socket: Socket<ServerEvents, ClientEvents> = io(url, { transports: ["websocket"], reconnection: false, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      return socket;
    },
    capture(binId, path = "", init) {
      return fetch(`${url}/h/${binId}${path}`, init);
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await stop(child);
      await database?.drop();
    },
  };
}

const START_TIMEOUT_MS = 30_000;

/** The URL from the server's "listening" log line (logged at info: keep LOG_LEVEL at info or below). */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      process.kill(-child.pid!, "SIGKILL");
      reject(new Error(`server did not log "Hookbin is listening" within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)".*"msg":"Hookbin is listening"/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        child.stdout!.resume();
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid!, "SIGTERM");
  const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import next from "next";
import { createBins } from "./lib/bins.ts";
import { createCapture, isCaptureTarget, rejectUnparsable } from "./lib/capture.ts";
import { ConfigError, loadConfig } from "./lib/config.ts";
import { createDb } from "./lib/db/client.ts";
import { applyMigrations } from "./lib/db/migrate.ts";
import { createRequestIdFactory } from "./lib/ids.ts";
import { createLogger } from "./lib/log.ts";
import { createCluster } from "./lib/cluster.ts";
import { createForwarder } from "./lib/forward.ts";
import { createOutbound } from "./lib/outbound.ts";
import { createRateLimiter } from "./lib/rate-limit.ts";
import { createRealtime } from "./lib/realtime.ts";
import { createReplays } from "./lib/replay.ts";
import { createRequests } from "./lib/requests.ts";
import { createRetention, sweepIntervalMs } from "./lib/retention.ts";
import { setRuntime } from "./lib/runtime.ts";
import { createStore, toSummary } from "./lib/store.ts";

export interface StartOptions {
  env?: Record<string, string | undefined>;
  dev?: boolean;
  root?: string;
}

export interface RunningApp {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The folder holding package.json: the repo root for server.ts and for dist/server.js alike. */
function appRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("package.json not found above server.ts");
    dir = parent;
  }
  return dir;
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

/** Starts Hookbin: config → database + migrations → HTTP server (capture, Next, socket.io). */
export async function start(options: StartOptions = {}): Promise<RunningApp> {
  const env = options.env ?? process.env;
  const root = options.root ?? appRoot();
  const dev = options.dev ?? env.NODE_ENV !== "production";
  const config = loadConfig(env);
  const log = createLogger(config.logLevel);
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;

  const applied = await applyMigrations(config.databaseUrl, root);
  if (applied.length > 0) log.info({ applied }, "database migrations applied");
  const db = await createDb(config.databaseUrl, root);
  const now = Date.now;
  const onError = (err: unknown) => log.error({ err }, "unexpected error");

  const cluster = await createCluster({ databaseUrl: config.databaseUrl, provider: db.provider, redisUrl: config.redisUrl, onError });
  const rateLimiter = await createRateLimiter(config.rateLimitPerMinute, cluster.store);
  const bins = createBins({ prisma: db.prisma, now, defaultTtlHours: config.binTtlHours, onChanged: (id) => realtime.binChanged(id) });
  const requests = createRequests(db);

  // The request listener goes on first: socket.io wraps the listeners present when it
  // attaches and serves /socket.io/ before them.
  const server = createServer((req, res) => {
    if (isCaptureTarget(req.url ?? "")) void capture(req, res).catch(onError);
    else void handleNext(req, res);
  });
  server.on("clientError", rejectUnparsable);
  const realtime = createRealtime(server, {
    requireBin: bins.get,
    since: requests.since,
    catchUpLimit: config.maxRequestsPerBin,
    onError,
    adapter: cluster.adapter,
    onRemoteBinChange: bins.forget,
  });
  const replays = createReplays({
    prisma: db.prisma,
    outbound: createOutbound({ allowPrivate: config.replayAllowPrivate }),
    newId: createRequestIdFactory(now),
    now,
    published: realtime.replayAdded,
  });
  const forwarder = createForwarder({ findBin: bins.findForCapture, forward: replays.forward, onError });
  const store = createStore({
    prisma: db.prisma,
    maxRequestsPerBin: config.maxRequestsPerBin,
    onCommitted: (stored) => {
      realtime.requestsAdded(stored.map(toSummary));
      forwarder.enqueue(stored);
    },
    onError,
  });
  const capture = createCapture({
    maxBodyBytes: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    findBin: bins.findForCapture,
    rateLimit: rateLimiter.take,
    store: store.add,
    newRequestId: createRequestIdFactory(now),
    now,
    onError,
  });

  const nextApp = next({ dev, dir: root, hostname: config.host, port: config.port });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();
  if (dev) {
    const handleUpgrade = nextApp.getUpgradeHandler();
    server.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/socket.io/")) void handleUpgrade(req, socket, head);
    });
  }
  const retention = createRetention({ prisma: db.prisma, now, intervalMs: sweepIntervalMs(config.binTtlHours), onError });
  setRuntime({ config, provider: db.provider, version, log, bins, requests, replays, realtime });

  await listen(server, config.port, config.host);
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = `http://${shownHost}:${port}`;
  log.info({ url, publicUrl: config.publicUrl, db: db.provider, dev }, "Hookbin is listening");

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= (async () => {
        retention.stop();
        server.closeIdleConnections();
        await realtime.close(); // also stops the HTTP server from accepting
        await store.flush();
        await Promise.race([forwarder.drained(), sleep(5_000)]);
        await nextApp.close();
        await cluster.close();
        await db.close();
        setRuntime(undefined);
      })();
      return closing;
    },
  };
}

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  try {
    const app = await start();
    const stop = () => {
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  }
}

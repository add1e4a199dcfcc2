// Capture throughput and live latency, measured against a reference in the same run:
//   npm run bench
// The reference is a bare node:http server that reads the body and answers the same JSON, so
// the ratio shows what storing (group commit, SQLite FULL sync) and publishing cost.
// Only 127.0.0.1, bounded durations. Numbers are printed, never asserted.
import { spawn, type ChildProcess } from "node:child_process";
import autocannon from "autocannon";
import { startTestServer } from "../helpers/server.ts";

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 32;
const SIZES_KIB = [1, 16, 64];

const referenceSource = `
const http = require("node:http");
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    Buffer.concat(chunks);
    const body = JSON.stringify({ ok: true, id: "01M84M1FHB96VGHT7EQQQ1GQFN" });
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

async function startReference(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["-e", referenceSource], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve) => child.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim())));
  return { url: `http://127.0.0.1:${port}`, child };
}

async function load(url: string, bodyBytes: number) {
  const result = await autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { "content-type": "application/octet-stream" },
    body: Buffer.alloc(bodyBytes, 0x61),
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok: result["2xx"], other: result.non2xx + result.errors };
}

const reference = await startReference();
const hookbin = await startTestServer({ MAX_REQUESTS_PER_BIN: "100000000", RATE_LIMIT_PER_MINUTE: "0" });
try {
  console.log(`capture throughput: POST, ${CONNECTIONS} connections, ${DURATION_S} s per run, 2 shared cores\n`);
  console.log("body    | reference req/s | hookbin req/s | ratio | hookbin p50 / p99 ms | 2xx = stored");
  console.log("--------|-----------------|---------------|-------|----------------------|-------------");
  for (const kib of SIZES_KIB) {
    const bin = await hookbin.api.createBin({ name: `bench ${kib} KiB` });
    const ref = await load(reference.url, kib * 1024);
    const hb = await load(`${hookbin.url}/h/${bin.id}`, kib * 1024);
    const stored = (await hookbin.api.getBin(bin.id)).requestCount;
    console.log(
      `${`${kib} KiB`.padEnd(7)} | ${ref.rps.toFixed(0).padStart(15)} | ${hb.rps.toFixed(0).padStart(13)} | ${(hb.rps / ref.rps).toFixed(2).padStart(5)} | ${`${hb.p50} / ${hb.p99}`.padStart(20)} | ${hb.ok} / ${stored}${hb.other ? ` (${hb.other} non-2xx/errors)` : ""}`,
    );
  }

  const bin = await hookbin.api.createBin({ name: "bench live" });
  const socket = await hookbin.connect();
  await socket.emitWithAck("subscribe", { binId: bin.id });
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    const arrived = new Promise<void>((resolve) => socket.once("request:new", () => resolve()));
    await Promise.all([arrived, hookbin.capture(bin.id, "/live", { method: "POST", body: "x" })]);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.floor(q * (samples.length - 1))]!.toFixed(2);
  console.log(`\nlive latency, send → request:new at a subscriber (200 sequential): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`);
} finally {
  reference.child.kill();
  await hookbin.close();
}

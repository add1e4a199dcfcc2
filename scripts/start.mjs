// `npm start`: builds when the build is missing or older than the sources, then runs the
// production server (migrations are applied by the server itself at start-up).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildIfStale, isStale } from "./build.mjs";

if (isStale()) console.log("Building Hookbin (first start or sources changed)…");
await buildIfStale();
const server = spawn(process.execPath, [fileURLToPath(new URL("../dist/server.js", import.meta.url))], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

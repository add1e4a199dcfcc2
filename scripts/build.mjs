// Production build: Prisma clients, Next.js, and server.ts bundled to dist/server.js.
//   node scripts/build.mjs            always builds
//   node scripts/build.mjs --if-stale builds only when a source file is newer than the last build
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const stampFile = join(root, "dist", "build-stamp.json");
const sources = [
  "app",
  "components",
  "lib",
  "prisma",
  "public",
  "server.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stat.mtimeMs);
}

export function isStale() {
  if (!existsSync(stampFile) || !existsSync(join(root, ".next", "BUILD_ID"))) return true;
  const built = statSync(stampFile).mtimeMs;
  return sources.some((source) => newestMtime(join(root, source)) > built);
}

export async function build() {
  // The stamp carries the time the build started: a source edited while it ran is newer.
  const started = new Date();
  const require = createRequire(import.meta.url);
  const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  run([join(root, "scripts", "generate.mjs")]);
  run([require.resolve("next/dist/bin/next"), "build"]);
  // The server's own code is bundled; node_modules stay external imports.
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["server.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
    outfile: "dist/server.js",
  });
  writeFileSync(stampFile, JSON.stringify({ builtAt: started.toISOString() }));
  utimesSync(stampFile, started, started);
}

const lockDir = join(root, "dist", ".build-lock");
const LOCK_STALE_MS = 10 * 60_000;

/**
 * Builds unless the build is fresh. Concurrent callers (test projects starting together, two
 * terminals) take turns through a lock folder, and re-check freshness once they hold it.
 */
export async function buildIfStale() {
  mkdirSync(join(root, "dist"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
      if (Date.now() - statSync(lockDir).mtimeMs > LOCK_STALE_MS) rmSync(lockDir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (isStale()) await build();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--if-stale")) await buildIfStale();
  else await build();
}

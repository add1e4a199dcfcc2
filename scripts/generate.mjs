// Generates both Prisma clients offline (run by `npm install`). The CLI would otherwise try
// to download a schema-engine binary it does not need for generation.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
for (const provider of ["sqlite", "postgresql"]) {
  execFileSync(process.execPath, [prismaCli, "generate", "--schema", `prisma/${provider}/schema.prisma`], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.platform === "win32" ? "cmd /c exit 0" : "/bin/true", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}

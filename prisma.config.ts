// Used only by the Prisma CLI (generate, and `migrate deploy` on machines that can fetch its
// engine). The server applies migrations itself (lib/db/migrate.ts) and needs no CLI.
import { defineConfig } from "prisma/config";

const provider = process.env.DATABASE_URL?.startsWith("postgres") ? "postgresql" : "sqlite";

export default defineConfig({
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/hookbin.db" },
});

import { readFileSync, readdirSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { adapterFor, providerOf } from "./client.ts";

import type * as SchemaEngineWasm from "@prisma/schema-engine-wasm";

type SchemaEngineModule = typeof SchemaEngineWasm;
type SchemaEngine = Awaited<ReturnType<SchemaEngineModule["SchemaEngine"]["new"]>>;

let engineModule: Promise<SchemaEngineModule> | undefined;

/**
 * The package's entry imports a .wasm file, which Node 20 cannot load without a flag; so we
 * instantiate the wasm beside the glue module ourselves (works under tsx, esbuild and vitest).
 */
function loadEngineModule(): Promise<SchemaEngineModule> {
  engineModule ??= (async () => {
    const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as SchemaEngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = readFileSync(join(dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return engineModule;
}

const noFilters = { externalTables: [], externalEnums: [] };

/**
 * Runs `work` with a schema engine over the app's adapter, then frees the engine and closes
 * every connection it opened: the engine leaves them open, and on SQLite the next opener
 * would wait on its lock.
 */
async function withSchemaEngine<T>(url: string, root: string, schema: string, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const factory = adapterFor(url, root) as SqlMigrationAwareDriverAdapterFactory;
  const opened: { dispose(): Promise<void> }[] = [];
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const connection = await factory.connect();
      opened.push(connection);
      return connection;
    },
    connectToShadowDb: async () => {
      const connection = await factory.connectToShadowDb();
      opened.push(connection);
      return connection;
    },
  };
  const engine = await SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, bindMigrationAwareSqlAdapterFactory(tracking));
  try {
    return await work(engine);
  } finally {
    engine.free();
    await Promise.all(opened.map((c) => c.dispose()));
  }
}

function migrationsDir(root: string, url: string): string {
  return join(root, "prisma", providerOf(url), "migrations");
}

function schemaPath(root: string, url: string): string {
  return join(root, "prisma", providerOf(url), "schema.prisma");
}

/** Applies the committed migrations that the database lacks; returns the names applied. */
export async function applyMigrations(url: string, root: string): Promise<string[]> {
  const baseDir = migrationsDir(root, url);
  const lockPath = join(baseDir, "migration_lock.toml");
  const migrationDirectories = readdirSync(baseDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(baseDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: readFileSync(join(baseDir, name, "migration.sql"), "utf8") },
      },
    }));
  const schema = readFileSync(schemaPath(root, url), "utf8");
  return withSchemaEngine(url, root, schema, async (engine) => {
    const result = await engine.applyMigrations({
      migrationsList: {
        baseDir,
        lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
        shadowDbInitScript: "",
        migrationDirectories,
      },
      filters: noFilters,
    });
    return result.appliedMigrationNames;
  });
}

/** The SQL that takes a database at schema `from` (null: empty) to schema `to`. */
export async function diffSql(url: string, root: string, from: string | null, to: string): Promise<string> {
  const datamodel = (content: string) => ({ tag: "schemaDatamodel" as const, files: [{ path: "schema.prisma", content }] });
  return withSchemaEngine(url, root, to, async (engine) => {
    const result = await engine.diff({
      from: from === null ? { tag: "empty" } : datamodel(from),
      to: datamodel(to),
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? "";
  });
}

import { z } from "zod";

const boolean = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

const ConfigSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (Postgres)")
    .default("file:./data/hookbin.db"),
  MAX_BODY_BYTES: int(0).default(10 * 1024 * 1024),
  MAX_REQUESTS_PER_BIN: int(1).default(1000),
  BIN_TTL_HOURS: z.coerce.number().positive().default(168),
  RATE_LIMIT_PER_MINUTE: int(0).default(600),
  REPLAY_ALLOW_PRIVATE: boolean.default(false),
  TRUST_PROXY: boolean.default(false),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = {
  port: number;
  host: string;
  publicUrl: string | undefined;
  databaseUrl: string;
  maxBodyBytes: number;
  maxRequestsPerBin: number;
  binTtlHours: number;
  rateLimitPerMinute: number;
  replayAllowPrivate: boolean;
  trustProxy: boolean;
  redisUrl: string | undefined;
  logLevel: z.infer<typeof ConfigSchema>["LOG_LEVEL"];
};

export class ConfigError extends Error {}

/**
 * Reads SPEC §8 from an environment map. Empty strings count as unset. Throws a
 * ConfigError whose message names every bad variable, so start-up stops with a clear line.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(ConfigSchema.shape)
      .map((key) => [key, env[key]?.trim()])
      .filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}=${JSON.stringify(present[String(issue.path[0])])}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    publicUrl: c.PUBLIC_URL,
    databaseUrl: c.DATABASE_URL,
    maxBodyBytes: c.MAX_BODY_BYTES,
    maxRequestsPerBin: c.MAX_REQUESTS_PER_BIN,
    binTtlHours: c.BIN_TTL_HOURS,
    rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    replayAllowPrivate: c.REPLAY_ALLOW_PRIVATE,
    trustProxy: c.TRUST_PROXY,
    redisUrl: c.REDIS_URL,
    logLevel: c.LOG_LEVEL,
  };
}

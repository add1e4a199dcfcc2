import { describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../../lib/config.ts";

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

describe("loadConfig defaults", () => {
  test("an empty environment gives exactly the defaults of SPEC §8", () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: "0.0.0.0",
      publicUrl: undefined,
      databaseUrl: "file:./data/hookbin.db",
      maxBodyBytes: 10485760,
      maxRequestsPerBin: 1000,
      binTtlHours: 168,
      rateLimitPerMinute: 600,
      replayAllowPrivate: false,
      trustProxy: false,
      redisUrl: undefined,
      logLevel: "info",
    });
  });

  test("empty and blank strings count as unset", () => {
    const blank = Object.fromEntries(
      [
        "PORT",
        "HOST",
        "PUBLIC_URL",
        "DATABASE_URL",
        "MAX_BODY_BYTES",
        "MAX_REQUESTS_PER_BIN",
        "BIN_TTL_HOURS",
        "RATE_LIMIT_PER_MINUTE",
        "REPLAY_ALLOW_PRIVATE",
        "TRUST_PROXY",
        "REDIS_URL",
        "LOG_LEVEL",
      ].map((name, i) => [name, i % 2 === 0 ? "" : "   "]),
    );
    expect(loadConfig(blank)).toEqual(loadConfig({}));
  });

  test("variables outside SPEC §8 are ignored", () => {
    expect(loadConfig({ NODE_ENV: "production", PATH: "/usr/bin", FOO: "not a number" })).toEqual(loadConfig({}));
  });
});

describe("loadConfig parses each variable", () => {
  test.each([
    ["PORT", "8080", "port", 8080],
    ["PORT", "0", "port", 0],
    ["PORT", "65535", "port", 65535],
    ["PORT", " 4000 ", "port", 4000],
    ["HOST", "127.0.0.1", "host", "127.0.0.1"],
    ["PUBLIC_URL", "https://hooks.example.com", "publicUrl", "https://hooks.example.com"],
    ["PUBLIC_URL", "http://localhost:3000/hookbin", "publicUrl", "http://localhost:3000/hookbin"],
    ["DATABASE_URL", "file:/var/lib/hookbin.db", "databaseUrl", "file:/var/lib/hookbin.db"],
    ["DATABASE_URL", "postgresql://u:p@db:5432/hookbin", "databaseUrl", "postgresql://u:p@db:5432/hookbin"],
    ["DATABASE_URL", "postgres://u:p@db/hookbin", "databaseUrl", "postgres://u:p@db/hookbin"],
    ["MAX_BODY_BYTES", "1024", "maxBodyBytes", 1024],
    ["MAX_BODY_BYTES", "0", "maxBodyBytes", 0],
    ["MAX_REQUESTS_PER_BIN", "50", "maxRequestsPerBin", 50],
    ["BIN_TTL_HOURS", "24", "binTtlHours", 24],
    ["BIN_TTL_HOURS", "0.5", "binTtlHours", 0.5],
    ["RATE_LIMIT_PER_MINUTE", "60", "rateLimitPerMinute", 60],
    ["REPLAY_ALLOW_PRIVATE", "true", "replayAllowPrivate", true],
    ["REPLAY_ALLOW_PRIVATE", "false", "replayAllowPrivate", false],
    ["TRUST_PROXY", "true", "trustProxy", true],
    ["TRUST_PROXY", "false", "trustProxy", false],
    ["REDIS_URL", "redis://localhost:6379", "redisUrl", "redis://localhost:6379"],
    ["REDIS_URL", "rediss://cache.example.com:6380/0", "redisUrl", "rediss://cache.example.com:6380/0"],
    ["LOG_LEVEL", "debug", "logLevel", "debug"],
    ["LOG_LEVEL", "silent", "logLevel", "silent"],
  ] as const)("%s=%j gives %s %j", (name, value, key, expected) => {
    const config = loadConfig({ [name]: value });
    expect(config[key]).toEqual(expected);
    expect({ ...config, [key]: undefined }).toEqual({ ...loadConfig({}), [key]: undefined });
  });

  test.each(["fatal", "error", "warn", "info", "debug", "trace", "silent"])("LOG_LEVEL accepts %s", (level) => {
    expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
  });

  test.each([
    ["https://hooks.example.com/", "https://hooks.example.com"],
    ["https://hooks.example.com///", "https://hooks.example.com"],
    ["http://localhost:3000/base/", "http://localhost:3000/base"],
  ])("PUBLIC_URL %s loses its trailing slash", (value, expected) => {
    expect(loadConfig({ PUBLIC_URL: value }).publicUrl).toBe(expected);
  });
});

describe("loadConfig rejects bad values with a ConfigError naming the variable", () => {
  test.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["PORT", "3000.5"],
    ["PUBLIC_URL", "not a url"],
    ["PUBLIC_URL", "ftp://files.example.com"],
    ["DATABASE_URL", "mysql://x"],
    ["DATABASE_URL", "./data/hookbin.db"],
    ["MAX_BODY_BYTES", "-1"],
    ["MAX_BODY_BYTES", "10MB"],
    ["MAX_REQUESTS_PER_BIN", "0"],
    ["BIN_TTL_HOURS", "0"],
    ["BIN_TTL_HOURS", "-3"],
    ["RATE_LIMIT_PER_MINUTE", "-5"],
    ["REPLAY_ALLOW_PRIVATE", "yes"],
    ["REPLAY_ALLOW_PRIVATE", "TRUE"],
    ["TRUST_PROXY", "on"],
    ["REDIS_URL", "http://cache:6379"],
    ["LOG_LEVEL", "verbose"],
  ])("%s=%j", (name, value) => {
    const err = configError({ [name]: value });
    expect(err.message).toContain(`${name}=`);
    expect(err.message).toContain(JSON.stringify(value));
  });

  test("every bad variable is named in one message, good ones are not", () => {
    const err = configError({ PORT: "abc", LOG_LEVEL: "loud", HOST: "localhost", TRUST_PROXY: "maybe" });
    expect(err.message).toMatch(/\bPORT=/);
    expect(err.message).toMatch(/\bLOG_LEVEL=/);
    expect(err.message).toMatch(/\bTRUST_PROXY=/);
    expect(err.message).not.toMatch(/\bHOST=/);
  });

  test("ConfigError is an Error", () => {
    expect(configError({ PORT: "abc" })).toBeInstanceOf(Error);
  });
});

import { pino, type Logger } from "pino";

export type { Logger };

/** JSON logs on stdout. Owner tokens and credentials are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ["token", "*.token", "authorization", "*.authorization", "headers.authorization", "req.headers.authorization"],
      censor: "[redacted]",
    },
  });
}

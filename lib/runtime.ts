import type { Bins } from "./bins.ts";
import type { Config } from "./config.ts";
import type { Provider } from "./db/client.ts";
import type { Logger } from "./log.ts";
import type { Realtime } from "./realtime.ts";
import type { Replays } from "./replay.ts";
import type { Requests } from "./requests.ts";

/**
 * The live objects that server.ts creates and Next's route handlers use. Next bundles route
 * handlers apart from server.ts, so a module-level singleton would be a second instance
 * there: the one shared copy lives on globalThis under a registered symbol.
 */
export interface Runtime {
  config: Config;
  provider: Provider;
  version: string;
  log: Logger;
  bins: Bins;
  requests: Requests;
  replays: Replays;
  realtime: Realtime;
}

const KEY = Symbol.for("hookbin.runtime");
type Registry = { [KEY]?: Runtime };

export function setRuntime(runtime: Runtime | undefined): void {
  (globalThis as Registry)[KEY] = runtime;
}

export function runtime(): Runtime {
  const current = (globalThis as Registry)[KEY];
  if (!current) throw new Error("Hookbin runtime is not set: start the app through server.ts (npm run dev / npm start).");
  return current;
}

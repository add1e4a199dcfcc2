import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `probe` until it returns a value (not undefined), for at most `timeoutMs`: for things
 * that happen asynchronously elsewhere (another instance, the forwarder, the expiry sweep).
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(25);
  }
}

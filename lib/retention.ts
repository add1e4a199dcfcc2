import type { PrismaDb } from "./db/client.ts";

/**
 * Deletes expired bins (their requests and replays go with them by cascade). A plain DELETE
 * of rows past their expiry is safe to run from every instance at once: concurrent sweeps
 * delete disjoint or already-deleted rows. Capture already refuses an expired bin before
 * the sweep gets to it.
 */
export function createRetention({
  prisma,
  now,
  intervalMs,
  onError,
}: {
  prisma: PrismaDb;
  now: () => number;
  intervalMs: number;
  onError: (err: unknown) => void;
}) {
  async function sweep(): Promise<number> {
    const { count } = await prisma.bin.deleteMany({ where: { expiresAt: { lte: new Date(now()) } } });
    return count;
  }
  const timer = setInterval(() => void sweep().catch(onError), intervalMs);
  timer.unref();
  void sweep().catch(onError);
  return {
    sweep,
    stop: () => clearInterval(timer),
  };
}

/** Sweep often enough for short-lived bins, at most once a minute. */
export function sweepIntervalMs(binTtlHours: number): number {
  return Math.min(60_000, Math.max(1_000, (binTtlHours * 3_600_000) / 10));
}

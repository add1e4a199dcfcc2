import type { BinRecord } from "./bins.ts";
import { MAX_FORWARD_HOPS, forwardHops, type Replays } from "./replay.ts";
import type { StoredRequest } from "./store.ts";

export interface ForwarderDeps {
  findBin: (id: string) => Promise<BinRecord | null>;
  forward: Replays["forward"];
  onError: (err: unknown) => void;
  /** How many deliveries run at once. */
  concurrency?: number;
  /** Deliveries waiting beyond this are dropped (and logged): a dead target must not grow memory without bound. */
  maxQueued?: number;
}

/**
 * Sends committed captures of bins that have a forwardUrl, in the background: capture never
 * waits for it, and a slow or failing target only fills this queue.
 */
export function createForwarder({ findBin, forward, onError, concurrency = 8, maxQueued = 10_000 }: ForwarderDeps) {
  const queue: { forwardUrl: string; request: StoredRequest }[] = [];
  let running = 0;
  let idle: (() => void)[] = [];

  function pump(): void {
    while (running < concurrency && queue.length > 0) {
      const job = queue.shift()!;
      running++;
      forward(job.forwardUrl, job.request)
        .catch(onError)
        .finally(() => {
          running--;
          pump();
        });
    }
    if (running === 0 && queue.length === 0) {
      for (const resolve of idle) resolve();
      idle = [];
    }
  }

  return {
    /** Queues the captures whose bin forwards; returns at once. */
    enqueue(requests: StoredRequest[]): void {
      void (async () => {
        for (const request of requests) {
          const bin = await findBin(request.binId);
          if (!bin?.forwardUrl || forwardHops(request.headers) >= MAX_FORWARD_HOPS) continue;
          if (queue.length >= maxQueued) {
            onError(new Error(`forwarding queue full (${maxQueued}); dropped request ${request.id} of bin ${request.binId}`));
            continue;
          }
          queue.push({ forwardUrl: bin.forwardUrl, request });
        }
        pump();
      })().catch(onError);
    },

    /** Resolves when nothing is queued or in flight (for shutdown). */
    drained(): Promise<void> {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
  };
}

import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import { isAppError } from "./errors.ts";
import {
  SubscribeInput,
  UnsubscribeInput,
  type Bin,
  type ClientEvents,
  type Replay,
  type RequestSummary,
  type ServerEvents,
  type SubscribeAck,
} from "./schemas.ts";

/** Between instances only, through the adapter. */
interface InterServerEvents {
  "bin:changed": (binId: string) => void;
  "requests:added": (summaries: RequestSummary[]) => void;
}

export interface RealtimeDeps {
  /** @throws AppError bin_not_found */
  requireBin: (binId: string) => Promise<unknown>;
  since: (binId: string, afterId: string | null, limit: number) => Promise<RequestSummary[]>;
  catchUpLimit: number;
  onError: (err: unknown) => void;
  adapter?: ServerOptions["adapter"];
  /** A bin was changed or deleted on another instance. */
  onRemoteBinChange: (binId: string) => void;
}

const room = (binId: string) => `bin:${binId}`;

export type Realtime = ReturnType<typeof createRealtime>;

/**
 * socket.io on the app's HTTP server (SPEC §6): a room per bin, subscribe with catch-up,
 * and publishers that the store and the API call after their changes are committed.
 */
export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps) {
  const io = new Server<ClientEvents, ServerEvents, InterServerEvents>(httpServer, {
    path: "/socket.io/",
    serveClient: false,
    // Next's dev server handles its own websocket upgrades on the same server.
    destroyUpgrade: false,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });

  // Captures are committed in batches: one message per batch reaches the other instances,
  // which emit to their own sockets, instead of one adapter round trip per request.
  const emitLocally = (summaries: RequestSummary[]) => {
    for (const summary of summaries) io.local.to(room(summary.binId)).emit("request:new", summary);
  };
  // One instance (no adapter): nobody to tell, and the in-memory adapter warns on every try.
  const toOtherInstances: typeof io.serverSideEmit = (...args) => (deps.adapter ? io.serverSideEmit(...args) : true);
  io.on("bin:changed", deps.onRemoteBinChange);
  io.on("requests:added", emitLocally);

  io.on("connection", (socket) => {
    socket.on("subscribe", async (payload, ack) => {
      if (typeof ack !== "function") return;
      const reply = (res: SubscribeAck) => ack(res);
      const input = SubscribeInput.safeParse(payload);
      if (!input.success) {
        return reply({ ok: false, error: { code: "invalid_input", message: "subscribe needs { binId, after? } with a valid bin id and request id." } });
      }
      const { binId, after } = input.data;
      try {
        await deps.requireBin(binId);
        // Join before reading: a request committed in between is both pushed and listed,
        // and clients merge by id, so nothing falls in the gap.
        await socket.join(room(binId));
        reply({ ok: true, missed: await deps.since(binId, after ?? null, deps.catchUpLimit) });
      } catch (err) {
        if (isAppError(err)) return reply({ ok: false, error: { code: err.code, message: err.message } });
        deps.onError(err);
        reply({ ok: false, error: { code: "internal_error", message: "Subscription failed; try again." } });
      }
    });

    socket.on("unsubscribe", (payload) => {
      const input = UnsubscribeInput.safeParse(payload);
      if (input.success) void socket.leave(room(input.data.binId));
    });
  });

  return {
    io,
    requestsAdded(summaries: RequestSummary[]): void {
      emitLocally(summaries);
      toOtherInstances("requests:added", summaries);
    },
    requestDeleted(binId: string, id: string): void {
      io.to(room(binId)).emit("request:deleted", { binId, id });
    },
    requestsCleared(binId: string): void {
      io.to(room(binId)).emit("requests:cleared", { binId });
    },
    binUpdated(bin: Bin): void {
      io.to(room(bin.id)).emit("bin:updated", bin);
    },
    /** Tells the other instances to forget their copy of a bin (no-op with one instance). */
    binChanged(binId: string): void {
      toOtherInstances("bin:changed", binId);
    },
    replayAdded(binId: string, replay: Replay): void {
      io.to(room(binId)).emit("replay:new", replay);
    },
    close(): Promise<void> {
      return new Promise((resolve) => io.close(() => resolve()));
    },
  };
}

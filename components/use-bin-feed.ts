"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { createApiClient } from "@/lib/api-client.ts";
import type { Bin, ClientEvents, Replay, RequestSummary, ServerEvents } from "@/lib/schemas.ts";
import type { ConnectionState } from "./connection-badge.tsx";

export interface FeedFilters {
  method: string;
  q: string;
}

const api = createApiClient();
const PAGE_SIZE = 100;

/** Newest first, one entry per id. Ids sort in arrival order, so string order is time order. */
function merge(current: RequestSummary[], incoming: RequestSummary[]): RequestSummary[] {
  const known = new Set(current.map((r) => r.id));
  const fresh = incoming.filter((r) => !known.has(r.id));
  if (fresh.length === 0) return current;
  return [...fresh, ...current].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/**
 * The live list of a bin's requests: the first page over REST, then socket.io events.
 * On every (re)connect it subscribes with `after` = the newest id it has seen, so requests
 * that arrived while it was away come back in the ack: nothing is lost, nothing doubled.
 */
export function useBinFeed(binId: string, filters: FeedFilters, onBinUpdated: (bin: Bin) => void, onReplay: (replay: Replay) => void) {
  const [requests, setRequests] = useState<RequestSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const newestSeen = useRef<string | undefined>(undefined);
  const filtersRef = useRef(filters);
  const onBinUpdatedRef = useRef(onBinUpdated);
  const onReplayRef = useRef(onReplay);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    onBinUpdatedRef.current = onBinUpdated;
    onReplayRef.current = onReplay;
  }, [onBinUpdated, onReplay]);

  const see = useCallback((incoming: RequestSummary[]) => {
    for (const r of incoming) if (!newestSeen.current || r.id > newestSeen.current) newestSeen.current = r.id;
  }, []);

  const loadFirstPage = useCallback(async () => {
    const { method, q } = filtersRef.current;
    try {
      const page = await api.listRequests(binId, { limit: PAGE_SIZE, method: method || undefined, q: q || undefined });
      see(page.requests);
      setRequests(page.requests);
      setNextCursor(page.nextCursor);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not load requests");
    } finally {
      setLoading(false);
    }
  }, [binId, see]);

  /** Live requests that pass the filters join the list; a text search is re-run on the server. */
  const receive = useCallback(
    (incoming: RequestSummary[]) => {
      see(incoming);
      const { method, q } = filtersRef.current;
      if (q) {
        clearTimeout(refetchTimer.current);
        refetchTimer.current = setTimeout(() => void loadFirstPage(), 300);
        return;
      }
      const shown = method ? incoming.filter((r) => r.method === method) : incoming;
      if (shown.length > 0) setRequests((current) => merge(current, shown));
    },
    [loadFirstPage, see],
  );

  useEffect(() => {
    filtersRef.current = filters;
    setLoading(true);
    void loadFirstPage();
  }, [filters, loadFirstPage]);

  useEffect(() => {
    const socket: Socket<ServerEvents, ClientEvents> = io({ path: "/socket.io/" });
    socket.on("connect", async () => {
      const ack = await socket.emitWithAck("subscribe", { binId, ...(newestSeen.current ? { after: newestSeen.current } : {}) });
      if (ack.ok) {
        setConnection("live");
        receive(ack.missed);
      } else {
        setConnection("offline");
        setError(ack.error.message);
      }
    });
    socket.on("disconnect", () => setConnection("reconnecting"));
    socket.io.on("reconnect_failed", () => setConnection("offline"));
    socket.on("request:new", (summary) => receive([summary]));
    socket.on("request:deleted", ({ id }) => setRequests((current) => current.filter((r) => r.id !== id)));
    socket.on("requests:cleared", () => {
      setRequests([]);
      setNextCursor(null);
    });
    socket.on("bin:updated", (bin) => onBinUpdatedRef.current(bin));
    socket.on("replay:new", (replay) => onReplayRef.current(replay));
    return () => {
      clearTimeout(refetchTimer.current);
      socket.disconnect();
    };
  }, [binId, receive]);

  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    const { method, q } = filtersRef.current;
    const page = await api.listRequests(binId, { limit: PAGE_SIZE, before: nextCursor, method: method || undefined, q: q || undefined });
    setRequests((current) => merge(current, page.requests));
    setNextCursor(page.nextCursor);
  }, [binId, nextCursor]);

  const removeLocally = useCallback((id: string) => setRequests((current) => current.filter((r) => r.id !== id)), []);

  return { requests, hasMore: nextCursor !== null, loadMore, loading, error, connection, removeLocally };
}

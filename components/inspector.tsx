"use client";

import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { createApiClient } from "@/lib/api-client.ts";
import type { Bin, Replay } from "@/lib/schemas.ts";
import { BinSettings } from "./bin-settings.tsx";
import { ownerToken, rememberBin } from "./bin-storage.ts";
import { ConnectionBadge } from "./connection-badge.tsx";
import { CopyButton } from "./copy-button.tsx";
import { RequestDetail } from "./request-detail.tsx";
import { RequestList } from "./request-list.tsx";
import { ThemeToggle } from "./theme-toggle.tsx";
import { useBinFeed, type FeedFilters } from "./use-bin-feed.ts";

const api = createApiClient();
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

export function Inspector({ initialBin }: { initialBin: Bin }) {
  const [bin, setBin] = useState(initialBin);
  const [token, setToken] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [method, setMethod] = useState("");
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [latestReplay, setLatestReplay] = useState<Replay | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);

  useEffect(() => {
    setToken(ownerToken(initialBin.id));
    rememberBin(initialBin);
  }, [initialBin]);

  const [q, setQ] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const filters = useMemo<FeedFilters>(() => ({ method, q }), [method, q]);
  const feed = useBinFeed(bin.id, filters, setBin, setLatestReplay);
  const { requests } = feed;

  const selectedId = requests.some((r) => r.id === chosenId) ? chosenId : (requests[0]?.id ?? null);
  const isOwner = token !== null;

  const act = useCallback(async (action: () => Promise<void>) => {
    try {
      setActionError(null);
      await action();
    } catch (err) {
      setActionError(err instanceof Error ? err.message : "That did not work");
    }
  }, []);

  const deleteRequest = useCallback(
    (id: string) =>
      act(async () => {
        const index = requests.findIndex((r) => r.id === id);
        await api.deleteRequest(bin.id, id, token);
        feed.removeLocally(id);
        setChosenId(requests[index + 1]?.id ?? requests[index - 1]?.id ?? null);
      }),
    [act, bin.id, feed, requests, token],
  );

  const clearAll = () => {
    if (window.confirm(`Delete all ${requests.length} requests of this bin?`)) void act(() => api.clearRequests(bin.id, token));
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey) return;
      const index = requests.findIndex((r) => r.id === selectedId);
      if (event.key === "j" || event.key === "ArrowDown") {
        const next = requests[Math.min(index + 1, requests.length - 1)];
        if (next) setChosenId(next.id);
      } else if (event.key === "k" || event.key === "ArrowUp") {
        const previous = requests[Math.max(index - 1, 0)];
        if (previous) setChosenId(previous.id);
      } else if (event.key === "Delete" && isOwner && selectedId) {
        void deleteRequest(selectedId);
      } else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [requests, selectedId, isOwner, deleteRequest]);

  const filtering = q !== "" || method !== "";

  return (
    <div className="flex h-screen flex-col">
      <header className="flex flex-wrap items-center gap-3 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
        <Link href="/" className="flex items-center gap-2 text-sm font-semibold">
          <img src="/favicon.svg" alt="" className="h-5 w-5" />
          Hookbin
        </Link>
        <span className="text-zinc-300 dark:text-zinc-700">/</span>
        <span className="max-w-48 truncate text-sm text-zinc-600 dark:text-zinc-400" title={bin.name || bin.id}>
          {bin.name || "Untitled bin"}
        </span>
        <div className="flex min-w-0 flex-1 items-center gap-2">
          <code
            className="min-w-0 truncate rounded-md bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-900"
            data-testid="capture-url"
            title="Capture URL: send requests here"
          >
            {bin.captureUrl}
          </code>
          <CopyButton text={bin.captureUrl} label="Copy URL" />
        </div>
        <ConnectionBadge state={feed.connection} />
        <a href={api.exportUrl(bin.id, "har")} className="text-xs text-zinc-600 hover:underline dark:text-zinc-400">
          HAR
        </a>
        <a href={api.exportUrl(bin.id, "json")} className="text-xs text-zinc-600 hover:underline dark:text-zinc-400">
          JSON
        </a>
        {bin.forwardUrl && (
          <span
            className="max-w-56 truncate rounded bg-indigo-50 px-1.5 py-0.5 text-[11px] text-indigo-700 dark:bg-indigo-950/50 dark:text-indigo-300"
            title={`Forwarding every capture to ${bin.forwardUrl}`}
          >
            → {bin.forwardUrl}
          </span>
        )}
        {bin.response && (
          <span
            className="rounded bg-zinc-100 px-1.5 py-0.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400"
            title="Senders get this bin's custom response"
          >
            answers {bin.response.status}
            {bin.response.delayMs > 0 ? ` after ${bin.response.delayMs} ms` : ""}
          </span>
        )}
        {isOwner && (
          <button
            type="button"
            onClick={() => setSettingsOpen(true)}
            className="rounded-md px-2 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            Settings
          </button>
        )}
        {isOwner && (
          <button
            type="button"
            onClick={clearAll}
            disabled={requests.length === 0}
            className="rounded-md px-2 py-1 text-xs font-medium text-rose-600 hover:bg-rose-50 disabled:opacity-40 dark:hover:bg-rose-950/40"
          >
            Clear all
          </button>
        )}
        <ThemeToggle />
      </header>
      {!isOwner && (
        <p className="border-b border-amber-200 bg-amber-50 px-4 py-1.5 text-xs text-amber-800 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-300">
          Read-only: this bin was created in another browser. Anyone with this link can read it; only its creator can replay, change settings, delete or clear.
        </p>
      )}
      {(actionError || feed.error) && (
        <p
          role="alert"
          className="border-b border-rose-200 bg-rose-50 px-4 py-1.5 text-xs text-rose-700 dark:border-rose-900 dark:bg-rose-950/40 dark:text-rose-300"
        >
          {actionError ?? feed.error}
        </p>
      )}
      {settingsOpen && (
        <BinSettings
          bin={bin}
          token={token}
          onClose={() => setSettingsOpen(false)}
          onSaved={(saved) => {
            setBin(saved);
            setSettingsOpen(false);
          }}
        />
      )}
      <main className="grid min-h-0 flex-1 grid-cols-1 md:grid-cols-[minmax(300px,380px)_1fr]">
        <section className="flex min-h-0 flex-col border-r border-zinc-200 dark:border-zinc-800" aria-label="Requests">
          <div className="flex gap-2 border-b border-zinc-200 p-2 dark:border-zinc-800">
            <input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="Search path, headers, body…"
              aria-label="Search requests"
              className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-transparent px-2 py-1 text-xs outline-none focus:border-indigo-500 dark:border-zinc-700"
            />
            <select
              value={method}
              onChange={(e) => setMethod(e.target.value)}
              aria-label="Filter by method"
              className="rounded-md border border-zinc-300 bg-transparent px-1 py-1 text-xs dark:border-zinc-700 dark:bg-zinc-950"
            >
              <option value="">All methods</option>
              {METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </div>
          <div className="flex items-center justify-between px-3 py-1 text-[11px] text-zinc-500">
            <span data-testid="request-count">
              {requests.length} {filtering ? "matching" : requests.length === 1 ? "request" : "requests"}
              {feed.hasMore ? "+" : ""}
            </span>
            <span className="hidden sm:inline">j/k to move{isOwner ? " · Del to delete" : ""}</span>
          </div>
          <div className="min-h-0 flex-1">
            {requests.length > 0 ? (
              <RequestList requests={requests} selectedId={selectedId} onSelect={setChosenId} hasMore={feed.hasMore} onLoadMore={feed.loadMore} />
            ) : (
              <p className="p-4 text-xs text-zinc-500">{feed.loading ? "Loading…" : filtering ? "No request matches." : "No requests yet."}</p>
            )}
          </div>
        </section>
        <section className="min-h-0 min-w-0 overflow-hidden" aria-label="Detail">
          {selectedId ? (
            <RequestDetail
              key={selectedId}
              binId={bin.id}
              requestId={selectedId}
              captureUrl={bin.captureUrl}
              token={token}
              latestReplay={latestReplay}
              onDelete={() => void deleteRequest(selectedId)}
            />
          ) : (
            <EmptyState captureUrl={bin.captureUrl} loading={feed.loading} />
          )}
        </section>
      </main>
    </div>
  );
}

function EmptyState({ captureUrl, loading }: { captureUrl: string; loading: boolean }) {
  const example = `curl -X POST '${captureUrl}/orders?source=cli' \\\n  -H 'Content-Type: application/json' \\\n  -d '{"event":"order.created","id":42}'`;
  if (loading) return null;
  return (
    <div className="mx-auto flex h-full max-w-xl flex-col justify-center gap-4 p-8">
      <h2 className="text-base font-semibold">Waiting for the first request…</h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Point your webhook provider at the capture URL. Any method, any sub-path and any query are captured, and appear here the moment they arrive.
      </p>
      <div className="overflow-hidden rounded-lg bg-zinc-900">
        <div className="flex items-center justify-between border-b border-zinc-800 px-4 py-1.5">
          <span className="text-[11px] text-zinc-400">Try it from a terminal</span>
          <CopyButton text={example} className="border-zinc-700 text-zinc-200 hover:bg-zinc-800" />
        </div>
        <pre className="overflow-x-auto p-4 font-mono text-xs text-zinc-100">{example}</pre>
      </div>
    </div>
  );
}

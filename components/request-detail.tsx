"use client";

import { useEffect, useMemo, useState } from "react";
import { createApiClient } from "@/lib/api-client.ts";
import { formatBytes } from "@/lib/body.ts";
import { bodyFileName, requestUrl, toCurl } from "@/lib/export.ts";
import type { CapturedRequest, Replay } from "@/lib/schemas.ts";
import { lastReplayTarget, rememberReplayTarget } from "./bin-storage.ts";
import { BodyView } from "./body/body-view.tsx";
import { CopyButton } from "./copy-button.tsx";
import { clockTime, pathWithQuery } from "./format.ts";
import { MethodBadge } from "./method-badge.tsx";
import { PairsTable } from "./pairs-table.tsx";
import { ReplayDialog, errorText } from "./replay-dialog.tsx";
import { ReplayHistory } from "./replay-history.tsx";

const api = createApiClient();
type Tab = "body" | "headers" | "query" | "replays";

const buttonClass =
  "rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800";

function queryPairs(query: string): [string, string][] {
  return query ? [...new URLSearchParams(query)] : [];
}

/** Newest first, one per id. */
function withReplay(replays: Replay[], replay: Replay): Replay[] {
  return replays.some((r) => r.id === replay.id) ? replays : [replay, ...replays].sort((a, b) => (a.id < b.id ? 1 : -1));
}

export function RequestDetail({
  binId,
  requestId,
  captureUrl,
  token,
  latestReplay,
  onDelete,
}: {
  binId: string;
  requestId: string;
  captureUrl: string;
  /** The owner token, or null when this browser may only read. */
  token: string | null;
  /** The newest replay:new event of the bin. */
  latestReplay: Replay | null;
  onDelete: () => void;
}) {
  const [request, setRequest] = useState<CapturedRequest | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [replays, setReplays] = useState<Replay[]>([]);
  const [openReplayId, setOpenReplayId] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>("body");
  const [editing, setEditing] = useState(false);
  const [replaying, setReplaying] = useState(false);
  const [replayError, setReplayError] = useState<string | null>(null);
  const [target, setTarget] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.getRequest(binId, requestId).then(
      (loaded) => current && setRequest(loaded),
      (err: unknown) => current && setLoadError(errorText(err)),
    );
    api.listReplays(binId, requestId).then(
      (loaded) => current && setReplays((live) => live.reduce(withReplay, loaded)),
      () => {},
    );
    setTarget(lastReplayTarget(binId));
    return () => {
      current = false;
    };
  }, [binId, requestId]);

  useEffect(() => {
    if (latestReplay?.requestId === requestId) setReplays((current) => withReplay(current, latestReplay));
  }, [latestReplay, requestId]);

  const query = useMemo(() => queryPairs(request?.query ?? ""), [request]);

  if (loadError) return <p className="p-6 text-sm text-rose-600">{loadError}</p>;
  if (!request) return <p className="p-6 text-sm text-zinc-500">Loading…</p>;

  const showReplay = (replay: Replay) => {
    setReplays((current) => withReplay(current, replay));
    setOpenReplayId(replay.id);
    setTab("replays");
  };

  async function replayNow(url: string) {
    setReplaying(true);
    setReplayError(null);
    try {
      showReplay(await api.replay(binId, requestId, { url }, token));
    } catch (err) {
      setReplayError(errorText(err));
    } finally {
      setReplaying(false);
    }
  }

  const url = requestUrl(captureUrl, request);
  const tabs: { id: Tab; label: string }[] = [
    { id: "body", label: "Body" },
    { id: "headers", label: `Headers (${request.headers.length})` },
    { id: "query", label: `Query (${query.length})` },
    { id: "replays", label: `Replays (${replays.length})` },
  ];
  const overview: [string, string][] = [
    ["Received", `${new Date(request.receivedAt).toLocaleDateString()} ${clockTime(request.receivedAt)}`],
    ["From", request.ip],
    ["Size", `${formatBytes(request.bodySize)}${request.truncated ? " (truncated)" : ""}`],
    ["Type", request.contentType || "—"],
    ["HTTP", request.httpVersion],
    ["ID", request.id],
  ];

  return (
    <article className="flex h-full flex-col" aria-label="Request detail" data-testid="request-detail">
      <header className="border-b border-zinc-200 p-4 dark:border-zinc-800">
        <div className="flex flex-wrap items-start gap-2">
          <MethodBadge method={request.method} />
          <h2 className="min-w-0 flex-1 font-mono text-sm break-all">{pathWithQuery(request)}</h2>
          {token !== null && (
            <>
              <button
                type="button"
                className={buttonClass}
                disabled={replaying}
                title={target ? `Send to ${target}` : "Choose a target first"}
                onClick={() => (target ? void replayNow(target) : setEditing(true))}
              >
                {replaying ? "Replaying…" : "Replay"}
              </button>
              <button type="button" className={buttonClass} onClick={() => setEditing(true)}>
                Edit &amp; replay
              </button>
            </>
          )}
          <CopyButton text={() => toCurl(request, url)} label="Copy as cURL" />
          {token !== null && (
            <button type="button" onClick={onDelete} className={`${buttonClass} text-rose-600 dark:text-rose-400`}>
              Delete
            </button>
          )}
        </div>
        {target && token !== null && (
          <p className="mt-1 text-[11px] text-zinc-500">
            Replay target: <span className="font-mono">{target}</span>
          </p>
        )}
        {replayError && (
          <p role="alert" className="mt-2 text-xs text-rose-600">
            {replayError}
          </p>
        )}
        <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-xs sm:grid-cols-3">
          {overview.map(([label, value]) => (
            <div key={label} className="flex min-w-0 gap-2">
              <dt className="shrink-0 text-zinc-500">{label}</dt>
              <dd className="truncate font-mono text-zinc-800 dark:text-zinc-200" title={value}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      </header>
      <nav className="flex gap-4 border-b border-zinc-200 px-4 dark:border-zinc-800" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            onClick={() => setTab(t.id)}
            className={`-mb-px border-b-2 py-2 text-xs font-medium ${tab === t.id ? "border-indigo-500 text-zinc-900 dark:text-zinc-100" : "border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-300"}`}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <div className="min-h-0 flex-1 overflow-y-auto" role="tabpanel">
        {tab === "body" && (
          <BodyView
            key={request.id}
            source={{ ...request, size: request.bodySize }}
            download={{ href: api.rawUrl(binId, request.id), fileName: bodyFileName(request) }}
          />
        )}
        {tab === "headers" && <PairsTable pairs={request.headers} empty="No headers." label="Headers" />}
        {tab === "query" && <PairsTable pairs={query} empty="No query string." label="Query parameters" />}
        {tab === "replays" && <ReplayHistory replays={replays} openId={openReplayId} onOpen={setOpenReplayId} />}
      </div>
      {editing && (
        <ReplayDialog
          request={request}
          defaultUrl={target ?? `http://localhost:3000${pathWithQuery(request)}`}
          token={token}
          onClose={() => setEditing(false)}
          onSent={(replay) => {
            rememberReplayTarget(binId, replay.url);
            setTarget(replay.url);
            setEditing(false);
            showReplay(replay);
          }}
        />
      )}
    </article>
  );
}

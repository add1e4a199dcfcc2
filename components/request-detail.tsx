"use client";

import { useEffect, useMemo, useState } from "react";
import { createApiClient } from "@/lib/api-client.ts";
import { formatBytes } from "@/lib/body.ts";
import { requestUrl, toCurl } from "@/lib/export.ts";
import type { CapturedRequest } from "@/lib/schemas.ts";
import { BodyView } from "./body/body-view.tsx";
import { CopyButton } from "./copy-button.tsx";
import { clockTime, pathWithQuery } from "./format.ts";
import { MethodBadge } from "./method-badge.tsx";
import { PairsTable } from "./pairs-table.tsx";

const api = createApiClient();
type Tab = "body" | "headers" | "query";

function queryPairs(query: string): [string, string][] {
  return query ? [...new URLSearchParams(query)] : [];
}

export function RequestDetail({
  binId,
  requestId,
  captureUrl,
  onDelete,
}: {
  binId: string;
  requestId: string;
  captureUrl: string;
  onDelete: (() => void) | null;
}) {
  const [loaded, setLoaded] = useState<{ id: string; request: CapturedRequest | null; error: string | null } | null>(null);
  const [tab, setTab] = useState<Tab>("body");

  useEffect(() => {
    let current = true;
    api.getRequest(binId, requestId).then(
      (request) => current && setLoaded({ id: requestId, request, error: null }),
      (err: unknown) => current && setLoaded({ id: requestId, request: null, error: err instanceof Error ? err.message : "Could not load the request" }),
    );
    return () => {
      current = false;
    };
  }, [binId, requestId]);

  const request = loaded?.id === requestId ? loaded.request : null;
  const query = useMemo(() => queryPairs(request?.query ?? ""), [request]);

  if (loaded?.id === requestId && loaded.error) return <p className="p-6 text-sm text-rose-600">{loaded.error}</p>;
  if (!request) return <p className="p-6 text-sm text-zinc-500">Loading…</p>;

  const url = requestUrl(captureUrl, request);
  const tabs: { id: Tab; label: string }[] = [
    { id: "body", label: "Body" },
    { id: "headers", label: `Headers (${request.headers.length})` },
    { id: "query", label: `Query (${query.length})` },
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
        <div className="flex items-start gap-2">
          <MethodBadge method={request.method} />
          <h2 className="min-w-0 flex-1 font-mono text-sm break-all">{pathWithQuery(request)}</h2>
          <CopyButton text={() => toCurl(request, url)} label="Copy as cURL" />
          {onDelete && (
            <button
              type="button"
              onClick={onDelete}
              className="rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium text-rose-600 hover:bg-rose-50 dark:border-zinc-700 dark:hover:bg-rose-950/40"
            >
              Delete
            </button>
          )}
        </div>
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
        {tab === "body" && <BodyView key={request.id} request={request} rawUrl={api.rawUrl(binId, request.id)} />}
        {tab === "headers" && <PairsTable pairs={request.headers} empty="No headers." label="Headers" />}
        {tab === "query" && <PairsTable pairs={query} empty="No query string." label="Query parameters" />}
      </div>
    </article>
  );
}

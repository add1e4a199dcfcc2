"use client";

import { useMemo, useState } from "react";
import { decodeBody, formatBytes } from "@/lib/body.ts";
import { bodyFileName } from "@/lib/export.ts";
import type { CapturedRequest } from "@/lib/schemas.ts";
import { bodyViews } from "./views.tsx";

export function BodyView({ request, rawUrl }: { request: CapturedRequest; rawUrl: string }) {
  const body = useMemo(() => {
    const bytes = decodeBody(request.body, request.bodyEncoding);
    return { bytes, text: request.bodyEncoding === "utf8" ? request.body : null, contentType: request.contentType };
  }, [request]);
  const available = useMemo(() => bodyViews.filter((view) => view.matches(body)), [body]);
  const [chosen, setChosen] = useState<string | null>(null);
  const active = available.find((view) => view.id === chosen) ?? available[0];

  if (body.bytes.length === 0) {
    return <p className="p-4 text-sm text-zinc-500">{request.bodySize > 0 ? "The body was not stored." : "No body."}</p>;
  }
  return (
    <div>
      <div className="flex items-center gap-1 border-b border-zinc-100 px-3 py-1.5 dark:border-zinc-800/70">
        {available.map((view) => (
          <button
            key={view.id}
            type="button"
            onClick={() => setChosen(view.id)}
            aria-pressed={view === active}
            className={`rounded px-2 py-0.5 text-xs ${view === active ? "bg-zinc-200 font-medium dark:bg-zinc-700" : "text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
          >
            {view.label}
          </button>
        ))}
        <span className="ml-auto text-[11px] text-zinc-500">
          {formatBytes(request.bodySize)}
          {request.truncated && <span className="ml-1 font-medium text-amber-600"> · truncated to {formatBytes(body.bytes.length)}</span>}
        </span>
        <a
          href={rawUrl}
          download={bodyFileName(request)}
          className="ml-2 rounded px-2 py-0.5 text-xs text-indigo-600 hover:bg-zinc-100 dark:text-indigo-400 dark:hover:bg-zinc-800"
        >
          Download
        </a>
      </div>
      {active && <active.View {...body} />}
    </div>
  );
}

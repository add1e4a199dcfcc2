"use client";

import { useMemo, useState } from "react";
import { decodeBody, formatBytes, type BodyEncoding } from "@/lib/body.ts";
import { bodyViews } from "./views.tsx";

export interface BodySource {
  body: string;
  bodyEncoding: BodyEncoding;
  contentType: string;
  /** Bytes received, when more than the stored bytes (truncated); else the stored size is shown. */
  size?: number;
  truncated: boolean;
}

export function BodyView({ source, download }: { source: BodySource; download?: { href: string; fileName: string } }) {
  const body = useMemo(() => {
    const bytes = decodeBody(source.body, source.bodyEncoding);
    return { bytes, text: source.bodyEncoding === "utf8" ? source.body : null, contentType: source.contentType };
  }, [source]);
  const available = useMemo(() => bodyViews.filter((view) => view.matches(body)), [body]);
  const [chosen, setChosen] = useState<string | null>(null);
  const active = available.find((view) => view.id === chosen) ?? available[0];

  const size = source.size ?? body.bytes.length;
  if (body.bytes.length === 0) {
    return <p className="p-4 text-sm text-zinc-500">{size > 0 ? "The body was not stored." : "No body."}</p>;
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
          {formatBytes(size)}
          {source.truncated && <span className="ml-1 font-medium text-amber-600"> · truncated to {formatBytes(body.bytes.length)}</span>}
        </span>
        {download && (
          <a
            href={download.href}
            download={download.fileName}
            className="ml-2 rounded px-2 py-0.5 text-xs text-indigo-600 hover:bg-zinc-100 dark:text-indigo-400 dark:hover:bg-zinc-800"
          >
            Download
          </a>
        )}
      </div>
      {active && <active.View {...body} />}
    </div>
  );
}

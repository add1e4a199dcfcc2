"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import { formatBytes } from "@/lib/body.ts";
import type { RequestSummary } from "@/lib/schemas.ts";
import { clockTime, pathWithQuery } from "./format.ts";
import { MethodBadge } from "./method-badge.tsx";

const ROW_HEIGHT = 52;

export function RequestList({
  requests,
  selectedId,
  onSelect,
  hasMore,
  onLoadMore,
}: {
  requests: RequestSummary[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  hasMore: boolean;
  onLoadMore: () => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: requests.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => requests[index]!.id,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasMore && lastIndex >= requests.length - 10) onLoadMore();
  }, [hasMore, lastIndex, requests.length, onLoadMore]);

  useEffect(() => {
    const index = requests.findIndex((r) => r.id === selectedId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "auto" });
  }, [selectedId, requests, virtualizer]);

  return (
    <div ref={scrollRef} className="h-full overflow-y-auto" role="listbox" aria-label="Captured requests" data-testid="request-list">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {items.map((item) => {
          const r = requests[item.index]!;
          const selected = r.id === selectedId;
          return (
            <button
              key={item.key}
              type="button"
              role="option"
              aria-selected={selected}
              data-request-id={r.id}
              onClick={() => onSelect(r.id)}
              style={{ position: "absolute", top: 0, left: 0, width: "100%", height: item.size, transform: `translateY(${item.start}px)` }}
              className={`flex flex-col justify-center gap-1 border-b border-l-2 border-zinc-100 px-3 text-left dark:border-zinc-800/70 ${
                selected ? "border-l-indigo-500 bg-indigo-50 dark:bg-indigo-950/40" : "border-l-transparent hover:bg-zinc-50 dark:hover:bg-zinc-900"
              }`}
            >
              <span className="flex min-w-0 items-center gap-2">
                <MethodBadge method={r.method} />
                <span className="truncate font-mono text-xs text-zinc-800 dark:text-zinc-200">{pathWithQuery(r)}</span>
              </span>
              <span className="flex items-center gap-3 pl-[4.5rem] text-[11px] text-zinc-500">
                <time dateTime={r.receivedAt}>{clockTime(r.receivedAt)}</time>
                <span>{formatBytes(r.bodySize)}</span>
                <span className="truncate">{r.ip}</span>
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
